import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { Classification } from '../../../lib/classification';
import { pcloudErrorOf } from '../../helpers';
import { ENV, resourcesOfType, template } from './fixtures';

/** A force's own stack holding only the site baseline. */
function baselineStack(props: Partial<aws.SiteBaselineProps> = {}) {
  const stack = new Stack(new App(), 'KentSite', { env: ENV });
  const baseline = new aws.SiteBaseline(stack, 'Site', { estate: 'kent', ...props });
  return { stack, baseline, t: template(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

describe('aws.SiteBaseline', () => {
  const { stack, baseline, t } = baselineStack();
  const keyArn = { 'Fn::GetAtt': [logicalId(stack, baseline.key), 'Arn'] };
  const archive = logicalId(stack, baseline.logArchive);
  const trailArn = 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/pcloud-kent';

  describe('site key', () => {
    test('is rotated and retained', () => {
      t.hasResource('AWS::KMS::Key', {
        Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('site audit trail') },
        DeletionPolicy: 'Retain',
      });
      t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pcloud-site/kent' });
    });

    test('lets CloudTrail (this trail), CloudWatch Logs, AWS Config and log delivery of the site region use it', () => {
      for (const statement of [
        {
          Sid: 'AllowCloudTrailEncrypt',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Condition: {
            StringEquals: { 'aws:SourceArn': trailArn },
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' },
          },
        },
        { Principal: { Service: 'logs.eu-west-2.amazonaws.com' }, Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:111122223333:log-group:*' } } },
        { Sid: 'AllowConfig', Principal: { Service: 'config.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
        {
          Sid: 'AllowLogDelivery',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-2:111122223333:*' } },
        },
      ]) {
        t.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike(statement)]) }) });
      }
    });
  });

  describe('log archive (PCR-22)', () => {
    test('is write-once for the retention (Object Lock, COMPLIANCE, 365 days), versioned, encrypted under the site key, private and retained', () => {
      t.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          BucketName: Match.stringLikeRegexp('^pcloud-kent-logs-[a-z0-9]{10}$'),
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } })],
          },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, baseline.accessLogs) }, LogFilePrefix: 'log-archive/' },
        }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    test('accepts TLS only, and lets CloudTrail, AWS Config and VPC flow-log delivery write under their own prefixes', () => {
      const objects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [archive, 'Arn'] }, prefix]] });
      for (const statement of [
        { Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: objects('/cloudtrail/AWSLogs/111122223333/*') },
        {
          Sid: 'AllowConfigDelivery',
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: objects('/config/AWSLogs/111122223333/Config/*'),
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '111122223333' } },
        },
        { Sid: 'AllowFlowLogsDelivery', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: objects('/flow-logs/AWSLogs/111122223333/*') },
      ]) {
        t.hasResourceProperties('AWS::S3::BucketPolicy', { Bucket: { Ref: archive }, PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) } });
      }
    });

    test('logs its access to a private, TLS-only access-log bucket that S3 log delivery of the account may write to', () => {
      t.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike({
          BucketName: Match.stringLikeRegexp('^pcloud-kent-access-[a-z0-9]{10}$'),
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        }),
        DeletionPolicy: 'Retain',
      });
      for (const statement of [
        { Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'AllowS3ServerAccessLogs', Principal: { Service: 'logging.s3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } },
      ]) {
        t.hasResourceProperties('AWS::S3::BucketPolicy', { Bucket: { Ref: logicalId(stack, baseline.accessLogs) }, PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(statement)]) } });
      }
    });
  });

  describe('audit trail (PCR-20)', () => {
    test('is a multi-region, validated, encrypted CloudTrail trail to the archive and a log group', () => {
      t.hasResourceProperties('AWS::CloudTrail::Trail', {
        TrailName: 'pcloud-kent',
        IsLogging: true,
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
        IncludeGlobalServiceEvents: true,
        KMSKeyId: keyArn,
        S3BucketName: { Ref: archive },
        S3KeyPrefix: 'cloudtrail',
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [logicalId(stack, baseline.trailLogGroup), 'Arn'] },
        CloudWatchLogsRoleArn: Match.anyValue(),
      });
    });

    test("keeps the trail's log group encrypted under the site key for the retention, and retained", () => {
      t.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: '/pcloud/kent/cloudtrail', RetentionInDays: 365, KmsKeyId: keyArn },
        DeletionPolicy: 'Retain',
      });
    });
  });

  describe('AWS Config', () => {
    test('records every supported resource type, global ones included, with the AWS_ConfigRole policy', () => {
      t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteConfigRole'), 'Arn'] },
      });
      t.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'config.amazonaws.com' } })] },
        ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }]),
      });
    });

    test('delivers to the archive, encrypted under the site key', () => {
      t.hasResourceProperties('AWS::Config::DeliveryChannel', { S3BucketName: { Ref: archive }, S3KeyPrefix: 'config', S3KmsKeyArn: keyArn });
    });

    test('runs the AWS managed rules for the catalogue, each named for its catalogue id and carrying it as pcloud-rule', () => {
      const rules = Object.values(t.findResources('AWS::Config::ConfigRule')) as { Properties: { Source: { Owner: string; SourceIdentifier: string }; ConfigRuleName: string; InputParameters?: Record<string, unknown> }; Metadata: Record<string, unknown>; DependsOn: string[] }[];
      const byIdentifier = new Map(rules.map((r) => [r.Properties.Source.SourceIdentifier, r]));
      const expected: Record<string, string[]> = {
        'PCR-05': ['ENCRYPTED_VOLUMES', 'RDS_STORAGE_ENCRYPTED', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'CLOUDWATCH_LOG_GROUP_ENCRYPTED'],
        'PCR-07': ['CMK_BACKING_KEY_ROTATION_ENABLED'],
        'PCR-08': ['S3_BUCKET_SSL_REQUESTS_ONLY'],
        'PCR-13': ['VPC_DEFAULT_SECURITY_GROUP_CLOSED'],
        'PCR-14': ['EC2_INSTANCE_NO_PUBLIC_IP', 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED'],
        'PCR-15': ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK'],
        'PCR-17': ['INCOMING_SSH_DISABLED'],
        'PCR-19': ['IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS'],
        'PCR-20': ['MULTI_REGION_CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED'],
        'PCR-21': ['CW_LOGGROUP_RETENTION_PERIOD_CHECK'],
        'PCR-23': ['VPC_FLOW_LOGS_ENABLED'],
        'PCR-24': ['GUARDDUTY_ENABLED_CENTRALIZED', 'SECURITYHUB_ENABLED'],
        'PCR-28': ['EBS_IN_BACKUP_PLAN', 'RDS_IN_BACKUP_PLAN'],
        'PCR-30': ['EC2_IMDSV2_CHECK'],
      };
      for (const [rule, identifiers] of Object.entries(expected)) {
        for (const identifier of identifiers) {
          const found = byIdentifier.get(identifier);
          expect({ identifier, owner: found?.Properties.Source.Owner, rule: found?.Metadata['pcloud-rule'] }).toEqual({ identifier, owner: 'AWS', rule });
          expect(found!.Properties.ConfigRuleName).toMatch(new RegExp(`^pcloud-kent-${rule.toLowerCase()}-`));
        }
      }
      expect(rules).toHaveLength(Object.values(expected).flat().length);
      expect(byIdentifier.get('CW_LOGGROUP_RETENTION_PERIOD_CHECK')!.Properties.InputParameters).toEqual({ MinRetentionTime: 365 });
      // AWS Config refuses a rule before the account has a recorder.
      const recorder = Object.keys(t.findResources('AWS::Config::ConfigurationRecorder'))[0];
      expect(rules.every((r) => r.DependsOn.includes(recorder))).toBe(true);
    });
  });

  describe('protective monitoring (PCR-24)', () => {
    test('turns on GuardDuty and Security Hub by default', () => {
      t.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
      t.resourceCountIs('AWS::SecurityHub::Hub', 1);
    });

    test('routes no findings when there is no SIEM export', () => {
      t.resourceCountIs('AWS::Events::Rule', 0);
    });

    test('renders no detector when native threat detection is off', () => {
      const { t: off } = baselineStack({ monitoring: { nativeThreatDetection: false, siemExport: { kind: 'syslog', endpoint: 'syslog.nmc.example:6514' } } });
      off.resourceCountIs('AWS::GuardDuty::Detector', 0);
      off.resourceCountIs('AWS::SecurityHub::Hub', 0);
    });

    test('with a SIEM export, sends GuardDuty and Security Hub findings to an encrypted log group kept the retention', () => {
      const { stack: s, baseline: b, t: siem } = baselineStack({ monitoring: { siemExport: { kind: 'splunk-hec', endpoint: 'https://hec.nmc.example:8088' } } });
      const group = logicalId(s, b.findingsLogGroup!);
      siem.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: '/aws/events/pcloud/kent/security-findings',
          RetentionInDays: 365,
          KmsKeyId: { 'Fn::GetAtt': [logicalId(s, b.key), 'Arn'] },
        },
        DeletionPolicy: 'Retain',
      });
      siem.hasResource('AWS::Events::Rule', {
        Properties: {
          EventPattern: { source: ['aws.guardduty', 'aws.securityhub'], 'detail-type': ['GuardDuty Finding', 'Security Hub Findings - Imported'] },
          State: 'ENABLED',
          Targets: [Match.objectLike({ Arn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:')])] }) })],
        },
        Metadata: Match.objectLike({ 'pcloud-siem-export': { soc: 'National Management Centre (NMC)', kind: 'splunk-hec', endpoint: 'https://hec.nmc.example:8088' } }),
      });
      // The policy document is a string built with Fn::Join around the log group's and rule's ARNs.
      const policies = Object.values(resourcesOfType(siem, 'AWS::Logs::ResourcePolicy'));
      expect(policies).toHaveLength(1);
      const document = JSON.stringify(policies[0].Properties!.PolicyDocument);
      for (const part of ['events.amazonaws.com', 'delivery.logs.amazonaws.com', 'logs:CreateLogStream', 'logs:PutLogEvents', group, 'aws:SourceArn']) expect(document).toContain(part);
    });
  });

  describe('enclave audit archive', () => {
    test('is a Firehose stream, encrypted under the site key, into the enclave-audit prefix of the archive', () => {
      t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamName: 'pcloud-kent-audit-archive',
        DeliveryStreamType: 'DirectPut',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArn },
        ExtendedS3DestinationConfiguration: Match.objectLike({
          BucketARN: { 'Fn::GetAtt': [archive, 'Arn'] },
          Prefix: 'enclave-audit/',
          ErrorOutputPrefix: 'enclave-audit-errors/',
          EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } },
        }),
      });
    });

    test('gives CloudWatch Logs of the site region a role that may put records into the stream and nothing else', () => {
      t.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'logs.eu-west-2.amazonaws.com' }, Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-2:111122223333:*' } } })],
        },
      });
      t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: { 'Fn::GetAtt': [logicalId(stack, { node: { defaultChild: baseline.auditArchiveStream } }), 'Arn'] } }],
        },
      });
    });
  });

  test('maps the audit retention onto Object Lock days and the shortest CloudWatch Logs period that keeps it', () => {
    const { t: long } = baselineStack({ auditRetentionDays: 2000 });
    long.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2000 } } } });
    long.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/pcloud/kent/cloudtrail', RetentionInDays: 2192 });
  });

  test('tags its resources as the site: no force, enclave or network, the classification it may hold', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::CloudTrail::Trail', 'AWS::GuardDuty::Detector', 'AWS::KinesisFirehose::DeliveryStream']) {
      t.hasResourceProperties(type, {
        Tags: Match.arrayWith([
          { Key: 'classification', Value: 'OFFICIAL-SENSITIVE' },
          { Key: 'enclave', Value: 'none' },
          { Key: 'estate', Value: 'kent' },
          { Key: 'force', Value: 'none' },
          { Key: 'managed-by', Value: 'pcloud' },
          { Key: 'network', Value: 'none' },
        ]),
      });
    }
    const buckets = resourcesOfType(t, 'AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
  });

  test('fails when the stack does not name its account and region', () => {
    const bare = new Stack(new App(), 'NoEnv');
    expect(pcloudErrorOf(() => new aws.SiteBaseline(bare, 'Site', { estate: 'kent' }))).toMatchObject({ code: 'AWS_STACK_ENV_MISSING', path: 'NoEnv/Site' });
  });

  test('fails when the site is asked to hold SECRET', () => {
    const stack2 = new Stack(new App(), 'Secret', { env: ENV });
    expect(pcloudErrorOf(() => new aws.SiteBaseline(stack2, 'Site', { estate: 'kent', classification: Classification.SECRET })).code).toBe('SECRET_ON_PUBLIC_CLOUD');
  });

  test('fails when the estate name cannot prefix resource names', () => {
    const stack2 = new Stack(new App(), 'BadName', { env: ENV });
    expect(pcloudErrorOf(() => new aws.SiteBaseline(stack2, 'Site', { estate: 'Kent Police' })).code).toBe('ID_INVALID');
  });

  test('is recognised across copies of the package', () => {
    expect(aws.SiteBaseline.isSiteBaseline(baseline)).toBe(true);
    expect(aws.SiteBaseline.isSiteBaseline(Template)).toBe(false);
  });
});
