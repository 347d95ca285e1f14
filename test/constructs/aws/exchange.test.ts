import { fullDiff } from '@aws-cdk/cloudformation-diff';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { AccreditedNetwork, Classification, Interconnect, PoliceCloud, SecureExchange, Site, TenantEnclave, Workload } from '../../../index';
import type { IsaModel } from '../../../lib/model/types';
import { ACCREDITATION, AWS_SITE } from '../../fixtures/sites';
import { pcloudErrorOf } from '../../helpers';
import { aclEntries, logicalIdAt, nationalModel, renderAws, resourcesOf, securityGroupRules, tagsOf, type CfnTemplate } from './connectivity-fixture';
import { ENV, template } from './fixtures';

const OS = Classification.OFFICIAL_SENSITIVE;
const ASSURANCE = { level: 'PASF', reference: 'PASF-AWS-TEST' } as const;

function isa(reference: string): IsaModel {
  return { reference, parties: ['Kent Police', 'Essex Police'], purpose: 'Joint investigations', legalGateway: 'DPA 2018 Part 3', reviewDate: '2030-01-01' };
}

/** Two forces on one AWS network with an exchange each way, and one to a partner over PSN. */
function twoForces(options: { exchanges?: boolean } = {}) {
  const cloud = new PoliceCloud({ name: 'test' });
  const site = Site.aws(cloud, 'aws-london', AWS_SITE);
  const network = new AccreditedNetwork(cloud, 'aws-net', { site, addressSpace: '10.0.0.0/16', ceiling: OS, accreditation: ACCREDITATION });
  const kent = new TenantEnclave(network, 'kent', { tenant: 'kent' });
  const essex = new TenantEnclave(network, 'essex', { tenant: 'essex' });
  const kentApp = new Workload(kent, 'app', { kind: 'vm' });
  const essexApp = new Workload(essex, 'gateway', { kind: 'vm', tier: 'presentation' });
  new Workload(kent, 'db', { kind: 'database' }).allowFrom(kentApp, 5432);
  if (options.exchanges !== false) {
    new SecureExchange(cloud, 'kent-essex-intel', { isa: isa('ISA-KENT-ESSEX-1'), from: kentApp, to: essexApp, ports: [8443], ceiling: OS });
    new SecureExchange(cloud, 'essex-kent-intel', { isa: isa('ISA-ESSEX-KENT-2'), from: essexApp, to: kentApp, ports: [9443, 9444], ceiling: OS });
    const psn = new Interconnect(cloud, 'psn-policing', {
      site,
      community: { name: 'PSN for Policing', kind: 'psn-policing', gatewayAddress: '198.51.100.200', prefixes: ['172.20.0.0/14'] },
      coco: { reference: 'PSNP-CoCo-1', expires: '2030-01-01' },
      ithc: { reference: 'ITHC-1', date: '2026-06-01' },
    });
    new SecureExchange(cloud, 'kent-cps-files', {
      isa: isa('ISA-KENT-CPS-3'),
      from: kentApp,
      to: { partner: 'Crown Prosecution Service', prefixes: ['172.21.4.0/24'], via: psn },
      ports: [443],
      ceiling: OS,
    });
  }
  return renderAws(cloud.toModel());
}

