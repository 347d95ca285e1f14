import { stableSlot } from '../allocate';
import { Cidr } from '../cidr';
import { Classification } from '../classification';
import { PcloudError, fail, show } from '../errors';
import { shortHash } from '../hash';
import { kebab } from '../naming/fit';
import { vsphereNames } from '../naming/vsphere';
import { Tenant, Tenants } from '../tenant';
import { requireDays, requireProps } from './checks';
import { checkPlacement, DEFAULT_LOG_RETENTION_DAYS } from './network';
import { resolveRenamedFrom, stableId, stablePath } from './renamed-from';
import {
  AZURE_ADMINISTRATOR_ROLES,
  TIERS,
  VETTING_LEVELS,
  type AzureAdministratorRole,
  type AdministratorGroupModel,
  type BackupPolicyModel,
  type EnclaveModel,
  type NetworkModel,
  type SiteModel,
  type Tier,
  type VettingLevel,
} from './types';

export interface TenantEnclaveProps {
  /** The force, national body or partner that owns the enclave: `Tenants.force('kent')` or its code. */
  readonly tenant: Tenant | string;
  /**
   * Private address space inside the network.
   * @default - allocated automatically from the network (see `prefixLength`)
   */
  readonly addressSpace?: string;
  /**
   * Size of an automatically allocated address space.
   * @default 22, or the network's prefix + 2 when the network is smaller than a /20
   */
  readonly prefixLength?: number;
  /**
   * Classification of the data the enclave holds.
   * @default - the network's ceiling
   */
  readonly classification?: Classification;
  /**
   * vSphere only: the VLAN id of each tier's port group.
   * @default - allocated from the site's VLAN range, stable per enclave and tier
   */
  readonly vlans?: Readonly<Partial<Record<Tier, number>>>;
  /**
   * Groups that may administer the enclave, each with a vetting level and MFA.
   * @default - one group, `<tenant>-<enclave>-admins`, SC-vetted, MFA required
   */
  readonly administrators?: readonly AdministratorGroup[];
  /**
   * How long the enclave's audit log is kept. Less than 365 days breaks rule PCR-21 and needs a risk acceptance.
   * @default 365
   */
  readonly auditRetentionDays?: number;
  /**
   * Backups of the enclave's disks and databases, in a vault in the UK.
   * @default { enabled: true, retentionDays: 35 }
   */
  readonly backup?: { readonly enabled?: boolean; readonly retentionDays?: number };
  /**
   * The id this enclave had before it was renamed, exactly as it was written. Identity is the
   * construct id, so a new id alone would replace everything in the enclave. With `renamedFrom`,
   * its stack, cloud names and allocations keep the previous id, CloudFormation keeps its
   * logical ids and Terraform gets `moved` blocks to the new addresses, so nothing is replaced;
   * the model, findings and evidence use the new id.
   *
   * Keep it for as long as the enclave exists: names and logical ids depend on it, and removing it
   * is a rename back that replaces everything (the `moved` blocks are no-ops once applied).
   * Rename an enclave once: a second rename keeps `renamedFrom` at the first id, and a Terraform
   * environment that deployed the first rename has no `moved` block from the id in between.
   * @default - not renamed
   */
  readonly renamedFrom?: string;
}

export interface AdministratorGroup {
  /** Directory group name. */
  readonly name: string;
  /** Vetting level every member holds: NPPV2 (full) or higher; NPPV3, SC or DV for SECRET. */
  readonly vetting: VettingLevel;
  /**
   * Members sign in with multi-factor authentication.
   * @default true
   */
  readonly mfa?: boolean;
  /**
   * Object id of the group in Microsoft Entra ID. Azure role assignments need it: without it an
   * Azure enclave grants the group nothing (the evidence pack says so).
   * @default - none
   */
  readonly entraObjectId?: string;
  /**
   * The Azure role the group holds on the enclave's resource group. Owner, User Access
   * Administrator and the other roles that can grant access are refused (rule PCR-19).
   * @default 'enclave-operator': pcloud's custom role (operate VMs, databases and stores; no access or policy changes)
   */
  readonly azureRole?: AzureAdministratorRole;
  /**
   * The vCenter SSO group, `DOMAIN\\group`.
   * @default - the group's name in the site's SSO domain
   */
  readonly ssoGroup?: string;
}

/** Built-in roles that can grant access, assign policy or do everything: never for a tenant's administrators. */
const AZURE_ROLES_TOO_WIDE = ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator', 'Contributor'];

