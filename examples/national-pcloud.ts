// The national example: one definition of a hybrid police estate on AWS, Azure and two vSphere
// data centres. `pcloud synth` renders it; `npx cdk synth` renders its AWS stacks.
//
// Account, subscription and vCenter names are placeholders: replace them with your own.
import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from 'pcloud';

const cloud = new PoliceCloud({
  name: 'national',
  description: 'National shared services on AWS, the Met on Azure, two forces at a supplier, GMP SECRET on its own estate',
});

// --- Sites -------------------------------------------------------------------------------------

const awsLondon = Site.aws(cloud, 'aws-london', {
  account: '111122223333',
  region: 'eu-west-2',
  assurance: { level: 'PASF', reference: 'PDS assessment of AWS Europe (London) as PASF, ref PDS-PASF-AWS-2025-03' },
});

const azureUkSouth = Site.azure(cloud, 'azure-uksouth', {
  subscriptionId: '2f0c8a7e-4b1d-4c3a-9e2f-6d5b1a0c9e81',
  location: 'uksouth',
  vmAdmin: { sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8d7cQ2vX1mWkq0aVbY4uTq8s2yH1nLrZp6oFcEw3Gt platform-breakglass' },
});

const supplierDc = Site.vsphere(cloud, 'supplier-dc', {
  operator: 'supplier',
  country: 'GB',
  assurance: { level: 'PASF', reference: 'PASF inspection certificate PASF-2025-0412' },
  server: 'vcenter.dc1.supplier.example',
  datacenter: 'DC1',
  cluster: 'police-prod',
  datastore: 'vsan-police-prod',
  distributedSwitch: 'dvs-police-prod',
  templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu-2404-cis', vtpm: true }, 'ubuntu-22.04': { name: 'tpl-ubuntu-2204-cis', vtpm: false } },
  databaseTemplate: { name: 'tpl-postgres-16-cis', vtpm: true },
  vlanRange: { min: 1200, max: 1999 },
  dnsServers: ['10.40.255.10', '10.40.255.11'],
  // What the vSphere provider cannot set, recorded so the rules and the evidence pack can read it.
  logForwarding: { target: 'syslog.nmc.police.example:6514', retentionDays: 400, immutable: true },
  ipfixCollector: '10.40.255.20:4739',
  backupTarget: { name: 'Supplier DC2 backup repository (Crewe)', country: 'GB' },
  ssoMfa: true,
  tlsProfile: 'NIST_2024',
  keyProvider: { name: 'supplier-dc1-kms', backupRecorded: true },
});

const gmpEstate = Site.vsphere(cloud, 'gmp-estate', {
  operator: 'force',
  country: 'GB',
  assurance: { level: 'accredited-private', reference: 'GMP data centre accreditation GMP-DC-ACC-2026-02' },
  server: 'vcenter.gmp.example',
  datacenter: 'GMP-DC',
  cluster: 'restricted',
  datastore: 'restricted-encrypted',
  distributedSwitch: 'dvs-restricted',
  templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu-2404-secret', vtpm: true } },
  databaseTemplate: { name: 'tpl-postgres-16-secret', vtpm: true },
  vlanRange: { min: 2000, max: 2199 },
  logForwarding: { target: 'syslog.gmp-soc.police.example:6514', retentionDays: 730, immutable: true },
  ipfixCollector: '10.60.15.20:4739',
  backupTarget: { name: 'GMP restricted backup vault (second hall)', country: 'GB' },
  ssoMfa: true,
  tlsProfile: 'NIST_2024',
  keyProvider: { name: 'gmp-restricted-hsm', backupRecorded: true },
});

// --- National services on AWS London -------------------------------------------------------------

const nationalServices = new AccreditedNetwork(cloud, 'national-services', {
  site: awsLondon,
  addressSpace: '10.0.0.0/16',
  ceiling: Classification.OFFICIAL_SENSITIVE,
  accreditation: { authority: 'NPIRMT', reference: 'NPIRMT-2026-014', issued: '2026-01-12', expires: '2027-01-11' },
  description: 'Shared national services: messaging and ERP for every force',
});

const shared = new TenantEnclave(nationalServices, 'shared-services', { tenant: 'pds' });
const gateway = new Workload(shared, 'messaging-gateway', { kind: 'vm', tier: 'presentation', size: 'medium' });
const broker = new Workload(shared, 'messaging-broker', { kind: 'vm', size: 'large', diskGiB: 256 });
const messageStore = new Workload(shared, 'messaging-store', { kind: 'database', size: 'medium', diskGiB: 500 });
const erp = new Workload(shared, 'erp-app', { kind: 'vm', size: 'large' });
const erpDb = new Workload(shared, 'erp-db', { kind: 'database', size: 'large', diskGiB: 1000 });
const erpDocuments = new Workload(shared, 'erp-documents', { kind: 'objectStore' });
broker.allowFrom(gateway, 5671);
messageStore.allowFrom(broker, 5432);
erpDb.allowFrom(erp, 5432);
erpDocuments.allowFrom(erp, 443);

const btp = new TenantEnclave(nationalServices, 'btp', { tenant: 'btp', addressSpace: '10.0.64.0/22' });
const btpWeb = new Workload(btp, 'web', { kind: 'vm', tier: 'presentation' });
const btpApi = new Workload(btp, 'api', { kind: 'vm', size: 'medium' });
const btpDb = new Workload(btp, 'db', { kind: 'database' });
const btpEvidence = new Workload(btp, 'evidence', { kind: 'objectStore' });
btpApi.allowFrom(btpWeb, 8443);
btpDb.allowFrom(btpApi, 5432);
btpEvidence.allowFrom(btpApi, 443);

// --- The Metropolitan Police on Azure UK South ----------------------------------------------------

const metAzure = new AccreditedNetwork(cloud, 'met-azure', {
  site: azureUkSouth,
  addressSpace: '10.20.0.0/16',
  ceiling: Classification.OFFICIAL_SENSITIVE,
  accreditation: { authority: 'MPS SIRO', reference: 'MPS-ACC-2026-031', issued: '2026-02-01', expires: '2027-01-31' },
});

const met = new TenantEnclave(metAzure, 'met', { tenant: 'met' });
const metWeb = new Workload(met, 'web', { kind: 'vm', tier: 'presentation', size: 'medium' });
const metApi = new Workload(met, 'case-api', { kind: 'vm', size: 'large' });
const metDb = new Workload(met, 'case-db', { kind: 'database', size: 'large', diskGiB: 512 });
const metEvidence = new Workload(met, 'evidence-store', { kind: 'objectStore' });
const metReports = new Workload(met, 'reporting', { kind: 'vm' });
// Public-facing training material only: a workload may sit below its enclave's classification.
new Workload(met, 'training', { kind: 'vm', classification: Classification.OFFICIAL });
metApi.allowFrom(metWeb, 8443);
metDb.allowFrom(metApi, 5432);
metDb.allowFrom(metReports, 5432);
metEvidence.allowFrom(metApi, 443);

// --- Kent and Essex at a supplier's PASF data centre ----------------------------------------------

const supplierNetwork = new AccreditedNetwork(cloud, 'supplier-dc1', {
  site: supplierDc,
  addressSpace: '10.40.0.0/16',
  ceiling: Classification.OFFICIAL_SENSITIVE,
  accreditation: { authority: 'NPIRMT', reference: 'NPIRMT-2025-188', issued: '2025-09-01', expires: '2027-08-31' },
});

for (const force of ['kent', 'essex'] as const) {
  const enclave = new TenantEnclave(supplierNetwork, force, { tenant: force });
  const web = new Workload(enclave, 'web', { kind: 'vm', tier: 'presentation' });
  const app = new Workload(enclave, 'records-app', { kind: 'vm', size: 'medium' });
  const db = new Workload(enclave, 'records-db', { kind: 'database', diskGiB: 250 });
  const jobs = new Workload(enclave, 'batch', { kind: 'vm', image: 'ubuntu-22.04' });
  app.allowFrom(web, 8443);
  db.allowFrom(app, 5432);
  db.allowFrom(jobs, 5432);
}

// --- Greater Manchester Police: SECRET on its own accredited estate --------------------------------

const gmpSecret = new AccreditedNetwork(cloud, 'gmp-restricted', {
  site: gmpEstate,
  addressSpace: '10.60.0.0/20',
  ceiling: Classification.SECRET,
  accreditation: { authority: 'GMP SIRO', reference: 'GMP-ACC-2026-007', issued: '2026-04-01', expires: '2027-03-31' },
});

const gmp = new TenantEnclave(gmpSecret, 'gmp-intelligence', {
  tenant: 'gmp',
  classification: Classification.SECRET,
  administrators: [{ name: 'gmp-restricted-platform', vetting: 'DV' }],
});
const intelWeb = new Workload(gmp, 'intel-web', { kind: 'vm', tier: 'presentation' });
const intelApp = new Workload(gmp, 'intel-app', { kind: 'vm', size: 'large' });
const intelDb = new Workload(gmp, 'intel-db', { kind: 'database', size: 'large', diskGiB: 500 });
intelApp.allowFrom(intelWeb, 8443);
intelDb.allowFrom(intelApp, 5432);

// --- Risks accepted by the accreditor -------------------------------------------------------------

// The supplier's Ubuntu 22.04 template predates vTPM support; the batch VMs move to the 24.04
// template when the supplier's next hardware refresh lands.
cloud.acceptRisk({
  rule: 'PCR-30',
  path: 'supplier-dc1/*/batch',
  reason: 'Batch VMs run from the Ubuntu 22.04 template, which has no vTPM; secure boot is on. Moving to the 24.04 template in the Q1 2027 refresh.',
  reference: 'NPIRMT-RR-2026-117',
  acceptedBy: 'NPIRMT accreditor for the supplier data centre',
  expires: '2027-03-31',
});

export default cloud;
