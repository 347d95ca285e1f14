import { TerraformStack, Testing } from 'cdktf';
import { DataVsphereTag } from '@cdktf/provider-vsphere/lib/data-vsphere-tag';
import { DataVsphereTagCategory } from '@cdktf/provider-vsphere/lib/data-vsphere-tag-category';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { PcloudError } from '../../../lib/errors';
import { TagCatalogue, TagLookup } from '../../../constructs/vsphere';
import { type Tf } from './terraform-json';

function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'test');
}

/** Tokens resolve at synthesis: a folder carrying `ids` shows what they render to. */
function probe(stack: TerraformStack, ids: string[]): void {
  new Folder(stack, 'Probe', { path: 'probe', type: 'vm', tags: ids });
}

describe('TagCatalogue', () => {
  test('creates one SINGLE-cardinality category per key for VMs, folders, pools and port groups, and one tag per value', () => {
    // GIVEN
    const stack = newStack();
    const catalogue = new TagCatalogue(stack, 'Tags', { estate: 'gmp' });
    // WHEN the same key and value are asked for twice
    catalogue.tagIds({ classification: 'SECRET', force: 'gmp' });
    catalogue.tagIds({ classification: 'SECRET', force: 'kent' });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveResourceWithProperties(TagCategory, {
      name: 'pcloud-gmp-classification',
      cardinality: 'SINGLE',
      associable_types: ['VirtualMachine', 'Folder', 'ResourcePool', 'DistributedVirtualPortgroup'],
    });
    expect(out).toHaveResourceWithProperties(TagCategory, { name: 'pcloud-gmp-force', cardinality: 'SINGLE' });
    expect(Object.keys(tf.resource!.vsphere_tag_category)).toHaveLength(2);
    expect(Object.values(tf.resource!.vsphere_tag).map((t) => t.name).sort()).toEqual(['SECRET', 'gmp', 'kent']);
  });

  test('tagIds returns the ids of tags in the category of each key, in key order', () => {
    // GIVEN
    const stack = newStack();
    const catalogue = new TagCatalogue(stack, 'Tags', { estate: 'gmp' });
    // WHEN
    probe(stack, catalogue.tagIds({ network: 'secret', enclave: 'secret/gmp' }));
    const tf: Tf = JSON.parse(Testing.synth(stack));
    // THEN each id is a reference to a vsphere_tag with the value as name, in the right category
    const ids: string[] = Object.values(tf.resource!.vsphere_folder)[0].tags;
    expect(ids).toHaveLength(2);
    const resolved = ids.map((id) => {
      const [, name] = /^\$\{vsphere_tag\.([^.]+)\.id\}$/.exec(id)!;
      const tag = tf.resource!.vsphere_tag[name];
      const [, category] = /^\$\{vsphere_tag_category\.([^.]+)\.id\}$/.exec(tag.category_id)!;
      return [tf.resource!.vsphere_tag_category[category].name, tag.name];
    });
    expect(resolved).toEqual([
      ['pcloud-gmp-network', 'secret'],
      ['pcloud-gmp-enclave', 'secret/gmp'],
    ]);
  });

  test('keeps values with any characters as names and shortens long ones to 80 characters, keeping the value as description', () => {
    // GIVEN
    const stack = newStack();
    const catalogue = new TagCatalogue(stack, 'Tags');
    const long = `NPIRMT/${'x'.repeat(120)}`;
    // WHEN
    catalogue.tagIds({ 'accreditation-reference': 'NPIRMT/2026 #7', enclave: long });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveResourceWithProperties(TagCategory, { name: 'pcloud-pcloud-accreditation-reference' });
    expect(out).toHaveResourceWithProperties(Tag, { name: 'NPIRMT/2026 #7', description: 'NPIRMT/2026 #7' });
    const longTag = Object.values(tf.resource!.vsphere_tag).find((t) => t.description === long)!;
    expect(longTag.name.length).toBeLessThanOrEqual(80);
  });

  test('fails when the estate is not a kebab-case name', () => {
    // GIVEN
    const stack = newStack();
    // WHEN / THEN
    expect(() => new TagCatalogue(stack, 'Tags', { estate: 'Greater Manchester' })).toThrow(PcloudError);
    expect(() => new TagCatalogue(stack, 'Tags2', { estate: 'Greater Manchester' })).toThrow(/estate name id is not a lowercase kebab-case/);
  });
});

describe('TagLookup', () => {
  test('finds categories and tags by the names the catalogue gives them, with data sources', () => {
    // GIVEN
    const stack = newStack();
    const lookup = new TagLookup(stack, 'Tags', { estate: 'gmp' });
    // WHEN
    probe(stack, lookup.tagIds({ classification: 'OFFICIAL-SENSITIVE', 'managed-by': 'pcloud' }));
    lookup.tagIds({ classification: 'OFFICIAL-SENSITIVE' });
    const out = Testing.synth(stack);
    const tf: Tf = JSON.parse(out);
    // THEN
    expect(out).toHaveDataSourceWithProperties(DataVsphereTagCategory, { name: 'pcloud-gmp-classification' });
    expect(out).toHaveDataSourceWithProperties(DataVsphereTagCategory, { name: 'pcloud-gmp-managed-by' });
    expect(out).toHaveDataSourceWithProperties(DataVsphereTag, { name: 'OFFICIAL-SENSITIVE' });
    expect(Object.keys(tf.data!.vsphere_tag)).toHaveLength(2);
    expect(Object.keys(tf.resource!)).toEqual(['vsphere_folder']);
    const ids: string[] = Object.values(tf.resource!.vsphere_folder)[0].tags;
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^\$\{data\.vsphere_tag\.[^.]+\.id\}$/);
    const tag = Object.values(tf.data!.vsphere_tag).find((t) => t.name === 'OFFICIAL-SENSITIVE')!;
    const [, category] = /^\$\{data\.vsphere_tag_category\.([^.]+)\.id\}$/.exec(tag.category_id)!;
    expect(tf.data!.vsphere_tag_category[category].name).toBe('pcloud-gmp-classification');
  });
});
