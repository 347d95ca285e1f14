// The benchmark's estate as a pcloud definition: `pcloud synth bench/estate.ts` renders it exactly as
// a user's definition is rendered. Its size comes from the environment (see bench/estate-spec.ts):
//
//   PCLOUD_BENCH_FORCES=48 PCLOUD_BENCH_WORKLOADS=10 npx pcloud synth bench/estate.ts --out /tmp/out
//
// PCLOUD_BENCH_PLATFORMS=aws gives the AWS-only estate.
import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from 'pcloud';
import { benchEstateFromEnv, type BenchPlatform } from './estate-spec';

const spec = benchEstateFromEnv();
const cloud = new PoliceCloud({ name: spec.name, description: `Benchmark estate: ${spec.forces} forces × ${spec.workloads} workloads` });

const sites: Record<BenchPlatform, () => Site> = {
  aws: () =>
    Site.aws(cloud, 'aws-london', {
      account: '111122223333',
      region: 'eu-west-2',
      assurance: { level: 'PASF', reference: 'PDS assessment of AWS Europe (London) as PASF' },
    }),
  azure: () =>
    Site.azure(cloud, 'azure-uksouth', {
      subscriptionId: '2f0c8a7e-4b1d-4c3a-9e2f-6d5b1a0c9e81',
      location: 'uksouth',
      vmAdmin: { sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8d7cQ2vX1mWkq0aVbY4uTq8s2yH1nLrZp6oFcEw3Gt platform-breakglass' },
    }),
  vsphere: () =>
    Site.vsphere(cloud, 'supplier-dc', {
      operator: 'supplier',
      country: 'GB',
      assurance: { level: 'PASF', reference: 'PASF inspection certificate PASF-2025-0412' },
      server: 'vcenter.dc1.supplier.example',
      datacenter: 'DC1',
      cluster: 'police-prod',
      datastore: 'vsan-police-prod',
      distributedSwitch: 'dvs-police-prod',
      templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu-2404-cis', vtpm: true } },
      databaseTemplate: { name: 'tpl-postgres-16-cis', vtpm: true },
      vlanRange: { min: 1200, max: 1999 },
      dnsServers: ['10.40.255.10', '10.40.255.11'],
      logForwarding: { target: 'syslog.nmc.police.example:6514', retentionDays: 400, immutable: true },
      ipfixCollector: '10.40.255.20:4739',
      backupTarget: { name: 'Supplier DC2 backup repository', country: 'GB' },
      ssoMfa: true,
      tlsProfile: 'NIST_2024',
      keyProvider: { name: 'supplier-dc1-kms', backupRecorded: true },
      ssoDomain: 'supplier.police.example',
    }),
};

for (const [n, network] of spec.networks.entries()) {
  const net = new AccreditedNetwork(cloud, network.id, {
    site: sites[network.platform](),
    addressSpace: network.addressSpace,
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: { authority: 'NPIRMT', reference: `NPIRMT-2026-${100 + n}`, issued: '2026-01-12', expires: '2099-01-11' },
  });
  for (const [e, enclave] of network.enclaves.entries()) {
    const entraObjectId = `00000000-0000-4000-8000-${(n * 1000 + e).toString(16).padStart(12, '0')}`;
    const tenantEnclave = new TenantEnclave(net, enclave.id, {
      tenant: enclave.tenant,
      administrators: [{ name: `${enclave.tenant}-platform-admins`, vetting: 'SC', ...(network.platform === 'azure' ? { entraObjectId } : {}) }],
    });
    const workloads = new Map<string, Workload>();
    for (const w of enclave.workloads) {
      workloads.set(w.id, new Workload(tenantEnclave, w.id, { kind: w.kind, tier: w.tier, ...(w.kind !== 'objectStore' ? { size: w.size } : {}), ...(w.diskGiB ? { diskGiB: w.diskGiB } : {}) }));
    }
    for (const f of enclave.flows) workloads.get(f.to)!.allowFrom(workloads.get(f.from)!, f.port);
  }
}

export default cloud;
