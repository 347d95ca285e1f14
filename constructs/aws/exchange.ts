import { Annotations, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fail } from '../../lib/errors';
import { checkId, requireString } from '../../lib/model/checks';
import { resolvePorts } from '../../lib/model/exchange';
import { requirePrefixes } from '../../lib/model/interconnect';
import type { PortRangeModel } from '../../lib/model/types';
import type { PortSpec } from '../../lib/ports';
import { aclReplies, aclTraffic, portId, portLabel, securityGroupPort } from './private/ports';
import { CONNECTIVITY_TAG_KEYS } from './private/tags';
import type { Workload } from './workload';

/** AWS's default quota of security groups per network interface: the workload's own and four exchanges. */
const GROUPS_PER_INTERFACE = 5;

/** Which end of an exchange a workload is. */
export type ExchangeRole = 'sender' | 'receiver';

export interface ExchangeEndProps {
  /** The exchange's id (its path in the estate), e.g. `essex-btp-custody`. */
  readonly exchange: string;
  /** Reference of the Information Sharing Agreement the exchange runs under (rule PCR-26). */
  readonly isa: string;
  /** The sender opens the connections (and its enclave logs the disclosures); the receiver accepts them. */
  readonly role: ExchangeRole;
  /** Ports the receiver accepts (a number is a TCP port). */
  readonly ports: readonly (number | PortSpec)[];
  /**
   * The records this end's enclave logs for the exchange (DPA 2018 s.62), in a log stream
   * `<records>/<exchange>` of its audit log group: a sender's disclosures, or, where a partner
   * outside the estate sends, the receiver's collection.
   * @default - 'disclosures' for a sender; nothing for a receiver
   */
  readonly records?: 'disclosures' | 'collections';
}

/**
 * One AWS end of a secure exchange: a security group of its own on the workload's instance,
 * beside the workload's group, that holds the exchange's rules and nothing else (no outbound
 * rule but the exchange's), tagged with the exchange (`pcloud:exchange`) and its ISA
 * (`pcloud:isa`). The far end is another end in the same VPC ({@link ExchangeEnd.connect}) or
 * prefixes on another site or a partner's network ({@link allowPrefixes}); both add the network-ACL
 * entries of the workload's tier.
 *
 * A sending end also gets a log stream `disclosures/<exchange>` in its enclave's audit log group
 * (the DPA 2018 s.62 sink), kept when the exchange is removed; a receiving end from a partner
 * outside the estate gets `collections/<exchange>`. The gateway application writes its records
 * (what, to or from whom, when, by whom) there; the VPC flow logs record the connections.
 *
 * The group joins the instance's `SecurityGroupIds`, which CloudFormation updates in place, so
 * adding or removing an exchange end never replaces the VM. AWS allows five groups per interface
 * unless the quota is raised: a VM with more than four exchanges gets a warning.
 */
export class ExchangeEnd extends Construct {
  readonly workload: Workload;
  readonly exchange: string;
  readonly isa: string;
  readonly role: ExchangeRole;
  readonly ports: readonly PortRangeModel[];
  readonly securityGroup: ec2.SecurityGroup;
  /** Where the gateway writes the exchange's records: a sender's disclosures, or a collection from a partner. */
  readonly disclosureLog?: logs.LogStream;

