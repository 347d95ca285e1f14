// What a synth wrote, as the benchmark compares it: per stack, the count of each resource type
// (CloudFormation `Resources`, Terraform `resource`, and Terraform `data` sources as `data.<type>`),
// outputs and parameters; the total resource count and the bytes written.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Per stack, per resource type (`AWS::EC2::Instance`, `azurerm_subnet`, `data.vsphere_tag`): how many. */
export type StackCounts = Record<string, Record<string, number>>;

export interface OutputSummary {
  readonly stacks: StackCounts;
  /** CloudFormation resources plus Terraform managed resources (data sources not included). */
  readonly resources: number;
  readonly dataSources: number;
  /** Every file under the output folder. */
  readonly bytes: number;
  readonly files: number;
}

export function summarise(dir: string): OutputSummary {
  const stacks: StackCounts = {};
  let resources = 0;
  let dataSources = 0;
  const cdk = path.join(dir, 'cdk.out');
  if (fs.existsSync(cdk)) {
    for (const file of fs.readdirSync(cdk).filter((f) => f.endsWith('.template.json')).sort()) {
      const template = JSON.parse(fs.readFileSync(path.join(cdk, file), 'utf8')) as { Resources?: Record<string, { Type: string }>; Outputs?: object; Parameters?: object };
      const counts: Record<string, number> = {};
      for (const r of Object.values(template.Resources ?? {})) {
        counts[r.Type] = (counts[r.Type] ?? 0) + 1;
        resources++;
      }
      counts['(outputs)'] = Object.keys(template.Outputs ?? {}).length;
      counts['(parameters)'] = Object.keys(template.Parameters ?? {}).length;
      stacks[file.replace(/\.template\.json$/, '')] = counts;
    }
  }
  const tf = path.join(dir, 'cdktf.out', 'stacks');
  if (fs.existsSync(tf)) {
    for (const name of fs.readdirSync(tf).sort()) {
      const config = JSON.parse(fs.readFileSync(path.join(tf, name, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, object>; data?: Record<string, object>; output?: object };
      const counts: Record<string, number> = {};
      for (const [type, byName] of Object.entries(config.resource ?? {})) {
        counts[type] = Object.keys(byName).length;
        resources += counts[type];
      }
      for (const [type, byName] of Object.entries(config.data ?? {})) {
        counts[`data.${type}`] = Object.keys(byName).length;
        dataSources += counts[`data.${type}`];
      }
      counts['(outputs)'] = Object.keys(config.output ?? {}).length;
      stacks[name] = counts;
    }
  }
  const { bytes, files } = size(dir);
  return { stacks, resources, dataSources, bytes, files };
}

function size(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = size(full);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += fs.statSync(full).size;
      files++;
    }
  }
  return { bytes, files };
}

/** Every (stack, type) whose count differs between two outputs, and stacks only one of them has. */
export function compareCounts(a: StackCounts, b: StackCounts): string[] {
  const differences: string[] = [];
  for (const stack of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!a[stack] || !b[stack]) {
      differences.push(`${stack}: only in ${a[stack] ? 'pcloud' : 'hand-written'}`);
      continue;
    }
    for (const type of [...new Set([...Object.keys(a[stack]), ...Object.keys(b[stack])])].sort()) {
      const [x, y] = [a[stack][type] ?? 0, b[stack][type] ?? 0];
      if (x !== y) differences.push(`${stack} ${type}: pcloud ${x}, hand-written ${y}`);
    }
  }
  return differences;
}
