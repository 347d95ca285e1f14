// A force using pcloud's constructs inside stacks of its own: Kent adds an accredited enclave
// to its AWS CDK app, the Met adds one to its CDK for Terraform app for Azure. The same
// validation and defaults apply as in a whole-estate definition.
//
//   node -r sucrase/register/ts examples/force-own-stack.ts [outdir]
//
// writes <outdir>/cdk.out (for `cdk deploy --app`) and <outdir>/cdktf.out (for terraform).
import * as path from 'node:path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, Stack } from 'aws-cdk-lib';
import { App as TerraformApp, TerraformStack } from 'cdktf';
import { Classification } from 'pcloud';
import * as aws from 'pcloud/aws';
import * as azure from 'pcloud/azure';

/** Kent's own AWS CDK app: one stack holding its accredited network and enclave. */
export function kentAwsApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  const stack = new Stack(app, 'KentPolicing', { env: { account: '444455556666', region: 'eu-west-2' } });

  const network = new aws.AccreditedNetwork(stack, 'Network', {
    estate: 'kent',
    addressSpace: '10.30.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: { authority: 'Kent Police SIRO', reference: 'KENT-ACC-2026-02', issued: '2026-03-01', expires: '2027-02-28' },
    assurance: { level: 'PASF', reference: 'PDS assessment of AWS Europe (London) as PASF, ref PDS-PASF-AWS-2025-03' },
  });
  const kent = new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' });
  const web = kent.addWorkload('web', { kind: 'vm', tier: 'presentation' });
  const app1 = kent.addWorkload('custody-app', { kind: 'vm', size: 'medium' });
  const db = kent.addWorkload('custody-db', { kind: 'database', diskGiB: 200 });
  const media = kent.addWorkload('custody-media', { kind: 'objectStore' });
  app1.allowFrom(web, 8443);
  db.allowFrom(app1, 5432);
  media.allowFrom(app1, 443);
  return app;
}

/** The Met's own CDK for Terraform app for Azure: the Met configures the provider itself. */
export function metTerraformApp(outdir?: string): TerraformApp {
  const app = new TerraformApp(outdir ? { outdir, stackTraces: false } : { stackTraces: false });
  const stack = new TerraformStack(app, 'met-digital-evidence');
  new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '7d1e2c3b-5a4f-4e6d-8c9b-0a1b2c3d4e5f' });

  const network = new azure.AccreditedNetwork(stack, 'Network', {
    estate: 'met',
    addressSpace: '10.21.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: { authority: 'MPS SIRO', reference: 'MPS-ACC-2026-044', issued: '2026-05-01', expires: '2027-04-30' },
    site: {
      subscriptionId: '7d1e2c3b-5a4f-4e6d-8c9b-0a1b2c3d4e5f',
      location: 'uksouth',
      vmAdmin: { sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8d7cQ2vX1mWkq0aVbY4uTq8s2yH1nLrZp6oFcEw3Gt met-breakglass' },
    },
  });
  const met = new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met' });
  const portal = met.addWorkload('evidence-portal', { kind: 'vm', tier: 'presentation', size: 'medium' });
  const store = met.addWorkload('evidence-store', { kind: 'objectStore' });
  const index = met.addWorkload('evidence-index', { kind: 'database' });
  store.allowFrom(portal, 443);
  index.allowFrom(portal, 5432);
  return app;
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? 'force.out');
  kentAwsApp(path.join(outdir, 'cdk.out')).synth();
  metTerraformApp(path.join(outdir, 'cdktf.out')).synth();
  process.stdout.write(`wrote ${outdir}/cdk.out and ${outdir}/cdktf.out\n`);
}
