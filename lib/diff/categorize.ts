import type { FirewallManifest } from '../firewall-manifest';
import { describeEndpoint } from '../model/exchange';
import type {
  AdministratorGroupModel,
  EnclaveModel,
  ExchangeModel,
  InterconnectModel,
  IpsecModel,
  NetworkModel,
  PortRangeModel,
  SharedServiceModel,
  SiteModel,
  VettingLevel,
  WorkloadModel,
} from '../model/types';
import { describePort } from '../ports';
import { catalogueEntry } from '../policy/catalogue';
import type { SecurityTables } from './cloudformation';
import type { ModelChange } from './model';
import type { ResourceChange } from './types';

export type Category = 'data-loss' | 'broadening' | 'weakening' | 'reaccreditation';
export const CATEGORIES: readonly Category[] = ['data-loss', 'broadening', 'weakening', 'reaccreditation'];

/** One finding of the diff: what changed, which category, and the rule and NCSC principles it touches. */
export interface DiffItem {
  readonly category: Category;
  readonly rule: string;
  readonly principles: readonly number[];
  /** Construct path, site id, or stack for rendered resources. */
  readonly subject: string;
  readonly summary: string;
  readonly stack?: string;
  readonly resource?: string;
}

const item = (category: Category, rule: string, subject: string, summary: string, where: { stack?: string; resource?: string } = {}): DiffItem => ({
  category,
  rule,
  principles: catalogueEntry(rule).ncsc,
  subject,
  summary,
  ...where,
});

/** Rendered resource types whose loss loses data, and the rule that protects them. */
const STATEFUL: Readonly<Record<string, string>> = {
  'AWS::EC2::Instance': 'PCR-28',
  'AWS::EC2::Volume': 'PCR-28',
  'AWS::RDS::DBInstance': 'PCR-28',
  'AWS::S3::Bucket': 'PCR-28',
  'AWS::Backup::BackupVault': 'PCR-28',
  'AWS::KMS::Key': 'PCR-07',
  'AWS::Logs::LogGroup': 'PCR-21',
  'AWS::CloudTrail::Trail': 'PCR-20',
  azurerm_linux_virtual_machine: 'PCR-28',
  azurerm_managed_disk: 'PCR-28',
  azurerm_postgresql_flexible_server: 'PCR-28',
  azurerm_storage_account: 'PCR-28',
  azurerm_recovery_services_vault: 'PCR-28',
  azurerm_key_vault: 'PCR-07',
  azurerm_key_vault_key: 'PCR-07',
  azurerm_log_analytics_workspace: 'PCR-21',
  vsphere_virtual_machine: 'PCR-28',
  vsphere_virtual_disk: 'PCR-28',
};

/** Resources whose appearance opens the estate to the internet. */
const EXPOSURE = new Set(['AWS::EC2::InternetGateway', 'AWS::EC2::EIP', 'AWS::EC2::NatGateway', 'azurerm_public_ip', 'azurerm_public_ip_prefix']);

/** Run-time guardrails: removing one weakens the estate. */
const GUARDRAILS: Readonly<Record<string, string>> = {
  'AWS::Config::ConfigRule': 'PCR-13',
  'AWS::GuardDuty::Detector': 'PCR-24',
  'AWS::SecurityHub::Hub': 'PCR-24',
  azurerm_resource_group_policy_assignment: 'PCR-03',
  azurerm_security_center_subscription_pricing: 'PCR-24',
};

/**
 * Resource changes of the rendered outputs, by category. New paths are counted only in stacks that
 * existed before: a new stack's filters mirror declared flows, which the model diff reports.
 * Stacks are keyed `platform:name` (a network moved to another platform keeps its stack name).
 */
