import type { Platform } from '../model/types';
import type { TerraformConfig } from '../policy/outputs';
import { attributeVerdict, conditionForces, hasFieldEntries } from './force-new';
import type { ResourceAction, ResourceChange } from './types';

/**
 * The Terraform half of the diff: two cdktf outputs of one stack compared resource by resource,
 * each changed attribute judged by pcloud's force-new table (`force-new.ts`), or a Terraform plan
 * read as the authority.
 */

type TerraformPlatform = Extract<Platform, 'azure' | 'vsphere'>;
type Attributes = Readonly<Record<string, unknown>>;

/** A `moved` block as cdktf writes it at the top level of `cdk.tf.json` (`moveTo`, `moveToId`, `moveFromId`). */
export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

/** The `moved` blocks of a configuration; cdktf concatenates every resource's block into one top-level array. */
export function movedBlocks(config: TerraformConfig | undefined): MovedBlock[] {
  const moved = (config as { moved?: unknown } | undefined)?.moved;
  if (!Array.isArray(moved)) return [];
  return moved.filter((m): m is MovedBlock => isRecord(m) && typeof m.from === 'string' && typeof m.to === 'string').map((m) => ({ from: m.from, to: m.to }));
}

/**
 * What happens to each resource of one Terraform stack between BASE and HEAD, by address
 * (`type.name`), in address order:
 * - only in HEAD: `add`; only in BASE: `remove`;
 * - a `moved` block in HEAD pairs a BASE address with a HEAD one: `move`, or, when its attributes
 *   changed too, the action of that change with `movedFrom` set;
 * - in both: `update` when every changed attribute is updated in place, `replace` when one forces
 *   a new resource (named in `replacing`), `may-replace` when one is not in the table or replaces
 *   only under a condition pcloud cannot tell (named in `replacing`); never silently an update.
 *
 * Changes a plan would show without the JSON showing them are followed too: an attribute that
 * refers to a replaced resource's computed attribute (`${azurerm_subnet.x.id}`) is unknown until
 * apply, so it changes; and one that refers to a configured attribute that changed (a resource
 * group's `name`) changes with it. `//` metadata is ignored, `depends_on` is compared as a set,
 * and `lifecycle` changes are updates (listed, never replacing). Data sources are not compared.
 */
export function diffTerraformStack(stack: string, platform: TerraformPlatform, base?: TerraformConfig, head?: TerraformConfig): ResourceChange[] {
  const before = resourcesOf(base);
  const after = resourcesOf(head);
  const renames = renamesFrom(movedBlocks(head), before, after);

  // BASE as it reads after the renames: references to an old address point at the new one.
  const rewrite = (value: unknown) => (renames.size ? renameReferences(value, renames) : value);
  const pairs = new Map<string, Pair>();
  const removed: Resource[] = [];
  for (const [address, resource] of before) {
    const target = after.has(address) ? address : renames.get(address);
    if (target === undefined || !after.has(target) || (target !== address && before.has(target))) {
      removed.push(resource);
      continue;
    }
    if (pairs.has(target)) {
      removed.push(resource);
      continue;
    }
    const headResource = after.get(target)!;
    pairs.set(target, {
      address: target,
      type: headResource.type,
      movedFrom: target === address ? undefined : address,
      base: resource.attributes,
      baseRewritten: rewrite(resource.attributes) as Attributes,
      head: headResource.attributes,
      changes: new Map(),
    });
  }

  for (const pair of pairs.values()) directChanges(pair);
  followReferences(pairs);

  const changes: ResourceChange[] = [];
  for (const [address, resource] of after) {
    const pair = pairs.get(address);
    if (!pair) {
      changes.push({ stack, platform, id: address, type: resource.type, action: 'add', changed: [], replacing: [], source: 'synth', after: withoutMetadata(resource.attributes) });
      continue;
    }
    const verdict = actionOf(pair);
    if (!verdict) {
      if (pair.movedFrom) changes.push({ stack, platform, id: address, type: pair.type, action: 'move', changed: [], replacing: [], movedFrom: pair.movedFrom, source: 'synth' });
      continue;
    }
    changes.push({
      stack,
      platform,
      id: address,
      type: pair.type,
      action: verdict.action,
      changed: verdict.changed,
      replacing: verdict.replacing,
      ...(pair.movedFrom ? { movedFrom: pair.movedFrom } : {}),
      source: 'synth',
      before: withoutMetadata(pair.base),
      after: withoutMetadata(pair.head),
    });
  }
  for (const resource of removed) {
    changes.push({ stack, platform, id: resource.address, type: resource.type, action: 'remove', changed: [], replacing: [], source: 'synth', before: withoutMetadata(resource.attributes) });
  }
  return changes.sort(byStackThenId);
}

