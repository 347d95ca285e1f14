import { ADMINISTRATOR_TAG_KEYS } from '../../tags';
import type { EnclaveModel, Platform, SiteModel, WorkloadModel } from '../../model/types';
import type { EstateView } from '../../model/view';
import type { OutputResource, RenderedOutputs, RenderedStack } from '../outputs';
import { subjectOf } from '../outputs';
import type { Problem, ResourceRef, SubjectResult } from '../types';

export const compliant = (subject: string, evidence: readonly ResourceRef[] = [], note?: string): SubjectResult => ({
  subject,
  status: 'compliant',
  evidence,
  ...(note ? { note } : {}),
});

export const nonCompliant = (subject: string, problems: readonly Problem[]): SubjectResult => ({ subject, status: 'non-compliant', problems });

export const notApplicable = (subject: string, reason: string): SubjectResult => ({ subject, status: 'not-applicable', reason });

/** Compliant with `evidence` when there are no problems, otherwise non-compliant. */
export const verdict = (subject: string, problems: readonly Problem[], evidence: readonly ResourceRef[] = [], note?: string): SubjectResult =>
  problems.length ? nonCompliant(subject, problems) : compliant(subject, evidence, note);

/** The site an enclave or workload lives on. */
export function siteOf(view: EstateView, enclavePath: string): SiteModel {
  return view.siteOfEnclave(view.enclave(enclavePath));
}

/** Enclaves with their site, for rules that decide per enclave and platform. */
export function enclavesWithSite(view: EstateView): { enclave: EnclaveModel; site: SiteModel }[] {
  return view.model.enclaves.map((enclave) => ({ enclave, site: view.siteOfEnclave(enclave) }));
}

/** Workloads with their enclave and site. */
export function workloadsWithSite(view: EstateView): { workload: WorkloadModel; enclave: EnclaveModel; site: SiteModel }[] {
  return view.model.workloads.map((workload) => {
    const enclave = view.enclave(workload.enclave);
    return { workload, enclave, site: view.siteOfEnclave(enclave) };
  });
}

/**
 * The construct path a rendered resource was created at, from the metadata aws-cdk-lib and
 * cdktf write (`aws:cdk:path`, `//.metadata.path`), without the stack name.
 */
export function constructPath(resource: OutputResource): string[] {
  const cfnPath = resource.cfn?.Metadata?.['aws:cdk:path'];
  const tfPath = (resource.properties['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
  const full = typeof cfnPath === 'string' ? cfnPath : typeof tfPath === 'string' ? tfPath : '';
  return full.split('/').slice(1);
}

/**
 * The model path a rendered resource belongs to: a workload's path when it was created by a
 * workload construct, otherwise its stack's enclave, network or site.
 */
export function ownerOf(view: EstateView, resource: OutputResource): string {
  const stack = resource.stack;
  const subject = subjectOf(stack);
  if (!stack.plan.enclave) return subject;
  const [enclaveId, workloadId] = constructPath(resource);
  const enclave = view.enclaveAt(stack.plan.enclave);
  // A renamed construct keeps its previous construct id on AWS (so its logical ids do not change).
  if (!enclave || (enclave.id !== enclaveId && enclave.renamedFrom !== enclaveId) || !workloadId) return subject;
  return view.workloadIn(enclave, workloadId)?.path ?? subject;
}

/** Groups per-resource problems and evidence by owning subject and returns one result per subject. */
export function perOwner(
  view: EstateView,
  checked: readonly { resource: OutputResource; problem?: Omit<Problem, 'resource'> }[],
  subjects: readonly string[] = [],
): SubjectResult[] {
  const bySubject = new Map<string, { problems: Problem[]; evidence: ResourceRef[] }>();
  for (const s of subjects) bySubject.set(s, { problems: [], evidence: [] });
  for (const { resource, problem } of checked) {
    const owner = ownerOf(view, resource);
    const entry = bySubject.get(owner) ?? { problems: [], evidence: [] };
    if (problem) entry.problems.push({ ...problem, resource: resource.ref });
    else entry.evidence.push(resource.ref);
    bySubject.set(owner, entry);
  }
  return [...bySubject].map(([subject, { problems, evidence }]) => verdict(subject, problems, evidence));
}

/** Stacks of a kind and platform. */
export function stacks(outputs: RenderedOutputs, platform: Platform, kind?: RenderedStack['plan']['kind']): RenderedStack[] {
  return outputs.stacks.filter((s) => s.plan.platform === platform && (kind === undefined || s.plan.kind === kind));
}

/** `value` as a string when it is one, `${…}` references included. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

/** The rule's subject for estate-wide facts. */
export function estateSubject(view: EstateView): string {
  return view.model.name;
}

/** A readable name for a rendered resource in a problem sentence. */
export function describe(resource: OutputResource): string {
  return `${resource.ref.type} ${resource.ref.id} in stack ${resource.ref.stack}`;
}

/** AWS roles rendered for administrator groups: they carry the administrator-group tag. */
export function administratorRoles(roles: readonly OutputResource[]): OutputResource[] {
  return roles.filter((r) => tagOf(r, ADMINISTRATOR_TAG_KEYS.group) !== undefined);
}

/** The value of a CloudFormation resource's tag, if it carries it. */
export function tagOf(resource: OutputResource, key: string): string | undefined {
  const tags = resource.properties.Tags;
  return Array.isArray(tags) ? (tags.find((t: { Key?: string }) => t.Key === key) as { Value?: string } | undefined)?.Value : undefined;
}
