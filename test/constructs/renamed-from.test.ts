import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TerraformStack, Testing } from 'cdktf';
import * as aws from '../../constructs/aws';
import * as azure from '../../constructs/azure';
import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from '../../index';
import type { FirewallManifest } from '../../lib/firewall-manifest';
import type { EstateModel } from '../../lib/model/types';
import { pcloudErrorOf } from '../helpers';
import { ACCREDITATION, AWS_SITE, AZURE_SITE, VSPHERE_SUPPLIER } from '../fixtures/sites';
import { smallEstate } from '../fixtures/estate';

// A declared rename (renamedFrom) replaces nothing: on AWS the logical ids and names stay; on
// Terraform the addresses follow the new construct path through `moved` blocks and the names stay.

/** What is renamed in the head estate: the `app` workloads, the enclaves, the networks, or nothing (the base). */
type Rename = 'none' | 'workload' | 'enclave' | 'network';

/** One network per target, each with an enclave whose `app` VM reaches a database and (on the clouds) an object store. */
function estate(rename: Rename): PoliceCloud {
  const cloud = new PoliceCloud({ name: 'test' });
  const sites = {
    aws: Site.aws(cloud, 'aws-london', AWS_SITE),
    azure: Site.azure(cloud, 'azure-uksouth', AZURE_SITE),
    vsphere: Site.vsphere(cloud, 'supplier-dc', VSPHERE_SUPPLIER),
  };
  const spaces = { aws: '10.0.0.0/16', azure: '10.20.0.0/16', vsphere: '10.40.0.0/16' };
  for (const target of ['aws', 'azure', 'vsphere'] as const) {
    const network = new AccreditedNetwork(cloud, rename === 'network' ? `${target}-network` : `${target}-net`, {
      site: sites[target],
      addressSpace: spaces[target],
      ceiling: Classification.OFFICIAL_SENSITIVE,
      accreditation: ACCREDITATION,
      ...(rename === 'network' ? { renamedFrom: `${target}-net` } : {}),
    });
    // No address space given: the enclave's block, VLANs, zones and addresses are all allocated.
    const enclave =
      rename === 'enclave'
        ? new TenantEnclave(network, 'kent-police', { tenant: 'kent', renamedFrom: 'kent' })
        : new TenantEnclave(network, 'kent', { tenant: 'kent' });
    const web = new Workload(enclave, 'web', { kind: 'vm', tier: 'presentation' });
    const app =
      rename === 'workload'
        ? new Workload(enclave, 'case-app', { kind: 'vm', renamedFrom: 'app' })
        : new Workload(enclave, 'app', { kind: 'vm' });
    const db = new Workload(enclave, 'db', { kind: 'database' });
    app.allowFrom(web, 8443);
    db.allowFrom(app, 5432);
    if (target !== 'vsphere') new Workload(enclave, 'docs', { kind: 'objectStore' }).allowFrom(app, 443);
  }
  return cloud;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-renamed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function synth(rename: Rename): string {
  const outdir = path.join(tmp, rename);
  estate(rename).synth({ outdir, validateCloudFormation: false, today: '2026-06-01' });
  return outdir;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

function templates(outdir: string): Record<string, { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }> {
  const dir = path.join(outdir, 'cdk.out');
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => [f.replace('.template.json', ''), readJson(path.join(dir, f))]),
  );
}

type TfStack = { resource?: Record<string, Record<string, Record<string, unknown>>>; moved?: { from: string; to: string }[] };

function terraform(outdir: string): Record<string, TfStack> {
  const dir = path.join(outdir, 'cdktf.out', 'stacks');
  return Object.fromEntries(fs.readdirSync(dir).map((s) => [s, readJson(path.join(dir, s, 'cdk.tf.json'))]));
}

/** The resources of a Terraform stack by address, without cdktf's metadata (which names the construct path). */
function resourcesOf(stack: TfStack): Map<string, Record<string, unknown>> {
  const result = new Map<string, Record<string, unknown>>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const { '//': _metadata, ...rest } = body;
      result.set(`${type}.${name}`, rest);
    }
  }
  return result;
}

/**
 * Compares two resource bodies after mapping the head's addresses back to the base's (references
 * to a moved resource or a data source under a renamed construct name its new address), and
 * returns the top-level attributes that differ.
 */
