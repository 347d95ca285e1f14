import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { loadDefinition } from '../../../bin/definition';
import { renderAzureEstate } from '../../../constructs/azure/estate';
import * as pcloud from '../../../index';
import type { EstateModel } from '../../../lib/model/types';
import { planStacks } from '../../../lib/plan/stacks';
import { SSH_KEY, SUBSCRIPTION, type TfJson } from './fixture';

// Shared GIVENs of the Azure tests of shared services, exchanges and interconnects.

let national: EstateModel | undefined;

/** The national example's model, loaded the way the command line loads it. */
export function nationalModel(): EstateModel {
  national ??= loadDefinition(path.join(__dirname, '../../../examples/national-pcloud.ts')).model;
  return national;
}

export interface RenderedStack {
  readonly stack: TerraformStack;
  readonly tf: TfJson;
}

/** The estate's Azure stacks rendered as `pcloud synth` does, in plan order, with their Terraform JSON. */
export function renderAzure(model: EstateModel): Map<string, RenderedStack> {
  const app = Testing.app();
  renderAzureEstate(app, model, planStacks(model, ['azure']), { type: 'local' });
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  return new Map(stacks.map((stack) => [stack.node.id, { stack, tf: JSON.parse(Testing.synth(stack)) as TfJson }]));
}

/** An NSG rule of a rendered stack, with its Terraform name and the stack holding it. */
export interface NsgRule {
  readonly stack: string;
  readonly address: string;
  readonly body: Record<string, any>;
}

/** Every NSG rule of the rendered stacks. */
export function nsgRules(rendered: Map<string, RenderedStack>): NsgRule[] {
  return [...rendered].flatMap(([stack, { tf }]) =>
    Object.entries(tf.resource?.azurerm_network_security_rule ?? {}).map(([name, body]) => ({ stack, address: `azurerm_network_security_rule.${name}`, body })),
  );
}

/** Every Allow rule of the rendered stacks. */
export function allowRules(rendered: Map<string, RenderedStack>): NsgRule[] {
  return nsgRules(rendered).filter((r) => r.body.access === 'Allow');
}

/** The single NSG rule named `name` in the NSG called (or referenced as) `nsg`. */
export function ruleIn(rules: readonly NsgRule[], nsg: string, name: string): NsgRule {
  const found = rules.filter((r) => r.body.name === name && String(r.body.network_security_group_name).includes(nsg));
  if (found.length !== 1) throw new Error(`expected one rule ${name} in ${nsg}, found ${found.length}`);
  return found[0];
}

/** Every address and value a rule names as source or destination. */
export function endsOf(body: Record<string, any>): string[] {
  return [
    body.source_address_prefix,
    ...(body.source_address_prefixes ?? []),
    body.destination_address_prefix,
    ...(body.destination_address_prefixes ?? []),
  ].filter((x): x is string => typeof x === 'string');
}

/** Every resource address of every stack, `stack:type.name`. */
export function everyAddress(rendered: Map<string, RenderedStack>): string[] {
  return [...rendered].flatMap(([stack, { tf }]) => Object.entries(tf.resource ?? {}).flatMap(([type, items]) => Object.keys(items).map((name) => `${stack}:${type}.${name}`))).sort();
}

/** The resources of `type` in one rendered stack, by Terraform name. */
export function resources(rendered: Map<string, RenderedStack>, stack: string, type: string): Record<string, any> {
  const found = rendered.get(stack);
  if (!found) throw new Error(`no stack ${stack}: ${[...rendered.keys()].join(', ')}`);
  return found.tf.resource?.[type] ?? {};
}

/** The names of the stacks a stack depends on. */
export function dependenciesOf(rendered: Map<string, RenderedStack>, stack: string): string[] {
  return rendered.get(stack)!.stack.dependencies.map((d) => d.node.id).sort();
}

export const ISA = {
  parties: ['Kent Police', 'Essex Police'],
  purpose: 'Referrals between the forces',
  legalGateway: 'Crime and Disorder Act 1998 s.115',
  reviewDate: '2030-12-31',
};

export const ACCREDITATION = { authority: 'NPIRMT', reference: 'NPIRMT-2026-040', issued: '2026-03-01', expires: '2027-02-28' };

export interface HandBuiltOptions {
  /** Declare the consumer enclave `kent` before the provider `hub` (true) or after it. @default true */
  readonly consumerFirst?: boolean;
  /** Add the exchange `kent-essex-extra` (essex/app -> kent/app, tcp/9443). @default false */
  readonly extraExchange?: boolean;
  /** Add the exchanges between the Azure enclaves and elsewhere. @default true */
  readonly exchanges?: boolean;
}

