import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PoliceCloud } from '../../index';
import { renderEstate } from '../../constructs/synth';
import { CLOUDFORMATION_LIMITS, checkStackLimits } from '../../lib/plan/limits';
import { readOutputs, type RenderedStack } from '../../lib/policy/outputs';

// The size of UK policing: 48 forces x 40 workloads over AWS, Azure and vSphere (the benchmark's
// largest estate). Partitioning keeps every CloudFormation stack inside its quotas and every
// Terraform stack to one enclave, with no help from the definition.

/** The benchmark's estate of `forces` x `workloads`, built fresh (its size is read when it loads). */
function benchEstate(forces: number, workloads: number): PoliceCloud {
  const saved = { ...process.env };
  Object.assign(process.env, { PCLOUD_BENCH_FORCES: String(forces), PCLOUD_BENCH_WORKLOADS: String(workloads), PCLOUD_BENCH_PLATFORMS: 'aws,azure,vsphere' });
  try {
    let cloud: PoliceCloud | undefined;
    jest.isolateModules(() => {
      cloud = require('../../bench/estate').default;
    });
    return cloud!;
  } finally {
    process.env = saved;
  }
}

/** Every `tags.enclave` value in an Azure stack, and the enclave-category tags a vSphere stack looks up. */
function enclavesNamedIn(stack: RenderedStack): Set<string> {
  const found = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'tags' && v && typeof v === 'object' && typeof (v as { enclave?: unknown }).enclave === 'string') found.add((v as { enclave: string }).enclave);
        walk(v);
      }
    }
  };
  walk(stack.terraform?.resource ?? {});
  for (const tag of Object.values(stack.terraform?.data?.vsphere_tag ?? {}) as { name?: string; category_id?: string }[]) {
    if (tag.category_id?.includes('Category-enclave') && tag.name) found.add(tag.name);
  }
  found.delete('none');
  return found;
}

describe('an estate of 48 forces x 40 workloads on three platforms', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-scale-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const model = benchEstate(48, 40).toModel();
  renderEstate(model, dir);
  const outputs = readOutputs(dir, model);

  test('has 1,920 workloads in 48 enclaves, one stack each', () => {
    expect(model.workloads).toHaveLength(1920);
    expect(outputs.stacks.filter((s) => s.plan.kind === 'enclave')).toHaveLength(48);
  });

  test('no CloudFormation stack passes 500 resources, 1 MB of template or 200 outputs', () => {
    expect(() => checkStackLimits(outputs)).not.toThrow();
    const aws = outputs.stacks.filter((s) => s.cloudformation);
    const largest = Math.max(...aws.map((s) => Object.keys(s.cloudformation!.Resources ?? {}).length));
    const bytes = Math.max(...aws.map((s) => fs.statSync(path.join(dir, 'cdk.out', `${s.plan.name}.template.json`)).size));
    const outputsPerStack = Math.max(...aws.map((s) => Object.keys(s.cloudformation!.Outputs ?? {}).length));
    // The largest enclave stack holds 40 workloads; a single stack for the site would hold thousands.
    expect(largest).toBeGreaterThan(250);
    expect(largest).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.resources);
    expect(bytes).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.templateBytes);
    expect(outputsPerStack).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS.outputs);
  });

  test('no Terraform stack mixes two enclaves: each enclave stack names its own enclave only', () => {
    const terraform = outputs.stacks.filter((s) => s.terraform && s.plan.kind === 'enclave');
    expect(terraform.length).toBe(32);
    for (const stack of terraform) {
      expect({ stack: stack.plan.name, enclaves: [...enclavesNamedIn(stack)] }).toEqual({ stack: stack.plan.name, enclaves: [stack.plan.enclave] });
    }
    // Shared plumbing names no enclave at all.
    for (const stack of outputs.stacks.filter((s) => s.terraform && s.plan.kind !== 'enclave')) expect([...enclavesNamedIn(stack)]).toEqual([]);
  });
});
