import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { Construct } from 'constructs';
import { administratorSlug } from '../../lib/model/enclave';
import { shortHash } from '../../lib/hash';
import { stableId } from '../../lib/model/renamed-from';
import type { AdministratorGroupModel } from '../../lib/model/types';
import { fit } from '../../lib/naming/fit';
import type { TenantEnclave } from './tenant-enclave';

export interface EnclaveAdministratorsProps {
  /** The enclave whose administrator groups (`model.administrators`) are given their roles on its resource group. */
  readonly enclave: TenantEnclave;
}

/** The administrator role pcloud defines itself, where the built-ins are too wide (rule PCR-19). */
export const ENCLAVE_OPERATOR = 'enclave-operator';

/**
 * What an enclave operator may do in the enclave's resource group: read everything there (as the
 * built-in Reader does), start, restart, stop and deallocate its VMs and read their boot
 * diagnostics, start, stop and restart its PostgreSQL servers, back up on demand and restore
 * from its Recovery Services vault (as new disks), and query its audit workspace (`*\/read`).
 *
 * Not: VM run commands or sign-in (a shell on a VM is the management path's, rule PCR-17), data in
 * stores or databases, anything that creates, reconfigures or deletes resources beyond restored disks.
 */
export const ENCLAVE_OPERATOR_ACTIONS: readonly string[] = [
  '*/read',
  'Microsoft.Compute/virtualMachines/start/action',
  'Microsoft.Compute/virtualMachines/restart/action',
  'Microsoft.Compute/virtualMachines/powerOff/action',
  'Microsoft.Compute/virtualMachines/deallocate/action',
  'Microsoft.Compute/virtualMachines/retrieveBootDiagnosticsData/action',
  'Microsoft.DBforPostgreSQL/flexibleServers/start/action',
  'Microsoft.DBforPostgreSQL/flexibleServers/stop/action',
  'Microsoft.DBforPostgreSQL/flexibleServers/restart/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/provisionInstantItemRecovery/action',
  'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/revokeInstantItemRecovery/action',
  // A restore writes the recovered disks into the resource group.
  'Microsoft.Compute/disks/write',
];

/**
 * Never an enclave operator's, whatever the actions above match: access, policy and lock changes,
 * network rules, diagnostic settings (the audit feed) and the workspace keys that would let a
 * caller write into the audit log. Only `*\/read` is a wildcard above, so these take away reads
 * of workspace keys and, for the rest, record the intent where the accreditor reads the role.
 */
export const ENCLAVE_OPERATOR_NOT_ACTIONS: readonly string[] = [
  'Microsoft.Authorization/*/write',
  'Microsoft.Authorization/*/delete',
  'Microsoft.Authorization/elevateAccess/action',
  'Microsoft.Network/networkSecurityGroups/write',
  'Microsoft.Network/networkSecurityGroups/delete',
  'Microsoft.Network/networkSecurityGroups/securityRules/write',
  'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  'Microsoft.Insights/diagnosticSettings/write',
  'Microsoft.Insights/diagnosticSettings/delete',
  'Microsoft.OperationalInsights/workspaces/sharedKeys/read',
  'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
];

/**
 * The people who may administer one Azure enclave (rules PCR-18, PCR-19, PCR-32): pcloud's
 * `enclave-operator` custom role, defined at and assignable only at the enclave's resource group,
 * and per administrator group with an Entra ID object id a role assignment at that resource group:
 * `enclave-operator`, or the narrower built-in the group asks for. A group without an object id has
 * no principal to assign to and gets nothing (`unassignedGroups` lists them for the evidence).
 *
 * Azure enforces MFA in Entra ID (Conditional Access), not on a role assignment: the group's
 * vetting and MFA are recorded in each assignment's description.
 */
export class EnclaveAdministrators extends Construct {
  /** The `enclave-operator` role of this enclave. */
  readonly roleDefinition: RoleDefinition;
  /** The role assignment of each group that has an Entra ID object id, by group name, in the order the enclave lists them. */
  readonly assignments: ReadonlyMap<string, RoleAssignment>;
  /** Groups without an Entra ID object id: recorded, not granted anything. */
  readonly unassignedGroups: readonly AdministratorGroupModel[];

  constructor(scope: Construct, id: string, props: EnclaveAdministratorsProps) {
    super(scope, id);
    const enclave = props.enclave;
    const model = enclave.model;
    const network = enclave.network;
    const { estate, subscriptionId } = network.names;
    const stablePath = enclave.state.stablePath;
    const resourceGroupId = enclave.resourceGroup.id;

    this.roleDefinition = new RoleDefinition(this, 'EnclaveOperator', {
      name: operatorRoleName(subscriptionId, estate, network.state.stableId, stableId(model), stablePath),
      scope: resourceGroupId,
      assignableScopes: [resourceGroupId],
      description: `pcloud ${estate}/${stablePath}: ${ENCLAVE_OPERATOR}: operate the enclave's VMs and databases, read and restore its backups, read everything in its resource group; no access, policy, lock, network-rule or diagnostic changes`,
      permissions: [{ actions: [...ENCLAVE_OPERATOR_ACTIONS], notActions: [...ENCLAVE_OPERATOR_NOT_ACTIONS] }],
    });

    const assignments = new Map<string, RoleAssignment>();
    const unassigned: AdministratorGroupModel[] = [];
    // lib/model/enclave.ts refuses two groups with one slug.
    for (const group of model.administrators) {
      const assignmentId = administratorSlug(group.name);
      if (group.entraObjectId === undefined) {
        unassigned.push(group);
        continue;
      }
      const custom = group.azureRole === ENCLAVE_OPERATOR;
      assignments.set(
        group.name,
        new RoleAssignment(this, assignmentId, {
          scope: resourceGroupId,
          principalId: group.entraObjectId,
          principalType: 'Group',
          ...(custom ? { roleDefinitionId: this.roleDefinition.roleDefinitionResourceId } : { roleDefinitionName: group.azureRole }),
          description: `pcloud ${estate}/${stablePath}: administrator group ${group.name} (vetting ${group.vetting}, MFA ${group.mfa ? 'required' : 'not required'}) as ${group.azureRole}`,
        }),
      );
    }
    this.assignments = assignments;
    this.unassignedGroups = unassigned;
  }
}

/**
 * Custom role names are unique in the Entra ID tenant, which several subscriptions and estates
 * may share: the enclave's names and a short hash of subscription, estate and stable path.
 */
function operatorRoleName(subscriptionId: string, estate: string, network: string, enclave: string, stablePath: string): string {
  const hash = shortHash(`${subscriptionId}/${estate}/${stablePath}`, 6);
  return `${fit(`pcloud-${ENCLAVE_OPERATOR}-${estate}-${network}-${enclave}`, 120)}-${hash}`;
}
