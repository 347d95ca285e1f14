import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_SCHEMA_VERSION, type EstateModel } from '../model/types';
import { planStacks, type StackPlan } from '../plan/stacks';
import { readOutputs, type RenderedOutputs, type RenderedStack } from '../policy/outputs';
import { CATEGORIES, categorizeManifests, categorizeModel, categorizeResources, type Category, type DiffItem } from './categorize';
import { changesFromChangeSet, diffCloudFormationStack, type SecurityTables } from './cloudformation';
import { diffModels } from './model';
import { DIFF_VERSION, type DiffReport, type StackDiff } from './report';
import { changesFromPlan, diffTerraformStack } from './terraform';
import type { ResourceAction, ResourceChange } from './types';
import { DiffInputError } from './errors';

export * from './types';
export * from './errors';
export * from './categorize';
export * from './cloudformation';
export * from './model';
export * from './report';
export * from './terraform';
export * from './force-new';


export interface DiffOptions {
  /** `terraform show -json` output per Terraform stack: its actions are the authority for that stack. */
  readonly plans?: ReadonlyMap<string, unknown>;
  /** Described CloudFormation change sets per stack: the authority for that stack. */
  readonly changeSets?: ReadonlyMap<string, unknown>;
}

/**
 * Compares two folders written by `pcloud synth`: the declared model (`model.json`), every stack's
 * resources (CloudFormation through cloudformation-diff, Terraform through pcloud's force-new
 * table, or the plan and change sets given), and the vSphere firewall manifests; and sorts what it
 * finds into data loss, broadening, weakening and re-accreditation.
 */
export function diffSynthOutputs(baseDir: string, headDir: string, options: DiffOptions = {}): DiffReport {
  const base = readSynthOutput(baseDir, 'BASE');
  const head = readSynthOutput(headDir, 'HEAD');
  const modelChanges = diffModels(base.model, head.model);

  // A stack is its platform and name: a network moved to another platform keeps its name.
  const plans = new Map<string, StackPlan>();
  for (const p of [...planStacks(base.model), ...planStacks(head.model)]) plans.set(`${p.platform}:${p.name}`, p);
  const names = new Set([...plans.values()].map((p) => p.name));
  for (const name of [...(options.plans?.keys() ?? []), ...(options.changeSets?.keys() ?? [])]) {
    if (!names.has(name)) throw new DiffInputError(`no stack named "${name}" in either synth output`, `name one of: ${[...names].sort().join(', ')}`);
  }
  const stackOf = (outputs: RenderedOutputs, plan: StackPlan): RenderedStack | undefined =>
    outputs.stacks.find((s) => s.plan.name === plan.name && s.plan.platform === plan.platform);
  const stacks: StackDiff[] = [];
  const security = new Map<string, SecurityTables>();
  for (const plan of [...plans.values()].sort((a, b) => a.name.localeCompare(b.name) || a.platform.localeCompare(b.platform))) {
    const before = stackOf(base.outputs, plan);
    const after = stackOf(head.outputs, plan);
    let changes: readonly ResourceChange[];
    let source: ResourceChange['source'] = 'synth';
    let tables: SecurityTables | undefined;
    if (plan.platform === 'aws') {
      if (options.changeSets?.has(plan.name)) {
        changes = parseInput(() => changesFromChangeSet(plan.name, options.changeSets!.get(plan.name)), `--changeset for ${plan.name}`);
        source = 'changeset';
      } else {
        const d = diffCloudFormationStack(plan.name, before?.cloudformation, after?.cloudformation);
        changes = d.changes;
        tables = d.security;
      }
    } else if (options.plans?.has(plan.name)) {
      changes = parseInput(() => changesFromPlan(plan.name, plan.platform as 'azure' | 'vsphere', options.plans!.get(plan.name)), `--plan for ${plan.name}`);
      source = 'plan';
    } else {
      changes = diffTerraformStack(plan.name, plan.platform as 'azure' | 'vsphere', before?.terraform, after?.terraform);
    }
    if (tables) security.set(`${plan.platform}:${plan.name}`, tables);
    const counts = Object.fromEntries((['add', 'remove', 'update', 'replace', 'may-replace', 'move'] as ResourceAction[]).map((a) => [a, changes.filter((c) => c.action === a).length])) as Record<ResourceAction, number>;
    stacks.push({
      stack: plan.name,
      platform: plan.platform,
      status: !before && after ? 'added' : before && !after ? 'removed' : changes.length ? 'changed' : 'unchanged',
      source,
      counts,
      changes,
      ...(tables?.iam.length ? { iam: tables.iam } : {}),
      ...(tables?.securityGroups.length ? { securityGroups: tables.securityGroups } : {}),
    });
  }

  const items = dedupe([
    ...categorizeModel(modelChanges),
    ...categorizeResources(
      stacks.flatMap((s) => s.changes),
      security,
      (key) => base.outputs.stacks.some((s) => `${s.plan.platform}:${s.plan.name}` === key),
      (key) => head.outputs.stacks.some((s) => `${s.plan.platform}:${s.plan.name}` === key),
    ),
    ...categorizeManifests(base.outputs.firewall, head.outputs.firewall),
  ]);
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, items.filter((i) => i.category === c).length])) as Record<Category, number>;
  return {
    version: DIFF_VERSION,
    base: { estate: base.model.name, dir: baseDir },
    head: { estate: head.model.name, dir: headDir },
    verdict: CATEGORIES.filter((c) => counts[c] > 0),
    counts,
    items,
    model: modelChanges,
    stacks,
  };
}

/** True when any category of `failOn` (or any at all, for `any`) occurs. */
export function tripsFailOn(report: DiffReport, failOn: readonly (Category | 'any')[]): boolean {
  return failOn.includes('any') ? report.verdict.length > 0 : failOn.some((c) => report.verdict.includes(c as Category));
}

function readSynthOutput(dir: string, which: string): { model: EstateModel; outputs: RenderedOutputs } {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new DiffInputError(`${which} folder ${dir} does not exist`, `give the folder \`pcloud synth --out ${dir}\` wrote`);
  }
  if (!fs.existsSync(file)) {
    throw new DiffInputError(`${which} folder ${dir} is not a pcloud synth output (it has no model.json)`, `synthesise into it first: pcloud synth <definition> --out ${dir}`);
  }
  let model: EstateModel;
  try {
    model = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DiffInputError(`${file} is not JSON: ${(e as Error).message}`, 'synthesise the folder again');
  }
  const version = typeof model === 'object' && model !== null ? (model as { schemaVersion?: unknown }).schemaVersion : undefined;
  if ((version !== 1 && version !== MODEL_SCHEMA_VERSION) || !Array.isArray(model.networks)) {
    throw new DiffInputError(`${file} is not a pcloud model (schemaVersion 1 or ${MODEL_SCHEMA_VERSION})`, 'synthesise the folder again with this version of pcloud');
  }
  // Version 1 predates shared services, exchanges and interconnects: it had none.
  model = { ...model, sharedServices: model.sharedServices ?? [], exchanges: model.exchanges ?? [], interconnects: model.interconnects ?? [] };
  return { model, outputs: readOutputs(dir, model) };
}

function parseInput<T>(read: () => T, what: string): T {
  try {
    return read();
  } catch (e) {
    throw new DiffInputError(`${what}: ${(e as Error).message}`, 'give the JSON the tool prints (terraform show -json PLANFILE; aws cloudformation describe-change-set --output json)');
  }
}

function dedupe(items: readonly DiffItem[]): DiffItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.category}|${i.rule}|${i.subject}|${i.summary}|${i.resource ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
