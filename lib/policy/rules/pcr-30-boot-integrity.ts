import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, nonCompliant, perOwner, workloadsWithSite } from './helpers';

/** PCR-30: boot integrity: IMDSv2 on AWS; Trusted Launch on Azure; EFI secure boot and vTPM on vSphere. */
export const PCR_30: Rule = {
  id: 'PCR-30',
  model: ({ view }) =>
    workloadsWithSite(view)
      .filter(({ workload }) => workload.kind !== 'objectStore' && (workload.kind === 'vm' || view.siteOfEnclave(view.enclave(workload.enclave)).vsphere))
      .map(({ workload, site }) => {
        if (!site.vsphere) return compliant(workload.path, [], site.aws ? 'IMDSv2 required' : 'Trusted Launch: secure boot and vTPM');
        const template = workload.kind === 'database' ? site.vsphere.databaseTemplate : site.vsphere.templates[workload.image!];
        return template?.vtpm
          ? compliant(workload.path, [], `EFI secure boot and vTPM (template ${template.name})`)
          : nonCompliant(workload.path, [{ problem: `template ${template?.name ?? '(none)'} has no vTPM`, fix: 'use a vTPM-capable template (EFI, hardware version 14+, a key provider) and record vtpm: true' }]);
      }),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...cfnResources<{ MetadataOptions?: { HttpTokens?: string } }>(outputs, 'AWS::EC2::Instance').map((resource) =>
        resource.properties.MetadataOptions?.HttpTokens === 'required' ? { resource } : { resource, problem: { problem: `${describe(resource)} does not require IMDSv2`, fix: 'require IMDSv2' } },
      ),
      ...tfResources<{ secure_boot_enabled?: boolean; vtpm_enabled?: boolean }>(outputs, 'azurerm_linux_virtual_machine').map((resource) =>
        resource.properties.secure_boot_enabled === true && resource.properties.vtpm_enabled === true
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} is not Trusted Launch (secure boot and vTPM)`, fix: 'turn on secure boot and vTPM' } },
      ),
      ...tfResources<{ firmware?: string; efi_secure_boot_enabled?: boolean }>(outputs, 'vsphere_virtual_machine').map((resource) =>
        resource.properties.firmware === 'efi' && resource.properties.efi_secure_boot_enabled === true
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} does not boot with EFI secure boot`, fix: 'a renderer bug: report it' } },
      ),
    ]),
};
