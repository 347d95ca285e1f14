import { Classification } from '../classification';
import { DEFAULT_LOG_RETENTION_DAYS } from './network';
import { stablePath } from './renamed-from';
import type {
  EnclaveModel,
  EstateModel,
  ExchangeEndpointModel,
  ExchangeModel,
  FlowModel,
  InterconnectModel,
  NetworkModel,
  SharedServiceModel,
  SiteModel,
  WorkloadModel,
} from './types';

/** A prefix an enclave must route through an interconnect, and what needs it. */
export interface RemoteRoute {
  readonly prefix: string;
  readonly interconnect: string;
  /** Paths of the exchanges and shared services that need the route. */
  readonly for: readonly string[];
}

/** Lookups over a frozen EstateModel by path, for rules, partitioning and renderers. */
export class EstateView {
  private readonly sites = new Map<string, SiteModel>();
  private readonly networks = new Map<string, NetworkModel>();
  private readonly enclaves = new Map<string, EnclaveModel>();
  private readonly workloads = new Map<string, WorkloadModel>();
  private readonly interconnects = new Map<string, InterconnectModel>();

  constructor(readonly model: EstateModel) {
    for (const i of model.interconnects) this.interconnects.set(i.path, i);
    for (const s of model.sites) this.sites.set(s.id, s);
    for (const n of model.networks) this.networks.set(n.path, n);
    for (const e of model.enclaves) this.enclaves.set(e.path, e);
    for (const w of model.workloads) this.workloads.set(w.path, w);
  }

  site(id: string): SiteModel {
    return get(this.sites, id, 'site');
  }
  network(path: string): NetworkModel {
    return get(this.networks, path, 'network');
  }
  enclave(path: string): EnclaveModel {
    return get(this.enclaves, path, 'enclave');
  }
  workload(path: string): WorkloadModel {
    return get(this.workloads, path, 'workload');
  }
  /** The network, enclave or workload at a path, if there is one. */
  find(path: string): NetworkModel | EnclaveModel | WorkloadModel | undefined {
    return this.workloads.get(path) ?? this.enclaves.get(path) ?? this.networks.get(path);
  }
  /** The enclave at a path, if there is one. */
  enclaveAt(path: string): EnclaveModel | undefined {
    return this.enclaves.get(path);
  }
  /** The workload of an enclave with this id, or with this previous id (`renamedFrom`). */
  workloadIn(enclave: EnclaveModel, id: string): WorkloadModel | undefined {
    if (!this.byEnclaveAndId) {
      this.byEnclaveAndId = new Map();
      // A current id wins over a sibling's previous one.
      for (const w of this.model.workloads) if (w.renamedFrom) this.byEnclaveAndId.set(`${w.enclave}|${w.renamedFrom}`, w);
      for (const w of this.model.workloads) this.byEnclaveAndId.set(`${w.enclave}|${w.id}`, w);
    }
    return this.byEnclaveAndId.get(`${enclave.path}|${id}`);
  }
  private byEnclaveAndId?: Map<string, WorkloadModel>;
  /** Flows into a workload. */
  flowsTo(path: string): readonly FlowModel[] {
    if (!this.flowsByDestination) {
      this.flowsByDestination = new Map();
      for (const f of this.model.flows) this.flowsByDestination.set(f.to, [...(this.flowsByDestination.get(f.to) ?? []), f]);
    }
    return this.flowsByDestination.get(path) ?? [];
  }
  private flowsByDestination?: Map<string, FlowModel[]>;

  networkOf(enclave: EnclaveModel): NetworkModel {
    return this.network(enclave.network);
  }
  siteOfEnclave(enclave: EnclaveModel): SiteModel {
    return this.site(this.networkOf(enclave).site);
  }
  networksOn(site: SiteModel): NetworkModel[] {
    return this.model.networks.filter((n) => n.site === site.id);
  }
  enclavesOf(network: NetworkModel): EnclaveModel[] {
    return this.model.enclaves.filter((e) => e.network === network.path);
  }
  workloadsOf(enclave: EnclaveModel): WorkloadModel[] {
    return this.model.workloads.filter((w) => w.enclave === enclave.path);
  }
  /** A site's audit archive keeps the longest audit retention of the site's enclaves, and never less than the default. */
  auditRetentionDaysOn(site: SiteModel): number {
    const enclaves = this.networksOn(site).flatMap((n) => this.enclavesOf(n));
    return Math.max(DEFAULT_LOG_RETENTION_DAYS, ...enclaves.map((e) => e.auditRetentionDays));
  }
  /** A site's logs carry the highest ceiling of its networks. */
  classificationOn(site: SiteModel): Classification {
    return this.networksOn(site)
      .map((n) => Classification.parse(n.ceiling))
      .reduce((a, b) => (b.isAbove(a) ? b : a), Classification.OFFICIAL);
  }
  flowsWithin(enclave: EnclaveModel): FlowModel[] {
    return this.model.flows.filter((f) => this.workload(f.to).enclave === enclave.path);
  }

