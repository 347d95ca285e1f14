import { CATALOGUE, NCSC_PRINCIPLES } from './catalogue';

/** The rule catalogue as a Markdown table: id, statement, applies, NCSC principles, what each target does. */
export function ruleTableMarkdown(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = CATALOGUE.map(
    (r) =>
      `| ${r.id} | ${esc(r.statement)} | ${r.applies.join(', ')} | ${r.ncsc.map((n) => `${n} ${NCSC_PRINCIPLES[n]}`).join('; ')} | ${esc(r.aws)} | ${esc(r.azure)} | ${esc(r.vsphere)} |`,
  );
  return ['| id | rule | applies | NCSC principle | AWS | Azure | vSphere |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Replaces the text between `<!-- rules:start -->` and `<!-- rules:end -->` with the table. */
export function withRuleTable(readme: string): string {
  return readme.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, `$1${ruleTableMarkdown()}\n$2`);
}
