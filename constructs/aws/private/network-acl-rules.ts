import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { stableSlot } from '../../../lib/allocate';
import { shortHash } from '../../../lib/hash';
import { acknowledge, type NagAcknowledgement } from './nag';

const FIRST_RULE = 100;
const LAST_RULE = 32000;
/** The explicit deny that ends every pcloud NACL; AWS's implicit `*` rule would deny too, but this one is visible to reviewers and rules. */
export const DENY_ALL_RULE = 32766;

export type Direction = 'ingress' | 'egress';

/** cdk-nag notes every network ACL; in pcloud they are the enclave boundary by design. */
const NACL_BY_DESIGN: NagAcknowledgement = {
  id: 'AwsSolutions-VPC3',
  reason: "Network ACLs are pcloud's enclave boundary by design (rules PCR-11, PCR-13): a default-deny ACL per tier admits only declared flows, beside the security groups.",
};

/**
 * A default-deny network ACL over some subnets, with allow entries keyed by what they allow.
 * Rule numbers and construct ids come from the key, not from the order entries were added, so a
 * new flow renumbers nothing else; the same entry added twice is kept once.
 */
export class NetworkAclRules extends Construct {
  readonly acl: ec2.NetworkAcl;
  private readonly numbers = new Set<number>();
  private readonly keys = new Set<string>();

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, subnets: readonly ec2.ISubnet[]) {
    super(scope, id);
    this.acl = new ec2.NetworkAcl(this, 'Resource', { vpc, subnetSelection: { subnets: [...subnets] } });
    acknowledge(this.acl, NACL_BY_DESIGN);
    for (const direction of ['ingress', 'egress'] as const) {
      const entry = this.acl.addEntry(direction === 'ingress' ? 'DenyAllIngress' : 'DenyAllEgress', {
        ruleNumber: DENY_ALL_RULE,
        cidr: ec2.AclCidr.anyIpv4(),
        traffic: ec2.AclTraffic.allTraffic(),
        direction: direction === 'ingress' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
        ruleAction: ec2.Action.DENY,
      });
      acknowledge(entry, NACL_BY_DESIGN);
    }
  }

  /** Allows `traffic` from (ingress) or to (egress) `cidr`. */
  allow(direction: Direction, cidr: string, traffic: ec2.AclTraffic): void {
    const rendered = traffic.toTrafficConfig();
    const key = `${direction}|${cidr}|${rendered.protocol}|${rendered.portRange?.from ?? ''}-${rendered.portRange?.to ?? ''}`;
    if (this.keys.has(key)) return;
    const slot = stableSlot(key, LAST_RULE - FIRST_RULE, (s) => !this.numbers.has(FIRST_RULE + s));
    if (slot === undefined) throw new Error(`pcloud internal error: network ACL ${this.node.path} has no free rule number`);
    this.keys.add(key);
    this.numbers.add(FIRST_RULE + slot);
    const entry = this.acl.addEntry(`${direction === 'ingress' ? 'In' : 'Out'}${shortHash(key, 8)}`, {
      ruleNumber: FIRST_RULE + slot,
      cidr: ec2.AclCidr.ipv4(cidr),
      traffic,
      direction: direction === 'ingress' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
      ruleAction: ec2.Action.ALLOW,
    });
    acknowledge(entry, NACL_BY_DESIGN);
  }

  /** Allow entries in one direction; AWS's default quota is 20 per direction. */
  count(direction: Direction): number {
    return [...this.keys].filter((k) => k.startsWith(`${direction}|`)).length;
  }
}
