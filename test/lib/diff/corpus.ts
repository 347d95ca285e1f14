import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from '../../../index';
import type { Category } from '../../../lib/diff/categorize';
import { ACCREDITATION, AWS_SITE, AZURE_SITE, VSPHERE_SUPPLIER } from '../../fixtures/sites';

/** What a corpus case changes in the base estate. */
export interface Variation {
  /** Called while the estate is built; returns nothing. */
  readonly edit?: (e: Estate) => void;
  /** Options read while building. */
  readonly options?: Partial<EstateOptions>;
}

export interface EstateOptions {
  readonly awsSite: 'aws' | 'azure';
  readonly btpClassification: Classification;
  readonly appPorts: number | { protocol: 'tcp'; from: number; to: number };
  readonly withDb: boolean;
  readonly withEssex: boolean;
  readonly appSize: 'small' | 'medium';
  readonly kentDiskEncryption: boolean;
  readonly auditRetentionDays: number;
  readonly nativeThreatDetection: boolean;
  readonly accreditationExpires: string;
  readonly extraAdmins: boolean;
  readonly supplierIpfix: boolean;
  readonly acceptanceExpires: string;
  readonly kentAddress: string;
  readonly renameApp: boolean;
}

const DEFAULTS: EstateOptions = {
  awsSite: 'aws',
  btpClassification: Classification.OFFICIAL,
  appPorts: 8443,
  withDb: true,
  withEssex: true,
  appSize: 'small',
  kentDiskEncryption: true,
  auditRetentionDays: 365,
  nativeThreatDetection: true,
  accreditationExpires: '2099-01-01',
  extraAdmins: false,
  supplierIpfix: true,
  acceptanceExpires: '2098-01-01',
  kentAddress: '10.40.4.0/22',
  renameApp: false,
};

export interface Estate {
  readonly cloud: PoliceCloud;
  readonly btp: TenantEnclave;
  readonly kent: TenantEnclave;
  readonly met: TenantEnclave;
}

/**
 * The corpus's base estate: a network on each platform (AWS, Azure, a supplier's vSphere), an
 * enclave on each with a web/app/db chain, an Essex enclave beside Kent's, and one standing risk
 * acceptance. Each option varies one thing.
 */
export function buildEstate(given: Partial<EstateOptions> = {}, edit?: (e: Estate) => void): PoliceCloud {
  const o = { ...DEFAULTS, ...given };
  const cloud = new PoliceCloud({
    name: 'corpus',
    monitoring: o.nativeThreatDetection ? {} : { nativeThreatDetection: false, siemExport: { kind: 'splunk-hec', endpoint: 'https://siem.example/hec' } },
  });
  const aws = Site.aws(cloud, 'aws', AWS_SITE);
  const azure = Site.azure(cloud, 'azure', AZURE_SITE);
  const dc = Site.vsphere(cloud, 'dc', o.supplierIpfix ? VSPHERE_SUPPLIER : { ...VSPHERE_SUPPLIER, ipfixCollector: undefined });
  const accreditation = { ...ACCREDITATION, expires: o.accreditationExpires };
  const national = new AccreditedNetwork(cloud, 'national', { site: o.awsSite === 'aws' ? aws : azure, addressSpace: '10.0.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation });
  const metNet = new AccreditedNetwork(cloud, 'met-net', { site: azure, addressSpace: '10.20.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const supplier = new AccreditedNetwork(cloud, 'supplier', { site: dc, addressSpace: '10.40.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });

  const btp = new TenantEnclave(national, 'btp', { tenant: 'btp', addressSpace: '10.0.4.0/22', classification: o.btpClassification, auditRetentionDays: o.auditRetentionDays });
  const btpWeb = new Workload(btp, 'web', { kind: 'vm', tier: 'presentation' });
  const btpApp = new Workload(btp, 'app', { kind: 'vm', size: o.appSize });
  btpApp.allowFrom(btpWeb, o.appPorts);
  if (o.withDb) new Workload(btp, 'db', { kind: 'database' }).allowFrom(btpApp, 5432);

  const met = new TenantEnclave(metNet, 'met', {
    tenant: 'met',
    addressSpace: '10.20.4.0/22',
    ...(o.extraAdmins ? { administrators: [{ name: 'met-met-admins', vetting: 'SC' as const }, { name: 'met-contractors', vetting: 'NPPV3' as const }] } : {}),
  });
  const metApp = new Workload(met, o.renameApp ? 'case-app' : 'app', { kind: 'vm', ...(o.renameApp ? { renamedFrom: 'app' } : {}) });
  new Workload(met, 'store', { kind: 'objectStore' }).allowFrom(metApp, 443);

  const kent = new TenantEnclave(supplier, 'kent', { tenant: 'kent', addressSpace: o.kentAddress });
  const kentApp = new Workload(kent, 'app', { kind: 'vm', diskEncryption: o.kentDiskEncryption });
  new Workload(kent, 'db', { kind: 'database' }).allowFrom(kentApp, 5432);
  if (o.withEssex) new Workload(new TenantEnclave(supplier, 'essex', { tenant: 'essex', addressSpace: '10.40.8.0/22' }), 'app', { kind: 'vm' });

  cloud.acceptRisk({ rule: 'PCR-30', path: 'supplier/kent/db', reason: 'Test template without vTPM', reference: 'RR-CORPUS-1', acceptedBy: 'Test SIRO', expires: o.acceptanceExpires });
  if (!o.kentDiskEncryption) {
    for (const rule of ['PCR-05', 'PCR-06']) cloud.acceptRisk({ rule, path: 'supplier/kent/app', reason: 'Scratch VM', reference: 'RR-CORPUS-2', acceptedBy: 'Test SIRO', expires: '2098-01-01' });
  }
  if (o.auditRetentionDays < 365) cloud.acceptRisk({ rule: 'PCR-21', path: 'national/btp', reason: 'Short-lived enclave', reference: 'RR-CORPUS-3', acceptedBy: 'Test SIRO', expires: '2098-01-01' });
  if (!o.supplierIpfix) cloud.acceptRisk({ rule: 'PCR-23', path: 'supplier', reason: 'Collector being replaced', reference: 'RR-CORPUS-4', acceptedBy: 'Test SIRO', expires: '2098-01-01' });
  edit?.({ cloud, btp, kent, met });
  return cloud;
}

export interface CorpusCase {
  readonly name: string;
  readonly head: () => PoliceCloud;
  /** Exactly the categories the verdict must hold. */
  readonly expected: readonly Category[];
  /** A check of the details beyond the verdict. */
  readonly also?: string;
}
