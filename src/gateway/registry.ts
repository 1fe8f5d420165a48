import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

import { PolicyConfigError } from './policy.js';
import type { PolicyFactory } from './policy.js';

/** A policy configuration that cannot be used, named down to its API, policy and key. */
export class PolicyDeclarationError extends Error {
  constructor(
    readonly where: string,
    readonly policy: string,
    detail: string,
  ) {
    super(`${where}: policy '${policy}': ${detail}`);
    this.name = 'PolicyDeclarationError';
  }
}

/**
 * The policy kinds a process knows, built-in and custom, with their compiled configuration
 * schemas. Lookups and validation are by policy name.
 */
export class PolicyRegistry {
  private readonly factories = new Map<string, PolicyFactory>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ allErrors: false, strict: false, useDefaults: false });

  constructor(factories: readonly PolicyFactory[] = []) {
    for (const factory of factories) this.register(factory);
  }

  /** Adds a policy kind; a second kind under a taken name is refused. */
  register(factory: PolicyFactory): void {
    if (this.factories.has(factory.name)) {
      throw new Error(`two policies are named '${factory.name}'; policy names must be unique`);
    }
    this.factories.set(factory.name, factory);
    this.validators.set(factory.name, this.ajv.compile(factory.configSchema));
  }

  /** Every known policy name, in registration order. */
  names(): string[] {
    return [...this.factories.keys()];
  }

  /** The factory of a policy kind; throws naming the known kinds when there is none. */
  factory(name: string, where: string): PolicyFactory {
    const factory = this.factories.get(name);
    if (!factory) {
      throw new PolicyDeclarationError(
        where,
        name,
        `no such policy; expected one of ${this.names().join(', ')}`,
      );
    }
    return factory;
  }

  /**
   * Checks a configuration against its policy's schema. Returns the one-line reason it is not
   * valid, or undefined when it is. `where` names the API (and operation) it was declared for.
   */
  check(where: string, name: string, config: unknown): string | undefined {
    try {
      this.assertValid(where, name, config);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** Throws a `PolicyDeclarationError` unless the configuration satisfies the schema. */
  assertValid(where: string, name: string, config: unknown): void {
    this.factory(name, where);
    const validate = this.validators.get(name);
    if (validate && !validate(config)) {
      throw new PolicyDeclarationError(where, name, describe(config, validate.errors?.[0]));
    }
  }
}

/** Turns ajv's first error into `key=value is not valid: expected ...`. */
function describe(config: unknown, error: ErrorObject | undefined): string {
  if (error === undefined) return 'the configuration is not valid';
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  const path = error.instancePath.split('/').filter(Boolean);
  if (params.additionalProperty !== undefined) {
    return `${[...path, params.additionalProperty].join('.')} is not a setting of this policy`;
  }
  if (params.missingProperty !== undefined) {
    return `${[...path, params.missingProperty].join('.')} is missing: it is required`;
  }
  const value = path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    config,
  );
  return new PolicyConfigError(
    path.join('.') || '(config)',
    value,
    error.message ?? 'a valid value',
  ).message;
}