  constructor(workload: Workload, id: string, given: ExchangeEndProps) {
    const path = `${workload.node.path}/${id}`;
    const props = (typeof given === 'object' && given !== null ? given : {}) as ExchangeEndProps;
    const exchange = checkId(props.exchange, '', 'exchange');
    const isa = requireString(props.isa, path, 'isa', 'the ISA reference, e.g. "ISA-ESX-BTP-2026-03"');
    if (props.role !== 'sender' && props.role !== 'receiver') {
      fail({ code: 'EXCHANGE_ROLE_INVALID', path, problem: 'role is neither sender nor receiver', given: String(props.role), expected: "'sender' or 'receiver'", fix: 'say which end of the exchange this workload is' });
    }
    if (props.records !== undefined && props.records !== 'disclosures' && props.records !== 'collections') {
      fail({ code: 'EXCHANGE_RECORDS_INVALID', path, problem: 'records is neither disclosures nor collections', given: String(props.records), expected: "'disclosures' or 'collections'", fix: 'omit records (a sender logs its disclosures), or say what this end logs' });
    }
    if (workload.model.kind !== 'vm') {
      fail({
        code: 'EXCHANGE_ENDPOINT_KIND',
        path,
        problem: `${workload.model.path} is a ${workload.model.kind}; exchanges run between VMs (the enclaves' gateways)`,
        given: workload.model.path,
        expected: 'a vm',
        fix: 'exchange through the VM that fronts the data; a data store is never reached across an enclave boundary',
      });
    }
    const ports = resolvePorts(props.ports, path);
    super(workload, id);
    this.workload = workload;
    this.exchange = exchange;
    this.isa = isa;
    this.role = props.role;
    this.ports = ports;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: workload.enclave.network.vpc,
      // The ISA reference is in the tags and rule descriptions, which change in place; a new description would replace the group.
      description: `pcloud ${workload.stablePath}: exchange ${exchange} (${props.role}) only`,
      allowAllOutbound: false,
    });
    Tags.of(this.securityGroup).add(CONNECTIVITY_TAG_KEYS.exchange, exchange);
    Tags.of(this.securityGroup).add(CONNECTIVITY_TAG_KEYS.isa, isa);
    workload.instance!.addSecurityGroup(this.securityGroup);
    const groups = 1 + workload.node.children.filter((c) => c instanceof ExchangeEnd).length;
    if (groups > GROUPS_PER_INTERFACE) {
      Annotations.of(workload).addWarningV2(
        'pcloud:groups-per-interface',
        `${groups} security groups on ${workload.model.path}'s network interface (its own and one per exchange) exceed AWS's default quota of ${GROUPS_PER_INTERFACE}; raise the quota (up to 16) before deploying`,
      );
    }

    const records = props.records ?? (props.role === 'sender' ? 'disclosures' : undefined);
    if (records) {
      this.disclosureLog = new logs.LogStream(this, 'DisclosureLog', {
        logGroup: workload.enclave.auditLog,
        logStreamName: `${records}/${exchange}`,
        // Deleting a stream deletes its events: the records outlive the exchange.
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
  }

  /**
   * Lets the exchange reach prefixes outside the VPC, through an interconnect (the far end on another
   * site, or a partner's addresses): the receiver admits them on the exchange's ports, the sender
   * reaches them; the tier's network ACL admits the traffic and its replies.
   */
  allowPrefixes(prefixes: readonly string[]): this {
    const cidrs = requirePrefixes(prefixes, this.node.path, 'prefixes');
    for (const cidr of cidrs) {
      for (const p of this.ports) {
        const description = `${this.exchange} (${this.isa}) ${this.role === 'receiver' ? 'from' : 'to'} ${cidr} ${portLabel(p)}`;
        if (this.role === 'receiver') this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), securityGroupPort(p), description);
        else this.securityGroup.addEgressRule(ec2.Peer.ipv4(cidr), securityGroupPort(p), description);
        this.workload.enclave._allowAcrossBoundary(this.workload.model.tier, this.role === 'receiver' ? 'ingress' : 'egress', cidr, aclTraffic(p), aclReplies(p));
      }
    }
    return this;
  }

  /**
   * Joins the two ends of an exchange inside one VPC: the receiver's group admits the sender's group
   * and the sender's group reaches the receiver's, on the exchange's ports; each end's tier network
   * ACL admits the other's zone subnet (the traffic one way, the replies the other).
   *
   * The two rules reference each other's groups, so they live together in `scope`'s stack: give the
   * end whose stack is deployed later (its stack then depends on the other's), so that exchanges in
   * both directions between two enclaves never make the stacks depend on each other.
   *
   * @param scope where the rules are created @default - the receiver's enclave
   */
  static connect(sender: ExchangeEnd, receiver: ExchangeEnd, scope: Construct = receiver.workload.enclave): void {
    const path = receiver.node.path;
    if (sender.exchange !== receiver.exchange || sender.role !== 'sender' || receiver.role !== 'receiver') {
      fail({
        code: 'EXCHANGE_ENDS_MISMATCHED',
        path,
        problem: `${sender.node.path} (${sender.role} of ${sender.exchange}) and ${receiver.node.path} (${receiver.role} of ${receiver.exchange}) are not the two ends of one exchange`,
        given: `${sender.exchange} -> ${receiver.exchange}`,
        expected: 'the sending and the receiving end of the same exchange',
        fix: 'create one end with role sender and one with role receiver, with the same exchange id',
      });
    }
    if (sender.workload.enclave.network.vpc !== receiver.workload.enclave.network.vpc) {
      fail({
        code: 'EXCHANGE_NEEDS_PEERING',
        path,
        problem: `the ends are on two networks (${sender.workload.enclave.network.node.path}, ${receiver.workload.enclave.network.node.path}), which pcloud does not peer`,
        given: `${sender.workload.model.path} -> ${receiver.workload.model.path}`,
        expected: 'both ends on one network',
        fix: 'place both enclaves on one network, or join their sites with an interconnect and use allowPrefixes on each end',
      });
    }
    if (Stack.of(scope) !== Stack.of(receiver) && Stack.of(scope) !== Stack.of(sender)) {
      fail({
        code: 'EXCHANGE_RULES_ELSEWHERE',
        path,
        problem: `the rules of exchange ${receiver.exchange} would live in stack ${Stack.of(scope).stackName}, which holds neither end`,
        given: scope.node.path,
        expected: "a construct in the sender's or the receiver's stack",
        fix: 'pass the enclave of the end whose stack is deployed later',
      });
    }
    const rules = new Construct(scope, `Exchange-${receiver.exchange}`);
    for (const p of receiver.ports) {
      const common = { ipProtocol: p.protocol, fromPort: p.fromPort, toPort: p.toPort };
      new ec2.CfnSecurityGroupIngress(rules, `Ingress${portId(p)}`, {
        ...common,
        groupId: receiver.securityGroup.securityGroupId,
        sourceSecurityGroupId: sender.securityGroup.securityGroupId,
        description: `${receiver.exchange} (${receiver.isa}) from ${sender.workload.stablePath} ${portLabel(p)}`,
      });
      new ec2.CfnSecurityGroupEgress(rules, `Egress${portId(p)}`, {
        ...common,
        groupId: sender.securityGroup.securityGroupId,
        destinationSecurityGroupId: receiver.securityGroup.securityGroupId,
        description: `${receiver.exchange} (${receiver.isa}) to ${receiver.workload.stablePath} ${portLabel(p)}`,
      });
      receiver.workload.enclave._allowAcrossBoundary(receiver.workload.model.tier, 'ingress', sender.workload.prefix, aclTraffic(p), aclReplies(p));
      sender.workload.enclave._allowAcrossBoundary(sender.workload.model.tier, 'egress', receiver.workload.prefix, aclTraffic(p), aclReplies(p));
    }
  }
}
