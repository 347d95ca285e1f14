// The hand-written equivalent of `pcloud synth bench/estate.ts`: the same estate (size from the
// environment, see bench/estate-spec.ts) rendered with aws-cdk-lib, cdktf and the providers
// directly, in one process, as pcloud does: the AWS app, then one Terraform app for Azure and
// vSphere. Loads only what the estate's platforms need.
//
//   node <compiled>/hand/main.js --out DIR [--no-validate]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchEstateFromEnv } from '../estate-spec';

function main(argv: readonly string[]): void {
  const at = argv.indexOf('--out');
  if (at < 0 || !argv[at + 1]) throw new Error('usage: main.js --out DIR [--no-validate]');
  const outdir = path.resolve(argv[at + 1]);
  const validate = !argv.includes('--no-validate');
  const estate = benchEstateFromEnv();
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  if (estate.platforms.includes('aws')) {
    const { buildAwsApp }: typeof import('./aws') = require('./aws');
    buildAwsApp(estate, path.join(outdir, 'cdk.out'), validate).synth();
  }
  if (estate.platforms.some((p) => p !== 'aws')) {
    const { newTerraformApp }: typeof import('./terraform') = require('./terraform');
    const app = newTerraformApp(path.join(outdir, 'cdktf.out'));
    if (estate.platforms.includes('azure')) {
      const { addAzureStacks }: typeof import('./azure') = require('./azure');
      addAzureStacks(app, estate);
    }
    if (estate.platforms.includes('vsphere')) {
      const { addVsphereStacks }: typeof import('./vsphere') = require('./vsphere');
      addVsphereStacks(app, estate);
    }
    app.synth();
  }
}

main(process.argv.slice(2));
