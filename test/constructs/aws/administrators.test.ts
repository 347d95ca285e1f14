import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import * as aws from '../../../constructs/aws';
import { ADMINISTRATOR_TAG_KEYS, EnclaveAdministrators, MAX_MFA_AGE_SECONDS } from '../../../constructs/aws/administrators';
import { MIN_REASON_LENGTH, NAG_METADATA_KEY } from '../../../constructs/aws/private/nag';
import { Classification } from '../../../lib/classification';
import type { AdministratorGroup } from '../../../lib/model/enclave';
import { awsNames } from '../../../lib/naming/aws';
import { pcloudErrorOf } from '../../helpers';
import { ACCREDITATION } from '../../fixtures/sites';
import { ENV } from './fixtures';

// Administration identity of an AWS enclave (rules PCR-18, PCR-19, PCR-32): a role per
// administrator group, assumable only with MFA, confined by the enclave's permissions boundary.

type Statement = { Sid?: string; Effect: 'Allow' | 'Deny'; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };
type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> };

const GROUPS: AdministratorGroup[] = [
  { name: 'kent-platform-admins', vetting: 'SC' },
  { name: 'Kent Night Shift', vetting: 'NPPV3' },
];

interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly enclave: aws.TenantEnclave;
  readonly admins: EnclaveAdministrators;
}

/** A force's own stack (the estate path's feature flags) with an enclave holding a VM and a database, and its administrators. */
function build(options: { administrators?: AdministratorGroup[]; estate?: string; networkId?: string; enclaveId?: string; renamedFrom?: string } = {}): Built {
  const app = new App({ context: { ...CURRENTLY_RECOMMENDED_FLAGS } });
  const stack = new Stack(app, 'KentPolicing', { env: ENV });
  const network = new aws.AccreditedNetwork(stack, options.networkId ?? 'Network', {
    addressSpace: '10.20.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: ACCREDITATION,
    estate: options.estate ?? 'kent',
    assurance: { level: 'PASF', reference: 'PASF-AWS-TEST' },
  });
  const enclave = new aws.TenantEnclave(stack, options.enclaveId ?? 'Kent', {
    network,
    tenant: 'kent',
    addressSpace: '10.20.4.0/22',
    administrators: options.administrators ?? GROUPS,
    ...(options.renamedFrom ? { renamedFrom: options.renamedFrom } : {}),
  });
  const admins = enclave.administrators;
  enclave.addWorkload('app', { kind: 'vm' });
  enclave.addWorkload('db', { kind: 'database' });
  return { app, stack, enclave, admins };
}

function resources(t: Template, type: string): Record<string, Resource> {
  return t.findResources(type) as Record<string, Resource>;
}

function statements(policy: Resource): Statement[] {
  return policy.Properties.PolicyDocument.Statement;
}

const list = (x: unknown): string[] => (Array.isArray(x) ? x : [x]) as string[];

/** IAM's action matching: `*` and `?` wildcards, case-insensitive. */
function covers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnResource);
}

