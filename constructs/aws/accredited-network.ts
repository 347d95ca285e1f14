import { RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Cidr } from '../../lib/cidr';
import { checkId } from '../../lib/model/checks';
import { DEFAULT_IPSEC, requirePrefixes } from '../../lib/model/interconnect';
import type { AccreditedNetworkProps as NetworkIntentProps } from '../../lib/model/network';
import type { InterconnectModel, IpsecModel, NetworkModel, SiteAssurance, SiteModel } from '../../lib/model/types';
import { awsNames } from '../../lib/naming/aws';
import { networkTags } from '../../lib/tags';
import { TargetNetworkState, previousConstructId } from '../private/target-state';
import { acknowledge } from './private/nag';
import { tunnelOptions } from './private/ipsec';
import { NetworkAclRules } from './private/network-acl-rules';
import { logRetention } from './private/retention';
import { siteOfStack } from './private/site';
import { applyTags, CONNECTIVITY_TAG_KEYS, tagAssurance } from './private/tags';
import { availabilityZone } from './private/zones';
import { validateWithRules } from '../private/own-stack-rules';

export interface AccreditedNetworkProps extends NetworkIntentProps {
  /**
   * Estate name used in resource names (log groups, key aliases).
   * @default 'pcloud'
   */
  readonly estate?: string;
  /**
   * The physical assurance relied on for the region (rule PCR-04 reads it).
   * @default - none recorded
   */
  readonly assurance?: SiteAssurance;
  /**
   * The site's immutable log archive (a `SiteBaseline`'s `logArchive`): the VPC flow logs are
   * delivered there too, under `flow-logs/` (rule PCR-22). It may live in another stack; its policy
   * and key must let log delivery of the account write, as a `SiteBaseline`'s do.
   * @default - flow logs go to the network's log group only
   */
  readonly logArchive?: s3.IBucket;
  /**
   * Bucket that the object stores of the network's enclaves log S3 server access to (a
   * `SiteBaseline`'s `accessLogs`), under `<workload path>/`.
   * @default - object stores keep no server access log
   */
  readonly accessLogs?: s3.IBucket;
}

/** The network's virtual private gateway, attached to its VPC, that its VPN connections share. */
export interface VpnGateway {
  readonly gateway: ec2.CfnVPNGateway;
  readonly attachment: ec2.CfnVPCGatewayAttachment;
}

export interface VpnConnectionProps {
  /** The interconnect's id (its path in the estate), e.g. `aws-supplier-dc1`. */
  readonly interconnect: string;
  /** The customer gateway of the far end (a `SiteBaseline.addCustomerGateway` result's id); it may live in another stack. */
  readonly customerGatewayId: string;
  /** The far prefixes the network's enclaves route through the interconnect: one static route each. */
  readonly prefixes: readonly string[];
  /**
   * IKE and IPsec parameters both tunnels allow, and nothing else (rule PCR-10).
   * @default IKEv2, AES-256-GCM, SHA-384, DH group 20
   */
  readonly ipsec?: IpsecModel;
  /** Code of Connection, tagged on the connection (rule PCR-31). @default - none */
  readonly coco?: InterconnectModel['coco'];
  /** Last IT Health Check, tagged on the connection (rule PCR-31). @default - none */
  readonly ithc?: InterconnectModel['ithc'];
}

/** AWS services the enclaves reach privately, through interface endpoints in the services subnets. */
const ENDPOINT_SERVICES: readonly [string, ec2.InterfaceVpcEndpointAwsService][] = [
  ['Ssm', ec2.InterfaceVpcEndpointAwsService.SSM],
  ['SsmMessages', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES],
  ['Ec2Messages', ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES],
  ['Kms', ec2.InterfaceVpcEndpointAwsService.KMS],
  ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
  ['S3', ec2.InterfaceVpcEndpointAwsService.S3],
];

