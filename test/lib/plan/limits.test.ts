import { CLOUDFORMATION_LIMITS, checkStackLimits } from '../../../lib/plan/limits';
import type { StackPlan } from '../../../lib/plan/stacks';
import type { CfnTemplate, RenderedOutputs } from '../../../lib/policy/outputs';
import { pcloudErrorOf } from '../../helpers';

const plan: StackPlan = { name: 'national-net-kent', platform: 'aws', kind: 'enclave', site: 'aws', network: 'net', enclave: 'net/kent', dependsOn: [] };

function outputs(resources: number, extra: Partial<CfnTemplate> = {}): RenderedOutputs {
  const Resources: CfnTemplate['Resources'] = {};
  for (let i = 0; i < resources; i++) Resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic' };
  return { stacks: [{ plan, cloudformation: { Resources, ...extra } }], firewall: [] };
}

describe('checkStackLimits', () => {
  test('lets a stack at the limits through', () => {
    expect(() => checkStackLimits(outputs(CLOUDFORMATION_LIMITS.resources))).not.toThrow();
  });

  test('refuses 501 resources, naming the stack, the enclave and the figure', () => {
    const error = pcloudErrorOf(() => checkStackLimits(outputs(501)));
    expect(error).toMatchObject({ code: 'STACK_LIMIT_EXCEEDED', path: 'net/kent', problem: 'CloudFormation stack national-net-kent has 501 resources; CloudFormation allows 500' });
    expect(error.fix).toContain('split the enclave');
  });

  test('refuses 201 outputs', () => {
    const Outputs = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Out${i}`, { Value: 'x' }]));
    expect(pcloudErrorOf(() => checkStackLimits(outputs(1, { Outputs }))).problem).toBe('CloudFormation stack national-net-kent has 201 outputs; CloudFormation allows 200');
  });

  test('refuses a template over 1 MB, as the file is written', () => {
    const o = outputs(1);
    (o.stacks[0].cloudformation!.Resources.Topic0 as { Properties?: unknown }).Properties = { DisplayName: 'x'.repeat(CLOUDFORMATION_LIMITS.templateBytes) };
    expect(pcloudErrorOf(() => checkStackLimits(o)).problem).toMatch(/^CloudFormation stack national-net-kent has 1000\d{3} bytes of template; CloudFormation allows 1000000$/);
  });
});
