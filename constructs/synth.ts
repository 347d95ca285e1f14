import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firewallManifests } from '../lib/firewall-manifest';
import { evaluate, todayIso } from '../lib/policy/evaluate';
import { FindingsError } from '../lib/policy/findings-error';
import { readOutputs } from '../lib/policy/outputs';
import type { Evaluation } from '../lib/policy/types';
import { PLATFORMS, type EstateModel, type Platform } from '../lib/model/types';
import { planStacks, type StackPlan } from '../lib/plan/stacks';
import type { TerraformStateConfig } from '../lib/plan/terraform-state';
import { markEstateApp } from './private/own-stack-rules';
import { describeViolation, startTemplateValidator, type TemplateValidator } from './aws/private/template-validation';

export interface SynthOptions {
  /**
   * Folder the outputs are written to.
   * @default 'pcloud.out'
   */
  readonly outdir?: string;
  /**
   * Render only these platforms (model.json and the firewall manifests are always written).
   * @default - every platform the estate uses
   */
  readonly targets?: readonly Platform[];
  /**
   * Run aws-cdk-lib's CloudFormation validator over every AWS template (in a worker thread, beside
   * the rest of the synthesis): an error fails the synthesis. It costs seconds of CPU; tests that
   * do not test it turn it off.
   * @default true
   */
  readonly validateCloudFormation?: boolean;
  /**
   * Where Terraform keeps the state of each Azure and vSphere stack.
   * @default { type: 'local' }: `<outdir>/terraform-state/<stack>.tfstate`, kept across syntheses
   */
  readonly terraformState?: TerraformStateConfig;
  /** Receives one line per step, for progress on stderr. */
  readonly onProgress?: (message: string) => void;
  /**
   * The day the rules are evaluated (expiry of accreditations and risk acceptances).
   * @default - today
   */
  readonly today?: string;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly StackPlan[];
  /** What the rules said of the model and the rendered outputs (`pcloud check` writes it to findings.json). */
  readonly evaluation: Evaluation;
  /** Files written, relative to `outdir`, sorted. */
  readonly files: readonly string[];
}

/** Files in the output folder that belong to the user, not to a synthesis: kept across syntheses. */
const KEPT = ['terraform-state'];

/**
 * Renders an estate into `outdir`: `model.json`, `cdk.out/` (AWS), `cdktf.out/` (Azure, vSphere)
 * and `firewall/<site>.json`. Everything is written into a temporary sibling folder first and
 * swapped in at the end, so a failed synthesis leaves the previous output as it was.
 */
