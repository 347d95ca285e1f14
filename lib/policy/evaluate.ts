import { Classification } from '../classification';
import { fail, show } from '../errors';
import type { EstateModel, RiskAcceptanceModel } from '../model/types';
import { EstateView } from '../model/view';
import { CATALOGUE, catalogueEntry, type Applies, type Severity } from './catalogue';
import { pathMatches } from './acceptance';
import type { RenderedOutputs } from './outputs';
import { RULES } from './rules';
import {
  EVALUATION_VERSION,
  type AcceptedFinding,
  type Evaluation,
  type Finding,
  type Problem,
  type ResourceRef,
  type Rule,
  type RuleOutcome,
  type SubjectResult,
} from './types';

export interface EvaluateOptions {
  /** The day of evaluation, YYYY-MM-DD; expiry dates are compared with it. */
  readonly today: string;
  /** Rendered outputs to re-check; without them only the model rules run. */
  readonly outputs?: RenderedOutputs;
  /** @default every rule of the catalogue */
  readonly rules?: readonly Rule[];
}

/**
 * The day rules are evaluated on, YYYY-MM-DD: `PCLOUD_TODAY` when it is set (a pipeline or a test
 * suite that must give the same verdict on any day pins it), otherwise today (UTC).
 */
export function todayIso(now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): string {
  const pinned = env.PCLOUD_TODAY;
  if (pinned === undefined || pinned === '') return now.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(pinned) || Number.isNaN(Date.parse(pinned))) {
    fail({ code: 'TODAY_INVALID', path: 'PCLOUD_TODAY', problem: 'PCLOUD_TODAY is not a date', given: show(pinned), expected: 'a date YYYY-MM-DD', fix: 'set PCLOUD_TODAY=2026-12-31, or unset it to evaluate as of today' });
  }
  return pinned;
}

/**
 * Runs the rules over an estate and, when given, its rendered outputs. Severity follows the
 * catalogue: a rule that does not apply to a subject's classification is not applicable to it;
 * where it applies, a finding is an error on OFFICIAL-SENSITIVE and SECRET and takes the rule's
 * OFFICIAL severity on plain OFFICIAL. Findings matched by a current risk acceptance are
 * reported as accepted, not raised; an expired acceptance is itself an error and one that matches
 * no finding a warning.
 */