/**
 * An accredited network on AWS: a VPC with no internet gateway and a closed default security
 * group, VPC flow logs to a KMS-encrypted log group kept the network's flow-log retention (and to
 * the site's log archive when one is given), and interface endpoints (SSM,
 * KMS, CloudWatch Logs, S3) in the network's services subnets so that enclaves need no internet
 * path. Enclaves add their own subnets. Usable in any aws-cdk `Stack` whose env names a UK
 * account and region.
 *
 * A renamed network (`renamedFrom`) keeps its previous construct id in the tree, so that its
 * CloudFormation logical ids stay; its names, tags and descriptions keep the previous id too.
 */
export class AccreditedNetwork extends Construct {
  readonly state: TargetNetworkState;
  readonly vpc: ec2.Vpc;
  /** Encrypts the network's own logs. */
  readonly key: kms.Key;
  readonly flowLogGroup: logs.LogGroup;
  /** Flow logs to the site's log archive, when one is given. */
  readonly archiveFlowLog?: ec2.FlowLog;
  /** Where object stores of the network's enclaves log server access, when given. */
  readonly accessLogs?: s3.IBucket;
  readonly endpointSecurityGroup: ec2.SecurityGroup;
  readonly servicesSubnets: readonly ec2.Subnet[];
  private gateway?: VpnGateway;

