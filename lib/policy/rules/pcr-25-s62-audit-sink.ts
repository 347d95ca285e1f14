import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, enclavesWithSite, nonCompliant, verdict } from './helpers';

/** PCR-25: every enclave has its own audit sink for DPA 2018 s.62 logging. */
export const PCR_25: Rule = {
  id: 'PCR-25',
  model: ({ view }) =>
    enclavesWithSite(view).map(({ enclave, site }) => {
      if (!site.vsphere) return compliant(enclave.path, [], `audit sink kept ${enclave.auditRetentionDays} days`);
      return site.vsphere.logForwarding
        ? compliant(enclave.path, [], `audit syslog to ${site.vsphere.logForwarding.target}`)
        : nonCompliant(enclave.path, [{ problem: `site ${site.id} records no syslog collector for the enclave's audit events`, fix: `record logForwarding on site ${site.id}` }]);
    }),
  outputs: ({ outputs }) =>
    outputs.stacks
      .filter((s) => s.plan.kind === 'enclave' && s.plan.platform !== 'vsphere')
      .map((stack) => {
        const sinks =
          stack.plan.platform === 'aws'
            ? cfnResources<{ LogGroupName?: string }>(stack, 'AWS::Logs::LogGroup').filter((g) => String(g.properties.LogGroupName).endsWith('/audit'))
            : tfResources(stack, 'azurerm_log_analytics_workspace');
        return verdict(stack.plan.enclave!, sinks.length ? [] : [{ problem: `enclave stack ${stack.plan.name} renders no audit sink`, fix: 'a renderer bug: report it' }], sinks.map((s) => s.ref));
      }),
};
