import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Construct } from 'constructs';
import { EstateView } from '../../lib/model/view';
import type { EnclaveModel, EstateModel, ExchangeEndpointModel, InterconnectModel, NetworkModel, PortRangeModel, SiteModel } from '../../lib/model/types';
import type { PortSpec } from '../../lib/ports';
import type { StackPlan } from '../../lib/plan/stacks';
import { azureSiteProps, enclaveProps, networkProps, workloadProps } from '../private/from-model';
import { newTerraformStack, stackDependsOn, type TerraformStateConfig } from '../terraform';
import { AccreditedNetwork } from './accredited-network';
import type { ExchangeProps } from './secure-exchange';
import type { SharedService } from './shared-service';
import { SiteBaseline } from './site-baseline';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';
import { markEstateApp } from '../private/own-stack-rules';

/**
 * Renders the azure stacks of an estate into a cdktf app, in plan order: per site, the site's
 * baseline stack, then each network's stack followed by its enclaves' stacks. Every stack refers to
 * the others by name only and is ordered after the stacks its plan depends on.
 *
 * A network whose enclaves route through interconnects gets a VPN gateway with a connection per
 * interconnect, and each of its enclaves exactly its own routes. What joins two enclaves of the
 * site (an exchange between them, a consumer's endpoint of a shared service) is rendered when the
 * later of the two is, in its stack, which then depends on the earlier one's: such dependencies
 * all point back in plan order, so they never form a cycle.
 */
export function renderAzureEstate(app: Construct, model: EstateModel, plans: readonly StackPlan[], state: TerraformStateConfig): void {
  markEstateApp(app);
  const view = new EstateView(model);
  const stacks = new Map<string, Construct>();
  const baselines = new Map<string, SiteBaseline>();
  const networks = new Map<string, AccreditedNetwork>();
  const enclaves = new Map<string, TenantEnclave>();
  const workloads = new Map<string, Workload>();
  const services = new Map<string, SharedService>();
  // Defender plans and continuous export are one per subscription: the first site of each holds them.
  const subscriptionsCovered = new Set<string>();
  for (const plan of plans) {
    if (plan.platform !== 'azure') continue;
    const site = view.site(plan.site);
    const stack = newTerraformStack(app, plan.name, state);
    stacks.set(plan.name, stack);
    azurermProvider(stack, site);
    for (const dependency of plan.dependsOn) {
      const other = stacks.get(dependency);
      if (!other) throw new Error(`pcloud internal error: stack "${plan.name}" is planned before "${dependency}", which it depends on`);
      stackDependsOn(stack, other);
    }

    if (plan.kind === 'site') {
      const subscriptionId = site.azure!.subscriptionId;
      baselines.set(
        site.id,
        new SiteBaseline(stack, site.id, {
          estate: model.name,
          site: azureSiteProps(site),
          monitoring: model.monitoring,
          auditRetentionDays: view.auditRetentionDaysOn(site),
          classification: view.classificationOn(site),
          subscriptionWide: !subscriptionsCovered.has(subscriptionId),
        }),
      );
      subscriptionsCovered.add(subscriptionId);
      continue;
    }

    if (plan.kind === 'network') {
      const n = view.network(plan.network!);
      const network = new AccreditedNetwork(stack, n.id, { ...networkProps(n), site: azureSiteProps(site), estate: model.name });
      networks.set(n.path, network);
      for (const [path, prefixes] of gatewayPrefixes(view, n)) {
        const link = view.interconnect(path);
        network.addInterconnect(link.id, {
          remoteAddress: farAddress(link, site),
          remotePrefixes: prefixes,
          ipsec: link.ipsec,
          ...(link.coco ? { coco: link.coco } : {}),
          ...(link.ithc ? { ithc: link.ithc } : {}),
        });
      }
      continue;
    }

    const e = view.enclave(plan.enclave!);
    const network = networks.get(e.network);
    if (!network) throw new Error(`pcloud internal error: enclave stack "${plan.name}" is planned before the stack of network "${e.network}"`);
    const enclave = new TenantEnclave(stack, e.id, { ...enclaveProps(e), network, siteBaseline: baselines.get(site.id) });
    enclaves.set(e.path, enclave);
    for (const w of view.workloadsOf(e)) workloads.set(w.path, new Workload(enclave, w.id, workloadProps(w)));
    for (const f of view.flowsWithin(e)) {
      workloads.get(f.to)!.allowFrom(workloads.get(f.from)!, { protocol: f.protocol, from: f.fromPort, to: f.toPort });
    }
    // Every enclave of a network with a gateway gets its route tables, so that none learns the gateway's other routes.
    if (network.vpnGateway) {
      enclave.routeThroughGateway(view.remoteRoutes(e).map((r) => ({ prefix: r.prefix, interconnect: view.interconnect(r.interconnect).id })));
    }

    const onSite = (other: EnclaveModel) => view.siteOfEnclave(other).id === site.id;
    for (const s of view.servicesProvidedBy(e)) {
      const service = enclave.addSharedService(s.id, {
        providers: s.providers.map((p) => workloads.get(p)!),
        ports: s.ports.map(portSpec),
        ...(s.description !== undefined ? { description: s.description } : {}),
      });
      services.set(s.path, service);
      for (const c of s.consumers.map((path) => view.enclave(path))) {
        if (!onSite(c)) service.addRemoteConsumer({ path: view.stablePath(c.path), cidr: c.cidr });
        else if (enclaves.has(c.path)) service.addConsumer(enclaves.get(c.path)!);
        // A consumer on the site not rendered yet is added when it is.
      }
    }
    for (const s of view.servicesConsumedBy(e)) {
      const provider = view.enclave(s.enclave);
      if (!onSite(provider)) enclave.useRemoteService(s.id, { prefixes: s.providers.map((p) => view.workloadPrefix(p)), ports: s.ports.map(portSpec) });
      else services.get(s.path)?.addConsumer(enclave);
    }

    for (const x of view.exchangesOf(e)) {
      const props: ExchangeProps = { id: x.id, isa: x.isa, ports: x.ports.map(portSpec) };
      const here = (end: ExchangeEndpointModel) => end.kind === 'workload' && view.workload(end.workload).enclave === e.path;
      const other = here(x.from) ? x.to : x.from;
      if (other.kind === 'workload' && onSite(view.enclave(view.workload(other.workload).enclave))) {
        // Both ends on this site (so on one network): rendered once, with the later of the two enclaves.
        const [from, to] = [workloads.get(endWorkload(x.from)), workloads.get(endWorkload(x.to))];
        if (from && to) from.exchangeTo(to, props);
        continue;
      }
      const peer = { name: describeEnd(other), prefixes: view.endpointPrefixes(other), partner: other.kind === 'partner' };
      if (here(x.from)) workloads.get(endWorkload(x.from))!.exchangeTo(peer, props);
      else workloads.get(endWorkload(x.to))!.exchangeFrom(peer, props);
    }
  }
}

