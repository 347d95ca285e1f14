import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, notApplicable, perOwner, workloadsWithSite } from './helpers';

/** PCR-15: no publicly reachable data stores. */
export const PCR_15: Rule = {
  id: 'PCR-15',
  model: ({ view }) =>
    workloadsWithSite(view)
      .filter(({ workload }) => workload.kind !== 'vm')
      .map(({ workload, site }) =>
        site.vsphere ? notApplicable(workload.path, 'vSphere hosts no managed data store; the database is a VM on its tier port group') : compliant(workload.path, [], 'reachable only through the enclave'),
      ),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...cfnResources<{ PublicAccessBlockConfiguration?: Record<string, boolean> }>(outputs, 'AWS::S3::Bucket').map((resource) => {
        const block = resource.properties.PublicAccessBlockConfiguration ?? {};
        const all = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => block[k] === true);
        return all ? { resource } : { resource, problem: { problem: `${describe(resource)} does not block public access`, fix: 'block all public access' } };
      }),
      ...cfnResources<{ PubliclyAccessible?: boolean }>(outputs, 'AWS::RDS::DBInstance').map((resource) =>
        resource.properties.PubliclyAccessible === false ? { resource } : { resource, problem: { problem: `${describe(resource)} may be publicly accessible`, fix: 'set PubliclyAccessible false' } },
      ),
      ...tfResources<{ public_network_access_enabled?: boolean; allow_nested_items_to_be_public?: boolean }>(outputs, 'azurerm_storage_account').map((resource) =>
        resource.properties.allow_nested_items_to_be_public === false && resource.properties.public_network_access_enabled !== true
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} allows public access`, fix: 'turn public blob access and public network access off' } },
      ),
      ...tfResources<{ public_network_access_enabled?: boolean }>(outputs, 'azurerm_postgresql_flexible_server').map((resource) =>
        resource.properties.public_network_access_enabled === false ? { resource } : { resource, problem: { problem: `${describe(resource)} allows public network access`, fix: 'turn public network access off' } },
      ),
    ]),
};
