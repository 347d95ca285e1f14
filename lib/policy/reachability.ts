import { Cidr } from '../cidr';
import type { FirewallEndpoint, FirewallManifest, FirewallPrefixEndpoint } from '../firewall-manifest';
import type { EstateModel, Platform, PortRangeModel } from '../model/types';
import { EstateView } from '../model/view';
import type { Protocol } from '../ports';
import { ownerOf } from './rules/helpers';
import { allResources, type RenderedOutputs, type RenderedStack } from './outputs';

/**
 * Who can open a connection to whom, on which ports: the estate's reachability. `from` and `to`
 * are workload paths, `partner:<name>` for a partner of an exchange, or `outside` for any address
 * that is neither in the estate nor a declared partner's.
 */
export interface Reach {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly fromPort: number;
  readonly toPort: number;
}

export const OUTSIDE = 'outside';

/**
 * What the definition declares: flows inside enclaves, exchanges (workload or partner ends) and
 * shared services (every VM of a consumer enclave to every provider). Object stores are left out:
 * they are reached by identity (an IAM grant, a role assignment), not by a network rule.
 */
export function declaredReach(model: EstateModel): Reach[] {
  const view = new EstateView(model);
  const reach: Reach[] = [];
  const add = (from: string, to: string, p: PortRangeModel) => reach.push({ from, to, protocol: p.protocol, fromPort: p.fromPort, toPort: p.toPort });
  const store = (path: string) => view.workload(path).kind === 'objectStore';
  for (const f of model.flows) if (!store(f.to)) add(f.from, f.to, f);
  const end = (e: EstateModel['exchanges'][number]['from']) => (e.kind === 'workload' ? e.workload : `partner:${e.name}`);
  for (const x of model.exchanges) for (const p of x.ports) add(end(x.from), end(x.to), p);
  for (const s of model.sharedServices) {
    for (const consumer of s.consumers) {
      for (const w of view.workloadsOf(view.enclave(consumer)).filter((w) => w.kind === 'vm')) {
        for (const provider of s.providers) for (const p of s.ports) add(w.path, provider, p);
      }
    }
  }
  return normalise(reach);
}

/**
 * What the rendered outputs allow, computed from the filters alone: AWS security groups (and the
 * PrivateLink path through an interface endpoint and its load balancer), Azure NSG rules with
 * application security groups, and the vSphere firewall manifests. A connection is possible when
 * every filter on its path allows it: the source's egress and the destination's ingress. Routes
 * and network ACLs are not read (both only narrow it further), so this errs towards more reach.
 * Workloads of a platform that was not rendered are left out.
 */
export function renderedReach(model: EstateModel, outputs: RenderedOutputs): Reach[] {
  return new ReachabilityAnalysis(model, outputs).reach();
}

/** Reach in `rendered` that nothing declares, and declared reach the outputs do not give. */
export function compareReach(declared: readonly Reach[], rendered: readonly Reach[]): { extra: Reach[]; missing: Reach[] } {
  return { extra: subtract(rendered, declared), missing: subtract(declared, rendered) };
}

/** `from -> to tcp/8443`. */
export function describeReach(r: Reach): string {
  return `${r.from} -> ${r.to} ${r.protocol}/${r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}`;
}

// ---------------------------------------------------------------------------------------------

interface Range {
  readonly lo: number;
  readonly hi: number;
}

type Proto = Protocol | 'all';

/** A party as the filters see it. */
interface Party {
  readonly id: string;
  readonly platform?: Platform;
  /** Where its traffic comes from and goes to. */
  readonly prefixes: readonly Cidr[];
  /** AWS security groups or Azure application security groups it is a member of. */
  readonly groups: ReadonlySet<string>;
  /** Azure: the NSG of its subnet. */
  readonly nsg?: string;
  /** vSphere: the site whose firewall manifest filters it. */
  readonly site?: string;
  readonly outside?: boolean;
}

/** One rule as pcloud renders it, on either cloud. */
interface FilterRule {
  readonly proto: Proto;
  readonly ports: Range;
  readonly peer: { readonly group: string } | { readonly cidr: Cidr } | { readonly any: true } | { readonly none: true };
}

/** An Azure NSG rule with its priority and own end. */
interface NsgRule extends FilterRule {
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly allow: boolean;
  readonly self: FilterRule['peer'][];
}

const ALL_PORTS: Range = { lo: 0, hi: 65535 };
const parse = (c: string) => Cidr.parse(c, { path: c, field: 'cidr' });

type ManifestEnd = FirewallEndpoint | FirewallPrefixEndpoint | 'any';

class ReachabilityAnalysis {
  private readonly view: EstateView;
  private readonly parties = new Map<string, Party>();
  private readonly known: Cidr[] = [];
  // AWS
  private readonly exports = new Map<string, { stack: RenderedStack; value: unknown }>();
  private readonly sgRules = new Map<string, { in: FilterRule[]; out: FilterRule[] }>();
  private readonly endpoints: { groups: Set<string>; prefixes: Cidr[]; service: string; stack: string }[] = [];
  private readonly services = new Map<string, string>();
  private readonly balancers = new Map<string, { groups: Set<string>; listeners: { port: number; targets: string[] }[] }>();
  // Azure
  private readonly nsgRules = new Map<string, NsgRule[]>();

