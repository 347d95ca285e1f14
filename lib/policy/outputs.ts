import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FirewallManifest } from '../firewall-manifest';
import type { EstateModel, Platform } from '../model/types';
import { planStacks, type StackPlan } from '../plan/stacks';
import type { ResourceRef } from './types';

/** A CloudFormation resource as it appears in a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, unknown>;
}

/** A Terraform JSON configuration, as cdktf writes it. */
export interface TerraformConfig {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, unknown>;
  readonly terraform?: Record<string, unknown>;
}

/** One rendered stack and what it belongs to. */
export interface RenderedStack {
  readonly plan: StackPlan;
  readonly cloudformation?: CfnTemplate;
  readonly terraform?: TerraformConfig;
}

/** The outputs of a synthesis, for output rules and the evidence pack. */
export interface RenderedOutputs {
  readonly stacks: readonly RenderedStack[];
  readonly firewall: readonly FirewallManifest[];
}

/** A resource of a rendered stack with a reference to it. */
export interface OutputResource<P = Record<string, unknown>> {
  readonly ref: ResourceRef;
  readonly stack: RenderedStack;
  readonly properties: P;
  /** The whole CloudFormation resource (policies, metadata); undefined for Terraform. */
  readonly cfn?: CfnResource;
}

/** Reads what `pcloud synth` wrote to `dir` (model.json beside it names the stacks). */
export function readOutputs(dir: string, model: EstateModel): RenderedOutputs {
  const stacks: RenderedStack[] = [];
  for (const plan of planStacks(model)) {
    if (plan.platform === 'aws') {
      const file = path.join(dir, 'cdk.out', `${plan.name}.template.json`);
      if (fs.existsSync(file)) stacks.push({ plan, cloudformation: JSON.parse(fs.readFileSync(file, 'utf8')) });
    } else {
      const file = path.join(dir, 'cdktf.out', 'stacks', plan.name, 'cdk.tf.json');
      if (fs.existsSync(file)) stacks.push({ plan, terraform: JSON.parse(fs.readFileSync(file, 'utf8')) });
    }
  }
  const firewallDir = path.join(dir, 'firewall');
  const firewall = fs.existsSync(firewallDir)
    ? fs
        .readdirSync(firewallDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(firewallDir, f), 'utf8')) as FirewallManifest)
    : [];
  return { stacks, firewall };
}

/** CloudFormation resources of `type` across the outputs (or one stack). */
export function cfnResources<P = Record<string, unknown>>(from: RenderedOutputs | RenderedStack, type: string): OutputResource<P>[] {
  const stacks = 'stacks' in from ? from.stacks : [from];
  const found: OutputResource<P>[] = [];
  for (const stack of stacks) {
    for (const [id, resource] of Object.entries(stack.cloudformation?.Resources ?? {})) {
      if (resource.Type !== type) continue;
      found.push({ ref: { platform: 'aws', stack: stack.plan.name, id, type }, stack, properties: (resource.Properties ?? {}) as P, cfn: resource });
    }
  }
  return found;
}

/** Terraform resources of `type` across the outputs (or one stack). */
export function tfResources<P = Record<string, unknown>>(from: RenderedOutputs | RenderedStack, type: string): OutputResource<P>[] {
  const stacks = 'stacks' in from ? from.stacks : [from];
  const found: OutputResource<P>[] = [];
  for (const stack of stacks) {
    for (const [name, properties] of Object.entries(stack.terraform?.resource?.[type] ?? {})) {
      found.push({ ref: { platform: stack.plan.platform, stack: stack.plan.name, id: `${type}.${name}`, type }, stack, properties: properties as P });
    }
  }
  return found;
}

/** Every resource of the outputs, CloudFormation and Terraform. */
export function allResources(outputs: RenderedOutputs): OutputResource[] {
  const found: OutputResource[] = [];
  for (const stack of outputs.stacks) {
    for (const [id, resource] of Object.entries(stack.cloudformation?.Resources ?? {})) {
      found.push({ ref: { platform: 'aws', stack: stack.plan.name, id, type: resource.Type }, stack, properties: resource.Properties ?? {}, cfn: resource });
    }
    for (const [type, byName] of Object.entries(stack.terraform?.resource ?? {})) {
      for (const [name, properties] of Object.entries(byName)) {
        found.push({ ref: { platform: stack.plan.platform, stack: stack.plan.name, id: `${type}.${name}`, type }, stack, properties });
      }
    }
  }
  return found;
}

/** The stacks of one platform. */
export function stacksOf(outputs: RenderedOutputs, platform: Platform): RenderedStack[] {
  return outputs.stacks.filter((s) => s.plan.platform === platform);
}

/** The subject a rendered resource belongs to: its stack's enclave, network or site. */
export function subjectOf(stack: RenderedStack): string {
  return stack.plan.enclave ?? stack.plan.network ?? stack.plan.site;
}

/**
 * An Azure public IP that only a VPN gateway uses: the IPsec endpoint of an interconnect, which
 * answers IKE and ESP from the declared peers, not a workload's address or a web boundary.
 */
export function isVpnGatewayAddress(resource: OutputResource): boolean {
  if (resource.ref.type !== 'azurerm_public_ip') return false;
  const ref = `\${${resource.ref.id}.id}`;
  const users = Object.values(resource.stack.terraform?.resource ?? {}).flatMap((byName) => Object.values(byName)).filter((r) => JSON.stringify(r).includes(ref));
  const gateways = Object.values(resource.stack.terraform?.resource?.azurerm_virtual_network_gateway ?? {});
  return users.length > 0 && users.every((u) => gateways.includes(u));
}

/** An Azure load balancer with no public frontend (one behind a Private Link service). */
export function isInternalLoadBalancer(resource: OutputResource): boolean {
  const frontends = (resource.properties.frontend_ip_configuration ?? []) as { public_ip_address_id?: string; public_ip_prefix_id?: string }[];
  return resource.ref.type === 'azurerm_lb' && frontends.length > 0 && frontends.every((f) => !f.public_ip_address_id && !f.public_ip_prefix_id);
}
