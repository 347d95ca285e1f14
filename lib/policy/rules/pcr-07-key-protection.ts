import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, enclavesWithSite, nonCompliant, perOwner } from './helpers';

/** PCR-07: keys rotated and protected from deletion. */
export const PCR_07: Rule = {
  id: 'PCR-07',
  model: ({ view }) =>
    enclavesWithSite(view).map(({ enclave, site }) => {
      if (!site.vsphere) return compliant(enclave.path);
      return site.vsphere.keyProvider?.backupRecorded
        ? compliant(enclave.path, [], `key provider ${site.vsphere.keyProvider.name}, backup recorded`)
        : nonCompliant(enclave.path, [{ problem: `site ${site.id} records no backup of its key provider`, fix: `record keyProvider: { name, backupRecorded: true } on site ${site.id}` }]);
    }),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...cfnResources<{ EnableKeyRotation?: boolean }>(outputs, 'AWS::KMS::Key').map((resource) => {
        const problems = [];
        if (resource.properties.EnableKeyRotation !== true) problems.push('rotation is off');
        if (resource.cfn?.DeletionPolicy !== 'Retain') problems.push('it is not retained on stack deletion');
        return problems.length ? { resource, problem: { problem: `${describe(resource)}: ${problems.join(', ')}`, fix: 'turn rotation on and retain the key' } } : { resource };
      }),
      ...tfResources<{ purge_protection_enabled?: boolean }>(outputs, 'azurerm_key_vault').map((resource) =>
        resource.properties.purge_protection_enabled === true ? { resource } : { resource, problem: { problem: `${describe(resource)} has no purge protection`, fix: 'enable purge protection' } },
      ),
      ...tfResources<{ rotation_policy?: unknown }>(outputs, 'azurerm_key_vault_key').map((resource) =>
        resource.properties.rotation_policy ? { resource } : { resource, problem: { problem: `${describe(resource)} has no rotation policy`, fix: 'give the key a rotation policy' } },
      ),
    ]),
};