describe('aws exchanges in the national example', () => {
  const rendered = renderAws(nationalModel());
  const { json, view } = rendered;
  const btp = json('national-national-services-btp');
  const groupId = logicalIdAt(btp, 'btp/api/Exchange-essex-btp-custody/SecurityGroup/Resource');
  const group = btp.Resources[groupId];

  test("essex-btp-custody's AWS end (btp/api) has a group of the exchange's own that admits essex records-app's /32 on tcp/8443 and nothing else", () => {
    const source = view.workloadPrefix('supplier-dc1/essex/records-app');
    expect(source).toBe('10.40.13.100/32');
    expect(group.Properties.SecurityGroupIngress).toEqual([
      { CidrIp: source, IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, Description: `essex-btp-custody (ISA-ESX-BTP-2026-03) from ${source} tcp/8443` },
    ]);
    // allowAllOutbound is off and the receiver opens no connection: only aws-cdk-lib's placeholder that matches no traffic.
    expect(group.Properties.SecurityGroupEgress).toEqual([{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 }]);
    expect(securityGroupRules(rendered.templates).filter((r) => r.resource !== groupId && JSON.stringify(r.group).includes(groupId))).toEqual([]);
  });

  test('the group is described by its exchange and tagged with it, its ISA reference and the enclave classification', () => {
    expect(group.Properties.GroupDescription).toBe('pcloud national-services/btp/api: exchange essex-btp-custody (receiver) only');
    expect(tagsOf(group)).toEqual(
      expect.objectContaining({
        'pcloud:exchange': 'essex-btp-custody',
        'pcloud:isa': 'ISA-ESX-BTP-2026-03',
        classification: 'OFFICIAL-SENSITIVE',
        force: 'btp',
        enclave: 'national-services/btp',
      }),
    );
  });

  test("the group is attached to btp/api's instance beside the workload's own group", () => {
    const instance = btp.Resources[logicalIdAt(btp, 'btp/api/Resource/Resource')];
    expect(instance.Properties.NetworkInterfaces).toBeUndefined();
    expect(instance.Properties.SecurityGroupIds).toEqual([
      { 'Fn::GetAtt': [logicalIdAt(btp, 'btp/api/SecurityGroup/Resource'), 'GroupId'] },
      { 'Fn::GetAtt': [groupId, 'GroupId'] },
    ]);
  });

  test("btp's application-tier network ACL admits the /32 on tcp/8443 and lets the replies out; no other entry names it", () => {
    const acl = { Ref: logicalIdAt(btp, 'btp/ApplicationAcl/Resource/Resource') };
    const naming = aclEntries(rendered.templates).filter((e) => e.cidr === '10.40.13.100/32');
    expect(naming.map(({ stack, acl: a, egress, action, protocol, from, to }) => ({ stack, a, egress, action, protocol, from, to }))).toEqual(
      expect.arrayContaining([
        { stack: 'national-national-services-btp', a: acl, egress: false, action: 'allow', protocol: 6, from: 8443, to: 8443 },
        { stack: 'national-national-services-btp', a: acl, egress: true, action: 'allow', protocol: 6, from: 1024, to: 65535 },
      ]),
    );
    expect(naming).toHaveLength(2);
  });

  test('no disclosure log stream on AWS: both senders (essex, kent) are on the supplier data centre', () => {
    for (const t of rendered.templates.values()) expect(resourcesOf(t, 'AWS::Logs::LogStream')).toEqual([]);
    // kent-kcc-safeguarding has no AWS end at all.
    expect(securityGroupRules(rendered.templates).filter((r) => r.description?.includes('kent-kcc-safeguarding'))).toEqual([]);
  });

  test("adding the exchange creates its resources and changes no other resource's logical id; the end's instance is not replaced", () => {
    const model = nationalModel();
    const before = renderAws({ ...model, exchanges: model.exchanges.filter((x) => x.id !== 'essex-btp-custody') });
    const impacts: Record<string, string> = {};
    for (const [name, after] of rendered.templates) {
      const previous = before.json(name);
      for (const [id, r] of Object.entries(previous.Resources)) expect({ id, type: after.Resources[id]?.Type }).toEqual({ id, type: r.Type });
      fullDiff(previous as never, after as never).resources.forEachDifference((id, change) => {
        if (!change.isAddition) impacts[`${name}/${id}`] = change.changeImpact;
      });
    }
    // The instance gains the exchange's group in SecurityGroupIds. CloudFormation's specification
    // marks it conditional (a VPC instance's groups change in place), so the diff says may-replace;
    // in NetworkInterfaces it would be a certain replacement.
    expect(impacts).toEqual({ [`national-national-services-btp/${logicalIdAt(btp, 'btp/api/Resource/Resource')}`]: 'MAY_REPLACE' });
  });
});

