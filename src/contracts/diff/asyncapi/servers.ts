import type { Finding } from '../model.js';
import type { DiffContext } from './context.js';
import { sameJson } from './refs.js';
import { finding } from './rules.js';

/** Compares the servers both documents declare, by name. */
export function diffServers(ctx: DiffContext): Finding[] {
  const findings: Finding[] = [];
  for (const [name, base] of ctx.base.servers) {
    const revision = ctx.revision.servers.get(name);
    const where = `server ${name}`;
    if (!revision) {
      findings.push(finding('server-removed', where, `Server '${name}' was removed.`));
      continue;
    }
    if (base.protocol !== revision.protocol) {
      const change = `from '${base.protocol}' to '${revision.protocol}'`;
      findings.push(
        finding('server-protocol-changed', where, `Server '${name}' changed protocol ${change}.`),
      );
    }
    if (base.host !== revision.host) {
      const change = `from '${base.host}' to '${revision.host}'`;
      findings.push(finding('server-host-changed', where, `Server '${name}' moved ${change}.`));
    }
    if (!sameJson(base.bindings, revision.bindings)) {
      findings.push(
        finding(
          'bindings-changed',
          `${where} bindings`,
          `The bindings of server '${name}' changed.`,
        ),
      );
    }
  }
  for (const name of ctx.revision.servers.keys()) {
    if (ctx.base.servers.has(name)) continue;
    findings.push(finding('server-added', `server ${name}`, `Server '${name}' was added.`));
  }
  return findings;
}
