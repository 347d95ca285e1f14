import { cfnResources, tfResources, type OutputResource } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, perOwner } from './helpers';

/**
 * Built-in Azure roles that can grant access: never rendered. Contributor is never a tenant
 * group's either; a policy assignment's remediation identity holds it to deploy what the policy requires.
 */
const GRANTS_ACCESS = ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'];

type Statement = { Effect?: string; Action?: unknown; Resource?: unknown; Principal?: unknown; Condition?: unknown };
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);

/**
 * PCR-19: least privilege: no statement that allows every action on every resource, no allow to a
 * wildcard principal without a condition, no Azure role that can grant access (Owner, User Access
 * Administrator, RBAC Administrator, or a custom role with authorisation writes), no
 * Contributor for an administrator group, and on vSphere no role with Authorization or Global
 * privileges and no permission above an enclave's folder and resource pool. The inline
 * grants aws-cdk-lib generates for declared flows are scoped to one resource and pass.
 */
export const PCR_19: Rule = {
  id: 'PCR-19',
  model: ({ model }) => model.enclaves.map((e) => compliant(e.path, [], 'no administrative wildcard is rendered; administrator roles are scoped to the enclave')),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::S3::BucketPolicy', 'AWS::KMS::Key'].flatMap((type) =>
        cfnResources(outputs, type).map((resource) => {
          const wild = statementsOf(resource).filter(
            (s) =>
              s.Effect === 'Allow' &&
              ((list(s.Action).includes('*') && list(s.Resource).includes('*') && resource.ref.type !== 'AWS::KMS::Key') ||
                ((s.Principal === '*' || JSON.stringify(s.Principal) === '{"AWS":"*"}') && s.Condition === undefined)),
          );
          return wild.length ? { resource, problem: { problem: `${describe(resource)} allows a wildcard action on every resource or a wildcard principal`, fix: 'scope the statement to the actions and resources needed' } } : { resource };
        }),
      ),
      ...tfResources<{ role_definition_name?: string; principal_type?: string }>(outputs, 'azurerm_role_assignment').map((resource) =>
        GRANTS_ACCESS.includes(resource.properties.role_definition_name ?? '') ||
        (resource.properties.principal_type === 'Group' && resource.properties.role_definition_name === 'Contributor')
          ? { resource, problem: { problem: `${describe(resource)} grants ${resource.properties.role_definition_name}`, fix: 'grant a narrower role' } }
          : { resource },
      ),
      ...tfResources<{ permissions?: { actions?: string[]; not_actions?: string[] }[] }>(outputs, 'azurerm_role_definition').map((resource) => {
        const open = (resource.properties.permissions ?? []).some((p) => {
          const writes = (p.actions ?? []).some((a) => a === '*' || a === '*/write' || a.startsWith('Microsoft.Authorization/*') || a.startsWith('Microsoft.Authorization/roleAssignments/'));
          return writes && !(p.not_actions ?? []).includes('Microsoft.Authorization/*/write');
        });
        return open ? { resource, problem: { problem: `${describe(resource)} lets its holders grant access`, fix: 'keep Microsoft.Authorization writes out of custom roles' } } : { resource };
      }),
      ...tfResources<{ role_privileges?: string[] }>(outputs, 'vsphere_role').map((resource) => {
        const wide = (resource.properties.role_privileges ?? []).filter((p) => p === '*' || /^(Authorization|Global)\./.test(p));
        return wide.length
          ? { resource, problem: { problem: `${describe(resource)} grants ${wide.join(', ')}`, fix: 'keep Authorization and Global privileges out of the role of enclave administrators' } }
          : { resource };
      }),
      ...tfResources<{ entity_type?: string; permissions?: { role_id?: string }[] }>(outputs, 'vsphere_entity_permissions').map((resource) => {
        const { entity_type: entity, permissions } = resource.properties;
        // vCenter's built-in roles are given by id (-1 is Administrator); pcloud grants only its own role, by reference.
        const builtIn = (permissions ?? []).filter((p) => !/^\$\{(data\.)?vsphere_role\./.test(String(p.role_id)));
        const problem = !ENCLAVE_ENTITIES.includes(String(entity))
          ? `${describe(resource)} is granted on a ${entity}, above the enclave's folder and resource pool`
          : builtIn.length
            ? `${describe(resource)} grants a built-in vCenter role (${builtIn.map((p) => p.role_id).join(', ')})`
            : undefined;
        return problem ? { resource, problem: { problem, fix: "grant pcloud's enclave-operator role on the enclave's folder and resource pool only" } } : { resource };
      }),
    ]),
};

/** Where vSphere permissions of enclave administrators may be granted: the enclave's own inventory. */
const ENCLAVE_ENTITIES = ['Folder', 'ResourcePool', 'VirtualMachine'];

function statementsOf(resource: OutputResource): Statement[] {
  const p = resource.properties as Record<string, unknown>;
  const docs: unknown[] = [p.PolicyDocument, p.KeyPolicy, p.AssumeRolePolicyDocument, ...list(p.Policies).map((x) => (x as { PolicyDocument?: unknown }).PolicyDocument)];
  return docs.flatMap((d) => list((d as { Statement?: unknown } | undefined)?.Statement) as Statement[]);
}
