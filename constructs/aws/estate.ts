import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, STACK_RESOURCE_LIMIT_CONTEXT, Stack } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS, DEFAULT_CROSS_STACK_REFERENCES, DISABLE_CREATION_STACK_TRACES, PATH_METADATA_ENABLE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { fail } from '../../lib/errors';
import type { EstateModel, ExchangeEndpointModel, ExchangeModel, InterconnectModel, PortRangeModel, SharedServiceModel, SiteModel } from '../../lib/model/types';
import { EstateView } from '../../lib/model/view';
import { checkStackLimits } from '../../lib/plan/limits';
import type { StackPlan } from '../../lib/plan/stacks';
import { Port, type PortSpec } from '../../lib/ports';
import { enclaveProps, networkProps, workloadProps } from '../private/from-model';
import { AccreditedNetwork } from './accredited-network';
import { ExchangeEnd } from './exchange';
import type { SharedServiceProvider } from './shared-service';
import { SiteBaseline } from './site-baseline';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';
import { markEstateApp } from '../private/own-stack-rules';
import type { TemplateToValidate } from './private/template-validation';

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
      // pcloud checks CloudFormation's quotas itself once the templates are written (synthAwsEstate),
      // with an error that names the enclave and how to split it.
      [STACK_RESOURCE_LIMIT_CONTEXT]: 0,
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
 * logs to the baseline's archive. The site's interconnects get their customer gateways in the
 * baseline, the networks their VPN connections, the enclaves their routes; then the shared
 * services and exchanges with an AWS end join the enclaves' stacks.
 */
export function addAwsStacks(app: App, model: EstateModel, plans: readonly StackPlan[]): void {
  markEstateApp(app);
  const view = new EstateView(model);
  const stacks = new Map<string, Stack>();
  const baselines = new Map<string, SiteBaseline>();
  const customerGateways = new Map<string, string>();
  const networks = new Map<string, AccreditedNetwork>();
  const enclaves = new Map<string, TenantEnclave>();
  const workloads = new Map<string, Workload>();
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
      const baseline = new SiteBaseline(stack, site.id, {
        estate: model.name,
        monitoring: model.monitoring,
        auditRetentionDays: view.auditRetentionDaysOn(site),
        classification: view.classificationOn(site),
        ...(site.assurance ? { assurance: site.assurance } : {}),
      });
      baselines.set(site.id, baseline);
      for (const link of view.interconnectsOn(site)) {
        const gateway = baseline.addCustomerGateway({
          interconnect: link.id,
          ...farEndOf(link, site),
          ...(link.coco ? { coco: link.coco } : {}),
          ...(link.ithc ? { ithc: link.ithc } : {}),
        });
        customerGateways.set(link.path, gateway.attrCustomerGatewayId);
      }
      continue;
    }
    const baseline = baselines.get(site.id);
    const network = view.network(plan.network!);
    if (plan.kind === 'network') {
      const rendered = new AccreditedNetwork(stack, network.id, {
        ...networkProps(network),
        estate: model.name,
        ...(site.assurance ? { assurance: site.assurance } : {}),
        ...(baseline ? { logArchive: baseline.logArchive, accessLogs: baseline.accessLogs } : {}),
      });
      networks.set(network.path, rendered);
      for (const link of view.interconnectsOn(site)) {
        const routes = view.enclavesOf(network).flatMap((e) => view.remoteRoutes(e)).filter((r) => r.interconnect === link.path);
        if (routes.length === 0 || !customerGateways.has(link.path)) continue;
        rendered.addVpnConnection({
          interconnect: link.id,
          customerGatewayId: customerGateways.get(link.path)!,
          prefixes: [...new Set(routes.map((r) => r.prefix))],
          ipsec: link.ipsec,
          ...(link.coco ? { coco: link.coco } : {}),
          ...(link.ithc ? { ithc: link.ithc } : {}),
        });
      }
      continue;
    }
    const enclaveModel = view.enclave(plan.enclave!);
    const enclave = new TenantEnclave(stack, enclaveModel.id, {
      ...enclaveProps(enclaveModel),
      network: networks.get(network.path)!,
      ...(baseline ? { auditArchive: baseline.auditArchive } : {}),
    });
    enclaves.set(enclaveModel.path, enclave);
    const own = new Map<string, Workload>();
    for (const w of view.workloadsOf(enclaveModel)) own.set(w.path, new Workload(enclave, w.id, workloadProps(w)));
    for (const f of view.flowsWithin(enclaveModel)) {
      const port = f.protocol === 'tcp' ? Port.tcpRange(f.fromPort, f.toPort) : Port.udpRange(f.fromPort, f.toPort);
      own.get(f.to)!.allowFrom(own.get(f.from)!, port);
    }
    for (const [p, w] of own) workloads.set(p, w);
    for (const prefix of new Set(view.remoteRoutes(enclaveModel).map((r) => r.prefix))) enclave.addRemoteRoute(prefix);
  }
  const order = deploymentOrder(view, [...enclaves.keys()]);
  for (const service of model.sharedServices) addSharedService(view, service, enclaves, workloads);
  for (const exchange of model.exchanges) addExchange(view, exchange, workloads, order);
}

/** The far end of an interconnect seen from `site`: a community network's gateway, or the other site's. */
function farEndOf(link: InterconnectModel, site: SiteModel): { address: string; farEnd: string } {
  if (link.community) return { address: link.community.gatewayAddress, farEnd: link.community.name };
  const far = link.ends.find((e) => e.site !== site.id)!;
  // The model guarantees a cloud end knows the far end's address (connectivity.ts).
  return { address: far.publicAddress!, farEnd: `site ${far.site}` };
}

