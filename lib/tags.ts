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

export type StandardTags = Readonly<Record<(typeof TAG_KEYS)[keyof typeof TAG_KEYS], string>>;

/** The value of `force` and `enclave` on network-wide resources, which belong to no single tenant. */
export const NO_TENANT = 'none';

/** Tags of a network-wide resource (VPC, VNet, flow logs, endpoints). */
export function networkTags(estate: string, network: Pick<NetworkModel, 'id' | 'ceiling' | 'accreditation'>): StandardTags {
  return {
    [TAG_KEYS.classification]: network.ceiling,
    [TAG_KEYS.force]: NO_TENANT,
    [TAG_KEYS.enclave]: NO_TENANT,
    [TAG_KEYS.network]: network.id,
    [TAG_KEYS.accreditation]: network.accreditation.reference,
    [TAG_KEYS.managedBy]: 'pcloud',
    [TAG_KEYS.estate]: estate,
  } as StandardTags;
}

/** Tags of an enclave's resources; a workload passes its own classification. */
export function enclaveTags(
  estate: string,
  network: Pick<NetworkModel, 'id' | 'ceiling' | 'accreditation'>,
  enclave: Pick<EnclaveModel, 'path' | 'tenant' | 'classification'>,
  classification: string = enclave.classification,
): StandardTags {
  return {
    [TAG_KEYS.classification]: classification,
    [TAG_KEYS.force]: enclave.tenant.code,
    [TAG_KEYS.enclave]: enclave.path,
    [TAG_KEYS.network]: network.id,
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
