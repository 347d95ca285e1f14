import type { ClassificationMarking } from '../classification';
import type { Applies, Severity } from '../policy/catalogue';
import type { AcceptedFinding, Finding, ResourceRef } from '../policy/types';
import type {
  AdministratorGroupModel,
  AssuranceLevel,
  AzureAdministratorRole,
  BackupPolicyModel,
  CommunityNetworkModel,
  IpsecModel,
  MonitoringModel,
  Operator,
  Platform,
  Tier,
  VettingLevel,
  WorkloadKind,
} from '../model/types';
import type { Protocol } from '../ports';
import type { Tenant } from '../tenant';

/**
 * The evidence pack an accreditor reads: plain JSON data, written to `evidence.json` as it is and
 * rendered to Markdown and HTML. It holds everything the renderers show, so they never need the
 * model or the evaluation. Bump the version when a field changes meaning or goes away.
 *
 * Version 2 added who may administer what (`administration`), the shared services, secure
 * exchanges and interconnects (`sharedServices`, `exchanges`, `interconnects`), their dated
 * records in the summary (`isaReviews`, `codesOfConnection`), how a held rule is met
 * (`OutcomeEvidence.note`) and the subject kinds `exchange`, `shared-service` and `interconnect`.
 */
export const EVIDENCE_VERSION = 2;

/**
 * An accreditation, a risk acceptance, an ISA review, a Code of Connection or an IT Health Check
 * this close to its expiry (in days) is flagged as expiring.
 */
export const EXPIRY_WARNING_DAYS = 90;

/** Where a dated record stands on the evaluation date. */
export type ExpiryStatus = 'current' | 'expiring' | 'expired';

export type OutcomeStatus = 'held' | 'failed' | 'accepted' | 'not-applicable';

export interface StatusCounts {
  readonly held: number;
  readonly failed: number;
  readonly accepted: number;
  readonly notApplicable: number;
}

export interface EvidenceReport {
  readonly version: typeof EVIDENCE_VERSION;
  readonly estate: { readonly name: string };
  /** The day the rules were evaluated, YYYY-MM-DD: every "days left" counts from it. */
  readonly evaluatedOn: string;
  /** Whether the rendered outputs (CloudFormation, Terraform JSON, firewall manifests) were re-checked. */
  readonly outputsChecked: boolean;
  readonly summary: EvidenceSummary;
  readonly monitoring: MonitoringModel;
  readonly sites: readonly SiteEvidence[];
  /** Per network: its site, ceiling and accreditation record, and its enclaves. */
  readonly networks: readonly NetworkEvidence[];
  readonly workloads: readonly WorkloadEvidence[];
  /** Every rule of the catalogue with its status per subject, in catalogue order. */
  readonly rules: readonly RuleEvidence[];
  /** The fourteen NCSC cloud security principles, each naming the rules that serve it. */
  readonly principles: readonly PrincipleEvidence[];
  /** Findings that stand (not accepted): errors stop synthesis. */
  readonly findings: readonly Finding[];
  /** The register of risk acceptances recorded in the definition. */
  readonly acceptedRisks: readonly AcceptedRiskEvidence[];
  readonly flows: readonly FlowEvidence[];
  /** Who may administer what: per enclave, each administrator group and what it is granted on the enclave's platform. */
  readonly administration: readonly EnclaveAdministrationEvidence[];
  /** Shared services: who provides them, who may consume them and how each consumer reaches them. */
  readonly sharedServices: readonly SharedServiceEvidence[];
  /** Secure exchanges under Information Sharing Agreements, in declaration order. */
  readonly exchanges: readonly ExchangeEvidence[];
  /** IPsec links between sites and to community networks, in declaration order. */
  readonly interconnects: readonly InterconnectEvidence[];
  /** Acknowledged cdk-nag rules found in the CloudFormation templates. */
  readonly cdkNag: readonly CdkNagAcknowledgement[];
  /** What each platform of the estate cannot do, and what stands in for it. */
  readonly platforms: readonly PlatformEvidence[];
  /** The network diagram, drawn from the model. */
  readonly diagram: { readonly format: 'image/svg+xml'; readonly svg: string };
}

