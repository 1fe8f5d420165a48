import type { Json } from './refs.js';
import { follow, objectOf, stringOf } from './refs.js';
import type { ServerView } from './view.js';

/** Reads the `servers` of a 2.x (`url`) or 3.x (`host` + `pathname`) document by name. */
export function readServers(document: Json): Map<string, ServerView> {
  const servers = new Map<string, ServerView>();
  for (const [name, raw] of Object.entries(objectOf(document.servers))) {
    const server = objectOf(follow(document, raw).value);
    servers.set(name, {
      name,
      protocol: [server.protocol, server.protocolVersion].filter(isText).join(' '),
      host: [server.url, server.host, server.pathname].filter(isText).join(''),
      bindings: follow(document, server.bindings).value,
    });
  }
  return servers;
}

function isText(value: unknown): value is string {
  return stringOf(value) !== undefined;
}
