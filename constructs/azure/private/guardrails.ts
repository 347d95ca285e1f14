import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Construct } from 'constructs';
import { azureNames } from '../../../lib/naming/azure';
import { POLICY_DEFINITIONS, POLICY_REMEDIATION_ROLE, UK_LOCATIONS } from './mapping';

/**
 * Azure Policy's own refusal of anything outside the UK in `resourceGroup` (rule PCR-03): the
 * built-in "Allowed locations" policy, deny effect. Resource groups themselves and global
 * resources (private DNS zones) are outside its scope by definition.
 */
export function allowedLocations(scope: Construct, id: string, resourceGroup: ResourceGroup): ResourceGroupPolicyAssignment {
  return new ResourceGroupPolicyAssignment(scope, id, {
    name: azureNames.policyAssignment('allowed-locations'),
    displayName: 'Allowed locations: UK South and UK West (pcloud, rule PCR-03)',
    resourceGroupId: resourceGroup.id,
    policyDefinitionId: POLICY_DEFINITIONS.allowedLocations,
    parameters: JSON.stringify({ listOfAllowedLocations: { value: UK_LOCATIONS } }),
  });
}

/** The UK OFFICIAL and UK NHS assignment of a resource group and the grant its remediation needs. */
export interface UkOfficialGuardrail {
  readonly assignment: ResourceGroupPolicyAssignment;
  /** The assignment's identity may deploy what the initiative's DeployIfNotExists and Modify members remediate. */
  readonly remediationAccess: RoleAssignment;
}

/**
 * Azure's built-in "UK OFFICIAL and UK NHS" initiative at `resourceGroup`: the native baseline the
 * accreditor already knows, evaluated continuously beside pcloud's own rules. Its Guest
 * Configuration members deploy an extension and add identities, so the assignment has a
 * system-assigned identity, a location, and Contributor on the resource group (the role those
 * members declare), and no wider.
 */
export function ukOfficial(scope: Construct, id: string, resourceGroup: ResourceGroup, location: string): UkOfficialGuardrail {
  const assignment = new ResourceGroupPolicyAssignment(scope, id, {
    name: azureNames.policyAssignment('uk-official'),
    displayName: 'UK OFFICIAL and UK NHS (pcloud)',
    resourceGroupId: resourceGroup.id,
    policyDefinitionId: POLICY_DEFINITIONS.ukOfficialAndUkNhs,
    location,
    identity: { type: 'SystemAssigned' },
  });
  const remediationAccess = new RoleAssignment(scope, `${id}Remediation`, {
    scope: resourceGroup.id,
    roleDefinitionName: POLICY_REMEDIATION_ROLE,
    principalId: assignment.identity.principalId,
    principalType: 'ServicePrincipal',
    description: 'pcloud: the UK OFFICIAL and UK NHS assignment remediates its DeployIfNotExists and Modify members here',
  });
  return { assignment, remediationAccess };
}