// ------------------------------------------------------------------------------------------------
// Resources, moves and references

interface Resource {
  readonly address: string;
  readonly type: string;
  readonly attributes: Attributes;
}

/** How sure a change is: `certain` from the JSON itself or a replaced dependency; `possible` from a dependency that may be replaced. */
type Certainty = 'certain' | 'possible';
type Verdict = 'force-new' | 'in-place' | 'unknown' | 'meta';

interface AttributeChange {
  readonly verdict: Verdict;
  readonly certainty: Certainty;
}

interface Pair {
  readonly address: string;
  readonly type: string;
  readonly movedFrom?: string;
  readonly base: Attributes;
  readonly baseRewritten: Attributes;
  readonly head: Attributes;
  /** Changed top-level attributes and what their change does. */
  readonly changes: Map<string, AttributeChange>;
}

function resourcesOf(config: TerraformConfig | undefined): Map<string, Resource> {
  const found = new Map<string, Resource>();
  for (const [type, byName] of Object.entries(config?.resource ?? {})) {
    if (!isRecord(byName)) continue;
    for (const [name, attributes] of Object.entries(byName)) {
      if (isRecord(attributes)) found.set(`${type}.${name}`, { address: `${type}.${name}`, type, attributes });
    }
  }
  return found;
}

const SIMPLE_ADDRESS = /^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z0-9_-]+$/;

/** BASE address → HEAD address for each `moved` chain that leads from a resource of BASE to one of HEAD. */
function renamesFrom(moved: readonly MovedBlock[], before: ReadonlyMap<string, Resource>, after: ReadonlyMap<string, Resource>): Map<string, string> {
  const next = new Map<string, string>();
  for (const m of moved) {
    // pcloud renders no module or indexed addresses; a type change is refused by Terraform.
    if (!SIMPLE_ADDRESS.test(m.from) || !SIMPLE_ADDRESS.test(m.to)) continue;
    if (m.from.split('.')[0] !== m.to.split('.')[0]) continue;
    next.set(m.from, m.to);
  }
  const renames = new Map<string, string>();
  for (const address of before.keys()) {
    if (after.has(address)) continue;
    let target = address;
    const seen = new Set<string>([address]);
    while (next.has(target) && !seen.has(next.get(target)!)) {
      target = next.get(target)!;
      seen.add(target);
      if (after.has(target)) break;
    }
    if (target !== address && after.has(target)) renames.set(address, target);
  }
  return renames;
}

/** `value` with every reference to a renamed address (in `${...}` and in `depends_on`) pointing at its new address. */
function renameReferences(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const [from, to] of renames) {
      out = out.replace(new RegExp(`(^|[^A-Za-z0-9_.-])${escapeRegExp(from)}(?=$|[^A-Za-z0-9_-])`, 'g'), (_m, lead: string) => `${lead}${to}`);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => renameReferences(v, renames));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameReferences(v, renames)]));
  return value;
}

interface Reference {
  /** Address of the resource referred to (`type.name`). */
  readonly address: string;
  /** Its attribute read (`id`, `name`, `versionless_id`). */
  readonly attribute: string;
  /** Where the reference sits in the referring resource: top-level attribute and, inside a block, the field. */
  readonly top: string;
  readonly field?: string;
}

// `type.name.attribute`, with optional `[index]` after the name; never `data.type.name` (data sources are re-read, not diffed).
const REFERENCE = /(^|[^A-Za-z0-9_.-])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])*\.([a-z_][a-z0-9_]*)/g;

