import * as os from 'node:os';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SiteBaseline } from '../../../constructs/aws';
import { buildAwsApp } from '../../../constructs/aws/estate';
import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from '../../../index';
import type { MonitoringProps } from '../../../lib/model/monitoring';
import { planStacks } from '../../../lib/plan/stacks';
import { ACCREDITATION, AWS_SITE } from '../../fixtures/sites';

/** An AWS estate: one site, one network, two enclaves (one keeping its audit log six years). */
function estate(monitoring?: MonitoringProps) {
  const cloud = new PoliceCloud({ name: 'test', ...(monitoring ? { monitoring } : {}) });
  const site = Site.aws(cloud, 'aws-london', AWS_SITE);
  const network = new AccreditedNetwork(cloud, 'aws-net', { site, addressSpace: '10.0.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
  const kent = new TenantEnclave(network, 'kent', { tenant: 'kent', auditRetentionDays: 2192 });
  new Workload(kent, 'app', { kind: 'vm' });
  new TenantEnclave(network, 'essex', { tenant: 'essex', classification: Classification.OFFICIAL, backup: { enabled: false } });
  const model = cloud.toModel();
  const plans = planStacks(model, ['aws']);
  const app = buildAwsApp(model, plans, path.join(os.tmpdir(), 'pcloud-aws-estate-unused'), { validate: false });
  const stacks = new Map(app.node.children.map((c) => [c.node.id, c as Stack]));
  return { plans, app, stacks, template: (name: string) => Template.fromStack(stacks.get(name)!) };
}

describe('addAwsStacks', () => {
  const { plans, app, stacks, template } = estate();

  test("renders the site's baseline stack first, then the network, then each enclave, in plan order", () => {
    expect(plans.map((p) => [p.kind, p.name])).toEqual([
      ['site', 'test-aws-london'],
      ['network', 'test-aws-net'],
      ['enclave', 'test-aws-net-kent'],
      ['enclave', 'test-aws-net-essex'],
    ]);
    expect(app.node.children.map((c) => c.node.id)).toEqual(plans.map((p) => p.name));
    const site = stacks.get('test-aws-london')!;
    expect(site.terminationProtection).toBe(true);
    expect(site.templateOptions.description).toBe('pcloud estate test: site aws-london');
    expect(SiteBaseline.isSiteBaseline(site.node.findChild('aws-london'))).toBe(true);
  });

  test('the site stack holds the baseline: trail, log archive, Config, GuardDuty and Security Hub, the audit stream', () => {
    const site = template('test-aws-london');
    site.resourceCountIs('AWS::CloudTrail::Trail', 1);
    site.hasResourceProperties('AWS::S3::Bucket', { ObjectLockEnabled: true });
    site.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
    site.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
    site.resourceCountIs('AWS::SecurityHub::Hub', 1);
    site.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
    // The default monitoring exports to no SIEM.
    site.resourceCountIs('AWS::Events::Rule', 0);
  });

  test("the site's archive keeps the longest audit retention of its enclaves, and its resources the highest ceiling of its networks", () => {
    const site = template('test-aws-london');
    site.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } } } });
    site.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/pcloud/test/cloudtrail', RetentionInDays: 2192 });
    site.hasResourceProperties('AWS::CloudTrail::Trail', { Tags: Match.arrayWith([{ Key: 'classification', Value: 'OFFICIAL-SENSITIVE' }]) });
  });

  test("network and enclave stacks come after the site's and send their logs to its archive", () => {
    const site = stacks.get('test-aws-london')!;
    const network = stacks.get('test-aws-net')!;
    const kent = stacks.get('test-aws-net-kent')!;
    expect(network.dependencies).toContain(site);
    expect(kent.dependencies).toEqual(expect.arrayContaining([site, network]));
    template('test-aws-net').hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::ImportValue': Match.stringLikeRegexp('^test-aws-london:') }, '/flow-logs/']] },
    });
    template('test-aws-net-kent').hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^kentAuditLog') },
      DestinationArn: { 'Fn::ImportValue': Match.stringLikeRegexp('^test-aws-london:') },
      RoleArn: { 'Fn::ImportValue': Match.stringLikeRegexp('^test-aws-london:') },
    });
  });

  test("renders each enclave's backup and audit retention from the model", () => {
    const kent = template('test-aws-net-kent');
    kent.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/pcloud/test/aws-net/kent/audit', RetentionInDays: 2192 });
    kent.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template('test-aws-net-essex').resourceCountIs('AWS::Backup::BackupPlan', 0);
  });

  test("routes findings to the SIEM's log group when the estate exports to one, and renders no detector when told not to", () => {
    const siem = estate({ nativeThreatDetection: false, siemExport: { kind: 'sentinel', endpoint: 'https://sentinel.nmc.example' } }).template('test-aws-london');
    siem.resourceCountIs('AWS::GuardDuty::Detector', 0);
    siem.resourceCountIs('AWS::SecurityHub::Hub', 0);
    siem.hasResource('AWS::Events::Rule', { Metadata: Match.objectLike({ 'pcloud-siem-export': { soc: 'National Management Centre (NMC)', kind: 'sentinel', endpoint: 'https://sentinel.nmc.example' } }) });
  });
});