  constructor(
    readonly model: EstateModel,
    readonly outputs: RenderedOutputs,
  ) {
    this.view = new EstateView(model);
    for (const n of model.networks) this.known.push(parse(n.cidr));
    for (const x of model.exchanges) for (const e of [x.from, x.to]) if (e.kind === 'partner') this.known.push(...e.prefixes.map(parse));
    this.collectAws();
    this.collectAzure();
    this.collectSubnets();
    this.collectManifests();
    this.collectParties();
    this.collectAzurePrivateLink();
    for (const nlb of this.balancers.values()) for (const l of nlb.listeners) for (const t of l.targets) if (this.awsOwners.has(t)) this.privateLinkTargets.add(this.awsOwners.get(t)!);
    for (const service of this.linkServices.values()) for (const r of service.rules) for (const m of r.members) this.privateLinkTargets.add(m);
  }

  reach(): Reach[] {
    const sources = new Set(this.model.flows.map((f) => f.from));
    const vms = new Set(this.model.workloads.filter((w) => w.kind === 'vm').map((w) => w.path));
    const stores = new Set(this.model.workloads.filter((w) => w.kind === 'objectStore').map((w) => w.path));
    const parties = [...this.parties.values()];
    const external = (p: Party) => p.outside === true || p.id.startsWith('partner:');
    const from = parties.filter((p) => external(p) || sources.has(p.id) || vms.has(p.id));
    const reach: Reach[] = [];
    for (const dst of parties.filter((p) => !stores.has(p.id))) {
      // Only a source the destination's own filters name can reach it: every other pair is skipped unread.
      const candidates = this.candidateSources(dst);
      for (const src of from) {
        if (src.id === dst.id || (external(src) && external(dst))) continue;
        if (candidates && !external(src) && !candidates.has(src.id)) continue;
        for (const protocol of ['tcp', 'udp'] as const) {
          for (const r of this.between(src, dst, protocol)) reach.push({ from: src.id, to: dst.id, protocol, fromPort: r.lo, toPort: r.hi });
        }
      }
    }
    return normalise(reach);
  }

  /**
   * The workloads that `dst`'s inbound filter could admit (parties outside the estate and partners
   * are always candidates), or undefined when any source could be: the destination is behind a
   * Private Link service, or its filter admits any address or leaves ports to a default allow.
   * A superset: `between` still decides each candidate pair.
   */
  private candidateSources(dst: Party): ReadonlySet<string> | undefined {
    if (!dst.platform || this.privateLinkTargets.has(dst.id)) return undefined;
    const found = new Set<string>();
    const admit = (peer: FilterRule['peer'] | FirewallEndpoint | FirewallPrefixEndpoint | 'any'): boolean => {
      if (peer === 'any' || 'any' in peer) return false;
      if ('none' in peer) return true;
      if ('workload' in peer) found.add(peer.workload);
      else if ('group' in peer) for (const m of this.groupMembers.get(peer.group) ?? []) found.add(m);
      else for (const m of this.overlapping('cidr' in peer ? peer.cidr : parse(peer.prefix))) found.add(m);
      return true;
    };
    if (dst.platform === 'aws') {
      for (const g of dst.groups) for (const r of this.sgRules.get(g)?.in ?? []) if (!admit(r.peer)) return undefined;
      return found;
    }
    if (dst.platform === 'azure') {
      const rules = (this.nsgRules.get(dst.nsg ?? '') ?? []).filter((r) => r.direction === 'Inbound' && r.self.some((x) => this.peerMatches(x, dst)));
      // What rules for any source leave open falls to Azure's default allow: then any source could reach.
      for (const protocol of ['tcp', 'udp'] as const) {
        let open: Range[] = [ALL_PORTS];
        for (const r of rules.filter((x) => 'any' in x.peer && protoMatches(x.proto, protocol))) {
          if (r.allow && intersect(open, [r.ports]).length) return undefined;
          open = subtractRanges(open, [r.ports]);
        }
        if (open.length) return undefined;
      }
      for (const r of rules) if (r.allow && !admit(r.peer)) return undefined;
      return found;
    }
    for (const i of this.manifestRulesOf(dst.site!, dst, 'destination').order) {
      const rule = this.manifests.get(dst.site!)!.rules[i];
      if (rule.allow && !admit(rule.source)) return undefined;
    }
    return found;
  }

  /** Workloads whose prefix overlaps `cidr`. */
  private overlapping(cidr: Cidr): readonly string[] {
    let ids = this.overlaps.get(cidr.toString());
    if (!ids) {
      ids = [...this.parties.values()].filter((p) => !p.outside && p.prefixes.some((x) => x.overlaps(cidr))).map((p) => p.id);
      this.overlaps.set(cidr.toString(), ids);
    }
    return ids;
  }

  private readonly overlaps = new Map<string, readonly string[]>();
  /** Party ids by the AWS security group or Azure application security group they are members of. */
  private readonly groupMembers = new Map<string, Set<string>>();
  /** Workloads a Private Link service forwards to (AWS listener targets, Azure load-balancer members). */
  private readonly privateLinkTargets = new Set<string>();

  /** Port ranges on which `src` can open a connection to `dst`. */
  private between(src: Party, dst: Party, protocol: Protocol): Range[] {
    const direct = intersectAll([this.egress(src, dst, protocol), this.ingress(dst, src, protocol)]);
    return union([...direct, ...this.throughPrivateLink(src, dst, protocol), ...this.throughAzurePrivateLink(src, dst, protocol)]);
  }

  private egress(src: Party, dst: Party, protocol: Protocol): Range[] {
    if (src.platform === 'aws') return this.awsAllowed(src.groups, 'out', dst, protocol);
    if (src.platform === 'azure') return this.nsgAllowed(src.nsg, 'Outbound', src, dst, protocol);
    if (src.platform === 'vsphere') return this.manifestAllowed(src.site!, src, dst, protocol);
    return [ALL_PORTS];
  }

