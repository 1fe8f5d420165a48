import type { Finding } from '../model.js';
import { matchChannel } from './channels.js';
import type { DiffContext } from './context.js';
import { diffMessageList } from './messages.js';
import { sameJson } from './refs.js';
import { finding } from './rules.js';
import type { OperationView } from './view.js';
import { directionOf, replyDirectionOf } from './view.js';

/**
 * The revision's operation for a base one: the same key; else the same 2.x operationId; else the
 * only new operation with the same action on the same address (a renamed 3.x id, or 2.x to 3.x).
 */
function matchOperation(ctx: DiffContext, base: OperationView): OperationView | undefined {
  const byKey = ctx.revision.operations.get(base.key);
  if (byKey) return byKey;
  const fresh = [...ctx.revision.operations.values()].filter(
    (op) => !ctx.base.operations.has(op.key),
  );
  const byId = fresh.find((op) => base.operationId && op.operationId === base.operationId);
  if (byId) return byId;
  const address = ctx.base.channels.get(base.channel)?.address;
  const same = fresh.filter(
    (op) => op.action === base.action && ctx.revision.channels.get(op.channel)?.address === address,
  );
  return same.length === 1 ? same[0] : undefined;
}

/** Compares the operations of both documents and the messages each one carries. */
export function diffOperations(ctx: DiffContext): Finding[] {
  const findings: Finding[] = [];
  const matched = new Set<string>();
  for (const base of ctx.base.operations.values()) {
    const revision = matchOperation(ctx, base);
    if (revision) matched.add(revision.key);
    findings.push(...(revision ? diffOperation(ctx, base, revision) : [removal(base)]));
  }
  for (const revision of ctx.revision.operations.values()) {
    if (matched.has(revision.key)) continue;
    const text = `Operation '${revision.id}' (${revision.verb}) was added.`;
    findings.push(finding('operation-added', `operation ${revision.id}`, text, revision.id));
  }
  return findings;
}

function removal(base: OperationView): Finding {
  const rule = base.deprecated ? 'operation-removed-without-sunset' : 'operation-removed';
  const text = `Operation '${base.id}' (${base.verb}) was removed.`;
  return finding(rule, `operation ${base.id}`, text, base.id);
}

function diffOperation(ctx: DiffContext, base: OperationView, revision: OperationView): Finding[] {
  const where = `operation ${base.id}`;
  if (base.action !== revision.action) {
    const text = `Operation '${base.id}' changed from ${base.verb} to ${revision.verb}.`;
    return [finding('operation-action-changed', where, text, base.id)];
  }
  const findings = [...diffChannelOf(ctx, base, revision)];
  if (!base.deprecated && revision.deprecated) {
    const text = `Operation '${base.id}' is now deprecated.`;
    findings.push(finding('operation-deprecated', where, text, base.id));
  }
  if (!sameJson(base.bindings, revision.bindings)) {
    const text = `The bindings of operation '${base.id}' changed.`;
    findings.push(finding('bindings-changed', `${where} bindings`, text, base.id));
  }
  const direction = directionOf(base.action);
  const place = { location: where, operation: base.id, direction };
  findings.push(...diffMessageList(ctx, base.messages, revision.messages, place));
  findings.push(...diffReply(ctx, base, revision));
  return findings;
}

/** An operation may point at another channel id as long as the address stays the same. */
function diffChannelOf(ctx: DiffContext, base: OperationView, revision: OperationView): Finding[] {
  const before = ctx.base.channels.get(base.channel);
  const after = ctx.revision.channels.get(revision.channel);
  if (!before || !after) return [];
  if (matchChannel(ctx.revision, before)?.key === after.key || before.address === after.address) {
    return [];
  }
  const moved = `from channel '${before.address}' to '${after.address}'`;
  const text = `Operation '${base.id}' moved ${moved}.`;
  return [finding('operation-channel-changed', `operation ${base.id}`, text, base.id)];
}

function diffReply(ctx: DiffContext, base: OperationView, revision: OperationView): Finding[] {
  const where = `operation ${base.id} reply`;
  if (!base.reply && !revision.reply) return [];
  if (!revision.reply) {
    const text = `Operation '${base.id}' no longer has a reply.`;
    return [finding('operation-reply-removed', where, text, base.id)];
  }
  if (!base.reply) {
    const text = `Operation '${base.id}' now has a reply.`;
    return [finding('operation-reply-added', where, text, base.id)];
  }
  const findings: Finding[] = [];
  if (base.reply.address !== revision.reply.address) {
    const moved = `from ${String(base.reply.address)} to ${String(revision.reply.address)}`;
    const text = `The reply of operation '${base.id}' moved ${moved}.`;
    findings.push(finding('operation-reply-address-changed', where, text, base.id));
  }
  const place = { location: where, operation: base.id, direction: replyDirectionOf(base.action) };
  findings.push(...diffMessageList(ctx, base.reply.messages, revision.reply.messages, place));
  return findings;
}
