import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { Classification } from '../../../lib/classification';
import { ACCREDITATION } from '../../fixtures/sites';
import { pcloudErrorOf } from '../../helpers';
import { ENV, ownStack, resourcesOfType, template } from './fixtures';
import { acceptRisk } from '../../../index';

function enclaveWithWorkloads() {
  const built = ownStack();
  const web = built.enclave.addWorkload('web', { kind: 'vm', tier: 'presentation' });
  const app = built.enclave.addWorkload('app', { kind: 'vm', size: 'medium', diskGiB: 128 });
  const db = built.enclave.addWorkload('db', { kind: 'database' });
  const docs = built.enclave.addWorkload('docs', { kind: 'objectStore' });
  app.allowFrom(web, 8443);
  db.allowFrom(app, 5432);
  docs.allowFrom(app, 443);
  return { ...built, web, app, db, docs, t: template(built.stack) };
}

describe('aws.Workload', () => {
  const { t, stack, enclave, app, web, db, docs } = enclaveWithWorkloads();
  const keyRef = { 'Fn::GetAtt': [stack.getLogicalId(enclave.key.node.defaultChild as never), 'Arn'] };

  test('a vm requires IMDSv2, has no public IP, and encrypts its disk under the enclave key', () => {
    t.hasResourceProperties('AWS::EC2::Instance', {
      InstanceType: 'm7i.xlarge',
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: Match.objectLike({ Encrypted: true, KmsKeyId: keyRef, VolumeSize: 128 }) }],
      DisableApiTermination: true,
    });
    // No public IP: the instance sits in its tier's subnet, which maps none, in a VPC with no internet gateway.
    const instance = Object.values(resourcesOfType(t, 'AWS::EC2::Instance'))[0] as unknown as { Properties: { SubnetId: { Ref: string }; NetworkInterfaces?: unknown } };
    expect(instance.Properties.NetworkInterfaces).toBeUndefined();
    const subnet = t.toJSON().Resources[instance.Properties.SubnetId.Ref];
    expect(subnet).toMatchObject({ Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: false } });
    expect(resourcesOfType(t, 'AWS::EC2::InternetGateway')).toEqual({});
  });

  test('a vm is retained on stack deletion and managed through SSM', () => {
    const instances = resourcesOfType(t, 'AWS::EC2::Instance');
    expect(Object.values(instances).every((i) => i.DeletionPolicy === 'Retain')).toBe(true);
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
  });

  test('diskEncryption: false renders an unencrypted root volume and unencrypted database storage, as declared', () => {
    const built = ownStack();
    built.enclave.addWorkload('legacy', { kind: 'vm', diskEncryption: false });
    built.enclave.addWorkload('legacy-db', { kind: 'database', diskEncryption: false });
    // Weakening needs a recorded acceptance, or synthesis fails (see own-stack-rules.test.ts).
    for (const rule of ['PCR-05', 'PCR-06']) {
      for (const path of ['network/kent/legacy', 'network/kent/legacy-db']) {
        acceptRisk(built.app, { rule, path, reason: 'Legacy workloads migrating to encrypted storage', reference: 'KENT-RR-3', acceptedBy: 'Kent SIRO', expires: '2999-01-01' });
      }
    }
    const rendered = template(built.stack);
    const instance = Object.values(resourcesOfType(rendered, 'AWS::EC2::Instance'))[0].Properties!;
    expect(instance.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/sda1', Ebs: { Encrypted: false, VolumeSize: 64, VolumeType: 'gp3', DeleteOnTermination: true } }]);
    const database = Object.values(resourcesOfType(rendered, 'AWS::RDS::DBInstance'))[0].Properties!;
    expect(database.StorageEncrypted).toBe(false);
    expect(database.KmsKeyId).toBeUndefined();
  });

  test('a database keeps its master password in Secrets Manager under the enclave key, managed and rotated by RDS', () => {
    t.hasResourceProperties('AWS::RDS::DBInstance', {
      MasterUsername: 'pcloud_admin',
      ManageMasterUserPassword: true,
      MasterUserSecret: { KmsKeyId: keyRef },
    });
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test('an object store logs server access to the bucket its network names, under its own path', () => {
    const built = ownStack();
    const siteStack = new Stack(built.app, 'Site', { env: ENV });
    const site = new aws.SiteBaseline(siteStack, 'Site', { estate: 'kent' });
    const network = new aws.AccreditedNetwork(built.stack, 'Logged', {
      addressSpace: '10.30.0.0/16',
      accreditation: ACCREDITATION,
      estate: 'kent',
      accessLogs: site.accessLogs,
      assurance: { level: 'PASF', reference: 'PASF-AWS-TEST' },
    });
    new aws.TenantEnclave(built.stack, 'Essex', { network, tenant: 'essex' }).addWorkload('files', { kind: 'objectStore' });
    template(built.stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.stringLikeRegexp('^pcloud-essex-files-'),
      LoggingConfiguration: { DestinationBucketName: { 'Fn::ImportValue': Match.stringLikeRegexp('SiteAccessLogs') }, LogFilePrefix: 'logged/essex/files/' },
    });
  });

  test('a database is encrypted, private, multi-AZ, TLS only, deletion-protected, backed up 35 days and retained', () => {
    t.hasResource('AWS::RDS::DBInstance', {
      Properties: Match.objectLike({
        Engine: 'postgres',
        StorageEncrypted: true,
        KmsKeyId: keyRef,
        PubliclyAccessible: false,
        MultiAZ: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 35,
        EnableIAMDatabaseAuthentication: true,
      }),
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/rds/instance/pc-kent-db-.*/postgresql$'), KmsKeyId: keyRef, RetentionInDays: 365 });
  });

  test('an object store is KMS-encrypted, private, versioned, TLS 1.2 only and retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyRef } })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('a declared flow opens exactly that port from the source security group, and nothing from anywhere', () => {
    const appSg = stack.getLogicalId(app.securityGroup!.node.defaultChild as never);
    const webSg = stack.getLogicalId(web.securityGroup!.node.defaultChild as never);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [appSg, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [webSg, 'GroupId'] },
      FromPort: 8443,
      ToPort: 8443,
      IpProtocol: 'tcp',
    });
    const ingress = [
      ...Object.values(resourcesOfType(t, 'AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties!),
      ...Object.values(resourcesOfType(t, 'AWS::EC2::SecurityGroup')).flatMap((r) => (r.Properties!.SecurityGroupIngress as Record<string, unknown>[]) ?? []),
    ];
    expect(ingress.filter((r) => r.CidrIp === '0.0.0.0/0' || r.CidrIpv6 === '::/0')).toEqual([]);
    // web accepts nothing: no flow was declared into it
    expect(ingress.filter((r) => JSON.stringify(r.GroupId) === JSON.stringify({ 'Fn::GetAtt': [webSg, 'GroupId'] }))).toEqual([]);
  });

  test('a declared flow adds network ACL entries for the port and the replies on both tiers', () => {
    const entries = Object.values(resourcesOfType(t, 'AWS::EC2::NetworkAclEntry')).map((e) => e.Properties!);
    const presentation = '10.20.4.0/24';
    const application = '10.20.5.0/24';
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Egress: false, CidrBlock: presentation, PortRange: { From: 8443, To: 8443 }, RuleAction: 'allow' }),
        expect.objectContaining({ Egress: true, CidrBlock: application, PortRange: { From: 8443, To: 8443 }, RuleAction: 'allow' }),
        expect.objectContaining({ Egress: true, CidrBlock: presentation, PortRange: { From: 1024, To: 65535 }, RuleAction: 'allow' }),
      ]),
    );
    const numbers = entries.map((e) => `${JSON.stringify(e.NetworkAclId)}|${e.Egress}|${e.RuleNumber}`);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  test('a flow into an object store grants the source role read and write on that bucket', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']), Effect: 'Allow' })]) },
      Roles: [{ Ref: stack.getLogicalId(app.role!.node.defaultChild as never) }],
    });
  });

  test('... with named actions only, on that bucket and the enclave key', () => {
    const bucket = stack.getLogicalId(docs.bucket!.node.defaultChild as never);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: { 'Fn::GetAtt': [bucket, 'Arn'] } },
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/*']] },
          },
          { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyRef },
        ],
      },
    });
  });

  test('a workload below its enclave classification is tagged with its own', () => {
    const built = ownStack();
    built.enclave.addWorkload('training', { kind: 'vm', classification: Classification.OFFICIAL });
    template(built.stack).hasResourceProperties('AWS::EC2::Instance', { Tags: Match.arrayWith([{ Key: 'classification', Value: 'OFFICIAL' }]) });
  });

  test('declaring the same flow twice renders it once', () => {
    const before = Object.keys(resourcesOfType(t, 'AWS::EC2::SecurityGroupIngress')).length;
    db.allowFrom(app, 5432);
    expect(Object.keys(resourcesOfType(template(stack), 'AWS::EC2::SecurityGroupIngress'))).toHaveLength(before);
  });

  test('fails when the flow comes from another enclave', () => {
    const essex = new aws.TenantEnclave(stack, 'Essex', { network: enclave.network, tenant: 'essex' });
    const other = essex.addWorkload('app', { kind: 'vm' });
    expect(pcloudErrorOf(() => db.allowFrom(other, 5432))).toMatchObject({ code: 'FLOW_CROSSES_ENCLAVE', path: 'network/kent/db' });
  });
});