describe('aws exchanges between two enclaves of one network', () => {
  const rendered = twoForces();
  const { json, stacks } = rendered;
  const kent = json('test-aws-net-kent');
  const essex = json('test-aws-net-essex');
  const kentGroup = logicalIdAt(kent, 'kent/app/Exchange-kent-essex-intel/SecurityGroup/Resource');
  const essexGroup = logicalIdAt(essex, 'essex/gateway/Exchange-kent-essex-intel/SecurityGroup/Resource');

  test('both rules of an exchange live in the later stack (essex) and name the other group through an import', () => {
    const ingress = essex.Resources[logicalIdAt(essex, 'essex/Exchange-kent-essex-intel/IngressTcp8443')];
    const egress = essex.Resources[logicalIdAt(essex, 'essex/Exchange-kent-essex-intel/EgressTcp8443')];
    expect(ingress).toEqual(
      expect.objectContaining({
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [essexGroup, 'GroupId'] },
          SourceSecurityGroupId: { 'Fn::ImportValue': expect.stringMatching(/^test-aws-net-kent:/) },
          IpProtocol: 'tcp',
          FromPort: 8443,
          ToPort: 8443,
          Description: 'kent-essex-intel (ISA-KENT-ESSEX-1) from aws-net/kent/app tcp/8443',
        },
      }),
    );
    expect(egress).toEqual(
      expect.objectContaining({
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          GroupId: { 'Fn::ImportValue': expect.stringMatching(/^test-aws-net-kent:/) },
          DestinationSecurityGroupId: { 'Fn::GetAtt': [essexGroup, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 8443,
          ToPort: 8443,
          Description: 'kent-essex-intel (ISA-KENT-ESSEX-1) to aws-net/essex/gateway tcp/8443',
        },
      }),
    );
    // The reverse exchange's rules are in essex's stack too, one pair per port.
    for (const port of [9443, 9444]) {
      expect(essex.Resources[logicalIdAt(essex, `essex/Exchange-essex-kent-intel/IngressTcp${port}`)].Properties).toEqual(
        expect.objectContaining({ GroupId: { 'Fn::ImportValue': expect.stringMatching(/^test-aws-net-kent:/) }, FromPort: port, ToPort: port }),
      );
    }
    expect(resourcesOf(kent, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => String(r.Properties.Description).includes('intel'))).toEqual([]);
  });

  test('the stacks depend one way only (essex on kent), so exchanges in both directions deploy', () => {
    expect(stacks.get('test-aws-net-essex')!.dependencies).toContain(stacks.get('test-aws-net-kent'));
    expect(stacks.get('test-aws-net-kent')!.dependencies).not.toContain(stacks.get('test-aws-net-essex'));
    expect(() => rendered.app.synth()).not.toThrow();
  });

  test('each end has a group of its own, with no rule but its exchange', () => {
    const rules = securityGroupRules(rendered.templates);
    const of = (groupId: string) =>
      rules
        .filter((r) => (r.stack === 'test-aws-net-kent' && r.resource === groupId) || (r.resource !== groupId && JSON.stringify(r.group).includes(groupId)))
        .map((r) => `${r.direction} ${r.description}`)
        .sort();
    expect(of(kentGroup)).toEqual(['egress Disallow all traffic', 'egress kent-essex-intel (ISA-KENT-ESSEX-1) to aws-net/essex/gateway tcp/8443']);
    expect(of(logicalIdAt(kent, 'kent/app/Exchange-essex-kent-intel/SecurityGroup/Resource'))).toEqual([
      'egress Disallow all traffic',
      'ingress essex-kent-intel (ISA-ESSEX-KENT-2) from aws-net/essex/gateway tcp/9443',
      'ingress essex-kent-intel (ISA-ESSEX-KENT-2) from aws-net/essex/gateway tcp/9444',
    ]);
    expect(of(logicalIdAt(kent, 'kent/app/Exchange-kent-cps-files/SecurityGroup/Resource'))).toEqual(['egress kent-cps-files (ISA-KENT-CPS-3) to 172.21.4.0/24 tcp/443']);
    // The workload's own group keeps its declared flows only.
    expect(of(logicalIdAt(kent, 'kent/app/SecurityGroup/Resource')).filter((d) => /intel|cps/.test(d))).toEqual([]);
  });

  test("each end's tier network ACL names the other end's zone subnet, on the exchange's ports and the replies", () => {
    const model = rendered.model;
    const zoneOf = (path: string) => rendered.view.workloadPrefix(path);
    const kentApp = zoneOf('aws-net/kent/app');
    const essexGateway = zoneOf('aws-net/essex/gateway');
    const entries = aclEntries(rendered.templates).map(({ stack, acl, egress, cidr, from, to }) => ({ stack, acl, egress, cidr, from, to }));
    const kentAcl = { Ref: logicalIdAt(kent, 'kent/ApplicationAcl/Resource/Resource') };
    const essexAcl = { Ref: logicalIdAt(essex, 'essex/PresentationAcl/Resource/Resource') };
    expect(entries).toEqual(
      expect.arrayContaining([
        // kent sends on 8443: out from kent's application tier, in to essex's presentation tier.
        { stack: 'test-aws-net-kent', acl: kentAcl, egress: true, cidr: essexGateway, from: 8443, to: 8443 },
        { stack: 'test-aws-net-kent', acl: kentAcl, egress: false, cidr: essexGateway, from: 1024, to: 65535 },
        { stack: 'test-aws-net-essex', acl: essexAcl, egress: false, cidr: kentApp, from: 8443, to: 8443 },
        { stack: 'test-aws-net-essex', acl: essexAcl, egress: true, cidr: kentApp, from: 1024, to: 65535 },
        // essex sends on 9443-9444.
        { stack: 'test-aws-net-essex', acl: essexAcl, egress: true, cidr: kentApp, from: 9443, to: 9443 },
        { stack: 'test-aws-net-kent', acl: kentAcl, egress: false, cidr: essexGateway, from: 9444, to: 9444 },
      ]),
    );
    expect(model.enclaves.find((e) => e.id === 'kent')!.tiers.find((t) => t.tier === 'application')!.zones).toContain(kentApp);
  });

  test("the sending end logs disclosures to a retained stream disclosures/<exchange> of its enclave's audit log group", () => {
    for (const [t, enclave, exchanges] of [
      [kent, 'kent', ['kent-essex-intel', 'kent-cps-files']],
      [essex, 'essex', ['essex-kent-intel']],
    ] as [CfnTemplate, string, string[]][]) {
      const streams = resourcesOf(t, 'AWS::Logs::LogStream').map(([, r]) => r);
      expect(streams.map((s) => s.Properties.LogStreamName).sort()).toEqual(exchanges.map((x) => `disclosures/${x}`).sort());
      for (const s of streams) {
        expect(s.Properties.LogGroupName).toEqual({ Ref: logicalIdAt(t, `${enclave}/AuditLog/Resource`) });
        expect(s.DeletionPolicy).toBe('Retain');
      }
    }
  });

  test("an exchange to a partner opens the sender's group to the partner's prefix only, and routes it through the community interconnect", () => {
    const group = kent.Resources[logicalIdAt(kent, 'kent/app/Exchange-kent-cps-files/SecurityGroup/Resource')];
    expect(group.Properties.SecurityGroupEgress).toEqual([{ CidrIp: '172.21.4.0/24', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'kent-cps-files (ISA-KENT-CPS-3) to 172.21.4.0/24 tcp/443' }]);
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(tagsOf(group)).toEqual(expect.objectContaining({ 'pcloud:exchange': 'kent-cps-files', 'pcloud:isa': 'ISA-KENT-CPS-3' }));
    rendered.template('test-aws-net').hasResourceProperties('AWS::EC2::VPNConnectionRoute', { DestinationCidrBlock: '172.21.4.0/24' });
    const routes = resourcesOf(kent, 'AWS::EC2::Route').map(([, r]) => r.Properties.DestinationCidrBlock);
    expect(new Set(routes)).toEqual(new Set(['172.21.4.0/24']));
    expect(resourcesOf(essex, 'AWS::EC2::Route')).toEqual([]);
  });

  test('without exchanges, no exchange resource is rendered', () => {
    const plain = twoForces({ exchanges: false });
    for (const t of plain.templates.values()) {
      expect(resourcesOf(t, 'AWS::Logs::LogStream')).toEqual([]);
      expect(Object.keys(t.Resources).filter((id) => id.includes('Exchange'))).toEqual([]);
    }
  });
});

