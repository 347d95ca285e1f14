import type { ClassificationMarking } from '../classification';
import type { Applies, Severity } from '../policy/catalogue';
import type { AcceptedFinding, Finding, ResourceRef } from '../policy/types';
import type {
  AdministratorGroupModel,
  AssuranceLevel,
  BackupPolicyModel,
  MonitoringModel,
  Operator,
  Platform,
  Tier,
  WorkloadKind,
} from '../model/types';
import type { Protocol } from '../ports';
import type { Tenant } from '../tenant';

/**
 * The evidence pack an accreditor reads: plain JSON data, written to `evidence.json` as it is and
 * rendered to Markdown and HTML. It holds everything the renderers show, so they never need the
 * model or the evaluation. Bump the version when a field changes meaning or goes away.
 */
export const EVIDENCE_VERSION = 1;

/** An accreditation or a risk acceptance this close to its expiry (in days) is flagged as expiring. */
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
  readonly accreditations: { readonly current: number; readonly expiring: number; readonly expired: number };
  readonly acceptances: { readonly current: number; readonly expiring: number; readonly expired: number };
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

export type SubjectKind = 'estate' | 'site' | 'network' | 'enclave' | 'workload';

export interface OutcomeEvidence {
  /** A site id, a network, enclave or workload path, or the estate name. */
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly status: OutcomeStatus;
  readonly severity?: Severity;
  /** Held: the resources that implement the control (empty when the definition alone shows it). */
  readonly evidence: readonly ResourceRef[];
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
  /** Every rule of the manifest: one allow per declared flow, then the default deny. */
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
