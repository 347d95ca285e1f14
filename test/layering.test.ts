import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('layering (DESIGN.md)', () => {
  test('lib/ imports no infrastructure framework', () => {
    const offenders = sources('lib').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(aws-cdk-lib|cdktf|@cdktf\/|constructs)(\/|$)/.test(i))
        .map((i) => `${f}: ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  test('cdktf core is imported only in constructs/terraform/', () => {
    const offenders = [...sources('constructs'), ...sources('lib'), ...sources('bin')]
      .filter((f) => !f.startsWith(path.join('constructs', 'terraform')))
      .flatMap((f) => importsOf(f).filter((i) => i === 'cdktf' || i.startsWith('cdktf/')).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  test('provider classes are deep-imported, never through the barrel', () => {
    const offenders = [...sources('constructs'), ...sources('bin'), ...sources('examples'), ...sources('test')]
      .flatMap((f) => importsOf(f).filter((i) => /^@cdktf\/provider-(azurerm|vsphere)$/.test(i)).map((i) => `${f}: ${i}`));
    expect(offenders).toEqual([]);
  });

  test('aws-cdk-lib is imported per module (aws-cdk-lib/aws-ec2), never whole, outside its core', () => {
    const offenders = [...sources('constructs'), ...sources('bin'), ...sources('examples')].flatMap((f) =>
      fs
        .readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .filter((l) => /import \* as \w+ from 'aws-cdk-lib'/.test(l))
        .map((l) => `${f}: ${l.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  test('importing pcloud loads no target framework', () => {
    // A fresh process: jest's module registry would hide what Node really loads.
    const script = `
      require('sucrase/register/ts');
      require(${JSON.stringify(path.join(ROOT, 'index.ts'))});
      const loaded = Object.keys(require.cache).map((f) => f.split('node_modules/').pop()).filter((f) => /^(aws-cdk-lib|cdktf|@cdktf)\\//.test(f));
      process.stdout.write(JSON.stringify(loaded));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(loaded).toEqual([]);
  });
});
