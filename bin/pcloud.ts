#!/usr/bin/env node
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { PcloudError } from '../lib/errors';
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
    .action((definition: string | undefined, options: { out: string; target?: Platform[]; validate: boolean }) => {
      verbose = program.opts().verbose === true;
      const file = definition ?? path.relative(process.cwd(), defaultDefinition());
      io.err(`pcloud: loading ${file}`);
      const loaded = loadDefinition(file);
      const m = loaded.model;
      io.err(
        `pcloud: estate "${m.name}": ${m.sites.length} sites, ${m.networks.length} networks, ${m.enclaves.length} enclaves, ${m.workloads.length} workloads, ${m.flows.length} flows`,
      );
      const result = loaded.cloud.synth({
        outdir: options.out,
        ...(options.target ? { targets: options.target } : {}),
        validateCloudFormation: options.validate,
        onProgress: (message) => io.err(`pcloud: ${message}`),
      });
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

  try {
    program.parse(['node', 'pcloud', ...argv]);
  } catch (e) {
    code = report(e, verbose, io);
  }
  return code;
}

function report(e: unknown, verbose: boolean, io: Io): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.badInput;
  }
  if (e instanceof DefinitionError) {
    io.err(`pcloud: ${e.message}`);
    if (verbose && e.cause instanceof Error && e.cause.stack) io.err(e.cause.stack);
    return EXIT.badInput;
  }
  if (PcloudError.isPcloudError(e)) {
    io.err(`pcloud: ${e.describe()}`);
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