  interconnect(path: string): InterconnectModel {
    return get(this.interconnects, path, 'interconnect');
  }
  siteOfWorkload(path: string): SiteModel {
    return this.siteOfEnclave(this.enclave(this.workload(path).enclave));
  }
  /** The site-to-site interconnect joining two sites, if any. */
  interconnectBetween(a: string, b: string): InterconnectModel | undefined {
    return this.model.interconnects.find((i) => !i.community && i.ends.some((e) => e.site === a) && i.ends.some((e) => e.site === b));
  }
  /** Interconnects with an end on the site. */
  interconnectsOn(site: SiteModel): InterconnectModel[] {
    return this.model.interconnects.filter((i) => i.ends.some((e) => e.site === site.id));
  }
  /** Shared services the enclave provides. */
  servicesProvidedBy(enclave: EnclaveModel): SharedServiceModel[] {
    return this.model.sharedServices.filter((s) => s.enclave === enclave.path);
  }
  /** Shared services the enclave consumes. */
  servicesConsumedBy(enclave: EnclaveModel): SharedServiceModel[] {
    return this.model.sharedServices.filter((s) => s.consumers.includes(enclave.path));
  }
  /**
   * Where an exchange's records are logged (DPA 2018 s.62): the sender's enclave logs its
   * disclosures; for a partner sending in, the receiving enclave logs the collection.
   */
  exchangeRecords(x: ExchangeModel): { readonly enclave: string; readonly records: 'disclosures' | 'collections' } {
    if (x.from.kind === 'workload') return { enclave: this.workload(x.from.workload).enclave, records: 'disclosures' };
    return { enclave: this.workload((x.to as Extract<ExchangeEndpointModel, { kind: 'workload' }>).workload).enclave, records: 'collections' };
  }
  /** Exchanges with an end in the enclave. */
  exchangesOf(enclave: EnclaveModel): ExchangeModel[] {
    const inside = (e: ExchangeEndpointModel) => e.kind === 'workload' && this.workload(e.workload).enclave === enclave.path;
    return this.model.exchanges.filter((x) => inside(x.from) || inside(x.to));
  }

  /**
   * The narrowest prefix other sites see a workload at without fixing its address: a vSphere
   * workload's static /32; on AWS the zone subnet of its tier (a database's whole tier: it spans
   * both zones); on Azure its tier subnet.
   */
  workloadPrefix(path: string): string {
    const w = this.workload(path);
    const site = this.siteOfWorkload(path);
    const tier = this.enclave(w.enclave).tiers.find((t) => t.tier === w.tier)!;
    if (site.platform === 'vsphere') return `${w.address}/32`;
    if (site.platform === 'aws' && w.kind === 'vm') return tier.zones[w.zone];
    return tier.cidr;
  }

  /** The prefixes an exchange end is seen at from elsewhere. */
  endpointPrefixes(end: ExchangeEndpointModel): string[] {
    return end.kind === 'workload' ? [this.workloadPrefix(end.workload)] : [...end.prefixes];
  }

  /**
   * What an enclave routes through interconnects: only the prefixes its exchanges and shared
   * services need (the far end of each exchange, the providers of each service it consumes on
   * another site, the consumers on other sites of each service it provides), sorted by prefix.
   */
  remoteRoutes(enclave: EnclaveModel): RemoteRoute[] {
    const routes = new Map<string, { prefix: string; interconnect: string; for: Set<string> }>();
    const add = (prefix: string, interconnect: string, reason: string) => {
      const key = `${prefix}|${interconnect}`;
      const route = routes.get(key) ?? { prefix, interconnect, for: new Set<string>() };
      route.for.add(reason);
      routes.set(key, route);
    };
    const site = this.siteOfEnclave(enclave);
    for (const x of this.exchangesOf(enclave)) {
      if (x.via.length === 0) continue;
      const local = (e: ExchangeEndpointModel) => e.kind === 'workload' && this.workload(e.workload).enclave === enclave.path;
      const far = local(x.from) ? x.to : x.from;
      for (const prefix of this.endpointPrefixes(far)) add(prefix, x.via[0], x.path);
    }
    for (const s of this.servicesConsumedBy(enclave)) {
      const providerSite = this.siteOfEnclave(this.enclave(s.enclave));
      if (providerSite.id === site.id) continue;
      const link = this.interconnectBetween(site.id, providerSite.id)!;
      for (const p of s.providers) add(this.workloadPrefix(p), link.path, s.path);
    }
    for (const s of this.servicesProvidedBy(enclave)) {
      for (const c of s.consumers) {
        const consumer = this.enclave(c);
        const consumerSite = this.siteOfEnclave(consumer);
        if (consumerSite.id === site.id) continue;
        add(consumer.cidr, this.interconnectBetween(site.id, consumerSite.id)!.path, s.path);
      }
    }
    return [...routes.values()]
      .map((r) => ({ prefix: r.prefix, interconnect: r.interconnect, for: [...r.for].sort() }))
      .sort((a, b) => a.prefix.localeCompare(b.prefix, 'en', { numeric: true }) || a.interconnect.localeCompare(b.interconnect));
  }

  /**
   * The path of a network, enclave or workload made of stable ids (`renamedFrom` where renamed):
   * what its cloud names and allocations derive from. It equals the path unless something on it was renamed.
   */
  stablePath(path: string): string {
    const workload = this.workloads.get(path);
    const enclave = workload ? this.enclave(workload.enclave) : this.enclaves.get(path);
    if (!enclave) return stablePath(this.network(path));
    const network = this.networkOf(enclave);
    return workload ? stablePath(network, enclave, workload) : stablePath(network, enclave);
  }
}

function get<T>(map: Map<string, T>, key: string, what: string): T {
  const found = map.get(key);
  if (!found) throw new Error(`pcloud internal error: the model has no ${what} "${key}"`);
  return found;
}
