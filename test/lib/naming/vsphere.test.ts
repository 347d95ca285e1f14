import { HOST_NAME_MAX, VSPHERE_NAME_MAX, vsphereNames } from '../../../lib/naming/vsphere';
import { TAG_KEYS } from '../../../lib/tags';
import { TIERS } from '../../../lib/model/types';

const LONG = 'a'.repeat(32);
const LONG_B = 'b'.repeat(32);
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

describe('vsphereNames', () => {
  test('short ids give readable names, unchanged', () => {
    // GIVEN / WHEN / THEN
    expect(vsphereNames.networkFolder('gmp', 'secret')).toBe('pcloud-gmp-secret');
    expect(vsphereNames.enclaveFolder('gmp', 'secret', 'gmp')).toBe('pcloud-gmp-secret/gmp');
    expect(vsphereNames.resourcePool('gmp', 'secret', 'gmp')).toBe('pcloud-gmp-secret-gmp');
    expect(vsphereNames.portGroup('gmp', 'secret', 'gmp', 'data')).toBe('pg-gmp-secret-gmp-data');
    expect(vsphereNames.virtualMachine('secret', 'gmp', 'app')).toBe('gmp-secret-app');
    expect(vsphereNames.hostName('secret', 'gmp', 'app')).toBe('gmp-secret-app');
    expect(vsphereNames.tagCategory('gmp', 'classification')).toBe('pcloud-gmp-classification');
    expect(vsphereNames.tag('OFFICIAL-SENSITIVE')).toBe('OFFICIAL-SENSITIVE');
  });

  test('32-character ids stay within 80-character names and 63-character host names', () => {
    // GIVEN the longest ids pcloud accepts (32 characters) and an 8-character tenant code
    const tenant = 'devcorn8';
    // WHEN
    const names = [
      vsphereNames.networkFolder(LONG, LONG),
      ...vsphereNames.enclaveFolder(LONG, LONG, LONG).split('/'),
      vsphereNames.resourcePool(LONG, LONG, LONG),
      ...TIERS.map((t) => vsphereNames.portGroup(LONG, LONG, LONG, t)),
      vsphereNames.virtualMachine(LONG, tenant, LONG),
      ...Object.values(TAG_KEYS).map((k) => vsphereNames.tagCategory(LONG, k)),
      vsphereNames.tag('x'.repeat(200)),
    ];
    const host = vsphereNames.hostName(LONG, tenant, LONG);
    // THEN
    for (const name of names) expect(name.length).toBeLessThanOrEqual(VSPHERE_NAME_MAX);
    expect(VSPHERE_NAME_MAX).toBe(80);
    expect(host.length).toBeLessThanOrEqual(HOST_NAME_MAX);
    expect(HOST_NAME_MAX).toBe(63);
    expect(host).toMatch(DNS_LABEL);
  });

  test('the enclave folder is a path inside its network folder', () => {
    // WHEN
    const folder = vsphereNames.enclaveFolder(LONG, LONG, LONG);
    // THEN
    expect(folder.startsWith(`${vsphereNames.networkFolder(LONG, LONG)}/`)).toBe(true);
    expect(folder.split('/')).toHaveLength(2);
  });

  test('shortened names stay distinct and stable', () => {
    // GIVEN two long ids that differ only after the cut
    const a = vsphereNames.portGroup(LONG, LONG, `${'c'.repeat(31)}a`, 'presentation');
    const b = vsphereNames.portGroup(LONG, LONG, `${'c'.repeat(31)}b`, 'presentation');
    // THEN
    expect(a).not.toBe(b);
    expect(vsphereNames.portGroup(LONG, LONG, `${'c'.repeat(31)}a`, 'presentation')).toBe(a);
    expect(vsphereNames.hostName(LONG, 'kent', LONG)).not.toBe(vsphereNames.hostName(LONG_B, 'kent', LONG));
  });

  test('host names of the same workload in two networks differ (they share the site DNS domain)', () => {
    expect(vsphereNames.hostName('official', 'kent', 'app')).not.toBe(vsphereNames.hostName('secret', 'kent', 'app'));
  });
});
