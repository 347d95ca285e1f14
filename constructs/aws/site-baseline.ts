import { ArnFormat, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { Classification } from '../../lib/classification';
import { checkId, requireDays, requireString } from '../../lib/model/checks';
import { requireGatewayAddress } from '../../lib/model/interconnect';
import { resolveMonitoring, type MonitoringProps } from '../../lib/model/monitoring';
import { checkPlacement, DEFAULT_LOG_RETENTION_DAYS } from '../../lib/model/network';
import type { MonitoringModel, SiteAssurance, SiteModel } from '../../lib/model/types';
import { awsNames } from '../../lib/naming/aws';
import { allowLogsToUseKey } from './accredited-network';
import { hardenedBucket } from './private/bucket';
import { GUARDRAIL_RULES, RULE_METADATA_KEY } from './private/config-rules';
import { acknowledge } from './private/nag';
import { logRetention } from './private/retention';
import { siteOfStack } from './private/site';
import { siteTags } from '../../lib/tags';
import { applyTags, CONNECTIVITY_TAG_KEYS, tagAssurance } from './private/tags';

const AWS_SITE_BASELINE = Symbol.for('pcloud.aws.SiteBaseline');

/** Key prefixes of the log archive, one per kind of log. */
export const LOG_ARCHIVE_PREFIXES = {
  cloudtrail: 'cloudtrail',
  config: 'config',
  flowLogs: 'flow-logs',
  enclaveAudit: 'enclave-audit',
} as const;

export interface SiteBaselineProps {
  /** Name of the estate; it prefixes resource names and should match the estate of the site's networks. */
  readonly estate: string;
  /**
   * Protective monitoring (rule PCR-24): GuardDuty and Security Hub, and the findings routed to a
   * log group the SOC's SIEM collects when a SIEM export is given.
   * @default - the National Management Centre, with GuardDuty and Security Hub on and no SIEM export
   */
  readonly monitoring?: MonitoringProps;
  /**
   * How long the site's logs are kept (rule PCR-21): the log archive's Object Lock retention, and
   * the retention of the trail's and findings' log groups (the shortest CloudWatch Logs period that
   * is at least as long).
   * @default 365
   */
  readonly auditRetentionDays?: number;
  /**
   * Classification tagged on the site's resources; they hold the logs of every enclave of the site.
   * @default Classification.OFFICIAL_SENSITIVE (the highest an AWS site may hold)
   */
  readonly classification?: Classification;
  /**
   * The physical assurance relied on for the region (rule PCR-04 reads it).
   * @default - none recorded
   */
  readonly assurance?: SiteAssurance;
}

export interface CustomerGatewayProps {
  /** The interconnect's id (its path in the estate), e.g. `psn-policing`. */
  readonly interconnect: string;
  /** Public IPv4 address of the far end's IPsec gateway (a community network's gateway, or the other site's edge). */
  readonly address: string;
  /** What is at the far end, e.g. "PSN for Policing" or "site supplier-dc"; named in the gateway's Name tag. */
  readonly farEnd: string;
  /** Code of Connection, tagged on the gateway (rule PCR-31). @default - none */
  readonly coco?: { readonly reference: string; readonly expires: string };
  /** Last IT Health Check, tagged on the gateway (rule PCR-31). @default - none */
  readonly ithc?: { readonly reference: string; readonly date: string };
}

/**
 * Where an enclave's audit log is copied to be kept immutable outside the tenant (rule PCR-22): a
 * Firehose stream into the site's log archive, and the role CloudWatch Logs assumes to feed it.
 */
export interface AuditArchive {
  /** ARN of the Firehose stream a subscription filter sends to. */
  readonly destinationArn: string;
  /** ARN of the role CloudWatch Logs assumes to put records into the stream. */
  readonly roleArn: string;
}

/**
 * What exists once per AWS account and UK region of an estate (the site's stack):
 *
 * - a KMS key for the site's logs (rotated, retained) that CloudTrail, CloudWatch Logs, AWS Config
 *   and log delivery in the site's region may use;
 * - a log archive outside every tenant's enclave (rule PCR-22): an S3 bucket with Object Lock in
 *   COMPLIANCE mode for the retention, versioned, encrypted under the site key, private, TLS only,
 *   retained, written by CloudTrail, AWS Config, VPC flow logs and the enclaves' audit stream; its
 *   access is logged to a second bucket;
 * - a multi-region CloudTrail trail with log file validation, encrypted, to the archive and to a
 *   CloudWatch Logs group kept the retention (rule PCR-20);
 * - AWS Config recording every supported resource type, delivering to the archive, with AWS
 *   managed rules for the catalogue rules they can check: each carries the catalogue id in its
 *   name and in its `pcloud-rule` metadata;
 * - GuardDuty and Security Hub (rule PCR-24), and, when the estate exports to a SIEM, an
 *   EventBridge rule that sends their findings to an encrypted log group the SIEM collects;
 * - a Firehose stream into the archive that enclaves feed their audit logs to ({@link auditArchive}).
 *
 * Usable in any aws-cdk `Stack` whose env names a UK account and region. Deploy it before the
 * site's networks and enclaves; AWS allows one Config recorder, one GuardDuty detector and one
 * Security Hub per account and region, so one baseline per site.
 */
export class SiteBaseline extends Construct {
  /** True for any aws SiteBaseline, even one from another copy of the package. */
  static isSiteBaseline(x: unknown): x is SiteBaseline {
    return typeof x === 'object' && x !== null && AWS_SITE_BASELINE in x;
  }

  readonly site: SiteModel;
  readonly estate: string;
  readonly monitoring: MonitoringModel;
  readonly auditRetentionDays: number;
  /** Encrypts the site's logs, trail and archive. */
  readonly key: kms.Key;
  /** The immutable log archive (rule PCR-22): Object Lock in COMPLIANCE mode for the retention. */
  readonly logArchive: s3.Bucket;
  /** S3 server access logs of the archive and of the estate's object stores (SSE-S3: S3 delivers access logs to nothing else). */
  readonly accessLogs: s3.Bucket;
  readonly trail: cloudtrail.Trail;
  readonly trailLogGroup: logs.LogGroup;
  readonly configRecorder: config.CfnConfigurationRecorder;
  readonly configDelivery: config.CfnDeliveryChannel;
  /** The AWS managed Config rules, by catalogue id. */
  readonly configRules: readonly { readonly rule: string; readonly configRule: config.ManagedRule }[];
  readonly detector?: guardduty.CfnDetector;
  readonly securityHub?: securityhub.CfnHub;
  /** GuardDuty and Security Hub findings for the SIEM, when the estate exports to one. */
  readonly findingsLogGroup?: logs.LogGroup;
  readonly findingsRule?: events.Rule;
  /** The stream enclaves send their audit logs through into the archive. */
  readonly auditArchive: AuditArchive;
  readonly auditArchiveStream: firehose.CfnDeliveryStream;

  constructor(scope: Construct, id: string, props: SiteBaselineProps) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    const estate = checkId(props?.estate, '', 'estate');
    const monitoring = resolveMonitoring(props.monitoring, path);
    const days = requireDays(props.auditRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, path, 'auditRetentionDays');
    const classification = props.classification === undefined ? Classification.OFFICIAL_SENSITIVE : Classification.from(props.classification, path, 'classification');
    super(scope, id);
    Object.defineProperty(this, AWS_SITE_BASELINE, { value: true });
    const site = siteOfStack(this, props.assurance);
    checkPlacement(classification, site, path, 'classification');
    this.site = site;
    this.estate = estate;
    this.monitoring = monitoring;
    this.auditRetentionDays = days;
    const { account, region } = site.aws!;
    const trailName = awsNames.trail(estate);
    const trailArn = `arn:aws:cloudtrail:${region}:${account}:trail/${trailName}`;

    this.key = new kms.Key(this, 'Key', {
      description: `pcloud ${estate}: site audit trail, log archive and findings`,
      alias: awsNames.siteKeyAlias(estate),
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowLogsToUseKey(this.key, site);
    allowServicesToUseKey(this.key, account, region, trailArn);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...hardenedBucket(awsNames.accessLogBucket(account, region, estate)),
      encryption: s3.BucketEncryption.S3_MANAGED,
    });
    // Account-wide, so that object stores in enclave stacks log here without touching this stack.
    this.accessLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowS3ServerAccessLogs',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogs.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    acknowledge(
      this.accessLogs,
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'S3 delivers server access logs only to a bucket encrypted with SSE-S3 (AES-256); SSE-KMS is not supported for access log delivery.' },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'AWS has one UK region (eu-west-2); a replica in another region would take police logs outside the UK (rule PCR-03). S3 keeps them across three zones.' },
    );

    this.logArchive = new s3.Bucket(this, 'LogArchive', {
      ...hardenedBucket(awsNames.logArchiveBucket(account, region, estate)),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(days)),
    });
    // Set on the resource rather than through `serverAccessLogsBucket`, whose policy or ACL depends on feature flags.
    (this.logArchive.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: this.accessLogs.bucketName,
      logFilePrefix: 'log-archive/',
    };
    allowLogDeliveryToArchive(this.logArchive, account, region);
    acknowledge(this.logArchive, {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'AWS has one UK region (eu-west-2); a replica in another region would take police logs outside the UK (rule PCR-03). S3 keeps them across three zones, under Object Lock.',
    });

    this.trailLogGroup = new logs.LogGroup(this, 'TrailLogs', {
      logGroupName: awsNames.trailLogGroup(estate),
      encryptionKey: this.key,
      retention: logRetention(days),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: this.logArchive,
      s3KeyPrefix: LOG_ARCHIVE_PREFIXES.cloudtrail,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    // CloudWatch Logs delivery through a role of our own: the construct's own role carries an inline policy.
    const trailLogsRole = new iam.Role(this, 'TrailLogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceArn': trailArn } } }),
      description: `pcloud ${estate}: CloudTrail writes to its log group`,
    });
    const trailLogsPolicy = new iam.ManagedPolicy(this, 'TrailLogsPolicy', {
      description: `pcloud ${estate}: CloudTrail writes to its log group`,
      roles: [trailLogsRole],
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.trailLogGroup.logGroupArn] })],
    });
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.cloudWatchLogsLogGroupArn = this.trailLogGroup.logGroupArn;
    cfnTrail.cloudWatchLogsRoleArn = trailLogsRole.roleArn;
    // The trail checks the key policy and the role when it is created.
    cfnTrail.node.addDependency(this.key, trailLogsPolicy);

    const recorderRole = new iam.Role(this, 'ConfigRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      description: `pcloud ${estate}: AWS Config recorder`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    const configObjects = this.logArchive.arnForObjects(`${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${account}/Config/*`);
    const configDeliveryPolicy = new iam.ManagedPolicy(this, 'ConfigDeliveryPolicy', {
      description: `pcloud ${estate}: AWS Config delivers to the log archive`,
      roles: [recorderRole],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [this.logArchive.bucketArn] }),
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [configObjects],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }),
      ],
    });
    acknowledge(recorderRole, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      reason: 'AWS_ConfigRole is the policy AWS maintains for the Config recorder: it follows every resource type Config adds, which a hand-written policy would miss.',
    });
    acknowledge(configDeliveryPolicy, {
      id: `AwsSolutions-IAM5[Resource::${archiveArnToken(this.logArchive)}/${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${account}/Config/*]`,
      reason: "Config writes one object per delivery, with names it chooses; the wildcard is limited to Config's prefix of this account in the site archive.",
    });
    this.configRecorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      roleArn: recorderRole.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    this.configDelivery = new config.CfnDeliveryChannel(this, 'ConfigDelivery', {
      s3BucketName: this.logArchive.bucketName,
      s3KeyPrefix: LOG_ARCHIVE_PREFIXES.config,
      s3KmsKeyArn: this.key.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    // AWS Config refuses a delivery channel or a rule before the account has a recorder.
    this.configDelivery.addResourceDependency(this.configRecorder);
    this.configRecorder.node.addDependency(configDeliveryPolicy);
    const rules = new Construct(this, 'ConfigRules');
    this.configRules = GUARDRAIL_RULES.map((g) => {
      const configRule = new config.ManagedRule(rules, `${g.rule}-${g.name}`, {
        identifier: g.identifier,
        configRuleName: awsNames.configRule(estate, g.rule, g.name),
        description: `${g.rule}: ${g.name} (pcloud estate ${estate})`,
        ...(g.inputParameters ? { inputParameters: { ...g.inputParameters } } : {}),
      });
      const cfn = configRule.node.defaultChild as config.CfnConfigRule;
      cfn.addMetadata(RULE_METADATA_KEY, g.rule);
      cfn.addResourceDependency(this.configRecorder);
      return { rule: g.rule, configRule };
    });

    if (monitoring.nativeThreatDetection) {
      this.detector = new guardduty.CfnDetector(this, 'GuardDuty', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
      });
      this.securityHub = new securityhub.CfnHub(this, 'SecurityHub', {
        enableDefaultStandards: true,
        controlFindingGenerator: 'SECURITY_CONTROL',
        autoEnableControls: true,
      });
    }
    if (monitoring.siemExport) {
      const { logGroup, rule } = this.routeFindings(estate, days);
      this.findingsLogGroup = logGroup;
      this.findingsRule = rule;
    }

    const { stream, subscriptionRole } = this.auditArchiveStreamOf(estate, account, region);
    this.auditArchiveStream = stream;
    this.auditArchive = { destinationArn: stream.attrArn, roleArn: subscriptionRole.roleArn };

    applyTags(this, siteTags(estate, classification.marking));
  }

  /**
   * The far end of an interconnect, as AWS sees it: a customer gateway (IPsec, static routing) at
   * the far end's public address, once per interconnect of the site. Networks of the site connect
   * to it with `AccreditedNetwork.addVpnConnection`.
   */
  addCustomerGateway(props: CustomerGatewayProps): ec2.CfnCustomerGateway {
    const interconnect = checkId(props?.interconnect, '', 'interconnect');
    const path = `${this.node.path}/Interconnect-${interconnect}`;
    const address = requireGatewayAddress(props.address, path, 'address');
    const farEnd = requireString(props.farEnd, path, 'farEnd', 'what is at the far end, e.g. "PSN for Policing"');
    const gateway = new ec2.CfnCustomerGateway(new Construct(this, `Interconnect-${interconnect}`), 'CustomerGateway', {
      type: 'ipsec.1',
      ipAddress: address,
      // AWS requires an ASN; with static routing (the VPN connections) it is never used, so the private default.
      bgpAsn: 65000,
    });
    Tags.of(gateway).add('Name', `pcloud-${this.estate}-${interconnect}: ${farEnd}`);
    Tags.of(gateway).add(CONNECTIVITY_TAG_KEYS.interconnect, interconnect);
    tagAssurance(gateway, props);
    return gateway;
  }

  /**
   * GuardDuty and Security Hub findings to an encrypted log group kept the retention, which the
   * SOC's SIEM collects (Splunk's AWS add-on, Sentinel's AWS connector or a syslog forwarder all
   * read CloudWatch Logs).
   */
  private routeFindings(estate: string, days: number): { logGroup: logs.LogGroup; rule: events.Rule } {
    const siem = this.monitoring.siemExport!;
    const logGroup = new logs.LogGroup(this, 'SecurityFindings', {
      logGroupName: awsNames.findingsLogGroup(estate),
      encryptionKey: this.key,
      retention: logRetention(days),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const rule = new events.Rule(this, 'SecurityFindingsRule', {
      description: `pcloud ${estate}: GuardDuty and Security Hub findings for ${this.monitoring.soc} (${siem.kind} ${siem.endpoint})`,
      eventPattern: {
        source: ['aws.guardduty', 'aws.securityhub'],
        detailType: ['GuardDuty Finding', 'Security Hub Findings - Imported'],
      },
    });
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // A plain target: aws-events-targets' log group target installs its resource policy with a Lambda function.
    rule.addTarget({ bind: () => ({ arn: logGroupArn }) });
    (rule.node.defaultChild as events.CfnRule).addMetadata('pcloud-siem-export', { soc: this.monitoring.soc, kind: siem.kind, endpoint: siem.endpoint });
    new logs.ResourcePolicy(this, 'SecurityFindingsPolicy', {
      resourcePolicyName: `pcloud-${estate}-security-findings`,
      policyStatements: [
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
          conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
        }),
      ],
    });
    return { logGroup, rule };
  }

  /**
   * One Firehose stream per site into the archive's `enclave-audit/` prefix; each enclave's audit
   * log group feeds it through a subscription filter. Firehose charges per GB ingested, nothing
   * while idle.
   */
  private auditArchiveStreamOf(estate: string, account: string, region: string): { stream: firehose.CfnDeliveryStream; subscriptionRole: iam.Role } {
    const prefix = LOG_ARCHIVE_PREFIXES.enclaveAudit;
    const deliveryRole = new iam.Role(this, 'AuditArchiveRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: `pcloud ${estate}: Firehose writes enclave audit logs into the log archive`,
    });
    const deliveryPolicy = new iam.ManagedPolicy(this, 'AuditArchivePolicy', {
      description: `pcloud ${estate}: Firehose writes enclave audit logs into the log archive`,
      roles: [deliveryRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [this.logArchive.bucketArn],
        }),
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
          resources: [this.logArchive.arnForObjects(`${prefix}/*`), this.logArchive.arnForObjects(`${prefix}-errors/*`)],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.key.keyArn],
        }),
      ],
    });
    const archiveArn = archiveArnToken(this.logArchive);
    acknowledge(
      deliveryPolicy,
      {
        id: `AwsSolutions-IAM5[Resource::${archiveArn}/${prefix}/*]`,
        reason: 'Firehose names each object it delivers; the wildcard is limited to the enclave-audit prefix of the site archive.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${archiveArn}/${prefix}-errors/*]`,
        reason: 'Firehose names each object it cannot deliver; the wildcard is limited to the enclave-audit-errors prefix of the site archive.',
      },
    );
    const stream = new firehose.CfnDeliveryStream(this, 'AuditArchive', {
      deliveryStreamName: awsNames.auditArchiveStream(estate),
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: this.key.keyArn },
      extendedS3DestinationConfiguration: {
        bucketArn: this.logArchive.bucketArn,
        roleArn: deliveryRole.roleArn,
        prefix: `${prefix}/`,
        errorOutputPrefix: `${prefix}-errors/`,
        // CloudWatch Logs sends gzip-compressed batches already.
        compressionFormat: 'UNCOMPRESSED',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 5 },
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: this.key.keyArn } },
      },
    });
    stream.node.addDependency(deliveryPolicy);

    const subscriptionRole = new iam.Role(this, 'AuditSubscriptionRole', {
      assumedBy: new iam.ServicePrincipal(`logs.${region}.amazonaws.com`, {
        conditions: { StringLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${account}:*` } },
      }),
      description: `pcloud ${estate}: CloudWatch Logs sends enclave audit logs to the archive stream`,
    });
    new iam.ManagedPolicy(this, 'AuditSubscriptionPolicy', {
      description: `pcloud ${estate}: CloudWatch Logs sends enclave audit logs to the archive stream`,
      roles: [subscriptionRole],
      statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [stream.attrArn] })],
    });
    return { stream, subscriptionRole };
  }
}

/** How cdk-nag names the archive's ARN in a finding: `<LogicalId.Arn>`. */
function archiveArnToken(archive: s3.Bucket): string {
  return `<${Stack.of(archive).getLogicalId(archive.node.defaultChild as s3.CfnBucket)}.Arn>`;
}

/** Lets CloudTrail (this trail only), AWS Config and log delivery of this account use the site key. */
function allowServicesToUseKey(key: kms.Key, account: string, region: string, trailArn: string): void {
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailEncrypt',
      principals: [cloudTrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailDescribeKey',
      principals: [cloudTrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfig',
      principals: [new iam.ServicePrincipal('config.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowLogDelivery',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${account}:*` },
      },
    }),
  );
}

