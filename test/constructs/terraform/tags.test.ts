import { TerraformStack, Testing } from 'cdktf';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { tagAll } from '../../../constructs/terraform';

describe('tagAll', () => {
  test('adds the tags to every resource with a tags map, keeping tags the resource set itself', () => {
    // GIVEN
    const s = new TerraformStack(Testing.app(), 's');
    new ResourceGroup(s, 'a', { name: 'a', location: 'uksouth' });
    new ResourceGroup(s, 'b', { name: 'b', location: 'uksouth', tags: { classification: 'SECRET' } });
    // WHEN
    tagAll(s, { classification: 'OFFICIAL', 'managed-by': 'pcloud' });
    const out = Testing.synth(s);
    // THEN
    expect(out).toHaveResourceWithProperties(ResourceGroup, { name: 'a', tags: { classification: 'OFFICIAL', 'managed-by': 'pcloud' } });
    expect(out).toHaveResourceWithProperties(ResourceGroup, { name: 'b', tags: { classification: 'SECRET', 'managed-by': 'pcloud' } });
  });
});