export function categorizeResources(
  changes: readonly ResourceChange[],
  security: ReadonlyMap<string, SecurityTables>,
  existedBefore: (stack: string) => boolean,
  stillExists: (stack: string) => boolean,
): DiffItem[] {
  const items: DiffItem[] = [];
  for (const c of changes) {
    const where = { stack: c.stack, resource: c.id };
    const rule = STATEFUL[c.type];
    if (rule && (c.action === 'remove' || c.action === 'replace' || c.action === 'may-replace')) {
      const what =
        c.action === 'remove'
          ? c.retained
            ? 'is removed from the estate (retained, no longer managed: orphaned)'
            : 'is deleted'
          : c.action === 'replace'
            ? `is replaced (deleted and created again) because ${c.replacing.join(', ')} changed`
            : `may be replaced: ${(c.replacing.length ? c.replacing : c.changed).join(', ')} changed and the provider may recreate it`;
      items.push(item('data-loss', rule, c.stack, `${c.type} ${c.id} ${what}`, where));
    }
    if (EXPOSURE.has(c.type) && c.action === 'add') items.push(item('broadening', 'PCR-14', c.stack, `${c.type} ${c.id} gives the estate a public address or internet route`, where));
    if (c.type === 'azurerm_network_security_rule' && existedBefore(`${c.platform}:${c.stack}`) && (c.action === 'add' || c.action === 'update') && (c.after as { access?: string } | undefined)?.access === 'Allow') {
      items.push(item('broadening', 'PCR-13', c.stack, `NSG rule ${c.id} ${c.action === 'add' ? 'allows a new path' : 'changes an allowed path'} (${describeNsg(c.after)})`, where));
    }
    const guard = GUARDRAILS[c.type];
    // A guardrail removed with its whole stack (a site no longer used) protected nothing any more.
    if (guard && c.action === 'remove' && stillExists(`${c.platform}:${c.stack}`)) {
      const named = /pcr-(\d\d)/i.exec(String((c.before as { ConfigRuleName?: unknown } | undefined)?.ConfigRuleName ?? ''));
      items.push(item('weakening', named ? `PCR-${named[1]}` : guard, c.stack, `run-time guardrail ${c.type} ${c.id} is removed`, where));
    }
  }
  for (const [key, tables] of security) {
    if (!existedBefore(key)) continue;
    const stack = key.slice(key.indexOf(':') + 1);
    // Columns: +/-, group, direction (In/Out), protocol, peer. New ingress widens who reaches what.
    for (const row of tables.securityGroups.slice(1).filter((r) => r[0] === '+' && r[2] === 'In')) {
      items.push(item('broadening', 'PCR-13', stack, `security group rule added: ${row.slice(1).filter(Boolean).join(' ')}`, { stack }));
    }
    if (tables.permissionsBroadened) {
      // Columns: +/-, resource, effect, action, principal, condition. A service role's trust policy
      // (sts:AssumeRole for an AWS service) grants no one new access.
      const trust = (r: readonly string[]) => r[3] === 'sts:AssumeRole' && r[4].startsWith('Service:');
      for (const row of tables.iam.slice(1).filter((r) => r[0] === '+' && !trust(r))) {
        items.push(item('broadening', 'PCR-19', stack, `IAM statement added: ${row.slice(1).filter(Boolean).join(' ')}`, { stack }));
      }
    }
  }
  return items;
}

/** Allow rules added to the vSphere firewall manifests (a rule's id comes from its flow). */
export function categorizeManifests(base: readonly FirewallManifest[], head: readonly FirewallManifest[]): DiffItem[] {
  const before = new Set(base.flatMap((m) => m.rules.map((r) => r.id)));
  return head.flatMap((m) =>
    m.rules
      .filter((r) => r.action === 'allow' && !before.has(r.id))
      .map((r) =>
        item('broadening', 'PCR-13', m.site, `firewall manifest of ${m.site} allows ${r.protocol}/${r.ports} from ${manifestEnd(r.source)} to ${manifestEnd(r.destination)}`, {
          resource: r.id,
        }),
      ),
  );
}

/** A manifest rule's end: a workload of the site, a prefix elsewhere, or `any`. */
function manifestEnd(end: unknown): string {
  const e = end as { workload?: string; prefix?: string } | string;
  return typeof e === 'string' ? e : (e.workload ?? e.prefix ?? JSON.stringify(e));
}

const VETTING_RANK: Record<VettingLevel, number> = { none: 0, NPPV1: 1, 'NPPV2-abbreviated': 2, NPPV2: 3, NPPV3: 4, SC: 4, DV: 5 };