/** AWS Config and VPC flow-log delivery of this account write under their own prefixes (CloudTrail's statements come with the trail). */
function allowLogDeliveryToArchive(archive: s3.Bucket, account: string, region: string): void {
  const configService = new iam.ServicePrincipal('config.amazonaws.com');
  const logDelivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const ownerFullControl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  archive.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfigCheck',
      principals: [configService],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [archive.bucketArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
  archive.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowConfigDelivery',
      principals: [configService],
      actions: ['s3:PutObject'],
      resources: [archive.arnForObjects(`${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${account}/Config/*`)],
      conditions: { StringEquals: { ...ownerFullControl, 'aws:SourceAccount': account } },
    }),
  );
  const fromLogs = { ArnLike: { 'aws:SourceArn': `arn:aws:logs:${region}:${account}:*` } };
  archive.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowFlowLogsCheck',
      principals: [logDelivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [archive.bucketArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account }, ...fromLogs },
    }),
  );
  archive.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowFlowLogsDelivery',
      principals: [logDelivery],
      actions: ['s3:PutObject'],
      resources: [archive.arnForObjects(`${LOG_ARCHIVE_PREFIXES.flowLogs}/AWSLogs/${account}/*`)],
      conditions: { StringEquals: { ...ownerFullControl, 'aws:SourceAccount': account }, ...fromLogs },
    }),
  );
}