export function synthEstate(model: EstateModel, options: SynthOptions = {}): SynthResult {
  const outdir = path.resolve(options.outdir ?? 'pcloud.out');
  const progress = options.onProgress ?? (() => undefined);
  const targets = options.targets ?? PLATFORMS;
  const plans = planStacks(model, targets);
  const today = options.today ?? todayIso();
  const before = evaluate(model, { today });
  if (before.summary.errors > 0) throw new FindingsError(before);
  removeAbandoned(outdir);
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  // The validator warms up from here, beside the rendering.
  const validator = (options.validateCloudFormation ?? true) && plans.some((p) => p.platform === 'aws') ? startTemplateValidator() : undefined;
  try {
    renderInto(staging, model, plans, options, validator);
    const outputs = readOutputs(staging, model);
    // Defence in depth: the rules re-check what the renderers wrote before it replaces anything.
    const evaluation = evaluate(model, { today, outputs });
    progress(`rules: ${evaluation.summary.errors} errors, ${evaluation.summary.warnings} warnings, ${evaluation.summary.accepted} accepted`);
    if (evaluation.summary.errors > 0) throw new FindingsError(evaluation);
    if (validator) {
      const warnings = validator.wait();
      progress(`aws: CloudFormation validator: ${warnings.length ? `${warnings.length} warnings\n${warnings.map(describeViolation).join('\n')}` : 'no findings'}`);
    }
    const files = listFiles(staging);
    swapIn(staging, outdir);
    progress(`wrote ${files.length} files to ${outdir}`);
    return { outdir, stacks: plans, files, evaluation };
  } catch (e) {
    void validator?.cancel();
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Renders every stack of the estate into `dir` without checking the rules: what `check` re-reads.
 * The CloudFormation validator is off.
 */
export function renderEstate(model: EstateModel, dir: string, options: Pick<SynthOptions, 'terraformState'> = {}): void {
  renderInto(dir, model, planStacks(model), { ...options, validateCloudFormation: false });
}

/**
 * Writes model.json, the cloud assembly, the Terraform stacks and the firewall manifests into `dir`.
 * A `validator` is given the AWS templates as soon as they are written.
 */
function renderInto(dir: string, model: EstateModel, plans: readonly StackPlan[], options: SynthOptions, validator?: TemplateValidator): void {
  const progress = options.onProgress ?? (() => undefined);
  writeJson(path.join(dir, 'model.json'), model);
  const aws = plans.filter((p) => p.platform === 'aws');
  if (aws.length) {
    progress(`aws: ${aws.length} CloudFormation stacks`);
    const { synthAwsEstate, templatesOf }: typeof import('./aws/estate') = require('./aws/estate');
    const outdir = path.join(dir, 'cdk.out');
    synthAwsEstate(model, aws, outdir, { validate: false });
    validator?.validate(templatesOf(model, aws, outdir));
  }
  const terraform = plans.filter((p) => p.platform !== 'aws');
  if (terraform.length) {
    progress(`terraform: ${terraform.length} stacks (${[...new Set(terraform.map((p) => p.platform))].join(', ')})`);
    synthTerraformEstate(model, terraform, path.join(dir, 'cdktf.out'), options.terraformState);
  }
  for (const manifest of firewallManifests(model)) {
    writeJson(path.join(dir, 'firewall', `${manifest.site}.json`), manifest);
  }
}

/**
 * Checks an estate against the rules: the model, then the outputs rendered into a temporary
 * folder (removed afterwards). Writes nothing else and throws for no finding: the caller decides.
 */
export function checkEstate(model: EstateModel, options: Pick<SynthOptions, 'today' | 'onProgress' | 'terraformState'> = {}): Evaluation {
  const today = options.today ?? todayIso();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-check-'));
  try {
    renderEstate(model, dir, options);
    const outputs = readOutputs(dir, model);
    return evaluate(model, { today, outputs });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReportResult {
  readonly evaluation: Evaluation;
  /** Files written, absolute. */
  readonly files: readonly string[];
}

/**
 * Writes the evidence pack of an estate to `<outdir>/evidence/` (JSON, Markdown, HTML with the
 * network diagram, and the diagram as SVG): the estate, its rules per NCSC principle with the
 * resources that implement them, the accepted risks, the flows and the cdk-nag acknowledgements.
 * Error findings do not stop it: an accreditor reads them there. The previous pack is replaced whole.
 */
export function reportEstate(model: EstateModel, options: Pick<SynthOptions, 'outdir' | 'today' | 'terraformState' | 'onProgress'> = {}): ReportResult {
  const { buildEvidence, writeEvidence }: typeof import('../lib/evidence') = require('../lib/evidence');
  const outdir = path.resolve(options.outdir ?? 'pcloud.out');
  const today = options.today ?? todayIso();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-report-'));
  try {
    options.onProgress?.('rendering the outputs to re-check them');
    renderEstate(model, path.join(work, 'rendered'), options);
    const outputs = readOutputs(path.join(work, 'rendered'), model);
    const evaluation = evaluate(model, { today, outputs });
    const written = writeEvidence(work, buildEvidence({ model, evaluation, outputs }));
    fs.mkdirSync(outdir, { recursive: true });
    const target = path.join(outdir, 'evidence');
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(path.join(work, 'evidence'), target, { recursive: true });
    return { evaluation, files: written.map((f) => path.join(target, path.basename(f))) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Synthesises the estate's Azure and vSphere stacks with CDK for Terraform into `outdir`
 * (`stacks/<stack>/cdk.tf.json`, where `terraform init` and `plan` run).
 */
export function synthTerraformEstate(
  model: EstateModel,
  plans: readonly StackPlan[],
  outdir: string,
  state: TerraformStateConfig = { type: 'local' },
): void {
  const tf: typeof import('./terraform') = require('./terraform');
  tf.withoutTokenStackTraces(() => {
    const app = tf.newTerraformApp(outdir);
    markEstateApp(app);
    const azure = plans.filter((p) => p.platform === 'azure');
    if (azure.length) {
      const { renderAzureEstate }: typeof import('./azure/estate') = require('./azure/estate');
      renderAzureEstate(app, model, azure, state);
    }
    const vsphere = plans.filter((p) => p.platform === 'vsphere');
    if (vsphere.length) {
      const { renderVsphereEstate }: typeof import('./vsphere/estate') = require('./vsphere/estate');
      renderVsphereEstate(app, model, vsphere, state);
    }
    tf.synthTerraformApp(app);
  });
}

/** Replaces `outdir` with `staging`, carrying over what belongs to the user (local Terraform state). */
function swapIn(staging: string, outdir: string): void {
  if (fs.existsSync(outdir)) {
    for (const kept of KEPT) {
      const from = path.join(outdir, kept);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(staging, kept), { recursive: true });
    }
    const retired = `${outdir}.retired-${process.pid}`;
    fs.rmSync(retired, { recursive: true, force: true });
    fs.renameSync(outdir, retired);
    fs.renameSync(staging, outdir);
    fs.rmSync(retired, { recursive: true, force: true });
  } else {
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.renameSync(staging, outdir);
  }
}

/**
 * Tidies up after a synthesis that was killed: its staging folder is removed; if it died between
 * the two renames of the swap, the previous output it had set aside is put back.
 */
function removeAbandoned(outdir: string): void {
  const dir = path.dirname(outdir);
  if (!fs.existsSync(dir)) return;
  const prefix = `${path.basename(outdir)}.`;
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.startsWith(prefix)) continue;
    const [kind, pid] = name.slice(prefix.length).split('-');
    if ((kind !== 'staging' && kind !== 'retired') || !/^\d+$/.test(pid ?? '') || isAlive(Number(pid))) continue;
    const abandoned = path.join(dir, name);
    if (kind === 'retired' && !fs.existsSync(outdir)) fs.renameSync(abandoned, outdir);
    else fs.rmSync(abandoned, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]))
    .sort();
}
