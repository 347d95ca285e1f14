// Reading synthesised vSphere Terraform JSON in tests.

export type Tf = {
  provider?: Record<string, any[]>;
  terraform?: Record<string, any>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
};

/** The tags of a vSphere object as `{ category name: tag name }`, following its tag references. */
export function tagsOf(tf: Tf, item: Record<string, any>): Record<string, string> {
  return Object.fromEntries(
    (item.tags as string[]).map((ref) => {
      const [, data, name] = /^\$\{(data\.)?vsphere_tag\.([^.]+)\.id\}$/.exec(ref)!;
      const tag = (data ? tf.data : tf.resource)!.vsphere_tag[name];
      const [, , category] = /^\$\{(data\.)?vsphere_tag_category\.([^.]+)\.id\}$/.exec(tag.category_id)!;
      return [(data ? tf.data : tf.resource)!.vsphere_tag_category[category].name, tag.name];
    }),
  );
}

/** Every resource and data-source address the stack declares. */
export function addresses(tf: Tf): Set<string> {
  const result = new Set<string>();
  for (const [type, items] of Object.entries(tf.resource ?? {})) for (const name of Object.keys(items)) result.add(`${type}.${name}`);
  for (const [type, items] of Object.entries(tf.data ?? {})) for (const name of Object.keys(items)) result.add(`data.${type}.${name}`);
  return result;
}

/** Every address the synthesised JSON refers to through `${...}`. */
export function references(out: string): string[] {
  return [...new Set([...out.matchAll(/\$\{((?:data\.)?[a-z_]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]))];
}