/**
 * A shared service's AWS parts: on a provider enclave rendered here, the load balancer and
 * endpoint service, an interface endpoint in each consumer on the same site and the provider VMs'
 * rules for each consumer elsewhere; on a consumer enclave rendered here whose provider is on
 * another site, egress to the providers through the interconnect.
 */
function addSharedService(view: EstateView, service: SharedServiceModel, enclaves: Map<string, TenantEnclave>, workloads: Map<string, Workload>): void {
  const providerSite = view.siteOfEnclave(view.enclave(service.enclave));
  const ports = service.ports.map(portSpec);
  const providing = enclaves.get(service.enclave);
  let provider: SharedServiceProvider | undefined;
  if (providing) {
    provider = providing.offerService({ service: service.id, providers: service.providers.map((p) => workloads.get(p)!), ports });
  }
  for (const c of service.consumers) {
    const consumer = view.enclave(c);
    const sameSite = view.siteOfEnclave(consumer).id === providerSite.id;
    if (sameSite) {
      if (provider) enclaves.get(c)?.consumeService(provider);
      continue;
    }
    provider?.admitRemoteConsumer(consumer.cidr);
    enclaves.get(c)?.reachRemoteService({ service: service.id, prefixes: service.providers.map((p) => view.workloadPrefix(p)), ports });
  }
}

/**
 * An exchange's AWS ends: a security group of the exchange's own on each, joined to each other when
 * both ends are on this site (one network: the model refuses anything else), otherwise open to the
 * far end's prefixes through the interconnect.
 */
function addExchange(view: EstateView, exchange: ExchangeModel, workloads: Map<string, Workload>, order: Map<string, number>): void {
  const props = { exchange: exchange.id, isa: exchange.isa.reference, ports: exchange.ports.map(portSpec) };
  const { records } = view.exchangeRecords(exchange);
  const endOf = (e: ExchangeEndpointModel, role: 'sender' | 'receiver'): ExchangeEnd | undefined => {
    const workload = e.kind === 'workload' ? workloads.get(e.workload) : undefined;
    return workload?.addExchangeEnd({ ...props, role, ...(role === 'receiver' && records === 'collections' ? { records } : {}) });
  };
  const sender = endOf(exchange.from, 'sender');
  const receiver = endOf(exchange.to, 'receiver');
  if (sender && receiver && exchange.via.length === 0) {
    const later = order.get(sender.workload.model.enclave)! > order.get(receiver.workload.model.enclave)! ? sender : receiver;
    ExchangeEnd.connect(sender, receiver, later.workload.enclave);
    return;
  }
  if (sender) sender.allowPrefixes(view.endpointPrefixes(exchange.to));
  if (receiver) receiver.allowPrefixes(view.endpointPrefixes(exchange.from));
}

/**
 * The order enclave stacks must deploy in so that no two depend on each other: a consumer's
 * interface endpoint names its provider's endpoint service, so a provider comes before the
 * consumers on its site; otherwise plan order. An exchange between two enclaves puts its rules in
 * the later one's stack, which then depends on the earlier one only.
 */
function deploymentOrder(view: EstateView, rendered: readonly string[]): Map<string, number> {
  const before = new Map<string, Set<string>>(rendered.map((e) => [e, new Set<string>()]));
  for (const s of view.model.sharedServices) {
    if (!before.has(s.enclave)) continue;
    const site = view.siteOfEnclave(view.enclave(s.enclave)).id;
    for (const c of s.consumers) if (before.has(c) && view.siteOfEnclave(view.enclave(c)).id === site) before.get(c)!.add(s.enclave);
  }
  const order = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (e: string, chain: readonly string[]) => {
    if (order.has(e)) return;
    if (visiting.has(e)) {
      fail({
        code: 'AWS_SHARED_SERVICES_CYCLE',
        path: e,
        problem: `enclaves on one AWS site consume each other's shared services (${[...chain, e].join(' -> ')}), so neither stack can be deployed first`,
        given: [...chain, e].join(' -> '),
        expected: 'shared services on a site that do not depend on each other in a circle',
        fix: 'offer the services from one enclave, or reach one of them with a secure exchange',
      });
    }
    visiting.add(e);
    for (const p of [...before.get(e)!].sort((a, b) => rendered.indexOf(a) - rendered.indexOf(b))) visit(p, [...chain, e]);
    visiting.delete(e);
    order.set(e, order.size);
  };
  for (const e of rendered) visit(e, []);
  return order;
}

function portSpec(p: PortRangeModel): PortSpec {
  return p.protocol === 'tcp' ? Port.tcpRange(p.fromPort, p.toPort) : Port.udpRange(p.fromPort, p.toPort);
}

/** Synthesises the estate's AWS stacks into a cloud assembly at `outdir` (what `cdk deploy --app` takes). */
export function synthAwsEstate(model: EstateModel, plans: readonly StackPlan[], outdir: string, options: AwsEstateOptions): void {
  buildAwsApp(model, plans, outdir, options).synth();
  removeStackTraces(outdir);
  const stacks = plans.filter((plan) => plan.platform === 'aws').map((plan) => ({ plan, cloudformation: JSON.parse(fs.readFileSync(path.join(outdir, `${plan.name}.template.json`), 'utf8')) }));
  checkStackLimits({ stacks, firewall: [] });
}

/** The templates `synthAwsEstate` wrote, as aws-cdk-lib's validator takes them (its own validation runs on the same). */
export function templatesOf(model: EstateModel, plans: readonly StackPlan[], outdir: string): TemplateToValidate[] {
  const view = new EstateView(model);
  return plans
    .filter((p) => p.platform === 'aws')
    .map((p) => {
      const { account, region } = view.site(p.site).aws!;
      return { stackConstructPath: p.name, templatePath: path.resolve(outdir, `${p.name}.template.json`), accountId: account, region };
    });
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
