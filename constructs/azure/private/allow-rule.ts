import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import type { IConstruct } from 'constructs';
import type { PortRangeModel, Tier } from '../../../lib/model/types';
import { describePort } from '../../../lib/ports';
import type { TenantEnclave } from '../tenant-enclave';
import { refer } from './cross-stack';
import { rulePriority } from './flow-priorities';

/** One side of an allow rule: address prefixes, application security groups, or a service tag. */
export type RuleEnd =
  | { readonly prefixes: readonly string[] }
  | { readonly groups: readonly string[] }
  | { readonly serviceTag: 'AzureLoadBalancer' };

export interface AllowRuleProps {
  /** The enclave whose tier NSG holds the rule; it may be in another stack than the rule. */
  readonly enclave: TenantEnclave;
  readonly tier: Tier;
  readonly direction: 'Inbound' | 'Outbound';
  readonly name: string;
  /** Names the rule stably for its priority (`exchange|<path>|Inbound|tcp/443`). */
  readonly key: string;
  readonly port: PortRangeModel;
  readonly source: RuleEnd;
  readonly destination: RuleEnd;
  /** At most 140 characters are kept. */
  readonly description: string;
}

/**
 * An Allow rule in an enclave's tier NSG for traffic that crosses the enclave's boundary (an
 * exchange, a shared service). Its priority comes from the enclave's bookkeeping with the flow
 * rules, so it never moves theirs; the NSG and its resource group are referred to by name when
 * the rule is rendered in another stack.
 */
export function allowRule(scope: IConstruct, id: string, props: AllowRuleProps): NetworkSecurityRule {
  const { enclave, tier, port: p } = props;
  const nsg = enclave.securityGroups[tier];
  return new NetworkSecurityRule(scope, id, {
    name: props.name,
    resourceGroupName: refer(scope, enclave.resourceGroup, enclave.resourceGroup.name, enclave.names.resourceGroup),
    networkSecurityGroupName: refer(scope, nsg, nsg.name, enclave.names.networkSecurityGroups[tier]),
    priority: rulePriority(enclave, tier, props.direction, props.key, scope.node.path),
    direction: props.direction,
    access: 'Allow',
    protocol: p.protocol === 'tcp' ? 'Tcp' : 'Udp',
    ...end('source', props.source),
    sourcePortRange: '*',
    ...end('destination', props.destination),
    destinationPortRange: p.fromPort === p.toPort ? `${p.fromPort}` : `${p.fromPort}-${p.toPort}`,
    description: props.description.length <= 140 ? props.description : `${props.description.slice(0, 137)}...`,
  });
}

/** `tcp/443`, as rule keys, ids and descriptions write a port. */
export function portOf(p: PortRangeModel): string {
  return describePort({ protocol: p.protocol, from: p.fromPort, to: p.toPort });
}

function end(side: 'source' | 'destination', e: RuleEnd): Record<string, unknown> {
  if ('prefixes' in e) return { [`${side}AddressPrefixes`]: [...e.prefixes] };
  if ('groups' in e) return { [`${side}ApplicationSecurityGroupIds`]: [...e.groups] };
  return { [`${side}AddressPrefix`]: e.serviceTag };
}