/**
 * What a network's gateway connects to: per interconnect (in path order), exactly the far prefixes
 * the network's enclaves route through it.
 */
function gatewayPrefixes(view: EstateView, network: NetworkModel): Map<string, string[]> {
  const byLink = new Map<string, Set<string>>();
  for (const e of view.enclavesOf(network)) {
    for (const r of view.remoteRoutes(e)) byLink.set(r.interconnect, (byLink.get(r.interconnect) ?? new Set()).add(r.prefix));
  }
  return new Map([...byLink].sort(([a], [b]) => a.localeCompare(b)).map(([path, prefixes]) => [path, [...prefixes]]));
}

/** The public address of an interconnect's far end: the community network's gateway, or the other site's. */
function farAddress(link: InterconnectModel, site: SiteModel): string {
  const address = link.community?.gatewayAddress ?? link.ends.find((end) => end.site !== site.id)?.publicAddress;
  if (!address) throw new Error(`pcloud internal error: the far end of an interconnect of site "${site.id}" has no public address`);
  return address;
}

function endWorkload(end: ExchangeEndpointModel): string {
  return end.kind === 'workload' ? end.workload : '';
}

function describeEnd(end: ExchangeEndpointModel): string {
  return end.kind === 'workload' ? end.workload : end.name;
}

function portSpec(p: PortRangeModel): PortSpec {
  return { protocol: p.protocol, from: p.fromPort, to: p.toPort };
}

/** The provider of one stack: the site's subscription, Entra ID for storage, nothing purged on destroy. */
function azurermProvider(stack: Construct, site: SiteModel): AzurermProvider {
  return new AzurermProvider(stack, 'azurerm', {
    features: [
      {
        // A deleted vault or key stays recoverable for its retention period; never purge from Terraform.
        keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedKeysOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
        // Storage accounts are private and keyless: manage them through Azure Resource Manager only.
        storage: [{ dataPlaneAvailable: false }],
        resourceGroup: [{ preventDeletionIfContainsResources: true }],
      },
    ],
    subscriptionId: site.azure!.subscriptionId,
    storageUseAzuread: true,
  });
}