/** Backups are kept 35 days unless a definition says otherwise. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 35;

/** What an enclave's props say before its address space is allocated. */
export interface EnclaveIntent {
  readonly path: string;
  readonly id: string;
  readonly renamedFrom?: string;
  /** The path made of stable ids (see `stablePath`): the key of its address space allocation. */
  readonly stablePath: string;
  readonly network: NetworkModel;
  readonly tenant: Tenant;
  readonly classification: Classification;
  /** Given address space; undefined when it is to be allocated. */
  readonly cidr?: Cidr;
  readonly prefixLength: number;
  readonly vlans: Readonly<Partial<Record<Tier, number>>>;
  readonly administrators: readonly AdministratorGroupModel[];
  readonly auditRetentionDays: number;
  readonly backup: BackupPolicyModel;
}

/** The smallest enclave: four tiers of /27, each split into two /28 zone subnets (AWS's smallest). */
export const MAX_ENCLAVE_PREFIX = 25;

export function resolveEnclaveIntent(
  path: string,
  id: string,
  givenProps: TenantEnclaveProps,
  network: NetworkModel,
  site: SiteModel,
): EnclaveIntent {
  const props = requireProps(givenProps, path, 'TenantEnclave');
  const tenant = resolveTenant(props.tenant, path);
  const ceiling = Classification.parse(network.ceiling);
  const classification =
    props.classification === undefined ? ceiling : Classification.from(props.classification, path, 'classification');
  checkPlacement(classification, site, path, 'classification');
  if (classification.isAbove(ceiling)) {
    fail({
      code: 'CLASSIFICATION_ABOVE_CEILING',
      path,
      problem: `enclave classification ${classification} is above its network's ceiling ${ceiling}`,
      given: classification.marking,
      expected: `${ceiling} or lower (the ceiling of network "${network.path}")`,
      fix: `lower the enclave's classification, or place it on a network accredited for ${classification}`,
    });
  }
  const netCidr = Cidr.parse(network.cidr, { path: network.path, field: 'addressSpace' });
  const services = Cidr.parse(network.servicesCidr, { path: network.path, field: 'servicesCidr' });
  const prefixLength = props.prefixLength ?? Math.max(22, netCidr.prefix + 2);
  const prefixOk = (p: unknown): p is number =>
    typeof p === 'number' && Number.isInteger(p) && p > netCidr.prefix && p <= MAX_ENCLAVE_PREFIX;
  let cidr: Cidr | undefined;
  if (props.addressSpace !== undefined) {
    cidr = Cidr.parsePrivate(props.addressSpace, { path, field: 'addressSpace' });
    if (!netCidr.contains(cidr)) {
      fail({
        code: 'ENCLAVE_OUTSIDE_NETWORK',
        path,
        problem: `enclave address space ${cidr} is outside network ${netCidr}`,
        given: show(props.addressSpace),
        expected: `a block inside ${netCidr} (${netCidr.describeRange()})`,
        fix: 'choose an address space inside the network, or omit addressSpace to allocate one automatically',
      });
    }
    if (!prefixOk(cidr.prefix)) {
      fail({
        code: 'ENCLAVE_SIZE_INVALID',
        path,
        problem: `enclave address space /${cidr.prefix} is ${cidr.prefix <= netCidr.prefix ? 'as large as the network' : 'too small for four tiers in two zones'}`,
        given: show(props.addressSpace),
        expected: `a prefix from /${netCidr.prefix + 1} to /${MAX_ENCLAVE_PREFIX}`,
        fix: 'a /22 gives each tier a /24; the smallest enclave is a /25',
      });
    }
    if (cidr.overlaps(services)) {
      fail({
        code: 'ENCLAVE_OVERLAPS_SERVICES',
        path,
        problem: `enclave address space ${cidr} overlaps the network's services block ${services}`,
        given: show(props.addressSpace),
        expected: `a block inside ${netCidr} that avoids ${services} (kept for endpoints, gateways and bastions)`,
        fix: 'choose another block, or omit addressSpace to allocate one automatically',
      });
    }
  } else if (!prefixOk(prefixLength)) {
    fail({
      code: 'ENCLAVE_SIZE_INVALID',
      path,
      problem: 'prefixLength cannot be allocated from the network',
      given: show(props.prefixLength),
      expected: `a whole number from ${netCidr.prefix + 1} to ${MAX_ENCLAVE_PREFIX} (network ${netCidr})`,
      fix: 'use 22 for a /22 per enclave, or a larger number for smaller enclaves',
    });
  }
  const renamedFrom = resolveRenamedFrom(props.renamedFrom, id, path);
  const self = { id, ...(renamedFrom !== undefined ? { renamedFrom } : {}) };
  return {
    path,
    ...self,
    stablePath: stablePath(network, self),
    network,
    tenant,
    classification,
    ...(cidr ? { cidr } : {}),
    prefixLength: cidr ? cidr.prefix : prefixLength,
    vlans: resolveVlans(props.vlans, path, site),
    // The default group is named once: a renamed enclave keeps the group it had.
    administrators: checkPrincipals(resolveAdministrators(props.administrators, path, `${tenant.code}-${stableId(self)}-admins`), path, site),
    auditRetentionDays: requireDays(props.auditRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, path, 'auditRetentionDays'),
    backup: resolveBackup(props.backup, path),
  };
}

