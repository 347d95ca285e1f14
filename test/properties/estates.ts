import * as fc from 'fast-check';
import { AccreditedNetwork, Classification, Interconnect, PoliceCloud, SecureExchange, SharedService, Site, TenantEnclave, Workload } from '../../index';
import type { Tier, WorkloadKind } from '../../lib/model/types';
import { ACCREDITATION, AWS_SITE, AZURE_SITE, VSPHERE_SUPPLIER } from '../fixtures/sites';

// Random valid estates over all three targets, as plain data fast-check can shrink, and the
// definition each one stands for. Sites, networks and interconnects are fixed (one network per
// site, every pair of sites linked, a community network at the data centre); enclaves, workloads,
// flows, shared services and exchanges vary.

export interface WorkloadSpec {
  /** Unique in its enclave: identity does not depend on position. */
  readonly id: string;
  readonly kind: WorkloadKind;
  readonly tier: Tier;
  readonly size: 'small' | 'medium';
}

export interface EnclaveSpec {
  /** Unique in the estate: the enclave's id and tenant. */
  readonly tenant: string;
  /** 0 AWS, 1 Azure, 2 vSphere. */
  readonly site: number;
  readonly workloads: readonly WorkloadSpec[];
}

export interface EstateSpec {
  readonly enclaves: readonly EnclaveSpec[];
  /** Within an enclave: indices are taken modulo what exists, and pairs that cannot be a flow are dropped. */
  readonly flows: readonly { readonly enclave: number; readonly from: number; readonly to: number; readonly port: number }[];
  readonly services: readonly { readonly provider: number; readonly workload: number; readonly consumers: readonly number[]; readonly port: number }[];
  readonly exchanges: readonly { readonly from: number; readonly fromWorkload: number; readonly to: number; readonly toWorkload: number; readonly port: number; readonly partner: boolean }[];
}

export const TENANTS = ['kent', 'essex', 'surrey', 'sussex', 'met', 'btp', 'tvp', 'hiow'];
export const WORKLOAD_IDS = ['web', 'app', 'api', 'db', 'jobs', 'store', 'cache', 'queue'];
const PORTS = [443, 8443, 5671];
const SITES = ['aws', 'azure', 'dc'] as const;
const TIERS: readonly Tier[] = ['presentation', 'application', 'data', 'management'];

export const workloadSpec: fc.Arbitrary<WorkloadSpec> = fc.record({
  id: fc.constantFrom(...WORKLOAD_IDS),
  kind: fc.constantFrom<WorkloadKind>('vm', 'vm', 'vm', 'database', 'objectStore'),
  tier: fc.constantFrom(...TIERS),
  size: fc.constantFrom<'small' | 'medium'>('small', 'medium'),
});
const index = fc.nat({ max: 7 });

export const estateSpec: fc.Arbitrary<EstateSpec> = fc.record({
  enclaves: fc.uniqueArray(
    fc.record({ tenant: fc.constantFrom(...TENANTS), site: fc.nat({ max: 2 }), workloads: fc.uniqueArray(workloadSpec, { selector: (w) => w.id, minLength: 1, maxLength: 4 }) }),
    { selector: (e) => e.tenant, minLength: 1, maxLength: TENANTS.length },
  ),
  flows: fc.array(fc.record({ enclave: index, from: index, to: index, port: fc.constantFrom(...PORTS) }), { maxLength: 6 }),
  services: fc.array(fc.record({ provider: index, workload: index, consumers: fc.array(index, { minLength: 1, maxLength: 3 }), port: fc.constantFrom(...PORTS) }), { maxLength: 2 }),
  exchanges: fc.array(fc.record({ from: index, fromWorkload: index, to: index, toWorkload: index, port: fc.constantFrom(...PORTS), partner: fc.boolean() }), { maxLength: 3 }),
});

const ISA = (n: number) => ({ reference: `ISA-P-${n}`, parties: ['Force A', 'Force B'], purpose: 'Generated', legalGateway: 'DPA 2018 Part 3', reviewDate: '2099-01-01' });

