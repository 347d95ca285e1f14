import type { EstateModel, SiteModel } from '../model/types';
import { EstateView } from '../model/view';
import { CATALOGUE, NCSC_PRINCIPLES } from '../policy/catalogue';
import { pathMatches } from '../policy/acceptance';
import type { RenderedOutputs } from '../policy/outputs';
import type { Evaluation, Finding, RuleOutcome } from '../policy/types';
import { administrationEvidence } from './administration';
import { cdkNagAcknowledgements } from './cdk-nag';
import { connectivityEvidence } from './connectivity';
import { renderDiagram } from './diagram';
import { platformEvidence } from './platforms';
import { expiryOf } from './private/dates';
import {
  EVIDENCE_VERSION,
  type AcceptedRiskEvidence,
  type EnclaveEvidence,
  type EvidenceReport,
  type ExpiryCounts,
  type ExpiryStatus,
  type FlowEvidence,
  type NetworkEvidence,
  type OutcomeEvidence,
  type PrincipleEvidence,
  type RuleEvidence,
  type SiteEvidence,
  type StatusCounts,
  type SubjectKind,
} from './types';

export interface EvidenceInput {
  readonly model: EstateModel;
  /** What the rules said of the estate (`evaluate(model, { today, outputs })`). */
  readonly evaluation: Evaluation;
  /**
   * The rendered outputs (`readOutputs(dir, model)`), for the cdk-nag acknowledgements, the
   * guardrails found and the firewall manifests as written.
   * @default - none: no acknowledgements are listed and the manifests are derived from the model
   */
  readonly outputs?: RenderedOutputs;
}

/** Where the evidence for a principle no rule serves has to come from. */
const UNSERVED: Readonly<Record<number, string>> = {
  5: 'No rule of the catalogue serves this principle: the evidence lies in the operators\u2019 processes (vulnerability, change and incident management), not in the estate definition.',
  7: 'No rule of the catalogue serves this principle: the evidence lies in how the definition and the workloads are developed and reviewed (for example \u201cpcloud diff\u201d gating every change in CI), not in the estate itself.',
  8: 'No rule of the catalogue serves this principle: the evidence lies in the assurance of the cloud providers and suppliers (their PASF assessments are recorded per site under Sites).',
};

/**
 * Builds the evidence pack of an estate from its model and an evaluation: the estate by network
 * and enclave, every rule under the NCSC principles it serves with its status per subject, the
 * register of accepted risks, the flows, who may administer what, the shared services, secure
 * exchanges and interconnects, the cdk-nag acknowledgements, what each platform cannot do and
 * the network diagram. Plain data, the same for the same inputs.
 */
