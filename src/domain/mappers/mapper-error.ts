/**
 * A record that cannot be mapped because it breaks a rule of the target context; the message
 * names the mapper, the field and the value.
 */
export class MapperError extends Error {
  override readonly name = 'MapperError';

  constructor(mapper: string, reason: string) {
    super(`${mapper}: ${reason}`);
  }
}
