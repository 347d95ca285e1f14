import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import { availabilityZone } from './private/zones';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TenantEnclaveProps as EnclaveIntentProps } from '../../lib/model/enclave';
import type { EnclaveModel, Tier } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';
import { awsNames } from '../../lib/naming/aws';
import { enclaveTags } from '../../lib/tags';
import type { TargetEnclaveState } from '../private/target-state';
import { AccreditedNetwork, allowLogsToUseKey } from './accredited-network';
import { NetworkAclRules } from './private/network-acl-rules';
import { applyTags } from './private/tags';
import { Workload } from './workload';

export interface TenantEnclaveProps extends EnclaveIntentProps {
  /** The network the enclave is carved from; it may live in another stack. */
  readonly network: AccreditedNetwork;
}

/** AWS's default quota of network ACL rules per direction. */
const NACL_RULE_QUOTA = 20;

/**
 * One tenant's enclave on AWS: a subnet per tier in each of two availability zones, a
 * default-deny network ACL per tier that admits only declared flows and the network's endpoints,
 * a KMS key of its own (rotated, retained) and an encrypted audit log group kept a year.
 */
export class TenantEnclave extends Construct {
  readonly state: TargetEnclaveState;
  readonly network: AccreditedNetwork;
  readonly key: kms.Key;
  /** The enclave's audit sink (DPA 2018 s.62 logging). */
  readonly auditLog: logs.LogGroup;
  private readonly tierSubnets = new Map<Tier, ec2.Subnet[]>();
  private readonly tierAcls = new Map<Tier, NetworkAclRules>();

  constructor(scope: Construct, id: string, props: TenantEnclaveProps) {
    super(scope, id);
    this.network = props.network;
    this.state = props.network.state.addEnclave(id, props);
    const model = this.state.model;
    const network = props.network;
    const estate = network.state.estate;
    this.key = new kms.Key(this, 'Key', {
      description: `pcloud ${estate}/${model.path}: enclave data`,
      alias: awsNames.keyAlias(estate, network.model.id, model.id),
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowLogsToUseKey(this.key, network.site);

    this.auditLog = new logs.LogGroup(this, 'AuditLog', {
      logGroupName: awsNames.auditLogGroup(estate, network.model.id, model.id),
      encryptionKey: this.key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

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

    applyTags(this, enclaveTags(estate, network.model, model));
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
    for (const tier of [from, to]) {
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
}

function tierName(tier: Tier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

