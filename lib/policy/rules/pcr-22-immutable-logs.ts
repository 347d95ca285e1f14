import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, enclavesWithSite, nonCompliant, stacks, verdict } from './helpers';

/** PCR-22: immutable logs outside the tenant: a write-once archive in the site's own stack. */
export const PCR_22: Rule = {
  id: 'PCR-22',
  model: ({ view }) =>
    enclavesWithSite(view).map(({ enclave, site }) => {
      if (!site.vsphere) return compliant(enclave.path, [], `site ${site.id}'s log archive, outside the enclave, is write-once`);
      const forwarding = site.vsphere.logForwarding;
      if (!forwarding) return nonCompliant(enclave.path, [{ problem: `site ${site.id} records no remote log collector`, fix: `record logForwarding on site ${site.id}` }]);
      return forwarding.immutable
        ? compliant(enclave.path, [], `logs forwarded to ${forwarding.target}, kept immutable`)
        : nonCompliant(enclave.path, [{ problem: `the collector ${forwarding.target} does not keep logs immutable`, fix: `make the collector write-once and record immutable: true on site ${site.id}` }]);
    }),
  outputs: ({ view, outputs }) => {
    const sites = [
      ...stacks(outputs, 'aws', 'site').map((stack) => {
        const locked = cfnResources<{ ObjectLockEnabled?: boolean; ObjectLockConfiguration?: { Rule?: { DefaultRetention?: { Mode?: string } } } }>(stack, 'AWS::S3::Bucket').filter(
          (b) => b.properties.ObjectLockEnabled === true && b.properties.ObjectLockConfiguration?.Rule?.DefaultRetention?.Mode !== undefined,
        );
        return { site: stack.plan.site, evidence: locked.map((b) => b.ref) };
      }),
      ...stacks(outputs, 'azure', 'site').map((stack) => {
        const immutable = [
          ...tfResources<{ immutability_policy?: unknown }>(stack, 'azurerm_storage_account').filter((a) => a.properties.immutability_policy),
          ...tfResources(stack, 'azurerm_storage_container_immutability_policy'),
        ];
        return { site: stack.plan.site, evidence: immutable.map((a) => a.ref) };
      }),
    ];
    return enclavesWithSite(view)
      .filter(({ site }) => !site.vsphere)
      .flatMap(({ enclave, site }) => {
        const found = sites.find((s) => s.site === site.id);
        if (!found) return [];
        return [verdict(enclave.path, found.evidence.length ? [] : [{ problem: `site ${site.id} renders no write-once log archive`, fix: 'a renderer bug: report it' }], found.evidence)];
      });
  },
};
