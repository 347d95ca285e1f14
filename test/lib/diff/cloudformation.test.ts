import { diffCloudFormationStack } from '../../../lib/diff/cloudformation';
import type { CfnTemplate } from '../../../lib/policy/outputs';

const instance = (props: Record<string, unknown>): CfnTemplate => ({
  Resources: { Vm: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', InstanceType: 'm7i.large', SubnetId: 'subnet-1', ...props } } },
});

describe('diffCloudFormationStack on pcloud instances', () => {
  test('a security group joining a VPC instance (an exchange end) is an update, not a replacement', () => {
    const diff = diffCloudFormationStack('s', instance({ SecurityGroupIds: ['sg-1'] }), instance({ SecurityGroupIds: ['sg-1', 'sg-2'] }));
    expect(diff.changes).toEqual([expect.objectContaining({ id: 'Vm', action: 'update', changed: ['SecurityGroupIds'] })]);
  });

  test('a new subnet still replaces the instance', () => {
    const diff = diffCloudFormationStack('s', instance({ SecurityGroupIds: ['sg-1'] }), instance({ SecurityGroupIds: ['sg-1'], SubnetId: 'subnet-2' }));
    expect(diff.changes).toEqual([expect.objectContaining({ id: 'Vm', action: 'replace' })]);
  });
});
