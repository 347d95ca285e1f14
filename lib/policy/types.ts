import type { EstateModel, Platform } from '../model/types';
import type { EstateView } from '../model/view';
import type { Severity } from './catalogue';
import type { RenderedOutputs } from './outputs';

/** A resource in the rendered outputs: a CloudFormation logical id or a Terraform address. */
export interface ResourceRef {
  readonly platform: Platform;
  /** Stack name (CloudFormation stack or Terraform stack folder). */
  readonly stack: string;
  /** CloudFormation logical id, or Terraform address `type.name`. */
  readonly id: string;
  /** CloudFormation resource type or Terraform resource type. */
  readonly type: string;
}

/** Something wrong with one subject, and how to fix it. */
export interface Problem {
  readonly problem: string;
  readonly fix: string;
  /** The rendered resource at fault, for output checks. */
  readonly resource?: ResourceRef;
}

/**
 * What a rule says of one subject: a site id, or a network, enclave or workload path. Compliant
 * results name the resources that implement the control; not-applicable ones say why.
 */
export type SubjectResult =
  | { readonly subject: string; readonly status: 'compliant'; readonly evidence?: readonly ResourceRef[]; readonly note?: string }
  | { readonly subject: string; readonly status: 'non-compliant'; readonly problems: readonly Problem[] }
  | { readonly subject: string; readonly status: 'not-applicable'; readonly reason: string };

export interface RuleContext {
  readonly model: EstateModel;
  readonly view: EstateView;
  /** The day the rules are evaluated, YYYY-MM-DD: expiry dates are compared with it. */
  readonly today: string;
}

export interface OutputRuleContext extends RuleContext {
  readonly outputs: RenderedOutputs;
}

/**
 * A rule of the catalogue: pure functions over the model and over the rendered outputs. Wording,
 * where it applies and severity live in the catalogue beside the id, not here.
 */
export interface Rule {
  readonly id: string;
  /** Checks the EstateModel. */
  readonly model?: (ctx: RuleContext) => readonly SubjectResult[];
  /** Re-checks the rendered CloudFormation, Terraform JSON and firewall manifests. */
  readonly outputs?: (ctx: OutputRuleContext) => readonly SubjectResult[];
}

/** A finding as reported: which rule, how bad, where, what is wrong and how to fix it. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** Construct path (or site id) of the subject. */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
  /** Where the finding came from: the model, or a re-check of the rendered outputs. */
  readonly source: 'model' | 'outputs' | 'acceptance';
  readonly resource?: ResourceRef;
}

/** A finding let stand by a risk acceptance. */
export interface AcceptedFinding extends Finding {
  readonly acceptance: { readonly reference: string; readonly reason: string; readonly acceptedBy: string; readonly expires: string };
}

/** The status of one rule for one subject, as the evidence pack shows it. */
export interface RuleOutcome {
  readonly rule: string;
  readonly subject: string;
  readonly status: 'held' | 'failed' | 'accepted' | 'not-applicable';
  /** Severity of the findings (failed and accepted outcomes). */
  readonly severity?: Severity;
  /** Why a rule is not applicable. */
  readonly reason?: string;
  /** How a held rule is met, in words (which ISA, which IPsec profile), beside the evidence. */
  readonly note?: string;
  readonly evidence: readonly ResourceRef[];
  readonly findings: readonly Finding[];
}

export const EVALUATION_VERSION = 1;

/** Everything the rules said of an estate. */
export interface Evaluation {
  readonly version: typeof EVALUATION_VERSION;
  readonly estate: string;
  readonly evaluatedOn: string;
  /** Whether the rendered outputs were re-checked too. */
  readonly outputsChecked: boolean;
  readonly outcomes: readonly RuleOutcome[];
  /** Findings that stand: errors stop synthesis. */
  readonly findings: readonly Finding[];
  readonly accepted: readonly AcceptedFinding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly accepted: number };
}
