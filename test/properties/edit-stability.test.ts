import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { renderEstate } from '../../constructs/synth';
import { diffSynthOutputs } from '../../lib/diff';
import type { EstateModel } from '../../lib/model/types';
import { EstateView } from '../../lib/model/view';
import { allResources, readOutputs } from '../../lib/policy/outputs';
import { ownerOf } from '../../lib/policy/rules/helpers';
import { TENANTS, buildEstate, estateSpec, workloadSpec, type EstateSpec } from './estates';

// Random edits elsewhere in an estate (workloads and enclaves added, removed, reordered, resized)
// never replace or delete a stateful resource they did not touch, judged by `pcloud diff`'s
// data-loss items, each traced to the construct that owns the resource.

const RUNS = Number(process.env.PCLOUD_EDIT_RUNS ?? 20);
const SEED = Number(process.env.PCLOUD_PROPERTY_SEED ?? 20261122);

type Edit =
  | { readonly op: 'add-workload'; readonly enclave: number; readonly workload: EstateSpec['enclaves'][number]['workloads'][number] }
  | { readonly op: 'remove-workload'; readonly enclave: number; readonly workload: number }
  | { readonly op: 'resize'; readonly enclave: number; readonly workload: number }
  | { readonly op: 'reorder-workloads'; readonly enclave: number }
  | { readonly op: 'add-enclave'; readonly tenant: string; readonly site: number }
  | { readonly op: 'remove-enclave'; readonly enclave: number }
  | { readonly op: 'reorder-enclaves' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('add-workload' as const), enclave: fc.nat({ max: 7 }), workload: workloadSpec }),
  fc.record({ op: fc.constant('remove-workload' as const), enclave: fc.nat({ max: 7 }), workload: fc.nat({ max: 3 }) }),
  fc.record({ op: fc.constant('resize' as const), enclave: fc.nat({ max: 7 }), workload: fc.nat({ max: 3 }) }),
  fc.record({ op: fc.constant('reorder-workloads' as const), enclave: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('add-enclave' as const), tenant: fc.constantFrom(...TENANTS), site: fc.nat({ max: 2 }) }),
  fc.record({ op: fc.constant('remove-enclave' as const), enclave: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('reorder-enclaves' as const) }),
);

/** Applies the edits; returns the edited spec and the paths the edits touched (everything under them counts). */
function applyEdits(spec: EstateSpec, edits: readonly Edit[]): { spec: EstateSpec; touched: string[] } {
  const enclaves = spec.enclaves.map((e) => ({ ...e, workloads: [...e.workloads] }));
  const touched: string[] = [];
  const network = (site: number) => ['aws-net', 'azure-net', 'dc-net'][site];
  const pathOf = (e: (typeof enclaves)[number], w?: { id: string }) => `${network(e.site)}/${e.tenant}${w ? `/${w.id}` : ''}`;
  for (const x of edits) {
    const e = enclaves.length ? enclaves[('enclave' in x ? x.enclave : 0) % enclaves.length] : undefined;
    if (x.op === 'add-workload' && e && !e.workloads.some((w) => w.id === x.workload.id)) e.workloads.push(x.workload);
    if ((x.op === 'remove-workload' || x.op === 'resize') && e && e.workloads.length > 1) {
      const i = x.workload % e.workloads.length;
      touched.push(pathOf(e, e.workloads[i]));
      if (x.op === 'remove-workload') e.workloads.splice(i, 1);
      else e.workloads[i] = { ...e.workloads[i], size: e.workloads[i].size === 'small' ? 'medium' : 'small' };
    }
    if (x.op === 'reorder-workloads' && e) e.workloads.reverse();
    if (x.op === 'add-enclave' && !enclaves.some((o) => o.tenant === x.tenant)) enclaves.push({ tenant: x.tenant, site: x.site, workloads: [{ id: 'app', kind: 'vm', tier: 'application', size: 'small' }] });
    if (x.op === 'remove-enclave' && e && enclaves.length > 1) {
      touched.push(pathOf(e));
      enclaves.splice(enclaves.indexOf(e), 1);
    }
    if (x.op === 'reorder-enclaves') enclaves.reverse();
  }
  // Flows, services and exchanges name workloads by position: the edits leave them out, so that
  // only what the edits name changes (their rules are not stateful either way).
  return { spec: { enclaves, flows: [], services: [], exchanges: [] }, touched };
}

/** The construct path that owns each resource of a synth output, by `stack|id`. */
function owners(dir: string, model: EstateModel): Map<string, string> {
  const view = new EstateView(model);
  return new Map(allResources(readOutputs(dir, model)).map((r) => [`${r.ref.stack}|${r.ref.id}`, ownerOf(view, r)]));
}

describe('edits elsewhere in an estate', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-edits-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test(`replace or delete no stateful resource they did not touch (${RUNS} cases)`, () => {
    let n = 0;
    fc.assert(
      fc.property(estateSpec, fc.array(edit, { minLength: 1, maxLength: 4 }), (given, edits) => {
        const spec = { ...given, flows: [], services: [], exchanges: [] };
        const { spec: edited, touched } = applyEdits(spec, edits);
        const [base, head] = [path.join(work, `${n}-base`), path.join(work, `${n++}-head`)];
        const baseModel = buildEstate(spec).toModel();
        renderEstate(baseModel, base);
        renderEstate(buildEstate(edited).toModel(), head);
        try {
          const report = diffSynthOutputs(base, head);
          const owner = owners(base, baseModel);
          const lost = report.items
            .filter((i) => i.category === 'data-loss' && i.stack && i.resource)
            .map((i) => ({ owner: owner.get(`${i.stack}|${i.resource}`) ?? i.subject, summary: i.summary }))
            .filter((l) => !touched.some((t) => l.owner === t || l.owner.startsWith(`${t}/`)));
          expect({ edits, lost }).toEqual({ edits, lost: [] });
        } finally {
          fs.rmSync(base, { recursive: true, force: true });
          fs.rmSync(head, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
