import { stableId, stablePath } from './model/renamed-from';
import type { EnclaveModel, NetworkModel } from './model/types';

/** Tag keys every pcloud resource carries (rule PCR-01 reads them on the outputs). */
export const TAG_KEYS = {
  classification: 'classification',
  force: 'force',
  enclave: 'enclave',
  network: 'network',
  accreditation: 'accreditation-reference',
  managedBy: 'managed-by',
  estate: 'estate',
} as const;

/** Tags every AWS administrator role carries besides the enclave's own (rules PCR-18 and PCR-32 read them). */
export const ADMINISTRATOR_TAG_KEYS = {
  group: 'pcloud:administrator-group',
  vetting: 'pcloud:vetting',
  mfa: 'pcloud:mfa',
} as const;

export type StandardTags = Readonly<Record<(typeof TAG_KEYS)[keyof typeof TAG_KEYS], string>>;

/** The value of `force` and `enclave` on network-wide resources, which belong to no single tenant. */
export const NO_TENANT = 'none';

// The `network` and `enclave` tags name what a resource belongs to by stable id (`stableId`): a
// renamed network or enclave keeps its previous id there, like its names. AWS Backup selects an
// enclave's resources by the `enclave` tag, and a vSphere tag is an inventory object named by its
// value, so a new value would replace the backup selection or the tag.

/** Tags of a network-wide resource (VPC, VNet, flow logs, endpoints). */
export function networkTags(estate: string, network: Pick<NetworkModel, 'id' | 'renamedFrom' | 'ceiling' | 'accreditation'>): StandardTags {
  return {
    [TAG_KEYS.classification]: network.ceiling,
    [TAG_KEYS.force]: NO_TENANT,
    [TAG_KEYS.enclave]: NO_TENANT,
    [TAG_KEYS.network]: stableId(network),
    [TAG_KEYS.accreditation]: network.accreditation.reference,
    [TAG_KEYS.managedBy]: 'pcloud',
    [TAG_KEYS.estate]: estate,
  } as StandardTags;
}

/** Tags of an enclave's resources; a workload passes its own classification. */
export function enclaveTags(
  estate: string,
  network: Pick<NetworkModel, 'id' | 'renamedFrom' | 'ceiling' | 'accreditation'>,
  enclave: Pick<EnclaveModel, 'id' | 'renamedFrom' | 'tenant' | 'classification'>,
  classification: string = enclave.classification,
): StandardTags {
  return {
    [TAG_KEYS.classification]: classification,
    [TAG_KEYS.force]: enclave.tenant.code,
    [TAG_KEYS.enclave]: stablePath(network, enclave),
    [TAG_KEYS.network]: stableId(network),
    [TAG_KEYS.accreditation]: network.accreditation.reference,
    [TAG_KEYS.managedBy]: 'pcloud',
    [TAG_KEYS.estate]: estate,
  } as StandardTags;
}

/**
 * Tags of a site's own resources (audit trail, log archive, threat detection), which belong to no
 * network, enclave or tenant. They hold the logs of every enclave of the site, so they carry the
 * highest classification those may have.
 */
export function siteTags(estate: string, classification: string): StandardTags {
  return {
    [TAG_KEYS.classification]: classification,
    [TAG_KEYS.force]: NO_TENANT,
    [TAG_KEYS.enclave]: NO_TENANT,
    [TAG_KEYS.network]: NO_TENANT,
    [TAG_KEYS.accreditation]: NO_TENANT,
    [TAG_KEYS.managedBy]: 'pcloud',
    [TAG_KEYS.estate]: estate,
  } as StandardTags;
}