export function evaluate(model: EstateModel, options: EvaluateOptions): Evaluation {
  const view = new EstateView(model);
  const ctx = { model, view, today: options.today };
  const rules = options.rules ?? RULES;
  const outcomes: RuleOutcome[] = [];
  const raised: Finding[] = [];
  const accepted: AcceptedFinding[] = [];
  const used = new Set<RiskAcceptanceModel>();

  for (const rule of rules) {
    const entry = catalogueEntry(rule.id);
    const results: { source: Finding['source']; result: SubjectResult }[] = [
      ...(rule.model?.(ctx) ?? []).map((result) => ({ source: 'model' as const, result })),
      ...(options.outputs && rule.outputs ? rule.outputs({ ...ctx, outputs: options.outputs }) : []).map((result) => ({ source: 'outputs' as const, result })),
    ];
    const bySubject = new Map<string, typeof results>();
    for (const r of results) bySubject.set(r.result.subject, [...(bySubject.get(r.result.subject) ?? []), r]);

    for (const [subject, list] of bySubject) {
      const marking = classificationOf(view, subject);
      const short = Classification.parse(marking).short as Applies;
      if (!entry.applies.includes(short)) {
        outcomes.push({
          rule: rule.id,
          subject,
          status: 'not-applicable',
          reason: `applies to ${entry.applies.join(', ')}; ${subject} is ${marking}`,
          evidence: [],
          findings: [],
        });
        continue;
      }
      const severity: Severity = short === 'O' ? entry.officialSeverity : 'error';
      const problems = list.flatMap(({ source, result }) =>
        result.status === 'non-compliant' ? result.problems.map((p: Problem) => ({ source, p })) : [],
      );
      const evidence = dedupe(list.flatMap(({ result }) => (result.status === 'compliant' ? (result.evidence ?? []) : [])));
      if (problems.length === 0) {
        const compliant = list.some(({ result }) => result.status === 'compliant');
        const reasons = list.flatMap(({ result }) => (result.status === 'not-applicable' ? [result.reason] : []));
        const notes = [...new Set(list.flatMap(({ result }) => (result.status === 'compliant' && result.note ? [result.note] : [])))];
        outcomes.push(
          compliant
            ? { rule: rule.id, subject, status: 'held', ...(notes.length ? { note: notes.join('; ') } : {}), evidence, findings: [] }
            : { rule: rule.id, subject, status: 'not-applicable', reason: [...new Set(reasons)].join('; '), evidence: [], findings: [] },
        );
        continue;
      }
      const findings: Finding[] = problems.map(({ source, p }) => ({
        rule: rule.id,
        severity,
        path: subject,
        problem: p.problem,
        fix: p.fix,
        source,
        ...(p.resource ? { resource: p.resource } : {}),
      }));
      let allAccepted = true;
      for (const finding of findings) {
        const acceptance = model.acceptances.find((a) => a.rule === finding.rule && pathMatches(a.path, finding.path));
        if (acceptance) used.add(acceptance);
        if (acceptance && acceptance.expires >= options.today) {
          accepted.push({
            ...finding,
            acceptance: { reference: acceptance.reference, reason: acceptance.reason, acceptedBy: acceptance.acceptedBy, expires: acceptance.expires },
          });
        } else {
          allAccepted = false;
          raised.push(finding);
        }
      }
      outcomes.push({ rule: rule.id, subject, status: allAccepted ? 'accepted' : 'failed', severity, evidence, findings });
    }
  }

  for (const acceptance of model.acceptances) {
    if (acceptance.expires < options.today) {
      raised.push({
        rule: acceptance.rule,
        severity: 'error',
        path: acceptance.path,
        problem: `risk acceptance ${acceptance.reference} expired on ${acceptance.expires}`,
        fix: `renew the acceptance with ${acceptance.acceptedBy} (a new expiry date) or remove the risk`,
        source: 'acceptance',
      });
    } else if (!used.has(acceptance)) {
      raised.push({
        rule: acceptance.rule,
        severity: 'warning',
        path: acceptance.path,
        problem: `risk acceptance ${acceptance.reference} matches no finding`,
        fix: 'remove the acceptance, or correct its rule or path to the finding it is meant for',
        source: 'acceptance',
      });
    }
  }

  const order = (f: Finding) => `${f.severity === 'error' ? 0 : 1}|${f.rule}|${f.path}|${f.problem}`;
  raised.sort((a, b) => order(a).localeCompare(order(b)));
  accepted.sort((a, b) => order(a).localeCompare(order(b)));
  const ruleOrder = new Map(CATALOGUE.map((e, i) => [e.id, i]));
  outcomes.sort((a, b) => ruleOrder.get(a.rule)! - ruleOrder.get(b.rule)! || a.subject.localeCompare(b.subject));
  return {
    version: EVALUATION_VERSION,
    estate: model.name,
    evaluatedOn: options.today,
    outputsChecked: options.outputs !== undefined,
    outcomes,
    findings: raised,
    accepted,
    summary: {
      errors: raised.filter((f) => f.severity === 'error').length,
      warnings: raised.filter((f) => f.severity === 'warning').length,
      accepted: accepted.length,
    },
  };
}

/**
 * Classification that decides whether a rule applies to a subject: a workload's or enclave's
 * own, a network's ceiling, an exchange's ceiling, a shared service's provider enclave's, and for
 * a site or interconnect (or anything else) the highest ceiling on it.
 */
export function classificationOf(view: EstateView, subject: string): string {
  const model = view.model;
  const found = view.find(subject);
  if (found) return 'ceiling' in found ? found.ceiling : found.classification;
  const exchange = model.exchanges.find((x) => x.path === subject);
  if (exchange) return exchange.ceiling;
  const service = model.sharedServices.find((s) => s.path === subject);
  if (service) return view.enclave(service.enclave).classification;
  const link = model.interconnects.find((i) => i.path === subject);
  const networks = model.networks.filter((n) => n.site === subject || subject === model.name || link?.ends.some((e) => e.site === n.site));
  const ceilings = (networks.length ? networks : model.networks).map((n) => Classification.parse(n.ceiling));
  return ceilings.reduce((a, b) => (b.isAbove(a) ? b : a), Classification.OFFICIAL).marking;
}

function dedupe(refs: readonly ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.stack}|${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
