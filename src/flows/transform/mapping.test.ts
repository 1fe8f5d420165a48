import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { MappingError } from './mapping-error.js';
import { compileMapping, MappingCatalog } from './mapping.js';

const dir = mkdtempSync(join(tmpdir(), 'junction-mappings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeMapping(file: string, text: string): void {
  writeFileSync(join(dir, file), text);
}

function thrown(work: () => unknown): MappingError {
  try {
    work();
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError, but nothing was thrown');
}

writeMapping('greeting.mapping.yaml', 'name: greeting\nexpression: "\'Hello, \' & name"\n');
writeMapping('broken.mapping.yaml', 'name: broken\nexpression: |\n  {\n    "a": (1 +\n  }\n');
writeMapping('misnamed.mapping.yaml', 'name: other\nexpression: "1"\n');
writeMapping('extra.mapping.yaml', 'name: extra\nexpression: "1"\nouptut: x\n');

describe('compileMapping', () => {
  it('names the mapping, the line and column, and the JSONata reason of a syntax error', () => {
    const err = thrown(() =>
      compileMapping({ name: 'totals', expression: '{\n  "a": $sum(lines.amount\n}' }),
    );
    expect([err.message, err.details]).toStrictEqual([
      `mapping 'totals' does not compile at expression line 3, column 1: Expected ")", got "}" (JSONata S0202)`,
      { mapping: 'totals', stage: 'compile', line: 3, column: 1, code: 'S0202' },
    ]);
  });
});

describe('MappingCatalog', () => {
  const catalog = new MappingCatalog(dir);

  it('compiles a mapping file on first use and serves the same compiled mapping after', () => {
    const first = catalog.get('greeting');
    expect([catalog.get('greeting') === first, first.definition]).toStrictEqual([
      true,
      {
        name: 'greeting',
        expression: "'Hello, ' & name",
        file: join(dir, 'greeting.mapping.yaml'),
      },
    ]);
  });

  it('lists the mapping files of its folder', () => {
    expect(catalog.names()).toStrictEqual(['broken', 'extra', 'greeting', 'misnamed']);
  });

  it.each([
    {
      name: 'broken',
      message: `does not compile at expression line 3, column 1: The symbol "}" cannot be used as a unary operator (JSONata S0211)`,
    },
    {
      name: 'misnamed',
      message: `could not be loaded: expected name "misnamed" to match the file name, got "other"`,
    },
    {
      name: 'extra',
      message: `could not be loaded: expected only name, description, input, output, expression, got ouptut`,
    },
  ])('refuses the $name mapping file with where and why', ({ name, message }) => {
    const file = join(dir, `${name}.mapping.yaml`);
    expect(thrown(() => catalog.get(name)).message).toBe(`mapping '${name}' (${file}) ${message}`);
  });

  it('refuses a name with neither a registration nor a file', () => {
    expect(thrown(() => new MappingCatalog().get('nowhere')).message).toBe(
      `mapping 'nowhere' could not be loaded: expected a registered mapping or a file nowhere.mapping.yaml, but there is none`,
    );
  });

  it('registers mappings in code once per name, in kebab case', () => {
    const inCode = new MappingCatalog();
    inCode.register({ name: 'in-code', expression: '1' });
    expect([
      thrown(() => inCode.register({ name: 'in-code', expression: '2' })).message,
      thrown(() => inCode.register({ name: 'InCode', expression: '2' })).message,
    ]).toStrictEqual([
      `mapping 'in-code' could not be loaded: expected a new name, but a mapping has it already`,
      `mapping 'InCode' could not be loaded: expected a kebab-case name such as canonical-invoice-to-finance-invoice`,
    ]);
  });
});
