import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TenantEnclave, Workload } from '../../../index';
import { buildEvidence, cdkNagAcknowledgements, renderHtml, renderMarkdown } from '../../../lib/evidence';
import { planStacks } from '../../../lib/plan/stacks';
import { evaluate } from '../../../lib/policy/evaluate';
import { readOutputs } from '../../../lib/policy/outputs';
import { smallEstate } from '../../fixtures/estate';
import { TODAY } from './helpers';

describe('cdk-nag acknowledgements', () => {
  // GIVEN a Kent enclave on AWS whose rendered template (a fixture) acknowledges three cdk-nag rules
  const { cloud, networks } = smallEstate('nag');
  const kent = new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
  new Workload(kent, 'web', { kind: 'vm', tier: 'presentation' });
  const model = cloud.toModel();
  const stack = planStacks(model).find((p) => p.enclave === 'aws-net/kent')!.name;
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcloud-nag-'));
    fs.mkdirSync(path.join(dir, 'cdk.out'));
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'cdk-nag.template.json'), path.join(dir, 'cdk.out', `${stack}.template.json`));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('are read from Metadata.cdk_nag.rules_to_suppress as stack, logical id, rule and reason', () => {
    // WHEN the outputs are read back
    const outputs = readOutputs(dir, model);
    // THEN each acknowledged rule is listed, in order, and resources without one are not
    expect(cdkNagAcknowledgements(outputs)).toEqual([
      { stack, logicalId: 'kentLogBucketB1A2C3D4', type: 'AWS::S3::Bucket', rule: 'AwsSolutions-S1', reason: 'This bucket is the access-log target; logging it to itself would loop.' },
      {
        stack,
        logicalId: 'kentLogBucketB1A2C3D4',
        type: 'AWS::S3::Bucket',
        rule: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: 'Logs stay in eu-west-2 (rule PCR-03); cross-region replication would leave the UK.',
      },
      {
        stack,
        logicalId: 'kentWebRoleA1B2C3D4',
        type: 'AWS::IAM::Role',
        rule: 'AwsSolutions-IAM4',
        reason: 'AmazonSSMManagedInstanceCore is the management path of rule PCR-17.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore'],
      },
    ]);
  });

  test('appear in the report, the HTML and the Markdown', () => {
    const outputs = readOutputs(dir, model);
    const report = buildEvidence({ model, evaluation: evaluate(model, { today: TODAY, outputs }), outputs });
    expect(report.cdkNag.map((a) => a.rule)).toEqual(['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketReplicationEnabled', 'AwsSolutions-IAM4']);
    const html = renderHtml(report);
    const section = html.slice(html.indexOf('<section id="cdk-nag"'), html.indexOf('<section id="platforms"'));
    expect(section).toContain('<th scope="row"><code>kentWebRoleA1B2C3D4</code></th>');
    expect(section).toContain('AmazonSSMManagedInstanceCore is the management path of rule PCR-17.');
    // The granular finding holds `<AWS::Partition>`: escaped, never markup.
    expect(section).toContain('Policy::arn:&lt;AWS::Partition&gt;:iam::aws:policy/AmazonSSMManagedInstanceCore');
    expect(renderMarkdown(report)).toContain(`| \`${stack}\` | \`kentLogBucketB1A2C3D4\` | AWS::S3::Bucket | \`AwsSolutions-S1\` | This bucket is the access-log target; logging it to itself would loop. |`);
  });

  test('is an empty list when no template acknowledges any, and the pack says so', () => {
    const outputs = { stacks: [], firewall: [] };
    expect(cdkNagAcknowledgements(outputs)).toEqual([]);
    const report = buildEvidence({ model, evaluation: evaluate(model, { today: TODAY, outputs }), outputs });
    expect(renderHtml(report)).toContain('No cdk-nag rule is acknowledged in the CloudFormation templates.');
  });

  test('ignores malformed entries rather than failing the pack', () => {
    const plan = planStacks(model).find((p) => p.enclave === 'aws-net/kent')!;
    const outputs = {
      stacks: [
        {
          plan,
          cloudformation: {
            Resources: {
              A: { Type: 'AWS::S3::Bucket', Metadata: { cdk_nag: { rules_to_suppress: 'all' } } },
              B: { Type: 'AWS::S3::Bucket', Metadata: { cdk_nag: { rules_to_suppress: [null, { reason: 'no id' }, { id: 'AwsSolutions-S10' }] } } },
            },
          },
        },
      ],
      firewall: [],
    };
    expect(cdkNagAcknowledgements(outputs)).toEqual([{ stack: plan.name, logicalId: 'B', type: 'AWS::S3::Bucket', rule: 'AwsSolutions-S10', reason: '' }]);
  });
});
