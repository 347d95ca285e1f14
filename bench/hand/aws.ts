// The benchmark's hand-written AWS equivalent: the same stacks, resource types and counts as
// pcloud's AWS output for a bench estate, written with aws-cdk-lib directly (no pcloud import).
// It follows what pcloud's renderers under constructs/aws do, without the model, the rules, the
// name fitting and the cdk-nag acknowledgements.
import { App, Duration, Fn, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { CURRENTLY_RECOMMENDED_FLAGS, DEFAULT_CROSS_STACK_REFERENCES, DISABLE_CREATION_STACK_TRACES, PATH_METADATA_ENABLE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { BenchEnclave, BenchEstate, BenchNetwork, BenchTier } from '../estate-spec';
import { enclaveCidr, enclaveTags, networkTags, servicesCidr, siteTags, tierCidr, TIERS, zoneCidr } from './common';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-2';
const ARCHIVE_PREFIX = { cloudtrail: 'cloudtrail', config: 'config', flowLogs: 'flow-logs', enclaveAudit: 'enclave-audit' };
const INSTANCE_TYPES = { small: 'm7i.large', medium: 'm7i.xlarge', large: 'm7i.2xlarge', xlarge: 'm7i.4xlarge' } as const;
const DATABASE_CLASSES = { small: 'm7g.large', medium: 'm7g.xlarge', large: 'm7g.2xlarge', xlarge: 'm7g.4xlarge' } as const;
const UBUNTU = '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id';

const C = config.ManagedRuleIdentifiers;
const CONFIG_RULES: readonly [string, string, string, Record<string, unknown>?][] = [
  ['PCR-05', 'encrypted-volumes', C.EBS_ENCRYPTED_VOLUMES],
  ['PCR-05', 'rds-storage-encrypted', C.RDS_STORAGE_ENCRYPTED],
  ['PCR-05', 's3-bucket-server-side-encryption-enabled', C.S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED],
  ['PCR-05', 'cloudwatch-log-group-encrypted', C.CLOUDWATCH_LOG_GROUP_ENCRYPTED],
  ['PCR-07', 'cmk-backing-key-rotation-enabled', C.CMK_BACKING_KEY_ROTATION_ENABLED],
  ['PCR-08', 's3-bucket-ssl-requests-only', C.S3_BUCKET_SSL_REQUESTS_ONLY],
  ['PCR-13', 'vpc-default-security-group-closed', C.VPC_DEFAULT_SECURITY_GROUP_CLOSED],
  ['PCR-14', 'ec2-instance-no-public-ip', C.EC2_INSTANCE_NO_PUBLIC_IP],
  ['PCR-14', 'subnet-auto-assign-public-ip-disabled', C.SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED],
  ['PCR-15', 's3-bucket-level-public-access-prohibited', C.S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED],
  ['PCR-15', 'rds-instance-public-access-check', C.RDS_INSTANCE_PUBLIC_ACCESS_CHECK],
  ['PCR-17', 'restricted-ssh', C.EC2_SECURITY_GROUPS_INCOMING_SSH_DISABLED],
  ['PCR-19', 'iam-policy-no-statements-with-admin-access', C.IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS],
  ['PCR-20', 'multi-region-cloudtrail-enabled', C.CLOUDTRAIL_MULTI_REGION_ENABLED],
  ['PCR-20', 'cloud-trail-log-file-validation-enabled', C.CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED],
  ['PCR-20', 'cloud-trail-encryption-enabled', C.CLOUD_TRAIL_ENCRYPTION_ENABLED],
  ['PCR-21', 'cw-loggroup-retention-period-check', C.CW_LOGGROUP_RETENTION_PERIOD_CHECK, { MinRetentionTime: 365 }],
  ['PCR-23', 'vpc-flow-logs-enabled', C.VPC_FLOW_LOGS_ENABLED],
  ['PCR-24', 'guardduty-enabled-centralized', C.GUARDDUTY_ENABLED_CENTRALIZED],
  ['PCR-24', 'securityhub-enabled', C.SECURITYHUB_ENABLED],
  ['PCR-28', 'ebs-in-backup-plan', C.EBS_IN_BACKUP_PLAN],
  ['PCR-28', 'rds-in-backup-plan', C.RDS_IN_BACKUP_PLAN],
  ['PCR-30', 'ec2-imdsv2-check', C.EC2_IMDSV2_CHECK],
];

function tag(scope: Construct, tags: Record<string, string>): void {
  for (const [k, v] of Object.entries(tags)) Tags.of(scope).add(k, v);
}

function allowLogsToUseKey(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${REGION}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` } },
    }),
  );
}

function hardenedBucket(bucketName: string): s3.BucketProps {
  return {
    bucketName,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

interface Site {
  readonly key: kms.Key;
  readonly logArchive: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly streamArn: string;
  readonly subscriptionRoleArn: string;
}

/** The site stack: key, log archive and access logs, trail, Config and its rules, GuardDuty, Security Hub, the audit stream. */
function siteBaseline(scope: Construct, id: string, estate: string): Site {
  const base = new Construct(scope, id);
  const trailName = `pcloud-${estate}`;
  const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${trailName}`;
  const key = new kms.Key(base, 'Key', {
    description: `pcloud ${estate}: site audit trail, log archive and findings`,
    alias: `alias/pcloud-site/${estate}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  allowLogsToUseKey(key);
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailEncrypt',
      principals: [cloudTrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({ sid: 'AllowCloudTrailDescribeKey', principals: [cloudTrail], actions: ['kms:DescribeKey'], resources: ['*'], conditions: { StringEquals: { 'aws:SourceArn': trailArn } } }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfig',
      principals: [new iam.ServicePrincipal('config.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowLogDelivery',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*` } },
    }),
  );

  const accessLogs = new s3.Bucket(base, 'AccessLogs', { ...hardenedBucket(`pcloud-${estate}-access-0123456789`), encryption: s3.BucketEncryption.S3_MANAGED });
  accessLogs.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowS3ServerAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    }),
  );
  const logArchive = new s3.Bucket(base, 'LogArchive', {
    ...hardenedBucket(`pcloud-${estate}-logs-0123456789`),
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(365)),
  });
  (logArchive.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: accessLogs.bucketName, logFilePrefix: 'log-archive/' };
  const configService = new iam.ServicePrincipal('config.amazonaws.com');
  const logDelivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const ownerFullControl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  const fromLogs = { ArnLike: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*` } };
  const configObjects = logArchive.arnForObjects(`${ARCHIVE_PREFIX.config}/AWSLogs/${ACCOUNT}/Config/*`);
  logArchive.addToResourcePolicy(
    new iam.PolicyStatement({ sid: 'AllowConfigCheck', principals: [configService], actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [logArchive.bucketArn], conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
  );
  logArchive.addToResourcePolicy(
    new iam.PolicyStatement({ sid: 'AllowConfigDelivery', principals: [configService], actions: ['s3:PutObject'], resources: [configObjects], conditions: { StringEquals: { ...ownerFullControl, 'aws:SourceAccount': ACCOUNT } } }),
  );
  logArchive.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowFlowLogsCheck',
      principals: [logDelivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [logArchive.bucketArn],
      conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ...fromLogs },
    }),
  );
  logArchive.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowFlowLogsDelivery',
      principals: [logDelivery],
      actions: ['s3:PutObject'],
      resources: [logArchive.arnForObjects(`${ARCHIVE_PREFIX.flowLogs}/AWSLogs/${ACCOUNT}/*`)],
      conditions: { StringEquals: { ...ownerFullControl, 'aws:SourceAccount': ACCOUNT }, ...fromLogs },
    }),
  );

  const trailLogGroup = new logs.LogGroup(base, 'TrailLogs', { logGroupName: `/pcloud/${estate}/cloudtrail`, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  const trail = new cloudtrail.Trail(base, 'Trail', {
    trailName,
    bucket: logArchive,
    s3KeyPrefix: ARCHIVE_PREFIX.cloudtrail,
    encryptionKey: key,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableFileValidation: true,
    managementEvents: cloudtrail.ReadWriteType.ALL,
  });
  const trailLogsRole = new iam.Role(base, 'TrailLogsRole', {
    assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceArn': trailArn } } }),
    description: `pcloud ${estate}: CloudTrail writes to its log group`,
  });
  const trailLogsPolicy = new iam.ManagedPolicy(base, 'TrailLogsPolicy', {
    description: `pcloud ${estate}: CloudTrail writes to its log group`,
    roles: [trailLogsRole],
    statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [trailLogGroup.logGroupArn] })],
  });
  const cfnTrail = trail.node.defaultChild as cloudtrail.CfnTrail;
  cfnTrail.cloudWatchLogsLogGroupArn = trailLogGroup.logGroupArn;
  cfnTrail.cloudWatchLogsRoleArn = trailLogsRole.roleArn;
  cfnTrail.node.addDependency(key, trailLogsPolicy);

  const recorderRole = new iam.Role(base, 'ConfigRole', {
    assumedBy: configService,
    description: `pcloud ${estate}: AWS Config recorder`,
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
  });
  const configDeliveryPolicy = new iam.ManagedPolicy(base, 'ConfigDeliveryPolicy', {
    description: `pcloud ${estate}: AWS Config delivers to the log archive`,
    roles: [recorderRole],
    statements: [
      new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [logArchive.bucketArn] }),
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [configObjects], conditions: { StringEquals: ownerFullControl } }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    ],
  });
  const recorder = new config.CfnConfigurationRecorder(base, 'ConfigRecorder', { roleArn: recorderRole.roleArn, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } });
  const delivery = new config.CfnDeliveryChannel(base, 'ConfigDelivery', {
    s3BucketName: logArchive.bucketName,
    s3KeyPrefix: ARCHIVE_PREFIX.config,
    s3KmsKeyArn: key.keyArn,
    configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
  });
  delivery.addResourceDependency(recorder);
  recorder.node.addDependency(configDeliveryPolicy);
  const rules = new Construct(base, 'ConfigRules');
  for (const [rule, name, identifier, inputParameters] of CONFIG_RULES) {
    const managed = new config.ManagedRule(rules, `${rule}-${name}`, {
      identifier,
      configRuleName: `pcloud-${estate}-${rule.toLowerCase()}-${name}`,
      description: `${rule}: ${name} (pcloud estate ${estate})`,
      ...(inputParameters ? { inputParameters } : {}),
    });
    const cfn = managed.node.defaultChild as config.CfnConfigRule;
    cfn.addMetadata('pcloud-rule', rule);
    cfn.addResourceDependency(recorder);
  }
  new guardduty.CfnDetector(base, 'GuardDuty', { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
  new securityhub.CfnHub(base, 'SecurityHub', { enableDefaultStandards: true, controlFindingGenerator: 'SECURITY_CONTROL', autoEnableControls: true });

  const prefix = ARCHIVE_PREFIX.enclaveAudit;
  const deliveryRole = new iam.Role(base, 'AuditArchiveRole', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
    description: `pcloud ${estate}: Firehose writes enclave audit logs into the log archive`,
  });
  const deliveryPolicy = new iam.ManagedPolicy(base, 'AuditArchivePolicy', {
    description: `pcloud ${estate}: Firehose writes enclave audit logs into the log archive`,
    roles: [deliveryRole],
    statements: [
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [logArchive.bucketArn] }),
      new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: [logArchive.arnForObjects(`${prefix}/*`), logArchive.arnForObjects(`${prefix}-errors/*`)] }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    ],
  });
  const stream = new firehose.CfnDeliveryStream(base, 'AuditArchive', {
    deliveryStreamName: `pcloud-${estate}-audit-archive`,
    deliveryStreamType: 'DirectPut',
    deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.keyArn },
    extendedS3DestinationConfiguration: {
      bucketArn: logArchive.bucketArn,
      roleArn: deliveryRole.roleArn,
      prefix: `${prefix}/`,
      errorOutputPrefix: `${prefix}-errors/`,
      compressionFormat: 'UNCOMPRESSED',
      bufferingHints: { intervalInSeconds: 300, sizeInMBs: 5 },
      encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: key.keyArn } },
    },
  });
  stream.node.addDependency(deliveryPolicy);
  const subscriptionRole = new iam.Role(base, 'AuditSubscriptionRole', {
    assumedBy: new iam.ServicePrincipal(`logs.${REGION}.amazonaws.com`, { conditions: { StringLike: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*` } } }),
    description: `pcloud ${estate}: CloudWatch Logs sends enclave audit logs to the archive stream`,
  });
  new iam.ManagedPolicy(base, 'AuditSubscriptionPolicy', {
    description: `pcloud ${estate}: CloudWatch Logs sends enclave audit logs to the archive stream`,
    roles: [subscriptionRole],
    statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [stream.attrArn] })],
  });
  tag(base, siteTags(estate));
  return { key, logArchive, accessLogs, streamArn: stream.attrArn, subscriptionRoleArn: subscriptionRole.roleArn };
}

/** A default-deny network ACL over some subnets; allow entries numbered in the order they are added. */
class Acl {
  readonly acl: ec2.NetworkAcl;
  private next = 100;
  private readonly seen = new Set<string>();

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, subnets: ec2.ISubnet[]) {
    this.acl = new ec2.NetworkAcl(scope, id, { vpc, subnetSelection: { subnets } });
    for (const direction of [ec2.TrafficDirection.INGRESS, ec2.TrafficDirection.EGRESS]) {
      this.acl.addEntry(direction === ec2.TrafficDirection.INGRESS ? 'DenyAllIngress' : 'DenyAllEgress', {
        ruleNumber: 32766,
        cidr: ec2.AclCidr.anyIpv4(),
        traffic: ec2.AclTraffic.allTraffic(),
        direction,
        ruleAction: ec2.Action.DENY,
      });
    }
  }

  allow(direction: 'ingress' | 'egress', cidr: string, from: number, to: number): void {
    const key = `${direction}-${cidr}-${from}-${to}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.acl.addEntry(`${direction === 'ingress' ? 'In' : 'Out'}${this.next}`, {
      ruleNumber: this.next++,
      cidr: ec2.AclCidr.ipv4(cidr),
      traffic: from === to ? ec2.AclTraffic.tcpPort(from) : ec2.AclTraffic.tcpPortRange(from, to),
      direction: direction === 'ingress' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
      ruleAction: ec2.Action.ALLOW,
    });
  }
}

const ENDPOINTS: readonly [string, ec2.InterfaceVpcEndpointAwsService][] = [
  ['Ssm', ec2.InterfaceVpcEndpointAwsService.SSM],
  ['SsmMessages', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES],
  ['Ec2Messages', ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES],
  ['Kms', ec2.InterfaceVpcEndpointAwsService.KMS],
  ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
  ['S3', ec2.InterfaceVpcEndpointAwsService.S3],
];

interface Network {
  readonly spec: BenchNetwork;
  readonly vpc: ec2.Vpc;
  readonly accessLogs: s3.IBucket;
}

/** The network stack: key, VPC without internet, flow logs (log group and archive), services subnets and ACL, interface endpoints. */
function accreditedNetwork(scope: Construct, spec: BenchNetwork, estate: string, site: Site): Network {
  const net = new Construct(scope, spec.id);
  const key = new kms.Key(net, 'Key', { description: `pcloud ${estate}/${spec.id}: network logs`, alias: `alias/pcloud/${estate}/${spec.id}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  allowLogsToUseKey(key);
  const vpc = new ec2.Vpc(net, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(spec.addressSpace),
    availabilityZones: [`${REGION}a`, `${REGION}b`],
    subnetConfiguration: [],
    natGateways: 0,
    createInternetGateway: false,
    restrictDefaultSecurityGroup: true,
    enableDnsHostnames: true,
    enableDnsSupport: true,
  });
  const flowLogGroup = new logs.LogGroup(net, 'FlowLogs', { logGroupName: `/pcloud/${estate}/${spec.id}/vpc-flow-logs`, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  new ec2.FlowLog(net, 'FlowLog', {
    resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
    destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
    trafficType: ec2.FlowLogTrafficType.ALL,
    maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
  });
  const archive = s3.Bucket.fromBucketAttributes(net, 'LogArchive', { bucketArn: site.logArchive.bucketArn, bucketName: site.logArchive.bucketName });
  new ec2.FlowLog(net, 'ArchiveFlowLog', { resourceType: ec2.FlowLogResourceType.fromVpc(vpc), destination: ec2.FlowLogDestination.toS3(archive, 'flow-logs/'), trafficType: ec2.FlowLogTrafficType.ALL });
  const services = servicesCidr(spec);
  const subnets = [0, 1].map(
    (i) => new ec2.Subnet(net, `Services${i === 0 ? 'A' : 'B'}`, { vpcId: vpc.vpcId, availabilityZone: Fn.select(i, Fn.getAzs(REGION)), cidrBlock: zoneCidr(services, i), mapPublicIpOnLaunch: false }),
  );
  const acl = new Acl(net, 'ServicesAcl', vpc, subnets);
  acl.allow('ingress', spec.addressSpace, 443, 443);
  acl.allow('egress', spec.addressSpace, 1024, 65535);
  const endpointGroup = new ec2.SecurityGroup(net, 'EndpointSecurityGroup', { vpc, description: `pcloud ${spec.id}: interface endpoints, https from the network only`, allowAllOutbound: false });
  endpointGroup.addIngressRule(ec2.Peer.ipv4(spec.addressSpace), ec2.Port.tcp(443), 'https from the network');
  for (const [name, service] of ENDPOINTS) {
    const endpoint = new ec2.InterfaceVpcEndpoint(net, `${name}Endpoint`, { vpc, service, subnets: { subnets }, securityGroups: [endpointGroup], privateDnsEnabled: true, open: false });
    if (service === ec2.InterfaceVpcEndpointAwsService.S3) {
      (endpoint.node.defaultChild as ec2.CfnVPCEndpoint).addPropertyOverride('DnsOptions', { PrivateDnsOnlyForInboundResolverEndpoint: 'NotSpecified' });
    }
  }
  tag(net, networkTags(estate, spec));
  return { spec, vpc, accessLogs: site.accessLogs };
}

const UNSCOPED_READS = [
  'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus', 'ec2:DescribeTags', 'ec2:DescribeVolumes', 'rds:DescribeDBInstances',
  'ssm:DescribeInstanceInformation', 'ssm:DescribeSessions', 'ssm:GetConnectionStatus', 'logs:DescribeLogGroups', 'logs:GetQueryResults',
];
const DENIED: readonly [string, string[]][] = [
  ['DenyIamChanges', ['iam:Add*', 'iam:Attach*', 'iam:Change*', 'iam:Create*', 'iam:Deactivate*', 'iam:Delete*', 'iam:Detach*', 'iam:Enable*', 'iam:PassRole', 'iam:Put*', 'iam:Remove*', 'iam:Reset*', 'iam:Resync*', 'iam:Set*', 'iam:Tag*', 'iam:Untag*', 'iam:Update*', 'iam:Upload*']],
  ['DenyTagChanges', ['ec2:CreateTags', 'ec2:DeleteTags', 'rds:AddTagsToResource', 'rds:RemoveTagsFromResource', 'logs:TagLogGroup', 'logs:UntagLogGroup', 'logs:TagResource', 'logs:UntagResource', 'kms:TagResource', 'kms:UntagResource', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'backup:TagResource', 'backup:UntagResource', 's3:PutBucketTagging', 'tag:TagResources', 'tag:UntagResources']],
  ['DenyAuditAndDetectionChanges', ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:Put*', 'cloudtrail:RemoveTags', 'config:Delete*', 'config:Put*', 'config:Stop*', 'guardduty:Archive*', 'guardduty:Create*', 'guardduty:Decline*', 'guardduty:Delete*', 'guardduty:Disable*', 'guardduty:Disassociate*', 'guardduty:Stop*', 'guardduty:Update*', 'securityhub:BatchDisable*', 'securityhub:Delete*', 'securityhub:Disable*', 'securityhub:Disassociate*', 'securityhub:Update*']],
  ['DenyEvidenceDestruction', ['logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:DeleteRetentionPolicy', 'logs:PutRetentionPolicy', 'logs:DeleteSubscriptionFilter', 'logs:PutSubscriptionFilter', 'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:RevokeGrant', 'backup:DeleteBackupPlan', 'backup:DeleteBackupSelection', 'backup:DeleteBackupVault', 'backup:DeleteRecoveryPoint', 'backup:UpdateBackupPlan', 'backup:UpdateRecoveryPointLifecycle']],
];

function operatorStatements(path: string, keyArn: string, auditLogArn: string): iam.PolicyStatement[] {
  const inEnclave = { StringEquals: { 'aws:ResourceTag/enclave': path } };
  const instances = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`;
  const reads = ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogGroupFields'];
  return [
    new iam.PolicyStatement({ sid: 'ShellOnEnclaveInstances', actions: ['ssm:StartSession'], resources: [instances], conditions: { StringEquals: { 'ssm:resourceTag/enclave': path }, BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } } }),
    new iam.PolicyStatement({ sid: 'ShellSessionDocument', actions: ['ssm:StartSession'], resources: [`arn:aws:ssm:${REGION}:${ACCOUNT}:document/SSM-SessionManagerRunShell`] }),
    new iam.PolicyStatement({ sid: 'OwnSessionChannels', actions: ['ssmmessages:OpenDataChannel'], resources: [`arn:aws:ssm:${REGION}:${ACCOUNT}:session/` + '${aws:userid}-*'] }),
    new iam.PolicyStatement({ sid: 'EndOwnSessions', actions: ['ssm:ResumeSession', 'ssm:TerminateSession'], resources: [`arn:aws:ssm:${REGION}:${ACCOUNT}:session/*`], conditions: { StringLike: { 'ssm:resourceTag/aws:ssmmessages:session-id': ['${aws:userid}'] } } }),
    new iam.PolicyStatement({ sid: 'OperateEnclaveInstances', actions: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'], resources: [instances], conditions: inEnclave }),
    new iam.PolicyStatement({ sid: 'StartEncryptedVolumes', actions: ['kms:CreateGrant'], resources: [keyArn], conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` } } }),
    new iam.PolicyStatement({ sid: 'OperateEnclaveDatabases', actions: ['rds:RebootDBInstance', 'rds:DescribeDBLogFiles', 'rds:DownloadDBLogFilePortion'], resources: [`arn:aws:rds:${REGION}:${ACCOUNT}:db:*`], conditions: inEnclave }),
    new iam.PolicyStatement({ sid: 'ReadEnclaveAuditLog', actions: reads, resources: [auditLogArn] }),
    new iam.PolicyStatement({ sid: 'ReadEnclaveLogGroups', actions: reads, resources: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`], conditions: inEnclave }),
    new iam.PolicyStatement({ sid: 'DecryptEnclaveLogs', actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [keyArn], conditions: { StringEquals: { 'kms:ViaService': `logs.${REGION}.amazonaws.com` } } }),
    new iam.PolicyStatement({ sid: 'ListInventory', actions: UNSCOPED_READS, resources: ['*'] }),
  ];
}

/** An enclave stack: key, audit log and its archive filter, backup, tier subnets and ACLs, administrators, workloads and flows. */
function tenantEnclave(scope: Construct, spec: BenchEnclave, network: Network, estate: string, site: Site): void {
  const net = network.spec;
  const path = `${net.id}/${spec.id}`;
  const enc = new Construct(scope, spec.id);
  const key = new kms.Key(enc, 'Key', { description: `pcloud ${estate}/${path}: enclave data`, alias: `alias/pcloud/${estate}/${net.id}/${spec.id}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  allowLogsToUseKey(key);
  const auditLog = new logs.LogGroup(enc, 'AuditLog', { logGroupName: `/pcloud/${estate}/${net.id}/${spec.id}/audit`, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  new logs.CfnSubscriptionFilter(enc, 'AuditArchive', { logGroupName: auditLog.logGroupName, filterPattern: '', destinationArn: site.streamArn, roleArn: site.subscriptionRoleArn });

  const vaultName = `pcloud-${estate}-${net.id}-${spec.id}`;
  const vault = new backup.BackupVault(enc, 'BackupVault', { backupVaultName: vaultName, encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN, blockRecoveryPointDeletion: true });
  const plan = new backup.BackupPlan(enc, 'BackupPlan', { backupPlanName: vaultName, backupVault: vault });
  plan.addRule(
    new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: events.Schedule.cron({ hour: '1', minute: '0' }),
      startWindow: Duration.hours(1),
      completionWindow: Duration.hours(8),
      deleteAfter: Duration.days(35),
    }),
  );
  const selection = plan.addSelection('Workloads', {
    backupSelectionName: 'enclave-workloads',
    resources: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:rds:*:*:db:*'].map((arn) => backup.BackupResource.fromArn(arn)),
  });
  (selection.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.Conditions', {
    StringEquals: [{ ConditionKey: 'aws:ResourceTag/enclave', ConditionValue: path }],
  });

  const cidr = enclaveCidr(net, spec.index);
  const subnets = new Map<BenchTier, ec2.Subnet[]>();
  const acls = new Map<BenchTier, Acl>();
  const services = servicesCidr(net);
  for (const [t, tier] of TIERS.entries()) {
    const name = tier.charAt(0).toUpperCase() + tier.slice(1);
    const tierBlock = tierCidr(cidr, t);
    const pair = [0, 1].map(
      (i) => new ec2.Subnet(enc, `${name}${i === 0 ? 'A' : 'B'}`, { vpcId: network.vpc.vpcId, availabilityZone: Fn.select(i, Fn.getAzs(REGION)), cidrBlock: zoneCidr(tierBlock, i), mapPublicIpOnLaunch: false }),
    );
    subnets.set(tier, pair);
    const acl = new Acl(enc, `${name}Acl`, network.vpc, pair);
    acl.allow('egress', services, 443, 443);
    acl.allow('ingress', services, 1024, 65535);
    acls.set(tier, acl);
  }

  const admins = new Construct(enc, 'Administrators');
  const boundaryName = `pcloud-${estate}-${net.id}-${spec.id}-admin-boundary`;
  const operator = new iam.ManagedPolicy(admins, 'OperatorPolicy', {
    managedPolicyName: `pcloud-${estate}-${net.id}-${spec.id}-admin-operator`,
    description: `pcloud ${estate}/${path}: operate the enclave's instances and databases, read its logs`,
    statements: operatorStatements(path, key.keyArn, auditLog.logGroupArn),
  });
  const boundary = new iam.ManagedPolicy(admins, 'Boundary', {
    managedPolicyName: boundaryName,
    description: `pcloud ${estate}/${path}: permissions boundary of the enclave's administrator roles`,
    statements: [
      ...operatorStatements(path, key.keyArn, auditLog.logGroupArn),
      new iam.PolicyStatement({ sid: DENIED[0][0], effect: iam.Effect.DENY, actions: DENIED[0][1], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'DenyBoundaryChanges',
        effect: iam.Effect.DENY,
        actions: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
        resources: [`arn:aws:iam::${ACCOUNT}:policy/${boundaryName}`],
      }),
      ...DENIED.slice(1).map(([sid, actions]) => new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions, resources: ['*'] })),
    ],
  });
  const group = `${spec.tenant}-platform-admins`;
  const role = new iam.Role(admins, group.replace(/-/g, ''), {
    roleName: `pcloud-${estate}-${net.id}-${spec.id}-${group}`,
    description: `pcloud ${estate}/${path}: administrators ${group} (vetting SC, MFA required)`,
    assumedBy: new iam.ArnPrincipal(`arn:aws:iam::${ACCOUNT}:root`).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }),
    maxSessionDuration: Duration.hours(1),
    permissionsBoundary: boundary,
    managedPolicies: [operator],
  });
  Tags.of(role).add('pcloud:administrator-group', group);
  Tags.of(role).add('pcloud:vetting', 'SC');
  Tags.of(role).add('pcloud:mfa', 'required');

  interface Rendered {
    readonly tier: BenchTier;
    readonly group?: ec2.SecurityGroup;
    readonly role?: iam.Role;
    readonly bucket?: s3.Bucket;
  }
  const rendered = new Map<string, Rendered>();
  for (const [j, w] of spec.workloads.entries()) {
    const scopeOf = new Construct(enc, w.id);
    const wpath = `${path}/${w.id}`;
    if (w.kind === 'vm') {
      const group = new ec2.SecurityGroup(scopeOf, 'SecurityGroup', { vpc: network.vpc, description: `pcloud ${wpath}: declared flows only`, allowAllOutbound: false });
      group.addEgressRule(ec2.Peer.ipv4(services), ec2.Port.tcp(443), 'network endpoints (SSM, KMS, logs, S3)');
      const role = new iam.Role(scopeOf, 'Role', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        description: `pcloud ${wpath}: instance role, managed through SSM`,
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
      });
      const instance = new ec2.Instance(scopeOf, 'Resource', {
        vpc: network.vpc,
        vpcSubnets: { subnets: [subnets.get(w.tier)![j % 2]] },
        instanceType: new ec2.InstanceType(INSTANCE_TYPES[w.size]),
        machineImage: ec2.MachineImage.fromSsmParameter(UBUNTU, { os: ec2.OperatingSystemType.LINUX }),
        securityGroup: group,
        role,
        httpEndpoint: true,
        httpTokens: ec2.HttpTokens.REQUIRED,
        httpPutResponseHopLimit: 1,
        blockDevices: [{ deviceName: '/dev/sda1', volume: ec2.BlockDeviceVolume.ebs(w.diskGiB ?? 64, { encrypted: true, kmsKey: key, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true }) }],
        ebsOptimized: true,
        detailedMonitoring: true,
        disableApiTermination: true,
        propagateTagsToVolumeOnCreation: true,
        instanceName: `${spec.tenant}-${w.id}`,
      });
      instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
      rendered.set(w.id, { tier: w.tier, group, role });
    } else if (w.kind === 'database') {
      const group = new ec2.SecurityGroup(scopeOf, 'SecurityGroup', { vpc: network.vpc, description: `pcloud ${wpath}: declared flows only`, allowAllOutbound: false });
      const identifier = `pc-${spec.tenant}-${w.id}-a1b2c3`;
      const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
      const logGroup = new logs.LogGroup(scopeOf, 'Logs', { logGroupName: `/aws/rds/instance/${identifier}/postgresql`, encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
      const database = new rds.DatabaseInstance(scopeOf, 'Resource', {
        instanceIdentifier: identifier,
        engine,
        instanceType: new ec2.InstanceType(DATABASE_CLASSES[w.size]),
        vpc: network.vpc,
        vpcSubnets: { subnets: subnets.get(w.tier)! },
        securityGroups: [group],
        port: 5432,
        allocatedStorage: w.diskGiB ?? 100,
        storageType: rds.StorageType.GP3,
        storageEncrypted: true,
        storageEncryptionKey: key,
        credentials: rds.Credentials.fromUsername('pcloud_admin', { encryptionKey: key }),
        manageMasterUserPassword: true,
        iamAuthentication: true,
        publiclyAccessible: false,
        multiAz: true,
        deletionProtection: true,
        backupRetention: Duration.days(35),
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: key,
        cloudwatchLogsExports: ['postgresql', 'upgrade'],
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
        parameterGroup: new rds.ParameterGroup(scopeOf, 'Parameters', {
          engine,
          description: `pcloud ${wpath}: TLS only, connections logged`,
          parameters: { 'rds.force_ssl': '1', log_connections: '1', log_disconnections: '1' },
        }),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      database.node.addDependency(logGroup);
      rendered.set(w.id, { tier: w.tier, group });
    } else {
      const bucket = new s3.Bucket(scopeOf, 'Resource', {
        ...hardenedBucket(`pcloud-${spec.tenant}-${w.id}-0123456789`),
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
      });
      (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: network.accessLogs.bucketName, logFilePrefix: `${wpath}/` };
      rendered.set(w.id, { tier: w.tier, bucket });
    }
  }

  for (const f of spec.flows) {
    const from = rendered.get(f.from)!;
    const to = rendered.get(f.to)!;
    if (to.bucket) {
      from.role!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [to.bucket.bucketArn] }));
      from.role!.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], resources: [to.bucket.arnForObjects('*')] }),
      );
      from.role!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }));
      continue;
    }
    to.group!.connections.allowFrom(from.group!, ec2.Port.tcp(f.port), `declared flow from ${path}/${f.from}`);
    const fromCidr = tierCidr(cidr, TIERS.indexOf(from.tier));
    const toCidr = tierCidr(cidr, TIERS.indexOf(to.tier));
    acls.get(to.tier)!.allow('ingress', fromCidr, f.port, f.port);
    acls.get(to.tier)!.allow('egress', fromCidr, 1024, 65535);
    acls.get(from.tier)!.allow('egress', toCidr, f.port, f.port);
    acls.get(from.tier)!.allow('ingress', toCidr, 1024, 65535);
  }
  tag(enc, enclaveTags(estate, net, spec));
}