  private ingress(dst: Party, src: Party, protocol: Protocol): Range[] {
    if (dst.platform === 'aws') return this.awsAllowed(dst.groups, 'in', src, protocol);
    if (dst.platform === 'azure') return this.nsgAllowed(dst.nsg, 'Inbound', src, dst, protocol);
    if (dst.platform === 'vsphere') return this.manifestAllowed(dst.site!, src, dst, protocol);
    return [ALL_PORTS];
  }

  // --- AWS ----------------------------------------------------------------------------------

  private collectAws(): void {
    for (const stack of this.outputs.stacks) {
      for (const [name, output] of Object.entries(stack.cloudformation?.Outputs ?? {}) as [string, { Value?: unknown; Export?: { Name?: unknown } }][]) {
        const exported = typeof output.Export?.Name === 'string' ? output.Export.Name : `${stack.plan.name}:${name}`;
        this.exports.set(exported, { stack, value: output.Value });
      }
    }
    const rules = (sg: string) => {
      let entry = this.sgRules.get(sg);
      if (!entry) this.sgRules.set(sg, (entry = { in: [], out: [] }));
      return entry;
    };
    for (const r of allResources(this.outputs).filter((x) => x.ref.platform === 'aws')) {
      const p = r.properties as Record<string, unknown>;
      if (r.ref.type === 'AWS::EC2::SecurityGroup') {
        const sg = `${r.stack.plan.name}/${r.ref.id}`;
        rules(sg);
        for (const rule of (p.SecurityGroupIngress ?? []) as Record<string, unknown>[]) pushRule(rules(sg).in, rule, this.peerOf(rule, 'Source', r.stack));
        for (const rule of (p.SecurityGroupEgress ?? []) as Record<string, unknown>[]) pushRule(rules(sg).out, rule, this.peerOf(rule, 'Destination', r.stack));
      }
      if (r.ref.type === 'AWS::EC2::SecurityGroupIngress' || r.ref.type === 'AWS::EC2::SecurityGroupEgress') {
        const sg = this.groupOf(p.GroupId, r.stack);
        const ingress = r.ref.type === 'AWS::EC2::SecurityGroupIngress';
        if (sg) pushRule(ingress ? rules(sg).in : rules(sg).out, p, this.peerOf(p, ingress ? 'Source' : 'Destination', r.stack));
      }
      if (r.ref.type === 'AWS::EC2::VPCEndpointService') {
        for (const nlb of (p.NetworkLoadBalancerArns ?? []) as unknown[]) this.services.set(`${r.stack.plan.name}/${r.ref.id}`, this.resolveRef(nlb, r.stack) ?? '');
      }
      if (r.ref.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
        this.balancers.set(`${r.stack.plan.name}/${r.ref.id}`, { groups: this.groupsOf(p.SecurityGroups, r.stack), listeners: [] });
      }
    }
    const stackResources = (stack: RenderedStack) => stack.cloudformation?.Resources ?? {};
    for (const r of allResources(this.outputs).filter((x) => x.ref.type === 'AWS::ElasticLoadBalancingV2::Listener')) {
      const p = r.properties as { LoadBalancerArn?: unknown; Port?: number; DefaultActions?: { TargetGroupArn?: unknown }[] };
      const nlb = this.balancers.get(this.resolveRef(p.LoadBalancerArn, r.stack) ?? '');
      if (!nlb || typeof p.Port !== 'number') continue;
      const targets = (p.DefaultActions ?? []).flatMap((a) => {
        const tg = (this.resolveRef(a.TargetGroupArn, r.stack) ?? '').split('/').pop()!;
        const group = stackResources(r.stack)[tg]?.Properties as { Targets?: { Id?: unknown }[] } | undefined;
        return (group?.Targets ?? []).map((t) => this.resolveRef(t.Id, r.stack) ?? '');
      });
      nlb.listeners.push({ port: p.Port, targets });
    }
    for (const r of allResources(this.outputs).filter((x) => x.ref.type === 'AWS::EC2::VPCEndpoint')) {
      const p = r.properties as { SecurityGroupIds?: unknown; ServiceName?: unknown; SubnetIds?: unknown[] };
      const service = refsIn(p.ServiceName)
        .map((ref) => this.resolveRef(ref, r.stack))
        .find((key): key is string => key !== undefined && this.services.has(key));
      if (!service) continue;
      const prefixes = (p.SubnetIds ?? []).flatMap((s) => {
        const id = (this.resolveRef(s, r.stack) ?? '').split('/').pop()!;
        const cidr = (stackResources(r.stack)[id]?.Properties as { CidrBlock?: string } | undefined)?.CidrBlock;
        return cidr ? [parse(cidr)] : [];
      });
      this.endpoints.push({ groups: this.groupsOf(p.SecurityGroupIds, r.stack), prefixes, service, stack: r.stack.plan.name });
    }
  }

  /** `stack/logicalId` of what a `Ref`, `Fn::GetAtt` or `Fn::ImportValue` names, following exports. */
  private resolveRef(value: unknown, stack: RenderedStack, depth = 0): string | undefined {
    if (depth > 5 || typeof value !== 'object' || value === null) return undefined;
    const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::ImportValue'?: unknown };
    if (typeof v.Ref === 'string') return `${stack.plan.name}/${v.Ref}`;
    if (Array.isArray(v['Fn::GetAtt'])) return `${stack.plan.name}/${v['Fn::GetAtt'][0]}`;
    if (typeof v['Fn::ImportValue'] === 'string') {
      const exported = this.exports.get(v['Fn::ImportValue']);
      return exported ? this.resolveRef(exported.value, exported.stack, depth + 1) : undefined;
    }
    return undefined;
  }