export interface EvidenceSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly accepted: number;
  /** Rule outcomes (one per rule and subject) by status. */
  readonly outcomes: StatusCounts;
  readonly accreditations: ExpiryCounts;
  readonly acceptances: ExpiryCounts;
  /** ISA review dates of the exchanges: an exchange past its review date must stop (PCR-26). */
  readonly isaReviews: ExpiryCounts;
  /** Codes of Connection of the interconnects that record one (community-network links must: PCR-31). */
  readonly codesOfConnection: ExpiryCounts;
}

/** Dated records by where they stand on the evaluation date. */
export interface ExpiryCounts {
  readonly current: number;
  readonly expiring: number;
  readonly expired: number;
}

export interface SiteEvidence {
  readonly id: string;
  readonly platform: Platform;
  readonly operator: Operator;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  /** Physical assurance relied on; null when none is recorded. */
  readonly assurance: { readonly level: AssuranceLevel; readonly reference: string } | null;
  /** Where it is: AWS account and region, Azure subscription and location, or vCenter and datacenter. */
  readonly location: string;
}

export interface DatedRecord {
  /** YYYY-MM-DD. */
  readonly expires: string;
  /** Days from the evaluation date to the expiry date; negative once expired. */
  readonly daysToExpiry: number;
  readonly expiry: ExpiryStatus;
}

export interface AccreditationEvidence extends DatedRecord {
  readonly authority: string;
  readonly reference: string;
  readonly issued: string;
}

export interface NetworkEvidence {
  readonly path: string;
  readonly site: Omit<SiteEvidence, 'location'>;
  readonly cidr: string;
  readonly ceiling: ClassificationMarking;
  readonly description?: string;
  readonly accreditation: AccreditationEvidence;
  readonly flowLogRetentionDays: number;
  /** Rule outcomes on the network itself. */
  readonly outcomes: StatusCounts;
  readonly enclaves: readonly EnclaveEvidence[];
}

export interface EnclaveEvidence {
  readonly path: string;
  readonly tenant: Tenant;
  readonly classification: ClassificationMarking;
  readonly cidr: string;
  readonly administrators: readonly AdministratorGroupModel[];
  readonly auditRetentionDays: number;
  readonly backup: BackupPolicyModel;
  readonly workloads: number;
  /** Rule outcomes on the enclave and its workloads. */
  readonly outcomes: StatusCounts;
  /** Rules with a standing finding on the enclave or one of its workloads. */
  readonly failedRules: readonly string[];
}

export interface WorkloadEvidence {
  readonly path: string;
  readonly enclave: string;
  readonly kind: WorkloadKind;
  readonly tier: Tier;
  readonly classification: ClassificationMarking;
  readonly address?: string;
}

export type SubjectKind = 'estate' | 'site' | 'network' | 'enclave' | 'workload' | 'exchange' | 'shared-service' | 'interconnect';

export interface OutcomeEvidence {
  /** A site id, a network, enclave or workload path, an exchange, shared service or interconnect path, or the estate name. */
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly status: OutcomeStatus;
  readonly severity?: Severity;
  /** Held: the resources that implement the control (empty when the definition alone shows it). */
  readonly evidence: readonly ResourceRef[];
  /** Held: how the rule is met, in words (which ISA, which IPsec profile, where disclosures are logged); absent when the rule says nothing more. */
  readonly note?: string;
  /** Not applicable: why. */
  readonly reason?: string;
  /** Failed and accepted: the findings (accepted ones carry their acceptance). */
  readonly findings: readonly (Finding | AcceptedFinding)[];
}

export interface RuleEvidence {
  readonly id: string;
  readonly statement: string;
  readonly applies: readonly Applies[];
  /** NCSC principles the rule serves (1–14). */
  readonly principles: readonly number[];
  /** What each target does for the rule (`n/a` where the target has no such thing). */
  readonly targets: { readonly aws: string; readonly azure: string; readonly vsphere: string };
  readonly counts: StatusCounts;
  readonly outcomes: readonly OutcomeEvidence[];
}

export interface PrincipleEvidence {
  readonly number: number;
  readonly name: string;
  /** Ids of the rules serving the principle, in catalogue order (details in `rules`). */
  readonly rules: readonly string[];
  readonly counts: StatusCounts;
  /** Said when no rule serves the principle: where its evidence has to come from instead. */
  readonly note?: string;
}

