import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS, DEFAULT_CROSS_STACK_REFERENCES, DISABLE_CREATION_STACK_TRACES, PATH_METADATA_ENABLE_CONTEXT } from 'aws-cdk-lib/cx-api';
import type { EstateModel } from '../../lib/model/types';
import { EstateView } from '../../lib/model/view';
import type { StackPlan } from '../../lib/plan/stacks';
import { Port } from '../../lib/ports';
import { enclaveProps, networkProps, workloadProps } from '../private/from-model';
import { AccreditedNetwork } from './accredited-network';
import { SiteBaseline } from './site-baseline';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';
import { markEstateApp } from '../private/own-stack-rules';

export interface AwsEstateOptions {
  /** Run aws-cdk-lib's CloudFormation validation of every template against the resource schemas. */
  readonly validate: boolean;
}

/**
 * Builds the estate's AWS stacks in an aws-cdk App: per site a baseline stack, then one stack per
 * network and one per enclave, with termination protection on.
 */
export function buildAwsApp(model: EstateModel, plans: readonly StackPlan[], outdir: string, options: AwsEstateOptions): App {
  const app = new App({
    outdir,
    analyticsReporting: false,
    // Stack traces in the metadata hold absolute paths: the output would differ per checkout.
    stackTraces: false,
    builtinCloudFormationValidation: options.validate,
    context: {
      ...CURRENTLY_RECOMMENDED_FLAGS,
      // Enclaves use their network's VPC; a strong (exported) reference stops the network stack
      // from removing or replacing the VPC while an enclave stack still uses it.
      [DEFAULT_CROSS_STACK_REFERENCES]: 'strong',
      [DISABLE_CREATION_STACK_TRACES]: true,
      // Each resource names its construct path (`aws:cdk:path`): the rules attribute findings and
      // evidence to workloads by it. The CDK CLI sets this; pcloud renders without the CLI.
      [PATH_METADATA_ENABLE_CONTEXT]: true,
      ...zoneContext(model),
    },
  });
  addAwsStacks(app, model, plans);
  return app;
}

/**
 * aws-cdk-lib's Vpc reads the stack's availability zones, which the CDK CLI would look up with
 * AWS credentials. pcloud's templates never use those names (subnets ask CloudFormation with
 * Fn::GetAZs), so the region's public zone names are given instead and synthesis needs no account.
 */
function zoneContext(model: EstateModel): Record<string, string[]> {
  const context: Record<string, string[]> = {};
  for (const site of model.sites) {
    if (!site.aws) continue;
    const { account, region } = site.aws;
    context[`availability-zones:account=${account}:region=${region}`] = ['a', 'b', 'c'].map((z) => `${region}${z}`);
  }
  return context;
}

/**
 * Adds the estate's AWS stacks to an existing aws-cdk App (what `cdk.json`'s app does), in plan
 * order: a site's baseline stack comes before its networks' and enclaves' stacks, which send their
 * logs to the baseline's archive.
 */
export function addAwsStacks(app: App, model: EstateModel, plans: readonly StackPlan[]): void {
  markEstateApp(app);
  const view = new EstateView(model);
  const stacks = new Map<string, Stack>();
  const baselines = new Map<string, SiteBaseline>();
  const networks = new Map<string, AccreditedNetwork>();
  for (const plan of plans) {
    if (plan.platform !== 'aws') continue;
    const site = view.site(plan.site);
    const stack = new Stack(app, plan.name, {
      stackName: plan.name,
      env: { account: site.aws!.account, region: site.aws!.region },
      terminationProtection: true,
      description: `pcloud estate ${model.name}: ${plan.kind} ${plan.enclave ?? plan.network ?? plan.site}`,
    });
    stacks.set(plan.name, stack);
    for (const dependency of plan.dependsOn) {
      const before = stacks.get(dependency);
      if (before) stack.addStackDependency(before);
    }
    if (plan.kind === 'site') {
      baselines.set(
        site.id,
        new SiteBaseline(stack, site.id, {
          estate: model.name,
          monitoring: model.monitoring,
          auditRetentionDays: view.auditRetentionDaysOn(site),
          classification: view.classificationOn(site),
          ...(site.assurance ? { assurance: site.assurance } : {}),
        }),
      );
      continue;
    }
    const baseline = baselines.get(site.id);
    const network = view.network(plan.network!);
    if (plan.kind === 'network') {
      networks.set(
        network.path,
        new AccreditedNetwork(stack, network.id, {
          ...networkProps(network),
          estate: model.name,
          ...(site.assurance ? { assurance: site.assurance } : {}),
          ...(baseline ? { logArchive: baseline.logArchive, accessLogs: baseline.accessLogs } : {}),
        }),
      );
      continue;
    }
    const enclaveModel = view.enclave(plan.enclave!);
    const enclave = new TenantEnclave(stack, enclaveModel.id, {
      ...enclaveProps(enclaveModel),
      network: networks.get(network.path)!,
      ...(baseline ? { auditArchive: baseline.auditArchive } : {}),
    });
    const workloads = new Map<string, Workload>();
    for (const w of view.workloadsOf(enclaveModel)) workloads.set(w.path, new Workload(enclave, w.id, workloadProps(w)));
    for (const f of view.flowsWithin(enclaveModel)) {
      const port = f.protocol === 'tcp' ? Port.tcpRange(f.fromPort, f.toPort) : Port.udpRange(f.fromPort, f.toPort);
      workloads.get(f.to)!.allowFrom(workloads.get(f.from)!, port);
    }
  }
}

/** Synthesises the estate's AWS stacks into a cloud assembly at `outdir` (what `cdk deploy --app` takes). */
export function synthAwsEstate(model: EstateModel, plans: readonly StackPlan[], outdir: string, options: AwsEstateOptions): void {
  buildAwsApp(model, plans, outdir, options).synth();
  removeStackTraces(outdir);
}

/**
 * aws-cdk-lib records a stack trace (absolute source paths) with each validation rule its own
 * constructs acknowledge, whatever the stack-trace settings say. The traces are informational;
 * removing them keeps the cloud assembly the same on every machine.
 */
function removeStackTraces(outdir: string): void {
  for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith('.metadata.json'))) {
    const full = path.join(outdir, file);
    const metadata: Record<string, { trace?: unknown }[]> = JSON.parse(fs.readFileSync(full, 'utf8'));
    let changed = false;
    for (const entries of Object.values(metadata)) {
      for (const entry of entries) {
        if (entry.trace !== undefined) {
          delete entry.trace;
          changed = true;
        }
      }
    }
    if (changed) fs.writeFileSync(full, JSON.stringify(metadata, undefined, 2));
  }
}