  private groupOf(value: unknown, stack: RenderedStack): string | undefined {
    return typeof value === 'string' ? `sg:${value}` : this.resolveRef(value, stack);
  }

  private groupsOf(list: unknown, stack: RenderedStack): Set<string> {
    return new Set((Array.isArray(list) ? list : []).map((g) => this.groupOf(g, stack)).filter((g): g is string => g !== undefined));
  }

  private peerOf(rule: Record<string, unknown>, side: 'Source' | 'Destination', stack: RenderedStack): FilterRule['peer'] {
    const group = rule[`${side}SecurityGroupId`];
    if (group !== undefined) {
      const key = this.groupOf(group, stack);
      return key ? { group: key } : { any: true };
    }
    const cidr = rule.CidrIp ?? rule[side === 'Source' ? 'SourcePrefixListId' : 'DestinationPrefixListId'];
    return typeof cidr === 'string' && /^\d/.test(cidr) ? { cidr: parse(cidr) } : { any: true };
  }

  private awsAllowed(groups: ReadonlySet<string>, direction: 'in' | 'out', peer: Party, protocol: Protocol): Range[] {
    return union(
      [...groups].flatMap((g) => (this.sgRules.get(g)?.[direction] ?? []).filter((r) => protoMatches(r.proto, protocol) && this.peerMatches(r.peer, peer)).map((r) => r.ports)),
    );
  }

  /**
   * Through an interface endpoint: the source reaches the endpoint, the endpoint service's load
   * balancer listens on the port and forwards to the destination, whose groups admit the balancer.
   */
  private throughPrivateLink(src: Party, dst: Party, protocol: Protocol): Range[] {
    if (protocol !== 'tcp' || src.platform !== 'aws' || dst.platform !== 'aws') return [];
    const found: Range[] = [];
    for (const e of this.endpoints) {
      const endpoint: Party = { id: 'endpoint', platform: 'aws', prefixes: e.prefixes, groups: e.groups };
      const toEndpoint = intersectAll([this.awsAllowed(src.groups, 'out', endpoint, 'tcp'), this.awsAllowed(e.groups, 'in', src, 'tcp')]);
      const nlb = this.balancers.get(this.services.get(e.service)!);
      if (!nlb || toEndpoint.length === 0) continue;
      const balancer: Party = { id: 'balancer', platform: 'aws', prefixes: [], groups: nlb.groups };
      for (const listener of nlb.listeners) {
        const port = [{ lo: listener.port, hi: listener.port }];
        if (!listener.targets.some((t) => this.ownerOfAws(t) === dst.id)) continue;
        // With inbound rules enforced on PrivateLink traffic, the balancer's group filters the source too.
        const ok = intersectAll([toEndpoint, port, this.awsAllowed(nlb.groups, 'in', src, 'tcp'), this.awsAllowed(nlb.groups, 'out', dst, 'tcp'), this.awsAllowed(dst.groups, 'in', balancer, 'tcp')]);
        found.push(...ok);
      }
    }
    return union(found);
  }

  private readonly awsOwners = new Map<string, string>();
  private ownerOfAws(key: string): string | undefined {
    return this.awsOwners.get(key);
  }

  // --- Azure --------------------------------------------------------------------------------

  private collectAzure(): void {
    for (const stack of this.outputs.stacks.filter((s) => s.plan.platform === 'azure')) {
      const resources = stack.terraform?.resource ?? {};
      for (const r of Object.values(resources.azurerm_network_security_rule ?? {}) as Record<string, unknown>[]) {
        const nsg = this.nsgKey(r.network_security_group_name, r.resource_group_name, stack);
        if (!nsg) continue;
        const list = this.nsgRules.get(nsg) ?? [];
        const proto: Proto = r.protocol === 'Tcp' ? 'tcp' : r.protocol === 'Udp' ? 'udp' : r.protocol === '*' ? 'all' : 'icmp' as never;
        if (proto === ('icmp' as never)) continue;
        const peers = (prefix: unknown, prefixes: unknown, groups: unknown): FilterRule['peer'][] => [
          ...[prefix, ...(Array.isArray(prefixes) ? prefixes : [])].filter((x): x is string => typeof x === 'string').map(azurePeer),
          ...(Array.isArray(groups) ? groups : []).map((g) => ({ group: this.asgKey(g, stack) ?? `unknown:${String(g)}` })),
        ];
        const ranges = [r.destination_port_range, ...(Array.isArray(r.destination_port_ranges) ? r.destination_port_ranges : [])].filter((x): x is string => typeof x === 'string').map(portRange);
        const inbound = r.direction === 'Inbound';
        const source = peers(r.source_address_prefix, r.source_address_prefixes, r.source_application_security_group_ids);
        const destination = peers(r.destination_address_prefix, r.destination_address_prefixes, r.destination_application_security_group_ids);
        for (const ports of ranges) {
          for (const peer of inbound ? source : destination) {
            list.push({ proto, ports, peer, priority: Number(r.priority), direction: inbound ? 'Inbound' : 'Outbound', allow: r.access === 'Allow', self: inbound ? destination : source });
          }
        }
        this.nsgRules.set(nsg, list);
      }
    }
    for (const list of this.nsgRules.values()) list.sort((a, b) => a.priority - b.priority);
  }

