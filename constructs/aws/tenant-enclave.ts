import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TenantEnclaveProps as EnclaveIntentProps } from '../../lib/model/enclave';
import { fail } from '../../lib/errors';
import { checkId } from '../../lib/model/checks';
import { resolvePorts } from '../../lib/model/exchange';
import { requirePrefixes } from '../../lib/model/interconnect';
import type { EnclaveModel, Tier } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';
import { awsNames } from '../../lib/naming/aws';
import { stableId } from '../../lib/model/renamed-from';
import { enclaveTags, TAG_KEYS } from '../../lib/tags';
import { previousConstructId, type TargetEnclaveState } from '../private/target-state';
import { AccreditedNetwork, allowLogsToUseKey } from './accredited-network';
import { EnclaveAdministrators } from './administrators';
import { acknowledge } from './private/nag';
import { NetworkAclRules, type Direction } from './private/network-acl-rules';
import { aclReplies, aclTraffic, portLabel, securityGroupPort } from './private/ports';
import { logRetention } from './private/retention';
import { applyTags } from './private/tags';
import { availabilityZone } from './private/zones';
import type { AuditArchive } from './site-baseline';
import { SharedServiceEndpoint, SharedServiceProvider, type RemoteServiceProps, type SharedServiceProviderProps } from './shared-service';
import { Workload } from './workload';

export interface TenantEnclaveProps extends EnclaveIntentProps {
  /** The network the enclave is carved from; it may live in another stack. */
  readonly network: AccreditedNetwork;
  /**
   * The site's audit archive (a `SiteBaseline`'s `auditArchive`): a subscription filter copies the
   * enclave's audit log into the site's immutable log archive, outside the tenant (rule PCR-22).
   * @default - the audit log stays in the enclave's log group only
   */
  readonly auditArchive?: AuditArchive;
}

/** The enclave's AWS Backup: an encrypted vault, a daily plan and what it selects (rule PCR-28). */
export interface EnclaveBackup {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly selection: backup.BackupSelection;
}

/** What an enclave's backup plan selects (its instances, with their volumes, and its databases), in any region and account. */
const BACKUP_RESOURCE_TYPES = ['arn:aws:ec2:*:*:instance/*', 'arn:aws:rds:*:*:db:*'];

/** AWS's default quota of network ACL rules per direction. */
const NACL_RULE_QUOTA = 20;

/**
 * One tenant's enclave on AWS: a subnet per tier in each of two availability zones, a
 * default-deny network ACL per tier that admits only declared flows and the network's endpoints,
 * a KMS key of its own (rotated, retained), an encrypted audit log group kept the enclave's audit
 * retention (copied to the site's log archive when one is given) and, unless switched off, AWS
 * Backup of its instances and databases into a vault under its key.
 *
 * A renamed enclave (`renamedFrom`) keeps its previous construct id in the tree, so that its
 * CloudFormation logical ids stay; its names, tags and descriptions keep the previous id too.
 */
export class TenantEnclave extends Construct {
  readonly state: TargetEnclaveState;
  readonly network: AccreditedNetwork;
  readonly key: kms.Key;
  /** The enclave's audit sink (DPA 2018 s.62 logging). */
  readonly auditLog: logs.LogGroup;
  /** Copies the audit log into the site's archive, when one is given. */
  readonly auditArchiveFilter?: logs.CfnSubscriptionFilter;
  /** AWS Backup of the enclave's instances and databases; absent when `backup.enabled` is false. */
  readonly backup?: EnclaveBackup;
  /** The enclave's administrator roles (MFA only, confined by a permissions boundary to the enclave). */
  readonly administrators: EnclaveAdministrators;
  private readonly tierSubnets = new Map<Tier, ec2.Subnet[]>();
  private readonly tierAcls = new Map<Tier, NetworkAclRules>();

