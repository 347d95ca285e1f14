import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FlowModel, WorkloadModel } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';
import { awsNames } from '../../lib/naming/aws';
import type { PortSpec } from '../../lib/ports';
import { TAG_KEYS } from '../../lib/tags';
import { hardenedBucket } from './private/bucket';
import { DATABASE_CLASSES, IMAGE_PARAMETERS, INSTANCE_TYPES, ROOT_DEVICE } from './private/mapping';
import { acknowledge } from './private/nag';
import { ExchangeEnd, type ExchangeEndProps } from './exchange';
import { TenantEnclave } from './tenant-enclave';
import { requireFlowSource } from '../private/scope';
import { previousConstructId } from '../private/target-state';
import { stableId } from '../../lib/model/renamed-from';

const WORKLOAD = Symbol.for('pcloud.aws.Workload');

/**
 * A workload on AWS. A `vm` is an EC2 instance (IMDSv2 only, no public IP, EBS encrypted under
 * the enclave key, SSM-managed, termination-protected); a `database` is PostgreSQL on RDS
 * (encrypted, private, TLS only, multi-AZ, deletion-protected, 35 days of backups, its master
 * password kept and rotated by RDS under the enclave key); an
 * `objectStore` is an S3 bucket (KMS, public access blocked, TLS 1.2 only, versioned, access
 * logged when the network names an access-log bucket). Each has its own security group that
 * admits only the flows declared with `allowFrom`. `diskEncryption: false` renders the disk or
 * database storage unencrypted, as declared.
 *
 * A renamed workload (`renamedFrom`) keeps its previous construct id in the tree, so that its
 * CloudFormation logical ids stay; its names and descriptions keep the previous id too. Only the
 * instance's `Name` tag, which AWS updates in place, shows the new id.
 */
export class Workload extends Construct {
  static isWorkload(x: unknown): x is Workload {
    return typeof x === 'object' && x !== null && WORKLOAD in x;
  }

  readonly enclave: TenantEnclave;
  readonly model: WorkloadModel;
  /** The workload's security group (vm and database). */
  readonly securityGroup?: ec2.SecurityGroup;
  /** The instance role (vm). */
  readonly role?: iam.Role;
  readonly instance?: ec2.Instance;
  readonly database?: rds.DatabaseInstance;
  readonly bucket?: s3.Bucket;
  /** The workload's path made of stable ids, which its names and descriptions use. */
  readonly stablePath: string;

