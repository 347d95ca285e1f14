import { Cidr } from '../cidr';
import { Classification } from '../classification';
import { fail } from '../errors';
import type { ExchangeIntent } from './exchange';
import { describeEndpoint } from './exchange';
import type {
  EnclaveModel,
  ExchangeModel,
  InterconnectModel,
  NetworkModel,
  SharedServiceModel,
  SiteModel,
  WorkloadModel,
} from './types';

/** What the estate-wide checks of services, exchanges and interconnects read. */
export interface ConnectivityInput {
  readonly sites: readonly SiteModel[];
  readonly networks: readonly NetworkModel[];
  readonly enclaves: readonly EnclaveModel[];
  readonly workloads: readonly WorkloadModel[];
  readonly sharedServices: readonly SharedServiceModel[];
  readonly exchanges: readonly ExchangeIntent[];
  readonly interconnects: readonly InterconnectModel[];
}

/**
 * Checks shared services, exchanges and interconnects against the whole estate (they may be
 * declared in any order) and returns the interconnects with their ends' addresses filled in and
 * the exchanges with the interconnects they cross. Throws a PcloudError naming the construct.
 */
export function resolveConnectivity(input: ConnectivityInput): { interconnects: InterconnectModel[]; exchanges: ExchangeModel[] } {
  const site = new Map(input.sites.map((s) => [s.id, s]));
  const network = new Map(input.networks.map((n) => [n.path, n]));
  const enclave = new Map(input.enclaves.map((e) => [e.path, e]));
  const workload = new Map(input.workloads.map((w) => [w.path, w]));
  const siteOfEnclave = (path: string) => site.get(network.get(enclave.get(path)!.network)!.site)!;

  const interconnects = input.interconnects.map((i) => checkInterconnect(i, site, input.networks));
  for (let a = 0; a < interconnects.length; a++) {
    for (let b = 0; b < a; b++) {
      const key = (i: InterconnectModel) => (i.community ? `${i.ends[0].site}>${i.community.name}` : i.ends.map((e) => e.site).sort().join('<>'));
      if (key(interconnects[a]) === key(interconnects[b])) {
        fail({
          code: 'INTERCONNECT_DUPLICATE',
          path: interconnects[a].path,
          problem: `it links the same ends as interconnect "${interconnects[b].path}"`,
          given: key(interconnects[a]),
          expected: 'one interconnect per pair of ends',
          fix: `remove one, or describe both tunnels in "${interconnects[b].path}"`,
        });
      }
    }
  }
  const between = (a: string, b: string) =>
    interconnects.find((i) => !i.community && i.ends.some((e) => e.site === a) && i.ends.some((e) => e.site === b));

  for (const service of input.sharedServices) {
    const provider = enclave.get(service.enclave)!;
    const providerSite = siteOfEnclave(provider.path);
    for (const c of service.consumers) {
      const consumer = enclave.get(c)!;
      if (Classification.parse(consumer.classification).isAbove(Classification.parse(provider.classification))) {
        fail({
          code: 'SHARED_SERVICE_BELOW_CONSUMER',
          path: service.path,
          problem: `consumer ${c} holds ${consumer.classification} data; the service's enclave ${provider.path} is ${provider.classification}`,
          given: c,
          expected: `consumers classified ${provider.classification} or lower`,
          fix: `remove ${c} from the consumers: its data must not flow into a lower-classified service`,
        });
      }
      const consumerSite = siteOfEnclave(c);
      if (consumerSite.id !== providerSite.id && !between(consumerSite.id, providerSite.id)) {
        fail({
          code: 'SHARED_SERVICE_NO_INTERCONNECT',
          path: service.path,
          problem: `consumer ${c} is on site "${consumerSite.id}", the service on "${providerSite.id}", and no interconnect joins them`,
          given: c,
          expected: `an Interconnect between "${consumerSite.id}" and "${providerSite.id}"`,
          fix: `declare new Interconnect(cloud, '...', { sites: [${consumerSite.id}, ${providerSite.id}], ... }); a consumer on another site is never reached over the internet`,
        });
      }
    }
  }

  const exchanges = input.exchanges.map((x): ExchangeModel => {
    const ends = [x.from, x.to];
    for (const end of ends) {
      if (end.kind !== 'workload') continue;
      const w = workload.get(end.workload)!;
      if (w.kind !== 'vm') {
        fail({
          code: 'EXCHANGE_ENDPOINT_KIND',
          path: x.path,
          problem: `${w.path} is a ${w.kind}; exchanges run between VMs (the enclaves' gateways)`,
          given: w.path,
          expected: 'a vm at each estate end',
          fix: 'exchange through the VM that fronts the data; a data store is never reached across an enclave boundary',
        });
      }
    }
    const sender = x.from.kind === 'workload' ? workload.get(x.from.workload)! : undefined;
    const receiver = x.to.kind === 'workload' ? workload.get(x.to.workload)! : undefined;
    const ceiling = Classification.parse(x.ceiling);
    if (sender && sender.enclave === receiver?.enclave) {
      fail({
        code: 'EXCHANGE_INSIDE_ENCLAVE',
        path: x.path,
        problem: `both ends are in enclave ${sender.enclave}`,
        given: `${sender.path} -> ${receiver.path}`,
        expected: 'ends in two different enclaves, or an enclave and a partner',
        fix: `declare the flow with ${receiver.id}.allowFrom(${sender.id}, port); an exchange crosses an enclave boundary`,
      });
    }
    if (sender && Classification.parse(sender.classification).isAbove(ceiling)) {
      fail({
        code: 'EXCHANGE_ABOVE_CEILING',
        path: x.path,
        problem: `sender ${sender.path} holds ${sender.classification} data, above the exchange's ceiling ${ceiling}`,
        given: sender.classification,
        expected: `a sender classified ${ceiling} or lower, as the ISA allows`,
        fix: 'send from a workload that holds only data within the ceiling, or have the ISA (and ceiling) reviewed',
      });
    }
    if (receiver && ceiling.isAbove(Classification.parse(enclave.get(receiver.enclave)!.classification))) {
      const e = enclave.get(receiver.enclave)!;
      fail({
        code: 'EXCHANGE_ABOVE_CEILING',
        path: x.path,
        problem: `the exchange carries up to ${ceiling}, above the receiving enclave ${e.path} (${e.classification})`,
        given: ceiling.marking,
        expected: `a ceiling of ${e.classification} or lower`,
        fix: 'lower the ceiling to what the receiving enclave is accredited for, or receive in an enclave accredited for it',
      });
    }
    return { ...x, via: viaOf(x, workload, enclave, network, site, interconnects, between) };
  });
  return { interconnects, exchanges };
}