/**
 * An Azure site with one network holding `kent` and `essex` (consumers) and `hub` (the provider of
 * shared service `queue` on tcp/5671, served by `hub/broker`), and an AWS site with `btp`, a remote
 * consumer of the queue, joined by interconnect `aws-azure`; `kent-gcsx` joins the Azure site to a
 * GCSx-style community network. Exchanges: `kent-essex-referrals` (kent/app -> essex/app,
 * tcp/8443), `essex-kent-returns` (essex/app -> kent/app, tcp/8443), `btp-kent-custody`
 * (btp/api -> kent/app, tcp/443) and `kent-kcc` (kent/app -> Kent County Council, tcp/443).
 */
export function handBuiltEstate(options: HandBuiltOptions = {}): EstateModel {
  const cloud = new pcloud.PoliceCloud({ name: 'south-east' });
  const azure = pcloud.Site.azure(cloud, 'azure-uk', { subscriptionId: SUBSCRIPTION, location: 'uksouth', vmAdmin: { sshPublicKey: SSH_KEY } });
  const aws = pcloud.Site.aws(cloud, 'aws-london', { account: '111122223333', assurance: { level: 'PASF', reference: 'PDS-PASF-AWS-2025-03' } });
  const net = new pcloud.AccreditedNetwork(cloud, 'net', { site: azure, addressSpace: '10.40.0.0/16', ceiling: pcloud.Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const declare = {
    kent: () => {
      const kent = new pcloud.TenantEnclave(net, 'kent', { tenant: 'kent' });
      return { kent, app: new pcloud.Workload(kent, 'app', { kind: 'vm' }) };
    },
    hub: () => {
      const hub = new pcloud.TenantEnclave(net, 'hub', { tenant: 'pds' });
      return { hub, broker: new pcloud.Workload(hub, 'broker', { kind: 'vm' }) };
    },
  };
  const consumerFirst = options.consumerFirst ?? true;
  const k = consumerFirst ? declare.kent() : undefined;
  const h = declare.hub();
  const { kent, app: kentApp } = k ?? declare.kent();
  const essex = new pcloud.TenantEnclave(net, 'essex', { tenant: 'essex' });
  const essexApp = new pcloud.Workload(essex, 'app', { kind: 'vm' });
  const national = new pcloud.AccreditedNetwork(cloud, 'national', { site: aws, addressSpace: '10.0.0.0/16', ceiling: pcloud.Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const btp = new pcloud.TenantEnclave(national, 'btp', { tenant: 'btp' });
  const api = new pcloud.Workload(btp, 'api', { kind: 'vm' });
  new pcloud.Interconnect(cloud, 'aws-azure', {
    sites: [aws, azure],
    publicAddresses: { 'aws-london': '203.0.113.20', 'azure-uk': '203.0.113.40' },
    ithc: { reference: 'ITHC-2026-PDS-031', date: '2026-06-15' },
  });
  const gcsx = new pcloud.Interconnect(cloud, 'kent-gcsx', {
    site: azure,
    community: { name: 'Kent Public Services Network', kind: 'gcsx', gatewayAddress: '198.51.100.210', prefixes: ['172.28.0.0/16'] },
    coco: { reference: 'KPSN-CoCo-2026-017', expires: '2027-02-28' },
    ithc: { reference: 'ITHC-2026-SUP-009', date: '2026-03-02' },
  });
  new pcloud.SharedService(cloud, 'queue', { providers: [h.broker], consumers: [kent, essex, btp], ports: [5671] });
  const ceiling = pcloud.Classification.OFFICIAL_SENSITIVE;
  if (options.exchanges ?? true) {
    new pcloud.SecureExchange(cloud, 'kent-essex-referrals', { isa: { ...ISA, reference: 'ISA-KE-2026-01' }, from: kentApp, to: essexApp, ports: [8443], ceiling });
    new pcloud.SecureExchange(cloud, 'essex-kent-returns', { isa: { ...ISA, reference: 'ISA-EK-2026-02' }, from: essexApp, to: kentApp, ports: [8443], ceiling });
    new pcloud.SecureExchange(cloud, 'btp-kent-custody', { isa: { ...ISA, reference: 'ISA-BK-2026-03' }, from: api, to: kentApp, ports: [443], ceiling });
    new pcloud.SecureExchange(cloud, 'kent-kcc', {
      isa: { ...ISA, reference: 'ISA-KCC-2026-04' },
      from: kentApp,
      to: { partner: 'Kent County Council', prefixes: ['172.28.16.0/24'], via: gcsx },
      ports: [443],
      ceiling,
    });
  }
  if (options.extraExchange) {
    new pcloud.SecureExchange(cloud, 'kent-essex-extra', { isa: { ...ISA, reference: 'ISA-KE-2026-09' }, from: essexApp, to: kentApp, ports: [9443], ceiling });
  }
  return cloud.toModel();
}

export { SUBSCRIPTION };
