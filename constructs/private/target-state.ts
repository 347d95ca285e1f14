import type { Construct } from 'constructs';
import { allocateSlots } from '../../lib/allocate';
import { Cidr } from '../../lib/cidr';
import { fail } from '../../lib/errors';
import { checkId } from '../../lib/model/checks';
import { allocateEnclaves, layoutEnclave, resolveEnclaveIntent, type EnclaveIntent, type TenantEnclaveProps } from '../../lib/model/enclave';
import { resolveNetwork, type AccreditedNetworkProps } from '../../lib/model/network';
import { resolveMonitoring } from '../../lib/model/monitoring';
import { checkRenameAgainstSiblings, resolveRenamedFrom, stableId, stablePath, type Renamable } from '../../lib/model/renamed-from';
import {
  MODEL_SCHEMA_VERSION,
  TIERS,
  type EnclaveModel,
  type EstateModel,
  type FlowModel,
  type MonitoringModel,
  type NetworkModel,
  type RiskAcceptanceModel,
  type SiteModel,
  type Tier,
  type WorkloadModel,
} from '../../lib/model/types';
import { allocateAddresses, flowKey, resolveFlow, resolveWorkloadIntent, type WorkloadProps } from '../../lib/model/workload';
import { kebab } from '../../lib/naming/fit';

/**
 * The model side of a target network: target constructs (aws/, azure/, vsphere/) record their
 * enclaves, workloads and flows here as they are created, with the same validation and stable
 * allocation as the estate path (lib/model). In the estate path every value arrives explicit.
 */
export class TargetNetworkState {
  readonly model: NetworkModel;
  private readonly enclaveIntents: EnclaveIntent[] = [];
  private readonly enclaveModels: EnclaveModel[] = [];
  private readonly enclaveStateList: TargetEnclaveState[] = [];

  constructor(
    readonly estate: string,
    readonly site: SiteModel,
    id: string,
    props: AccreditedNetworkProps,
  ) {
    const slug = nameOf(id, 'network');
    this.model = resolveNetwork(slug, slug, modelRenamedFrom(props), site);
  }

  /** The network's id, or its previous id when renamed: what its names and stack derive from. */
  get stableId(): string {
    return stableId(this.model);
  }

  get enclaves(): readonly EnclaveModel[] {
    return this.enclaveModels;
  }

  /** A one-network EstateModel of what has been added so far, for rules and manifests. */
  toModel(acceptances: readonly RiskAcceptanceModel[] = [], monitoring: MonitoringModel = resolveMonitoring(undefined, this.estate)): EstateModel {
    return {
      schemaVersion: MODEL_SCHEMA_VERSION,
      name: this.estate,
      monitoring,
      acceptances,
      sites: [this.site],
      networks: [this.model],
      enclaves: [...this.enclaveModels],
      workloads: this.enclaveStateList.flatMap((e) => e.workloads),
      flows: this.enclaveStateList.flatMap((e) => e.flows),
      sharedServices: [],
      exchanges: [],
      interconnects: [],
    };
  }

  /** The enclaves with their workloads and flows, in the order they were added. */
  get enclaveStates(): readonly TargetEnclaveState[] {
    return this.enclaveStateList;
  }