/** Model changes, by category. */
export function categorizeModel(changes: readonly ModelChange[]): DiffItem[] {
  const items: DiffItem[] = [];
  for (const c of changes) {
    const before = c.before as Record<string, unknown> | undefined;
    const after = c.after as Record<string, unknown> | undefined;
    const field = (name: string) => c.fields.find((f) => f.field === name);
    switch (c.entity) {
      case 'network': {
        if (c.change === 'added') items.push(item('reaccreditation', 'PCR-01', c.path, `new accredited network ${c.path} (${(after as unknown as NetworkModel).ceiling}, accreditation ${(after as unknown as NetworkModel).accreditation.reference})`));
        if (c.change === 'removed') items.push(item('data-loss', 'PCR-28', c.path, `network ${c.path} is removed, with everything on it`));
        if (field('site')) {
          items.push(item('data-loss', 'PCR-28', c.path, `network ${c.path} moves from site ${field('site')!.before} to ${field('site')!.after}: everything on it is created anew`));
          items.push(item('reaccreditation', 'PCR-04', c.path, `network ${c.path} moves to site ${field('site')!.after}`));
        }
        if (field('ceiling')) items.push(item('reaccreditation', 'PCR-01', c.path, `ceiling of ${c.path} changes from ${field('ceiling')!.before} to ${field('ceiling')!.after}`));
        if (field('accreditation')) items.push(item('reaccreditation', 'PCR-01', c.path, `accreditation record of ${c.path} changes`));
        if (field('cidr')) {
          items.push(item('data-loss', 'PCR-28', c.path, `address space of ${c.path} changes from ${field('cidr')!.before} to ${field('cidr')!.after}: its subnets and what sits in them are replaced`));
          items.push(item('reaccreditation', 'PCR-11', c.path, `address plan of ${c.path} changes`));
        }
        lower(items, c, 'flowLogRetentionDays', 'PCR-21', 'flow logs');
        break;
      }
      case 'enclave': {
        if (c.change === 'added') items.push(item('reaccreditation', 'PCR-11', c.path, `new enclave ${c.path} for ${(after as unknown as EnclaveModel).tenant.name} on network ${(after as unknown as EnclaveModel).network}`));
        if (c.change === 'removed') items.push(item('data-loss', 'PCR-28', c.path, `enclave ${c.path} is removed, with its keys, logs and workloads`));
        if (field('classification')) items.push(item('reaccreditation', 'PCR-01', c.path, `classification of ${c.path} changes from ${field('classification')!.before} to ${field('classification')!.after}`));
        if (field('tenant')) items.push(item('reaccreditation', 'PCR-11', c.path, `tenant of ${c.path} changes`));
        if (field('cidr')) items.push(item('data-loss', 'PCR-28', c.path, `address space of ${c.path} changes from ${field('cidr')!.before} to ${field('cidr')!.after}: its subnets and workloads are replaced`));
        lower(items, c, 'auditRetentionDays', 'PCR-21', 'the audit log');
        const backup = field('backup');
        if (backup) {
          const b = backup.before as { enabled: boolean; retentionDays: number };
          const a = backup.after as { enabled: boolean; retentionDays: number };
          if (b.enabled && !a.enabled) items.push(item('weakening', 'PCR-28', c.path, `backups of ${c.path} are turned off`));
          else if (a.retentionDays < b.retentionDays) items.push(item('weakening', 'PCR-28', c.path, `backups of ${c.path} are kept ${a.retentionDays} days instead of ${b.retentionDays}`));
        }
        const admins = field('administrators');
        if (admins) administrators(items, c.path, admins.before as AdministratorGroupModel[], admins.after as AdministratorGroupModel[]);
        break;
      }
      case 'workload': {
        if (c.change === 'removed') items.push(item('data-loss', 'PCR-28', c.path, `${(before as unknown as WorkloadModel).kind} ${c.path} is removed`));
        if (field('classification')) items.push(item('reaccreditation', 'PCR-01', c.path, `classification of ${c.path} changes from ${field('classification')!.before} to ${field('classification')!.after}`));
        if (field('diskEncryption') && field('diskEncryption')!.before === true && field('diskEncryption')!.after === false) {
          items.push(item('weakening', 'PCR-05', c.path, `encryption at rest of ${c.path} is turned off`));
        }
        if (field('kind')) items.push(item('data-loss', 'PCR-28', c.path, `${c.path} changes kind from ${field('kind')!.before} to ${field('kind')!.after}`));
        break;
      }
      case 'flow':
        if (c.change === 'added') items.push(item('broadening', 'PCR-13', c.path, `new declared flow ${c.path}`));
        break;
      case 'acceptance': {
        const a = (after ?? before) as { rule: string; path: string; reference: string; expires: string };
        if (c.change === 'added') items.push(item('weakening', a.rule, a.path, `risk acceptance ${a.reference} lets ${a.rule} findings on ${a.path} stand until ${a.expires}`));
        if (c.change === 'changed' && field('expires') && String(field('expires')!.after) > String(field('expires')!.before)) {
          items.push(item('weakening', a.rule, a.path, `risk acceptance ${a.reference} is extended from ${field('expires')!.before} to ${field('expires')!.after}`));
        }
        break;
      }
      case 'shared-service': {
        const a = after as unknown as SharedServiceModel | undefined;
        if (c.change === 'added') items.push(item('broadening', 'PCR-12', c.path, `new shared service ${c.path} of ${a!.enclave} on ${ports(a!.ports)}, offered to ${a!.consumers.join(', ')}`));
        if (c.change === 'changed') {
          const b = before as unknown as SharedServiceModel;
          const consumers = a!.consumers.filter((x) => !b.consumers.includes(x));
          if (consumers.length) items.push(item('broadening', 'PCR-12', c.path, `shared service ${c.path} is offered to ${consumers.join(', ')} too`));
          const wider = newPorts(b.ports, a!.ports);
          if (wider.length) items.push(item('broadening', 'PCR-12', c.path, `shared service ${c.path} opens ${ports(wider)} too`));
          const providers = a!.providers.filter((x) => !b.providers.includes(x));
          if (providers.length) items.push(item('broadening', 'PCR-12', c.path, `${providers.join(', ')} now serve${providers.length === 1 ? 's' : ''} ${c.path} to its consumers`));
        }
        break;
      }
      case 'exchange': {
        const a = after as unknown as ExchangeModel | undefined;
        if (c.change === 'added') {
          const x = a!;
          items.push(item('broadening', 'PCR-12', c.path, `new exchange ${c.path}: ${describeEndpoint(x.from)} -> ${describeEndpoint(x.to)} on ${ports(x.ports)}${x.via.length ? ` through ${x.via.join(', ')}` : ''}`));
          items.push(item('reaccreditation', 'PCR-26', c.path, `exchange ${c.path} under ISA ${x.isa.reference} (${x.isa.parties.join(', ')}), up to ${x.ceiling}, needs the accreditor's review`));
        }
        if (c.change === 'changed') {
          const b = before as unknown as ExchangeModel;
          const wider = newPorts(b.ports, a!.ports);
          if (wider.length) items.push(item('broadening', 'PCR-12', c.path, `exchange ${c.path} opens ${ports(wider)} too`));
          if (field('from') || field('to')) items.push(item('broadening', 'PCR-12', c.path, `exchange ${c.path} now runs ${describeEndpoint(a!.from)} -> ${describeEndpoint(a!.to)}`));
          if (field('ceiling')) items.push(item('reaccreditation', 'PCR-27', c.path, `ceiling of exchange ${c.path} changes from ${b.ceiling} to ${a!.ceiling}`));
          if (field('isa')) items.push(item('reaccreditation', 'PCR-26', c.path, `the ISA record of exchange ${c.path} changes (${b.isa.reference}, review ${b.isa.reviewDate} -> ${a!.isa.reference}, review ${a!.isa.reviewDate})`));
          if (field('via')) items.push(item('reaccreditation', 'PCR-27', c.path, `exchange ${c.path} now crosses ${a!.via.join(', ') || 'no interconnect'}`));
          if (b.mutualTls && !a!.mutualTls) items.push(item('weakening', 'PCR-27', c.path, `exchange ${c.path} no longer authenticates both ends (mutual TLS off)`));
        }
        break;
      }
      case 'interconnect': {
        const a = after as unknown as InterconnectModel | undefined;
        const far = (i: InterconnectModel) => (i.community ? i.community.name : i.ends.map((e) => e.site).join(' <-> '));
        if (c.change === 'added') {
          items.push(item('broadening', 'PCR-31', c.path, `new interconnect ${c.path}: ${a!.ends[0].site}${a!.community ? ` -> ${far(a!)} (${a!.community.prefixes.join(', ')})` : ` <-> ${a!.ends[1].site}`}`));
          items.push(item('reaccreditation', 'PCR-10', c.path, `interconnect ${c.path} (${far(a!)}) needs the accreditor's review${a!.coco ? ` under CoCo ${a!.coco.reference}` : ''}`));
        }
        if (c.change === 'changed') {
          const b = before as unknown as InterconnectModel;
          if (field('ipsec') && weaker(b.ipsec, a!.ipsec)) items.push(item('weakening', 'PCR-10', c.path, `the IPsec profile of ${c.path} is weakened (${profile(b.ipsec)} -> ${profile(a!.ipsec)})`));
          if (field('coco') || field('ithc')) items.push(item('reaccreditation', 'PCR-31', c.path, `the Code of Connection or IT Health Check record of ${c.path} changes`));
          if (field('ends')) items.push(item('reaccreditation', 'PCR-10', c.path, `the ends of interconnect ${c.path} change`));
          const added = (a!.community?.prefixes ?? []).filter((p) => !(b.community?.prefixes ?? []).includes(p));
          if (added.length) items.push(item('broadening', 'PCR-31', c.path, `interconnect ${c.path} reaches ${added.join(', ')} too`));
        }
        break;
      }
      case 'site': {
        if (field('assurance')) items.push(item('reaccreditation', 'PCR-04', c.path, `physical assurance of site ${c.path} changes`));
        const v = field('vsphere');
        if (v) vsphereFacts(items, c.path, v.before as SiteModel['vsphere'], v.after as SiteModel['vsphere']);
        break;
      }
      case 'estate': {
        const m = field('monitoring');
        if (m) {
          const b = m.before as { nativeThreatDetection: boolean; siemExport?: unknown };
          const a = m.after as { nativeThreatDetection: boolean; siemExport?: unknown };
          if (b.nativeThreatDetection && !a.nativeThreatDetection) items.push(item('weakening', 'PCR-24', c.path, 'native threat detection (GuardDuty, Security Hub, Defender for Cloud) is turned off'));
          if (b.siemExport && !a.siemExport) items.push(item('weakening', 'PCR-24', c.path, 'the SIEM export is removed'));
        }
        break;
      }
    }
  }
  return items;
}

