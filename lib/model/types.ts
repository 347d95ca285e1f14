import type { ClassificationMarking } from '../classification';
import type { ImageId } from '../images';
import type { Protocol } from '../ports';
import type { Size } from '../sizes';
import type { Tenant } from '../tenant';

/**
 * The EstateModel: the frozen, framework-free description of an estate that every later stage
 * reads (rules, partitioning, renderers, diff, evidence). It is plain data, written to
 * `model.json` as it is. Identity is the construct path: `network`, `network/enclave`,
 * `network/enclave/workload`; sites are addressed by their own id. A renamed network, enclave or
 * workload records its previous id in `renamedFrom`. Shared services, exchanges and interconnects
 * are children of the estate: their path is their id.
 *
 * Version 2 added `sharedServices`, `exchanges`, `interconnects`, the administrator groups'
 * directory principals and the vSphere site's edge and SSO domain.
 */
export const MODEL_SCHEMA_VERSION = 2;

export type Platform = 'aws' | 'azure' | 'vsphere';
export const PLATFORMS: readonly Platform[] = ['aws', 'azure', 'vsphere'];

/** Who runs the site: a public cloud provider, a supplier's data centre or the force itself. */
export type Operator = 'public-cloud' | 'supplier' | 'force';

/** Physical assurance of a site: a Police Assured Secure Facility or an accredited private site. */
export type AssuranceLevel = 'PASF' | 'accredited-private';

/** Network tiers; each enclave has a subnet (and on vSphere a port group) per tier. */
export type Tier = 'presentation' | 'application' | 'data' | 'management';
export const TIERS: readonly Tier[] = ['presentation', 'application', 'data', 'management'];

export type WorkloadKind = 'vm' | 'database' | 'objectStore';
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['vm', 'database', 'objectStore'];

export interface SiteAssurance {
  readonly level: AssuranceLevel;
  /** The assessment relied on, e.g. "Microsoft Azure UK PASF assessment 2025". */
  readonly reference: string;
}

export interface AwsSiteModel {
  readonly account: string;
  readonly region: string;
  /** The two availability zones enclave subnets are spread over. */
  readonly zones: readonly [string, string];
}

export interface AzureSiteModel {
  readonly subscriptionId: string;
  readonly location: string;
  /** Break-glass administrator of Linux VMs (Azure refuses a VM without one); absent when the site hosts no VMs. */
  readonly vmAdmin?: { readonly username: string; readonly sshPublicKey: string };
}

export interface VsphereTemplateModel {
  /** VM template name in the datacenter. */
  readonly name: string;
  /** The template has a vTPM-capable configuration (EFI, hardware version 14+, key provider). */
  readonly vtpm: boolean;
}

/** Vetting levels: NPPV for non-police staff (NPPV1 premises only ... NPPV3 SECRET), SC and DV. */
export type VettingLevel = 'none' | 'NPPV1' | 'NPPV2-abbreviated' | 'NPPV2' | 'NPPV3' | 'SC' | 'DV';
export const VETTING_LEVELS: readonly VettingLevel[] = ['none', 'NPPV1', 'NPPV2-abbreviated', 'NPPV2', 'NPPV3', 'SC', 'DV'];

/** Where a vSphere site sends vCenter and ESXi logs (the audit trail, PCR-20 to PCR-22, PCR-24). */
export interface LogForwardingModel {
  /** Remote syslog collector, outside every enclave, e.g. `syslog.nmc.police.uk:6514`. */
  readonly target: string;
  /** TLS-protected syslog. */
  readonly tls: boolean;
  /** How long the collector keeps the logs. */
  readonly retentionDays: number;
  /** The collector keeps logs immutable (write once). */
  readonly immutable: boolean;
}

/** Where a vSphere site's backups go (PCR-28). */
export interface BackupTargetModel {
  readonly name: string;
  readonly country: string;
  readonly encrypted: boolean;
}

