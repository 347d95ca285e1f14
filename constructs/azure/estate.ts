import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Construct } from 'constructs';
import { EstateView } from '../../lib/model/view';
import type { EstateModel, SiteModel } from '../../lib/model/types';
import type { StackPlan } from '../../lib/plan/stacks';
import { azureSiteProps, enclaveProps, networkProps, workloadProps } from '../private/from-model';
import { newTerraformStack, stackDependsOn, type TerraformStateConfig } from '../terraform';
import { AccreditedNetwork } from './accredited-network';
import { SiteBaseline } from './site-baseline';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';
import { markEstateApp } from '../private/own-stack-rules';

/**
 * Renders the azure stacks of an estate into a cdktf app, in plan order: per site, the site's
 * baseline stack, then each network's stack followed by its enclaves' stacks. Every stack refers to
 * the others by name only and is ordered after the stacks its plan depends on.
 */
export function renderAzureEstate(app: Construct, model: EstateModel, plans: readonly StackPlan[], state: TerraformStateConfig): void {
  markEstateApp(app);
  const view = new EstateView(model);
  const stacks = new Map<string, Construct>();
  const baselines = new Map<string, SiteBaseline>();
  const networks = new Map<string, AccreditedNetwork>();
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
      networks.set(n.path, new AccreditedNetwork(stack, n.id, { ...networkProps(n), site: azureSiteProps(site), estate: model.name }));
      continue;
    }

    const e = view.enclave(plan.enclave!);
    const network = networks.get(e.network);
    if (!network) throw new Error(`pcloud internal error: enclave stack "${plan.name}" is planned before the stack of network "${e.network}"`);
    const enclave = new TenantEnclave(stack, e.id, { ...enclaveProps(e), network, siteBaseline: baselines.get(site.id) });
    const workloads = new Map<string, Workload>();
    for (const w of view.workloadsOf(e)) workloads.set(w.path, new Workload(enclave, w.id, workloadProps(w)));
    for (const f of view.flowsWithin(e)) {
      workloads.get(f.to)!.allowFrom(workloads.get(f.from)!, { protocol: f.protocol, from: f.fromPort, to: f.toPort });
    }
  }
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
