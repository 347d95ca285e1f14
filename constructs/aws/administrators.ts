import { Duration, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { stableId } from '../../lib/model/renamed-from';
import { administratorSlug } from '../../lib/model/enclave';
import { awsNames } from '../../lib/naming/aws';
import { ADMINISTRATOR_TAG_KEYS, enclaveTags, TAG_KEYS } from '../../lib/tags';
import { acknowledge } from './private/nag';
import { applyTags } from './private/tags';
import type { TenantEnclave } from './tenant-enclave';

export interface EnclaveAdministratorsProps {
  /** The enclave whose administrator groups (`model.administrators`) get a role each. */
  readonly enclave: TenantEnclave;
}

export { ADMINISTRATOR_TAG_KEYS };

/** How long ago the caller may have signed in with MFA, and how long a role session lasts. */
export const MAX_MFA_AGE_SECONDS = 3600;
export const MAX_SESSION = Duration.hours(1);

/**
 * Read-only actions that AWS authorises only on every resource: they list inventory and change
 * nothing. Listing what exists is how an operator finds the enclave's instances at all.
 */
const UNSCOPED_READS = [
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceStatus',
  'ec2:DescribeTags',
  'ec2:DescribeVolumes',
  'rds:DescribeDBInstances',
  'ssm:DescribeInstanceInformation',
  'ssm:DescribeSessions',
  'ssm:GetConnectionStatus',
  'logs:DescribeLogGroups',
  'logs:GetQueryResults',
];

/** Tagging actions of the services an enclave uses: a tag decides which enclave a resource is in. */
const TAGGING = [
  'ec2:CreateTags',
  'ec2:DeleteTags',
  'rds:AddTagsToResource',
  'rds:RemoveTagsFromResource',
  'logs:TagLogGroup',
  'logs:UntagLogGroup',
  'logs:TagResource',
  'logs:UntagResource',
  'kms:TagResource',
  'kms:UntagResource',
  'ssm:AddTagsToResource',
  'ssm:RemoveTagsFromResource',
  'backup:TagResource',
  'backup:UntagResource',
  's3:PutBucketTagging',
  'tag:TagResources',
  'tag:UntagResources',
];

/** Every IAM action that changes an identity, a policy or a boundary. */
const IAM_CHANGES = [
  'iam:Add*',
  'iam:Attach*',
  'iam:Change*',
  'iam:Create*',
  'iam:Deactivate*',
  'iam:Delete*',
  'iam:Detach*',
  'iam:Enable*',
  'iam:PassRole',
  'iam:Put*',
  'iam:Remove*',
  'iam:Reset*',
  'iam:Resync*',
  'iam:Set*',
  'iam:Tag*',
  'iam:Untag*',
  'iam:Update*',
  'iam:Upload*',
];

/** Changes to the account's audit trail and threat detection (rules PCR-20, PCR-24). */
const AUDIT_AND_DETECTION_CHANGES = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:Put*',
  'cloudtrail:RemoveTags',
  'config:Delete*',
  'config:Put*',
  'config:Stop*',
  'guardduty:Archive*',
  'guardduty:Create*',
  'guardduty:Decline*',
  'guardduty:Delete*',
  'guardduty:Disable*',
  'guardduty:Disassociate*',
  'guardduty:Stop*',
  'guardduty:Update*',
  'securityhub:BatchDisable*',
  'securityhub:Delete*',
  'securityhub:Disable*',
  'securityhub:Disassociate*',
  'securityhub:Update*',
];

/** Destroying the enclave's evidence: its logs, key and backups (rules PCR-07, PCR-21, PCR-25, PCR-28). */
const EVIDENCE_DESTRUCTION = [
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:DeleteRetentionPolicy',
  'logs:PutRetentionPolicy',
  'logs:DeleteSubscriptionFilter',
  'logs:PutSubscriptionFilter',
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'backup:DeleteBackupPlan',
  'backup:DeleteBackupSelection',
  'backup:DeleteBackupVault',
  'backup:DeleteRecoveryPoint',
  'backup:UpdateBackupPlan',
  'backup:UpdateRecoveryPointLifecycle',
];

/** A statement and, when a resource of it has a wildcard, why that is as narrow as it gets (cdk-nag AwsSolutions-IAM5). */
interface Grant {
  readonly statement: iam.PolicyStatement;
  readonly wildcardReason?: string;
}

/**
 * The people who may administer one AWS enclave (rules PCR-18, PCR-19, PCR-32): per administrator
 * group an IAM role that the site's account may let its people assume, only with MFA signed in
 * within the last hour, for sessions of at most an hour. Each role holds the enclave's operator
 * policy (Session Manager shells on the enclave's instances, start, stop and reboot of them,
 * reboot and log reading of its databases, reading its log groups) and is confined by the
 * enclave's permissions boundary: whatever else is attached to the role later, it acts only on
 * resources tagged with the enclave's path, reads inventory, and can change no IAM, no tag, no
 * audit trail, threat detection, log retention, key or backup.
 *
 * Who may assume a role is the account's decision (IAM Identity Center or the account's own
 * federation grants `sts:AssumeRole` on it to the group's members): the trust policy names the
 * account and demands MFA, it cannot name a directory group.
 */
