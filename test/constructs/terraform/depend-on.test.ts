import { TerraformStack, Testing } from 'cdktf';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { dependOn } from '../../../constructs/terraform';

describe('dependOn', () => {
  test('in one stack, writes depends_on as a bare address, once', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 's');
    const a = new ResourceGroup(stack, 'a', { name: 'a', location: 'uksouth' });
    const b = new ResourceGroup(stack, 'b', { name: 'b', location: 'uksouth' });
    // WHEN
    dependOn(b, a);
    dependOn(b, a);
    // THEN Terraform refuses "${...}" interpolation in depends_on
    const out = JSON.parse(Testing.synth(stack));
    expect(out.resource.azurerm_resource_group.b.depends_on).toEqual(['azurerm_resource_group.a']);
  });

  test('across stacks, orders the stacks instead of referring to the other state', () => {
    const app = Testing.app();
    const first = new TerraformStack(app, 'first');
    const second = new TerraformStack(app, 'second');
    const a = new ResourceGroup(first, 'a', { name: 'a', location: 'uksouth' });
    const b = new ResourceGroup(second, 'b', { name: 'b', location: 'uksouth' });
    dependOn(b, a);
    expect(second.dependencies).toEqual([first]);
    const out = JSON.parse(Testing.synth(second));
    expect(out.resource.azurerm_resource_group.b.depends_on).toBeUndefined();
    expect(JSON.stringify(out)).not.toContain('terraform_remote_state');
  });
});
