import { TerraformStack, Testing } from 'cdktf';
import { Classification } from '../../../lib/classification';
import type { AzureSiteProps } from '../../../lib/model/site';
import * as azure from '../../../constructs/azure';

// Shared GIVENs of the Azure construct tests.

export const SUBSCRIPTION = '00000000-0000-0000-0000-0000000000aa';
export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPcloudTestKeyNotReal';
export const ACCREDITATION = { authority: 'NPIRMT', reference: 'NPIRMT-2026-031', issued: '2026-02-01', expires: '2027-01-31' };
export const STANDARD_TAG_KEYS = ['classification', 'force', 'enclave', 'network', 'accreditation-reference', 'managed-by'];

export type TfJson = {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, unknown>;
  terraform?: Record<string, any>;
  provider?: Record<string, any>;
};

export function site(overrides: Partial<AzureSiteProps> = {}): AzureSiteProps {
  return { subscriptionId: SUBSCRIPTION, location: 'uksouth', vmAdmin: { sshPublicKey: SSH_KEY }, ...overrides };
}

export function newStack(name = 'stack'): TerraformStack {
  return new TerraformStack(Testing.app(), name);
}

export function newNetwork(scope: TerraformStack, overrides: Partial<azure.AccreditedNetworkProps> = {}): azure.AccreditedNetwork {
  return new azure.AccreditedNetwork(scope, 'Network', {
    addressSpace: '10.20.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: ACCREDITATION,
    site: site(),
    estate: 'met',
    ...overrides,
  });
}

/** A network, a Met enclave with a web VM, an app VM, a database and an object store, and no flows. */
export function metEstate(siteProps: AzureSiteProps = site()) {
  const stack = newStack();
  const network = newNetwork(stack, { site: siteProps });
  const enclave = new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', classification: Classification.OFFICIAL_SENSITIVE });
  const web = enclave.addWorkload('web', { kind: 'vm', tier: 'presentation', size: 'medium' });
  const app = new azure.Workload(enclave, 'app', { kind: 'vm' });
  const db = new azure.Workload(enclave, 'db', { kind: 'database' });
  const docs = new azure.Workload(enclave, 'docs', { kind: 'objectStore' });
  return { stack, network, enclave, web, app, db, docs };
}

export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack));
}

/** The resources of one type, by Terraform name. */
export function resourcesOf(tf: TfJson, type: string): Record<string, any> {
  return tf.resource?.[type] ?? {};
}

/** The single resource of `type` whose name is `name`. */
export function resourceNamed(tf: TfJson, type: string, name: string): [string, any] {
  const found = Object.entries(resourcesOf(tf, type)).filter(([, r]) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** `${type.name...}` reference to a resource's attribute, as cdktf writes it. */
export function ref(type: string, tfName: string, attribute?: string): string {
  return `\${${type}.${tfName}${attribute ? `.${attribute}` : ''}}`;
}

/** Addresses (`type.name`, `data.type.name`) the stack defines. */
export function addresses(tf: TfJson): Set<string> {
  const result = new Set<string>();
  for (const [type, items] of Object.entries(tf.resource ?? {})) for (const name of Object.keys(items)) result.add(`${type}.${name}`);
  for (const [type, items] of Object.entries(tf.data ?? {})) for (const name of Object.keys(items)) result.add(`data.${type}.${name}`);
  return result;
}

/** `type.name`: the Terraform address of a resource. */
export function address(type: string, tfName: string): string {
  return `${type}.${tfName}`;
}

/** A resource's depends_on as plain addresses, whether cdktf wrote them as `type.name` or `${type.name}`. */
export function dependsOnOf(body: { depends_on?: string[] }): string[] | undefined {
  return body.depends_on?.map((d) => d.replace(/^\$\{(.*)\}$/, '$1'));
}

/** A resource body without its depends_on, for whole-body comparisons. */
export function withoutDependsOn(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'depends_on'));
}

/** Addresses the stack's resources refer to in `${...}` expressions and depends_on lists. */
export function referencedAddresses(tf: TfJson): Set<string> {
  const result = new Set<string>();
  const sections = [...Object.values(tf.resource ?? {}), ...Object.values(tf.data ?? {})];
  for (const items of sections) {
    for (const body of Object.values(items)) {
      for (const m of JSON.stringify(body).matchAll(/\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/g)) result.add(m[1]);
      for (const d of dependsOnOf(body) ?? []) result.add(d);
    }
  }
  return result;
}


/** Terraform JSON of every resource that has a tags map (the constructs whose class accepts tags). */
export function taggableResources(stack: TerraformStack, tf: TfJson): [string, any][] {
  const result: [string, any][] = [];
  for (const node of stack.node.findAll()) {
    const r = node as unknown as { terraformResourceType?: string; friendlyUniqueId?: string; tagsInput?: unknown };
    if (!r.terraformResourceType || !('tagsInput' in (node as object)) || !tf.resource?.[r.terraformResourceType]) continue;
    const body = tf.resource[r.terraformResourceType][r.friendlyUniqueId!];
    if (body) result.push([`${r.terraformResourceType}.${r.friendlyUniqueId}`, body]);
  }
  return result;
}

export { pcloudErrorOf } from '../../helpers';
