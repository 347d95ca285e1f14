import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDefinition } from '../../../bin/definition';
import { renderEstate } from '../../../constructs/synth';
import type { PoliceCloud } from '../../../constructs/police-cloud';
import type { EstateModel } from '../../../lib/model/types';
import { evaluate } from '../../../lib/policy/evaluate';
import { FindingsError } from '../../../lib/policy/findings-error';
import { readOutputs, type RenderedOutputs } from '../../../lib/policy/outputs';
import type { Evaluation } from '../../../lib/policy/types';

/** The evaluation date of every evidence test. */
export const TODAY = '2026-11-22';

export interface Synthesised {
  readonly dir: string;
  readonly model: EstateModel;
  readonly outputs: RenderedOutputs;
  readonly evaluation: Evaluation;
}

/**
 * Synthesises `cloud` into a fresh temporary folder, reads the outputs back and evaluates them,
 * as `pcloud report` would. The evidence pack must also show an estate with standing findings,
 * which `synth()` refuses to write: then the outputs are rendered without the gate.
 */
export function synthesise(cloud: PoliceCloud, prefix = 'pcloud-evidence-'): Synthesised {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const model = cloud.toModel();
  try {
    cloud.synth({ outdir: dir, validateCloudFormation: false, today: TODAY });
  } catch (e) {
    if (!FindingsError.isFindingsError(e)) throw e;
    renderEstate(model, dir);
  }
  const outputs = readOutputs(dir, model);
  return { dir, model, outputs, evaluation: evaluate(model, { today: TODAY, outputs }) };
}

/** Opening `<g>` tags with data attributes, in document order, with their parent group. */
export interface SvgGroup {
  readonly attrs: Readonly<Record<string, string>>;
  readonly parent?: SvgGroup;
  /** The first rectangle drawn in the group: its box. */
  rect?: { x: number; y: number; w: number; h: number };
}

/** Parses the diagram's groups well enough to check nesting and geometry (it is our own SVG). */
export function svgGroups(svg: string): SvgGroup[] {
  const groups: SvgGroup[] = [];
  const stack: SvgGroup[] = [];
  for (const m of svg.matchAll(/<g\b([^>]*)>|<\/g>|<rect\b([^>]*)\/>/g)) {
    if (m[0] === '</g>') {
      stack.pop();
    } else if (m[0].startsWith('<g')) {
      const attrs = Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
      const group: SvgGroup = { attrs, ...(stack.length ? { parent: stack[stack.length - 1] } : {}) };
      groups.push(group);
      stack.push(group);
    } else {
      const top = stack[stack.length - 1];
      if (top && !top.rect) {
        const a = Object.fromEntries([...m[2].matchAll(/([\w-]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
        top.rect = { x: Number(a.x), y: Number(a.y), w: Number(a.width), h: Number(a.height) };
      }
    }
  }
  return groups;
}

export function within(inner: { x: number; y: number; w: number; h: number }, outer: { x: number; y: number; w: number; h: number }): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function overlap(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The national example loaded as `pcloud report` loads a definition, and evaluated on `today` without outputs. */
export function loadNational(today = TODAY): { model: EstateModel; evaluation: Evaluation } {
  const { model } = loadDefinition(path.join(__dirname, '..', '..', '..', 'examples', 'national-pcloud.ts'));
  return { model, evaluation: evaluate(model, { today }) };
}

/**
 * Each Markdown table (a run of lines starting with `|`) as its rows of cells, splitting on pipes
 * that are not escaped; a well-formed table has as many cells in every row as in its header.
 */
export function markdownTables(md: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line.replace(/^\||\|$/g, '').split(/(?<!\\)\|/);
      if (!current) tables.push((current = []));
      current.push(cells);
    } else {
      current = undefined;
    }
  }
  return tables;
}

/**
 * Problems that would stop an XML parser: an unbalanced or stray tag, an unquoted attribute, a raw
 * `<` or an unescaped `&` in text. Empty for well-formed markup (enough for our own SVG).
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textPart = xml.slice(i, lt < 0 ? xml.length : lt);
    if (/&(?!(?:amp|lt|gt|quot|#39|#\d+|#x[0-9a-f]+);)/i.test(textPart)) problems.push(`unescaped & in text near "${textPart.slice(0, 40)}"`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
      break;
    }
    if (/&(?!(?:amp|lt|gt|quot|#39|#\d+|#x[0-9a-f]+);)/i.test(m[3])) problems.push(`unescaped & in attributes of <${m[2]}>`);
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) problems.push(`</${m[2]}> closes <${open}>`);
    } else if (!m[4]) {
      stack.push(m[2]);
    }
    i = tag.lastIndex;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}
