import { App, Stack } from 'aws-cdk-lib';
import { TerraformStack, Testing } from 'cdktf';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import * as aws from '../../constructs/aws';
import * as vsphere from '../../constructs/vsphere';
import { acceptRisk, Classification } from '../../index';
import { ACCREDITATION, VSPHERE_FACTS, VSPHERE_SUPPLIER } from '../fixtures/sites';

// In a force's own stack the rules run through node.addValidation: `cdk synth` and `cdktf synth`
// fail on an error finding that no acceptance covers, as `pcloud synth` does.

function kentStack(assurance = false) {
  const app = new App();
  const stack = new Stack(app, 'KentPolicing', { env: { account: '111122223333', region: 'eu-west-2' } });
  const network = new aws.AccreditedNetwork(stack, 'Network', {
    addressSpace: '10.20.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: ACCREDITATION,
    estate: 'kent',
    ...(assurance ? { assurance: { level: 'PASF' as const, reference: 'PASF-AWS' } } : {}),
  });
  new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' }).addWorkload('app', { kind: 'vm' });
  return app;
}

describe("rules in a force's own stack", () => {
  test('cdk synth fails on an error finding, naming the rule, the path and the fix', () => {
    expect(() => kentStack().synth()).toThrow(/pcloud PCR-04 at network: site aws-111122223333-eu-west-2 records no physical assurance\. Fix: record the PASF assessment/);
  });

  test('cdk synth succeeds once the fact is recorded', () => {
    expect(kentStack(true).synth().stacks.map((s) => s.stackName)).toEqual(['KentPolicing']);
  });

  test('acceptRisk on the app lets the finding stand, until it expires', () => {
    const accepted = kentStack();
    acceptRisk(accepted, { rule: 'PCR-04', path: 'network', reason: 'PASF assessment of the account in progress', reference: 'KENT-RR-12', acceptedBy: 'Kent SIRO', expires: '2999-12-31' });
    expect(() => accepted.synth()).not.toThrow();
    const expired = kentStack();
    acceptRisk(expired, { rule: 'PCR-04', path: 'network', reason: 'PASF assessment of the account in progress', reference: 'KENT-RR-12', acceptedBy: 'Kent SIRO', expires: '2020-01-01' });
    expect(() => expired.synth()).toThrow(/risk acceptance KENT-RR-12 expired on 2020-01-01/);
  });

  test('cdktf synth fails the same way for a vSphere site that records no log forwarding', () => {
    const build = (facts: object) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 'kent');
      new VsphereProvider(stack, 'vsphere', { vsphereServer: 'vcenter.test.example', user: 'u', password: 'p' });
      const network = new vsphere.AccreditedNetwork(stack, 'Network', { addressSpace: '10.40.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION, site: { ...VSPHERE_SUPPLIER, ...facts }, estate: 'kent' });
      new vsphere.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' }).addWorkload('app', { kind: 'vm' });
      return app;
    };
    expect(() => build({ logForwarding: undefined }).synth()).toThrow(/pcloud PCR-25 at network\/kent: site .* records no syslog collector/);
    expect(() => build(VSPHERE_FACTS).synth()).not.toThrow();
  });
});
