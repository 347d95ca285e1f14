import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { pcloudErrorOf } from '../../helpers';
import { ACCREDITATION } from '../../fixtures/sites';
import { ENV, ownStack, resourcesOfType, template } from './fixtures';
import { acceptRisk } from '../../../index';

const PASF = { level: 'PASF' as const, reference: 'PASF-AWS-TEST' };

describe('aws.AccreditedNetwork', () => {
  const { stack } = ownStack();
  const t = template(stack);

  test('is a VPC with no internet gateway, NAT gateway or route to the internet', () => {
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16', EnableDnsSupport: true });
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::EgressOnlyInternetGateway', 0);
    t.resourceCountIs('AWS::EC2::Route', 0);
  });

  test("closes the VPC's default security group", () => {
    t.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('sends all VPC traffic to flow logs in a KMS-encrypted log group kept 365 days and retained', () => {
    t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/pcloud/kent/network/vpc-flow-logs', RetentionInDays: 365, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
  });

  test('encrypts its logs with a rotated, retained key that CloudWatch Logs of this account may use', () => {
    t.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'logs.eu-west-2.amazonaws.com' },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:111122223333:log-group:*' } },
            }),
          ]),
        }),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('reaches SSM, KMS, logs and S3 through private interface endpoints open to the network only', () => {
    const endpoints = resourcesOfType(t, 'AWS::EC2::VPCEndpoint');
    expect(Object.values(endpoints).map((e) => e.Properties!.VpcEndpointType)).toEqual(Array(6).fill('Interface'));
    expect(Object.values(endpoints).every((e) => e.Properties!.PrivateDnsEnabled === true)).toBe(true);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('interface endpoints'),
      SecurityGroupIngress: [{ CidrIp: '10.20.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'https from the network' }],
    });
  });

  test("puts the endpoints in the network's services block, behind a default-deny network ACL", () => {
    t.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.20.255.0/25', MapPublicIpOnLaunch: false });
    t.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.20.255.128/25', MapPublicIpOnLaunch: false });
    t.hasResourceProperties('AWS::EC2::NetworkAclEntry', { RuleNumber: 32766, RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0', Protocol: -1 });
    t.hasResourceProperties('AWS::EC2::NetworkAclEntry', { RuleAction: 'allow', Egress: false, CidrBlock: '10.20.0.0/16', Protocol: 6, PortRange: { From: 443, To: 443 } });
  });

  test('tags its resources with classification, force, enclave, network, accreditation and managed-by', () => {
    t.hasResourceProperties('AWS::EC2::VPC', {
      // CDK sorts tags by key
      Tags: Match.arrayWith([
        { Key: 'accreditation-reference', Value: 'NPIRMT-TEST-1' },
        { Key: 'classification', Value: 'OFFICIAL-SENSITIVE' },
        { Key: 'enclave', Value: 'none' },
        { Key: 'force', Value: 'none' },
        { Key: 'managed-by', Value: 'pcloud' },
        { Key: 'network', Value: 'network' },
      ]),
    });
  });

  test('keeps flow logs the shortest CloudWatch Logs period that covers flowLogRetentionDays, shorter than a year if asked', () => {
    for (const [days, kept] of [
      [90, 90],
      [366, 400],
      [2000, 2192],
    ] as const) {
      const app = new App();
      const own = new Stack(app, `Days${days}`, { env: ENV });
      new aws.AccreditedNetwork(own, 'Network', { addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION, flowLogRetentionDays: days, assurance: PASF });
      // Under a year breaks PCR-21: it renders only with a recorded acceptance.
      if (days < 365) acceptRisk(app, { rule: 'PCR-21', path: 'network', reason: 'Short-lived test network', reference: 'RR-T-1', acceptedBy: 'Test SIRO', expires: '2999-01-01' });
      template(own).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/pcloud/pcloud/network/vpc-flow-logs', RetentionInDays: kept });
    }
  });

  test('without a log archive, sends flow logs to its log group only', () => {
    t.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test("also delivers the VPC flow logs to the site's log archive in another stack, without touching that stack's bucket policy", () => {
    const siteAlone = new Stack(new App(), 'Site', { env: ENV });
    new aws.SiteBaseline(siteAlone, 'Site', { estate: 'kent' });
    const before = JSON.stringify(Template.fromStack(siteAlone).findResources('AWS::S3::BucketPolicy'));
    const app = new App();
    const siteStack = new Stack(app, 'Site', { env: ENV });
    const site = new aws.SiteBaseline(siteStack, 'Site', { estate: 'kent' });
    const networkStack = new Stack(app, 'Network', { env: ENV });
    new aws.AccreditedNetwork(networkStack, 'Network', { addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION, estate: 'kent', logArchive: site.logArchive, assurance: PASF });
    const network = Template.fromStack(networkStack);
    network.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::ImportValue': Match.stringLikeRegexp('SiteLogArchive') }, '/flow-logs/']] },
    });
    network.hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 'cloud-watch-logs' });
    expect(JSON.stringify(Template.fromStack(siteStack).findResources('AWS::S3::BucketPolicy'))).toBe(before);
    expect(networkStack.dependencies).toContain(siteStack);
  });

  test('fails when the stack does not name its account and region', () => {
    const bare = new Stack(new App(), 'NoEnv');
    const error = pcloudErrorOf(() => new aws.AccreditedNetwork(bare, 'Network', { addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION }));
    expect(error).toMatchObject({ code: 'AWS_STACK_ENV_MISSING', path: 'NoEnv/Network' });
    expect(error.expected).toContain("region: 'eu-west-2'");
  });

  test('fails when the stack is outside the UK', () => {
    const dublin = new Stack(new App(), 'Dublin', { env: { ...ENV, region: 'eu-west-1' } });
    expect(pcloudErrorOf(() => new aws.AccreditedNetwork(dublin, 'Network', { addressSpace: '10.0.0.0/16', accreditation: ACCREDITATION })).code).toBe('REGION_OUTSIDE_UK');
  });
});