export class EnclaveAdministrators extends Construct {
  /** The ceiling of every administrator role of the enclave. */
  readonly boundary: iam.ManagedPolicy;
  /** What the administrator roles may do: operate the enclave's workloads and read its logs. */
  readonly operatorPolicy: iam.ManagedPolicy;
  /** The role of each administrator group, by group name, in the order the enclave lists them. */
  readonly roles: ReadonlyMap<string, iam.Role>;

  constructor(scope: Construct, id: string, props: EnclaveAdministratorsProps) {
    super(scope, id);
    const enclave = props.enclave;
    const model = enclave.model;
    const network = enclave.network;
    const estate = network.state.estate;
    const { account, region } = network.site.aws!;
    // Names use the stable ids of a renamed network or enclave, like every other name of the enclave.
    const [networkName, enclaveName] = [network.state.stableId, stableId(model)];
    const stablePath = enclave.state.stablePath;
    const boundaryName = awsNames.administratorPolicy(estate, networkName, enclaveName, 'boundary');

    const scopeOfGrants: Scope = { account, region, stablePath, keyArn: enclave.key.keyArn, auditLogArn: enclave.auditLog.logGroupArn };
    const grants = operatorGrants(scopeOfGrants);
    this.operatorPolicy = new iam.ManagedPolicy(this, 'OperatorPolicy', {
      managedPolicyName: awsNames.administratorPolicy(estate, networkName, enclaveName, 'operator'),
      description: `pcloud ${estate}/${stablePath}: operate the enclave's instances and databases, read its logs`,
      statements: grants.map((g) => g.statement),
    });
    acknowledgeWildcards(this.operatorPolicy, grants);

    // Allow statements first: cdk-nag's full-access check reads the document as one string and would take a later Allow for a Deny's.
    const boundaryGrants = [...operatorGrants(scopeOfGrants), ...denials(`arn:aws:iam::${account}:policy/${boundaryName}`)];
    this.boundary = new iam.ManagedPolicy(this, 'Boundary', {
      managedPolicyName: boundaryName,
      description: `pcloud ${estate}/${stablePath}: permissions boundary of the enclave's administrator roles`,
      statements: boundaryGrants.map((g) => g.statement),
    });
    acknowledgeWildcards(this.boundary, boundaryGrants);

    const roles = new Map<string, iam.Role>();
    // lib/model/enclave.ts refuses two groups with one slug.
    for (const group of model.administrators) {
      const roleId = administratorSlug(group.name);
      const role = new iam.Role(this, roleId, {
        roleName: awsNames.administratorRole(estate, networkName, enclaveName, group.name),
        description: `pcloud ${estate}/${stablePath}: administrators ${group.name} (vetting ${group.vetting}, MFA required)`,
        assumedBy: new iam.ArnPrincipal(`arn:aws:iam::${account}:root`).withConditions({
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThanEquals: { 'aws:MultiFactorAuthAge': String(MAX_MFA_AGE_SECONDS) },
        }),
        maxSessionDuration: MAX_SESSION,
        permissionsBoundary: this.boundary,
        managedPolicies: [this.operatorPolicy],
      });
      // The role demands MFA whatever the group records: a group without it (PCR-18 accepted) cannot use the role until it has it.
      Tags.of(role).add(ADMINISTRATOR_TAG_KEYS.group, tagValue(group.name));
      Tags.of(role).add(ADMINISTRATOR_TAG_KEYS.vetting, group.vetting);
      Tags.of(role).add(ADMINISTRATOR_TAG_KEYS.mfa, 'required');
      roles.set(group.name, role);
    }
    this.roles = roles;

    applyTags(this, enclaveTags(estate, network.model, model));
  }
}

interface Scope {
  readonly account: string;
  readonly region: string;
  readonly stablePath: string;
  readonly keyArn: string;
  readonly auditLogArn: string;
}

