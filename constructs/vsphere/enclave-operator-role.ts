import { Construct } from 'constructs';
import { DataVsphereRole } from '@cdktf/provider-vsphere/lib/data-vsphere-role';
import { Role } from '@cdktf/provider-vsphere/lib/role';
import { checkId } from '../../lib/model/checks';
import { vsphereNames } from '../../lib/naming/vsphere';

/**
 * What an enclave's administrators may do on the VMs of its folder and resource pool: power,
 * console, snapshots and CPU, memory and resource shares (rule PCR-19). Nothing that grants
 * access, edits roles or global settings, moves, clones, exports, deletes or re-networks a VM,
 * touches tags (the classification, PCR-01), advanced settings or boot options (encrypted
 * vMotion, secure boot: PCR-09, PCR-30), or decrypts anything. vCenter adds System.Anonymous,
 * System.Read and System.View to every role itself, and the provider leaves them out when it
 * reads a role back, so they are not listed.
 */
export const ENCLAVE_OPERATOR_PRIVILEGES: readonly string[] = [
  // The console of an encrypted VM needs it (every pcloud VM is encrypted); exporting or downloading
  // a VM also needs VApp.Export, VirtualMachine.Provisioning.GetVmFiles or Datastore.*, none of which is granted.
  'Cryptographer.Access',
  'VirtualMachine.Config.CPUCount',
  'VirtualMachine.Config.Memory',
  'VirtualMachine.Config.Resource',
  'VirtualMachine.Interact.AnswerQuestion',
  'VirtualMachine.Interact.ConsoleInteract',
  'VirtualMachine.Interact.PowerOff',
  'VirtualMachine.Interact.PowerOn',
  'VirtualMachine.Interact.Reset',
  'VirtualMachine.Interact.Suspend',
  'VirtualMachine.Interact.ToolsInstall',
  'VirtualMachine.State.CreateSnapshot',
  'VirtualMachine.State.RemoveSnapshot',
  'VirtualMachine.State.RenameSnapshot',
  'VirtualMachine.State.RevertToSnapshot',
];

/** Where the id of the enclave operator role comes from. */
export interface IEnclaveOperatorRole {
  /** The role's name in vCenter. */
  readonly roleName: string;
  /** The role's id, for entity permissions. */
  readonly roleId: string;
}

export interface EnclaveOperatorRoleProps {
  /**
   * Estate name: it prefixes the role's name.
   * @default 'pcloud'
   */
  readonly estate?: string;
}

/**
 * The custom vCenter role pcloud grants enclave administrators on their enclave's folder and
 * resource pool: `ENCLAVE_OPERATOR_PRIVILEGES`, never Administrator. Deploy it once per vCenter
 * and estate (the estate path puts it in the site stack); other stacks find it with an
 * `EnclaveOperatorRoleLookup`.
 */
export class EnclaveOperatorRole extends Construct implements IEnclaveOperatorRole {
  readonly roleName: string;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: EnclaveOperatorRoleProps = {}) {
    const estate = checkId(props?.estate ?? 'pcloud', scope.node.path, 'estate name');
    super(scope, id);
    this.roleName = vsphereNames.enclaveOperatorRole(estate);
    this.role = new Role(this, 'Resource', { name: this.roleName, rolePrivileges: [...ENCLAVE_OPERATOR_PRIVILEGES] });
  }

  get roleId(): string {
    return this.role.id;
  }
}

export interface EnclaveOperatorRoleLookupProps {
  /**
   * Estate name of the role's `EnclaveOperatorRole`.
   * @default 'pcloud'
   */
  readonly estate?: string;
}

/**
 * Finds the `EnclaveOperatorRole` deployed in another stack by name, with a data source created
 * on first use, so no stack reads another's state. Deploy the role's stack first.
 */
export class EnclaveOperatorRoleLookup extends Construct implements IEnclaveOperatorRole {
  readonly roleName: string;
  private role?: DataVsphereRole;

  constructor(scope: Construct, id: string, props: EnclaveOperatorRoleLookupProps = {}) {
    const estate = checkId(props?.estate ?? 'pcloud', scope.node.path, 'estate name');
    super(scope, id);
    this.roleName = vsphereNames.enclaveOperatorRole(estate);
  }

  get roleId(): string {
    // A custom role's label is its name.
    this.role ??= new DataVsphereRole(this, 'Resource', { label: this.roleName });
    return this.role.id;
  }
}
