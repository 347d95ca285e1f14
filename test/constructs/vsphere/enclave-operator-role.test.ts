import { TerraformStack, Testing } from 'cdktf';
import { DataVsphereRole } from '@cdktf/provider-vsphere/lib/data-vsphere-role';
import { EntityPermissions } from '@cdktf/provider-vsphere/lib/entity-permissions';
import { Role } from '@cdktf/provider-vsphere/lib/role';
import * as vsphere from '../../../constructs/vsphere';
import type { Tf } from './terraform-json';

function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

/** A permission that uses `roleId`, so the test can read how the id renders. */
function probe(stack: TerraformStack, roleId: string): void {
  new EntityPermissions(stack, 'Probe', { entityType: 'Folder', entityId: 'group-v1', permissions: [{ userOrGroup: 'X\\probe', isGroup: true, propagate: true, roleId }] });
}

/** Privilege groups that grant access, change roles or global settings, or reach past the enclave's VMs. */
const NEVER = [/^Authorization\./, /^Global\./, /^Sessions\./, /^Extension\./, /^Host\./, /^Datastore\./, /^Network\./, /^Resource\./, /^Folder\./, /^Datacenter\./, /^InventoryService\./, /^StorageProfile\./, /^VApp\./];

describe('EnclaveOperatorRole', () => {
  test('renders one custom role named after the estate, with VM operation privileges only', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const role = new vsphere.EnclaveOperatorRole(stack, 'OperatorRole', { estate: 'gmp' });
    probe(stack, role.roleId);
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(role.roleName).toBe('pcloud-gmp-enclave-operator');
    expect(out).toHaveResourceWithProperties(Role, { name: 'pcloud-gmp-enclave-operator' });
    const [[address, rendered]] = Object.entries(tf.resource!.vsphere_role);
    expect(Object.values(tf.resource!.vsphere_entity_permissions)[0].permissions[0].role_id).toBe(`\${vsphere_role.${address}.id}`);
    const privileges: string[] = rendered.role_privileges;
    expect(privileges).toEqual(expect.arrayContaining([
      'VirtualMachine.Interact.PowerOn',
      'VirtualMachine.Interact.PowerOff',
      'VirtualMachine.Interact.ConsoleInteract',
      'VirtualMachine.State.CreateSnapshot',
      'VirtualMachine.State.RevertToSnapshot',
      'VirtualMachine.Config.CPUCount',
      'VirtualMachine.Config.Memory',
    ]));
    expect(privileges.filter((p) => NEVER.some((never) => never.test(p)))).toEqual([]);
  });

  test('grants no privilege that grants access, edits roles or global settings, or administers the vCenter', () => {
    // WHEN
    const privileges = vsphere.ENCLAVE_OPERATOR_PRIVILEGES;
    // THEN
    expect(privileges.filter((p) => p.startsWith('Authorization.') || p.startsWith('Global.'))).toEqual([]);
    expect(privileges).not.toContain('Administrator');
    // The console of an encrypted VM needs direct access; nothing else of Cryptographer (no decrypt, no keys).
    expect(privileges.filter((p) => p.startsWith('Cryptographer.'))).toEqual(['Cryptographer.Access']);
    // Nothing that moves, clones, deletes or re-networks a VM, changes its boot options or advanced settings, or edits its tags.
    for (const p of [
      'VirtualMachine.Inventory.Delete',
      'VirtualMachine.Inventory.Move',
      'VirtualMachine.Provisioning.Clone',
      'VirtualMachine.Provisioning.GetVmFiles',
      'VirtualMachine.Config.AdvancedConfig',
      'VirtualMachine.Config.Settings',
      'VirtualMachine.Config.Annotation',
      'VirtualMachine.Config.RemoveDisk',
      'InventoryService.Tagging.AttachTag',
      'Network.Assign',
    ]) {
      expect(privileges).not.toContain(p);
    }
    // vCenter adds System.* to every role, and the provider reads them back without it.
    expect(privileges.filter((p) => p.startsWith('System.'))).toEqual([]);
    expect([...privileges]).toEqual([...privileges].sort());
  });
});

describe('EnclaveOperatorRoleLookup', () => {
  test('finds the role by its name with a data source, created on first use', () => {
    // GIVEN
    const stack = newStack();
    const lookup = new vsphere.EnclaveOperatorRoleLookup(stack, 'OperatorRole', { estate: 'gmp' });
    expect(Testing.synth(stack)).not.toContain('vsphere_role');
    // WHEN
    probe(stack, lookup.roleId);
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveDataSourceWithProperties(DataVsphereRole, { label: 'pcloud-gmp-enclave-operator' });
    const [address] = Object.keys(tf.data!.vsphere_role);
    expect(Object.values(tf.resource!.vsphere_entity_permissions)[0].permissions[0].role_id).toBe(`\${data.vsphere_role.${address}.id}`);
    expect(tf.resource!.vsphere_role).toBeUndefined();
  });

  test('fails when the estate name is not kebab case', () => {
    expect(() => new vsphere.EnclaveOperatorRoleLookup(newStack(), 'OperatorRole', { estate: 'GMP Estate' })).toThrow(expect.objectContaining({ code: 'ID_INVALID' }));
  });
});