  /** `rg/name` of a resource group, NSG or ASG named literally or by a reference in the stack. */
  private azureName(value: unknown, stack: RenderedStack): string | undefined {
    if (typeof value !== 'string') return undefined;
    const ref = /^\$\{(azurerm_[a-z_]+)\.([^.}]+)\.(name|id)\}$/.exec(value);
    if (!ref) return value;
    return String((stack.terraform?.resource?.[ref[1]]?.[ref[2]] as { name?: unknown } | undefined)?.name ?? '');
  }

  private resourceGroupOf(type: string, name: string, stack: RenderedStack): string {
    const r = stack.terraform?.resource?.[type]?.[name] as { resource_group_name?: unknown } | undefined;
    return (this.azureName(r?.resource_group_name, stack) ?? '').toLowerCase();
  }

  private nsgKey(name: unknown, group: unknown, stack: RenderedStack): string | undefined {
    const n = this.azureName(name, stack);
    const g = this.azureName(group, stack);
    return n && g ? `${g}/${n}`.toLowerCase() : undefined;
  }

  /** `rg/name` of an application security group given by reference or by its constructed id. */
  private asgKey(value: unknown, stack: RenderedStack): string | undefined {
    if (typeof value !== 'string') return undefined;
    const ref = /^\$\{azurerm_application_security_group\.([^.}]+)\.id\}$/.exec(value);
    if (ref) {
      const r = stack.terraform?.resource?.azurerm_application_security_group?.[ref[1]] as { name?: string } | undefined;
      return `${this.resourceGroupOf('azurerm_application_security_group', ref[1], stack)}/${r?.name ?? ''}`.toLowerCase();
    }
    const id = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/applicationSecurityGroups\/([^/]+)$/i.exec(value);
    return id ? `${id[1]}/${id[2]}`.toLowerCase() : undefined;
  }

  private nsgAllowed(nsg: string | undefined, direction: 'Inbound' | 'Outbound', src: Party, dst: Party, protocol: Protocol): Range[] {
    const rules = (this.nsgRules.get(nsg ?? '') ?? []).filter((r) => r.direction === direction && protoMatches(r.proto, protocol));
    const peer = direction === 'Inbound' ? src : dst;
    const self = direction === 'Inbound' ? dst : src;
    const relevant = rules.filter((r) => this.peerMatches(r.peer, peer) && r.self.some((s) => this.peerMatches(s, self)));
    // First match by priority decides each port; with no match Azure's defaults would allow traffic in the VNet.
    const allowed: Range[] = [];
    let open: Range[] = [ALL_PORTS];
    for (const r of relevant) {
      const hit = intersect(open, [r.ports]);
      if (r.allow) allowed.push(...hit);
      open = subtractRanges(open, [r.ports]);
    }
    return union([...allowed, ...open]);
  }

  /** Azure private endpoints that lead to a Private Link service, and where each service's load balancer forwards. */
  private readonly azureEndpoints: { party: Party; service: string }[] = [];
  private readonly linkServices = new Map<string, { nat: Party; rules: { protocol: Protocol; frontend: number; backend: number; members: string[] }[] }>();

  private collectAzurePrivateLink(): void {
    const nicOwner = new Map<string, string>();
    for (const r of allResources(this.outputs).filter((x) => x.ref.type === 'azurerm_network_interface')) nicOwner.set(`${r.stack.plan.name}/${r.ref.id.split('.')[1]}`, ownerOf(this.view, r));
    const refName = (value: unknown, type: string) => (typeof value === 'string' ? new RegExp(`^\\$\\{${type}\\.([^.}]+)[.}]`).exec(value)?.[1] : undefined);
    for (const stack of this.outputs.stacks.filter((s) => s.plan.platform === 'azure')) {
      const resources = stack.terraform?.resource ?? {};
      const members = new Map<string, string[]>();
      for (const a of Object.values(resources.azurerm_network_interface_backend_address_pool_association ?? {}) as { backend_address_pool_id?: string; network_interface_id?: string }[]) {
        const pool = refName(a.backend_address_pool_id, 'azurerm_lb_backend_address_pool');
        const owner = nicOwner.get(`${stack.plan.name}/${refName(a.network_interface_id, 'azurerm_network_interface')}`);
        if (pool && owner) members.set(pool, [...(members.get(pool) ?? []), owner]);
      }
      for (const [name, pls] of Object.entries(resources.azurerm_private_link_service ?? {}) as [string, { name?: string; nat_ip_configuration?: { private_ip_address?: string }[]; load_balancer_frontend_ip_configuration_ids?: string[] }][]) {
        const lb = refName(pls.load_balancer_frontend_ip_configuration_ids?.[0], 'azurerm_lb');
        const rules = (Object.values(resources.azurerm_lb_rule ?? {}) as { loadbalancer_id?: string; protocol?: string; frontend_port?: number; backend_port?: number; backend_address_pool_ids?: string[] }[])
          .filter((r) => refName(r.loadbalancer_id, 'azurerm_lb') === lb)
          .map((r) => ({
            protocol: (r.protocol === 'Udp' ? 'udp' : 'tcp') as Protocol,
            frontend: Number(r.frontend_port),
            backend: Number(r.backend_port),
            members: (r.backend_address_pool_ids ?? []).flatMap((p) => members.get(refName(p, 'azurerm_lb_backend_address_pool') ?? '') ?? []),
          }));
        const nat: Party = { id: 'nat', prefixes: (pls.nat_ip_configuration ?? []).flatMap((c) => (c.private_ip_address ? [parse(`${c.private_ip_address}/32`)] : [])), groups: new Set() };
        this.linkServices.set(`${this.resourceGroupOf('azurerm_private_link_service', name, stack)}/${pls.name ?? ''}`.toLowerCase(), { nat, rules });
      }
      const groups = new Map<string, Set<string>>();
      for (const a of Object.values(resources.azurerm_private_endpoint_application_security_group_association ?? {}) as { private_endpoint_id?: string; application_security_group_id?: string }[]) {
        const pe = refName(a.private_endpoint_id, 'azurerm_private_endpoint');
        const asg = this.asgKey(a.application_security_group_id, stack);
        if (pe && asg) groups.set(pe, new Set([...(groups.get(pe) ?? []), asg]));
      }
      for (const [name, pe] of Object.entries(resources.azurerm_private_endpoint ?? {}) as [string, { subnet_id?: unknown; private_service_connection?: unknown }][]) {
        const connections = (Array.isArray(pe.private_service_connection) ? pe.private_service_connection : [pe.private_service_connection]) as { private_connection_resource_id?: string }[];
        for (const c of connections) {
          const target = c?.private_connection_resource_id ?? '';
          const local = refName(target, 'azurerm_private_link_service');
          const service = local
            ? `${this.resourceGroupOf('azurerm_private_link_service', local, stack)}/${(resources.azurerm_private_link_service?.[local] as { name?: string } | undefined)?.name ?? ''}`.toLowerCase()
            : /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateLinkServices\/([^/]+)$/i.exec(target)?.slice(1, 3).join('/').toLowerCase();
          if (!service) continue;
          const subnet = this.subnets.get(this.subnetKey(pe.subnet_id, stack) ?? '');
          this.azureEndpoints.push({
            service,
            party: { id: 'endpoint', platform: 'azure', prefixes: subnet?.prefixes ?? [], groups: groups.get(name) ?? new Set(), ...(subnet?.nsg ? { nsg: subnet.nsg } : {}) },
          });
        }
      }
    }
  }

  /**
   * Through an Azure private endpoint: the source reaches the endpoint (both NSGs), the Private Link
   * service's load balancer forwards the port to the destination, whose NSG admits the service's NAT address.
   */
  private throughAzurePrivateLink(src: Party, dst: Party, protocol: Protocol): Range[] {
    if (src.platform !== 'azure' || dst.platform !== 'azure') return [];
    const found: Range[] = [];
    for (const e of this.azureEndpoints) {
      const service = this.linkServices.get(e.service);
      if (!service) continue;
      const toEndpoint = intersectAll([this.nsgAllowed(src.nsg, 'Outbound', src, e.party, protocol), this.nsgAllowed(e.party.nsg, 'Inbound', src, e.party, protocol)]);
      for (const rule of service.rules.filter((r) => r.protocol === protocol && r.members.includes(dst.id))) {
        if (intersect(toEndpoint, [{ lo: rule.frontend, hi: rule.frontend }]).length === 0) continue;
        found.push(...intersect(this.nsgAllowed(dst.nsg, 'Inbound', service.nat, dst, protocol), [{ lo: rule.backend, hi: rule.backend }]));
      }
    }
    return union(found);
  }

  // --- vSphere ------------------------------------------------------------------------------

  private manifestAllowed(site: string, src: Party, dst: Party, protocol: Protocol): Range[] {
    const manifest = this.manifests.get(site);
    if (!manifest) return [ALL_PORTS];
    const sources = this.manifestRulesOf(site, src, 'source').set;
    const allowed: Range[] = [];
    let open: Range[] = [ALL_PORTS];
    // Rules in manifest order (first match decides), among those whose two ends match the pair.
    for (const i of this.manifestRulesOf(site, dst, 'destination').order) {
      const r = manifest.rules[i];
      if ((r.protocol !== 'any' && r.protocol !== protocol) || !sources.has(i)) continue;
      if (r.allow) allowed.push(...intersect(open, [r.ports]));
      open = subtractRanges(open, [r.ports]);
    }
    return union(allowed);
  }

  /** Each site's firewall manifest rules, ports and prefixes parsed once. */
  private readonly manifests = new Map<
    string,
    { rules: { protocol: string; ports: Range; allow: boolean; source: ManifestEnd; destination: ManifestEnd; prefixes: { source?: Cidr; destination?: Cidr } }[] }
  >();
  private readonly manifestMatches = new WeakMap<Party, Map<string, { order: number[]; set: Set<number> }>>();

  private collectManifests(): void {
    for (const m of this.outputs.firewall as FirewallManifest[]) {
      const prefix = (end: ManifestEnd) => (end !== 'any' && 'prefix' in end ? parse(end.prefix) : undefined);
      this.manifests.set(m.site, {
        rules: m.rules.map((r) => ({
          protocol: r.protocol,
          ports: r.ports === 'any' ? ALL_PORTS : portRange(r.ports),
          allow: r.action === 'allow',
          source: r.source,
          destination: r.destination,
          prefixes: { source: prefix(r.source), destination: prefix(r.destination) },
        })),
      });
    }
  }

  /** The indices, in manifest order, of a site's rules whose `side` matches the party. */
  private manifestRulesOf(site: string, party: Party, side: 'source' | 'destination'): { order: number[]; set: Set<number> } {
    let byKey = this.manifestMatches.get(party);
    if (!byKey) this.manifestMatches.set(party, (byKey = new Map()));
    const key = `${site}|${side}`;
    let found = byKey.get(key);
    if (!found) {
      const order: number[] = [];
      (this.manifests.get(site)?.rules ?? []).forEach((r, i) => {
        const end = r[side];
        const cidr = r.prefixes[side];
        if (end === 'any' || ('workload' in end ? end.workload === party.id : this.peerMatches({ cidr: cidr! }, party))) order.push(i);
      });
      byKey.set(key, (found = { order, set: new Set(order) }));
    }
    return found;
  }

  // --- parties ------------------------------------------------------------------------------

  private collectParties(): void {
    const groups = new Map<string, Set<string>>();
    const member = (workload: string, group: string) => {
      const set = groups.get(workload) ?? new Set<string>();
      set.add(group);
      groups.set(workload, set);
    };
    const nsgOfWorkload = new Map<string, string>();
    const workloads = new Set(this.model.workloads.map((w) => w.path));
    for (const r of allResources(this.outputs)) {
      const owner = ownerOf(this.view, r);
      const isWorkload = workloads.has(owner);
      const p = r.properties as Record<string, unknown>;
      if (r.ref.type === 'AWS::EC2::Instance' || r.ref.type === 'AWS::RDS::DBInstance') {
        if (!isWorkload) continue;
        this.awsOwners.set(`${r.stack.plan.name}/${r.ref.id}`, owner);
        const list = [...((p.SecurityGroupIds ?? []) as unknown[]), ...((p.VPCSecurityGroups ?? []) as unknown[]), ...((p.NetworkInterfaces ?? []) as { GroupSet?: unknown[] }[]).flatMap((n) => n.GroupSet ?? [])];
        for (const g of list) {
          const key = this.groupOf(g, r.stack);
          if (key) member(owner, key);
        }
      }
      if (r.ref.type === 'azurerm_network_interface_application_security_group_association' || r.ref.type === 'azurerm_private_endpoint_application_security_group_association') {
        if (!isWorkload) continue;
        const key = this.asgKey(p.application_security_group_id, r.stack);
        if (key) member(owner, key);
      }
      if ((r.ref.type === 'azurerm_network_interface' || r.ref.type === 'azurerm_private_endpoint') && isWorkload) {
        const subnet = r.ref.type === 'azurerm_network_interface' ? ((p.ip_configuration ?? []) as { subnet_id?: unknown }[])[0]?.subnet_id : p.subnet_id;
        const nsg = this.nsgOfSubnet(subnet, r.stack);
        if (nsg) nsgOfWorkload.set(owner, nsg);
      }
    }
    // A workload whose platform was not rendered (synth --target) has no filters to read: left out.
    const rendered = new Set(this.outputs.stacks.map((s) => s.plan.enclave));
    const manifests = new Set(this.outputs.firewall.map((m) => m.site));
    for (const w of this.model.workloads) {
      const site = this.view.siteOfWorkload(w.path);
      if (site.platform === 'vsphere' ? !manifests.has(site.id) : !rendered.has(w.enclave)) continue;
      for (const g of groups.get(w.path) ?? []) this.groupMembers.set(g, (this.groupMembers.get(g) ?? new Set()).add(w.path));
      this.parties.set(w.path, {
        id: w.path,
        platform: site.platform,
        prefixes: [parse(this.view.workloadPrefix(w.path))],
        groups: groups.get(w.path) ?? new Set(),
        ...(nsgOfWorkload.has(w.path) ? { nsg: nsgOfWorkload.get(w.path)! } : {}),
        ...(site.platform === 'vsphere' ? { site: site.id } : {}),
      });
    }
    for (const x of this.model.exchanges) {
      for (const e of [x.from, x.to]) {
        if (e.kind === 'partner') this.parties.set(`partner:${e.name}`, { id: `partner:${e.name}`, prefixes: e.prefixes.map(parse), groups: new Set() });
      }
    }
    this.parties.set(OUTSIDE, { id: OUTSIDE, prefixes: [], groups: new Set(), outside: true });
  }

  /** `rg/vnet/name` of a subnet given by reference in the stack or by its constructed id. */
  private subnetKey(subnet: unknown, stack: RenderedStack): string | undefined {
    if (typeof subnet !== 'string') return undefined;
    const ref = /^\$\{azurerm_subnet\.([^.}]+)\.id\}$/.exec(subnet);
    if (ref) {
      const r = stack.terraform?.resource?.azurerm_subnet?.[ref[1]] as { name?: string; virtual_network_name?: unknown } | undefined;
      return `${this.resourceGroupOf('azurerm_subnet', ref[1], stack)}/${this.azureName(r?.virtual_network_name, stack) ?? ''}/${r?.name ?? ''}`.toLowerCase();
    }
    const id = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(subnet);
    return id ? `${id[1]}/${id[2]}/${id[3]}`.toLowerCase() : undefined;
  }

  private readonly subnets = new Map<string, { nsg?: string; prefixes: Cidr[] }>();

  /** Every Azure subnet of the outputs, its prefixes and the NSG associated with it. */
  private collectSubnets(): void {
    for (const stack of this.outputs.stacks.filter((s) => s.plan.platform === 'azure')) {
      const resources = stack.terraform?.resource ?? {};
      for (const [name, r] of Object.entries(resources.azurerm_subnet ?? {}) as [string, { address_prefixes?: string[] }][]) {
        const key = this.subnetKey(`\${azurerm_subnet.${name}.id}`, stack)!;
        this.subnets.set(key, { ...this.subnets.get(key), prefixes: (r.address_prefixes ?? []).map(parse) });
      }
      for (const a of Object.values(resources.azurerm_subnet_network_security_group_association ?? {}) as { subnet_id?: string; network_security_group_id?: string }[]) {
        const key = this.subnetKey(a.subnet_id, stack);
        const nsg = /^\$\{azurerm_network_security_group\.([^.}]+)\.id\}$/.exec(a.network_security_group_id ?? '');
        if (!key || !nsg) continue;
        const r = resources.azurerm_network_security_group?.[nsg[1]] as { name?: string } | undefined;
        this.subnets.set(key, { prefixes: [], ...this.subnets.get(key), nsg: `${this.resourceGroupOf('azurerm_network_security_group', nsg[1], stack)}/${r?.name ?? ''}`.toLowerCase() });
      }
    }
  }

  private nsgOfSubnet(subnet: unknown, stack: RenderedStack): string | undefined {
    return this.subnets.get(this.subnetKey(subnet, stack) ?? '')?.nsg;
  }

  /** Whether a rule's peer covers a party: its group, an address range overlapping it, or anything. */
  private peerMatches(peer: FilterRule['peer'], party: Party): boolean {
    if ('none' in peer) return false;
    if ('any' in peer) return true;
    if ('group' in peer) return party.groups.has(peer.group);
    if (party.outside) return !this.known.some((k) => k.contains(peer.cidr));
    return party.prefixes.some((p) => p.overlaps(peer.cidr));
  }
}

