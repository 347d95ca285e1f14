import { cfnResources, stacksOf, tfResources } from '../outputs';
import type { Problem, Rule } from '../types';
import { describe, enclavesWithSite, nonCompliant, perOwner, verdict } from './helpers';

/** PCR-06: customer-managed keys, one key set per enclave. */
export const PCR_06: Rule = {
  id: 'PCR-06',
  model: ({ view }) => [
    ...enclavesWithSite(view).map(({ enclave, site }) => {
      const problems: Problem[] = [];
      if (site.vsphere && !site.vsphere.keyProvider) {
        problems.push({ problem: `site ${site.id} records no vCenter key provider`, fix: `record keyProvider: { name } on site ${site.id}` });
      }
      return verdict(enclave.path, problems, [], site.vsphere ? `key provider ${site.vsphere.keyProvider?.name}` : 'a key of its own');
    }),
    ...view.model.workloads
      .filter((w) => w.diskEncryption === false)
      .map((w) => nonCompliant(w.path, [{ problem: 'the workload is not encrypted under the enclave key', fix: 'keep diskEncryption on, or record a risk acceptance for PCR-06' }])),
  ],
  outputs: ({ view, outputs }) => {
    const checked = [
      ...stacksOf(outputs, 'aws')
        .filter((s) => s.plan.kind === 'enclave')
        .flatMap((stack) => {
          const keys = cfnResources(stack, 'AWS::KMS::Key');
          return keys.length ? keys.map((resource) => ({ resource })) : [];
        }),
      ...tfResources(outputs, 'azurerm_key_vault_key').map((resource) => ({ resource })),
      ...tfResources<{ customer_managed_key?: unknown }>(outputs, 'azurerm_storage_account')
        .filter((r) => r.stack.plan.kind === 'enclave')
        .map((resource) =>
          resource.properties.customer_managed_key ? { resource } : { resource, problem: { problem: `${describe(resource)} has no customer-managed key`, fix: 'encrypt it with the enclave key' } },
        ),
    ];
    const enclaves = outputs.stacks.filter((s) => s.plan.kind === 'enclave' && s.plan.platform !== 'vsphere').map((s) => s.plan.enclave!);
    const results = perOwner(view, checked, enclaves);
    return results.map((r) =>
      r.status === 'compliant' && enclaves.includes(r.subject) && (r.evidence ?? []).length === 0
        ? nonCompliant(r.subject, [{ problem: 'the enclave stack renders no key of its own', fix: 'a renderer bug: report it' }])
        : r,
    );
  },
};
