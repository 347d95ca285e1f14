import { cfnResources, tfResources } from '../outputs';
import type { Problem, Rule } from '../types';
import { describe, perOwner, verdict } from './helpers';

const MIN = 365;

/** PCR-21: logs are kept at least 365 days. */
export const PCR_21: Rule = {
  id: 'PCR-21',
  model: ({ model }) => [
    ...model.networks.map((n) =>
      verdict(n.path, n.flowLogRetentionDays < MIN ? [{ problem: `flow logs are kept ${n.flowLogRetentionDays} days`, fix: `keep them at least ${MIN} days, or record a risk acceptance for PCR-21` }] : [], [], `flow logs kept ${n.flowLogRetentionDays} days`),
    ),
    ...model.enclaves.map((e) =>
      verdict(e.path, e.auditRetentionDays < MIN ? [{ problem: `the audit log is kept ${e.auditRetentionDays} days`, fix: `keep it at least ${MIN} days, or record a risk acceptance for PCR-21` }] : [], [], `audit log kept ${e.auditRetentionDays} days`),
    ),
    ...model.sites
      .filter((s) => s.vsphere?.logForwarding)
      .map((s) => {
        const days = s.vsphere!.logForwarding!.retentionDays;
        const problems: Problem[] = days < MIN ? [{ problem: `the syslog collector keeps logs ${days} days`, fix: `keep them at least ${MIN} days` }] : [];
        return verdict(s.id, problems, [], `syslog collector keeps logs ${days} days`);
      }),
  ],
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...cfnResources<{ RetentionInDays?: number }>(outputs, 'AWS::Logs::LogGroup').map((resource) => {
        const days = resource.properties.RetentionInDays;
        return days !== undefined && days < MIN ? { resource, problem: { problem: `${describe(resource)} keeps logs ${days} days`, fix: `keep them at least ${MIN} days` } } : { resource };
      }),
      ...tfResources<{ retention_in_days?: number }>(outputs, 'azurerm_log_analytics_workspace').map((resource) => {
        const days = resource.properties.retention_in_days ?? 30;
        return days < MIN ? { resource, problem: { problem: `${describe(resource)} keeps logs ${days} days`, fix: `keep them at least ${MIN} days` } } : { resource };
      }),
      ...tfResources<{ retention_policy?: { days?: number; enabled?: boolean } | { days?: number; enabled?: boolean }[] }>(outputs, 'azurerm_network_watcher_flow_log').map((resource) => {
        const policy = Array.isArray(resource.properties.retention_policy) ? resource.properties.retention_policy[0] : resource.properties.retention_policy;
        const days = policy?.enabled === false ? Infinity : (policy?.days ?? 0);
        return days < MIN ? { resource, problem: { problem: `${describe(resource)} keeps flow logs ${days} days`, fix: `keep them at least ${MIN} days` } } : { resource };
      }),
    ]),
};