export function buildEvidence(input: EvidenceInput): EvidenceReport {
  const { model, evaluation, outputs } = input;
  const view = new EstateView(model);
  const today = evaluation.evaluatedOn;
  const kindOf = subjectKinds(model);

  const rules: RuleEvidence[] = CATALOGUE.map((entry) => {
    const outcomes = evaluation.outcomes.filter((o) => o.rule === entry.id).map((o) => outcomeEvidence(o, kindOf, evaluation));
    return {
      id: entry.id,
      statement: entry.statement,
      applies: entry.applies,
      principles: entry.ncsc,
      targets: { aws: entry.aws, azure: entry.azure, vsphere: entry.vsphere },
      counts: count(outcomes),
      outcomes,
    };
  });

  const principles: PrincipleEvidence[] = Object.keys(NCSC_PRINCIPLES)
    .map(Number)
    .sort((a, b) => a - b)
    .map((number) => {
      const serving = rules.filter((r) => r.principles.includes(number));
      return {
        number,
        name: NCSC_PRINCIPLES[number],
        rules: serving.map((r) => r.id),
        counts: count(serving.flatMap((r) => r.outcomes)),
        ...(serving.length === 0 ? { note: UNSERVED[number] ?? 'No rule of the catalogue serves this principle.' } : {}),
      };
    });

  const siteEvidence = (site: SiteModel): SiteEvidence => ({
    id: site.id,
    platform: site.platform,
    operator: site.operator,
    country: site.country,
    assurance: site.assurance ? { level: site.assurance.level, reference: site.assurance.reference } : null,
    location: locationOf(site),
  });

  const networks: NetworkEvidence[] = model.networks.map((network) => {
    const { location: _location, ...site } = siteEvidence(view.site(network.site));
    const enclaves: EnclaveEvidence[] = view.enclavesOf(network).map((enclave) => {
      const within = evaluation.outcomes.filter((o) => o.subject === enclave.path || o.subject.startsWith(`${enclave.path}/`));
      return {
        path: enclave.path,
        tenant: enclave.tenant,
        classification: enclave.classification,
        cidr: enclave.cidr,
        administrators: enclave.administrators,
        auditRetentionDays: enclave.auditRetentionDays,
        backup: enclave.backup,
        workloads: view.workloadsOf(enclave).length,
        outcomes: count(within),
        failedRules: [...new Set(within.filter((o) => o.status === 'failed').map((o) => o.rule))],
      };
    });
    return {
      path: network.path,
      site,
      cidr: network.cidr,
      ceiling: network.ceiling,
      ...(network.description !== undefined ? { description: network.description } : {}),
      accreditation: {
        authority: network.accreditation.authority,
        reference: network.accreditation.reference,
        issued: network.accreditation.issued,
        ...expiryOf(network.accreditation.expires, today),
      },
      flowLogRetentionDays: network.flowLogRetentionDays,
      outcomes: count(evaluation.outcomes.filter((o) => o.subject === network.path)),
      enclaves,
    };
  });

  const acceptedRisks = acceptedRiskRegister(model, evaluation);

  const flows: FlowEvidence[] = model.flows.map((flow) => {
    const from = view.workload(flow.from);
    const to = view.workload(flow.to);
    return {
      from: flow.from,
      to: flow.to,
      protocol: flow.protocol,
      ports: flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`,
      enclave: to.enclave,
      fromEnclave: from.enclave,
      crossEnclave: from.enclave !== to.enclave,
      fromClassification: from.classification,
      toClassification: to.classification,
    };
  });

  const { sharedServices, exchanges, interconnects } = connectivityEvidence(model, evaluation);

  return {
    version: EVIDENCE_VERSION,
    estate: { name: model.name },
    evaluatedOn: today,
    outputsChecked: evaluation.outputsChecked,
    summary: {
      errors: evaluation.summary.errors,
      warnings: evaluation.summary.warnings,
      accepted: evaluation.summary.accepted,
      outcomes: count(evaluation.outcomes),
      accreditations: tally(networks.map((n) => n.accreditation.expiry)),
      acceptances: tally(acceptedRisks.map((a) => a.expiry)),
      isaReviews: tally(exchanges.map((x) => x.isa.review.expiry)),
      codesOfConnection: tally(interconnects.flatMap((i) => (i.coco ? [i.coco.expiry] : []))),
    },
    monitoring: model.monitoring,
    sites: model.sites.map(siteEvidence),
    networks,
    workloads: model.workloads.map((w) => ({
      path: w.path,
      enclave: w.enclave,
      kind: w.kind,
      tier: w.tier,
      classification: w.classification,
      ...(w.address !== undefined ? { address: w.address } : {}),
    })),
    rules,
    principles,
    findings: evaluation.findings,
    acceptedRisks,
    flows,
    administration: administrationEvidence(model),
    sharedServices,
    exchanges,
    interconnects,
    cdkNag: outputs ? cdkNagAcknowledgements(outputs) : [],
    platforms: platformEvidence(model, outputs),
    diagram: { format: 'image/svg+xml', svg: renderDiagram(model) },
  };
}

function outcomeEvidence(outcome: RuleOutcome, kindOf: (subject: string) => SubjectKind, evaluation: Evaluation): OutcomeEvidence {
  // Accepted findings carry their acceptance in the evaluation's `accepted` list; show them with it.
  const findings = outcome.findings.map(
    (f) => evaluation.accepted.find((a) => a.rule === f.rule && a.path === f.path && a.problem === f.problem && a.source === f.source) ?? f,
  );
  return {
    subject: outcome.subject,
    subjectKind: kindOf(outcome.subject),
    status: outcome.status,
    ...(outcome.severity ? { severity: outcome.severity } : {}),
    evidence: outcome.evidence,
    ...(outcome.note !== undefined ? { note: outcome.note } : {}),
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    findings,
  };
}

/**
 * Each acceptance of the model with the findings it matches. As in evaluate(), a finding belongs
 * to the first acceptance naming its rule and matching its path.
 */
function acceptedRiskRegister(model: EstateModel, evaluation: Evaluation): AcceptedRiskEvidence[] {
  const candidates: Finding[] = [...evaluation.accepted, ...evaluation.findings.filter((f) => f.source !== 'acceptance')];
  const owner = (f: Finding) => model.acceptances.find((a) => a.rule === f.rule && pathMatches(a.path, f.path));
  return model.acceptances.map((acceptance) => ({
    rule: acceptance.rule,
    path: acceptance.path,
    reason: acceptance.reason,
    reference: acceptance.reference,
    acceptedBy: acceptance.acceptedBy,
    ...expiryOf(acceptance.expires, evaluation.evaluatedOn),
    covers: candidates
      .filter((f) => owner(f) === acceptance)
      .map(({ rule, severity, path, problem, fix, source, resource }) => ({ rule, severity, path, problem, fix, source, ...(resource ? { resource } : {}) })),
  }));
}

function subjectKinds(model: EstateModel): (subject: string) => SubjectKind {
  const kinds = new Map<string, SubjectKind>();
  kinds.set(model.name, 'estate');
  for (const s of model.sites) kinds.set(s.id, 'site');
  for (const n of model.networks) kinds.set(n.path, 'network');
  for (const e of model.enclaves) kinds.set(e.path, 'enclave');
  for (const w of model.workloads) kinds.set(w.path, 'workload');
  for (const s of model.sharedServices) kinds.set(s.path, 'shared-service');
  for (const x of model.exchanges) kinds.set(x.path, 'exchange');
  for (const i of model.interconnects) kinds.set(i.path, 'interconnect');
  return (subject) => {
    const kind = kinds.get(subject);
    // Rules name only the model's own subjects; anything else would be a rule's bug, not a guess to make.
    if (!kind) throw new Error(`pcloud internal error: a rule outcome names "${subject}", which is nothing of the estate`);
    return kind;
  };
}

function locationOf(site: SiteModel): string {
  if (site.aws) return `account ${site.aws.account}, ${site.aws.region}`;
  if (site.azure) return `subscription ${site.azure.subscriptionId}, ${site.azure.location}`;
  if (site.vsphere) return `vCenter ${site.vsphere.server}, datacenter ${site.vsphere.datacenter}, cluster ${site.vsphere.cluster}`;
  return '';
}

function count(outcomes: readonly { readonly status: RuleOutcome['status'] }[]): StatusCounts {
  const of = (status: RuleOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return { held: of('held'), failed: of('failed'), accepted: of('accepted'), notApplicable: of('not-applicable') };
}

function tally(statuses: readonly ExpiryStatus[]): ExpiryCounts {
  return {
    current: statuses.filter((s) => s === 'current').length,
    expiring: statuses.filter((s) => s === 'expiring').length,
    expired: statuses.filter((s) => s === 'expired').length,
  };
}
