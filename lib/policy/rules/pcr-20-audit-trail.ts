import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, nonCompliant, stacks, verdict } from './helpers';

/** PCR-20: a control-plane audit trail on every site. */
export const PCR_20: Rule = {
  id: 'PCR-20',
  model: ({ model }) =>
    model.sites
      .filter((s) => model.networks.some((n) => n.site === s.id))
      .map((site) => {
        if (site.aws) return compliant(site.id, [], 'CloudTrail: multi-region, validated, encrypted');
        if (site.azure) return compliant(site.id, [], 'subscription activity log to Log Analytics and the log archive');
        return site.vsphere!.logForwarding
          ? compliant(site.id, [], `vCenter and ESXi logs forwarded to ${site.vsphere!.logForwarding.target}`)
          : nonCompliant(site.id, [{ problem: `site ${site.id} records no vCenter log forwarding`, fix: `forward vCenter and ESXi logs to the SOC's syslog collector and record logForwarding on site ${site.id}` }]);
      }),
  outputs: ({ outputs }) => [
    ...stacks(outputs, 'aws', 'site').map((stack) => {
      const trails = cfnResources<{ IsMultiRegionTrail?: boolean; EnableLogFileValidation?: boolean; KMSKeyId?: unknown; IsLogging?: boolean }>(stack, 'AWS::CloudTrail::Trail');
      const good = trails.filter((t) => t.properties.IsMultiRegionTrail === true && t.properties.EnableLogFileValidation === true && t.properties.KMSKeyId);
      return verdict(
        stack.plan.site,
        good.length ? [] : [{ problem: trails.length ? `${describe(trails[0])} is not multi-region, validated and encrypted` : `site stack ${stack.plan.name} renders no CloudTrail trail`, fix: 'a renderer bug: report it' }],
        good.map((t) => t.ref),
      );
    }),
    ...stacks(outputs, 'azure', 'site').map((stack) => {
      const settings = tfResources<{ target_resource_id?: string }>(stack, 'azurerm_monitor_diagnostic_setting').filter((d) => String(d.properties.target_resource_id).startsWith('/subscriptions/'));
      return verdict(stack.plan.site, settings.length ? [] : [{ problem: `site stack ${stack.plan.name} sends no subscription activity log anywhere`, fix: 'a renderer bug: report it' }], settings.map((s) => s.ref));
    }),
  ],
};