function lower(items: DiffItem[], c: ModelChange, name: string, rule: string, what: string): void {
  const f = c.fields.find((x) => x.field === name);
  if (f && Number(f.after) < Number(f.before)) items.push(item('weakening', rule, c.path, `${what} of ${c.path} ${what === 'flow logs' ? 'are' : 'is'} kept ${f.after} days instead of ${f.before}`));
}

function administrators(items: DiffItem[], path: string, before: readonly AdministratorGroupModel[], after: readonly AdministratorGroupModel[]): void {
  for (const g of after) {
    const old = before.find((b) => b.name === g.name);
    if (!old) items.push(item('broadening', 'PCR-19', path, `administrator group ${g.name} (${g.vetting}) may now administer ${path}`));
    else {
      if (old.mfa && !g.mfa) items.push(item('weakening', 'PCR-18', path, `administrator group ${g.name} no longer needs MFA`));
      if (VETTING_RANK[g.vetting] < VETTING_RANK[old.vetting]) items.push(item('weakening', 'PCR-32', path, `administrator group ${g.name} is vetted ${g.vetting} instead of ${old.vetting}`));
      // A model from before directory principals has no role: the default is what it had.
      const oldRole = old.azureRole ?? 'enclave-operator';
      if (g.azureRole !== oldRole && AZURE_ROLE_RANK[g.azureRole] > AZURE_ROLE_RANK[oldRole]) items.push(item('broadening', 'PCR-19', path, `administrator group ${g.name} holds ${g.azureRole} on Azure instead of ${oldRole}`));
      if (g.entraObjectId !== old.entraObjectId && g.entraObjectId) items.push(item('broadening', 'PCR-19', path, `Entra ID group ${g.entraObjectId} is granted ${g.name}'s role on ${path}`));
      if (g.ssoGroup !== old.ssoGroup && g.ssoGroup) items.push(item('broadening', 'PCR-19', path, `vCenter SSO group ${g.ssoGroup} is given ${g.name}'s permissions on ${path}`));
    }
  }
}

