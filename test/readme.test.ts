import * as fs from 'node:fs';
import * as path from 'node:path';

// README snippets marked `<!-- from: examples/x.ts -->` must be verbatim excerpts of that example,
// which `npm test` type-checks and runs: the manual cannot drift from code that compiles.
const ROOT = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/<!-- from: (\S+) -->\n```ts\n([\s\S]*?)```/g)].map((m) => ({ file: m[1], code: m[2] }));

describe('README', () => {
  test('has snippets taken from the examples', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(2);
  });

  test.each(snippets.map((s) => [s.file, s.code]))('the snippet from %s is a verbatim excerpt', (file, code) => {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toContain(code);
  });

  test('names the set-up and test commands that CI runs', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    for (const command of ['npm ci', 'npm test']) {
      expect(readme).toContain(command);
      expect(ci).toContain(command);
    }
  });
});

describe('README rule table', () => {
  test('is the one generated from the catalogue (npm run docs)', () => {
    const { withRuleTable } = require('../lib/policy/docs');
    expect(withRuleTable(readme)).toBe(readme);
    expect(readme).toContain('| PCR-32 |');
  });
});

describe('docs/terraform-force-new.md', () => {
  test('is the one generated from the force-new table (npm run docs)', () => {
    const { forceNewDocument } = require('../lib/diff/force-new-doc');
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'terraform-force-new.md'), 'utf8')).toBe(forceNewDocument());
  });
});