  constructor(scope: Construct, id: string, props: TenantEnclaveProps) {
    super(scope, previousConstructId(scope, id, props) ?? id);
    this.network = props.network;
    this.state = props.network.state.addEnclave(id, props);
    const model = this.state.model;
    const network = props.network;
    const estate = network.state.estate;
    // Names and descriptions use the previous ids of a renamed network or enclave: changing them would replace resources.
    const [networkName, enclaveName] = [network.state.stableId, stableId(model)];
    this.key = new kms.Key(this, 'Key', {
      description: `pcloud ${estate}/${this.state.stablePath}: enclave data`,
      alias: awsNames.keyAlias(estate, networkName, enclaveName),
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowLogsToUseKey(this.key, network.site);

    this.auditLog = new logs.LogGroup(this, 'AuditLog', {
      logGroupName: awsNames.auditLogGroup(estate, networkName, enclaveName),
      encryptionKey: this.key,
      retention: logRetention(model.auditRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.auditArchive) {
      this.auditArchiveFilter = new logs.CfnSubscriptionFilter(this, 'AuditArchive', {
        logGroupName: this.auditLog.logGroupName,
        filterPattern: '',
        destinationArn: props.auditArchive.destinationArn,
        roleArn: props.auditArchive.roleArn,
      });
    }
    if (model.backup.enabled) this.backup = this.renderBackup(estate, networkName, enclaveName);

    for (const layout of model.tiers) {
      const name = tierName(layout.tier);
      const subnets = [0, 1].map(
        (i) =>
          new ec2.Subnet(this, `${name}${i === 0 ? 'A' : 'B'}`, {
            vpcId: network.vpc.vpcId,
            availabilityZone: availabilityZone(network.site, i),
            cidrBlock: layout.zones[i],
            mapPublicIpOnLaunch: false,
          }),
      );
      this.tierSubnets.set(layout.tier, subnets);
      const acl = new NetworkAclRules(this, `${name}Acl`, network.vpc, subnets);
      // Every tier reaches the network's interface endpoints (SSM, KMS, logs, S3) and nothing else by default.
      acl.allow('egress', network.model.servicesCidr, ec2.AclTraffic.tcpPort(443));
      acl.allow('ingress', network.model.servicesCidr, ec2.AclTraffic.tcpPortRange(1024, 65535));
      this.tierAcls.set(layout.tier, acl);
    }

    this.administrators = new EnclaveAdministrators(this, 'Administrators', { enclave: this });
    applyTags(this, enclaveTags(estate, network.model, model));
  }

  /**
   * A vault under the enclave key (retained; recovery points cannot be deleted by hand), a daily
   * plan keeping each backup the enclave's backup retention, and a selection of the instances (with
   * their volumes) and databases tagged with this enclave, so a new workload is backed up without
   * changing the selection.
   */
  private renderBackup(estate: string, networkName: string, enclaveName: string): EnclaveBackup {
    const model = this.state.model;
    const name = awsNames.backupVault(estate, networkName, enclaveName);
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: name,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', { backupPlanName: name, backupVault: vault });
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ hour: '1', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(model.backup.retentionDays),
      }),
    );
    const selection = plan.addSelection('Workloads', {
      backupSelectionName: 'enclave-workloads',
      resources: BACKUP_RESOURCE_TYPES.map((arn) => backup.BackupResource.fromArn(arn)),
    });
    // Instances and databases that carry the enclave's tag (its stable path, see enclaveTags):
    // Resources AND Conditions (ListOfTags would be OR).
    (selection.node.defaultChild as backup.CfnBackupSelection).addPropertyOverride('BackupSelection.Conditions', {
      StringEquals: [{ ConditionKey: `aws:ResourceTag/${TAG_KEYS.enclave}`, ConditionValue: this.state.stablePath }],
    });
    acknowledge(selection.node.findChild('Role'), {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'AWSBackupServiceRolePolicyForBackup is the policy AWS maintains for AWS Backup: it follows every resource type Backup supports, which a hand-written policy would miss.',
    });
    return { vault, plan, selection };
  }

  get model(): EnclaveModel {
    return this.state.model;
  }

  /** Adds a workload; the same as `new Workload(enclave, id, props)`. */
  addWorkload(id: string, props: WorkloadProps): Workload {
    return new Workload(this, id, props);
  }

  /** The tier's two subnets, zone A then zone B. */
  subnets(tier: Tier): readonly ec2.Subnet[] {
    return this.tierSubnets.get(tier)!;
  }

  /** The enclave's workloads, in the order they were added. */
  get workloads(): Workload[] {
    return this.node.children.filter((c): c is Workload => Workload.isWorkload(c));
  }

  /**
   * Offers VMs of this enclave as a shared service over PrivateLink: an internal Network Load
   * Balancer and an endpoint service. Consumers on this site connect with `consumeService`;
   * consumers on other sites are admitted with `admitRemoteConsumer` on the returned provider.
   */
  offerService(props: SharedServiceProviderProps): SharedServiceProvider {
    return new SharedServiceProvider(this, `Service-${props?.service}`, props);
  }

  /**
   * Uses another enclave's shared service on this site: an interface endpoint in this enclave's
   * application-tier subnets that only this enclave may reach, and egress to it from every VM added
   * so far; the provider's load balancer admits this enclave's address space.
   */
  consumeService(provider: SharedServiceProvider): SharedServiceEndpoint {
    return new SharedServiceEndpoint(this, `ServiceEndpoint-${provider.service}`, provider);
  }

  /**
   * Uses a shared service on another site, through an interconnect: every VM added so far may reach
   * the providers' prefixes on the service's ports, and the tiers' network ACLs let the traffic out
   * and the replies in. Route the prefixes with `addRemoteRoute`.
   */
  reachRemoteService(props: RemoteServiceProps): void {
    const path = `${this.node.path}/RemoteService-${String(props?.service)}`;
    const service = checkId(props?.service, '', 'shared service');
    const prefixes = requirePrefixes(props.prefixes, path, 'prefixes');
    const ports = resolvePorts(props.ports, path, { tcpOnly: true });
    for (const vm of this.workloads.filter((w) => w.model.kind === 'vm')) {
      for (const prefix of prefixes) {
        for (const p of ports) {
          vm.securityGroup!.addEgressRule(ec2.Peer.ipv4(prefix), securityGroupPort(p), `shared service ${service} at ${prefix} ${portLabel(p)}`);
          this._allowAcrossBoundary(vm.model.tier, 'egress', prefix, aclTraffic(p), aclReplies(p));
        }
      }
    }
  }

  /**
   * Routes `prefix` from every tier subnet of the enclave to the network's virtual private gateway
   * (the network needs a VPN connection: `AccreditedNetwork.addVpnConnection`). An enclave routes
   * only what its exchanges and shared services need, so add one route per such prefix.
   */
  addRemoteRoute(prefix: string): void {
    const [cidr] = requirePrefixes([prefix], this.node.path, 'prefix');
    const gateway = this.network.vpnGateway;
    if (!gateway) {
      fail({
        code: 'AWS_NO_VPN_GATEWAY',
        path: this.node.path,
        problem: `network ${this.network.node.path} has no virtual private gateway to route ${cidr} to`,
        given: cidr,
        expected: 'a network with a VPN connection',
        fix: 'add the interconnect to the network first: network.addVpnConnection({ ... })',
      });
    }
    for (const subnets of this.tierSubnets.values()) {
      for (const subnet of subnets) {
        const id = `Remote-${cidr.replace('/', '-')}`;
        if (subnet.node.tryFindChild(id)) continue;
        const route = new ec2.CfnRoute(subnet, id, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: cidr,
          gatewayId: gateway.gateway.attrVpnGatewayId,
        });
        // A route to the gateway is refused until the gateway is attached to the VPC.
        route.node.addDependency(gateway.attachment);
      }
    }
  }