function pushRule(list: FilterRule[], rule: Record<string, unknown>, peer: FilterRule['peer']): void {
  const proto = String(rule.IpProtocol);
  const p: Proto | undefined = proto === 'tcp' || proto === '6' ? 'tcp' : proto === 'udp' || proto === '17' ? 'udp' : proto === '-1' ? 'all' : undefined;
  if (!p) return;
  const ports = p === 'all' ? ALL_PORTS : { lo: Number(rule.FromPort ?? 0), hi: Number(rule.ToPort ?? 65535) };
  list.push({ proto: p, ports, peer });
}

/** An Azure address prefix or service tag as a rule peer. */
function azurePeer(prefix: string): FilterRule['peer'] {
  if (prefix === '*' || prefix === 'Internet' || prefix === 'VirtualNetwork' || prefix === '0.0.0.0/0') return { any: true };
  if (/^\d/.test(prefix)) return { cidr: parse(prefix.includes('/') ? prefix : `${prefix}/32`) };
  // Service tags such as AzureLoadBalancer name Azure's own sources, never a workload.
  return { none: true };
}

function protoMatches(rule: Proto, protocol: Protocol): boolean {
  return rule === 'all' || rule === protocol;
}

function portRange(text: string): Range {
  if (text === '*' || text === 'any') return ALL_PORTS;
  const [lo, hi] = text.split('-').map(Number);
  return { lo, hi: hi ?? lo };
}

