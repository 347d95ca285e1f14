import { Construct } from 'constructs';
import { DataVsphereTag } from '@cdktf/provider-vsphere/lib/data-vsphere-tag';
import { DataVsphereTagCategory } from '@cdktf/provider-vsphere/lib/data-vsphere-tag-category';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { checkId } from '../../lib/model/checks';
import { vsphereNames } from '../../lib/naming/vsphere';
import { constructId } from './private/ids';

/**
 * Where vSphere tag ids come from. vSphere tags are inventory objects, not key-value maps: an
 * object carries the ids of tags, each in a category named after the tag key.
 */
export interface ITagSource {
  /** The ids of the tags for `tags`, one per key, in the order of the keys. */
  tagIds(tags: Readonly<Record<string, string>>): string[];
}

export interface TagCatalogueProps {
  /**
   * Estate name: it prefixes the tag category names.
   * @default 'pcloud'
   */
  readonly estate?: string;
}

/** The object types pcloud tags: VMs, folders, resource pools and distributed port groups. */
export const TAGGED_OBJECT_TYPES: readonly string[] = ['VirtualMachine', 'Folder', 'ResourcePool', 'DistributedVirtualPortgroup'];

/**
 * Creates the tag categories and tags of an estate: one category per tag key and one tag per
 * value, each on first use. Deploy it once per vCenter and estate (the estate path puts it in
 * the site stack); other stacks find the tags with a `TagLookup`.
 */
export class TagCatalogue extends Construct implements ITagSource {
  readonly estate: string;
  private readonly categories = new Map<string, TagCategory>();
  /** Tag ids by construct id: each read of a resource's `id` makes a new token, so it is read once. */
  private readonly tags = new Map<string, string>();

  constructor(scope: Construct, id: string, props: TagCatalogueProps = {}) {
    const estate = checkId(props?.estate ?? 'pcloud', scope.node.path, 'estate name');
    super(scope, id);
    this.estate = estate;
  }

  tagIds(tags: Readonly<Record<string, string>>): string[] {
    return Object.entries(tags).map(([key, value]) => this.tagId(key, value));
  }

  private category(key: string): TagCategory {
    let category = this.categories.get(key);
    if (!category) {
      category = new TagCategory(this, constructId('Category', key), {
        name: vsphereNames.tagCategory(this.estate, key),
        description: `pcloud estate ${this.estate}: ${key}`,
        // One value per key on an object, as a tag map would have.
        cardinality: 'SINGLE',
        associableTypes: [...TAGGED_OBJECT_TYPES],
      });
      this.categories.set(key, category);
    }
    return category;
  }

  private tagId(key: string, value: string): string {
    const id = constructId(constructId('Tag', key), value);
    let tag = this.tags.get(id);
    if (!tag) {
      tag = new Tag(this, id, { name: vsphereNames.tag(value), description: value, categoryId: this.category(key).id }).id;
      this.tags.set(id, tag);
    }
    return tag;
  }
}

export interface TagLookupProps {
  /**
   * Estate name of the catalogue the tags were created by.
   * @default 'pcloud'
   */
  readonly estate?: string;
}

/**
 * Finds the tags of a `TagCatalogue` deployed in another stack, by name, with data sources
 * created on first use. Deploy the catalogue's stack first.
 */
export class TagLookup extends Construct implements ITagSource {
  readonly estate: string;
  private readonly categories = new Map<string, DataVsphereTagCategory>();
  private readonly tags = new Map<string, string>();

  constructor(scope: Construct, id: string, props: TagLookupProps = {}) {
    const estate = checkId(props?.estate ?? 'pcloud', scope.node.path, 'estate name');
    super(scope, id);
    this.estate = estate;
  }

  tagIds(tags: Readonly<Record<string, string>>): string[] {
    return Object.entries(tags).map(([key, value]) => this.tagId(key, value));
  }

  private category(key: string): DataVsphereTagCategory {
    let category = this.categories.get(key);
    if (!category) {
      category = new DataVsphereTagCategory(this, constructId('Category', key), { name: vsphereNames.tagCategory(this.estate, key) });
      this.categories.set(key, category);
    }
    return category;
  }

  private tagId(key: string, value: string): string {
    const id = constructId(constructId('Tag', key), value);
    let tag = this.tags.get(id);
    if (!tag) {
      tag = new DataVsphereTag(this, id, { name: vsphereNames.tag(value), categoryId: this.category(key).id }).id;
      this.tags.set(id, tag);
    }
    return tag;
  }
}
