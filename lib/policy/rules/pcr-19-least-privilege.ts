import { cfnResources, tfResources, type OutputResource } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, perOwner } from './helpers';

type Statement = { Effect?: string; Action?: unknown; Resource?: unknown; Principal?: unknown; Condition?: unknown };
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]);

/**
 * PCR-19: least privilege: no statement that allows every action on every resource, no allow to a
 * wildcard principal without a condition, and no Owner role for tenant identities. The inline
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
      ...tfResources<{ role_definition_name?: string }>(outputs, 'azurerm_role_assignment').map((resource) =>
        resource.properties.role_definition_name === 'Owner'
          ? { resource, problem: { problem: `${describe(resource)} grants Owner`, fix: 'grant a narrower role' } }
          : { resource },
      ),
    ]),
};

function statementsOf(resource: OutputResource): Statement[] {
  const p = resource.properties as Record<string, unknown>;
  const docs: unknown[] = [p.PolicyDocument, p.KeyPolicy, p.AssumeRolePolicyDocument, ...list(p.Policies).map((x) => (x as { PolicyDocument?: unknown }).PolicyDocument)];
  return docs.flatMap((d) => list((d as { Statement?: unknown } | undefined)?.Statement) as Statement[]);
}