function referencesIn(attributes: Attributes): Reference[] {
  const found: Reference[] = [];
  for (const [top, value] of Object.entries(attributes)) {
    if (top === '//' || top === 'depends_on' || top === 'lifecycle') continue;
    walkStrings(value, [], (s, path) => {
      for (const expression of s.match(/\$\{[^}]*\}/g) ?? []) {
        for (const m of expression.matchAll(REFERENCE)) {
          const field = path.find((p): p is string => typeof p === 'string');
          found.push({ address: `${m[2]}.${m[3]}`, attribute: m[4]!, top, ...(field ? { field } : {}) });
        }
      }
    });
  }
  return found;
}

function walkStrings(value: unknown, path: readonly (string | number)[], visit: (s: string, path: readonly (string | number)[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
}

// ------------------------------------------------------------------------------------------------
// Judging changes

const META = new Set(['lifecycle', 'depends_on']);

function directChanges(pair: Pair): void {
  const keys = new Set([...Object.keys(pair.baseRewritten), ...Object.keys(pair.head)]);
  keys.delete('//');
  for (const key of keys) {
    const b = pair.baseRewritten[key];
    const a = pair.head[key];
    if (key === 'depends_on') {
      if (!sameSet(b, a)) pair.changes.set(key, { verdict: 'meta', certainty: 'certain' });
      continue;
    }
    if (equal(b, a)) continue;
    pair.changes.set(key, { verdict: META.has(key) ? 'meta' : judge(pair.type, key, b, a), certainty: 'certain' });
  }
}

/** What a change of top-level attribute `attr` from `before` to `after` does. */
function judge(type: string, attr: string, before: unknown, after: unknown): Exclude<Verdict, 'meta'> {
  const verdict = attributeVerdict(type, attr);
  if (verdict === 'force-new' || verdict === 'in-place') return verdict;
  if (verdict === 'conditional') return fromCondition(conditionForces(type, attr, before, after));
  if (!hasFieldEntries(type, attr)) return 'unknown';
  const changed = changedFields(before, after);
  if (!changed) return 'unknown';
  let result: Exclude<Verdict, 'meta'> = 'in-place';
  for (const c of changed) {
    const path = `${attr}.${c.field}`;
    const v = attributeVerdict(type, path);
    const field = v === 'conditional' ? fromCondition(conditionForces(type, path, c.before, c.after)) : v;
    if (field === 'force-new') return 'force-new';
    if (field !== 'in-place') result = 'unknown';
  }
  return result;
}

/** What a change carried by a reference does to `attr` (or its block field `field`): its value is new or unknown, so conditions cannot be told. */
function judgeCarried(type: string, attr: string, field: string | undefined): Exclude<Verdict, 'meta'> {
  const verdict = attributeVerdict(type, attr);
  if (verdict === 'force-new' || verdict === 'in-place') return verdict;
  if (verdict === 'conditional' || !field || !hasFieldEntries(type, attr)) return 'unknown';
  const v = attributeVerdict(type, `${attr}.${field}`);
  return v === 'force-new' || v === 'in-place' ? v : 'unknown';
}

function fromCondition(forces: boolean | undefined): Exclude<Verdict, 'meta'> {
  return forces === true ? 'force-new' : forces === false ? 'in-place' : 'unknown';
}

/** The fields that differ between two renderings of a block (cdktf writes one block as an object, several as an array); undefined when it is not a block. */
function changedFields(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] | undefined {
  const b = asBlocks(before);
  const a = asBlocks(after);
  if (!b || !a) return undefined;
  const found = new Map<string, { field: string; before: unknown; after: unknown }>();
  for (let i = 0; i < Math.max(b.length, a.length); i++) {
    const x = b[i] ?? {};
    const y = a[i] ?? {};
    for (const field of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (!found.has(field) && !equal(x[field], y[field])) found.set(field, { field, before: x[field], after: y[field] });
    }
  }
  return [...found.values()];
}

function asBlocks(value: unknown): Record<string, unknown>[] | undefined {
  if (value === undefined || value === null) return [];
  if (isRecord(value)) return [value];
  if (Array.isArray(value) && value.every(isRecord)) return value as Record<string, unknown>[];
  return undefined;
}

/**
 * Adds the changes that references carry: until nothing more changes, an attribute referring to a
 * resource that is (or may be) replaced, or to an attribute of it that changed, changes with it.
 */
function followReferences(pairs: ReadonlyMap<string, Pair>): void {
  const references = new Map<string, Reference[]>();
  for (const pair of pairs.values()) references.set(pair.address, referencesIn(pair.head));
  for (let changed = true; changed; ) {
    changed = false;
    for (const pair of pairs.values()) {
      for (const ref of references.get(pair.address)!) {
        const target = pairs.get(ref.address);
        if (!target || target === pair) continue;
        const certainty = carried(target, ref.attribute);
        if (!certainty) continue;
        const current = pair.changes.get(ref.top);
        if (current?.certainty === 'certain' || (current && certainty === 'possible')) continue;
        const verdict = current?.verdict === 'meta' ? 'meta' : judgeCarried(pair.type, ref.top, ref.field);
        pair.changes.set(ref.top, { verdict, certainty });
        changed = true;
      }
    }
  }
}

/** Whether reading `attribute` of `target` yields a changed value: certainly, possibly, or not at all. */
function carried(target: Pair, attribute: string): Certainty | undefined {
  const own = target.changes.get(attribute);
  if (own && own.verdict !== 'meta') return own.certainty;
  const action = actionOf(target)?.action;
  if (action !== 'replace' && action !== 'may-replace') return undefined;
  // A configured, literal attribute of the new resource is known at plan time and unchanged.
  const configured = target.head[attribute];
  if (configured !== undefined && !containsInterpolation(configured)) return undefined;
  return action === 'replace' ? 'certain' : 'possible';
}

function actionOf(pair: Pair): { action: ResourceAction; changed: string[]; replacing: string[] } | undefined {
  const changed: string[] = [];
  const replacing: string[] = [];
  const maybe: string[] = [];
  for (const [attr, c] of pair.changes) {
    if (c.certainty === 'possible' && (c.verdict === 'in-place' || c.verdict === 'meta')) continue;
    changed.push(attr);
    if (c.verdict === 'force-new' && c.certainty === 'certain') replacing.push(attr);
    else if (c.verdict === 'force-new' || c.verdict === 'unknown') maybe.push(attr);
  }
  if (!changed.length) return undefined;
  changed.sort();
  if (replacing.length) return { action: 'replace', changed, replacing: replacing.sort() };
  if (maybe.length) return { action: 'may-replace', changed, replacing: maybe.sort() };
  return { action: 'update', changed, replacing: [] };
}

// ------------------------------------------------------------------------------------------------
// A plan as the authority

const PLAN_EXPECTED = 'the JSON `terraform show -json PLANFILE` prints: an object with format_version and resource_changes';

/**
 * The changes of one stack as a Terraform plan states them (`terraform show -json PLANFILE`):
 * `["create"]` add, `["delete"]` remove, `["update"]` update, `["delete","create"]` and
 * `["create","delete"]` replace (`replacing` from `replace_paths`), `["forget"]` remove (kept
 * in the cloud: `retained`), a `previous_address` a move; `["no-op"]` and `["read"]` are left out.
 * Throws an `Error` naming what was expected when `plan` is not such JSON.
 */
export function changesFromPlan(stack: string, platform: TerraformPlatform, plan: unknown): ResourceChange[] {
  if (!isRecord(plan)) throw new Error(`not a Terraform plan: expected ${PLAN_EXPECTED}, got ${describe(plan)}`);
  if (typeof plan.format_version !== 'string') throw new Error(`not a Terraform plan: expected ${PLAN_EXPECTED}, but format_version is missing`);
  if (plan.resource_changes === undefined && plan.planned_values === undefined) {
    throw new Error(`not a Terraform plan: expected ${PLAN_EXPECTED}, but it has neither resource_changes nor planned_values (is it \`terraform show -json\` of a state rather than of a plan file?)`);
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) throw new Error(`not a Terraform plan: expected resource_changes to be an array, got ${describe(plan.resource_changes)}`);
  const changes: ResourceChange[] = [];
  for (const [i, rc] of ((plan.resource_changes as unknown[] | undefined) ?? []).entries()) {
    const where = `resource_changes[${i}]`;
    if (!isRecord(rc) || typeof rc.address !== 'string' || typeof rc.type !== 'string' || !isRecord(rc.change)) {
      throw new Error(`not a Terraform plan: expected ${where} to have address, type and change, got ${describe(rc)}`);
    }
    const actions = rc.change.actions;
    if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) throw new Error(`not a Terraform plan: expected ${where}.change.actions to be an array of strings, got ${describe(actions)}`);
    if (rc.mode === 'data') continue;
    const key = actions.join(',');
    const previous = typeof rc.previous_address === 'string' && rc.previous_address !== rc.address ? rc.previous_address : undefined;
    if (!Object.prototype.hasOwnProperty.call(PLAN_ACTIONS, key)) throw new Error(`${where} (${rc.address}) has actions [${actions.join(', ')}], which pcloud does not know; expected one of: ${Object.keys(PLAN_ACTIONS).map((k) => `[${k}]`).join(' ')}`);
    let action: ResourceAction | undefined = PLAN_ACTIONS[key];
    if (action === undefined && previous) action = 'move';
    if (action === undefined) continue;

    const before = isRecord(rc.change.before) ? rc.change.before : undefined;
    const after = isRecord(rc.change.after) ? rc.change.after : undefined;
    const unknown = isRecord(rc.change.after_unknown) ? rc.change.after_unknown : {};
    const changed = action === 'update' || action === 'replace' || (action === 'move' && before && after) ? changedKeys(before, after, unknown) : [];
    const replacing = action === 'replace' ? replacePaths(rc.change.replace_paths) : [];
    changes.push({
      stack,
      platform,
      id: rc.address,
      type: rc.type,
      action: action === 'move' && changed.length ? 'update' : action,
      changed: action === 'replace' ? [...new Set([...changed, ...replacing])].sort() : changed,
      replacing,
      ...(previous ? { movedFrom: previous } : {}),
      ...(key === 'forget' ? { retained: true } : {}),
      source: 'plan',
      ...(before && action !== 'add' ? { before } : {}),
      ...(after && action !== 'remove' ? { after } : {}),
    });
  }
  return changes.sort(byStackThenId);
}

const PLAN_ACTIONS: Readonly<Record<string, ResourceAction | undefined>> = {
  'no-op': undefined,
  read: undefined,
  create: 'add',
  delete: 'remove',
  update: 'update',
  'delete,create': 'replace',
  'create,delete': 'replace',
  forget: 'remove',
};

/** Top-level attributes whose planned value differs; ones known only after apply count when they had a value before (not `id`, which every new object gets). */
function changedKeys(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, unknown: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {}), ...Object.keys(unknown)]);
  return [...keys]
    .filter((k) => {
      if (unknown[k] === true) return k !== 'id' && before?.[k] !== undefined && before[k] !== null && after?.[k] === undefined;
      return !equal(before?.[k], after?.[k]);
    })
    .sort();
}

