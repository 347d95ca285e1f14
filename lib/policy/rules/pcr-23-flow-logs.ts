import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, nonCompliant, verdict } from './helpers';

/** PCR-23: flow logs to an authorised collector. */
export const PCR_23: Rule = {
  id: 'PCR-23',
  model: ({ model, view }) =>
    model.networks.map((n) => {
      const site = view.site(n.site);
      if (!site.vsphere) return compliant(n.path, [], site.aws ? 'VPC flow logs' : 'VNet flow logs with traffic analytics');
      return site.vsphere.ipfixCollector
        ? compliant(n.path, [], `port groups export IPFIX to ${site.vsphere.ipfixCollector}`)
        : nonCompliant(n.path, [{ problem: `site ${site.id} declares no IPFIX collector`, fix: `declare ipfixCollector on site ${site.id}` }]);
    }),
  outputs: ({ outputs }) =>
    outputs.stacks
      .filter((s) => s.plan.kind === 'network' && s.plan.platform !== 'vsphere')
      .map((stack) => {
        const logs =
          stack.plan.platform === 'aws'
            ? cfnResources<{ ResourceType?: string; TrafficType?: string }>(stack, 'AWS::EC2::FlowLog').filter((f) => f.properties.ResourceType === 'VPC' && f.properties.TrafficType === 'ALL')
            : tfResources<{ enabled?: boolean }>(stack, 'azurerm_network_watcher_flow_log').filter((f) => f.properties.enabled === true);
        return verdict(stack.plan.network!, logs.length ? [] : [{ problem: `network stack ${stack.plan.name} renders no flow log`, fix: 'a renderer bug: report it' }], logs.map((l) => l.ref));
      }),
};
