import type { EventEntry } from './events.js';

/** What the catalog knows of one generated API version. */
export interface CatalogEntry {
  id: string;
  name: string;
  version: string;
  kind: 'openapi' | 'asyncapi';
  layer: string;
  title: string;
  description: string;
  apiVersion: string;
  basePath: string;
  operations: number;
  schemas: string[];
  events: EventEntry[];
  mockPort?: number;
}

/** The catalog as JSON: every API, version, event and schema, sorted by id. */
export function renderCatalogJson(entries: readonly CatalogEntry[]): string {
  return (
    JSON.stringify({ apis: [...entries].sort((a, b) => a.id.localeCompare(b.id)) }, null, 2) + '\n'
  );
}

/** The catalog page served at `/docs/`: one section per API version with links to its docs. */
export function renderCatalogHtml(entries: readonly CatalogEntry[]): string {
  const sections = [...entries].sort(byLayer).map(renderEntry).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Junction API catalog</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #1d2430; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin: 0; }
section { border: 1px solid #d8dde6; border-radius: 6px; padding: 1rem 1.2rem; margin: 1rem 0; }
.meta { color: #5b6577; font-size: 0.9rem; } code { background: #f2f4f8; padding: 0 0.3rem; border-radius: 3px; }
details { margin-top: 0.5rem; } ul { margin: 0.3rem 0; }
</style>
</head>
<body>
<h1>Junction API catalog</h1>
<p class="meta">${entries.length} API versions. Every page here is generated from the specs under <code>specs/</code>.</p>
${sections}
</body>
</html>
`;
}

function renderEntry(entry: CatalogEntry): string {
  const where =
    entry.kind === 'openapi'
      ? `base path <code>${escapeHtml(entry.basePath || '/')}</code>, ${entry.operations} operations`
      : `${entry.events.length} events`;
  const mock = entry.mockPort
    ? `, mock on port ${entry.mockPort} (<code>npm run mock -- ${escapeHtml(entry.id)}</code>)`
    : '';
  return `<section id="${escapeHtml(entry.id)}">
<h2><a href="${escapeHtml(entry.id)}/">${escapeHtml(entry.title)}</a> <span class="meta">${escapeHtml(entry.id)} · ${escapeHtml(entry.layer)} · ${escapeHtml(entry.apiVersion)}</span></h2>
<p class="meta">${where}${mock} · <a href="${escapeHtml(entry.id)}/${entry.kind}.json">${entry.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} document</a></p>
<p>${inlineCode(escapeHtml(firstParagraph(entry.description)))}</p>
${entry.events.length > 0 ? renderEvents(entry.events) : ''}
${entry.schemas.length > 0 ? `<details><summary>${entry.schemas.length} schemas</summary><p>${entry.schemas.map((name) => `<code>${escapeHtml(name)}</code>`).join(' ')}</p></details>` : ''}
</section>`;
}

function renderEvents(events: readonly EventEntry[]): string {
  const rows = events.map(
    (event) =>
      `<li><code>${escapeHtml(event.address)}</code> ${escapeHtml(event.action)} <b>${escapeHtml(event.message)}</b>${event.type ? ` (<code>${escapeHtml(event.type)}</code>)` : ''}</li>`,
  );
  return `<details><summary>${events.length} events</summary><ul>${rows.join('')}</ul></details>`;
}

const LAYER_ORDER = ['canonical', 'context', 'platform', 'events', 'system', 'external'];

/** Canonical APIs first, then the business contexts, events and external systems. */
function byLayer(a: CatalogEntry, b: CatalogEntry): number {
  const rank = (entry: CatalogEntry) => LAYER_ORDER.indexOf(entry.layer) >>> 0;
  return rank(a) - rank(b) || a.id.localeCompare(b.id);
}

/** Markdown code spans in an escaped description become `<code>` elements. */
function inlineCode(html: string): string {
  return html.replace(/`([^`]+)`/g, '<code>$1</code>');
}

function firstParagraph(text: string): string {
  return (
    text
      .split(/\n\s*\n/, 1)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? ''
  );
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