  /** Validates an enclave, allocates what was not given and returns its model. */
  addEnclave(id: string, props: TenantEnclaveProps): TargetEnclaveState {
    const slug = nameOf(id, 'enclave');
    const path = `${this.model.path}/${slug}`;
    if (this.enclaveModels.some((e) => e.path === path)) {
      fail({
        code: 'DUPLICATE_ID',
        path,
        problem: `network "${this.model.path}" already has an enclave named "${slug}"`,
        given: JSON.stringify(id),
        expected: 'an id no other enclave of the network uses',
        fix: 'give each enclave its own id',
      });
    }
    const intent = resolveEnclaveIntent(path, slug, modelRenamedFrom(props), this.model, this.site);
    checkRenameAgainstSiblings(path, intent, this.enclaveModels, 'enclave');
    const clash = this.enclaveModels.find((e) => e.tenant.code === intent.tenant.code);
    if (clash) {
      fail({
        code: 'DUPLICATE_TENANT',
        path,
        problem: `${intent.tenant.name} already has enclave "${clash.path}" on this network`,
        given: `tenant "${intent.tenant.code}"`,
        expected: 'one enclave per tenant per network',
        fix: `add the workloads to "${clash.path}"`,
      });
    }
    const placed = this.enclaveIntents.map((e, i) => ({ ...e, cidr: Cidr.parse(this.enclaveModels[i].cidr, { path: e.path, field: 'addressSpace' }) }));
    const cidr = allocateEnclaves(this.model, [...placed, intent]).get(path)!;
    const model = layoutEnclave(intent, cidr, this.site.vsphere ? this.vlansFor(intent) : {});
    this.enclaveIntents.push(intent);
    this.enclaveModels.push(model);
    const state = new TargetEnclaveState(this, model);
    this.enclaveStateList.push(state);
    return state;
  }

  private vlansFor(intent: EnclaveIntent): Partial<Record<Tier, number>> {
    const range = this.site.vsphere!.vlanRange;
    const used = new Set(this.enclaveModels.flatMap((e) => e.tiers.map((t) => t.vlan!)));
    for (const [tier, vlan] of Object.entries(intent.vlans)) {
      if (used.has(vlan)) {
        fail({
          code: 'VLAN_IN_USE',
          path: intent.path,
          problem: `VLAN ${vlan} for tier ${tier} is already used by another enclave of the network`,
          given: String(vlan),
          expected: 'a VLAN no other port group uses',
          fix: 'choose another VLAN, or omit vlans to allocate them',
        });
      }
      used.add(vlan);
    }
    const wanted = TIERS.filter((t) => intent.vlans[t] === undefined).map((t) => `${intent.stablePath}#${t}`);
    const { slots, exhaustedAt } = allocateSlots(wanted, range.max - range.min + 1, [...used].map((v) => v - range.min));
    if (exhaustedAt) {
      fail({
        code: 'VLAN_EXHAUSTED',
        path: intent.path,
        problem: `no free VLAN left in ${range.min}–${range.max}`,
        given: `${this.enclaveModels.length + 1} enclaves`,
        expected: 'a free VLAN per tier',
        fix: "widen the site's vlanRange",
      });
    }
    const vlans: Partial<Record<Tier, number>> = { ...intent.vlans };
    for (const t of TIERS) if (vlans[t] === undefined) vlans[t] = range.min + slots.get(`${intent.stablePath}#${t}`)!;
    return vlans;
  }
}

/** The model side of a target enclave: its workloads and the flows between them. */
export class TargetEnclaveState {
  private readonly workloadModels: WorkloadModel[] = [];
  private readonly flowModels: FlowModel[] = [];

  constructor(
    readonly network: TargetNetworkState,
    readonly model: EnclaveModel,
  ) {}

  get workloads(): readonly WorkloadModel[] {
    return this.workloadModels;
  }

  get flows(): readonly FlowModel[] {
    return this.flowModels;
  }

  /** The enclave's path made of stable ids (see `stablePath`): what its names derive from. */
  get stablePath(): string {
    return stablePath(this.network.model, this.model);
  }

  /** A workload's path made of stable ids: what its names and allocations derive from. */
  stablePathOf(workload: Renamable): string {
    return `${this.stablePath}/${stableId(workload)}`;
  }