export interface VsphereSiteModel {
  /** vCenter server host name. */
  readonly server: string;
  readonly datacenter: string;
  readonly cluster: string;
  readonly datastore: string;
  readonly distributedSwitch: string;
  /** Template per portable image. */
  readonly templates: Readonly<Partial<Record<ImageId, VsphereTemplateModel>>>;
  /** Template for database workloads; without one the site cannot host databases. */
  readonly databaseTemplate?: VsphereTemplateModel;
  /** VM storage policy that encrypts VM homes and disks. */
  readonly encryptionStoragePolicy: string;
  /** VLAN ids pcloud may allocate to port groups (inclusive; 1 and 4095 are never used). */
  readonly vlanRange: { readonly min: number; readonly max: number };
  readonly dnsDomain: string;
  readonly dnsServers: readonly string[];
  /** vCenter and ESXi log forwarding; absent when none is recorded. */
  readonly logForwarding?: LogForwardingModel;
  /** IPFIX collector the distributed switch exports flows to (PCR-23); absent when none. */
  readonly ipfixCollector?: string;
  /** Backup target of the site's VMs; absent when none is recorded. */
  readonly backupTarget?: BackupTargetModel;
  /** vCenter sign-in goes through SSO with MFA (PCR-18). */
  readonly ssoMfa: boolean;
  /** vCenter's TLS profile, e.g. `NIST_2024` (PCR-08); absent when none is recorded. */
  readonly tlsProfile?: string;
  /** Name of the vCenter key provider and whether its backup is recorded (PCR-06, PCR-07). */
  readonly keyProvider?: { readonly name: string; readonly backupRecorded: boolean };
  /** vCenter SSO domain of administrator groups, e.g. `vsphere.local` or an identity source's domain. */
  readonly ssoDomain: string;
  /** The site's internet edge that terminates IPsec interconnects (its firewall); absent when none is recorded. */
  readonly edge?: { readonly publicAddress: string; readonly device: string };
}

export interface SiteModel {
  readonly id: string;
  readonly platform: Platform;
  readonly operator: Operator;
  /** ISO 3166-1 alpha-2 country code; `GB` for the United Kingdom. */
  readonly country: string;
  /** Physical assurance relied on; absent when none is recorded. */
  readonly assurance?: SiteAssurance;
  readonly aws?: AwsSiteModel;
  readonly azure?: AzureSiteModel;
  readonly vsphere?: VsphereSiteModel;
}

export interface AccreditationModel {
  /** Accrediting authority, e.g. NPIRMT or a force SIRO. */
  readonly authority: string;
  readonly reference: string;
  /** ISO date, YYYY-MM-DD. */
  readonly issued: string;
  /** ISO date, YYYY-MM-DD. */
  readonly expires: string;
}

export interface NetworkModel {
  readonly path: string;
  readonly id: string;
  /**
   * The id the network had before it was renamed (its `renamedFrom`); absent when it was not.
   * Its stack, cloud names and the allocations keyed by it keep that id (see `stableId`).
   */
  readonly renamedFrom?: string;
  readonly site: string;
  readonly cidr: string;
  /** The last /24 of the network, kept for network services (endpoints, gateways, bastions). */
  readonly servicesCidr: string;
  readonly ceiling: ClassificationMarking;
  readonly accreditation: AccreditationModel;
  readonly description?: string;
  /** How long flow logs are kept (PCR-21). */
  readonly flowLogRetentionDays: number;
}

export interface TierLayoutModel {
  readonly tier: Tier;
  readonly cidr: string;
  /** The tier split in two, one half per availability zone (used on AWS). */
  readonly zones: readonly [string, string];
  /** First usable address: the gateway on vSphere (provided by the estate's firewall). */
  readonly gateway: string;
  /** vSphere port group VLAN. */
  readonly vlan?: number;
}

export interface EnclaveModel {
  readonly path: string;
  readonly id: string;
  /**
   * The id the enclave had before it was renamed (its `renamedFrom`); absent when it was not.
   * Its stack, cloud names, address space and VLAN allocation keep that id (see `stablePath`).
   */
  readonly renamedFrom?: string;
  readonly network: string;
  readonly tenant: Tenant;
  readonly cidr: string;
  /** True when the address space was allocated by pcloud rather than given. */
  readonly allocated: boolean;
  readonly classification: ClassificationMarking;
  readonly tiers: readonly TierLayoutModel[];
  /** Who may administer the enclave (PCR-18, PCR-19, PCR-32). */
  readonly administrators: readonly AdministratorGroupModel[];
  /** How long the enclave's audit log is kept (PCR-21, PCR-25). */
  readonly auditRetentionDays: number;
  /** Backups of the enclave's disks and databases (PCR-28). */
  readonly backup: BackupPolicyModel;
}