describe('aws.ExchangeEnd in a force’s own stack', () => {
  function ownStack() {
    const app = new App();
    const stack = new Stack(app, 'Policing', { env: ENV });
    const network = new aws.AccreditedNetwork(stack, 'Network', { addressSpace: '10.20.0.0/16', ceiling: OS, accreditation: ACCREDITATION, estate: 'kent', assurance: ASSURANCE });
    const kent = new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent', addressSpace: '10.20.4.0/22' });
    const essex = new aws.TenantEnclave(stack, 'Essex', { network, tenant: 'essex', addressSpace: '10.20.8.0/22' });
    return { app, stack, network, kent, essex, kentApp: kent.addWorkload('app', { kind: 'vm' }), essexApp: essex.addWorkload('app', { kind: 'vm' }) };
  }

  test('connect joins the two groups in the same stack, in the receiver enclave by default', () => {
    const { stack, kentApp, essexApp } = ownStack();
    const sender = kentApp.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'sender', ports: [443] });
    const receiver = essexApp.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'receiver', ports: [443] });
    aws.ExchangeEnd.connect(sender, receiver);
    const t = template(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [stack.getLogicalId(receiver.securityGroup.node.defaultChild as never), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(sender.securityGroup.node.defaultChild as never), 'GroupId'] },
      FromPort: 443,
      ToPort: 443,
    });
    expect(receiver.node.scope!.node.path).toBe('Policing/Essex/app');
    expect(stack.node.tryFindChild('Essex')!.node.tryFindChild('Exchange-referrals')).toBeDefined();
    t.hasResourceProperties('AWS::Logs::LogStream', { LogStreamName: 'disclosures/referrals' });
    t.resourceCountIs('AWS::Logs::LogStream', 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { Tags: Match.arrayWith([{ Key: 'pcloud:isa', Value: 'ISA-9' }]) });
  });

  test("warns when a VM's exchanges take its interface past AWS's default five security groups", () => {
    const { stack, kentApp } = ownStack();
    for (const n of [1, 2, 3, 4]) kentApp.addExchangeEnd({ exchange: `x${n}`, isa: 'ISA-9', role: 'receiver', ports: [443] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('security groups'))).toEqual([]);
    kentApp.addExchangeEnd({ exchange: 'x5', isa: 'ISA-9', role: 'receiver', ports: [443] });
    Annotations.fromStack(stack).hasWarning('/Policing/Kent/app', Match.stringLikeRegexp("^6 security groups on network/kent/app's network interface .* exceed AWS's default quota of 5"));
  });

  test('fails when the end is not a VM', () => {
    const { kent } = ownStack();
    const db = kent.addWorkload('db', { kind: 'database' });
    const error = pcloudErrorOf(() => db.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'sender', ports: [5432] }));
    expect(error.code).toBe('EXCHANGE_ENDPOINT_KIND');
    expect(error.message).toMatch(/Kent\/db\/Exchange-referrals: network\/kent\/db is a database; exchanges run between VMs/);
  });

  test('fails when the exchange names no ISA reference', () => {
    const { kentApp } = ownStack();
    const error = pcloudErrorOf(() => kentApp.addExchangeEnd({ exchange: 'referrals', isa: '', role: 'sender', ports: [443] }));
    expect(error.code).toBe('FIELD_MISSING');
    expect(error.message).toMatch(/isa is missing or empty/);
  });

  test('fails when a far prefix is the whole internet', () => {
    const { kentApp } = ownStack();
    const end = kentApp.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'sender', ports: [443] });
    const error = pcloudErrorOf(() => end.allowPrefixes(['0.0.0.0/0']));
    expect(error.code).toBe('PREFIX_TOO_WIDE');
    expect(error.message).toMatch(/0\.0\.0\.0\/0, which is wider than \/8/);
  });

  test('fails when the two ends are not the two ends of one exchange', () => {
    const { kentApp, essexApp } = ownStack();
    const a = kentApp.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'sender', ports: [443] });
    const b = essexApp.addExchangeEnd({ exchange: 'returns', isa: 'ISA-9', role: 'receiver', ports: [443] });
    const error = pcloudErrorOf(() => aws.ExchangeEnd.connect(a, b));
    expect(error.code).toBe('EXCHANGE_ENDS_MISMATCHED');
  });

  test('fails when the ends are on two networks', () => {
    const { stack, kentApp } = ownStack();
    const other = new aws.AccreditedNetwork(stack, 'Other', { addressSpace: '10.30.0.0/16', ceiling: OS, accreditation: ACCREDITATION, estate: 'kent', assurance: ASSURANCE });
    const far = new aws.TenantEnclave(stack, 'Far', { network: other, tenant: 'essex', addressSpace: '10.30.4.0/22' }).addWorkload('app', { kind: 'vm' });
    const a = kentApp.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'sender', ports: [443] });
    const b = far.addExchangeEnd({ exchange: 'referrals', isa: 'ISA-9', role: 'receiver', ports: [443] });
    const error = pcloudErrorOf(() => aws.ExchangeEnd.connect(a, b));
    expect(error.code).toBe('EXCHANGE_NEEDS_PEERING');
    expect(error.message).toMatch(/two networks \(Policing\/Network, Policing\/Other\)/);
  });
});