/** How much an Azure administrator role allows: readers below operators below VM contributors. */
const AZURE_ROLE_RANK: Record<AdministratorGroupModel['azureRole'], number> = {
  Reader: 0,
  'Monitoring Reader': 0,
  'Log Analytics Reader': 0,
  'Backup Operator': 1,
  'Virtual Machine Administrator Login': 1,
  'enclave-operator': 2,
  'Virtual Machine Contributor': 3,
};

const CIPHER_RANK: Record<IpsecModel['cipher'], number> = { '3des': 0, 'aes128-cbc': 1, 'aes256-cbc': 2, 'aes128-gcm': 3, 'aes256-gcm': 4 };
const INTEGRITY_RANK: Record<IpsecModel['integrity'], number> = { sha1: 0, sha256: 1, sha384: 2 };
const DH_RANK: Record<IpsecModel['dhGroup'], number> = { 2: 0, 5: 1, 14: 2, 19: 3, 24: 3, 20: 4 };

function weaker(b: IpsecModel, a: IpsecModel): boolean {
  return a.ikeVersion < b.ikeVersion || CIPHER_RANK[a.cipher] < CIPHER_RANK[b.cipher] || INTEGRITY_RANK[a.integrity] < INTEGRITY_RANK[b.integrity] || DH_RANK[a.dhGroup] < DH_RANK[b.dhGroup];
}

