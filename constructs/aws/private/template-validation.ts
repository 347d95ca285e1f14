import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

/** A template of the cloud assembly to validate, as aws-cdk-lib's validation plugins take it. */
export interface TemplateToValidate {
  /** The stack's construct path: its name, for pcloud's top-level stacks. */
  readonly stackConstructPath: string;
  readonly templatePath: string;
  readonly accountId: string;
  readonly region: string;
}

/** One finding of the CloudFormation validator, as its plugin reports it. */
export interface TemplateViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly severity?: string;
  readonly fix?: string;
  readonly violatingResources: readonly { readonly resourceLogicalId?: string; readonly templatePath: string }[];
}

/**
 * aws-cdk-lib's CloudFormation validator in a worker thread: it warms up (builds its engine for
 * the resource types pcloud renders) while the caller renders the AWS stacks, validates the
 * templates while the caller renders the Terraform stacks and checks the rules, and is collected
 * at the end. The validator is most of an AWS synthesis (at 48 forces about 2.5 s to build its
 * engine and 2.5 s to validate, of 9 s), and a synthesis has two cores.
 */
export interface TemplateValidator {
  /** Starts the validation of the written templates. */
  validate(templates: readonly TemplateToValidate[]): void;
  /** Blocks until the validator is done; throws `TemplateValidationError` when it found errors. Returns its warnings. */
  wait(): TemplateViolation[];
  /** Stops the validator (the synthesis failed for another reason); resolves once its thread has ended. */
  cancel(): Promise<void>;
}

/** The CloudFormation validator found errors: CloudFormation would refuse the template. */
export class TemplateValidationError extends Error {
  constructor(readonly violations: readonly TemplateViolation[]) {
    super(
      [
        `aws-cdk-lib's CloudFormation validator found ${violations.length} error${violations.length === 1 ? '' : 's'} in the AWS templates:`,
        ...violations.map(describeViolation),
        'fix: this is a pcloud defect, not a definition error; report it with the lines above (synth --no-validate skips the validator, not for release)',
      ].join('\n'),
    );
    this.name = 'TemplateValidationError';
  }
}

export function describeViolation(v: TemplateViolation): string {
  const where = v.violatingResources.map((r) => `${path.basename(r.templatePath).replace(/\.template\.json$/, '')}/${r.resourceLogicalId ?? '(stack)'}`).join(', ');
  return `  ${v.severity ?? 'error'} ${v.ruleName}: ${v.description} (${where})${v.fix ? `; ${v.fix}` : ''}`;
}

/**
 * The resource types pcloud's AWS renderers emit. The validator builds its engine (rules and
 * schemas) for a set of types; warmed for these, it is reused for any templates whose types are
 * among them, and rebuilt, slower but as correct, for a type missing here. A test keeps the list
 * complete.
 */
export const AWS_RESOURCE_TYPES: readonly string[] = [
  'AWS::Backup::BackupPlan', 'AWS::Backup::BackupSelection', 'AWS::Backup::BackupVault', 'AWS::CloudTrail::Trail',
  'AWS::Config::ConfigRule', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::EC2::CustomerGateway',
  'AWS::EC2::FlowLog', 'AWS::EC2::Instance', 'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry', 'AWS::EC2::Route',
  'AWS::EC2::RouteTable', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::Subnet', 'AWS::EC2::SubnetNetworkAclAssociation', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::VPC',
  'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPCEndpointService', 'AWS::EC2::VPCEndpointServicePermissions', 'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::VPNConnection', 'AWS::EC2::VPNConnectionRoute', 'AWS::EC2::VPNGateway', 'AWS::Events::Rule', 'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::GuardDuty::Detector',
  'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::KMS::Alias', 'AWS::KMS::Key',
  'AWS::KinesisFirehose::DeliveryStream', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup', 'AWS::Logs::ResourcePolicy', 'AWS::Logs::SubscriptionFilter',
  'AWS::RDS::DBInstance', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBSubnetGroup', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy',
  'AWS::SecurityHub::Hub', 'Custom::VpcRestrictDefaultSG',
];

// Runs in the worker: the plugin aws-cdk-lib's built-in validation runs after `app.synth()`, over
// the same templates, with the same account and region per stack. The warm-up validates a template
// of one empty resource per type, whose findings are dropped: it only builds the engine.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { port, flag, cdkLib, warmTypes } = workerData;
// Whatever ends the worker, the waiting thread wakes: 2 says it ended without a result.
process.on('exit', () => { if (Atomics.compareExchange(flag, 0, 0, 2) === 0) Atomics.notify(flag, 0); });
const finish = (result) => {
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
let plugin;
try {
  const { CloudFormationValidatePlugin } = require(cdkLib);
  plugin = new CloudFormationValidatePlugin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-validator-'));
  try {
    const file = path.join(dir, 'warm-up.template.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: Object.fromEntries(warmTypes.map((type, i) => ['R' + i, { Type: type, Properties: {} }])) }));
    plugin.validate({ stackTemplates: [{ stackConstructPath: 'warm-up', templatePath: file }], templatePaths: [file] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
} catch (e) {
  plugin = undefined;
  finish({ failure: String((e && e.stack) || e) });
}
parentPort.once('message', ({ templates }) => {
  if (!plugin) return;
  try {
    const report = plugin.validate({ stackTemplates: templates, templatePaths: templates.map((t) => t.templatePath) });
    finish({ violations: report.violations.map((v) => ({ ruleName: v.ruleName, description: v.description, severity: v.severity, fix: v.fix, violatingResources: v.violatingResources.map((r) => ({ resourceLogicalId: r.resourceLogicalId, templatePath: r.templatePath })) })) });
  } catch (e) {
    finish({ failure: String((e && e.stack) || e) });
  }
});
`;

/** Starts the validator's worker; it warms up at once. `wait()` returns synchronously, so synthesis stays a synchronous call. */
export function startTemplateValidator(): TemplateValidator {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { port: port2, flag, cdkLib: require.resolve('aws-cdk-lib'), warmTypes: AWS_RESOURCE_TYPES },
    transferList: [port2],
  });
  worker.unref();
  let state: 'warming' | 'validating' | 'done' = 'warming';
  let ended: Promise<void> = Promise.resolve();
  const stop = () => {
    state = 'done';
    port1.close();
    ended = worker.terminate().then(() => undefined);
  };
  return {
    validate(templates) {
      if (state !== 'warming') throw new Error('pcloud internal error: the template validator was already given its templates');
      state = 'validating';
      worker.postMessage({ templates });
    },
    wait() {
      if (state !== 'validating') throw new Error('pcloud internal error: the template validator has no templates to wait for');
      Atomics.wait(flag, 0, 0);
      const message = receiveMessageOnPort(port1)?.message as { violations?: TemplateViolation[]; failure?: string } | undefined;
      stop();
      if (!message || message.failure !== undefined) throw new Error(`aws-cdk-lib's CloudFormation validator failed: ${message?.failure ?? 'it ended without a result'}`);
      const violations = message.violations ?? [];
      const errors = violations.filter((v) => v.severity === undefined || v.severity === 'error' || v.severity === 'fatal');
      if (errors.length) throw new TemplateValidationError(errors);
      return violations.filter((v) => !errors.includes(v));
    },
    cancel() {
      if (state !== 'done') stop();
      return ended;
    },
  };
}
