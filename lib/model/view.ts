import { Classification } from '../classification';
import { DEFAULT_LOG_RETENTION_DAYS } from './network';
import { stablePath } from './renamed-from';
import type { EnclaveModel, EstateModel, FlowModel, NetworkModel, SiteModel, WorkloadModel } from './types';

/** Lookups over a frozen EstateModel by path, for rules, partitioning and renderers. */
export class EstateView {
  private readonly sites = new Map<string, SiteModel>();
  private readonly networks = new Map<string, NetworkModel>();
  private readonly enclaves = new Map<string, EnclaveModel>();
  private readonly workloads = new Map<string, WorkloadModel>();

  constructor(readonly model: EstateModel) {
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
