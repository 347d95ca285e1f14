import { allocateSlots } from '../allocate';
import { Cidr } from '../cidr';
import { fail } from '../errors';
import { resolveConnectivity } from './connectivity';
import { allocateEnclaves, layoutEnclave, type EnclaveIntent } from './enclave';
import type { ExchangeIntent } from './exchange';
import { stableId } from './renamed-from';
import { allocateAddresses, flowKey, type WorkloadIntent } from './workload';
import {
  MODEL_SCHEMA_VERSION,
  TIERS,
  type EnclaveModel,
  type EstateModel,
  type FlowModel,
  type InterconnectModel,
  type MonitoringModel,
  type RiskAcceptanceModel,
  type NetworkModel,
  type SharedServiceModel,
  type SiteModel,
  type Tier,
  type WorkloadModel,
} from './types';

/** Everything the intent constructs say, before allocation. Lists are in declaration order. */
export interface EstateInput {
  readonly name: string;
  readonly monitoring: MonitoringModel;
  readonly acceptances: readonly RiskAcceptanceModel[];
  readonly sites: readonly SiteModel[];
  readonly networks: readonly NetworkModel[];
  readonly enclaves: readonly EnclaveIntent[];
  readonly workloads: readonly WorkloadIntent[];
  readonly flows: readonly FlowModel[];
  readonly sharedServices?: readonly SharedServiceModel[];
  readonly exchanges?: readonly ExchangeIntent[];
  readonly interconnects?: readonly InterconnectModel[];
}

/**
 * Builds the frozen EstateModel: allocates enclave address spaces, vSphere VLANs and static
 * addresses, lays out tiers and removes duplicate flows. Throws a PcloudError naming the construct
 * when an allocation cannot be made.
 */