function viaOf(
  x: ExchangeIntent,
  workload: Map<string, WorkloadModel>,
  enclave: Map<string, EnclaveModel>,
  network: Map<string, NetworkModel>,
  site: Map<string, SiteModel>,
  interconnects: readonly InterconnectModel[],
  between: (a: string, b: string) => InterconnectModel | undefined,
): string[] {
  const placement = (path: string) => {
    const n = network.get(enclave.get(workload.get(path)!.enclave)!.network)!;
    return { network: n, site: site.get(n.site)! };
  };
  const partner = x.from.kind === 'partner' ? x.from : x.to.kind === 'partner' ? x.to : undefined;
  if (partner) {
    const local = placement(x.from.kind === 'workload' ? x.from.workload : (x.to as { workload: string }).workload);
    const link = interconnects.find((i) => i.path === partner.interconnect)!;
    if (!link.community || link.ends[0].site !== local.site.id) {
      fail({
        code: 'EXCHANGE_PARTNER_UNREACHABLE',
        path: x.path,
        problem: link.community
          ? `partner ${partner.name} is reached through "${link.path}", which connects site "${link.ends[0].site}", not "${local.site.id}"`
          : `partner ${partner.name} is given interconnect "${link.path}", which joins two estate sites, not a community network`,
        given: link.path,
        expected: `an interconnect from site "${local.site.id}" to the partner's community network`,
        fix: `connect site "${local.site.id}" to the community network the partner is on, and name that interconnect`,
      });
    }
    const community = link.community.prefixes.map((p) => Cidr.parse(p, { path: link.path, field: 'prefixes' }));
    for (const p of partner.prefixes) {
      const cidr = Cidr.parse(p, { path: x.path, field: 'prefixes' });
      if (!community.some((c) => c.contains(cidr))) {
        fail({
          code: 'EXCHANGE_PARTNER_UNREACHABLE',
          path: x.path,
          problem: `partner prefix ${cidr} is outside ${link.community.name}'s prefixes`,
          given: cidr.toString(),
          expected: `prefixes inside ${link.community.prefixes.join(', ')}`,
          fix: 'give the partner addresses its Code of Connection lists, or add them to the community network\'s prefixes',
        });
      }
    }
    return [link.path];
  }
  const [a, b] = [placement((x.from as { workload: string }).workload), placement((x.to as { workload: string }).workload)];
  if (a.site.id === b.site.id) {
    if (a.network.path !== b.network.path && a.site.platform !== 'vsphere') {
      fail({
        code: 'EXCHANGE_NEEDS_PEERING',
        path: x.path,
        problem: `the ends are on two networks of ${a.site.platform} site "${a.site.id}" (${a.network.path}, ${b.network.path}), which pcloud does not peer`,
        given: `${describeEndpoint(x.from)} -> ${describeEndpoint(x.to)}`,
        expected: 'ends on one network of a cloud site, on two sites joined by an interconnect, or on a vSphere site',
        fix: 'place both enclaves on one network, or offer the receiving VM as a SharedService (Private Link crosses networks)',
      });
    }
    return [];
  }
  const link = between(a.site.id, b.site.id);
  if (!link) {
    fail({
      code: 'EXCHANGE_NO_INTERCONNECT',
      path: x.path,
      problem: `the ends are on sites "${a.site.id}" and "${b.site.id}", and no interconnect joins them`,
      given: `${describeEndpoint(x.from)} -> ${describeEndpoint(x.to)}`,
      expected: `an Interconnect between "${a.site.id}" and "${b.site.id}"`,
      fix: `declare new Interconnect(cloud, '...', { sites: [${a.site.id}, ${b.site.id}], ... }); exchanges never cross the internet`,
    });
  }
  return [link.path];
}

