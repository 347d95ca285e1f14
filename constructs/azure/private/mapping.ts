import { fail } from '../../../lib/errors';
import type { ImageId } from '../../../lib/images';
import type { WorkloadModel } from '../../../lib/model/types';
import type { Size } from '../../../lib/sizes';

/** Portable sizes as Azure VM sizes: 2/4/8/16 vCPU, 4 GiB per vCPU, premium-storage capable. */
export const VM_SIZES: Readonly<Record<Size, string>> = {
  small: 'Standard_D2s_v5',
  medium: 'Standard_D4s_v5',
  large: 'Standard_D8s_v5',
  xlarge: 'Standard_D16s_v5',
};

/** Portable sizes as PostgreSQL flexible server SKUs (General Purpose, same shapes as the VMs). */
export const POSTGRES_SKUS: Readonly<Record<Size, string>> = {
  small: 'GP_Standard_D2ds_v5',
  medium: 'GP_Standard_D4ds_v5',
  large: 'GP_Standard_D8ds_v5',
  xlarge: 'GP_Standard_D16ds_v5',
};

export interface MarketplaceImage {
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
  readonly version: string;
}

/** Portable images as Canonical's Generation 2 marketplace images (Trusted Launch needs Gen2). */
export const VM_IMAGES: Readonly<Record<ImageId, MarketplaceImage>> = {
  'ubuntu-24.04': { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
  'ubuntu-22.04': { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
};

/** Canonical's Ubuntu images ship a 30 GiB OS disk; Azure refuses a smaller one. */
export const MIN_OS_DISK_GIB = 30;

/** Storage sizes a PostgreSQL flexible server accepts, in MiB. */
export const POSTGRES_STORAGE_MB: readonly number[] = [
  32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608, 16777216, 33553408,
];

/** Locations with availability zones; ukwest has none. */
export const ZONED_LOCATIONS: readonly string[] = ['uksouth'];

/** Log retention for every workspace and flow log (rule PCR-21). */
export const LOG_RETENTION_DAYS = 365;

/** Interactive retention a PerGB2018 Log Analytics workspace accepts (azurerm refuses anything else). */
export const WORKSPACE_RETENTION_MIN_DAYS = 30;
export const WORKSPACE_RETENTION_MAX_DAYS = 730;

/**
 * The workspace retention that keeps logs at least `days`, within what a workspace accepts: fewer
 * than 30 days keeps 30; more than 730 keeps 730 (the immutable site archive holds the rest).
 */
export function workspaceRetentionDays(days: number): number {
  return Math.min(WORKSPACE_RETENTION_MAX_DAYS, Math.max(WORKSPACE_RETENTION_MIN_DAYS, days));
}

/** Daily retention a VM backup policy accepts. */
export const BACKUP_DAILY_RETENTION_MIN = 7;
export const BACKUP_DAILY_RETENTION_MAX = 9999;

/** Snapshot (instant restore) retention of the enhanced VM backup policy, within its 1–30 days. */
export const BACKUP_INSTANT_RESTORE_DAYS = 7;

/** The daily retention of an enclave's VM backups; fails where Azure Backup cannot keep it. */
export function backupRetentionDays(path: string, days: number): number {
  if (days < BACKUP_DAILY_RETENTION_MIN || days > BACKUP_DAILY_RETENTION_MAX) {
    fail({
      code: 'BACKUP_RETENTION_UNSUPPORTED',
      path,
      problem: `Azure Backup keeps daily VM backups for ${BACKUP_DAILY_RETENTION_MIN} to ${BACKUP_DAILY_RETENTION_MAX} days`,
      given: `backup.retentionDays ${days}`,
      expected: `backup.retentionDays from ${BACKUP_DAILY_RETENTION_MIN} to ${BACKUP_DAILY_RETENTION_MAX} on Azure`,
      fix: `set backup.retentionDays within that range, or omit it for the default (35)`,
    });
  }
  return days;
}

/** The locations the allowed-locations guardrail permits (rule PCR-03). */
export const UK_LOCATIONS: readonly string[] = ['uksouth', 'ukwest'];

/**
 * Built-in Azure Policy definitions pcloud assigns. Ids looked up, not guessed:
 *
 * - "UK OFFICIAL and UK NHS" (Regulatory Compliance initiative, version 9.4.0): Azure/azure-policy,
 *   `built-in-policies/policySetDefinitions/Regulatory Compliance/ukofficial_audit.json`
 *   (commit 0e800a5903769aed120f58fbf4a51ea9fab65d84), the file MicrosoftDocs
 *   `articles/governance/policy/samples/ukofficial-uknhs.md` links as the initiative's history.
 *   It has DeployIfNotExists and Modify members (Guest Configuration prerequisites, whose
 *   roleDefinitionIds name Contributor), so its assignment needs an identity and a location.
 * - "Allowed locations" (deny, parameter `listOfAllowedLocations`): Azure/azure-policy,
 *   `built-in-policies/policyDefinitions/General/AllowedLocations_Deny.json`
 *   (commit 0ab9883215e0a65d4df270865fe828ea0149d407).
 */
export const POLICY_DEFINITIONS = {
  ukOfficialAndUkNhs: '/providers/Microsoft.Authorization/policySetDefinitions/3937f550-eedd-4639-9c5e-294358be442e',
  allowedLocations: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
} as const;

/** The role the UK OFFICIAL initiative's remediating members declare (roleDefinitionIds b24988ac-…: Contributor). */
export const POLICY_REMEDIATION_ROLE = 'Contributor';

/**
 * Defender for Cloud plans switched on at Standard (rule PCR-24), with the sub-plan where Azure
 * offers more than one: servers at Plan 2, storage on the current per-account plan.
 */
export const DEFENDER_PLANS: readonly { readonly resourceType: string; readonly subplan?: string }[] = [
  { resourceType: 'VirtualMachines', subplan: 'P2' },
  { resourceType: 'StorageAccounts', subplan: 'DefenderForStorageV2' },
  { resourceType: 'KeyVaults' },
  { resourceType: 'OpenSourceRelationalDatabases' },
  { resourceType: 'Arm' },
];

/** Every category of the subscription activity log (rule PCR-20). */
export const ACTIVITY_LOG_CATEGORIES: readonly string[] = [
  'Administrative',
  'Security',
  'ServiceHealth',
  'Alert',
  'Recommendation',
  'Policy',
  'Autoscale',
  'ResourceHealth',
];

/** Built-in Azure role names pcloud assigns. */
export const ROLES = {
  cryptoOfficer: 'Key Vault Crypto Officer',
  cryptoServiceEncryptionUser: 'Key Vault Crypto Service Encryption User',
  blobDataContributor: 'Storage Blob Data Contributor',
} as const;

/** The smallest allowed PostgreSQL storage size that holds `diskGiB`. */
export function postgresStorageMb(diskGiB: number): number {
  const wanted = diskGiB * 1024;
  return POSTGRES_STORAGE_MB.find((mb) => mb >= wanted) ?? POSTGRES_STORAGE_MB[POSTGRES_STORAGE_MB.length - 1];
}

/** The availability zone ("1" or "2") of a single-zone workload, or undefined where the location has none. */
export function zoneOf(location: string, workload: Pick<WorkloadModel, 'zone'>): string | undefined {
  return ZONED_LOCATIONS.includes(location) ? String(workload.zone + 1) : undefined;
}

/** The OS disk size of a VM; fails when the image would not fit. */
export function osDiskGiB(workload: Pick<WorkloadModel, 'path' | 'diskGiB'>): number {
  const size = workload.diskGiB ?? 64;
  if (size < MIN_OS_DISK_GIB) {
    fail({
      code: 'DISK_TOO_SMALL_FOR_IMAGE',
      path: workload.path,
      problem: `an Azure VM's OS disk cannot be smaller than its image (${MIN_OS_DISK_GIB} GiB)`,
      given: `diskGiB ${size}`,
      expected: `diskGiB of at least ${MIN_OS_DISK_GIB} on Azure`,
      fix: `set diskGiB to ${MIN_OS_DISK_GIB} or more, or omit it for the default (64)`,
    });
  }
  return size;
}