export function buildEstate(input: EstateInput): EstateModel {
  if (input.networks.length === 0) {
    fail({
      code: 'ESTATE_EMPTY',
      path: input.name,
      problem: 'the estate has no accredited networks',
      expected: 'at least one AccreditedNetwork on a Site',
      fix: 'add a Site and an AccreditedNetwork to the PoliceCloud (see examples/national-pcloud.ts)',
    });
  }
  checkNetworksApart(input.networks);
  const siteOf = new Map(input.sites.map((s) => [s.id, s]));
  const networkOf = new Map(input.networks.map((n) => [n.path, n]));

  const cidrs = new Map<string, Cidr>();
  for (const network of input.networks) {
    for (const [path, cidr] of allocateEnclaves(network, input.enclaves.filter((e) => e.network.path === network.path))) {
      cidrs.set(path, cidr);
    }
  }
  const vlans = allocateVlans(input.sites, input.enclaves, (e) => siteOf.get(networkOf.get(e.network.path)!.site)!);
  const enclaves: EnclaveModel[] = input.enclaves.map((e) => layoutEnclave(e, cidrs.get(e.path)!, vlans.get(e.path) ?? {}));

  const enclaveOf = new Map(enclaves.map((e) => [e.path, e]));
  const enclaveIntentOf = new Map(input.enclaves.map((e) => [e.path, e]));
  const stablePathOf = (w: WorkloadIntent) => `${enclaveIntentOf.get(w.enclave)!.stablePath}/${stableId(w)}`;
  const isVsphere = (w: WorkloadIntent) => {
    const enclave = enclaveOf.get(w.enclave)!;
    return siteOf.get(networkOf.get(enclave.network)!.site)!.platform === 'vsphere';
  };
  const addresses = new Map<string, string>();
  for (const enclave of enclaves) {
    for (const layout of enclave.tiers) {
      const inTier = input.workloads.filter((w) => w.enclave === enclave.path && w.tier === layout.tier && w.kind !== 'objectStore' && isVsphere(w));
      for (const [path, address] of allocateAddresses(layout.cidr, inTier, stablePathOf)) addresses.set(path, address);
    }
  }
  const workloads: WorkloadModel[] = input.workloads.map((w) => {
    const address = addresses.get(w.path);
    return address ? { ...w, address } : w;
  });

  const seen = new Set<string>();
  const flows = input.flows.filter((f) => {
    const key = flowKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const sharedServices = input.sharedServices ?? [];
  const { interconnects, exchanges } = resolveConnectivity({
    sites: input.sites,
    networks: input.networks,
    enclaves,
    workloads,
    sharedServices,
    exchanges: input.exchanges ?? [],
    interconnects: input.interconnects ?? [],
  });

  return deepFreeze({
    schemaVersion: MODEL_SCHEMA_VERSION,
    name: input.name,
    monitoring: input.monitoring,
    acceptances: input.acceptances,
    sites: input.sites,
    networks: input.networks,
    enclaves,
    workloads,
    flows,
    sharedServices,
    exchanges,
    interconnects,
  });
}

/**
 * Networks of one estate never overlap: interconnects and exchanges between them need an
 * unambiguous address plan.
 */
export function checkNetworksApart(networks: readonly NetworkModel[]): void {
  for (let i = 0; i < networks.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = Cidr.parse(networks[i].cidr, { path: networks[i].path, field: 'addressSpace' });
      const b = Cidr.parse(networks[j].cidr, { path: networks[j].path, field: 'addressSpace' });
      if (a.overlaps(b)) {
        fail({
          code: 'NETWORKS_OVERLAP',
          path: networks[i].path,
          problem: `network address space ${a} overlaps network "${networks[j].path}" (${b})`,
          given: a.toString(),
          expected: 'an address space no other network of the estate uses',
          fix: 'give each network its own block; interconnects and exchanges need an unambiguous address plan',
        });
      }
    }
  }
}

/** Allocates a VLAN to every tier of every enclave on each vSphere site; given VLANs are kept. */
function allocateVlans(
  sites: readonly SiteModel[],
  enclaves: readonly EnclaveIntent[],
  siteOfEnclave: (e: EnclaveIntent) => SiteModel,
): Map<string, Partial<Record<Tier, number>>> {
  const result = new Map<string, Partial<Record<Tier, number>>>();
  for (const site of sites) {
    const range = site.vsphere?.vlanRange;
    if (!range) continue;
    const onSite = enclaves.filter((e) => siteOfEnclave(e).id === site.id);
    const given = new Map<number, string>();
    for (const e of onSite) {
      for (const [tier, vlan] of Object.entries(e.vlans) as [Tier, number][]) {
        const holder = given.get(vlan);
        if (holder) {
          fail({
            code: 'VLAN_IN_USE',
            path: e.path,
            problem: `VLAN ${vlan} for tier ${tier} is already given to ${holder}`,
            given: String(vlan),
            expected: `a VLAN no other port group on site "${site.id}" uses`,
            fix: 'choose another VLAN, or omit vlans to allocate them',
          });
        }
        given.set(vlan, `${e.path} (${tier})`);
      }
    }
    // Keyed by the stable path, so that a renamed enclave keeps its VLANs.
    const wanted = onSite.flatMap((e) => TIERS.filter((t) => e.vlans[t] === undefined).map((t) => `${e.stablePath}#${t}`));
    const size = range.max - range.min + 1;
    const { slots, exhaustedAt } = allocateSlots(wanted, size, [...given.keys()].map((v) => v - range.min));
    if (exhaustedAt) {
      fail({
        code: 'VLAN_EXHAUSTED',
        path: onSite.find((e) => exhaustedAt.startsWith(`${e.stablePath}#`))!.path,
        problem: `site "${site.id}" has no free VLAN left in ${range.min}–${range.max}`,
        given: `${wanted.length + given.size} port groups (four per enclave)`,
        expected: `at most ${size} port groups on the site`,
        fix: `widen the site's vlanRange, or move enclaves to another site`,
      });
    }
    for (const e of onSite) {
      const own: Partial<Record<Tier, number>> = { ...e.vlans };
      for (const t of TIERS) {
        const slot = slots.get(`${e.stablePath}#${t}`);
        if (slot !== undefined) own[t] = range.min + slot;
      }
      result.set(e.path, own);
    }
  }
  return result;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
