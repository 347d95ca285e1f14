import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PoliceCloud } from '../../index';
import { TenantEnclave, Workload } from '../../index';
import { snapshotTree } from '../bin/cli';

/** A fresh copy of the national example: each call builds a new construct tree. */
function national(): PoliceCloud {
  let cloud: PoliceCloud | undefined;
  jest.isolateModules(() => {
    cloud = require('../../examples/national-pcloud').default;
  });
  return cloud!;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-synth-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function synth(cloud: PoliceCloud, name: string): string {
  const outdir = path.join(tmp, name);
  cloud.synth({ outdir, validateCloudFormation: false });
  return outdir;
}

/** Resource identities per stack: CloudFormation logical ids and Terraform addresses. */
function identities(outdir: string): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const cdkOut = path.join(outdir, 'cdk.out');
  for (const file of fs.readdirSync(cdkOut).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(fs.readFileSync(path.join(cdkOut, file), 'utf8'));
    result.set(`aws:${file.replace('.template.json', '')}`, new Set(Object.keys(template.Resources)));
  }
  const stacks = path.join(outdir, 'cdktf.out', 'stacks');
  for (const stack of fs.readdirSync(stacks)) {
    const tf = JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8'));
    const addresses = new Set<string>();
    for (const [type, byName] of Object.entries<Record<string, unknown>>(tf.resource ?? {})) for (const name of Object.keys(byName)) addresses.add(`${type}.${name}`);
    result.set(`terraform:${stack}`, addresses);
  }
  return result;
}

describe('synthesising the national example', () => {
  const first = synth(national(), 'first');

  test('writes a cloud assembly, Terraform stacks for Azure and vSphere, model.json and firewall manifests', () => {
    const files = Object.keys(snapshotTree(first));
    expect(files).toEqual(expect.arrayContaining(['model.json', 'cdk.out/manifest.json', 'cdktf.out/manifest.json', 'firewall/supplier-dc.json', 'firewall/gmp-estate.json']));
    const stacks = fs.readdirSync(path.join(first, 'cdktf.out', 'stacks')).sort();
    expect(stacks).toEqual(
      [
        'national-azure-uksouth',
        'national-met-azure',
        'national-met-azure-met',
        'national-supplier-dc',
        'national-supplier-dc1',
        'national-supplier-dc1-kent',
        'national-supplier-dc1-essex',
        'national-gmp-estate',
        'national-gmp-restricted',
        'national-gmp-restricted-gmp-intelligence',
      ].sort(),
    );
    const templates = fs.readdirSync(path.join(first, 'cdk.out')).filter((f) => f.endsWith('.template.json')).sort();
    expect(templates).toEqual([
      'national-aws-london.template.json',
      'national-national-services-btp.template.json',
      'national-national-services-shared-services.template.json',
      'national-national-services.template.json',
    ]);
  });

  test('the same definition gives byte-identical files', () => {
    const second = synth(national(), 'second');
    expect(snapshotTree(second)).toEqual(snapshotTree(first));
  });

  test('no output holds an absolute path, so another checkout or folder gives the same files', () => {
    const root = path.resolve(__dirname, '..', '..');
    for (const file of Object.keys(snapshotTree(first))) {
      const text = fs.readFileSync(path.join(first, file), 'utf8');
      expect({ file, root: text.includes(root), outdir: text.includes(first) }).toEqual({ file, root: false, outdir: false });
    }
  });

  test('adding a workload to one enclave changes no other resource identity and no other stack', () => {
    const cloud = national();
    const met = cloud.node.findChild('met-azure').node.findChild('met');
    const kent = cloud.node.findChild('supplier-dc1').node.findChild('kent');
    const btp = cloud.node.findChild('national-services').node.findChild('btp');
    for (const enclave of [met, kent, btp]) new Workload(enclave as never, 'added', { kind: 'vm' });
    const head = synth(cloud, 'head');

    const before = identities(first);
    const after = identities(head);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const touched = ['aws:national-national-services-btp', 'terraform:national-met-azure-met', 'terraform:national-supplier-dc1-kent'];
    for (const [stack, ids] of before) {
      const now = after.get(stack)!;
      for (const id of ids) expect({ stack, id, kept: now.has(id) }).toEqual({ stack, id, kept: true });
      if (touched.includes(stack)) expect(now.size).toBeGreaterThan(ids.size);
    }
    // Untouched stacks are byte for byte the same (the vSphere site stack gains no new tag values either).
    const a = snapshotTree(first);
    const b = snapshotTree(head);
    for (const file of Object.keys(a).filter((f) => /national-(met-azure|supplier-dc1|national-services|gmp-restricted)(\.|\/)/.test(f) || f.includes('essex'))) {
      expect({ file, same: a[file] === b[file] }).toEqual({ file, same: true });
    }
  });

  test('adding an enclave on each platform leaves every other enclave stack as it was, name and content', () => {
    // GIVEN the national example with a new force on its AWS, Azure and vSphere networks
    const cloud = national();
    const added = [
      ['national-services', 'surrey'],
      ['met-azure', 'sussex'],
      ['supplier-dc1', 'dorset'],
    ];
    for (const [network, force] of added) new Workload(new TenantEnclave(cloud.node.findChild(network) as never, force, { tenant: force }), 'app', { kind: 'vm' });
    const head = synth(cloud, 'enclaves-added');

    // THEN the new stacks are the only new ones, and every enclave stack that was there is byte for byte the same
    const before = snapshotTree(first);
    const after = snapshotTree(head);
    const stacks = (tree: Record<string, string>) => new Set(Object.keys(tree).map((f) => /^(?:cdk\.out\/|cdktf\.out\/stacks\/)(national-[a-z0-9-]+?)(?:\.template\.json|\/cdk\.tf\.json)$/.exec(f)?.[1]).filter((s): s is string => !!s));
    const newStacks = [...stacks(after)].filter((s) => !stacks(before).has(s)).sort();
    expect(newStacks).toEqual(added.map(([network, force]) => `national-${network}-${force}`).sort());
    const enclaveStacks = [...stacks(before)].filter((s) => new RegExp(`^national-(${['national-services', 'met-azure', 'supplier-dc1', 'gmp-restricted'].join('|')})-.+`).test(s));
    expect(enclaveStacks.length).toBeGreaterThan(5);
    for (const stack of enclaveStacks) {
      const files = Object.keys(before).filter((f) => f === `cdk.out/${stack}.template.json` || f === `cdktf.out/stacks/${stack}/cdk.tf.json`);
      expect(files).toHaveLength(1);
      expect({ stack, same: before[files[0]] === after[files[0]] }).toEqual({ stack, same: true });
    }
  });
});
