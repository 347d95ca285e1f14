import { Classification } from '../../lib/classification';
import type { TenantEnclaveProps } from '../../lib/model/enclave';
import type { AccreditedNetworkProps } from '../../lib/model/network';
import type { AzureSiteProps, VsphereSiteProps } from '../../lib/model/site';
import type { EnclaveModel, NetworkModel, SiteModel, Tier, WorkloadModel } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';

// The estate path renders target constructs from the frozen model. These give the target
// constructs props with every allocated value explicit, so they resolve to the same model.

export function networkProps(n: NetworkModel): AccreditedNetworkProps {
  return {
    addressSpace: n.cidr,
    ceiling: Classification.parse(n.ceiling),
    accreditation: n.accreditation,
    ...(n.description !== undefined ? { description: n.description } : {}),
    flowLogRetentionDays: n.flowLogRetentionDays,
    ...(n.renamedFrom !== undefined ? { renamedFrom: n.renamedFrom } : {}),
  };
}

export function enclaveProps(e: EnclaveModel): TenantEnclaveProps {
  const vlans: Partial<Record<Tier, number>> = {};
  for (const t of e.tiers) if (t.vlan !== undefined) vlans[t.tier] = t.vlan;
  return {
    tenant: e.tenant,
    addressSpace: e.cidr,
    classification: Classification.parse(e.classification),
    ...(Object.keys(vlans).length ? { vlans } : {}),
    administrators: e.administrators,
    auditRetentionDays: e.auditRetentionDays,
    backup: e.backup,
    ...(e.renamedFrom !== undefined ? { renamedFrom: e.renamedFrom } : {}),
  };
}

export function workloadProps(w: WorkloadModel): WorkloadProps {
  return {
    kind: w.kind,
    tier: w.tier,
    size: w.size,
    classification: Classification.parse(w.classification),
    ...(w.image !== undefined ? { image: w.image } : {}),
    ...(w.diskGiB !== undefined ? { diskGiB: w.diskGiB } : {}),
    ...(w.address !== undefined ? { address: w.address } : {}),
    ...(w.diskEncryption !== undefined ? { diskEncryption: w.diskEncryption } : {}),
    ...(w.renamedFrom !== undefined ? { renamedFrom: w.renamedFrom } : {}),
  };
}

export function azureSiteProps(s: SiteModel): AzureSiteProps {
  return {
    subscriptionId: s.azure!.subscriptionId,
    location: s.azure!.location,
    ...(s.assurance ? { assurance: s.assurance } : {}),
    ...(s.azure!.vmAdmin ? { vmAdmin: s.azure!.vmAdmin } : {}),
  };
}

export function vsphereSiteProps(s: SiteModel): VsphereSiteProps {
  const v = s.vsphere!;
  return {
    operator: s.operator as 'supplier' | 'force',
    country: s.country,
    assurance: s.assurance!,
    server: v.server,
    datacenter: v.datacenter,
    cluster: v.cluster,
    datastore: v.datastore,
    distributedSwitch: v.distributedSwitch,
    templates: v.templates,
    ...(v.databaseTemplate ? { databaseTemplate: v.databaseTemplate } : {}),
    encryptionStoragePolicy: v.encryptionStoragePolicy,
    vlanRange: v.vlanRange,
    dnsDomain: v.dnsDomain,
    dnsServers: v.dnsServers,
    ...(v.logForwarding ? { logForwarding: v.logForwarding } : {}),
    ...(v.ipfixCollector ? { ipfixCollector: v.ipfixCollector } : {}),
    ...(v.backupTarget ? { backupTarget: v.backupTarget } : {}),
    ssoMfa: v.ssoMfa,
    ...(v.tlsProfile ? { tlsProfile: v.tlsProfile } : {}),
    ...(v.keyProvider ? { keyProvider: v.keyProvider } : {}),
    ssoDomain: v.ssoDomain,
    ...(v.edge ? { edge: v.edge } : {}),
  };
}
