#!/usr/bin/env node
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'node:fs';
import { PcloudError } from '../lib/errors';
import { FindingsError, acceptedTable, findingsTable } from '../lib/policy/findings-error';
import type { Evaluation } from '../lib/policy/types';
import { DiffInputError } from '../lib/diff/errors';
import type { Category } from '../lib/diff/categorize';
import { PLATFORMS, type Platform } from '../lib/model/types';
import { DefinitionError, PACKAGE_ROOT, defaultDefinition, loadDefinition } from './definition';

/** Exit codes: 0 fine; 1 an error finding, a failed validation or an internal failure; 2 bad definition or arguments. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Runs the command line and returns the exit code. */
export function run(argv: readonly string[], io: Io = processIo): number {
  let verbose = argv.includes('--verbose');
  let code: number = EXIT.ok;
  // The definition being worked on, for errors found after loading (a stack past a quota).
  let definitionFile: string | undefined;
  const load = (definition: string | undefined) => {
    const loaded = loadWithProgress(definition, io);
    definitionFile = loaded.file;
    return loaded;
  };
  const program = new Command('pcloud')
    .description('Accredited infrastructure for UK police hybrid clouds: synthesise one estate definition to AWS, Azure and vSphere.')
    .version(require(path.join(PACKAGE_ROOT, 'package.json')).version)
    .option('--verbose', 'print stack traces for errors')
    .showHelpAfterError('(run pcloud --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('synth')
    .description('render the estate: cdk.out (AWS), cdktf.out (Azure, vSphere), model.json and vSphere firewall manifests')
    .argument('[definition]', 'TypeScript or JavaScript file whose default export is a PoliceCloud (default: the national example)')
    .option('-o, --out <dir>', 'output folder', 'pcloud.out')
    .addOption(new Option('-t, --target <platform...>', 'render only these platforms').choices([...PLATFORMS]))
    .option('--no-validate', "skip aws-cdk-lib's CloudFormation schema validation (faster; not for release)")
    .addOption(todayOption())
    .action((definition: string | undefined, options: { out: string; target?: Platform[]; validate: boolean; today?: string }) => {
      verbose = program.opts().verbose === true;
      const loaded = load(definition);
      const m = loaded.model;
      const result = loaded.cloud.synth({
        outdir: options.out,
        ...(options.target ? { targets: options.target } : {}),
        ...(options.today ? { today: options.today } : {}),
        validateCloudFormation: options.validate,
        onProgress: (message) => io.err(`pcloud: ${message}`),
      });
      printStanding(result.evaluation, io);
      const relative = path.relative(process.cwd(), result.outdir);
      const rel = relative === '' ? '.' : relative.startsWith('..') ? result.outdir : relative;
      const lines = [`Synthesised estate "${m.name}" from ${loaded.file} into ${rel}/`];
      const width = Math.max(...result.stacks.map((s) => s.name.length), 5);
      for (const stack of result.stacks) {
        const where = stack.platform === 'aws' ? `cdk.out/${stack.name}.template.json` : `cdktf.out/stacks/${stack.name}/cdk.tf.json`;
        lines.push(`  ${stack.platform.padEnd(8)} ${stack.kind.padEnd(8)} ${stack.name.padEnd(width)}  ${rel}/${where}`);
      }
      for (const file of result.files.filter((f) => f.startsWith('firewall/'))) lines.push(`  vsphere  firewall ${file.padEnd(width)}  ${rel}/${file}`);
      lines.push(`  model    ${''.padEnd(8)} ${'model.json'.padEnd(width)}  ${rel}/model.json`);
      io.out(lines.join('\n'));
    });

  program
    .command('check')
    .description('check the estate against the accreditation rules (model and rendered outputs); exit 1 on an error finding')
    .argument('[definition]', 'TypeScript or JavaScript file whose default export is a PoliceCloud (default: the national example)')
    .option('-o, --out <file>', 'where to write the findings as JSON', 'findings.json')
    .addOption(todayOption())
    .action((definition: string | undefined, options: { out: string; today?: string }) => {
      verbose = program.opts().verbose === true;
      const loaded = load(definition);
      const evaluation = loaded.cloud.check({ ...(options.today ? { today: options.today } : {}), onProgress: (message) => io.err(`pcloud: ${message}`) });
      fs.writeFileSync(options.out, `${JSON.stringify(evaluation, null, 2)}\n`);
      const s = evaluation.summary;
      const held = evaluation.outcomes.filter((o) => o.status === 'held').length;
      io.out(findingsTable(evaluation.findings));
      if (evaluation.accepted.length) io.out(`\n${acceptedTable(evaluation.accepted)}`);
      io.out(
        `\n${s.errors} errors, ${s.warnings} warnings, ${s.accepted} accepted; ${held} controls held across ${new Set(evaluation.outcomes.map((o) => o.rule)).size} rules (evaluated ${evaluation.evaluatedOn}). Findings written to ${options.out}.`,
      );
      if (s.errors > 0) code = EXIT.failed;
    });

  program
    .command('report')
    .description('write the evidence pack (evidence.json, evidence.md, evidence.html with the network diagram) to DIR/evidence')
    .argument('[definition]', 'TypeScript or JavaScript file whose default export is a PoliceCloud (default: the national example)')
    .option('-o, --out <dir>', 'folder to write evidence/ into', 'pcloud.out')
    .addOption(todayOption())
    .action((definition: string | undefined, options: { out: string; today?: string }) => {
      verbose = program.opts().verbose === true;
      const loaded = load(definition);
      const result = loaded.cloud.report({ outdir: options.out, ...(options.today ? { today: options.today } : {}), onProgress: (message) => io.err(`pcloud: ${message}`) });
      const s = result.evaluation.summary;
      io.out(
        [
          `Evidence pack for estate "${loaded.model.name}" (evaluated ${result.evaluation.evaluatedOn}): ${s.errors} errors, ${s.warnings} warnings, ${s.accepted} accepted`,
          ...result.files.map((f) => `  ${path.relative(process.cwd(), f).startsWith('..') ? f : path.relative(process.cwd(), f)}`),
        ].join('\n'),
      );
    });

  program
    .command('diff')
    .description('compare two pcloud synth outputs for CI: data loss, broadening, weakening, re-accreditation')
    .argument('<base>', 'folder pcloud synth wrote for the base (e.g. the target branch)')
    .argument('<head>', 'folder pcloud synth wrote for the change')
    .addOption(new Option('-f, --format <format>', 'text for a terminal, md for a pull-request comment, json for tools').choices(['text', 'md', 'json']).default('text'))
    .option('--fail-on <categories>', 'exit 1 when one of these occurs: data-loss, broadening, weakening, reaccreditation, any (comma-separated)', parseFailOn)
    .option('--plan <stack=file...>', 'terraform show -json output of a Terraform stack: its actions are the authority for that stack')
    .option('--changeset <stack=file...>', 'a described CloudFormation change set (describe-change-set JSON); the stack may be omitted when the file names it')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .action((baseDir: string, headDir: string, options: { format: 'text' | 'md' | 'json'; failOn?: (Category | 'any')[]; plan?: string[]; changeset?: string[]; out?: string }) => {
      verbose = program.opts().verbose === true;
      const { diffSynthOutputs, renderDiffMarkdown, renderDiffText, tripsFailOn }: typeof import('../lib/diff') = require('../lib/diff');
      const report = diffSynthOutputs(baseDir, headDir, {
        plans: readPairs(options.plan ?? [], '--plan', false),
        changeSets: readPairs(options.changeset ?? [], '--changeset', true),
      });
      const text = options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : options.format === 'md' ? renderDiffMarkdown(report) : renderDiffText(report);
      if (options.out) fs.writeFileSync(options.out, text.endsWith('\n') ? text : `${text}\n`);
      else io.out(text);
      if (options.failOn && tripsFailOn(report, options.failOn)) {
        io.err(`pcloud: failing: ${report.verdict.filter((c) => options.failOn!.includes(c) || options.failOn!.includes('any')).join(', ')} (--fail-on ${options.failOn.join(',')})`);
        code = EXIT.failed;
      }
    });

  try {
    program.parse(['node', 'pcloud', ...argv]);
  } catch (e) {
    code = report(e, verbose, io, definitionFile);
  }
  return code;
}

function loadWithProgress(definition: string | undefined, io: Io) {
  const file = definition ?? path.relative(process.cwd(), defaultDefinition());
  io.err(`pcloud: loading ${file}`);
  const loaded = loadDefinition(file);
  const m = loaded.model;
  const links = [
    [m.sharedServices.length, 'shared services'],
    [m.exchanges.length, 'exchanges'],
    [m.interconnects.length, 'interconnects'],
  ]
    .filter(([n]) => n)
    .map(([n, what]) => `, ${n} ${what}`)
    .join('');
  io.err(`pcloud: estate "${m.name}": ${m.sites.length} sites, ${m.networks.length} networks, ${m.enclaves.length} enclaves, ${m.workloads.length} workloads, ${m.flows.length} flows${links}`);
  return loaded;
}

const FAIL_ON = ['data-loss', 'broadening', 'weakening', 'reaccreditation', 'any'] as const;

function parseFailOn(value: string): (Category | 'any')[] {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = list.filter((v) => !(FAIL_ON as readonly string[]).includes(v));
  if (!list.length || bad.length) throw new InvalidArgumentError(`expected a comma-separated list of ${FAIL_ON.join(', ')}${bad.length ? `; not ${bad.join(', ')}` : ''}`);
  return list as (Category | 'any')[];
}

/** `stack=file` pairs (or a bare file whose JSON names its stack) read as JSON. */
function readPairs(pairs: readonly string[], option: string, stackInFile: boolean): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const file = eq > 0 ? pair.slice(eq + 1) : pair;
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new DiffInputError(`${option} ${file} cannot be read as JSON: ${(e as Error).message}`, `give the JSON file ${option === '--plan' ? '`terraform show -json PLANFILE` printed' : '`aws cloudformation describe-change-set --output json` printed'}`);
    }
    const named = stackInFile ? (json as { StackName?: unknown })?.StackName : undefined;
    const stack = eq > 0 ? pair.slice(0, eq) : typeof named === 'string' ? named : undefined;
    if (!stack) throw new DiffInputError(`${option} ${pair} names no stack`, `write ${option} STACK=${file}`);
    result.set(stack, json);
  }
  return result;
}