/** The estate a spec stands for. */
export function buildEstate(spec: EstateSpec): PoliceCloud {
  const cloud = new PoliceCloud({ name: 'prop' });
  const sites = [
    Site.aws(cloud, 'aws', AWS_SITE),
    Site.azure(cloud, 'azure', AZURE_SITE),
    Site.vsphere(cloud, 'dc', { ...VSPHERE_SUPPLIER, edge: { publicAddress: '198.51.100.10' } }),
  ];
  const networks = sites.map((site, i) => new AccreditedNetwork(cloud, `${SITES[i]}-net`, { site, addressSpace: `10.${i * 20}.0.0/16`, ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION }));
  new Interconnect(cloud, 'aws-dc', { sites: [sites[0], sites[2]] });
  new Interconnect(cloud, 'azure-dc', { sites: [sites[1], sites[2]] });
  new Interconnect(cloud, 'aws-azure', { sites: [sites[0], sites[1]], publicAddresses: { aws: '203.0.113.20', azure: '203.0.113.40' } });
  const gcsx = new Interconnect(cloud, 'gcsx', {
    site: sites[2],
    community: { name: 'GCSx', kind: 'gcsx', gatewayAddress: '198.51.100.210', prefixes: ['172.28.0.0/16'] },
    coco: { reference: 'COCO-P', expires: '2099-01-01' },
    ithc: { reference: 'ITHC-P', date: '2026-06-01' },
  });

  const enclaves = spec.enclaves.map((e) => {
    const enclave = new TenantEnclave(networks[e.site], e.tenant, { tenant: e.tenant });
    // vSphere hosts no object store: a VM stands in.
    const workloads = e.workloads.map((w) => new Workload(enclave, w.id, { kind: e.site === 2 && w.kind === 'objectStore' ? 'vm' : w.kind, tier: w.tier, size: w.size }));
    return { enclave, site: e.site, workloads };
  });
  const vms = (e: number) => enclaves[e].workloads.filter((w) => w.intent.kind === 'vm');

  const seen = new Set<string>();
  for (const f of spec.flows) {
    const e = enclaves[f.enclave % enclaves.length];
    const from = e.workloads[f.from % e.workloads.length];
    const to = e.workloads[f.to % e.workloads.length];
    if (from === to || from.intent.kind !== 'vm' || seen.has(`${from.node.path}>${to.node.path}`)) continue;
    seen.add(`${from.node.path}>${to.node.path}`);
    to.allowFrom(from, to.intent.kind === 'database' ? 5432 : to.intent.kind === 'objectStore' ? 443 : f.port);
  }

  spec.services.forEach((s, n) => {
    const p = s.provider % enclaves.length;
    const providers = vms(p);
    // A consumer on the provider's site comes later in the list, so services on one site never consume each other in a circle.
    const consumers = [...new Set(s.consumers.map((c) => c % enclaves.length))].filter((c) => c !== p && (enclaves[c].site !== enclaves[p].site || c > p));
    if (providers.length === 0 || consumers.length === 0) return;
    new SharedService(cloud, `service-${n}`, { providers: [providers[s.workload % providers.length]], consumers: consumers.map((c) => enclaves[c].enclave), ports: [s.port] });
  });

  spec.exchanges.forEach((x, n) => {
    const a = x.from % enclaves.length;
    const senders = vms(a);
    if (senders.length === 0) return;
    const from = senders[x.fromWorkload % senders.length];
    if (x.partner && enclaves[a].site === 2) {
      new SecureExchange(cloud, `exchange-${n}`, { isa: ISA(n), from, to: { partner: `Partner ${n}`, prefixes: [`172.28.${n}.0/24`], via: gcsx }, ports: [x.port], ceiling: Classification.OFFICIAL_SENSITIVE });
      return;
    }
    const b = x.to % enclaves.length;
    const receivers = vms(b);
    if (a === b || receivers.length === 0) return;
    new SecureExchange(cloud, `exchange-${n}`, { isa: ISA(n), from, to: receivers[x.toWorkload % receivers.length], ports: [x.port], ceiling: Classification.OFFICIAL_SENSITIVE });
  });
  return cloud;
}
