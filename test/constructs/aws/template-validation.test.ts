import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AWS_RESOURCE_TYPES, TemplateValidationError, startTemplateValidator, type TemplateToValidate } from '../../../constructs/aws/private/template-validation';
import { buildEstate } from '../../lib/diff/corpus';

// aws-cdk-lib's CloudFormation validator, run by pcloud synth in a worker thread beside the rest of
// the synthesis: it must judge templates as the App's built-in validation does.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-validator-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function template(name: string, resources: Record<string, unknown>): TemplateToValidate {
  const templatePath = path.join(tmp, `${name}.template.json`);
  fs.writeFileSync(templatePath, JSON.stringify({ Resources: resources }));
  return { stackConstructPath: name, templatePath, accountId: '111122223333', region: 'eu-west-2' };
}

describe('the template validator', () => {
  test('passes a valid template and returns its warnings', () => {
    // GIVEN a bucket whose versioning status is not one of the schema's values (a warning, not an error)
    const validator = startTemplateValidator();
    validator.validate([
      template('warns', {
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        Archive: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Sometimes' } } },
      }),
    ]);
    // THEN the validation succeeds and says what it warned of
    const warnings = validator.wait();
    expect(warnings).toEqual([expect.objectContaining({ ruleName: 'W3030', severity: 'warning', violatingResources: [expect.objectContaining({ resourceLogicalId: 'Archive' })] })]);
  });

  test('fails when a template has an error, naming the stack, the resource and the rule', () => {
    const validator = startTemplateValidator();
    validator.validate([template('good', { Key: { Type: 'AWS::KMS::Key', Properties: {} } }), template('broken', { Archive: { Type: 'AWS::S3::Bucket', Properties: { Unknown: 1 } } })]);
    let error: unknown;
    try {
      validator.wait();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateValidationError);
    expect((error as Error).message).toContain('F3002');
    expect((error as Error).message).toContain('broken/Archive');
    expect((error as Error).message).toContain("'Unknown' was unexpected");
    expect((error as TemplateValidationError).violations).toHaveLength(1);
  });

  test('fails when a template cannot be read, instead of passing it', () => {
    const validator = startTemplateValidator();
    validator.validate([{ stackConstructPath: 'missing', templatePath: path.join(tmp, 'missing.template.json'), accountId: '111122223333', region: 'eu-west-2' }]);
    expect(() => validator.wait()).toThrow(/CloudFormation validator failed/);
  });

  test('a cancelled validator takes no templates, and its thread ends', async () => {
    const validator = startTemplateValidator();
    await validator.cancel();
    expect(() => validator.validate([])).toThrow(/already/);
    expect(() => validator.wait()).toThrow(/no templates to wait for/);
  });

  test('is warmed for every resource type pcloud renders on AWS', () => {
    // GIVEN an estate using every AWS feature: the corpus estate with a SIEM export instead of
    // native threat detection, and the national example with shared services, exchanges and a VPN.
    const types = new Set<string>();
    for (const [name, cloud] of [
      ['corpus', buildEstate({ nativeThreatDetection: false })],
      ['national', require('../../../examples/national-pcloud').default],
    ] as const) {
      const outdir = path.join(tmp, name);
      cloud.synth({ outdir, targets: ['aws'], validateCloudFormation: false, today: '2026-11-22' });
      const cdkOut = path.join(outdir, 'cdk.out');
      for (const file of fs.readdirSync(cdkOut).filter((f) => f.endsWith('.template.json'))) {
        for (const r of Object.values(JSON.parse(fs.readFileSync(path.join(cdkOut, file), 'utf8')).Resources) as { Type: string }[]) types.add(r.Type);
      }
    }
    // THEN each is in the list the validator warms up for (a missing one would rebuild its engine)
    expect([...types].filter((t) => !AWS_RESOURCE_TYPES.includes(t)).sort()).toEqual([]);
    expect(types.size).toBeGreaterThan(40);
  });
});
