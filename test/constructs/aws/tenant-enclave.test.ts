import { Match } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { pcloudErrorOf } from '../../helpers';
import { ownStack, resourcesOfType, template } from './fixtures';

describe('aws.TenantEnclave', () => {
  const { stack, network } = ownStack();
  const t = template(stack);

  test('has a private subnet per tier in each of two zones, carved from its address space', () => {
    const subnets = Object.values(resourcesOfType(t, 'AWS::EC2::Subnet')).map((s) => s.Properties!);
    const own = subnets.filter((s) => String(s.CidrBlock).startsWith('10.20.') && !String(s.CidrBlock).startsWith('10.20.255.'));
    expect(own.map((s) => s.CidrBlock).sort()).toEqual([
      '10.20.4.0/25', '10.20.4.128/25', '10.20.5.0/25', '10.20.5.128/25', '10.20.6.0/25', '10.20.6.128/25', '10.20.7.0/25', '10.20.7.128/25',
    ]);
    expect(own.every((s) => s.MapPublicIpOnLaunch === false)).toBe(true);
    expect(new Set(own.map((s) => JSON.stringify(s.AvailabilityZone))).size).toBe(2);
  });

  test('puts every tier behind its own default-deny network ACL that reaches only the endpoints', () => {
    const acls = resourcesOfType(t, 'AWS::EC2::NetworkAcl');
    expect(Object.keys(acls)).toHaveLength(5); // four tiers and the services block
    const entries = Object.values(resourcesOfType(t, 'AWS::EC2::NetworkAclEntry')).map((e) => e.Properties!);
    for (const aclId of Object.keys(acls)) {
      const own = entries.filter((e) => JSON.stringify(e.NetworkAclId) === JSON.stringify({ Ref: aclId }));
      expect(own.filter((e) => e.RuleAction === 'deny' && e.RuleNumber === 32766 && e.CidrBlock === '0.0.0.0/0')).toHaveLength(2);
    }
    const allows = entries.filter((e) => e.RuleAction === 'allow');
    expect(allows.some((e) => e.CidrBlock === '0.0.0.0/0')).toBe(false);
    expect(allows.filter((e) => e.Egress === true && e.CidrBlock === '10.20.255.0/24')).toHaveLength(4);
  });

  test('has its own rotated, retained key and an encrypted audit log group kept a year', () => {
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('network/kent: enclave data') }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pcloud/kent/network/kent' });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/pcloud/kent/network/kent/audit', RetentionInDays: 365, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
  });

  test('tags its resources with the force and enclave', () => {
    t.hasResourceProperties('AWS::EC2::Subnet', {
      CidrBlock: '10.20.4.0/25',
      Tags: Match.arrayWith([{ Key: 'classification', Value: 'OFFICIAL-SENSITIVE' }, { Key: 'enclave', Value: 'network/kent' }, { Key: 'force', Value: 'kent' }]),
    });
  });

  test('allocates an address space when none is given, apart from the first enclave', () => {
    const essex = new aws.TenantEnclave(stack, 'Essex', { network, tenant: 'essex' });
    expect(essex.model.cidr).not.toBe('10.20.4.0/22');
    expect(essex.model.cidr).toMatch(/^10\.20\.\d+\.0\/22$/);
    expect(essex.model.path).toBe('network/essex');
  });

  test('fails when the same force gets a second enclave on the network', () => {
    expect(pcloudErrorOf(() => new aws.TenantEnclave(stack, 'KentAgain', { network, tenant: 'kent' })).code).toBe('DUPLICATE_TENANT');
  });
});
