import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildAwsApp } from '../../../constructs/aws/estate';
import { acknowledge, MIN_REASON_LENGTH, NAG_METADATA_KEY } from '../../../constructs/aws/private/nag';
import type { EstateModel } from '../../../lib/model/types';
import { planStacks } from '../../../lib/plan/stacks';

// cdk-nag as a second opinion on what the AWS renderer builds: the AWS Solutions and NIST 800-53
// rev 5 packs over the national example's AWS stacks. What pcloud acknowledges carries a reason in
// the templates (the evidence pack lists them), and answers a finding the packs really raise.

interface Finding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

const model: EstateModel = require('../../../examples/national-pcloud').default.toModel();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-nag-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function build(name: string): { app: App; outdir: string } {
  const outdir = path.join(tmp, name);
  return { app: buildAwsApp(model, planStacks(model, ['aws']), outdir, { validate: false }), outdir };
}

/** Runs both packs over a synthesised app (cdk-nag 3 checks the finished construct tree). */
function nag(app: App): Finding[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks()].flatMap((pack) =>
    pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity ?? 'unknown', path: r.constructPath ?? '' }))),
  );
}

function templates(outdir: string): Record<string, { Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }> }> {
  return Object.fromEntries(
    fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => [f.replace('.template.json', ''), JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8'))]),
  );
}

describe('cdk-nag over the national example', () => {
  const { app, outdir } = build('acknowledged');
  app.synth();
  const findings = nag(app);

  test('the AWS Solutions and NIST 800-53 rev 5 packs find no unacknowledged error', () => {
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('nor any warning, so the packs registered as CDK validation plugins (which fail synthesis on warnings) pass too', () => {
    expect(findings).toEqual([]);
    const plugged = build('plugins').app;
    Validations.of(plugged).addPlugins(new AwsSolutionsChecks(plugged), new NIST80053R5Checks(plugged));
    expect(() => plugged.synth()).not.toThrow();
  });

  test("every acknowledgement is written into its resource's template metadata as cdk-nag writes it, with a reason", () => {
    const acknowledged: { stack: string; resource: string; rule: Acknowledgement }[] = [];
    for (const [stack, template] of Object.entries(templates(outdir))) {
      for (const [resource, body] of Object.entries(template.Resources)) {
        const nagMetadata = body.Metadata?.[NAG_METADATA_KEY] as { rules_to_suppress?: Acknowledgement[] } | undefined;
        if (!nagMetadata) continue;
        expect(Object.keys(nagMetadata)).toEqual(['rules_to_suppress']);
        for (const rule of nagMetadata.rules_to_suppress ?? []) acknowledged.push({ stack, resource, rule });
      }
    }
    expect(new Set(acknowledged.map((a) => a.stack)).size).toBe(4);
    for (const { stack, resource, rule } of acknowledged) {
      expect({ stack, resource, id: rule.id, keys: Object.keys(rule).sort(), reasoned: typeof rule.reason === 'string' && rule.reason.trim().length >= MIN_REASON_LENGTH }).toEqual({
        stack,
        resource,
        id: expect.stringMatching(/^(AwsSolutions|NIST\.800\.53\.R5)-\w+(\[.+\])?$/),
        keys: ['id', 'reason'],
        reasoned: true,
      });
    }
  });

  test('every acknowledgement answers a finding the packs raise on that resource without it', () => {
    const spy = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    let raw: Finding[];
    let unacknowledged: App;
    try {
      unacknowledged = build('unacknowledged').app;
      unacknowledged.synth();
      raw = nag(unacknowledged);
    } finally {
      spy.mockRestore();
    }
    const raised = new Set(raw.map((f) => `${f.path} ${f.rule}`));
    const stale: string[] = [];
    for (const construct of unacknowledged.node.findAll()) {
      if (!CfnResource.isCfnResource(construct)) continue;
      const rules = (construct.getMetadata(NAG_METADATA_KEY) as { rules_to_suppress: Acknowledgement[] } | undefined)?.rules_to_suppress ?? [];
      for (const rule of rules) if (!raised.has(`${construct.node.path} ${rule.id}`)) stale.push(`${construct.node.path} ${rule.id}`);
    }
    expect(stale).toEqual([]);
    // ... and the acknowledgements are what separates the raw findings from none.
    expect(raw.length).toBeGreaterThan(0);
  });

  test('fails when an acknowledgement gives no reason', () => {
    const stack = new Stack(new App(), 'Reasonless');
    const resource = new CfnResource(stack, 'Thing', { type: 'AWS::SNS::Topic' });
    expect(() => acknowledge(resource, { id: 'AwsSolutions-SNS2', reason: '' })).toThrow(/gives no reason/);
    expect(() => acknowledge(resource, { id: 'AwsSolutions-SNS2', reason: 'because' })).toThrow(/gives no reason/);
    expect(resource.getMetadata(NAG_METADATA_KEY)).toBeUndefined();
  });
});
