import type { Platform } from '../model/types';
import { NCSC_PRINCIPLES } from '../policy/catalogue';
import { CATEGORIES, type Category, type DiffItem } from './categorize';
import type { ModelChange } from './model';
import type { ResourceAction, ResourceChange } from './types';

/** The version of the diff's JSON shape (documented in the README). */
export const DIFF_VERSION = 1;

export interface StackDiff {
  readonly stack: string;
  readonly platform: Platform;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Where the resource verdicts came from. */
  readonly source: ResourceChange['source'];
  readonly counts: Readonly<Record<ResourceAction, number>>;
  readonly changes: readonly ResourceChange[];
  /** cloudformation-diff's IAM and security-group tables (AWS), header row first. */
  readonly iam?: readonly (readonly string[])[];
  readonly securityGroups?: readonly (readonly string[])[];
}

export interface DiffReport {
  readonly version: typeof DIFF_VERSION;
  readonly base: { readonly estate: string; readonly dir: string };
  readonly head: { readonly estate: string; readonly dir: string };
  /** The categories that occur, in the order data-loss, broadening, weakening, reaccreditation. */
  readonly verdict: readonly Category[];
  readonly counts: Readonly<Record<Category, number>>;
  readonly items: readonly DiffItem[];
  readonly model: readonly ModelChange[];
  readonly stacks: readonly StackDiff[];
}

const TITLE: Record<Category, string> = {
  'data-loss': 'Data loss',
  broadening: 'Broadening',
  weakening: 'Weakening',
  reaccreditation: 'Needs re-accreditation',
};

const EXPLAIN: Record<Category, string> = {
  'data-loss': 'a disk, database, store, key, vault, log group or archive is deleted or replaced',
  broadening: 'a new or wider path, flow, internet exposure or permission',
  weakening: 'a control is reduced, or a risk acceptance added or extended',
  reaccreditation: 'classification, site, address plan, tenant or accreditation record changed',
};

/** GitHub and GitLab cap a comment at 65,536 characters. */
export const MARKDOWN_LIMIT = 60_000;

/** A pull-request comment: the verdict and counts first, then per category, then per stack. */
export function renderDiffMarkdown(report: DiffReport, limit = MARKDOWN_LIMIT): string {
  const head: string[] = [`## pcloud diff: ${report.head.estate}`, ''];
  head.push(
    report.verdict.length
      ? `**Verdict: ${report.verdict.map((c) => TITLE[c].toLowerCase()).join(', ')}.**`
      : '**Verdict: nothing destroys data, broadens access, weakens a control or needs re-accreditation.**',
    '',
    '| category | items | means |',
    '|---|---:|---|',
    ...CATEGORIES.map((c) => `| ${TITLE[c]} | ${report.counts[c]} | ${EXPLAIN[c]} |`),
    '',
  );
  const sections: string[] = [];
  for (const category of CATEGORIES) {
    const items = report.items.filter((i) => i.category === category);
    if (!items.length) continue;
    sections.push(`### ${TITLE[category]} (${items.length})`, '', ...items.map((i) => `- ${itemLine(i, true)}`), '');
  }
  if (report.model.length) {
    sections.push(`### Declared changes (${report.model.length})`, '', '<details><summary>What the definition changed</summary>', '', '| | entity | path | fields |', '|---|---|---|---|');
    for (const m of report.model) sections.push(`| ${m.change} | ${m.entity} | \`${m.path}\`${m.basePath ? ` (was \`${m.basePath}\`)` : ''} | ${m.fields.map((f) => `${f.field}: ${short(f.before)} → ${short(f.after)}`).join('; ')} |`);
    sections.push('', '</details>', '');
  }
  const changed = report.stacks.filter((s) => s.status !== 'unchanged');
  sections.push(`### Stacks (${changed.length} changed of ${report.stacks.length})`, '', '| stack | platform | status | add | update | replace | may replace | remove | move |', '|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const s of changed) {
    const c = s.counts;
    sections.push(`| \`${s.stack}\` | ${s.platform} | ${s.status}${s.source !== 'synth' ? ` (${s.source})` : ''} | ${c.add} | ${c.update} | ${c.replace} | ${c['may-replace']} | ${c.remove} | ${c.move} |`);
  }
  sections.push('');
  for (const s of changed) {
    sections.push(`<details><summary><code>${s.stack}</code>: ${s.changes.length} resource changes</summary>`, '', '| action | resource | type | changed |', '|---|---|---|---|');
    for (const ch of s.changes) sections.push(`| ${ch.action}${ch.retained ? ' (retained)' : ''} | \`${ch.id}\`${ch.movedFrom ? ` from \`${ch.movedFrom}\`` : ''} | ${ch.type} | ${ch.changed.map((p) => (ch.replacing.includes(p) ? `**${p}**` : p)).join(', ')} |`);
    sections.push('', '</details>', '');
  }
  if (report.stacks.length > changed.length) sections.push(`${report.stacks.length - changed.length} stacks unchanged.`, '');
  return fit(head.join('\n'), sections, limit);
}

/** For a terminal. */
export function renderDiffText(report: DiffReport): string {
  const lines = [
    `pcloud diff: ${report.base.dir} -> ${report.head.dir} (estate ${report.head.estate})`,
    report.verdict.length ? `verdict: ${report.verdict.join(', ')}` : 'verdict: no data loss, broadening, weakening or re-accreditation',
    '',
  ];
  for (const category of CATEGORIES) {
    const items = report.items.filter((i) => i.category === category);
    if (!items.length) continue;
    lines.push(`${TITLE[category]} (${items.length}):`, ...items.map((i) => `  ${itemLine(i, false)}`), '');
  }
  for (const s of report.stacks.filter((x) => x.status !== 'unchanged')) {
    lines.push(`${s.stack} (${s.platform}, ${s.status}${s.source !== 'synth' ? `, from ${s.source}` : ''}):`);
    for (const ch of s.changes) lines.push(`  ${ch.action.padEnd(11)} ${ch.id}  ${ch.type}${ch.changed.length ? `  [${ch.changed.join(', ')}]` : ''}${ch.movedFrom ? `  (from ${ch.movedFrom})` : ''}`);
  }
  return lines.join('\n').trimEnd();
}

function itemLine(i: DiffItem, markdown: boolean): string {
  const code = (s: string) => (markdown ? `\`${s}\`` : s);
  const principles = i.principles.map((p) => `${p} ${NCSC_PRINCIPLES[p]}`).join('; ');
  const where = i.resource ? ` (${i.stack ? `${code(i.stack)} ` : ''}${code(i.resource)})` : '';
  return `${markdown ? `**${i.rule}**` : i.rule} [NCSC ${principles}] ${code(i.subject)}: ${i.summary}${where}`;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '–' : text.length > 60 ? `${text.slice(0, 57)}...` : text.replace(/\|/g, '\\|');
}

/** Keeps the comment under `limit`: the verdict stays whole, sections are cut at a line with a note. */
function fit(head: string, sections: string[], limit: number): string {
  const all = `${head}\n${sections.join('\n')}`;
  if (all.length <= limit) return all.trimEnd() + '\n';
  const note = '\n\n_The diff is longer than a comment allows and was cut here; run `pcloud diff --format json` for all of it._\n';
  let text = head;
  for (const line of sections) {
    if (text.length + line.length + 1 + note.length > limit) break;
    text += `\n${line}`;
  }
  const open = (text.match(/<details>/g) ?? []).length - (text.match(/<\/details>/g) ?? []).length;
  return `${text}${open > 0 ? '\n</details>' : ''}${note}`;
}