  constructor(scope: Construct, id: string, props: AccreditedNetworkProps) {
    super(scope, previousConstructId(scope, id, props) ?? id);
    const site = siteOfStack(this, props.assurance);
    this.state = new TargetNetworkState(props.estate ?? 'pcloud', site, id, props);
    const model = this.state.model;
    // Names and descriptions use the previous id of a renamed network: changing them would replace resources.
    const name = this.state.stableId;
    const estate = this.state.estate;
    const zones = site.aws!.zones;

    this.key = new kms.Key(this, 'Key', {
      description: `pcloud ${estate}/${name}: network logs`,
      alias: awsNames.keyAlias(estate, name),
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowLogsToUseKey(this.key, site);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(model.cidr),
      availabilityZones: [...zones],
      subnetConfiguration: [],
      natGateways: 0,
      createInternetGateway: false,
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      logGroupName: awsNames.flowLogGroup(estate, name),
      encryptionKey: this.key,
      retention: logRetention(model.flowLogRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    acknowledge(flowLog.node.findChild('IAMRole').node.findChild('DefaultPolicy'), {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: "aws-cdk-lib's flow-log role policy, attached to that role only: it writes to the network's flow-log group and passes the role to VPC flow logs, nothing else.",
    });
    if (props.logArchive) {
      this.archiveFlowLog = new ec2.FlowLog(this, 'ArchiveFlowLog', {
        resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
        destination: ec2.FlowLogDestination.toS3(foreignBucket(this, 'LogArchive', props.logArchive), 'flow-logs/'),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
    }
    if (props.accessLogs) this.accessLogs = props.accessLogs;

    const services = Cidr.parse(model.servicesCidr, { path: model.path, field: 'servicesCidr' });
    this.servicesSubnets = [0, 1].map(
      (i) =>
        new ec2.Subnet(this, `Services${i === 0 ? 'A' : 'B'}`, {
          vpcId: this.vpc.vpcId,
          availabilityZone: availabilityZone(site, i),
          cidrBlock: services.subnet(services.prefix + 1, i).toString(),
          mapPublicIpOnLaunch: false,
        }),
    );
    const servicesAcl = new NetworkAclRules(this, 'ServicesAcl', this.vpc, this.servicesSubnets);
    servicesAcl.allow('ingress', model.cidr, ec2.AclTraffic.tcpPort(443));
    servicesAcl.allow('egress', model.cidr, ec2.AclTraffic.tcpPortRange(1024, 65535));

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: `pcloud ${name}: interface endpoints, https from the network only`,
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(model.cidr), ec2.Port.tcp(443), 'https from the network');
    for (const [name, service] of ENDPOINT_SERVICES) {
      const endpoint = new ec2.InterfaceVpcEndpoint(this, `${name}Endpoint`, {
        vpc: this.vpc,
        service,
        subnets: { subnets: [...this.servicesSubnets] },
        securityGroups: [this.endpointSecurityGroup],
        privateDnsEnabled: true,
        open: false,
      });
      if (service === ec2.InterfaceVpcEndpointAwsService.S3) {
        // Without a gateway endpoint, S3's private DNS must answer every resolver in the VPC.
        (endpoint.node.defaultChild as ec2.CfnVPCEndpoint).addPropertyOverride('DnsOptions', {
          PrivateDnsOnlyForInboundResolverEndpoint: 'NotSpecified',
        });
      }
    }

    applyTags(this, networkTags(estate, model));
    validateWithRules(this);
  }

  get model(): NetworkModel {
    return this.state.model;
  }

  get site(): SiteModel {
    return this.state.site;
  }

  /** The virtual private gateway, once a VPN connection has been added. */
  get vpnGateway(): VpnGateway | undefined {
    return this.gateway;
  }

  /**
   * A site-to-site IPsec VPN from the network to an interconnect's far end: the network's virtual
   * private gateway (created with the first connection, attached to the VPC, with no route
   * propagation: enclaves route only what they declare), a VPN connection with static routes only
   * whose two tunnels allow exactly the interconnect's IKE and IPsec parameters, and a static route
   * per far prefix. AWS generates each tunnel's pre-shared key; none is written into the template.
   * The connection is tagged with the interconnect, its Code of Connection and IT Health Check.
   */
  addVpnConnection(props: VpnConnectionProps): ec2.CfnVPNConnection {
    const interconnect = checkId(props?.interconnect, '', 'interconnect');
    const path = `${this.node.path}/Interconnect-${interconnect}`;
    const prefixes = requirePrefixes(props.prefixes, path, 'prefixes');
    const options = tunnelOptions(props.ipsec ?? DEFAULT_IPSEC, path);
    const gateway = this.gateway ?? this.attachGateway();
    const scope = new Construct(this, `Interconnect-${interconnect}`);
    const connection = new ec2.CfnVPNConnection(scope, 'Connection', {
      type: 'ipsec.1',
      customerGatewayId: props.customerGatewayId,
      vpnGatewayId: gateway.gateway.attrVpnGatewayId,
      staticRoutesOnly: true,
      vpnTunnelOptionsSpecifications: [options, options],
    });
    connection.node.addDependency(gateway.attachment);
    for (const prefix of prefixes) {
      new ec2.CfnVPNConnectionRoute(scope, `Route-${prefix.replace('/', '-')}`, { vpnConnectionId: connection.ref, destinationCidrBlock: prefix });
    }
    Tags.of(connection).add('Name', `pcloud-${this.state.estate}-${this.state.stableId}-${interconnect}`);
    Tags.of(connection).add(CONNECTIVITY_TAG_KEYS.interconnect, interconnect);
    tagAssurance(connection, props);
    return connection;
  }

  private attachGateway(): VpnGateway {
    const gateway = new ec2.CfnVPNGateway(this, 'VpnGateway', { type: 'ipsec.1' });
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'VpnGatewayAttachment', { vpcId: this.vpc.vpcId, vpnGatewayId: gateway.attrVpnGatewayId });
    this.gateway = { gateway, attachment };
    return this.gateway;
  }
}

/** Lets CloudWatch Logs in the site's region encrypt log groups of the account with `key`. */
export function allowLogsToUseKey(key: kms.Key, site: SiteModel): void {
  const { region, account } = site.aws!;
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:*` } },
    }),
  );
}

/**
 * A bucket of another stack as a reference: aws-cdk-lib would otherwise add statements for this
 * stack to that stack's bucket policy. The other stack's policy grants what is needed.
 */
function foreignBucket(scope: Construct, id: string, bucket: s3.IBucket): s3.IBucket {
  if (Stack.of(bucket) === Stack.of(scope)) return bucket;
  return s3.Bucket.fromBucketAttributes(scope, id, { bucketArn: bucket.bucketArn, bucketName: bucket.bucketName });
}