  constructor(enclave: TenantEnclave, id: string, props: WorkloadProps) {
    super(enclave, previousConstructId(enclave, id, props) ?? id);
    Object.defineProperty(this, WORKLOAD, { value: true });
    this.enclave = enclave;
    this.model = enclave.state.addWorkload(id, props);
    const m = this.model;
    const network = enclave.network;
    const estate = network.state.estate;
    // Names and descriptions use the stable path (the previous ids of what was renamed): changing them would replace resources.
    const [stablePath, name] = [enclave.state.stablePathOf(m), stableId(m)];
    this.stablePath = stablePath;

    if (m.kind !== 'objectStore') {
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: network.vpc,
        description: `pcloud ${stablePath}: declared flows only`,
        allowAllOutbound: false,
      });
    }

    if (m.kind === 'vm') {
      this.securityGroup!.addEgressRule(ec2.Peer.ipv4(network.model.servicesCidr), ec2.Port.tcp(443), 'network endpoints (SSM, KMS, logs, S3)');
      this.role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        description: `pcloud ${stablePath}: instance role, managed through SSM`,
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
      });
      this.instance = new ec2.Instance(this, 'Resource', {
        vpc: network.vpc,
        vpcSubnets: { subnets: [enclave.subnets(m.tier)[m.zone]] },
        instanceType: new ec2.InstanceType(INSTANCE_TYPES[m.size]),
        machineImage: ec2.MachineImage.fromSsmParameter(IMAGE_PARAMETERS[m.image!], { os: ec2.OperatingSystemType.LINUX }),
        securityGroup: this.securityGroup,
        role: this.role,
        httpEndpoint: true,
        httpTokens: ec2.HttpTokens.REQUIRED,
        httpPutResponseHopLimit: 1,
        blockDevices: [
          {
            deviceName: ROOT_DEVICE,
            // An unencrypted disk is rendered as declared: rule PCR-05 reports it unless a risk acceptance stands.
            volume: ec2.BlockDeviceVolume.ebs(m.diskGiB!, {
              ...(m.diskEncryption === false ? { encrypted: false } : { encrypted: true, kmsKey: enclave.key }),
              volumeType: ec2.EbsDeviceVolumeType.GP3,
              deleteOnTermination: true,
            }),
          },
        ],
        ebsOptimized: true,
        detailedMonitoring: true,
        disableApiTermination: true,
        propagateTagsToVolumeOnCreation: true,
        // The Name tag is updated in place, so it shows the workload's current id.
        instanceName: awsNames.instance(enclave.model.tenant.code, m.id),
      });
      this.instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
      acknowledge(this.role, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
        reason: 'AmazonSSMManagedInstanceCore is the policy AWS maintains for the SSM agent; Session Manager is the only management path to the instance (rule PCR-17).',
      });
    }

    if (m.kind === 'database') {
      const identifier = awsNames.database(estate, enclave.model.tenant.code, stablePath, name);
      const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
      // RDS would create its log group itself, unencrypted and kept for ever; create it first, under the enclave key.
      const logGroup = new logs.LogGroup(this, 'Logs', {
        logGroupName: `/aws/rds/instance/${identifier}/postgresql`,
        encryptionKey: enclave.key,
        retention: logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.database = new rds.DatabaseInstance(this, 'Resource', {
        instanceIdentifier: identifier,
        engine,
        instanceType: new ec2.InstanceType(DATABASE_CLASSES[m.size]),
        vpc: network.vpc,
        vpcSubnets: { subnets: [...enclave.subnets(m.tier)] },
        securityGroups: [this.securityGroup!],
        port: m.database!.port,
        allocatedStorage: m.diskGiB,
        storageType: rds.StorageType.GP3,
        ...(m.diskEncryption === false ? { storageEncrypted: false } : { storageEncrypted: true, storageEncryptionKey: enclave.key }),
        // RDS keeps the master password in Secrets Manager under the enclave key and rotates it itself (every 7 days).
        credentials: rds.Credentials.fromUsername('pcloud_admin', { encryptionKey: enclave.key }),
        manageMasterUserPassword: true,
        iamAuthentication: true,
        publiclyAccessible: false,
        multiAz: true,
        deletionProtection: true,
        backupRetention: Duration.days(35),
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: enclave.key,
        cloudwatchLogsExports: ['postgresql', 'upgrade'],
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
        parameterGroup: new rds.ParameterGroup(this, 'Parameters', {
          engine,
          description: `pcloud ${stablePath}: TLS only, connections logged`,
          parameters: { 'rds.force_ssl': '1', log_connections: '1', log_disconnections: '1' },
        }),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.database.node.addDependency(logGroup);
      acknowledge(
        this.database,
        {
          id: 'AwsSolutions-RDS11',
          reason: 'The port is the one the definition declares flows to; the instance admits only the declared security groups, over TLS, with IAM authentication, so a non-standard port would add nothing.',
        },
        {
          id: 'NIST.800.53.R5-RDSEnhancedMonitoringEnabled',
          reason: "Performance Insights (under the enclave key) and CloudWatch metrics monitor the instance; enhanced monitoring writes to the account's RDSOSMetrics log group, which RDS creates unencrypted and kept for ever (rules PCR-05, PCR-21).",
        },
      );
      if (enclave.backup) {
        acknowledge(this.database, {
          id: 'NIST.800.53.R5-RDSInBackupPlan',
          reason: "The enclave's AWS Backup plan selects every database tagged with the enclave's path, this instance included; the rule recognises only selections that name the instance.",
        });
      }
    }

    if (m.kind === 'objectStore') {
      const site = network.site.aws!;
      this.bucket = new s3.Bucket(this, 'Resource', {
        ...hardenedBucket(awsNames.bucket(site.account, site.region, estate, enclave.model.tenant.code, stablePath, name)),
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: enclave.key,
        bucketKeyEnabled: true,
      });
      acknowledge(this.bucket, {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: 'AWS has one UK region (eu-west-2); a replica in another region would take police data outside the UK (rule PCR-03). S3 keeps each object across three zones, versioned.',
      });
      if (network.accessLogs) {
        (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
          destinationBucketName: network.accessLogs.bucketName,
          logFilePrefix: `${stablePath}/`,
        };
      }
    }

    if (m.classification !== enclave.model.classification) {
      Tags.of(this).add(TAG_KEYS.classification, m.classification, { priority: 200 });
    }
  }

  /**
   * Admits `source` on `port` (a number is a TCP port): security-group rules on both ends and
   * network-ACL entries on both tiers; into an object store, read and write on the bucket for the
   * source's role. Both workloads must be in this enclave.
   */
  allowFrom(source: Workload, port: number | PortSpec): this {
    requireFlowSource(source, Workload.isWorkload, this.node.path, 'aws.Workload');
    const flow = this.enclave.state.addFlow(source.model, this.model, port);
    if (flow) this.render(source, flow);
    return this;
  }

  /**
   * The narrowest prefix other sites and enclaves see this workload at without fixing its address:
   * a VM's zone subnet, a database's whole tier (it spans both zones). The exchange and
   * shared-service rules of the network ACLs name it.
   */
  get prefix(): string {
    const tier = this.enclave.model.tiers.find((t) => t.tier === this.model.tier)!;
    return this.model.kind === 'vm' ? tier.zones[this.model.zone] : tier.cidr;
  }

  /**
   * Makes this VM one end of a secure exchange: a security group of the exchange's own on the
   * instance (and, for the sender, a disclosure log stream in the enclave's audit log group). Join
   * it to the other end with `ExchangeEnd.connect`, or to the far end's prefixes with `allowPrefixes`.
   */
  addExchangeEnd(props: ExchangeEndProps): ExchangeEnd {
    return new ExchangeEnd(this, `Exchange-${props?.exchange}`, props);
  }

  /** Read and write on this bucket's objects, named actions only, for the role of a workload with a declared flow in. */
  private grantObjects(role: iam.Role): void {
    const bucket = this.bucket!;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [bucket.bucketArn] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.enclave.key.keyArn] }));
    const policy = role.node.findChild('DefaultPolicy');
    const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    acknowledge(
      policy,
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        reason: `The objects of ${this.stablePath}'s own bucket, for a declared flow: object names are the application's, so they cannot be listed in the policy.`,
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The grants of declared flows into object stores, attached to this workload role only and scoped to those buckets and the enclave key.',
      },
    );
  }

  private render(source: Workload, flow: FlowModel): void {
    if (this.model.kind === 'objectStore') {
      this.grantObjects(source.role!);
      return;
    }
    const port =
      flow.protocol === 'tcp'
        ? flow.fromPort === flow.toPort
          ? ec2.Port.tcp(flow.fromPort)
          : ec2.Port.tcpRange(flow.fromPort, flow.toPort)
        : flow.fromPort === flow.toPort
          ? ec2.Port.udp(flow.fromPort)
          : ec2.Port.udpRange(flow.fromPort, flow.toPort);
    this.securityGroup!.connections.allowFrom(source.securityGroup!, port, `declared flow from ${source.stablePath}`);
    const traffic =
      flow.protocol === 'tcp'
        ? ec2.AclTraffic.tcpPortRange(flow.fromPort, flow.toPort)
        : ec2.AclTraffic.udpPortRange(flow.fromPort, flow.toPort);
    const replies = flow.protocol === 'tcp' ? ec2.AclTraffic.tcpPortRange(1024, 65535) : ec2.AclTraffic.udpPortRange(1024, 65535);
    this.enclave._allowBetweenTiers(source.model.tier, this.model.tier, traffic, replies);
  }
}