/** Roles an administrator group may hold on an Azure enclave: pcloud's custom role, or a built-in that cannot grant access. */
export const AZURE_ADMINISTRATOR_ROLES = [
  'enclave-operator',
  'Reader',
  'Virtual Machine Contributor',
  'Virtual Machine Administrator Login',
  'Backup Operator',
  'Monitoring Reader',
  'Log Analytics Reader',
] as const;
export type AzureAdministratorRole = (typeof AZURE_ADMINISTRATOR_ROLES)[number];

export interface AdministratorGroupModel {
  readonly name: string;
  readonly vetting: VettingLevel;
  /** Members must sign in with multi-factor authentication. */
  readonly mfa: boolean;
  /** Object id of the group in Microsoft Entra ID, for role assignments on Azure; absent when not given. */
  readonly entraObjectId?: string;
  /** Azure role the group holds on the enclave's resource group: `enclave-operator` (pcloud's custom role) or an allowed built-in. */
  readonly azureRole: AzureAdministratorRole;
  /** vCenter SSO group, `DOMAIN\\group`; absent means the group's name in the site's SSO domain. */
  readonly ssoGroup?: string;
}

export interface BackupPolicyModel {
  readonly enabled: boolean;
  readonly retentionDays: number;
}

export interface DatabaseModel {
  readonly engine: 'postgres';
  readonly version: string;
  readonly port: number;
}

export interface WorkloadModel {
  readonly path: string;
  readonly id: string;
  /**
   * The id the workload had before it was renamed (its `renamedFrom`); absent when it was not.
   * Its cloud names, zone and address allocation keep that id (see `stablePath`).
   */
  readonly renamedFrom?: string;
  readonly enclave: string;
  readonly kind: WorkloadKind;
  readonly tier: Tier;
  readonly size: Size;
  /** Operating-system image (VMs; databases on vSphere use the site's database template). */
  readonly image?: ImageId;
  readonly classification: ClassificationMarking;
  /** Root or data disk size (VMs and databases). */
  readonly diskGiB?: number;
  /** Availability zone index (0 or 1) for single-zone workloads. */
  readonly zone: 0 | 1;
  /** Static IPv4 address (vSphere workloads). */
  readonly address?: string;
  readonly database?: DatabaseModel;
  /** Disks (vm) or storage (database) encrypted at rest under the enclave's key (PCR-05, PCR-06). */
  readonly diskEncryption?: boolean;
}

/** A protocol and a port range, as flows, services and exchanges declare them. */
export interface PortRangeModel {
  readonly protocol: Protocol;
  readonly fromPort: number;
  readonly toPort: number;
}

export interface FlowModel {
  /** Source workload path. */
  readonly from: string;
  /** Destination workload path. */
  readonly to: string;
  readonly protocol: Protocol;
  readonly fromPort: number;
  readonly toPort: number;
}

/** Protective monitoring: who watches, and where security events go (PCR-24). */
export interface MonitoringModel {
  /** The security operations centre that receives the estate's events. */
  readonly soc: string;
  /** Switch on the clouds' own threat detection (GuardDuty and Security Hub; Defender for Cloud). */
  readonly nativeThreatDetection: boolean;
  /** Export of security events to a SIEM, when the SOC takes them that way. */
  readonly siemExport?: { readonly kind: 'syslog' | 'splunk-hec' | 'sentinel'; readonly endpoint: string };
}

/** A recorded, expiring acceptance of a finding: the only way to silence a rule. */
export interface RiskAcceptanceModel {
  /** Rule id, e.g. `PCR-05`. */
  readonly rule: string;
  /** Construct path, or a pattern where `*` matches one path segment and `**` any number. */
  readonly path: string;
  readonly reason: string;
  /** Risk register id. */
  readonly reference: string;
  readonly acceptedBy: string;
  /** YYYY-MM-DD; after this date the acceptance is itself an error. */
  readonly expires: string;
}

/**
 * A workload group offered by a provider enclave to declared consumer enclaves on named ports.
 * Consumers reach the providers; providers reach no consumer; consumers never reach each other.
 */
export interface SharedServiceModel {
  readonly path: string;
  readonly id: string;
  readonly description?: string;
  /** The provider enclave. */
  readonly enclave: string;
  /** The VMs that provide the service, all in `enclave`. */
  readonly providers: readonly string[];
  /** Enclaves that may use the service, in declaration order. */
  readonly consumers: readonly string[];
  readonly ports: readonly PortRangeModel[];
}

