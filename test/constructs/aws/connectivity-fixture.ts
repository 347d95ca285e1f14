import * as os from 'node:os';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadDefinition } from '../../../bin/definition';
import { buildAwsApp } from '../../../constructs/aws/estate';
import { Cidr } from '../../../lib/cidr';
import type { EstateModel } from '../../../lib/model/types';
import { EstateView } from '../../../lib/model/view';
import { planStacks } from '../../../lib/plan/stacks';

export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, any>;
  readonly DependsOn?: string[];
  readonly DeletionPolicy?: string;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Export?: { Name: string } }>;
}

/** The estate's AWS stacks rendered as `pcloud synth` does (validator off), with their templates. */
export function renderAws(model: EstateModel) {
  const plans = planStacks(model, ['aws']);
  const app = buildAwsApp(model, plans, path.join(os.tmpdir(), 'pcloud-aws-connectivity-unused'), { validate: false });
  const stacks = new Map(app.node.children.map((c) => [c.node.id, c as Stack]));
  const templates = new Map<string, CfnTemplate>([...stacks].map(([name, stack]) => [name, Template.fromStack(stack).toJSON() as CfnTemplate]));
  return {
    model,
    view: new EstateView(model),
    plans,
    app,
    stacks,
    templates,
    template: (name: string) => Template.fromStack(stacks.get(name)!),
    json: (name: string) => templates.get(name)!,
  };
}

let national: EstateModel | undefined;

/** The national example's model, loaded the way the command line loads it. */
export function nationalModel(): EstateModel {
  national ??= loadDefinition(path.join(__dirname, '../../../examples/national-pcloud.ts')).model;
  return national;
}

/** Resources of `type` in a template, by logical id. */
export function resourcesOf(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Every resource of every template, with its stack. */
export function everyResource(templates: Map<string, CfnTemplate>): { stack: string; id: string; resource: CfnResource }[] {
  return [...templates].flatMap(([stack, t]) => Object.entries(t.Resources).map(([id, resource]) => ({ stack, id, resource })));
}

/** A security-group rule as CloudFormation holds it, inline or standalone, with the group it belongs to. */
export interface SgRule {
  readonly stack: string;
  readonly direction: 'ingress' | 'egress';
  /** Logical id of the group (inline rules) or of the rule resource (standalone). */
  readonly resource: string;
  readonly group: unknown;
  readonly cidr?: string;
  readonly peerGroup?: unknown;
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  readonly description?: string;
}

/** Every security-group rule of the output: inline ingress and egress, and the standalone rule resources. */
export function securityGroupRules(templates: Map<string, CfnTemplate>): SgRule[] {
  const rules: SgRule[] = [];
  for (const { stack, id, resource } of everyResource(templates)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::EC2::SecurityGroup') {
      const group = { 'Fn::GetAtt': [id, 'GroupId'] };
      for (const r of p.SecurityGroupIngress ?? []) rules.push({ stack, direction: 'ingress', resource: id, group, cidr: r.CidrIp, peerGroup: r.SourceSecurityGroupId, protocol: r.IpProtocol, from: r.FromPort, to: r.ToPort, description: r.Description });
      for (const r of p.SecurityGroupEgress ?? []) rules.push({ stack, direction: 'egress', resource: id, group, cidr: r.CidrIp, peerGroup: r.DestinationSecurityGroupId, protocol: r.IpProtocol, from: r.FromPort, to: r.ToPort, description: r.Description });
    }
    if (resource.Type === 'AWS::EC2::SecurityGroupIngress') {
      rules.push({ stack, direction: 'ingress', resource: id, group: p.GroupId, cidr: p.CidrIp, peerGroup: p.SourceSecurityGroupId, protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort, description: p.Description });
    }
    if (resource.Type === 'AWS::EC2::SecurityGroupEgress') {
      rules.push({ stack, direction: 'egress', resource: id, group: p.GroupId, cidr: p.CidrIp, peerGroup: p.DestinationSecurityGroupId, protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort, description: p.Description });
    }
  }
  return rules;
}

/** A network-ACL entry of the output, with its stack. */
export interface AclEntry {
  readonly stack: string;
  readonly id: string;
  readonly acl: unknown;
  readonly egress: boolean;
  readonly action: string;
  readonly cidr: string;
  readonly protocol: number;
  readonly from?: number;
  readonly to?: number;
}

export function aclEntries(templates: Map<string, CfnTemplate>): AclEntry[] {
  return everyResource(templates)
    .filter(({ resource }) => resource.Type === 'AWS::EC2::NetworkAclEntry')
    .map(({ stack, id, resource: { Properties: p } }) => ({
      stack,
      id,
      acl: p.NetworkAclId,
      egress: p.Egress === true,
      action: p.RuleAction,
      cidr: p.CidrBlock,
      protocol: p.Protocol,
      from: p.PortRange?.From,
      to: p.PortRange?.To,
    }));
}

/** True when `inner` lies inside `outer`. */
export function within(inner: string, outer: string): boolean {
  const ctx = { path: 'test', field: 'cidr' };
  return Cidr.parse(outer, ctx).contains(Cidr.parse(inner, ctx));
}

/** The tags of a resource as a record. */
export function tagsOf(resource: CfnResource): Record<string, string> {
  return Object.fromEntries(((resource.Properties?.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
}

/** The logical id of the resource created at `constructPath` (without the stack name) in a template. */
export function logicalIdAt(template: CfnTemplate, constructPath: string): string {
  const found = Object.entries(template.Resources).filter(([, r]) => String(r.Metadata?.['aws:cdk:path'] ?? '').split('/').slice(1).join('/') === constructPath);
  if (found.length !== 1) throw new Error(`expected one resource at ${constructPath}, found ${found.length}`);
  return found[0][0];
}
