import * as azure from '../../../constructs/azure';
import { ENCLAVE_OPERATOR } from '../../../constructs/azure/administrators';
import type { AdministratorGroup } from '../../../lib/model/enclave';
import { SUBSCRIPTION, newNetwork, newStack, pcloudErrorOf, ref, resourcesOf, synthJson, type TfJson } from './fixture';

// Administration identity of an Azure enclave (rules PCR-18, PCR-19, PCR-32): pcloud's
// enclave-operator role at the enclave's resource group, and a role assignment there per
// administrator group that has an Entra ID object id.

const OPERATORS_ID = '5b0e8c44-1f3a-4d2e-9a7b-6c1d2e3f4a50';
const AUDITORS_ID = '9d4c2a10-7e6b-4f5a-8c3d-2b1a0f9e8d71';
const GROUPS: AdministratorGroup[] = [
  { name: 'mps-cloud-operators', vetting: 'SC', entraObjectId: OPERATORS_ID },
  { name: 'mps-cloud-auditors', vetting: 'NPPV2', entraObjectId: AUDITORS_ID, azureRole: 'Reader' },
  { name: 'mps-night-shift', vetting: 'SC' },
];

/** Operations an enclave's administrators must never hold: Owner-like rights. */
const NEVER = [
  'Microsoft.Authorization/roleAssignments/write',
  'Microsoft.Authorization/roleAssignments/delete',
  'Microsoft.Authorization/roleDefinitions/write',
  'Microsoft.Authorization/policyAssignments/write',
  'Microsoft.Authorization/policyAssignments/delete',
  'Microsoft.Authorization/policyExemptions/write',
  'Microsoft.Authorization/locks/write',
  'Microsoft.Authorization/locks/delete',
  'Microsoft.Authorization/elevateAccess/action',
  'Microsoft.Network/networkSecurityGroups/securityRules/write',
  'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  'Microsoft.Network/networkSecurityGroups/write',
  'Microsoft.Insights/diagnosticSettings/delete',
  'Microsoft.OperationalInsights/workspaces/sharedKeys/read',
  'Microsoft.Compute/virtualMachines/runCommand/action',
  'Microsoft.Compute/virtualMachines/write',
  'Microsoft.Compute/virtualMachines/delete',
  'Microsoft.KeyVault/vaults/write',
  'Microsoft.Resources/subscriptions/resourceGroups/delete',
];

/** Azure RBAC's operation matching: `*` wildcards, case-insensitive. */
function covers(pattern: string, operation: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return re.test(operation);
}

function build(administrators: AdministratorGroup[] = GROUPS) {
  const stack = newStack();
  const network = newNetwork(stack);
  const enclave = new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', administrators });
  const admins = enclave.administrators;
  return { stack, enclave, admins, tf: synthJson(stack) };
}

/** The resources of `type` that the administrators construct made, by Terraform name (cdktf's names follow the construct path). */
function ownResources(tf: TfJson, type: string): Record<string, any> {
  return Object.fromEntries(Object.entries(resourcesOf(tf, type)).filter(([name]) => name.startsWith('Met_Administrators_')));
}