function differingAttributes(before: unknown, after: unknown, toBase: (text: string) => string): string[] {
  const a = before as Record<string, unknown>;
  const b = JSON.parse(toBase(JSON.stringify(after))) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/** The names under the head stack's `data` and `resource` that map to the base's, from the moved blocks and the construct paths. */
function addressMapping(base: TfStack & { data?: TfStack['resource'] }, head: TfStack & { data?: TfStack['resource'] }, renames: Record<string, string>): (text: string) => string {
  const pairs: [string, string][] = (head.moved ?? []).map((m) => [m.to, m.from]);
  const previousPath = (p: string) => p.split('/').map((s) => renames[s] ?? s).join('/');
  for (const [type, byName] of Object.entries(head.data ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const pathOf = (b: Record<string, unknown>) => (b['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      const own = pathOf(body);
      if (own === undefined) continue;
      const want = previousPath(own);
      const found = Object.entries(base.data?.[type] ?? {}).find(([, b]) => pathOf(b) === want);
      if (found && found[0] !== name) pairs.push([`data.${type}.${name}`, `data.${type}.${found[0]}`]);
    }
  }
  // Longest first, so that no address is replaced inside a longer one.
  pairs.sort((x, y) => y[0].length - x[0].length);
  return (text) => pairs.reduce((t, [from, to]) => t.split(`${from}.`).join(`${to}.`).split(`"${from}"`).join(`"${to}"`), text);
}

describe('renaming with renamedFrom', () => {
  const base = synth('none');
  const heads = { workload: synth('workload'), enclave: synth('enclave'), network: synth('network') };
  /** Head construct id -> the id it was renamed from. */
  const renames: Record<keyof typeof heads, Record<string, string>> = {
    workload: { 'case-app': 'app' },
    enclave: { 'kent-police': 'kent' },
    network: { 'aws-network': 'aws-net', 'azure-network': 'azure-net', 'vsphere-network': 'vsphere-net' },
  };

  describe.each(['workload', 'enclave', 'network'] as const)('a renamed %s', (rename) => {
    const head = heads[rename];

    test('the model holds the new paths and renamedFrom; allocations and stacks are kept', () => {
      const before: EstateModel = readJson(path.join(base, 'model.json'));
      const after: EstateModel = readJson(path.join(head, 'model.json'));
      const renamed = { workload: after.workloads, enclave: after.enclaves, network: after.networks }[rename];
      expect(renamed.filter((x) => x.renamedFrom).map((x) => [x.path, x.renamedFrom])).toEqual(
        ['aws', 'azure', 'vsphere'].map((t) =>
          ({ workload: [`${t}-net/kent/case-app`, 'app'], enclave: [`${t}-net/kent-police`, 'kent'], network: [`${t}-network`, `${t}-net`] })[rename],
        ),
      );
      // Address spaces, VLANs, zones and static addresses are allocated from the stable path: unchanged.
      const previous = (p: string) =>
        p
          .split('/')
          .map((s) => renames[rename][s] ?? s)
          .join('/');
      const strip = <T extends { path: string; id: string; renamedFrom?: string }>(x: T) => {
        const { renamedFrom: _r, ...rest } = x as T & { enclave?: string; network?: string };
        return {
          ...rest,
          path: previous(rest.path),
          id: previous(rest.id),
          ...('enclave' in rest ? { enclave: previous(rest.enclave as string) } : {}),
          ...('network' in rest ? { network: previous(rest.network as string) } : {}),
        };
      };
      expect(after.networks.map(strip)).toEqual(before.networks);
      expect(after.enclaves.map(strip)).toEqual(before.enclaves);
      expect(after.workloads.map(strip)).toEqual(before.workloads);
      expect(after.flows.map((f) => ({ ...f, from: previous(f.from), to: previous(f.to) }))).toEqual(before.flows);
      expect(fs.readdirSync(path.join(head, 'cdktf.out', 'stacks')).sort()).toEqual(fs.readdirSync(path.join(base, 'cdktf.out', 'stacks')).sort());
      expect(Object.keys(templates(head)).sort()).toEqual(Object.keys(templates(base)).sort());
    });

    test('AWS: the same logical ids and physical names; only tag values may change', () => {
      const before = templates(base);
      const after = templates(head);
      const changedTags: string[] = [];
      for (const [stack, template] of Object.entries(before)) {
        const now = after[stack];
        expect({ stack, ids: Object.keys(now.Resources).sort() }).toEqual({ stack, ids: Object.keys(template.Resources).sort() });
        // Outside the resources, only the stack's description (which names the enclave's path) may differ.
        const { Resources: _a, Description: descriptionBefore, ...restBefore } = template as Record<string, unknown>;
        const { Resources: _b, Description: descriptionAfter, ...restAfter } = now as Record<string, unknown>;
        expect({ stack, rest: restAfter }).toEqual({ stack, rest: restBefore });
        if (descriptionAfter !== descriptionBefore) {
          const now = { enclave: 'enclave aws-net/kent-police', network: stack.endsWith('-kent') ? 'enclave aws-network/kent' : 'network aws-network' }[rename as string];
          expect({ stack, descriptionAfter }).toEqual({ stack, descriptionAfter: `pcloud estate test: ${now}` });
        }
        for (const [id, resource] of Object.entries(template.Resources)) {
          const { Tags: tagsBefore, ...propsBefore } = resource.Properties ?? {};
          const { Tags: tagsAfter, ...propsAfter } = now.Resources[id].Properties ?? {};
          expect({ stack, id, resource: { ...resource, Properties: propsBefore } }).toEqual({ stack, id, resource: { ...now.Resources[id], Properties: propsAfter } });
          if (JSON.stringify(tagsBefore) !== JSON.stringify(tagsAfter)) changedTags.push(`${stack}/${id}: ${JSON.stringify(tagsAfter)}`);
        }
      }
      if (rename === 'workload') {
        // The instance's Name tag (updated in place) is the one place the new id shows.
        expect(changedTags).toHaveLength(1);
        expect(changedTags[0]).toMatch(/^test-aws-net-kent\/kentapp[0-9A-F]{8}: .*"Key":"Name","Value":"kent-case-app"/);
      } else {
        // The network and enclave tags keep the stable ids: AWS Backup selects the enclave's resources by the enclave tag.
        expect(changedTags).toEqual([]);
      }
    });

    test('Terraform: addresses change only through moved blocks from the base address to the head address; names are kept', () => {
      const before = terraform(base);
      const after = terraform(head);
      let moves = 0;
      for (const [stack, tf] of Object.entries(before)) {
        const now = after[stack];
        const was = resourcesOf(tf);
        const is = resourcesOf(now);
        const moved = now.moved ?? [];
        moves += moved.length;
        expect({ stack, basehasNoMoves: tf.moved }).toEqual({ stack, basehasNoMoves: undefined });
        for (const m of moved) expect({ stack, m, from: was.has(m.from) && !is.has(m.from), to: is.has(m.to) && !was.has(m.to) }).toEqual({ stack, m, from: true, to: true });
        expect({ stack, gone: [...was.keys()].filter((a) => !is.has(a)).sort() }).toEqual({ stack, gone: moved.map((m) => m.from).sort() });
        expect({ stack, added: [...is.keys()].filter((a) => !was.has(a)).sort() }).toEqual({ stack, added: moved.map((m) => m.to).sort() });
        // Every resource, moved or not, has the same attributes (names included) once references are mapped back.
        const toBase = addressMapping(tf as never, now as never, renames[rename]);
        const from = new Map(moved.map((m) => [m.to, m.from]));
        for (const [address, body] of is) {
          const differing = differingAttributes(was.get(from.get(address) ?? address), body, toBase);
          // The vSphere VM's annotation (a note vSphere updates in place) shows the new path.
          const allowed = address.startsWith('vsphere_virtual_machine.') && (rename === 'workload' ? address.includes('case-app') : true) ? ['annotation'] : [];
          expect({ stack, address, differing }).toEqual({ stack, address, differing: allowed.filter((k) => differing.includes(k)) });
        }
      }
      expect(moves).toBeGreaterThan(0);
    });
  });

  test('vSphere: the firewall manifest keeps its port groups and rule ids; it names the new paths', () => {
    const manifest = (dir: string): FirewallManifest => readJson(path.join(dir, 'firewall', 'supplier-dc.json'));
    const before = manifest(base);
    for (const head of Object.values(heads)) {
      const after = manifest(head);
      expect(after.segments.map((s) => [s.portGroup, s.vlan, s.cidr])).toEqual(before.segments.map((s) => [s.portGroup, s.vlan, s.cidr]));
      expect(after.rules.map((r) => r.id)).toEqual(before.rules.map((r) => r.id));
    }
    expect(manifest(heads.workload).rules.map((r) => (r.source === 'any' ? r.source : 'workload' in r.source ? r.source.workload : r.source.prefix))).toContain('vsphere-net/kent/case-app');
    expect(manifest(heads.enclave).segments.map((s) => s.enclave)).toContain('vsphere-net/kent-police');
  });
});

describe('renamedFrom is checked like an id', () => {
  function kent() {
    const { cloud, networks } = smallEstate();
    return { cloud, network: networks.aws, enclave: new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' }) };
  }

  test('fails when renamedFrom is not a kebab-case id, and suggests one', () => {
    const { enclave } = kent();
    const e = pcloudErrorOf(() => new Workload(enclave, 'case-app', { kind: 'vm', renamedFrom: 'CaseApp2' }));
    expect(e).toMatchObject({ code: 'RENAMED_FROM_INVALID', path: 'aws-net/kent/case-app', given: '"CaseApp2"', fix: 'use "case-app2" if that was the previous id' });
  });

  test('fails when renamedFrom equals the id', () => {
    const { network } = kent();
    const e = pcloudErrorOf(() => new TenantEnclave(network, 'essex', { tenant: 'essex', renamedFrom: 'essex' }));
    expect(e).toMatchObject({ code: 'RENAMED_FROM_SAME_ID', path: 'aws-net/essex', given: '"essex"', fix: 'remove renamedFrom, or set it to the previous id' });
  });

  test("fails when renamedFrom is a sibling's current id", () => {
    const { enclave } = kent();
    new Workload(enclave, 'app', { kind: 'vm' });
    const e = pcloudErrorOf(() => new Workload(enclave, 'case-app', { kind: 'vm', renamedFrom: 'app' }));
    expect(e).toMatchObject({ code: 'RENAMED_FROM_CLASH', path: 'aws-net/kent/case-app', given: '"app"' });
    expect(e.problem).toBe('renamedFrom "app" is the id of "aws-net/kent/app", which still uses it');
    expect(e.fix).toMatch(/give it another id; otherwise remove renamedFrom/);
  });

  test("fails when a new construct takes the id a sibling was renamed from", () => {
    const { enclave } = kent();
    new Workload(enclave, 'case-app', { kind: 'vm', renamedFrom: 'app' });
    const e = pcloudErrorOf(() => new Workload(enclave, 'app', { kind: 'database' }));
    expect(e).toMatchObject({ code: 'RENAMED_FROM_CLASH', path: 'aws-net/kent/app', given: '"app"', fix: 'choose another id for this workload' });
    expect(e.problem).toContain('"aws-net/kent/case-app" (renamedFrom "app")');
  });

  test('fails when two siblings are renamed from the same id', () => {
    const { enclave } = kent();
    new Workload(enclave, 'case-app', { kind: 'vm', renamedFrom: 'app' });
    const e = pcloudErrorOf(() => new Workload(enclave, 'case-api', { kind: 'vm', renamedFrom: 'app' }));
    expect(e).toMatchObject({ code: 'RENAMED_FROM_CLASH', path: 'aws-net/kent/case-api', given: '"app"' });
  });

  test("fails when a network's renamedFrom is a site's id (its stack name would be the site's)", () => {
    const { cloud, sites } = smallEstate();
    const e = pcloudErrorOf(
      () => new AccreditedNetwork(cloud, 'london', { site: sites.aws, addressSpace: '10.90.0.0/16', accreditation: ACCREDITATION, renamedFrom: 'aws-london' }),
    );
    expect(e).toMatchObject({ code: 'RENAMED_FROM_CLASH', path: 'london', given: '"aws-london"' });
  });

  test('target constructs check it too, before anything is created', () => {
    const app = new App();
    const stack = new Stack(app, 'Kent', { env: { account: '111122223333', region: 'eu-west-2' } });
    const network = new aws.AccreditedNetwork(stack, 'Network', { addressSpace: '10.20.0.0/16', accreditation: ACCREDITATION, assurance: AWS_SITE.assurance });
    const enclave = new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' });
    expect(pcloudErrorOf(() => new aws.Workload(enclave, 'CaseApp', { kind: 'vm', renamedFrom: 42 as never }))).toMatchObject({
      code: 'RENAMED_FROM_INVALID',
      path: 'Kent/Kent/CaseApp',
      given: '42',
    });
    expect(pcloudErrorOf(() => new aws.Workload(enclave, 'CaseApp', { kind: 'vm', renamedFrom: 'case-app' }))).toMatchObject({ code: 'RENAMED_FROM_SAME_ID' });
    new aws.Workload(enclave, 'App', { kind: 'vm' });
    expect(pcloudErrorOf(() => new aws.Workload(enclave, 'CaseApp', { kind: 'vm', renamedFrom: 'App' }))).toMatchObject({ code: 'RENAMED_FROM_CLASH', path: 'Kent/Kent/CaseApp' });
  });
});

describe('renamedFrom in a force\'s own stack', () => {
  test('AWS: the renamed construct keeps its previous construct id, so the template keeps its logical ids and names', () => {
    function build(renamed: boolean): Template {
      const app = new App();
      const stack = new Stack(app, 'KentPolicing', { env: { account: '111122223333', region: 'eu-west-2' } });
      const network = new aws.AccreditedNetwork(stack, 'Network', { addressSpace: '10.20.0.0/16', accreditation: ACCREDITATION, estate: 'kent', assurance: AWS_SITE.assurance });
      const enclave = renamed
        ? new aws.TenantEnclave(stack, 'KentPolice', { network, tenant: 'kent', renamedFrom: 'Kent' })
        : new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' });
      const app1 = renamed ? new aws.Workload(enclave, 'CaseApp', { kind: 'vm', renamedFrom: 'App' }) : new aws.Workload(enclave, 'App', { kind: 'vm' });
      const db = new aws.Workload(enclave, 'Db', { kind: 'database' });
      const docs = new aws.Workload(enclave, 'Docs', { kind: 'objectStore' });
      db.allowFrom(app1, 5432);
      docs.allowFrom(app1, 443);
      if (renamed) {
        expect(enclave.model).toMatchObject({ path: 'network/kent-police', id: 'kent-police', renamedFrom: 'kent' });
        expect(app1.model).toMatchObject({ path: 'network/kent-police/case-app', id: 'case-app', renamedFrom: 'app' });
        expect([enclave.node.id, app1.node.id]).toEqual(['Kent', 'App']);
      }
      return Template.fromStack(stack);
    }
    const before = build(false).toJSON();
    const after = build(true).toJSON();
    expect(Object.keys(after.Resources).sort()).toEqual(Object.keys(before.Resources).sort());
    const withoutTags = (t: typeof before) =>
      JSON.parse(JSON.stringify(t.Resources), (k, v) => (k === 'Tags' ? undefined : v));
    expect(withoutTags(after)).toEqual(withoutTags(before));
  });

  test('Azure: resources move to the new construct path; their names stay', () => {
    function build(renamed: boolean) {
      const stack = new TerraformStack(Testing.app(), 'kent');
      const network = new azure.AccreditedNetwork(stack, 'Network', {
        addressSpace: '10.20.0.0/16',
        accreditation: ACCREDITATION,
        site: { subscriptionId: '00000000-0000-0000-0000-0000000000aa', location: 'uksouth', vmAdmin: { sshPublicKey: 'ssh-ed25519 AAAAC3Nza test' } },
        estate: 'kent',
      });
      const enclave = new azure.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' });
      const app = renamed ? new azure.Workload(enclave, 'CaseApp', { kind: 'vm', renamedFrom: 'App' }) : new azure.Workload(enclave, 'App', { kind: 'vm' });
      new azure.Workload(enclave, 'Db', { kind: 'database' }).allowFrom(app, 5432);
      return JSON.parse(Testing.synth(stack)) as TfStack;
    }
    const before = build(false);
    const after = build(true);
    const moved = after.moved ?? [];
    const was = resourcesOf(before);
    const is = resourcesOf(after);
    expect(moved.map((m) => m.from).sort()).toEqual([...was.keys()].filter((a) => !is.has(a)).sort());
    expect(moved.map((m) => m.to).sort()).toEqual([...is.keys()].filter((a) => !was.has(a)).sort());
    expect(moved.map((m) => m.to)).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_linux_virtual_machine\.Kent_CaseApp_[0-9A-F]{8}$/)]));
    // The database's flow rules name the source in their construct ids: they move too.
    expect(moved.map((m) => m.to)).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_network_security_rule\.Kent_Db_AllowInbound-CaseApp-tcp-5432_/)]));
    const toBase = addressMapping(before as never, after as never, {});
    for (const m of moved) expect({ m, differing: differingAttributes(was.get(m.from), is.get(m.to), toBase) }).toEqual({ m, differing: [] });
  });
});