function resolveAdministrators(groups: unknown, path: string, defaultName: string): AdministratorGroupModel[] {
  if (groups === undefined) return [{ name: defaultName, vetting: 'SC', mfa: true, azureRole: 'enclave-operator' }];
  const list = Array.isArray(groups) ? groups : undefined;
  const bad = (given: unknown): never =>
    fail({
      code: 'ADMINISTRATORS_INVALID',
      path,
      problem: 'administrator groups are not a list of named groups with a vetting level',
      given: show(given),
      expected: `[{ name: "kent-platform-admins", vetting: one of ${VETTING_LEVELS.map((v) => `"${v}"`).join(', ')}, mfa?: boolean }]`,
      fix: 'name each group that may administer the enclave and the vetting level all its members hold',
    });
  if (!list || list.length === 0) return bad(groups);
  return list.map((g: Partial<AdministratorGroup>) => {
    if (typeof g !== 'object' || g === null || typeof g.name !== 'string' || !g.name.trim() || !VETTING_LEVELS.includes(g.vetting as VettingLevel)) return bad(g);
    if (g.mfa !== undefined && typeof g.mfa !== 'boolean') return bad(g);
    const name = g.name.trim();
    return {
      name,
      vetting: g.vetting as VettingLevel,
      mfa: g.mfa ?? true,
      ...(g.entraObjectId !== undefined ? { entraObjectId: resolveObjectId(g.entraObjectId, path, name) } : {}),
      azureRole: resolveAzureRole(g.azureRole, path, name),
      ...(g.ssoGroup !== undefined ? { ssoGroup: resolveSsoGroup(g.ssoGroup, path, name) } : {}),
    };
  });
}

/**
 * Group names are unique once reduced to what the renderers name them by (an IAM role, a role
 * assignment: kebab case), and on vSphere so are their SSO principals: vCenter holds one
 * permission per principal on an object.
 */
function checkPrincipals(groups: AdministratorGroupModel[], path: string, site: SiteModel): AdministratorGroupModel[] {
  const principal = (g: AdministratorGroupModel) => (site.vsphere ? vsphereNames.ssoPrincipal(site.vsphere.ssoDomain, g) : g.name).toLowerCase();
  groups.forEach((group, i) => {
    const clash = groups.slice(0, i).find((g) => administratorSlug(g.name) === administratorSlug(group.name) || principal(g) === principal(group));
    if (clash) {
      const same = administratorSlug(clash.name) === administratorSlug(group.name);
      fail({
        code: same ? 'ADMINISTRATORS_DUPLICATE' : 'SSO_GROUP_DUPLICATE',
        path,
        problem: same
          ? `administrator groups "${clash.name}" and "${group.name}" are one group (${administratorSlug(group.name)}): each would get the same role`
          : `administrator groups ${clash.name} and ${group.name} are the same vCenter SSO group ${vsphereNames.ssoPrincipal(site.vsphere!.ssoDomain, group)}`,
        given: JSON.stringify(groups.map((g) => g.name)),
        expected: same ? 'group names that differ in more than case and punctuation' : 'one administrator group per SSO group (vCenter holds one permission per principal on an object)',
        fix: same ? 'list each directory group once, under its own name' : `merge ${clash.name} and ${group.name}, or give each its own ssoGroup`,
      });
    }
  });
  return groups;
}

