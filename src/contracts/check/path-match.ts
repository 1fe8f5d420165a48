import { isRecord } from '../pact/index.js';

/** A request path matched to a path template, with the decoded values of its path parameters. */
export interface PathMatch {
  template: string;
  params: Record<string, string>;
}

/**
 * The path prefixes of the document's servers (`/canonical/v1` from `url: /canonical/v1` or
 * `https://api.example.com/canonical/v1`), longest first; server variables take their defaults.
 */
export function serverPrefixes(document: Record<string, unknown>): string[] {
  const servers = Array.isArray(document.servers) ? document.servers.filter(isRecord) : [];
  const prefixes = servers.map((server) => pathOfUrl(withDefaults(server)));
  return [...new Set(prefixes.filter((prefix) => prefix !== ''))].sort(
    (a, b) => b.length - a.length,
  );
}

/**
 * Matches a request path to one of `templates`, with or without a server prefix. Templates with
 * more literal segments win, so `/pets/mine` beats `/pets/{petId}`.
 */
export function matchPath(
  templates: readonly string[],
  prefixes: readonly string[],
  requestPath: string,
): PathMatch | undefined {
  const path = normalize(requestPath.split('?')[0] ?? '');
  const candidates = [...prefixes.flatMap((prefix) => stripPrefix(path, prefix)), path];
  const ranked = [...templates].sort((a, b) => literalCount(b) - literalCount(a));
  for (const candidate of candidates) {
    for (const template of ranked) {
      const params = matchTemplate(template, candidate);
      if (params) return { template, params };
    }
  }
  return undefined;
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = normalize(template)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(path);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decode(match[i + 1] ?? '')]));
}

function stripPrefix(path: string, prefix: string): string[] {
  if (path === prefix) return ['/'];
  return path.startsWith(`${prefix}/`) ? [path.slice(prefix.length)] : [];
}

function literalCount(template: string): number {
  return template.split('/').filter((segment) => segment !== '' && !segment.includes('{')).length;
}

function normalize(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}

function withDefaults(server: Record<string, unknown>): string {
  const url = typeof server.url === 'string' ? server.url : '';
  const variables = isRecord(server.variables) ? server.variables : {};
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
}

function pathOfUrl(url: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
    ? url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    : url.startsWith('//')
      ? url.replace(/^\/\/[^/]*/, '')
      : url;
  const clean = normalize(path.split('?')[0] ?? '');
  return clean === '/' ? '' : clean;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
