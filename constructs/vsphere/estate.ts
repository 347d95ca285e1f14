import type { Construct } from 'constructs';
import { VsphereProvider, type VsphereProviderConfig } from '@cdktf/provider-vsphere/lib/provider';
import { EstateView } from '../../lib/model/view';
import type { EstateModel, SiteModel } from '../../lib/model/types';
import type { StackPlan } from '../../lib/plan/stacks';
import { enclaveTags, networkTags } from '../../lib/tags';
import { enclaveProps, networkProps, vsphereSiteProps, workloadProps } from '../private/from-model';
import { markEstateApp } from '../private/own-stack-rules';
import { newTerraformStack, stackDependsOn, type TerraformStateConfig } from '../terraform';
import { AccreditedNetwork } from './accredited-network';
import { EnclaveOperatorRole, EnclaveOperatorRoleLookup } from './enclave-operator-role';
import { TagCatalogue, TagLookup } from './tag-catalogue';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';

/**
 * Renders the vSphere stacks of an estate into a cdktf app. `plans` come in order: a site's
 * stack, then each network's stack followed by its enclaves' stacks. The site stack holds the
 * estate's tag catalogue and the enclave operator role; every other stack finds tags, the role
 * and inventory by name, so no stack reads another's state. Stack dependencies order the
 * deployment instead. Flows, exchanges, shared services and interconnects have no vSphere
 * resources: they reach the site firewall through the manifest written beside the stacks.
 */
export function renderVsphereEstate(app: Construct, model: EstateModel, plans: readonly StackPlan[], state: TerraformStateConfig): void {
  markEstateApp(app);
  const view = new EstateView(model);
  const stacks = new Map<string, Construct>();
  const networks = new Map<string, AccreditedNetwork>();
  for (const plan of plans) {
    const site = view.site(plan.site);
    const stack = newTerraformStack(app, plan.name, state);
    stacks.set(plan.name, stack);
    vsphereProvider(stack, site);
    for (const dependency of plan.dependsOn) {
      const other = stacks.get(dependency);
      if (!other) throw new Error(`pcloud internal error: stack ${plan.name} is planned before ${dependency}, which it depends on`);
      stackDependsOn(stack, other);
    }
    switch (plan.kind) {
      case 'site':
        renderTagCatalogue(stack, view, site);
        new EnclaveOperatorRole(stack, 'OperatorRole', { estate: model.name });
        break;
      case 'network': {
        const network = view.network(plan.network!);
        networks.set(
          network.path,
          new AccreditedNetwork(stack, network.id, {
            ...networkProps(network),
            site: vsphereSiteProps(site),
            siteId: site.id,
            estate: model.name,
            tags: new TagLookup(stack, 'Tags', { estate: model.name }),
            operatorRole: new EnclaveOperatorRoleLookup(stack, 'OperatorRole', { estate: model.name }),
          }),
        );
        break;
      }
      case 'enclave':
        renderEnclave(stack, view, plan, networks);
        break;
    }
  }
}

/**
 * The provider of one stack. Its `user` and `password` are required by the provider (and by the
 * generated config type) but come from VSPHERE_USER and VSPHERE_PASSWORD in the environment, so
 * that no credential is ever written to the output.
 */
function vsphereProvider(stack: Construct, site: SiteModel): VsphereProvider {
  const config: Omit<VsphereProviderConfig, 'user' | 'password'> = {
    vsphereServer: site.vsphere!.server,
    allowUnverifiedSsl: false,
  };
  return new VsphereProvider(stack, 'Provider', config as VsphereProviderConfig);
}

/** Every tag value the site's networks, enclaves and workloads carry, created once in the site stack. */
function renderTagCatalogue(stack: Construct, view: EstateView, site: SiteModel): TagCatalogue {
  const estate = view.model.name;
  const catalogue = new TagCatalogue(stack, 'Tags', { estate });
  for (const network of view.networksOn(site)) {
    catalogue.tagIds(networkTags(estate, network));
    for (const enclave of view.enclavesOf(network)) {
      catalogue.tagIds(enclaveTags(estate, network, enclave));
      for (const workload of view.workloadsOf(enclave)) catalogue.tagIds(enclaveTags(estate, network, enclave, workload.classification));
    }
  }
  return catalogue;
}

function renderEnclave(stack: Construct, view: EstateView, plan: StackPlan, networks: ReadonlyMap<string, AccreditedNetwork>): void {
  const model = view.enclave(plan.enclave!);
  const network = networks.get(model.network);
  if (!network) throw new Error(`pcloud internal error: enclave stack ${plan.name} is planned before its network's stack`);
  const enclave = new TenantEnclave(stack, model.id, {
    ...enclaveProps(model),
    network,
    tags: new TagLookup(stack, 'Tags', { estate: view.model.name }),
    operatorRole: new EnclaveOperatorRoleLookup(stack, 'OperatorRole', { estate: view.model.name }),
  });
  checkSameModel(model.path, model.administrators, enclave.model.administrators);
  checkSameModel(model.path, { cidr: model.cidr, tiers: model.tiers }, { cidr: enclave.model.cidr, tiers: enclave.model.tiers });
  const workloads = new Map<string, Workload>();
  for (const w of view.workloadsOf(model)) {
    const workload = enclave.addWorkload(w.id, workloadProps(w));
    checkSameModel(w.path, w.address, workload.model.address);
    workloads.set(w.path, workload);
  }
  for (const flow of view.flowsWithin(model)) {
    workloads.get(flow.to)!.allowFrom(workloads.get(flow.from)!, { protocol: flow.protocol, from: flow.fromPort, to: flow.toPort });
  }
}

/** The constructs re-resolve the model from explicit props; a difference would split the firewall manifest from the port groups. */
function checkSameModel(path: string, expected: unknown, actual: unknown): void {
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    throw new Error(`pcloud internal error: the vSphere constructs of ${path} resolved ${JSON.stringify(actual)}, the estate model says ${JSON.stringify(expected)}`);
  }
}