export interface AcceptedRiskEvidence extends DatedRecord {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
  readonly reference: string;
  readonly acceptedBy: string;
  /**
   * The findings the acceptance matches. While it is current they are accepted; once expired they
   * stand again (and the expiry is itself an error finding).
   */
  readonly covers: readonly Finding[];
}

export interface FlowEvidence {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  /** A port or a range, e.g. `5432` or `8000-8010`. */
  readonly ports: string;
  /** The destination's enclave, where the flow is allowed in. */
  readonly enclave: string;
  readonly fromEnclave: string;
  readonly crossEnclave: boolean;
  readonly fromClassification: ClassificationMarking;
  readonly toClassification: ClassificationMarking;
}

export interface CdkNagAcknowledgement {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly rule: string;
  readonly reason: string;
  /** Findings of the rule the acknowledgement is limited to, when it is granular. */
  readonly appliesTo?: readonly string[];
}

export interface PlatformLimitation {
  readonly topic: string;
  readonly statement: string;
  /** Rules of the catalogue the limitation bears on. */
  readonly rules: readonly string[];
}

export interface FirewallManifestEvidence {
  readonly site: string;
  readonly vcenter: string;
  readonly defaultAction: 'deny';
  /** Every rule of the manifest: the allows (declared flows, exchanges, shared-service consumers), then the default deny. */
  readonly rules: number;
  readonly allowRules: number;
  readonly segments: number;
  /** `outputs` when read from what synthesis wrote, `model` when derived from the definition. */
  readonly source: 'outputs' | 'model';
}

export interface PlatformEvidence {
  readonly platform: Platform;
  readonly sites: readonly string[];
  /** Native run-time guardrails: the platform's own policy engine, evaluating continuously. */
  readonly guardrails: {
    readonly engine: string | null;
    readonly statement: string;
    /** Guardrail resources found in the rendered outputs; null when the outputs were not read. */
    readonly resources: readonly ResourceRef[] | null;
  };
  readonly limitations: readonly PlatformLimitation[];
  /** Controls the platform's provider cannot set, which the site's operators must. */
  readonly operatorControls: readonly { readonly control: string; readonly requirement: string; readonly rule: string }[];
  /** Rules of the catalogue with no counterpart on the platform (`n/a` in its column). */
  readonly notApplicableRules: readonly { readonly rule: string; readonly statement: string }[];
  /** vSphere: the firewall manifest of each site, in place of firewall resources. */
  readonly firewallManifests: readonly FirewallManifestEvidence[];
}

// --- who may administer what ---------------------------------------------------------------------

export interface EnclaveAdministrationEvidence {
  readonly enclave: string;
  readonly site: string;
  readonly platform: Platform;
  readonly classification: ClassificationMarking;
  /** Each administrator group of the enclave, in declaration order. */
  readonly groups: readonly AdministratorGrantEvidence[];
}

/** One administrator group and what it holds on its enclave's platform. */
export interface AdministratorGrantEvidence {
  readonly name: string;
  readonly vetting: VettingLevel;
  /** Members must sign in with multi-factor authentication (PCR-18). */
  readonly mfa: boolean;
  /**
   * Whether anything is granted on the platform. False for an Azure group without an Entra ID
   * object id: no role assignment can name it, so it holds nothing (`grant` says so).
   */
  readonly granted: boolean;
  /**
   * Who holds the grant on the platform: the IAM role (AWS), the Entra ID group object id (Azure),
   * the vCenter SSO principal `DOMAIN\\group` (vSphere); null when nothing is granted.
   */
  readonly principal: string | null;
  /**
   * The role held: pcloud's enclave administrator role on AWS, the Azure role (`enclave-operator`
   * is pcloud's custom role, the others are built-ins), the vCenter role on vSphere.
   */
  readonly role: string;
  /** Azure only: the role as the definition names it. */
  readonly azureRole?: AzureAdministratorRole;
  /** What the grant reaches: the tag its permissions boundary requires, the resource group, the folder and resource pool. */
  readonly scope: readonly string[];
  /** The grant in the words an accreditor reads. */
  readonly grant: string;
}

// --- shared services, exchanges, interconnects ------------------------------------------------------