/** Every `Ref`, `Fn::GetAtt` and `Fn::ImportValue` inside a CloudFormation value. */
function refsIn(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  if ('Ref' in value || 'Fn::GetAtt' in value || 'Fn::ImportValue' in value) return [value];
  return Object.values(value).flatMap(refsIn);
}

function union(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1) out[out.length - 1] = { lo: last.lo, hi: Math.max(last.hi, r.hi) };
    else out.push(r);
  }
  return out;
}

function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const x of a) for (const y of b) if (Math.max(x.lo, y.lo) <= Math.min(x.hi, y.hi)) out.push({ lo: Math.max(x.lo, y.lo), hi: Math.min(x.hi, y.hi) });
  return union(out);
}

function intersectAll(lists: readonly (readonly Range[])[]): Range[] {
  return lists.reduce<Range[]>((acc, l) => intersect(acc, l), [ALL_PORTS]);
}

function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  let out = [...a];
  for (const y of b) {
    out = out.flatMap((x) => {
      if (y.hi < x.lo || y.lo > x.hi) return [x];
      return [...(y.lo > x.lo ? [{ lo: x.lo, hi: y.lo - 1 }] : []), ...(y.hi < x.hi ? [{ lo: y.hi + 1, hi: x.hi }] : [])];
    });
  }
  return out;
}