/** What an administrator of the enclave may do; the boundary allows the same and no more. */
function operatorGrants({ account, region, stablePath, keyArn, auditLogArn }: Scope): Grant[] {
  const inEnclave = { StringEquals: { [`aws:ResourceTag/${TAG_KEYS.enclave}`]: stablePath } };
  const instances = `arn:aws:ec2:${region}:${account}:instance/*`;
  const byTag = `new workloads of the enclave are covered without a change; the statement holds only for resources tagged ${TAG_KEYS.enclave}=${stablePath}`;
  // Both statements on instances share the resource, so one acknowledgement answers both.
  const onInstances = `Instance ids are made when instances launch: new workloads of the enclave are covered without a change; the statements hold only for instances tagged ${TAG_KEYS.enclave}=${stablePath} (aws:ResourceTag, and ssm:resourceTag for Session Manager).`;
  return [
    {
      statement: new iam.PolicyStatement({
        sid: 'ShellOnEnclaveInstances',
        actions: ['ssm:StartSession'],
        resources: [instances],
        conditions: {
          StringEquals: { [`ssm:resourceTag/${TAG_KEYS.enclave}`]: stablePath },
          BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' },
        },
      }),
      wildcardReason: onInstances,
    },
    {
      // The only session document: an interactive shell, never port forwarding to other hosts.
      statement: new iam.PolicyStatement({
        sid: 'ShellSessionDocument',
        actions: ['ssm:StartSession'],
        resources: [`arn:aws:ssm:${region}:${account}:document/SSM-SessionManagerRunShell`],
      }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'OwnSessionChannels',
        actions: ['ssmmessages:OpenDataChannel'],
        resources: [`arn:aws:ssm:${region}:${account}:session/` + '${aws:userid}-*'],
      }),
      wildcardReason: "Session ids are made when a session starts; the IAM variable ${aws:userid} confines the statement to the caller's own sessions.",
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'EndOwnSessions',
        actions: ['ssm:ResumeSession', 'ssm:TerminateSession'],
        resources: [`arn:aws:ssm:${region}:${account}:session/*`],
        conditions: { StringLike: { 'ssm:resourceTag/aws:ssmmessages:session-id': ['${aws:userid}'] } },
      }),
      wildcardReason: "Session ids are made when a session starts; the condition on the session's aws:ssmmessages:session-id tag confines the statement to the caller's own sessions.",
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'OperateEnclaveInstances',
        actions: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'],
        resources: [instances],
        conditions: inEnclave,
      }),
      wildcardReason: onInstances,
    },
    {
      // Starting an instance whose volumes are encrypted under the enclave key makes EBS create a grant on the caller's behalf.
      statement: new iam.PolicyStatement({
        sid: 'StartEncryptedVolumes',
        actions: ['kms:CreateGrant'],
        resources: [keyArn],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': `ec2.${region}.amazonaws.com` } },
      }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'OperateEnclaveDatabases',
        actions: ['rds:RebootDBInstance', 'rds:DescribeDBLogFiles', 'rds:DownloadDBLogFilePortion'],
        resources: [`arn:aws:rds:${region}:${account}:db:*`],
        conditions: inEnclave,
      }),
      wildcardReason: `Database identifiers are made per workload: ${byTag}.`,
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'ReadEnclaveAuditLog',
        actions: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogGroupFields'],
        resources: [auditLogArn],
      }),
    },
    {
      statement: new iam.PolicyStatement({
        sid: 'ReadEnclaveLogGroups',
        actions: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogGroupFields'],
        resources: [`arn:aws:logs:${region}:${account}:log-group:*`],
        conditions: inEnclave,
      }),
      wildcardReason: `Workloads add log groups (a database's, for one): ${byTag}.`,
    },
    {
      // Only through CloudWatch Logs: reading the enclave's log groups, which are encrypted under its key.
      statement: new iam.PolicyStatement({
        sid: 'DecryptEnclaveLogs',
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `logs.${region}.amazonaws.com` } },
      }),
    },
    {
      statement: new iam.PolicyStatement({ sid: 'ListInventory', actions: UNSCOPED_READS, resources: ['*'] }),
      wildcardReason: 'Describe and list actions that AWS authorises only on every resource (no resource-level permissions); they read inventory and change nothing.',
    },
  ];
}

/** What no administrator of the enclave may do, whatever else the role is given. */
function denials(boundaryArn: string): Grant[] {
  const deny = (sid: string, actions: string[], resources: string[]) => ({
    statement: new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions, resources }),
  });
  return [
    deny('DenyIamChanges', IAM_CHANGES, ['*']),
    // Covered by DenyIamChanges (with detaching the boundary from a role); named so that the boundary's own protection is plain to read.
    deny('DenyBoundaryChanges', ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'], [boundaryArn]),
    // The boundary trusts the enclave tag; nobody acting through it may move a resource in or out of the enclave.
    deny('DenyTagChanges', TAGGING, ['*']),
    deny('DenyAuditAndDetectionChanges', AUDIT_AND_DETECTION_CHANGES, ['*']),
    deny('DenyEvidenceDestruction', EVIDENCE_DESTRUCTION, ['*']),
  ];
}

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for each wildcard resource of an Allow
 * statement, with the reason that statement gives. The finding names the resource as cdk-nag
 * flattens it (`${...}` becomes `<...>`).
 */
function acknowledgeWildcards(policy: iam.ManagedPolicy, grants: readonly Grant[]): void {
  for (const { statement, wildcardReason } of grants) {
    if (statement.effect !== iam.Effect.ALLOW) continue;
    const wild = statement.resources.filter((r) => r.includes('*'));
    if (!wild.length) continue;
    if (!wildcardReason) throw new Error(`pcloud internal error: statement ${statement.sid} of ${policy.node.path} has a wildcard resource and no reason`);
    acknowledge(policy, ...wild.map((r) => ({ id: `AwsSolutions-IAM5[Resource::${r.replace(/\$\{/g, '<').replace(/\}/g, '>')}]`, reason: wildcardReason })));
  }
}

/** A group's construct id: kebab-case, or a hash when nothing of it is left (the part `awsNames.administratorRole` names the role by). */

/** IAM tag values: letters, digits, spaces and `_ . : / = + - @`, at most 256. */
function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '-').slice(0, 256);
}