function profile(p: IpsecModel): string {
  return `IKEv${p.ikeVersion} ${p.cipher} ${p.integrity} DH${p.dhGroup}`;
}

function ports(list: readonly PortRangeModel[]): string {
  return list.map((p) => describePort({ protocol: p.protocol, from: p.fromPort, to: p.toPort })).join(', ');
}

/** Ports of `after` not covered by any port of `before`. */
function newPorts(before: readonly PortRangeModel[], after: readonly PortRangeModel[]): PortRangeModel[] {
  return after.filter((p) => !before.some((b) => b.protocol === p.protocol && b.fromPort <= p.fromPort && p.toPort <= b.toPort));
}

const FACT_RULES: readonly [keyof NonNullable<SiteModel['vsphere']>, string, string][] = [
  ['logForwarding', 'PCR-20', 'vCenter log forwarding'],
  ['ipfixCollector', 'PCR-23', 'the IPFIX collector'],
  ['backupTarget', 'PCR-28', 'the backup target'],
  ['tlsProfile', 'PCR-08', 'the TLS profile'],
  ['keyProvider', 'PCR-06', 'the key provider'],
];

function vsphereFacts(items: DiffItem[], site: string, before: SiteModel['vsphere'], after: SiteModel['vsphere']): void {
  if (!before || !after) return;
  for (const [key, rule, what] of FACT_RULES) if (before[key] && !after[key]) items.push(item('weakening', rule, site, `site ${site} no longer records ${what}`));
  if (before.ssoMfa && !after.ssoMfa) items.push(item('weakening', 'PCR-18', site, `site ${site} no longer records vCenter SSO with MFA`));
}

function describeNsg(after: unknown): string {
  const r = (after ?? {}) as Record<string, unknown>;
  return `${r.direction ?? ''} ${r.protocol ?? ''} ${r.destination_port_range ?? ''}`.trim();
}
