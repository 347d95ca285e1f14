import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './cli';

// The README's first commands are `npm ci` then `npx pcloud synth`: npm ci compiles dist/ in
// `prepare`, after it has linked bins, so the build itself must leave the CLI executable.
describe('the installed command line', () => {
  const cli = path.join(ROOT, 'dist', 'bin', 'pcloud.js');

  test('dist/bin/pcloud.js is built, executable and starts with a node shebang', () => {
    expect(fs.existsSync(cli)).toBe(true);
    expect(fs.statSync(cli).mode & 0o111).toBe(0o111);
    expect(fs.readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('npx pcloud runs it', () => {
    const result = spawnSync('npx', ['--no-install', 'pcloud', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).not.toContain('Permission denied');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});
