/** PascalCase of any identifier-ish text: `repos/get-content` → `ReposGetContent`. */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `Op${joined}` : joined || 'Operation';
}

/** camelCase of any identifier-ish text. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** A TypeScript string literal for `text`, single-quoted. */
export function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(text: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) ? text : literal(text);
}

/**
 * Gives each name a unique spelling: repeats get a counter (`GetUser2`), skipping any spelling
 * that another name already has, so the result never holds a name twice.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const literal = new Set(names);
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let count = 2; used.has(candidate); count++) {
      candidate = `${name}${count}`;
      if (literal.has(candidate)) candidate = name;
    }
    used.add(candidate);
    return candidate;
  });
}
