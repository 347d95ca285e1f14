import { tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, notApplicable, perOwner, workloadsWithSite } from './helpers';

const MIGRATE = 'migrate.encryptionMode';

/** PCR-09: encrypted hypervisor migration (vSphere; the public clouds migrate VMs themselves). */
export const PCR_09: Rule = {
  id: 'PCR-09',
  model: ({ view }) =>
    workloadsWithSite(view)
      .filter(({ workload }) => workload.kind !== 'objectStore')
      .map(({ workload, site }) =>
        site.vsphere
          ? compliant(workload.path, [], 'encrypted vMotion required; Fault Tolerance encryption is an operator control recorded in the firewall manifest')
          : notApplicable(workload.path, `${site.platform} migrates VMs itself; the customer has no hypervisor migration to encrypt`),
      ),
  outputs: ({ view, outputs }) =>
    perOwner(
      view,
      tfResources<{ extra_config?: Record<string, string> }>(outputs, 'vsphere_virtual_machine').map((resource) =>
        resource.properties.extra_config?.[MIGRATE] === 'required'
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} does not require encrypted vMotion`, fix: `set extra_config ${MIGRATE} = required` } },
      ),
    ),
};
