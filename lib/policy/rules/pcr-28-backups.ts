import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, enclavesWithSite, nonCompliant, verdict } from './helpers';

/** PCR-28: backups encrypted and kept in the UK. */
export const PCR_28: Rule = {
  id: 'PCR-28',
  model: ({ view }) =>
    enclavesWithSite(view)
      .filter(({ enclave }) => view.workloadsOf(enclave).some((w) => w.kind !== 'objectStore'))
      .map(({ enclave, site }) => {
        if (site.vsphere) {
          const target = site.vsphere.backupTarget;
          if (!target) return nonCompliant(enclave.path, [{ problem: `site ${site.id} records no backup target`, fix: `record backupTarget on site ${site.id}` }]);
          const problems = [
            ...(target.country !== 'GB' ? [{ problem: `backups go to ${target.country}`, fix: 'keep backups in the UK' }] : []),
            ...(!target.encrypted ? [{ problem: `backups on ${target.name} are not encrypted`, fix: 'encrypt the backup repository' }] : []),
          ];
          return verdict(enclave.path, problems, [], `backups to ${target.name} (${target.country})`);
        }
        return enclave.backup.enabled
          ? compliant(enclave.path, [], `daily backups kept ${enclave.backup.retentionDays} days in a vault in ${site.aws?.region ?? site.azure?.location}`)
          : nonCompliant(enclave.path, [{ problem: 'backups are off', fix: 'turn backups on, or record a risk acceptance for PCR-28' }]);
      }),
  outputs: ({ view, outputs }) =>
    outputs.stacks
      .filter((s) => s.plan.kind === 'enclave' && s.plan.platform !== 'vsphere')
      .filter((s) => view.enclave(s.plan.enclave!).backup.enabled && view.workloadsOf(view.enclave(s.plan.enclave!)).some((w) => w.kind !== 'objectStore'))
      .map((stack) => {
        const vaults =
          stack.plan.platform === 'aws'
            ? cfnResources<{ EncryptionKeyArn?: unknown }>(stack, 'AWS::Backup::BackupVault').filter((v) => v.properties.EncryptionKeyArn)
            : tfResources(stack, 'azurerm_recovery_services_vault');
        const plans = stack.plan.platform === 'aws' ? cfnResources(stack, 'AWS::Backup::BackupPlan') : tfResources(stack, 'azurerm_backup_policy_vm');
        const ok = vaults.length > 0 && plans.length > 0;
        return verdict(stack.plan.enclave!, ok ? [] : [{ problem: `enclave stack ${stack.plan.name} renders no encrypted backup vault and plan`, fix: 'a renderer bug: report it' }], [...vaults, ...plans].map((r) => r.ref));
      }),
};
