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
