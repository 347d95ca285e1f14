// Regenerates the documentation that comes from code: npm run docs
//  - the rule table in README.md, from lib/policy/catalogue.ts
//  - docs/terraform-force-new.md, from lib/diff/force-new.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { forceNewDocument } from '../lib/diff/force-new-doc';
import { withRuleTable } from '../lib/policy/docs';

const root = path.join(__dirname, '..');
const readme = path.join(root, 'README.md');
fs.writeFileSync(readme, withRuleTable(fs.readFileSync(readme, 'utf8')));
fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
fs.writeFileSync(path.join(root, 'docs', 'terraform-force-new.md'), forceNewDocument());
process.stdout.write('updated the rule table in README.md and docs/terraform-force-new.md\n');