/** Fills in the vSphere edges' addresses and checks each rendered end knows its far end's address. */
function checkInterconnect(link: InterconnectModel, site: Map<string, SiteModel>, networks: readonly NetworkModel[]): InterconnectModel {
  const ends = link.ends.map((e) => {
    const s = site.get(e.site)!;
    const edge = s.vsphere?.edge?.publicAddress;
    if (s.platform === 'vsphere' && !edge && !e.publicAddress) {
      fail({
        code: 'INTERCONNECT_EDGE_MISSING',
        path: link.path,
        problem: `vSphere site "${s.id}" records no edge to terminate the IPsec tunnel`,
        given: `site "${s.id}"`,
        expected: "edge: { publicAddress: '198.51.100.7', device: 'the site firewall' } on the site",
        fix: `record the edge firewall of site "${s.id}"; the vSphere provider cannot create one, so pcloud writes its parameters to the firewall manifest`,
      });
    }
    return { site: e.site, ...(e.publicAddress ?? edge ? { publicAddress: e.publicAddress ?? edge } : {}) };
  });
  if (!link.community) {
    for (const [near, far] of [
      [ends[0], ends[1]],
      [ends[1], ends[0]],
    ]) {
      if (site.get(near.site)!.platform !== 'vsphere' && !far.publicAddress) {
        fail({
          code: 'INTERCONNECT_ADDRESS_MISSING',
          path: link.path,
          problem: `the gateway on "${near.site}" needs the public address of the gateway on "${far.site}", which is not known`,
          given: `${near.site} <-> ${far.site}`,
          expected: `publicAddresses: { '${far.site}': '<address>' }`,
          fix: `deploy the gateway of "${far.site}" first and record the address it was given (between two cloud sites each end needs the other's)`,
        });
      }
    }
  } else {
    for (const p of link.community.prefixes) {
      const cidr = Cidr.parse(p, { path: link.path, field: 'prefixes' });
      const clash = networks.find((n) => Cidr.parse(n.cidr, { path: n.path, field: 'addressSpace' }).overlaps(cidr));
      if (clash) {
        fail({
          code: 'COMMUNITY_PREFIX_OVERLAPS',
          path: link.path,
          problem: `community prefix ${cidr} overlaps network "${clash.path}" (${clash.cidr})`,
          given: cidr.toString(),
          expected: 'community prefixes outside every network of the estate',
          fix: 'routes would be ambiguous: list the community network\'s own prefixes only',
        });
      }
    }
  }
  return { ...link, ends };
}