/** What a rule said of a shared service, an exchange or an interconnect (details under `rules`). */
export interface SubjectRuleStatus {
  readonly rule: string;
  readonly status: OutcomeStatus;
}

export interface SharedServiceEvidence {
  readonly path: string;
  readonly description?: string;
  /** The provider enclave. */
  readonly enclave: string;
  readonly site: string;
  readonly platform: Platform;
  readonly classification: ClassificationMarking;
  /** The workloads that provide the service. */
  readonly providers: readonly string[];
  /** Protocol and port or range, e.g. `TCP 5671`. */
  readonly ports: readonly string[];
  /** The enclaves that may use the service, in declaration order, with the way each reaches it. */
  readonly consumers: readonly SharedServiceConsumerEvidence[];
  readonly rules: readonly SubjectRuleStatus[];
}

export interface SharedServiceConsumerEvidence {
  readonly enclave: string;
  readonly site: string;
  readonly platform: Platform;
  /** The site-to-site interconnect the consumer reaches the service through; null on the provider's own site. */
  readonly via: string | null;
  /** How the consumer reaches the service, in words. */
  readonly reach: string;
}

/** One end of an exchange: a workload of the estate, or a partner outside it. */
export type ExchangeEndEvidence =
  | {
      readonly kind: 'workload';
      readonly workload: string;
      readonly enclave: string;
      readonly site: string;
      readonly platform: Platform;
      /** The prefix the far end sees the workload at. */
      readonly prefixes: readonly string[];
    }
  | {
      readonly kind: 'partner';
      /** The partner organisation. */
      readonly name: string;
      readonly prefixes: readonly string[];
      /** The community-network interconnect the partner is reached through. */
      readonly interconnect: string;
      /** The community network's name. */
      readonly network: string;
    };

export interface IsaEvidence {
  readonly reference: string;
  readonly parties: readonly string[];
  readonly purpose: string;
  readonly legalGateway: string;
  /** The review date as a dated record: `expires` is the review date; past it the exchange must stop (PCR-26). */
  readonly review: DatedRecord;
}

export interface ExchangeEvidence {
  readonly path: string;
  readonly isa: IsaEvidence;
  /** The end that opens connections and sends. */
  readonly from: ExchangeEndEvidence;
  readonly to: ExchangeEndEvidence;
  /** Protocol and port or range, e.g. `TCP 8443`. */
  readonly ports: readonly string[];
  /** The highest classification the exchange may carry. */
  readonly ceiling: ClassificationMarking;
  /** Interconnects crossed, in order; empty when both ends are on one site. */
  readonly via: readonly string[];
  readonly mutualTls: boolean;
  /** The enclave whose audit sink logs the disclosures (DPA 2018 s.62): the sender's, or the receiver's when a partner sends in. */
  readonly disclosuresLoggedBy: string;
  readonly rules: readonly SubjectRuleStatus[];
}

/** The last IT Health Check of an interconnect: `expires` is the last day it counts as current (a year after it, PCR-31). */
export interface IthcEvidence extends DatedRecord {
  readonly reference: string;
  /** YYYY-MM-DD, the day of the health check. */
  readonly date: string;
  /** Days from the health check to the evaluation date. */
  readonly ageDays: number;
}

export interface InterconnectEvidence {
  readonly path: string;
  readonly description?: string;
  readonly kind: 'site-to-site' | 'community';
  /** The estate's ends; the public address of each gateway where it is known before deployment, else null. */
  readonly ends: readonly { readonly site: string; readonly platform: Platform; readonly publicAddress: string | null }[];
  /** The community network reached; null for a link between two sites. */
  readonly community: CommunityNetworkModel | null;
  /** Code of Connection and its expiry; null when none is recorded (a finding for a community link, PCR-31). */
  readonly coco: (DatedRecord & { readonly reference: string }) | null;
  /** The last IT Health Check; null when none is recorded. */
  readonly ithc: IthcEvidence | null;
  readonly ipsec: IpsecModel;
  /** The exchanges that cross the link. */
  readonly exchanges: readonly string[];
  /** The shared services consumers reach across the link. */
  readonly sharedServices: readonly string[];
  readonly rules: readonly SubjectRuleStatus[];
}
