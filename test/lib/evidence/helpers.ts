import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