/** What a group's role, role assignment and permissions are named by: its name in kebab case (a hash when nothing is left). */
export function administratorSlug(name: string): string {
  return kebab(name) || `group-${shortHash(name, 8)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function resolveObjectId(id: unknown, path: string, group: string): string {
  if (typeof id !== 'string' || !GUID.test(id.trim())) {
    fail({
      code: 'ENTRA_OBJECT_ID_INVALID',
      path,
      problem: `entraObjectId of administrator group ${group} is not an Entra ID object id`,
      given: show(id),
      expected: 'a GUID such as "3f2b8c1e-5a4d-4e7b-9c6a-1d2e3f4a5b6c" (the group\'s Object ID in Entra ID)',
      fix: 'copy the Object ID from the group\'s overview in Entra ID',
    });
  }
  return id.trim().toLowerCase();
}

function resolveAzureRole(role: unknown, path: string, group: string): AzureAdministratorRole {
  if (role === undefined) return 'enclave-operator';
  if (typeof role === 'string' && AZURE_ROLES_TOO_WIDE.includes(role)) {
    fail({
      code: 'AZURE_ROLE_TOO_WIDE',
      path,
      problem: `administrator group ${group} asks for the ${role} role, which ${role === 'Contributor' ? 'can change every resource and its network rules' : 'can grant access to others and change policy'} (rule PCR-19)`,
      given: show(role),
      expected: `one of ${AZURE_ADMINISTRATOR_ROLES.map((r) => `"${r}"`).join(', ')}`,
      fix: 'omit azureRole for pcloud\'s enclave-operator role, or choose a narrower built-in; access is granted by the platform team through the definition',
    });
  }
  if (!(AZURE_ADMINISTRATOR_ROLES as readonly unknown[]).includes(role)) {
    fail({
      code: 'AZURE_ROLE_UNKNOWN',
      path,
      problem: `administrator group ${group} asks for a role pcloud does not grant`,
      given: show(role),
      expected: `one of ${AZURE_ADMINISTRATOR_ROLES.map((r) => `"${r}"`).join(', ')}`,
      fix: 'omit azureRole for pcloud\'s enclave-operator role',
    });
  }
  return role as AzureAdministratorRole;
}

function resolveSsoGroup(sso: unknown, path: string, group: string): string {
  if (typeof sso !== 'string' || !/^[A-Za-z0-9.-]+\\[^\\\s]+$/.test(sso.trim())) {
    fail({
      code: 'SSO_GROUP_INVALID',
      path,
      problem: `ssoGroup of administrator group ${group} is not DOMAIN\\group`,
      given: show(sso),
      expected: 'the vCenter SSO principal, e.g. "POLICE.LOCAL\\\\kent-admins" in TypeScript',
      fix: 'write the identity source\'s domain, a backslash and the group name',
    });
  }
  return sso.trim();
}

function resolveBackup(backup: TenantEnclaveProps['backup'], path: string): BackupPolicyModel {
  if (backup !== undefined && (typeof backup !== 'object' || backup === null)) {
    fail({
      code: 'BACKUP_INVALID',
      path,
      problem: 'backup is not a backup policy',
      given: show(backup),
      expected: '{ enabled?: boolean, retentionDays?: number }',
      fix: 'omit backup for the default: daily backups kept 35 days',
    });
  }
  return {
    enabled: backup?.enabled ?? true,
    retentionDays: requireDays(backup?.retentionDays ?? DEFAULT_BACKUP_RETENTION_DAYS, path, 'backup.retentionDays', 1, 36500),
  };
}

function resolveTenant(tenant: unknown, path: string): Tenant {
  if (typeof tenant === 'string') return Tenants.force(tenant, path);
  const t = tenant as Partial<Tenant> | undefined;
  if (t && typeof t === 'object' && typeof t.code === 'string' && typeof t.name === 'string') {
    return t.kind === 'partner' ? Tenants.partner(t.code, t.name, path) : Tenants.force(t.code, path);
  }
  return fail({
    code: 'TENANT_MISSING',
    path,
    problem: 'enclave has no tenant',
    given: show(tenant),
    expected: 'a force from the catalogue (Tenants.force("kent")) or a partner (Tenants.partner("kcc", "Kent County Council"))',
    fix: 'set tenant to the force or partner that owns the enclave',
  });
}

function resolveVlans(vlans: unknown, path: string, site: SiteModel): Partial<Record<Tier, number>> {
  if (vlans === undefined) return {};
  const range = site.vsphere?.vlanRange;
  const entries = typeof vlans === 'object' && vlans !== null ? Object.entries(vlans) : undefined;
  for (const [tier, vlan] of entries ?? [['', vlans]]) {
    if (!range || !TIERS.includes(tier as Tier) || typeof vlan !== 'number' || !Number.isInteger(vlan) || vlan < range.min || vlan > range.max) {
      fail({
        code: 'VLAN_INVALID',
        path,
        problem: range ? `VLAN for tier "${tier}" is not usable` : `VLANs are given but site "${site.id}" is not vSphere`,
        given: show(vlans),
        expected: range
          ? `{ ${TIERS.map((t) => `${t}?: number`).join(', ')} } with ids from ${range.min} to ${range.max} (the site's vlanRange)`
          : 'no vlans on an AWS or Azure enclave',
        fix: range ? 'use VLAN ids inside the site\'s vlanRange, or omit vlans to allocate them' : 'remove vlans',
      });
    }
  }
  return Object.fromEntries(entries ?? []);
}