/** An Information Sharing Agreement: the legal basis of an exchange. */
export interface IsaModel {
  readonly reference: string;
  /** The organisations that signed it. */
  readonly parties: readonly string[];
  readonly purpose: string;
  /** The legal gateway relied on, e.g. "Crime and Disorder Act 1998 s.115". */
  readonly legalGateway: string;
  /** YYYY-MM-DD; after it the exchange must stop until the ISA is reviewed (PCR-26). */
  readonly reviewDate: string;
}

/** One end of an exchange: a workload of the estate, or a partner reached through an interconnect. */
export type ExchangeEndpointModel =
  | { readonly kind: 'workload'; readonly workload: string }
  | {
      readonly kind: 'partner';
      /** The partner organisation, e.g. "Kent County Council". */
      readonly name: string;
      /** The partner's addresses, inside its community network's prefixes. */
      readonly prefixes: readonly string[];
      /** The community-network interconnect the partner is reached through. */
      readonly interconnect: string;
    };

/**
 * A declared flow across an enclave boundary under an ISA: `from` opens connections to `to` on
 * `ports` and sends data no higher than `ceiling`. Disclosures are logged to the sending enclave's audit sink.
 */
export interface ExchangeModel {
  readonly path: string;
  readonly id: string;
  readonly isa: IsaModel;
  readonly from: ExchangeEndpointModel;
  readonly to: ExchangeEndpointModel;
  /** The highest classification of data the exchange may carry. */
  readonly ceiling: ClassificationMarking;
  readonly ports: readonly PortRangeModel[];
  /** Both ends authenticate each other with certificates (mutual TLS) above the network rules (PCR-27). */
  readonly mutualTls: boolean;
  /** Interconnects the exchange crosses, in order; empty when both ends are on one site. */
  readonly via: readonly string[];
}

/** IKE/IPsec parameters of an interconnect (PCR-10). */
export interface IpsecModel {
  readonly ikeVersion: 1 | 2;
  readonly cipher: 'aes256-gcm' | 'aes128-gcm' | 'aes256-cbc' | 'aes128-cbc' | '3des';
  readonly integrity: 'sha384' | 'sha256' | 'sha1';
  /** Diffie-Hellman group of IKE and PFS: 14 (2048-bit MODP), 19, 20 (ECP 256, 384), 24; 2 and 5 are broken. */
  readonly dhGroup: 2 | 5 | 14 | 19 | 20 | 24;
}

/** A community network an interconnect reaches: PSN for Policing, a GCSx-style extranet. */
export interface CommunityNetworkModel {
  readonly name: string;
  readonly kind: 'psn-policing' | 'gcsx' | 'community';
  /** Public IPv4 address of the community network's IPsec gateway. */
  readonly gatewayAddress: string;
  /** Address prefixes reached through it. */
  readonly prefixes: readonly string[];
}

/** One estate end of an interconnect. */
export interface InterconnectEndModel {
  readonly site: string;
  /** Public IPv4 address of this end's gateway, where known before deployment (a vSphere edge, or as declared). */
  readonly publicAddress?: string;
}

/**
 * An IPsec link between two sites of the estate, or from a site to a community network, under a
 * Code of Connection with a current IT Health Check.
 */
export interface InterconnectModel {
  readonly path: string;
  readonly id: string;
  readonly description?: string;
  /** One end (to a community network) or two (site to site), in declaration order. */
  readonly ends: readonly InterconnectEndModel[];
  readonly community?: CommunityNetworkModel;
  /** Code of Connection: reference and expiry (PCR-31). */
  readonly coco?: { readonly reference: string; readonly expires: string };
  /** Last IT Health Check: reference and date; current for a year (PCR-31). */
  readonly ithc?: { readonly reference: string; readonly date: string };
  readonly ipsec: IpsecModel;
}

export interface EstateModel {
  readonly schemaVersion: typeof MODEL_SCHEMA_VERSION;
  readonly name: string;
  readonly monitoring: MonitoringModel;
  readonly acceptances: readonly RiskAcceptanceModel[];
  readonly sites: readonly SiteModel[];
  readonly networks: readonly NetworkModel[];
  readonly enclaves: readonly EnclaveModel[];
  readonly workloads: readonly WorkloadModel[];
  readonly flows: readonly FlowModel[];
  readonly sharedServices: readonly SharedServiceModel[];
  readonly exchanges: readonly ExchangeModel[];
  readonly interconnects: readonly InterconnectModel[];
}