describe('aws.EnclaveAdministrators', () => {
  const built = build();
  const { stack, enclave, admins } = built;
  const t = Template.fromStack(stack);
  const roles = Object.values(resources(t, 'AWS::IAM::Role')).filter((r) => r.Properties.RoleName?.startsWith('pcloud-kent-network-kent-'));
  const boundary = resources(t, 'AWS::IAM::ManagedPolicy')[logicalId(stack, admins.boundary)];
  const operator = resources(t, 'AWS::IAM::ManagedPolicy')[logicalId(stack, admins.operatorPolicy)];

  test('renders one role per administrator group, named for the enclave and the group', () => {
    expect(roles.map((r) => r.Properties.RoleName).sort()).toEqual(['pcloud-kent-network-kent-kent-night-shift', 'pcloud-kent-network-kent-kent-platform-admins']);
    // The evidence names the role from the model alone, with the same function.
    expect(awsNames.administratorRole('kent', 'network', 'kent', 'Kent Night Shift')).toBe('pcloud-kent-network-kent-kent-night-shift');
    expect([...admins.roles.keys()]).toEqual(['kent-platform-admins', 'Kent Night Shift']);
  });

  test("trusts only the site's account, and only a caller who signed in with MFA within the hour, for sessions of an hour", () => {
    for (const role of roles) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { AWS: `arn:aws:iam::${ENV.account}:root` },
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThanEquals: { 'aws:MultiFactorAuthAge': String(MAX_MFA_AGE_SECONDS) },
          },
        },
      ]);
      expect(MAX_MFA_AGE_SECONDS).toBeLessThanOrEqual(3600);
      expect(role.Properties.MaxSessionDuration).toBe(3600);
    }
  });

  test('confines every role by the enclave boundary and grants it the operator policy only, managed, never inline', () => {
    for (const role of roles) {
      expect(role.Properties.PermissionsBoundary).toEqual({ Ref: logicalId(stack, admins.boundary) });
      expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: logicalId(stack, admins.operatorPolicy) }]);
      expect(role.Properties.Policies).toBeUndefined();
    }
    const inline = Object.values(resources(t, 'AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes('Administrators'));
    expect(inline).toEqual([]);
  });

  test("scopes the boundary's actions on resources to those tagged with the enclave's stable path", () => {
    const allows = statements(boundary).filter((s) => s.Effect === 'Allow');
    const tagged = allows.filter((s) => s.Condition?.StringEquals && Object.keys(s.Condition.StringEquals).some((k) => /^(aws|ssm):[Rr]esourceTag\/enclave$/.test(k)));
    expect(tagged.map((s) => s.Sid).sort()).toEqual(['OperateEnclaveDatabases', 'OperateEnclaveInstances', 'ReadEnclaveLogGroups', 'ShellOnEnclaveInstances']);
    for (const s of tagged) expect(Object.values(s.Condition!.StringEquals)).toEqual([enclave.state.stablePath]);
    expect(enclave.state.stablePath).toBe('network/kent');
    // Whatever acts on a wildcard resource is either held by the enclave tag, confined to the caller's own sessions, or only reads inventory.
    for (const s of allows.filter((x) => list(x.Resource).some((r) => typeof r === 'string' && r.includes('*')))) {
      if (tagged.includes(s)) continue;
      if (s.Sid === 'OwnSessionChannels') expect(s.Resource).toBe(`arn:aws:ssm:${ENV.region}:${ENV.account}:session/\${aws:userid}-*`);
      else if (s.Sid === 'EndOwnSessions') expect(s.Condition).toEqual({ StringLike: { 'ssm:resourceTag/aws:ssmmessages:session-id': ['${aws:userid}'] } });
      else {
        expect(s.Sid).toBe('ListInventory');
        for (const action of list(s.Action)) expect(action).toMatch(/^[a-z0-9]+:(Describe|Get)[A-Za-z]+$/);
        expect(list(s.Action)).not.toContain('logs:GetLogEvents');
      }
    }
    // The enclave's own key and audit log are named, not matched.
    const key = { 'Fn::GetAtt': [logicalId(stack, enclave.key), 'Arn'] };
    expect(allows.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(key)).map((s) => s.Sid)).toEqual(['StartEncryptedVolumes', 'DecryptEnclaveLogs']);
    expect(allows.find((s) => s.Sid === 'DecryptEnclaveLogs')!.Condition).toEqual({ StringEquals: { 'kms:ViaService': `logs.${ENV.region}.amazonaws.com` } });
  });

  test('keeps the tag of a renamed enclave (its stable path), which its resources still carry', () => {
    const renamed = build({ enclaveId: 'KentPolice', renamedFrom: 'Kent' });
    const rt = Template.fromStack(renamed.stack);
    const policy = resources(rt, 'AWS::IAM::ManagedPolicy')[logicalId(renamed.stack, renamed.admins.boundary)];
    const values = statements(policy).flatMap((s) => Object.entries(s.Condition?.StringEquals ?? {}).filter(([k]) => k.endsWith('Tag/enclave')).map(([, v]) => v));
    expect(renamed.enclave.model.path).toBe('network/kent-police');
    expect(new Set(values)).toEqual(new Set(['network/kent']));
    rt.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.20.4.0/25', Tags: Match.arrayWith([{ Key: 'enclave', Value: 'network/kent' }]) });
  });

  test('operator policy allows exactly what the boundary allows', () => {
    expect(statements(operator)).toEqual(statements(boundary).filter((s) => s.Effect === 'Allow'));
  });

  test('denies, in the boundary, changes to IAM, to the boundary, to tags, and to the audit trail and threat detection', () => {
    const denies = statements(boundary).filter((s) => s.Effect === 'Deny');
    const denied = (action: string, resource = '*') => denies.some((s) => list(s.Resource).includes(resource) && list(s.Action).some((p) => covers(p, action)));
    for (const action of ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreateRole', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:CreateAccessKey']) {
      expect({ action, denied: denied(action) }).toEqual({ action, denied: true });
    }
    const boundaryArn = `arn:aws:iam::${ENV.account}:policy/${boundary.Properties.ManagedPolicyName}`;
    for (const action of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy']) expect(denied(action, boundaryArn)).toBe(true);
    for (const action of ['ec2:CreateTags', 'ec2:DeleteTags', 'rds:AddTagsToResource', 'rds:RemoveTagsFromResource', 'logs:TagResource', 'kms:TagResource', 'tag:TagResources']) {
      expect({ action, denied: denied(action) }).toEqual({ action, denied: true });
    }
    for (const action of ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:PutEventSelectors', 'config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder', 'guardduty:DeleteDetector', 'guardduty:UpdateDetector', 'guardduty:CreateFilter']) {
      expect({ action, denied: denied(action) }).toEqual({ action, denied: true });
    }
    for (const action of ['logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'kms:ScheduleKeyDeletion', 'backup:DeleteRecoveryPoint']) expect(denied(action)).toBe(true);
    // ... and nothing the roles are allowed is one of them.
    const allowed = statements(boundary).filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
    for (const action of allowed) expect({ action, denied: denied(action) }).toEqual({ action, denied: false });
  });

  test('allows no wildcard action anywhere, so no statement grants every action on every resource (PCR-19)', () => {
    const documents = [...Object.values(resources(t, 'AWS::IAM::ManagedPolicy')), ...roles].flatMap((r) => [r.Properties.PolicyDocument, r.Properties.AssumeRolePolicyDocument]).filter(Boolean);
    const allows = documents.flatMap((d) => d.Statement as Statement[]).filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const s of allows) {
      for (const action of list(s.Action)) expect(action).not.toContain('*');
      expect(list(s.Action).includes('*') && list(s.Resource).includes('*')).toBe(false);
    }
    expect(JSON.stringify(documents)).not.toMatch(/"\*:\*"|"Action":"\*"/);
  });

  test("tags each role with its group, vetting and MFA (PCR-32 reads them) and the enclave's classification tags", () => {
    const tagsOf = (name: string) => Object.fromEntries(roles.find((r) => r.Properties.RoleName === name)!.Properties.Tags.map((x: { Key: string; Value: string }) => [x.Key, x.Value]));
    expect(tagsOf('pcloud-kent-network-kent-kent-platform-admins')).toMatchObject({
      [ADMINISTRATOR_TAG_KEYS.group]: 'kent-platform-admins',
      [ADMINISTRATOR_TAG_KEYS.vetting]: 'SC',
      [ADMINISTRATOR_TAG_KEYS.mfa]: 'required',
      classification: 'OFFICIAL-SENSITIVE',
      enclave: 'network/kent',
      force: 'kent',
      network: 'network',
      'accreditation-reference': ACCREDITATION.reference,
    });
    expect(tagsOf('pcloud-kent-network-kent-kent-night-shift')).toMatchObject({
      [ADMINISTRATOR_TAG_KEYS.group]: 'Kent Night Shift',
      [ADMINISTRATOR_TAG_KEYS.vetting]: 'NPPV3',
      [ADMINISTRATOR_TAG_KEYS.mfa]: 'required',
    });
  });

  test('fits role names of the longest force names into IAM’s 64 characters, deterministically and distinctly', () => {
    const long = () =>
      build({
        // Ids of at most 32 characters (the longest the model takes).
        estate: 'national-police-cloud-programme',
        networkId: 'NationalServicesNetworkLondon',
        enclaveId: 'HampshireIsleOfWightPolice',
        administrators: [
          { name: 'hampshire-and-isle-of-wight-constabulary-platform-administrators', vetting: 'SC' },
          { name: 'hampshire-and-isle-of-wight-constabulary-platform-administrators-night', vetting: 'SC' },
        ],
      });
    const names = (b: Built) => Object.values(resources(Template.fromStack(b.stack), 'AWS::IAM::Role')).map((r) => r.Properties.RoleName).filter(Boolean) as string[];
    const first = names(long());
    expect(first).toHaveLength(2);
    for (const name of first) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^[\w+=,.@-]+$/);
      // The enclave and the group stay readable; a hash of the full name keeps it unique in the account.
      expect(name).toMatch(/^pcloud-hampshire-isle-o-hampshire-and-isle-of-wight-const-[a-z0-9]{6}$/);
    }
    expect(new Set(first).size).toBe(2);
    expect(names(long())).toEqual(first);
    const policyNames = Object.values(resources(Template.fromStack(long().stack), 'AWS::IAM::ManagedPolicy')).map((p) => p.Properties.ManagedPolicyName as string);
    for (const name of policyNames) expect(name.length).toBeLessThanOrEqual(128);
  });

  test('adding a group changes no other resource of the administrators', () => {
    const more = build({ administrators: [...GROUPS, { name: 'kent-dba', vetting: 'SC' }] });
    const before = Object.keys(Template.fromStack(build().stack).toJSON().Resources);
    const after = Object.keys(Template.fromStack(more.stack).toJSON().Resources);
    expect(before.filter((id) => !after.includes(id))).toEqual([]);
    expect(after.filter((id) => !before.includes(id))).toEqual([logicalId(more.stack, more.admins.roles.get('kent-dba')!)]);
  });

  test('fails when two groups would share a role', () => {
    const error = pcloudErrorOf(() => build({ administrators: [{ name: 'Kent Admins', vetting: 'SC' }, { name: 'kent-admins', vetting: 'SC' }] }));
    expect(error.code).toBe('ADMINISTRATORS_DUPLICATE');
    expect(error.path).toBe('network/kent');
    expect(error.problem).toBe('administrator groups "Kent Admins" and "kent-admins" are one group (kent-admins): each would get the same role');
  });

  describe('cdk-nag (AWS Solutions, NIST 800-53 rev 5)', () => {
    const ownPath = admins.node.path;
    const findingsOf = (app: App) =>
      [new AwsSolutionsChecks(), new NIST80053R5Checks()].flatMap((pack) =>
        pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' }))),
      );

    test('finds nothing unacknowledged in the administrators', () => {
      built.app.synth();
      expect(findingsOf(built.app).filter((f) => f.path.startsWith(ownPath))).toEqual([]);
    });

    test('every acknowledgement has a reason and answers a finding the packs raise without it', () => {
      const spy = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
      let raw: { rule: string; path: string }[];
      let unacknowledged: Built;
      try {
        unacknowledged = build();
        unacknowledged.app.synth();
        raw = findingsOf(unacknowledged.app).filter((f) => f.path.startsWith(unacknowledged.admins.node.path));
      } finally {
        spy.mockRestore();
      }
      const raised = new Set(raw.map((f) => `${f.path} ${f.rule}`));
      const acknowledged: string[] = [];
      for (const construct of unacknowledged.admins.node.findAll()) {
        if (!CfnResource.isCfnResource(construct)) continue;
        for (const rule of (construct.getMetadata(NAG_METADATA_KEY) as { rules_to_suppress: { id: string; reason: string }[] } | undefined)?.rules_to_suppress ?? []) {
          expect(rule.reason.trim().length).toBeGreaterThanOrEqual(MIN_REASON_LENGTH);
          acknowledged.push(`${construct.node.path} ${rule.id}`);
        }
      }
      expect(acknowledged.filter((a) => !raised.has(a))).toEqual([]);
      expect([...raised].filter((r) => !acknowledged.includes(r))).toEqual([]);
      // The wildcard resources are what is acknowledged, nothing else.
      expect(new Set(raw.map((f) => f.rule.replace(/\[.*$/, '')))).toEqual(new Set(['AwsSolutions-IAM5']));
    });
  });
});
