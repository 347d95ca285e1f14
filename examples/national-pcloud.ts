// The national example: one definition of a hybrid police estate on AWS, Azure and two vSphere
// data centres. `pcloud synth` renders it; `npx cdk synth` renders its AWS stacks.
//
// Account, subscription and vCenter names are placeholders: replace them with your own.
import {
  AccreditedNetwork,
  Classification,
  Interconnect,
  PoliceCloud,
  SecureExchange,
  SharedService,
  Site,
  TenantEnclave,
  Workload,
} from 'pcloud';

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
  ssoDomain: 'supplier.police.example',
  // The firewall pair that terminates the site's IPsec interconnects.
  edge: { publicAddress: '198.51.100.10', device: 'supplier DC1 edge firewall pair' },
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

const shared = new TenantEnclave(nationalServices, 'shared-services', {
  tenant: 'pds',
  administrators: [{ name: 'pds-national-platform', vetting: 'SC' }],
});
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

const btp = new TenantEnclave(nationalServices, 'btp', {
  tenant: 'btp',
  addressSpace: '10.0.64.0/22',
  administrators: [{ name: 'btp-platform-admins', vetting: 'SC' }],
});
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

const met = new TenantEnclave(metAzure, 'met', {
  tenant: 'met',
  administrators: [
    // Entra ID groups: role assignments need their object ids.
    { name: 'mps-cloud-operators', vetting: 'SC', entraObjectId: '5b0e8c44-1f3a-4d2e-9a7b-6c1d2e3f4a50' },
    { name: 'mps-cloud-auditors', vetting: 'NPPV2', entraObjectId: '9d4c2a10-7e6b-4f5a-8c3d-2b1a0f9e8d71', azureRole: 'Reader' },
  ],
});
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

const forceApps = new Map<string, Workload>();
const forceEnclaves = new Map<string, TenantEnclave>();
for (const force of ['kent', 'essex'] as const) {
  const enclave = new TenantEnclave(supplierNetwork, force, {
    tenant: force,
    administrators: [{ name: `${force}-platform-admins`, vetting: 'NPPV3', ssoGroup: `SUPPLIER.POLICE.EXAMPLE\\${force}-platform-admins` }],
  });
  forceEnclaves.set(force, enclave);
  const web = new Workload(enclave, 'web', { kind: 'vm', tier: 'presentation' });
  const app = new Workload(enclave, 'records-app', { kind: 'vm', size: 'medium' });
  const db = new Workload(enclave, 'records-db', { kind: 'database', diskGiB: 250 });
  const jobs = new Workload(enclave, 'batch', { kind: 'vm', image: 'ubuntu-22.04' });
  app.allowFrom(web, 8443);
  db.allowFrom(app, 5432);
  db.allowFrom(jobs, 5432);
  forceApps.set(force, app);
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

// --- Interconnects: IPsec between sites and to community networks ----------------------------------

const ithc = { reference: 'ITHC-2026-PDS-031', date: '2026-06-15' };
// The supplier data centre's edge is recorded on its site; AWS learns it from there.
new Interconnect(cloud, 'aws-supplier-dc1', {
  sites: [awsLondon, supplierDc],
  ithc,
  description: 'National services to the supplier data centre',
});
// Between two clouds each gateway needs the other's address: deploy both gateways, then record them.
new Interconnect(cloud, 'aws-azure', {
  sites: [awsLondon, azureUkSouth],
  publicAddresses: { 'aws-london': '203.0.113.20', 'azure-uksouth': '203.0.113.40' },
  ithc,
  description: 'National services to the Met on Azure',
});
new Interconnect(cloud, 'psn-policing', {
  site: awsLondon,
  community: { name: 'PSN for Policing', kind: 'psn-policing', gatewayAddress: '198.51.100.200', prefixes: ['172.20.0.0/14'] },
  coco: { reference: 'PSNP-CoCo-2026-0142', expires: '2027-05-31' },
  ithc,
});
const gcsx = new Interconnect(cloud, 'kent-gcsx', {
  site: supplierDc,
  community: { name: 'Kent Public Services Network (GCSx)', kind: 'gcsx', gatewayAddress: '198.51.100.210', prefixes: ['172.28.0.0/16'] },
  coco: { reference: 'KPSN-CoCo-2026-017', expires: '2027-02-28' },
  ithc: { reference: 'ITHC-2026-SUP-009', date: '2026-03-02' },
});

// --- Shared services: messaging and ERP for every force at OFFICIAL-SENSITIVE ----------------------
// GMP's SECRET enclave is not a consumer: its data must not flow into an OFFICIAL-SENSITIVE service.

const forces = [btp, met, forceEnclaves.get('kent')!, forceEnclaves.get('essex')!];
new SharedService(cloud, 'messaging', {
  providers: [gateway],
  consumers: forces,
  ports: [5671],
  description: 'National messaging (AMQP over TLS)',
});
new SharedService(cloud, 'erp', { providers: [erp], consumers: forces, ports: [443], description: 'National ERP' });

// --- Secure exchanges under Information Sharing Agreements ---------------------------------------

// Two forces on different sites: Essex (supplier data centre) sends custody records to BTP (AWS).
new SecureExchange(cloud, 'essex-btp-custody', {
  isa: {
    reference: 'ISA-ESX-BTP-2026-03',
    parties: ['Essex Police', 'British Transport Police'],
    purpose: 'Custody records of people arrested on the rail network in Essex',
    legalGateway: 'Police and Criminal Evidence Act 1984; DPA 2018 Part 3',
    reviewDate: '2027-09-30',
  },
  from: forceApps.get('essex')!,
  to: btpApi,
  ports: [8443],
  ceiling: Classification.OFFICIAL_SENSITIVE,
});

// A local-authority partner, reached over its community network.
new SecureExchange(cloud, 'kent-kcc-safeguarding', {
  isa: {
    reference: 'ISA-KENT-KCC-2026-04',
    parties: ['Kent Police', 'Kent County Council'],
    purpose: 'Safeguarding referrals to the Multi-Agency Safeguarding Hub',
    legalGateway: 'Children Act 2004 s.11; Crime and Disorder Act 1998 s.115',
    reviewDate: '2027-04-30',
  },
  from: forceApps.get('kent')!,
  to: { partner: 'Kent County Council', prefixes: ['172.28.16.0/24'], via: gcsx },
  ports: [443],
  ceiling: Classification.OFFICIAL_SENSITIVE,
});

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