function replacePaths(paths: unknown): string[] {
  if (!Array.isArray(paths)) return [];
  const tops = paths.map((p) => (Array.isArray(p) ? p[0] : p)).filter((p): p is string => typeof p === 'string');
  return [...new Set(tops)].sort();
}

// ------------------------------------------------------------------------------------------------
// Helpers

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Structural equality of JSON values; an absent value and null are the same (unset in Terraform). */
function equal(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (b === undefined || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!equal(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function sameSet(a: unknown, b: unknown): boolean {
  const list = (x: unknown) => (Array.isArray(x) ? [...new Set(x.map((v) => JSON.stringify(v)))].sort() : []);
  return equal(list(a), list(b));
}

function containsInterpolation(v: unknown): boolean {
  let found = false;
  walkStrings(v, [], (s) => {
    if (s.includes('${')) found = true;
  });
  return found;
}

function withoutMetadata(attributes: Attributes): Record<string, unknown> {
  const { '//': _metadata, ...rest } = attributes as Record<string, unknown>;
  return rest;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'object') {
    const keys = Object.keys(x as object);
    return `an object with ${keys.length ? keys.slice(0, 6).join(', ') + (keys.length > 6 ? ', …' : '') : 'no keys'}`;
  }
  if (typeof x === 'string') return `a string (${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)})`;
  return `${typeof x} ${String(x)}`;
}

function byStackThenId(a: ResourceChange, b: ResourceChange): number {
  return a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