  /** @internal Adds the NACL entries a declared flow needs on both tiers (stateless, so replies too). */
  _allowBetweenTiers(from: Tier, to: Tier, traffic: ec2.AclTraffic, replies: ec2.AclTraffic): void {
    const fromCidr = this.model.tiers.find((t) => t.tier === from)!.cidr;
    const toCidr = this.model.tiers.find((t) => t.tier === to)!.cidr;
    const source = this.tierAcls.get(from)!;
    const destination = this.tierAcls.get(to)!;
    destination.allow('ingress', fromCidr, traffic);
    destination.allow('egress', fromCidr, replies);
    source.allow('egress', toCidr, traffic);
    source.allow('ingress', toCidr, replies);
    for (const tier of [from, to]) this.warnOverQuota(tier);
  }

  /**
   * @internal Adds the NACL entries of traffic across the enclave boundary on one tier: `ingress`
   * when `cidr` opens connections to the tier (the replies go back out), `egress` when the tier
   * opens connections to `cidr` (the replies come back in).
   */
  _allowAcrossBoundary(tier: Tier, direction: Direction, cidr: string, traffic: ec2.AclTraffic, replies: ec2.AclTraffic): void {
    const acl = this.tierAcls.get(tier)!;
    acl.allow(direction, cidr, traffic);
    acl.allow(direction === 'ingress' ? 'egress' : 'ingress', cidr, replies);
    this.warnOverQuota(tier);
  }

  private warnOverQuota(tier: Tier): void {
    const acl = this.tierAcls.get(tier)!;
    for (const direction of ['ingress', 'egress'] as const) {
      if (acl.count(direction) > NACL_RULE_QUOTA) {
        Annotations.of(acl).addWarningV2(
          'pcloud:nacl-quota',
          `${acl.count(direction)} ${direction} rules on the ${tier} tier's network ACL exceed AWS's default quota of ${NACL_RULE_QUOTA}; raise the quota (up to 40) before deploying or merge ports`,
        );
      }
    }
  }
}

function tierName(tier: Tier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

