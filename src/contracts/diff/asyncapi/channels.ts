import type { Finding } from '../model.js';
import type { DiffContext } from './context.js';
import { sameJson } from './refs.js';
import { finding } from './rules.js';
import type { ChannelView, DocumentView } from './view.js';

/** The revision's channel for a base channel: the same id, else the same address. */
export function matchChannel(revision: DocumentView, base: ChannelView): ChannelView | undefined {
  const byKey = revision.channels.get(base.key);
  if (byKey) return byKey;
  return [...revision.channels.values()].find((channel) => channel.address === base.address);
}

/** Compares the channels of both documents: removed, added, moved and their servers. */
export function diffChannels(ctx: DiffContext): Finding[] {
  const findings: Finding[] = [];
  const matched = new Set<string>();
  for (const base of ctx.base.channels.values()) {
    const revision = matchChannel(ctx.revision, base);
    if (!revision) {
      const message = `Channel '${base.key}' at '${base.address}' was removed.`;
      findings.push(finding('channel-removed', `channel ${base.address}`, message));
      continue;
    }
    matched.add(revision.key);
    findings.push(...diffChannel(ctx, base, revision));
  }
  for (const revision of ctx.revision.channels.values()) {
    if (matched.has(revision.key)) continue;
    const message = `Channel '${revision.key}' at '${revision.address}' was added.`;
    findings.push(finding('channel-added', `channel ${revision.address}`, message));
  }
  return findings;
}

function diffChannel(ctx: DiffContext, base: ChannelView, revision: ChannelView): Finding[] {
  const where = `channel ${base.address}`;
  const findings: Finding[] = [];
  if (base.address !== revision.address) {
    const message = `Channel '${base.key}' moved from '${base.address}' to '${revision.address}'.`;
    findings.push(finding('channel-address-changed', where, message));
  }
  // A server removed from the document is reported once, as `server-removed`.
  const dropped = base.servers.filter(
    (name) => !revision.servers.includes(name) && ctx.revision.servers.has(name),
  );
  for (const server of dropped) {
    const message = `Channel '${base.key}' is no longer available on server '${server}'.`;
    findings.push(finding('channel-server-removed', where, message));
  }
  if (!sameJson(base.bindings, revision.bindings)) {
    const message = `The bindings of channel '${base.key}' changed.`;
    findings.push(finding('bindings-changed', `${where} bindings`, message));
  }
  return findings;
}
