import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { movedFrom } from '../../../constructs/terraform';

/** A stack with `outer/inner` holding a resource group and a data source; ids as given. */
function build(outer: string, inner: string, rename?: { outer?: string; inner?: string }) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const a = new Construct(stack, outer);
  const b = new Construct(a, inner);
  if (rename?.outer) movedFrom(a, rename.outer);
  if (rename?.inner) movedFrom(b, rename.inner);
  new ResourceGroup(b, 'ResourceGroup', { name: 'rg-kent', location: 'uksouth' });
  new DataAzurermClientConfig(b, 'ClientConfig', {});
  return JSON.parse(Testing.synth(stack));
}

const addressOf = (tf: { resource: Record<string, Record<string, unknown>> }) => `azurerm_resource_group.${Object.keys(tf.resource.azurerm_resource_group)[0]}`;

describe('movedFrom', () => {
  test('writes a top-level moved block from the address under the previous id to the new address', () => {
    // GIVEN the address the resource had under `kent`
    const before = addressOf(build('net', 'kent'));
    // WHEN the construct is renamed to `kent-police`, declaring its previous id
    const after = build('net', 'kent-police', { inner: 'kent' });
    // THEN
    expect(before).toBe('azurerm_resource_group.net_kent_ResourceGroup_2917BCA9');
    expect(after.moved).toEqual([{ from: before, to: 'azurerm_resource_group.net_kent-police_ResourceGroup_2782D94B' }]);
    expect(addressOf(after)).toBe('azurerm_resource_group.net_kent-police_ResourceGroup_2782D94B');
    // The resource itself is still declared, at its new address, with the same name.
    expect(after.resource.azurerm_resource_group[addressOf(after).split('.')[1]].name).toBe('rg-kent');
  });

  test('moves resources added after the call, and none for data sources', () => {
    const after = build('net', 'kent-police', { inner: 'kent' });
    expect(after.moved).toHaveLength(1);
    expect(Object.keys(after.data.azurerm_client_config)).toHaveLength(1);
  });

  test('a rename inside a renamed construct makes one move from the address with both previous ids', () => {
    const before = addressOf(build('net', 'kent'));
    const after = build('network', 'kent-police', { outer: 'net', inner: 'kent' });
    expect(after.moved).toEqual([{ from: before, to: addressOf(after) }]);
  });

  test('nothing renamed, no moved blocks', () => {
    expect(build('net', 'kent').moved).toBeUndefined();
  });

  test('synthesising twice writes the move once', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const kent = new Construct(stack, 'kent-police');
    movedFrom(kent, 'kent');
    new ResourceGroup(kent, 'ResourceGroup', { name: 'rg-kent', location: 'uksouth' });
    Testing.synth(stack);
    expect(JSON.parse(Testing.synth(stack)).moved).toHaveLength(1);
  });
});
