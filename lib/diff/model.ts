import type { EstateModel, ExchangeEndpointModel } from '../model/types';
import { flowKey } from '../model/workload';

export type ModelEntity = 'estate' | 'site' | 'network' | 'enclave' | 'workload' | 'flow' | 'acceptance' | 'shared-service' | 'exchange' | 'interconnect';

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** One declared thing added, removed, renamed or changed between two models. */
export interface ModelChange {
  readonly entity: ModelEntity;
  readonly change: 'added' | 'removed' | 'changed' | 'renamed';
  /** Path (or site id, flow key, acceptance key) in HEAD; BASE's for a removal. */
  readonly path: string;
  /** BASE path of a renamed entity (or one inside a renamed one). */
  readonly basePath?: string;
  readonly fields: readonly FieldChange[];
  readonly before?: unknown;
  readonly after?: unknown;
}

type Keyed = { readonly path?: string; readonly id?: string };
const IDENTITY = new Set(['path', 'id', 'renamedFrom', 'network', 'enclave', 'site']);

/**
 * Compares two EstateModels by identity: sites by id, networks, enclaves and workloads by
 * construct path (following declared renames: an entity whose `renamedFrom` names its previous id,
 * and everything inside it, is compared with its previous path), flows by their key, risk
 * acceptances by rule, path and reference, and shared services, exchanges and interconnects by path.
 */
export function diffModels(base: EstateModel, head: EstateModel): ModelChange[] {
  const toBase = renameMap(head);
  const changes: ModelChange[] = [];
  const compare = <T extends Keyed>(entity: ModelEntity, before: readonly T[], after: readonly T[], key: (x: T) => string, baseKey: (x: T) => string = key) => {
    const byKey = new Map(before.map((x) => [key(x), x]));
    const seen = new Set<string>();
    for (const x of after) {
      const k = baseKey(x);
      const old = byKey.get(k);
      if (!old) {
        changes.push({ entity, change: 'added', path: key(x), fields: [], after: x });
        continue;
      }
      seen.add(k);
      const fields = fieldChanges(old as Record<string, unknown>, x as Record<string, unknown>, entity);
      const renamed = k !== key(x);
      if (renamed || fields.length) {
        changes.push({ entity, change: renamed ? 'renamed' : 'changed', path: key(x), ...(renamed ? { basePath: k } : {}), fields, before: old, after: x });
      }
    }
    for (const [k, x] of byKey) if (!seen.has(k)) changes.push({ entity, change: 'removed', path: k, fields: [], before: x });
  };
  const estateFields = fieldChanges({ monitoring: base.monitoring, name: base.name }, { monitoring: head.monitoring, name: head.name }, 'estate');
  if (estateFields.length) changes.push({ entity: 'estate', change: 'changed', path: head.name, fields: estateFields });
  compare('site', base.sites as readonly Keyed[], head.sites as readonly Keyed[], (s) => s.id!);
  compare('network', base.networks, head.networks, (n) => n.path, (n) => toBase(n.path));
  compare('enclave', base.enclaves, head.enclaves, (e) => e.path, (e) => toBase(e.path));
  compare('workload', base.workloads, head.workloads, (w) => w.path, (w) => toBase(w.path));
  const flowOf = (f: (typeof head.flows)[number]) => ({ ...f, path: flowKey(f) });
  compare('flow', base.flows.map(flowOf), head.flows.map(flowOf), (f) => f.path, (f) => flowKey({ ...f, from: toBase(f.from), to: toBase(f.to) }));
  const acceptanceKey = (a: Keyed) => {
    const x = a as (typeof head.acceptances)[number];
    return `${x.rule} ${x.path} ${x.reference}`;
  };
  compare('acceptance', base.acceptances, head.acceptances, acceptanceKey);
  // What they name inside the estate is compared in BASE's terms, so a declared rename is no change.
  const end = (e: ExchangeEndpointModel): ExchangeEndpointModel => (e.kind === 'workload' ? { ...e, workload: toBase(e.workload) } : e);
  const services = (head.sharedServices ?? []).map((x) => ({ ...x, enclave: toBase(x.enclave), providers: x.providers.map(toBase), consumers: x.consumers.map(toBase) }));
  compare('shared-service', base.sharedServices ?? [], services, (x) => x.path);
  compare('exchange', base.exchanges ?? [], (head.exchanges ?? []).map((x) => ({ ...x, from: end(x.from), to: end(x.to) })), (x) => x.path);
  compare('interconnect', base.interconnects ?? [], head.interconnects ?? [], (x) => x.path);
  return changes;
}

/** Maps a HEAD path to its BASE path through the renames declared in HEAD. */
function renameMap(head: EstateModel): (path: string) => string {
  const previous = new Map<string, string>();
  for (const x of [...head.networks, ...head.enclaves, ...head.workloads] as readonly (Keyed & { renamedFrom?: string })[]) {
    if (x.renamedFrom && x.path) previous.set(x.path, x.renamedFrom);
  }
  return (path: string) => {
    const segments = path.split('/');
    const out: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const headPrefix = segments.slice(0, i + 1).join('/');
      out.push(previous.get(headPrefix) ?? segments[i]);
    }
    return out.join('/');
  };
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, entity: ModelEntity): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !IDENTITY.has(k) || (entity === 'network' && k === 'site')).sort();
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, before: before[k], after: after[k] }));
}
