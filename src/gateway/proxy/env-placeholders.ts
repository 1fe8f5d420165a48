/** Resolved text, or what the text should have been to resolve. */
export type PlaceholderResult = { ok: true; value: string } | { ok: false; expected: string };

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Replaces every `${NAME}` and `${NAME:-default}` in `text` with the environment's value. As in
 * POSIX shells, the default applies when the variable is unset or empty. A `$` that does not open
 * a placeholder stays as it is. A placeholder without a default whose variable is unset, an
 * unterminated `${` and a malformed placeholder are failures that say what was expected.
 *
 * @example
 * resolvePlaceholders('${BILLING_SYSTEM_URL:-http://127.0.0.1:4010}', {});
 * // { ok: true, value: 'http://127.0.0.1:4010' }
 */
export function resolvePlaceholders(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): PlaceholderResult {
  if (text.replace(PLACEHOLDER, '').includes('${')) {
    return { ok: false, expected: `every '\${' closed by '}'` };
  }
  let expected: string | undefined;
  const value = text.replace(PLACEHOLDER, (placeholder: string, inner: string) => {
    const resolved = resolveOne(placeholder, inner, env);
    if (resolved.ok) return resolved.value;
    expected ??= resolved.expected;
    return placeholder;
  });
  return expected === undefined ? { ok: true, value } : { ok: false, expected };
}

function resolveOne(placeholder: string, inner: string, env: NodeJS.ProcessEnv): PlaceholderResult {
  const match = INNER.exec(inner);
  const [, name, fallback] = match ?? [];
  if (name === undefined || fallback?.includes('${')) {
    return {
      ok: false,
      expected: `placeholders of the form \${NAME} or \${NAME:-default}, not '${placeholder}'`,
    };
  }
  const set = env[name];
  if (set !== undefined && set !== '') return { ok: true, value: set };
  if (fallback !== undefined) return { ok: true, value: fallback };
  return {
    ok: false,
    expected: `the environment variable ${name} to be set, or a default as in \${${name}:-value}`,
  };
}