/** One entry per pair and protocol, ports merged, sorted. */
function normalise(reach: readonly Reach[]): Reach[] {
  const byKey = new Map<string, { from: string; to: string; protocol: Protocol; ranges: Range[] }>();
  for (const r of reach) {
    const key = `${r.from}|${r.to}|${r.protocol}`;
    const entry = byKey.get(key) ?? { from: r.from, to: r.to, protocol: r.protocol, ranges: [] };
    entry.ranges.push({ lo: r.fromPort, hi: r.toPort });
    byKey.set(key, entry);
  }
  return [...byKey.values()]
    .flatMap((e) => union(e.ranges).map((x) => ({ from: e.from, to: e.to, protocol: e.protocol, fromPort: x.lo, toPort: x.hi })))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.protocol.localeCompare(b.protocol) || a.fromPort - b.fromPort);
}

function subtract(a: readonly Reach[], b: readonly Reach[]): Reach[] {
  return normalise(
    a.flatMap((r) => {
      const cover = b.filter((x) => x.from === r.from && x.to === r.to && x.protocol === r.protocol).map((x) => ({ lo: x.fromPort, hi: x.toPort }));
      return subtractRanges([{ lo: r.fromPort, hi: r.toPort }], cover).map((x) => ({ ...r, fromPort: x.lo, toPort: x.hi }));
    }),
  );
}