/** Builds the estate's AWS app: site, network and enclave stacks, termination-protected, with pcloud's app settings. */
export function buildAwsApp(estate: BenchEstate, outdir: string, validate: boolean): App {
  const app = new App({
    outdir,
    analyticsReporting: false,
    stackTraces: false,
    builtinCloudFormationValidation: validate,
    context: {
      ...CURRENTLY_RECOMMENDED_FLAGS,
      [DEFAULT_CROSS_STACK_REFERENCES]: 'strong',
      [DISABLE_CREATION_STACK_TRACES]: true,
      [PATH_METADATA_ENABLE_CONTEXT]: true,
      [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['a', 'b', 'c'].map((z) => `${REGION}${z}`),
    },
  });
  const aws = estate.networks.filter((n) => n.platform === 'aws');
  if (!aws.length) return app;
  const env = { account: ACCOUNT, region: REGION };
  const newStack = (name: string, description: string, after: Stack[]) => {
    const stack = new Stack(app, name, { stackName: name, env, terminationProtection: true, description });
    for (const s of after) stack.addStackDependency(s);
    return stack;
  };
  const siteStack = newStack(`${estate.name}-aws-london`, `pcloud estate ${estate.name}: site aws-london`, []);
  const site = siteBaseline(siteStack, 'aws-london', estate.name);
  for (const spec of aws) {
    const networkStack = newStack(`${estate.name}-${spec.id}`, `pcloud estate ${estate.name}: network ${spec.id}`, [siteStack]);
    const network = accreditedNetwork(networkStack, spec, estate.name, site);
    for (const enclave of spec.enclaves) {
      const stack = newStack(`${estate.name}-${spec.id}-${enclave.id}`, `pcloud estate ${estate.name}: enclave ${spec.id}/${enclave.id}`, [siteStack, networkStack]);
      tenantEnclave(stack, enclave, network, estate.name, site);
    }
  }
  return app;
}