describe('azure.EnclaveAdministrators', () => {
  const { tf, admins } = build();
  const resourceGroup = Object.keys(resourcesOf(tf, 'azurerm_resource_group')).find((k) => resourcesOf(tf, 'azurerm_resource_group')[k].name === 'rg-met-network-met')!;
  const definitions = Object.entries(ownResources(tf, 'azurerm_role_definition'));
  const assignments = Object.values(ownResources(tf, 'azurerm_role_assignment'));

  describe('the enclave-operator role', () => {
    const [definitionName, definition] = definitions[0];
    const { actions, not_actions: notActions, data_actions: dataActions } = definition.permissions[0];

    test('is defined once, at and assignable only at the enclave resource group, under a name unique in the tenant', () => {
      expect(definitions).toHaveLength(1);
      expect(definition.scope).toBe(ref('azurerm_resource_group', resourceGroup, 'id'));
      expect(definition.assignable_scopes).toEqual([ref('azurerm_resource_group', resourceGroup, 'id')]);
      expect(definition.name).toMatch(/^pcloud-enclave-operator-met-network-met-[a-z0-9]{6}$/);
      expect(definition.description).toMatch(/^pcloud met\/network\/met: enclave-operator: /);
      expect(admins.roleDefinition.friendlyUniqueId).toBe(definitionName);
    });

    test('operates VMs and databases, reads and restores backups, reads everything in the group', () => {
      expect(actions).toEqual(
        expect.arrayContaining([
          '*/read',
          'Microsoft.Compute/virtualMachines/start/action',
          'Microsoft.Compute/virtualMachines/restart/action',
          'Microsoft.Compute/virtualMachines/deallocate/action',
          'Microsoft.DBforPostgreSQL/flexibleServers/restart/action',
          'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action',
        ]),
      );
      // Reading the audit workspace and the backups falls under */read; no data action is granted.
      for (const read of ['Microsoft.OperationalInsights/workspaces/query/read', 'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/read']) {
        expect(actions.some((a: string) => covers(a, read))).toBe(true);
      }
      expect(dataActions ?? []).toEqual([]);
    });

    test('holds nothing Owner-like: the only wildcard is */read, and every access, policy, lock and network-rule change is excluded', () => {
      expect(actions.filter((a: string) => a.includes('*'))).toEqual(['*/read']);
      for (const operation of NEVER) {
        const granted = actions.some((a: string) => covers(a, operation)) && !notActions.some((n: string) => covers(n, operation));
        expect({ operation, granted }).toEqual({ operation, granted: false });
      }
      for (const operation of ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/policyAssignments/write', 'Microsoft.Authorization/locks/delete', 'Microsoft.Network/networkSecurityGroups/securityRules/write', 'Microsoft.OperationalInsights/workspaces/sharedKeys/read']) {
        expect({ operation, excluded: notActions.some((n: string) => covers(n, operation)) }).toEqual({ operation, excluded: true });
      }
    });
  });

  describe('role assignments', () => {
    const byPrincipal = (id: string) => assignments.filter((a) => a.principal_id === id);

    test('assign each group with an object id at the enclave resource group, as a group', () => {
      expect(assignments.map((a) => a.principal_id).sort()).toEqual([OPERATORS_ID, AUDITORS_ID].sort());
      for (const a of assignments) {
        expect(a.scope).toBe(ref('azurerm_resource_group', resourceGroup, 'id'));
        expect(a.principal_type).toBe('Group');
      }
    });

    test("give a group the enclave-operator role by the custom role's id, and a built-in by name", () => {
      const [operators] = byPrincipal(OPERATORS_ID);
      expect(operators.role_definition_id).toBe(ref('azurerm_role_definition', definitions[0][0], 'role_definition_resource_id'));
      expect(operators.role_definition_name).toBeUndefined();
      const [auditors] = byPrincipal(AUDITORS_ID);
      expect(auditors.role_definition_name).toBe('Reader');
      expect(auditors.role_definition_id).toBeUndefined();
      expect(assignments.map((a) => a.role_definition_name).filter(Boolean)).not.toEqual(expect.arrayContaining(['Owner']));
    });

    test('name the group, its vetting level and MFA in their descriptions', () => {
      expect(byPrincipal(OPERATORS_ID)[0].description).toBe(`pcloud met/network/met: administrator group mps-cloud-operators (vetting SC, MFA required) as ${ENCLAVE_OPERATOR}`);
      expect(byPrincipal(AUDITORS_ID)[0].description).toBe('pcloud met/network/met: administrator group mps-cloud-auditors (vetting NPPV2, MFA required) as Reader');
    });

    test('give a group without an object id nothing, and list it', () => {
      expect(assignments).toHaveLength(2);
      expect(JSON.stringify(assignments)).not.toContain('mps-night-shift');
      expect(admins.unassignedGroups.map((g) => g.name)).toEqual(['mps-night-shift']);
      expect([...admins.assignments.keys()]).toEqual(['mps-cloud-operators', 'mps-cloud-auditors']);
    });

    test('keep their Terraform addresses when another group is added', () => {
      const before = Object.keys(ownResources(tf, 'azurerm_role_assignment'));
      const more = build([{ name: 'mps-dba', vetting: 'SC', entraObjectId: '0c6b1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4' }, ...GROUPS]);
      const after = Object.keys(ownResources(more.tf, 'azurerm_role_assignment'));
      expect(before.filter((a) => !after.includes(a))).toEqual([]);
      expect(after).toHaveLength(3);
      expect(Object.keys(ownResources(more.tf, 'azurerm_role_definition'))).toEqual([definitions[0][0]]);
    });
  });

  test('derives the role name the same run to run, and another in another subscription of the tenant', () => {
    const name = (tfJson: TfJson) => Object.values(ownResources(tfJson, 'azurerm_role_definition'))[0].name;
    expect(name(build().tf)).toBe(definitions[0][1].name);
    const stack = newStack();
    const network = newNetwork(stack, { site: { subscriptionId: '00000000-0000-0000-0000-0000000000bb', location: 'uksouth' } });
    new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', administrators: GROUPS });
    expect(SUBSCRIPTION).not.toBe('00000000-0000-0000-0000-0000000000bb');
    expect(name(synthJson(stack))).not.toBe(definitions[0][1].name);
  });

  test('fails when two groups would share a role assignment', () => {
    const error = pcloudErrorOf(() =>
      build([
        { name: 'MPS Cloud Operators', vetting: 'SC', entraObjectId: OPERATORS_ID },
        { name: 'mps-cloud-operators', vetting: 'SC', entraObjectId: AUDITORS_ID },
      ]),
    );
    expect(error.code).toBe('ADMINISTRATORS_DUPLICATE');
    expect(error.path).toBe('network/met');
    expect(error.problem).toBe('administrator groups "MPS Cloud Operators" and "mps-cloud-operators" are one group (mps-cloud-operators): each would get the same role');
  });

  test('fails, at the enclave, when a group asks for Owner (PCR-19)', () => {
    const error = pcloudErrorOf(() => build([{ name: 'mps-cloud-owners', vetting: 'SC', entraObjectId: OPERATORS_ID, azureRole: 'Owner' as never }]));
    expect(error.code).toBe('AZURE_ROLE_TOO_WIDE');
    expect(error.problem).toMatch(/asks for the Owner role/);
  });
});
