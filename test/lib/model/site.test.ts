import { resolveAwsSite, resolveAzureSite, resolveVsphereSite } from '../../../lib/model/site';
import { pcloudErrorOf } from '../../helpers';
import { AWS_SITE, AZURE_SITE, VSPHERE_SUPPLIER } from '../../fixtures/sites';

describe('sites', () => {
  test('an AWS site is London, public cloud, in GB, with two zones', () => {
    const site = resolveAwsSite('aws', { account: '111122223333' });
    expect(site).toMatchObject({ platform: 'aws', operator: 'public-cloud', country: 'GB', aws: { region: 'eu-west-2', zones: ['eu-west-2a', 'eu-west-2b'] } });
    expect(site.assurance).toBeUndefined();
  });

  test("an Azure site relies on Microsoft's UK PASF assessment unless told otherwise", () => {
    const site = resolveAzureSite('az', { subscriptionId: AZURE_SITE.subscriptionId, location: 'UK West' });
    expect(site.azure!.location).toBe('ukwest');
    expect(site.assurance).toMatchObject({ level: 'PASF', reference: expect.stringContaining('Microsoft') });
  });

  test('a vSphere site keeps its templates, VLAN range and encryption policy', () => {
    const site = resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, country: 'uk', databaseTemplate: 'tpl-postgres' });
    expect(site.country).toBe('GB');
    expect(site.vsphere).toMatchObject({
      templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu', vtpm: true } },
      databaseTemplate: { name: 'tpl-postgres', vtpm: false },
      vlanRange: { min: 100, max: 3999 },
      encryptionStoragePolicy: 'VM Encryption Policy',
    });
  });

  test.each([
    ['an AWS region outside the UK', () => resolveAwsSite('aws', { ...AWS_SITE, region: 'eu-west-1' }), 'REGION_OUTSIDE_UK'],
    ['an Azure location outside the UK', () => resolveAzureSite('az', { ...AZURE_SITE, location: 'westeurope' }), 'REGION_OUTSIDE_UK'],
    ['a vSphere site outside the UK', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, country: 'IE' }), 'REGION_OUTSIDE_UK'],
    ['an AWS account that is not 12 digits', () => resolveAwsSite('aws', { account: '1234' }), 'AWS_ACCOUNT_INVALID'],
    ['an Azure subscription that is not a GUID', () => resolveAzureSite('az', { subscriptionId: 'prod' }), 'AZURE_SUBSCRIPTION_INVALID'],
    ['an Azure VM admin without a public key', () => resolveAzureSite('az', { ...AZURE_SITE, vmAdmin: { sshPublicKey: 'hunter2' } }), 'AZURE_VM_ADMIN_INVALID'],
    ['an Azure VM admin called root', () => resolveAzureSite('az', { ...AZURE_SITE, vmAdmin: { username: 'root', sshPublicKey: AZURE_SITE.vmAdmin!.sshPublicKey } }), 'AZURE_VM_ADMIN_INVALID'],
    ['a vSphere site without assurance', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, assurance: undefined as never }), 'SITE_ASSURANCE_MISSING'],
    ['a vSphere site without templates', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, templates: {} }), 'VSPHERE_TEMPLATES_MISSING'],
    ['a VLAN range that includes VLAN 1', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, vlanRange: { min: 1, max: 100 } }), 'VLAN_RANGE_INVALID'],
    ['a VLAN range that includes 4095', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, vlanRange: { min: 100, max: 4095 } }), 'VLAN_RANGE_INVALID'],
    ['a vSphere operator that is not supplier or force', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, operator: 'public-cloud' as never }), 'SITE_OPERATOR_INVALID'],
    ['a vSphere site without a vCenter', () => resolveVsphereSite('dc', { ...VSPHERE_SUPPLIER, server: '' }), 'FIELD_MISSING'],
  ])('fails for %s', (_what, fn, code) => {
    const error = pcloudErrorOf(fn);
    expect(error.code).toBe(code);
    expect(error.path).toMatch(/^(aws|az|dc)/);
    expect(error.fix.length).toBeGreaterThan(10);
  });
});
