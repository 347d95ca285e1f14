import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { newTerraformStack } from '../../../constructs/terraform';
import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave } from '../../../index';
import { ACCREDITATION, AZURE_SITE } from '../../fixtures/sites';

describe('Terraform state', () => {
  test('local state lives outside the synthesised folder, under terraform-state/, with a relative path', () => {
    const stack = newTerraformStack(Testing.app(), 'national-met-azure');
    expect(JSON.parse(Testing.synth(stack)).terraform.backend).toEqual({ local: { path: '../../../terraform-state/national-met-azure.tfstate' } });
  });

  test('each stack of a remote backend has its own key', () => {
    const app = Testing.app();
    const azurerm = newTerraformStack(app, 'a', { type: 'azurerm', resourceGroupName: 'rg-state', storageAccountName: 'ststate', containerName: 'tfstate' });
    const s3 = newTerraformStack(app, 'b', { type: 's3', bucket: 'state', region: 'eu-west-2' });
    expect(JSON.parse(Testing.synth(azurerm)).terraform.backend.azurerm).toMatchObject({ key: 'a.tfstate', use_azuread_auth: true, container_name: 'tfstate' });
    expect(JSON.parse(Testing.synth(s3)).terraform.backend.s3).toMatchObject({ key: 'b.tfstate', encrypt: true, region: 'eu-west-2' });
  });

  test('a PoliceCloud names the backend for every stack it synthesises', () => {
    const cloud = new PoliceCloud({ name: 'met', terraformState: { type: 'azurerm', resourceGroupName: 'rg-state', storageAccountName: 'ststate', containerName: 'tfstate' } });
    const site = Site.azure(cloud, 'azure', AZURE_SITE);
    const network = new AccreditedNetwork(cloud, 'net', { site, addressSpace: '10.0.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
    new TenantEnclave(network, 'met', { tenant: 'met' });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-state-'));
    try {
      const result = cloud.synth({ outdir });
      expect(result.stacks.map((s) => s.name)).toEqual(['met-azure', 'met-net', 'met-net-met']);
      for (const stack of result.stacks) {
        const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'cdktf.out', 'stacks', stack.name, 'cdk.tf.json'), 'utf8'));
        expect(tf.terraform.backend.azurerm.key).toBe(`${stack.name}.tfstate`);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
