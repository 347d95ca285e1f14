import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Construct } from 'constructs';
import { EstateView } from '../../lib/model/view';
import type { EstateModel } from '../../lib/model/types';
import type { StackPlan } from '../../lib/plan/stacks';
import { azureSiteProps, enclaveProps, networkProps, workloadProps } from '../private/from-model';
import { newTerraformStack, stackDependsOn, type TerraformStateConfig } from '../terraform';
import { AccreditedNetwork } from './accredited-network';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';

/**
 * Renders the azure stacks of an estate into a cdktf app: one stack per network and one per
 * enclave, in plan order (a network's plan comes before its enclaves'). Each enclave stack
 * refers to its network by name only and is ordered after it.
 */
export function renderAzureEstate(app: Construct, model: EstateModel, plans: readonly StackPlan[], state: TerraformStateConfig): void {
  const view = new EstateView(model);
  const networks = new Map<string, AccreditedNetwork>();
  for (const plan of plans) {
    if (plan.platform !== 'azure' || plan.kind === 'site') continue;
    const site = view.site(plan.site);
    const stack = newTerraformStack(app, plan.name, state);
    new AzurermProvider(stack, 'azurerm', {
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

    if (plan.kind === 'network') {
      const n = view.network(plan.network!);
      networks.set(n.path, new AccreditedNetwork(stack, n.id, { ...networkProps(n), site: azureSiteProps(site), estate: model.name }));
      continue;
    }

    const e = view.enclave(plan.enclave!);
    const network = networks.get(e.network);
    if (!network) throw new Error(`pcloud internal error: enclave stack "${plan.name}" is planned before the stack of network "${e.network}"`);
    const enclave = new TenantEnclave(stack, e.id, { ...enclaveProps(e), network });
    stackDependsOn(enclave, network);
    const workloads = new Map<string, Workload>();
    for (const w of view.workloadsOf(e)) workloads.set(w.path, new Workload(enclave, w.id, workloadProps(w)));
    for (const f of view.flowsWithin(e)) {
      workloads.get(f.to)!.allowFrom(workloads.get(f.from)!, { protocol: f.protocol, from: f.fromPort, to: f.toPort });
    }
  }
}