/**
 * Allocates address space to the enclaves of one network. Given blocks are reserved first (and
 * must not overlap); the rest take the block their path hashes to, or the next free one, in the
 * order given. Throws when two given blocks overlap or the network is full.
 */
export function allocateEnclaves(network: NetworkModel, intents: readonly EnclaveIntent[]): Map<string, Cidr> {
  const netCidr = Cidr.parse(network.cidr, { path: network.path, field: 'addressSpace' });
  const taken: { path: string; cidr: Cidr }[] = [{ path: `${network.path} (services block)`, cidr: Cidr.parse(network.servicesCidr, { path: network.path, field: 'servicesCidr' }) }];
  const result = new Map<string, Cidr>();
  for (const intent of intents) {
    if (!intent.cidr) continue;
    const clash = taken.find((t) => t.cidr.overlaps(intent.cidr!));
    if (clash) throw enclavesOverlap(intent.path, intent.cidr, clash.path, clash.cidr);
    taken.push({ path: intent.path, cidr: intent.cidr });
    result.set(intent.path, intent.cidr);
  }
  for (const intent of intents) {
    if (intent.cidr) continue;
    const count = netCidr.count(intent.prefixLength);
    // Keyed by the stable path, so that a renamed enclave keeps its block.
    const slot = stableSlot(intent.stablePath, count, (s) => {
      const block = netCidr.subnet(intent.prefixLength, s);
      return !taken.some((t) => t.cidr.overlaps(block));
    });
    if (slot === undefined) {
      fail({
        code: 'ADDRESS_SPACE_EXHAUSTED',
        path: intent.path,
        problem: `network ${netCidr} has no free /${intent.prefixLength} left for this enclave`,
        given: `${intents.length} enclaves on network "${network.path}"`,
        expected: `room for a /${intent.prefixLength} outside ${taken.map((t) => t.cidr.toString()).join(', ')}`,
        fix: 'give the network a larger address space, give enclaves a larger prefixLength (smaller blocks), or move an enclave to another network',
      });
    }
    const cidr = netCidr.subnet(intent.prefixLength, slot);
    taken.push({ path: intent.path, cidr });
    result.set(intent.path, cidr);
  }
  return result;
}

export function enclavesOverlap(path: string, cidr: Cidr, otherPath: string, other: Cidr): PcloudError {
  return new PcloudError({
    code: 'ENCLAVES_OVERLAP',
    path,
    problem: `enclave address space ${cidr} overlaps ${otherPath} (${other})`,
    given: cidr.toString(),
    expected: `a block that does not overlap ${other}`,
    fix: 'give each enclave its own block, or omit addressSpace to allocate one automatically',
  });
}

/** The enclave's model once its address space is known: a subnet per tier, each split over two zones. */
export function layoutEnclave(intent: EnclaveIntent, cidr: Cidr, vlans: Readonly<Partial<Record<Tier, number>>> = intent.vlans): EnclaveModel {
  return {
    path: intent.path,
    id: intent.id,
    ...(intent.renamedFrom !== undefined ? { renamedFrom: intent.renamedFrom } : {}),
    network: intent.network.path,
    tenant: intent.tenant,
    cidr: cidr.toString(),
    allocated: !intent.cidr,
    classification: intent.classification.marking,
    administrators: intent.administrators,
    auditRetentionDays: intent.auditRetentionDays,
    backup: intent.backup,
    tiers: TIERS.map((tier, i) => {
      const block = cidr.subnet(cidr.prefix + 2, i);
      return {
        tier,
        cidr: block.toString(),
        zones: [block.subnet(block.prefix + 1, 0).toString(), block.subnet(block.prefix + 1, 1).toString()] as const,
        gateway: block.address(1),
        ...(vlans[tier] !== undefined ? { vlan: vlans[tier] } : {}),
      };
    }),
  };
}
