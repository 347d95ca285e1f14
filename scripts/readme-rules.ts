// Regenerates the rule table in README.md from the catalogue: npm run docs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withRuleTable } from '../lib/policy/docs';

const file = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(file, withRuleTable(fs.readFileSync(file, 'utf8')));
process.stdout.write(`updated the rule table in ${path.relative(process.cwd(), file)}\n`);