function todayOption(): Option {
  return new Option('--today <date>', 'evaluate expiry dates as of this day (YYYY-MM-DD)').argParser((value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
    return value;
  });
}

/** Warnings and accepted findings do not stop synthesis, but they are said. */
function printStanding(evaluation: Evaluation, io: Io): void {
  const standing = evaluation.findings;
  if (standing.length) io.err(`pcloud: ${standing.length} warnings stand:\n${findingsTable(standing)}`);
  if (evaluation.accepted.length) io.err(`pcloud: ${evaluation.accepted.length} findings accepted by risk acceptances (see pcloud check)`);
}

function report(e: unknown, verbose: boolean, io: Io, definitionFile?: string): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.badInput;
  }
  if (e instanceof DefinitionError) {
    io.err(`pcloud: ${e.message}`);
    if (verbose && e.cause instanceof Error && e.cause.stack) io.err(e.cause.stack);
    return EXIT.badInput;
  }
  if (e instanceof DiffInputError) {
    io.err(`pcloud: ${e.message}\n  fix:      ${e.fix}`);
    if (verbose && e.stack) io.err(e.stack);
    return EXIT.badInput;
  }
  if (FindingsError.isFindingsError(e)) {
    io.err(`pcloud: nothing written: error findings stand\n${findingsTable(e.evaluation.findings)}`);
    io.err(`pcloud: fix them, or record a risk acceptance (cloud.acceptRisk) for each one that is accepted; the previous output, if any, is unchanged`);
    return EXIT.failed;
  }
  if (PcloudError.isPcloudError(e)) {
    io.err(`pcloud: ${e.describe(definitionFile)}`);
    if (verbose && e.stack) io.err(e.stack);
    return EXIT.badInput;
  }
  const error = e instanceof Error ? e : new Error(String(e));
  io.err(`pcloud: synthesis failed: ${error.message}`);
  io.err(verbose && error.stack ? error.stack : 'pcloud: the previous output, if any, is unchanged; run with --verbose for the stack trace');
  return EXIT.failed;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
