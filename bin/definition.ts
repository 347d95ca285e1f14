import * as fs from 'node:fs';
import * as path from 'node:path';
import { PcloudError } from '../lib/errors';
import type { EstateModel } from '../lib/model/types';
import { PoliceCloud } from '../constructs/police-cloud';

/** The code root of this copy of pcloud: the folder above `bin/`, the repository in source or `dist/` compiled. */
export const CODE_ROOT = path.resolve(__dirname, '..');

/** The folder of pcloud's package.json (the repository, or the installed package). */
export const PACKAGE_ROOT = fs.existsSync(path.join(CODE_ROOT, 'package.json')) ? CODE_ROOT : path.dirname(CODE_ROOT);

/** The definition `pcloud` uses when none is named: the national example. */
export function defaultDefinition(): string {
  return path.join(PACKAGE_ROOT, 'examples', 'national-pcloud.ts');
}

/**
 * A definition could not be loaded or is invalid: exit code 2. Carries the file, and the
 * PcloudError or the error the definition threw.
 */
export class DefinitionError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'DefinitionError';
  }
}

export interface LoadedDefinition {
  readonly file: string;
  readonly cloud: PoliceCloud;
  readonly model: EstateModel;
}

/**
 * Loads a definition: a TypeScript or JavaScript module whose default export is a PoliceCloud
 * or a function returning one. TypeScript is transpiled without type-checking (`tsc` type-checks;
 * loading must be fast). `import ... from 'pcloud'` inside the definition resolves to this copy
 * of pcloud, so the definition and the command line share one set of classes.
 */
export function loadDefinition(file: string): LoadedDefinition {
  const absolute = path.resolve(file);
  const shown = path.relative(process.cwd(), absolute) || absolute;
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
    throw new DefinitionError(
      shown,
      `definition file not found: ${shown}\n  expected: a .ts or .js file whose default export is a PoliceCloud\n  fix:      check the path, or omit it to use the national example`,
    );
  }
  if (!/\.(ts|js|cjs|mts|cts)$/.test(absolute)) {
    throw new DefinitionError(shown, `definition ${shown} is not a TypeScript or JavaScript file\n  fix:      name a .ts or .js file`);
  }
  registerLoader();
  let exported: unknown;
  let factory = false;
  let named: string | undefined;
  try {
    const loaded = require(absolute);
    const esModule = loaded && typeof loaded === 'object' && loaded.__esModule === true;
    exported = loaded && typeof loaded === 'object' && ('default' in loaded || esModule) ? loaded.default : loaded;
    if (esModule && exported === undefined) named = Object.keys(loaded).find((k) => PoliceCloud.isPoliceCloud(loaded[k]));
    if (typeof exported === 'function') {
      factory = true;
      exported = (exported as () => unknown)();
    }
  } catch (e) {
    throw definitionFailure(shown, absolute, e);
  }
  if (!PoliceCloud.isPoliceCloud(exported)) {
    const what = factory
      ? `a default export function that returned ${exported === undefined ? 'nothing' : describe(exported)}`
      : exported === undefined || (typeof exported === 'object' && exported !== null && Object.keys(exported).length === 0)
        ? 'no default export'
        : `a default export that is ${describe(exported)}`;
    throw new DefinitionError(
      shown,
      `definition ${shown} has ${what}\n  expected: export default cloud, where cloud is a PoliceCloud (or a function returning one)\n  fix:      end the file with \`export default ${named ?? 'cloud'};\`${named ? ` (it exports the PoliceCloud as "${named}")` : ''}`,
    );
  }
  try {
    return { file: shown, cloud: exported, model: exported.toModel() };
  } catch (e) {
    throw definitionFailure(shown, absolute, e);
  }
}

function definitionFailure(shown: string, absolute: string, e: unknown): DefinitionError {
  if (PcloudError.isPcloudError(e)) return new DefinitionError(shown, e.describe(shown), e);
  const error = e instanceof Error ? e : new Error(String(e));
  const syntax = error.name === 'SyntaxError';
  const location = locate(error, absolute);
  const first = error.message.split('\n').find((l) => l.trim()) ?? error.message;
  if (syntax) {
    // The TypeScript transform reports `Error transforming FILE: reason (line:column)` with a `loc`;
    // Node reports a JavaScript syntax error with the file and line in its stack.
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const where = loc ? `${path.relative(process.cwd(), absolute)}:${loc.line}:${loc.column}` : location;
    const reason = loc ? first.replace(/^Error transforming [^:]+: /, '').replace(/ \(\d+:\d+\)$/, '') : first;
    return new DefinitionError(
      shown,
      `definition ${shown} does not parse${where ? ` (${where})` : ''}: ${reason}\n  fix:      correct the syntax; \`npx tsc --noEmit\` shows every error`,
      e,
    );
  }
  if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
    return new DefinitionError(shown, `definition ${shown} imports a module that cannot be found: ${first}\n  fix:      import pcloud as 'pcloud' and install what else the definition uses`, e);
  }
  return new DefinitionError(
    shown,
    `definition ${shown} threw ${error.name}${location ? ` at ${location}` : ''}: ${first}\n  fix:      correct the definition; run with --verbose for the stack trace`,
    e,
  );
}

/** `file:line:column` of the first stack frame in the definition, relative to the cwd. */
function locate(error: Error, absolute: string): string | undefined {
  const text = `${error.message}\n${error.stack ?? ''}`;
  const escaped = absolute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(text);
  if (!match) return undefined;
  return `${path.relative(process.cwd(), absolute)}:${match[1]}${match[2] ? `:${match[2]}` : ''}`;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof x}`;
}

let registered = false;

/** Registers TypeScript transpilation and the `pcloud` self-reference, once. */
function registerLoader(): void {
  if (registered) return;
  registered = true;
  const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = Module._resolveFilename;
  const targets = new Set(['aws', 'azure', 'vsphere']);
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === 'pcloud') return resolve.call(this, path.join(CODE_ROOT, 'index'), ...rest);
    if (request.startsWith('pcloud/') && targets.has(request.slice(7))) {
      return resolve.call(this, path.join(CODE_ROOT, 'constructs', request.slice(7), 'index'), ...rest);
    }
    return resolve.call(this, request, ...rest);
  };
  const extensions = (require as NodeJS.Require).extensions as Record<string, (module: NodeModule, filename: string) => void> | undefined;
  if (extensions && !extensions['.ts']) {
    for (const extension of ['.ts', '.cts', '.mts']) extensions[extension] = compileTypeScript;
  }
}

/**
 * Strips the types of a TypeScript file and loads it as CommonJS, without type-checking (`tsc` does
 * that) and without a source-map hook: the transform keeps every line where it was, so stack traces
 * name the definition's own lines, and nothing maps every stack trace that cdktf captures while
 * rendering (a source-map hook tripled the time of a national Terraform render).
 */
function compileTypeScript(module: NodeModule, filename: string): void {
  const { transform }: typeof import('sucrase') = require('sucrase');
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transform(source, { transforms: ['typescript', 'imports'], filePath: filename, disableESTransforms: true, production: true });
  (module as NodeModule & { _compile(code: string, filename: string): void })._compile(code, filename);
}