  addWorkload(id: string, props: WorkloadProps): WorkloadModel {
    const slug = nameOf(id, 'workload');
    const path = `${this.model.path}/${slug}`;
    if (this.workloadModels.some((w) => w.path === path)) {
      fail({
        code: 'DUPLICATE_ID',
        path,
        problem: `enclave "${this.model.path}" already has a workload named "${slug}"`,
        given: JSON.stringify(id),
        expected: 'an id no other workload of the enclave uses',
        fix: 'give each workload its own id',
      });
    }
    const site = this.network.site;
    const intent = resolveWorkloadIntent(path, slug, modelRenamedFrom(props), { enclave: { ...this.model, stablePath: this.stablePath }, site });
    checkRenameAgainstSiblings(path, intent, this.workloadModels, 'workload');
    let model: WorkloadModel = intent;
    if (site.vsphere && intent.kind !== 'objectStore') {
      const tier = this.model.tiers.find((t) => t.tier === intent.tier)!;
      const peers = this.workloadModels.filter((w) => w.tier === intent.tier && w.address);
      const address = allocateAddresses(tier.cidr, [...peers, intent], (w) => this.stablePathOf(w)).get(path)!;
      model = { ...intent, address };
    }
    this.workloadModels.push(model);
    return model;
  }

  /** Records a flow; returns undefined when the same flow was declared before. */
  addFlow(from: WorkloadModel, to: WorkloadModel, port: unknown): FlowModel | undefined {
    const flow = resolveFlow(from, to, port);
    if (!this.workloadModels.includes(from) || !this.workloadModels.includes(to)) {
      // Two enclaves built separately can share a path; a flow between them still crosses a boundary.
      fail({
        code: 'FLOW_CROSSES_ENCLAVE',
        path: to.path,
        problem: `flow from ${from.path} comes from another enclave construct with the same path`,
        given: `allowFrom(${from.path}, ${JSON.stringify(port)})`,
        expected: `a workload created in this enclave "${this.model.path}"`,
        fix: 'traffic between enclaves needs a declared secure exchange under an ISA (rule PCR-12); allowFrom only declares flows inside one enclave',
      });
    }
    if (this.flowModels.some((f) => flowKey(f) === flowKey(flow))) return undefined;
    this.flowModels.push(flow);
    return flow;
  }
}

/** Target construct ids may be PascalCase (`KentPolice`); their model names are kebab-case. */
function nameOf(id: string, what: string): string {
  return checkId(kebab(String(id)), '', what);
}

/**
 * Props with `renamedFrom` as a model name: a target construct is renamed from its previous
 * construct id as written (`CaseApp`), the model records it kebab-case (`case-app`).
 */
function modelRenamedFrom<T extends { readonly renamedFrom?: string }>(props: T): T {
  if (typeof props !== 'object' || props === null || typeof props.renamedFrom !== 'string') return props;
  return { ...props, renamedFrom: kebab(props.renamedFrom) };
}

/**
 * The construct id a target construct had before it was renamed, as written: checked before the
 * construct is created, because on AWS the construct keeps that id (so its logical ids stay) and on
 * Terraform the `moved` blocks start from the addresses it gave.
 */
export function previousConstructId(scope: Construct | undefined, id: string, props: { readonly renamedFrom?: unknown } | undefined): string | undefined {
  const given = typeof props === 'object' && props !== null ? props.renamedFrom : undefined;
  if (given === undefined) return undefined;
  const scopePath = scope?.node?.path;
  const path = scopePath ? `${scopePath}/${id}` : String(id);
  resolveRenamedFrom(typeof given === 'string' ? kebab(given) : given, kebab(String(id)), path);
  const sibling = scope?.node?.tryFindChild(given as string);
  if (sibling) {
    fail({
      code: 'RENAMED_FROM_CLASH',
      path,
      problem: `renamedFrom "${given as string}" is the id of "${sibling.node.path}", which still uses it`,
      given: JSON.stringify(given),
      expected: 'the previous id of this construct, which no sibling has now',
      fix: `if this construct was renamed from "${given as string}", the other one cannot take that id in the same change: give it another id; otherwise remove renamedFrom`,
    });
  }
  return given as string;
}
