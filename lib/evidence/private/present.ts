import type { Finding, ResourceRef } from '../../policy/types';
import type { EvidenceReport, OutcomeEvidence, OutcomeStatus, RuleEvidence } from '../types';
import { compareKeys } from './order';

/** Presentation choices shared by the Markdown and the HTML, so both say the same. */

const STATUS_ORDER: readonly OutcomeStatus[] = ['failed', 'accepted', 'held', 'not-applicable'];

/** Outcomes as the pack lists them: failures first, then accepted, held and not applicable; by subject within. */
export function listedOutcomes(rule: RuleEvidence): OutcomeEvidence[] {
  return [...rule.outcomes].sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || compareKeys([a.subject], [b.subject]),
  );
}

/** Resource references grouped by stack, stacks and ids in order. */
export function refsByStack(refs: readonly ResourceRef[]): { stack: string; refs: ResourceRef[] }[] {
  const stacks = [...new Set(refs.map((r) => r.stack))].sort();
  return stacks.map((stack) => ({
    stack,
    refs: refs.filter((r) => r.stack === stack).sort((a, b) => compareKeys([a.id], [b.id])),
  }));
}

/** The one CloudFormation type of a group of references, when they share it (said once, not per id). */
export function sharedType(refs: readonly ResourceRef[]): string | undefined {
  const types = new Set(refs.map(refType));
  const [only] = types;
  return refs.length > 1 && types.size === 1 ? only : undefined;
}

/** A CloudFormation logical id says nothing of its type; a Terraform address starts with it. */
export function refType(ref: ResourceRef): string | undefined {
  return ref.id.startsWith(`${ref.type}.`) ? undefined : ref.type;
}

/** What a held outcome with no resource rests on. */
export function heldWithoutResources(report: EvidenceReport): string {
  return report.outputsChecked
    ? 'Shown by the definition; no rendered resource of its own.'
    : 'Shown by the definition (the rendered outputs were not re-checked).';
}

export function findingLine(f: Finding): { problem: string; fix: string; where?: string } {
  return { problem: f.problem, fix: f.fix, ...(f.resource ? { where: `${f.resource.stack} ${f.resource.id}` } : {}) };
}

export function acceptanceOf(f: Finding): { reference: string; reason: string; acceptedBy: string; expires: string } | undefined {
  return (f as { acceptance?: { reference: string; reason: string; acceptedBy: string; expires: string } }).acceptance;
}

export function appliesText(applies: readonly string[]): string {
  const names: Record<string, string> = { O: 'OFFICIAL', OS: 'OFFICIAL-SENSITIVE', S: 'SECRET' };
  return applies.map((a) => names[a] ?? a).join(', ');
}

/**
 * Dated records that have lapsed, as a sentence: network accreditations, ISA reviews and Codes of
 * Connection past their dates. Empty when none has.
 */
export function lapsedText(report: EvidenceReport): string {
  const { accreditations, isaReviews, codesOfConnection } = report.summary;
  const parts: string[] = [];
  if (accreditations.expired) parts.push(`${accreditations.expired} network accreditation${accreditations.expired === 1 ? ' has' : 's have'} expired.`);
  if (isaReviews.expired) parts.push(`${isaReviews.expired} ISA${isaReviews.expired === 1 ? ' is' : 's are'} past ${isaReviews.expired === 1 ? 'its' : 'their'} review date: ${isaReviews.expired === 1 ? 'its exchange' : 'their exchanges'} must stop.`);
  if (codesOfConnection.expired) parts.push(`${codesOfConnection.expired} Code${codesOfConnection.expired === 1 ? ' of Connection has' : 's of Connection have'} expired.`);
  return parts.join(' ');
}

/** The verdict at the top of the pack: a title and a sentence. */
export function verdict(report: EvidenceReport): { tone: 'fail' | 'warn' | 'pass'; title: string; text: string } {
  const { errors, warnings, accepted } = report.summary;
  const lapsed = lapsedText(report);
  const acceptedText = accepted ? `${accepted} finding${accepted === 1 ? ' is' : 's are'} accepted on the register of accepted risks` : '';
  if (errors > 0) {
    return {
      tone: 'fail',
      title: 'Not accreditable as it stands.',
      text:
        `${errors} error finding${errors === 1 ? '' : 's'} stand${errors === 1 ? 's' : ''}: pcloud refuses to synthesise this estate until ${errors === 1 ? 'it is' : 'they are'} fixed or accepted.` +
        `${lapsed ? ` ${lapsed}` : ''}`,
    };
  }
  if (warnings > 0) {
    return {
      tone: 'warn',
      title: 'No error finding stands; warnings to review.',
      text: `${warnings} warning${warnings === 1 ? '' : 's'} stand${warnings === 1 ? 's' : ''}${acceptedText ? `, and ${acceptedText}` : ''}.${lapsed ? ` ${lapsed}` : ''}`,
    };
  }
  return {
    tone: 'pass',
    title: 'No finding stands.',
    text: `Every control holds or does not apply${acceptedText ? `, except where ${acceptedText}` : ''}.${lapsed ? ` ${lapsed}` : ''}`,
  };
}
