import { pathToFileURL } from 'node:url';

import type { PolicyFactory } from './policy.js';

/**
 * Loads custom policy modules by name. A module's default export is its `PolicyFactory`; the
 * factory's own name must match the name it is configured under. TypeScript modules are loaded
 * through tsx, so a team can keep its policies as `.ts` files beside the configuration.
 */
export async function loadCustomPolicies(
  modules: Readonly<Record<string, string>>,
): Promise<PolicyFactory[]> {
  const factories: PolicyFactory[] = [];
  for (const [name, file] of Object.entries(modules)) {
    const loaded = await importModule(name, file);
    const factory = (loaded as { default?: unknown }).default;
    if (!isFactory(factory)) {
      throw new Error(
        `custom policy '${name}' (${file}): expected a default export with name, configSchema and create(), got ${describe(factory)}`,
      );
    }
    if (factory.name !== name) {
      throw new Error(
        `custom policy '${name}' (${file}): the module's policy is named '${factory.name}'; configure it under that name`,
      );
    }
    factories.push(factory);
  }
  return factories;
}

async function importModule(name: string, file: string): Promise<unknown> {
  try {
    if (/\.[cm]?ts$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      return (await tsImport(pathToFileURL(file).href, import.meta.url)) as unknown;
    }
    return (await import(pathToFileURL(file).href)) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n', 1)[0] : String(err);
    throw new Error(`custom policy '${name}': cannot load ${file}: ${reason}`, { cause: err });
  }
}

function isFactory(value: unknown): value is PolicyFactory {
  const candidate = value as Partial<PolicyFactory> | null | undefined;
  return (
    typeof candidate?.name === 'string' &&
    typeof candidate.configSchema === 'object' &&
    candidate.configSchema !== null &&
    typeof candidate.create === 'function'
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'no default export';
  if (value === null || typeof value !== 'object') return typeof value;
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}
