import { Match } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { pcloudErrorOf } from '../../helpers';
import { ownStack, resourcesOfType, template } from './fixtures';
import { acceptRisk } from '../../../index';

describe('aws.TenantEnclave', () => {
  const { stack, network, enclave } = ownStack();
  const t = template(stack);

  test('has a private subnet per tier in each of two zones, carved from its address space', () => {
    const subnets = Object.values(resourcesOfType(t, 'AWS::EC2::Subnet')).map((s) => s.Properties!);
    const own = subnets.filter((s) => String(s.CidrBlock).startsWith('10.20.') && !String(s.CidrBlock).startsWith('10.20.255.'));
    expect(own.map((s) => s.CidrBlock).sort()).toEqual([
      '10.20.4.0/25', '10.20.4.128/25', '10.20.5.0/25', '10.20.5.128/25', '10.20.6.0/25', '10.20.6.128/25', '10.20.7.0/25', '10.20.7.128/25',
    ]);
    expect(own.every((s) => s.MapPublicIpOnLaunch === false)).toBe(true);
    expect(new Set(own.map((s) => JSON.stringify(s.AvailabilityZone))).size).toBe(2);
  });

  test('puts every tier behind its own default-deny network ACL that reaches only the endpoints', () => {
    const acls = resourcesOfType(t, 'AWS::EC2::NetworkAcl');
    expect(Object.keys(acls)).toHaveLength(5); // four tiers and the services block
    const entries = Object.values(resourcesOfType(t, 'AWS::EC2::NetworkAclEntry')).map((e) => e.Properties!);
    for (const aclId of Object.keys(acls)) {
      const own = entries.filter((e) => JSON.stringify(e.NetworkAclId) === JSON.stringify({ Ref: aclId }));
      expect(own.filter((e) => e.RuleAction === 'deny' && e.RuleNumber === 32766 && e.CidrBlock === '0.0.0.0/0')).toHaveLength(2);
    }
    const allows = entries.filter((e) => e.RuleAction === 'allow');
    expect(allows.some((e) => e.CidrBlock === '0.0.0.0/0')).toBe(false);
    expect(allows.filter((e) => e.Egress === true && e.CidrBlock === '10.20.255.0/24')).toHaveLength(4);
  });

  test('has its own rotated, retained key and an encrypted audit log group kept a year', () => {
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('network/kent: enclave data') }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pcloud/kent/network/kent' });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/pcloud/kent/network/kent/audit', RetentionInDays: 365, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
  });

  test('keeps the audit log the shortest CloudWatch Logs period that covers auditRetentionDays', () => {
    const { app, stack: own, network: net } = ownStack();
    new aws.TenantEnclave(own, 'Essex', { network: net, tenant: 'essex', auditRetentionDays: 2000 });
    new aws.TenantEnclave(own, 'Surrey', { network: net, tenant: 'surrey', auditRetentionDays: 180 });
    acceptRisk(app, { rule: 'PCR-21', path: 'network/surrey', reason: 'Test enclave keeps six months', reference: 'RR-T-2', acceptedBy: 'Test SIRO', expires: '2999-01-01' });
    const rendered = template(own);
    rendered.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/pcloud/kent/network/essex/audit', RetentionInDays: 2192 });
    rendered.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/pcloud/kent/network/surrey/audit', RetentionInDays: 180 });
  });

  describe('backup (PCR-28)', () => {
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(enclave.key.node.defaultChild as never), 'Arn'] };

    test('keeps backups in a vault encrypted under the enclave key, retained, whose recovery points no one may delete', () => {
      t.hasResource('AWS::Backup::BackupVault', {
        Properties: Match.objectLike({
          BackupVaultName: 'pcloud-kent-network-kent',
          EncryptionKeyArn: keyArn,
          AccessPolicy: Match.objectLike({ Statement: [Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })] }),
        }),
        DeletionPolicy: 'Retain',
      });
    });

    test('backs up daily, keeping each backup the enclave backup retention (35 days by default)', () => {
      t.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanName: 'pcloud-kent-network-kent',
          BackupPlanRule: [
            Match.objectLike({
              RuleName: 'Daily',
              ScheduleExpression: 'cron(0 1 * * ? *)',
              Lifecycle: { DeleteAfterDays: 35 },
              TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KentBackupVault'), 'BackupVaultName'] },
            }),
          ],
        },
      });
    });

    test("selects the instances and databases tagged with the enclave's path, with a role of its own", () => {
      t.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: {
          SelectionName: 'enclave-workloads',
          IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Role'), 'Arn'] },
          Resources: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:rds:*:*:db:*'],
          Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/enclave', ConditionValue: 'network/kent' }] },
        },
      });
      t.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] }],
      });
    });

    test('keeps backups as long as the enclave says', () => {
      const { stack: own, network: net } = ownStack();
      new aws.TenantEnclave(own, 'Essex', { network: net, tenant: 'essex', backup: { retentionDays: 90 } });
      template(own).hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: { BackupPlanName: 'pcloud-kent-network-essex', BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 90 } })] },
      });
    });

    test('renders no vault, plan or selection when backup is switched off', () => {
      const { stack: own, network: net } = ownStack();
      const essex = new aws.TenantEnclave(own, 'Essex', { network: net, tenant: 'essex', backup: { enabled: false } });
      const rendered = template(own);
      expect(essex.backup).toBeUndefined();
      // Kent (the fixture's enclave) keeps its own backup.
      rendered.resourceCountIs('AWS::Backup::BackupVault', 1);
      rendered.resourceCountIs('AWS::Backup::BackupPlan', 1);
      rendered.resourceCountIs('AWS::Backup::BackupSelection', 1);
      rendered.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'pcloud-kent-network-kent' });
    });
  });

  test('without an audit archive, subscribes nothing to its audit log', () => {
    t.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
  });

  test("copies its whole audit log to the site's archive stream when given one", () => {
    const { stack: own, network: net } = ownStack();
    new aws.TenantEnclave(own, 'Essex', {
      network: net,
      tenant: 'essex',
      auditArchive: { destinationArn: 'arn:aws:firehose:eu-west-2:111122223333:deliverystream/archive', roleArn: 'arn:aws:iam::111122223333:role/archive' },
    });
    template(own).hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^EssexAuditLog') },
      FilterPattern: '',
      DestinationArn: 'arn:aws:firehose:eu-west-2:111122223333:deliverystream/archive',
      RoleArn: 'arn:aws:iam::111122223333:role/archive',
    });
  });

  test('tags its resources with the force and enclave', () => {
    t.hasResourceProperties('AWS::EC2::Subnet', {
      CidrBlock: '10.20.4.0/25',
      Tags: Match.arrayWith([{ Key: 'classification', Value: 'OFFICIAL-SENSITIVE' }, { Key: 'enclave', Value: 'network/kent' }, { Key: 'force', Value: 'kent' }]),
    });
  });

  test('allocates an address space when none is given, apart from the first enclave', () => {
    const essex = new aws.TenantEnclave(stack, 'Essex', { network, tenant: 'essex' });
    expect(essex.model.cidr).not.toBe('10.20.4.0/22');
    expect(essex.model.cidr).toMatch(/^10\.20\.\d+\.0\/22$/);
    expect(essex.model.path).toBe('network/essex');
  });

  test('fails when the same force gets a second enclave on the network', () => {
    expect(pcloudErrorOf(() => new aws.TenantEnclave(stack, 'KentAgain', { network, tenant: 'kent' })).code).toBe('DUPLICATE_TENANT');
  });
});
