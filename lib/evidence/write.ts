import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderHtml } from './html';
import { DIAGRAM_FILE, renderMarkdown } from './markdown';
import type { EvidenceReport } from './types';

/**
 * Writes the evidence pack to `outdir/evidence/`: `evidence.json` (the report), `evidence.md`,
 * `evidence.html` and the diagram the Markdown shows, `evidence.svg`. Returns the paths written.
 */
export function writeEvidence(outdir: string, report: EvidenceReport): string[] {
  const dir = path.join(outdir, 'evidence');
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['evidence.json', `${JSON.stringify(report, null, 2)}\n`],
    ['evidence.md', renderMarkdown(report)],
    ['evidence.html', renderHtml(report)],
    [DIAGRAM_FILE, `${report.diagram.svg}\n`],
  ];
  return files.map(([name, content]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  });
}
