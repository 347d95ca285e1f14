import { cfnResources, stacksOf, tfResources, type RenderedStack } from '../outputs';
import type { ResourceRef, Rule } from '../types';
import { compliant, nonCompliant } from './helpers';

/** What an enclave must own on each platform to be isolated. */
const OWN: Record<string, readonly string[]> = {
  aws: ['AWS::EC2::Subnet', 'AWS::EC2::NetworkAcl', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'],
  azure: ['azurerm_resource_group', 'azurerm_subnet', 'azurerm_network_security_group', 'azurerm_key_vault'],
  vsphere: ['vsphere_folder', 'vsphere_resource_pool', 'vsphere_distributed_port_group'],
};

/** PCR-11: one isolated enclave per force: its own subnets, filters, keys, logs and state. */
export const PCR_11: Rule = {
  id: 'PCR-11',
  model: ({ model }) =>
    model.enclaves.map((e) => {
      const others = model.enclaves.filter((o) => o.network === e.network && o !== e && o.tenant.code === e.tenant.code);
      return others.length
        ? nonCompliant(e.path, [{ problem: `${e.tenant.name} has another enclave on the network: ${others.map((o) => o.path).join(', ')}`, fix: 'one enclave per tenant per network' }])
        : compliant(e.path, [], `${e.cidr}, its own stack and state`);
    }),
  outputs: ({ outputs }) =>
    outputs.stacks
      .filter((s) => s.plan.kind === 'enclave')
      .map((stack) => {
        const needed = OWN[stack.plan.platform];
        const evidence: ResourceRef[] = [];
        const missing: string[] = [];
        for (const type of needed) {
          const found = resourcesOf(stack, type);
          if (found.length) evidence.push(...found);
          else missing.push(type);
        }
        if (stack.plan.platform === 'vsphere') {
          const portGroups = new Set(stacksOf(outputs, 'vsphere').flatMap((s) => tfResources<{ name?: string }>(s, 'vsphere_distributed_port_group').map((r) => `${r.stack.plan.name}:${r.properties.name}`)));
          const names = tfResources<{ name?: string }>(stack, 'vsphere_distributed_port_group').map((r) => r.properties.name);
          const shared = names.filter((n) => [...portGroups].filter((p) => p.endsWith(`:${n}`)).length > 1);
          if (shared.length) missing.push(`port groups of its own (shared: ${shared.join(', ')})`);
        }
        return missing.length
          ? nonCompliant(stack.plan.enclave!, [{ problem: `enclave stack ${stack.plan.name} has no ${missing.join(', ')} of its own`, fix: 'a renderer bug: report it' }])
          : compliant(stack.plan.enclave!, evidence);
      }),
};

function resourcesOf(stack: RenderedStack, type: string): ResourceRef[] {
  return (type.startsWith('AWS::') ? cfnResources(stack, type) : tfResources(stack, type)).map((r) => r.ref);
}
