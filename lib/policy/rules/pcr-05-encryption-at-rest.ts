import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, nonCompliant, perOwner, workloadsWithSite } from './helpers';

const fix = 'keep diskEncryption on, or record a risk acceptance for PCR-05';

/** PCR-05: encryption at rest everywhere: disks, databases, stores and logs. */
export const PCR_05: Rule = {
  id: 'PCR-05',
  model: ({ view }) =>
    workloadsWithSite(view).map(({ workload, site }) =>
      workload.diskEncryption === false
        ? nonCompliant(workload.path, [{ problem: `the ${workload.kind}'s ${workload.kind === 'vm' ? 'disks are' : 'storage is'} not encrypted at rest`, fix }])
        : compliant(workload.path, [], site.vsphere ? `storage policy "${site.vsphere.encryptionStoragePolicy}"` : undefined),
    ),
  outputs: ({ view, outputs }) => {
    const checked = [
      ...cfnResources<{ BlockDeviceMappings?: { Ebs?: { Encrypted?: boolean } }[] }>(outputs, 'AWS::EC2::Instance').map((resource) => {
        const plain = (resource.properties.BlockDeviceMappings ?? []).filter((b) => b.Ebs && b.Ebs.Encrypted !== true);
        return plain.length ? { resource, problem: { problem: `${describe(resource)} has an unencrypted EBS volume`, fix } } : { resource };
      }),
      ...cfnResources<{ StorageEncrypted?: boolean }>(outputs, 'AWS::RDS::DBInstance').map((resource) =>
        resource.properties.StorageEncrypted === true ? { resource } : { resource, problem: { problem: `${describe(resource)} is not storage-encrypted`, fix } },
      ),
      ...cfnResources<{ BucketEncryption?: unknown }>(outputs, 'AWS::S3::Bucket').map((resource) =>
        resource.properties.BucketEncryption ? { resource } : { resource, problem: { problem: `${describe(resource)} has no default encryption`, fix: 'encrypt the bucket with KMS' } },
      ),
      ...cfnResources<{ KmsKeyId?: unknown }>(outputs, 'AWS::Logs::LogGroup').map((resource) =>
        resource.properties.KmsKeyId ? { resource } : { resource, problem: { problem: `${describe(resource)} is not KMS-encrypted`, fix: 'encrypt the log group with the enclave or site key' } },
      ),
      ...tfResources<{ os_disk?: { disk_encryption_set_id?: string }[] | { disk_encryption_set_id?: string }; encryption_at_host_enabled?: boolean }>(outputs, 'azurerm_linux_virtual_machine').map((resource) => {
        const disk = Array.isArray(resource.properties.os_disk) ? resource.properties.os_disk[0] : resource.properties.os_disk;
        return disk?.disk_encryption_set_id || resource.properties.encryption_at_host_enabled
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} has no disk encryption set or encryption at host`, fix } };
      }),
      ...tfResources<{ storage_policy_id?: string; disk?: { storage_policy_id?: string }[] }>(outputs, 'vsphere_virtual_machine').map((resource) => {
        const p = resource.properties;
        const ok = p.storage_policy_id && (p.disk ?? []).every((d) => d.storage_policy_id);
        return ok ? { resource } : { resource, problem: { problem: `${describe(resource)} has no encryption storage policy on its home or disks`, fix } };
      }),
    ];
    return perOwner(view, checked);
  },
};
