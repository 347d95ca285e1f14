import { App, Stack } from 'aws-cdk-lib';
import * as aws from '../../../constructs/aws';
import { AccreditedNetwork, Classification, Interconnect, PoliceCloud, SecureExchange, SharedService, Site, TenantEnclave, Workload } from '../../../index';
import { Port } from '../../../lib/ports';
import { ACCREDITATION, AWS_SITE, VSPHERE_SUPPLIER } from '../../fixtures/sites';
import { pcloudErrorOf } from '../../helpers';
import { aclEntries, logicalIdAt, nationalModel, renderAws, resourcesOf, securityGroupRules, tagsOf, within, type SgRule } from './connectivity-fixture';
import { ENV, template } from './fixtures';

const OS = Classification.OFFICIAL_SENSITIVE;
const ISA = { reference: 'ISA-T-1', parties: ['Kent Police', 'PDS'], purpose: 'Testing', legalGateway: 'DPA 2018 Part 3', reviewDate: '2030-01-01' };
const DISALLOW_ALL = '255.255.255.255/32';

describe('aws shared services in the national example', () => {
  const rendered = renderAws(nationalModel());
  const { json, model, view } = rendered;
  const provider = json('national-national-services-shared-services');
  const btp = json('national-national-services-btp');
  const rules = securityGroupRules(rendered.templates);
  const enclaveOf = (id: string) => model.enclaves.find((e) => e.id === id)!;
  const remoteConsumers = ['met', 'kent', 'essex'].map((id) => enclaveOf(id).cidr);
  const services = [
    { id: 'messaging', port: 5671, provider: 'messaging-gateway', tier: 'Presentation' },
    { id: 'erp', port: 443, provider: 'erp-app', tier: 'Application' },
  ];
  const groupRef = (t: typeof provider, path: string) => ({ 'Fn::GetAtt': [logicalIdAt(t, path), 'GroupId'] });
  const describeRule = (r: SgRule) => ({ direction: r.direction, cidr: r.cidr, peer: r.peerGroup, from: r.from, to: r.to });

  test.each(services)('$id: an internal load balancer over the provider tier, cross-zone, with a group of its own', ({ id, tier }) => {
    const lb = provider.Resources[logicalIdAt(provider, `shared-services/Service-${id}/LoadBalancer/Resource`)];
    expect(lb.Properties).toEqual(
      expect.objectContaining({
        Type: 'network',
        Scheme: 'internal',
        Subnets: [{ Ref: logicalIdAt(provider, `shared-services/${tier}A/Subnet`) }, { Ref: logicalIdAt(provider, `shared-services/${tier}B/Subnet`) }],
        SecurityGroups: [groupRef(provider, `shared-services/Service-${id}/SecurityGroup/Resource`)],
        EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
      }),
    );
    expect(lb.Properties.LoadBalancerAttributes).toEqual(expect.arrayContaining([{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]));
  });

  test.each(services)('$id: one TCP listener on its port, forwarding to the provider instance', ({ id, port, provider: vm }) => {
    const listeners = resourcesOf(provider, 'AWS::ElasticLoadBalancingV2::Listener').filter(([lid]) => lid.includes(`Service${id}`));
    expect(listeners.map(([, l]) => [l.Properties.Port, l.Properties.Protocol])).toEqual([[port, 'TCP']]);
    const group = provider.Resources[logicalIdAt(provider, `shared-services/Service-${id}/LoadBalancer/Tcp${port}/ProvidersGroup/Resource`)];
    expect(group.Properties).toEqual(
      expect.objectContaining({
        Port: port,
        Protocol: 'TCP',
        TargetType: 'instance',
        Targets: [{ Id: { Ref: logicalIdAt(provider, `shared-services/${vm}/Resource/Resource`) }, Port: port }],
      }),
    );
  });

  test.each(services)("$id: a PrivateLink endpoint service, no acceptance step, the site's account root its only principal, tagged", ({ id }) => {
    const service = provider.Resources[logicalIdAt(provider, `shared-services/Service-${id}/EndpointService/EndpointService`)];
    expect(service.Properties.AcceptanceRequired).toBe(false);
    expect(tagsOf(service)).toEqual(expect.objectContaining({ 'pcloud:shared-service': id, classification: 'OFFICIAL-SENSITIVE', enclave: 'national-services/shared-services' }));
    const permissions = resourcesOf(provider, 'AWS::EC2::VPCEndpointServicePermissions').filter(([, p]) => JSON.stringify(p.Properties.ServiceId).includes(`Service${id}`));
    expect(permissions.map(([, p]) => p.Properties.AllowedPrincipals)).toEqual([['arn:aws:iam::111122223333:root']]);
  });

  test.each(services)('$id: the provider VM admits its port from the load balancer and from each consumer enclave on another site, nothing else new', ({ id, port, provider: vm }) => {
    const own = logicalIdAt(provider, `shared-services/${vm}/SecurityGroup/Resource`);
    const ingress = rules.filter((r) => r.direction === 'ingress' && (r.resource === own || JSON.stringify(r.group).includes(own))).map(describeRule);
    const fromFlows = rules.filter((r) => r.direction === 'ingress' && JSON.stringify(r.group).includes(own) && r.description?.startsWith('declared flow')).map(describeRule);
    expect(ingress).toEqual(
      expect.arrayContaining([
        { direction: 'ingress', cidr: undefined, peer: groupRef(provider, `shared-services/Service-${id}/SecurityGroup/Resource`), from: port, to: port },
        ...remoteConsumers.map((cidr) => ({ direction: 'ingress', cidr, peer: undefined, from: port, to: port })),
      ]),
    );
    expect(ingress).toHaveLength(1 + remoteConsumers.length + fromFlows.length);
    // btp, on the same site, comes through PrivateLink: its address space never reaches the VM directly.
    expect(ingress.some((r) => r.cidr && within(r.cidr, enclaveOf('btp').cidr))).toBe(false);
  });

  test.each(services)("$id: the load balancer's group admits btp's address space and reaches the provider VM, on the port only", ({ id, port, provider: vm }) => {
    const lb = logicalIdAt(provider, `shared-services/Service-${id}/SecurityGroup/Resource`);
    const mine = rules.filter((r) => r.resource === lb || JSON.stringify(r.group).includes(lb)).map(describeRule);
    expect(mine).toEqual([
      { direction: 'ingress', cidr: enclaveOf('btp').cidr, peer: undefined, from: port, to: port },
      { direction: 'egress', cidr: undefined, peer: groupRef(provider, `shared-services/${vm}/SecurityGroup/Resource`), from: port, to: port },
    ]);
  });

  test.each(services)("$id: btp has an interface endpoint in its application subnets whose group admits btp's own address space only", ({ id, port }) => {
    const endpoint = btp.Resources[logicalIdAt(btp, `btp/ServiceEndpoint-${id}/Endpoint/Resource`)];
    expect(endpoint.Properties).toEqual(
      expect.objectContaining({
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: false,
        SubnetIds: [{ Ref: logicalIdAt(btp, 'btp/ApplicationA/Subnet') }, { Ref: logicalIdAt(btp, 'btp/ApplicationB/Subnet') }],
        SecurityGroupIds: [groupRef(btp, `btp/ServiceEndpoint-${id}/SecurityGroup/Resource`)],
      }),
    );
    expect(JSON.stringify(endpoint.Properties.ServiceName)).toContain('national-national-services-shared-services:');
    const group = logicalIdAt(btp, `btp/ServiceEndpoint-${id}/SecurityGroup/Resource`);
    expect(rules.filter((r) => r.direction === 'ingress' && (r.resource === group || JSON.stringify(r.group).includes(group))).map(describeRule)).toEqual([
      { direction: 'ingress', cidr: enclaveOf('btp').cidr, peer: undefined, from: port, to: port },
    ]);
  });

  test.each(services)('$id: every btp VM (web, api) may reach the endpoint on the port; the database may not', ({ id, port }) => {
    const endpointGroup = groupRef(btp, `btp/ServiceEndpoint-${id}/SecurityGroup/Resource`);
    const reaching = rules.filter((r) => r.direction === 'egress' && JSON.stringify(r.peerGroup) === JSON.stringify(endpointGroup));
    expect(reaching.map((r) => [JSON.stringify(r.group), r.from, r.to]).sort()).toEqual(
      ['web', 'api'].map((vm) => [JSON.stringify(groupRef(btp, `btp/${vm}/SecurityGroup/Resource`)), port, port]).sort(),
    );
  });

  test('the consumers on other sites are the routes of the provider enclave, and btp routes no service prefix', () => {
    const routes = (t: typeof btp) => new Set(resourcesOf(t, 'AWS::EC2::Route').map(([, r]) => r.Properties.DestinationCidrBlock));
    expect(routes(provider)).toEqual(new Set(remoteConsumers));
    expect(routes(btp)).toEqual(new Set(['10.40.13.100/32']));
  });

  test('no security-group rule or allowing network-ACL entry anywhere in the AWS output names 0.0.0.0/0', () => {
    expect(rules.filter((r) => r.cidr === '0.0.0.0/0')).toEqual([]);
    const entries = aclEntries(rendered.templates);
    expect(entries.filter((e) => e.cidr === '0.0.0.0/0' && e.action === 'allow')).toEqual([]);
    // 0.0.0.0/0 appears only in the explicit deny that ends every ACL.
    expect(entries.filter((e) => e.cidr === '0.0.0.0/0').every((e) => e.action === 'deny' && /DenyAll(In|E)gress/.test(e.id))).toBe(true);
  });

  test('outside its own addresses and the network endpoints, each enclave names only what its services and exchanges declare', () => {
    const services = model.networks.find((n) => n.id === 'national-services')!.servicesCidr;
    const external = (stack: string, cidr: string) => {
      const enclave = model.enclaves.find((e) => stack.endsWith(`-${e.id}`))!;
      return !within(cidr, enclave.cidr) && !within(cidr, services) && cidr !== DISALLOW_ALL;
    };
    const sg = (stack: string) =>
      rules
        .filter((r) => r.stack === stack && r.cidr && external(stack, r.cidr))
        .map((r) => `${r.direction} ${r.cidr} ${r.protocol}/${r.from}-${r.to}`)
        .sort();
    const tierOf = (stack: string, acl: unknown) =>
      ['Presentation', 'Application', 'Data', 'Management'].find((tier) => {
        const t = rendered.json(stack);
        const enclave = model.enclaves.find((e) => stack.endsWith(`-${e.id}`))!.id;
        return JSON.stringify(acl) === JSON.stringify({ Ref: logicalIdAt(t, `${enclave}/${tier}Acl/Resource/Resource`) });
      });
    const acl = (stack: string) =>
      aclEntries(rendered.templates)
        .filter((e) => e.stack === stack && e.action === 'allow' && external(stack, e.cidr))
        .map((e) => `${tierOf(stack, e.acl)} ${e.egress ? 'egress' : 'ingress'} ${e.cidr} ${e.from}-${e.to}`)
        .sort();
    const [met, kent, essex, own] = ['met', 'kent', 'essex', 'btp'].map((id) => enclaveOf(id).cidr);
    // btp: the exchange from essex records-app (a /32), nothing of any other consumer.
    expect(sg('national-national-services-btp')).toEqual(['ingress 10.40.13.100/32 tcp/8443-8443']);
    expect(acl('national-national-services-btp')).toEqual(['Application egress 10.40.13.100/32 1024-65535', 'Application ingress 10.40.13.100/32 8443-8443']);
    // The provider: each consumer's address space in, on the service's port; only replies go back out.
    expect(sg('national-national-services-shared-services')).toEqual(
      [own, met, kent, essex].flatMap((c) => [`ingress ${c} tcp/443-443`, `ingress ${c} tcp/5671-5671`]).sort(),
    );
    // messaging-gateway (and its load balancer) is in the presentation tier, erp-app in the application tier.
    expect(acl('national-national-services-shared-services')).toEqual(
      [own, met, kent, essex]
        .flatMap((c) => [`Presentation ingress ${c} 5671-5671`, `Presentation egress ${c} 1024-65535`, `Application ingress ${c} 443-443`, `Application egress ${c} 1024-65535`])
        .sort(),
    );
  });

  test('no rule lets one consumer reach another: no SG-to-SG rule crosses a stack, and no consumer address space reaches btp', () => {
    expect(rules.filter((r) => JSON.stringify([r.peerGroup, r.group]).includes('Fn::ImportValue'))).toEqual([]);
    for (const id of ['met', 'kent', 'essex']) {
      const other = enclaveOf(id).cidr;
      const reaching = rules.filter((r) => r.stack === 'national-national-services-btp' && r.cidr && within(r.cidr, other));
      // Only the declared exchange's group, from one VM of essex.
      expect(reaching.map((r) => r.description)).toEqual(id === 'essex' ? ['essex-btp-custody (ISA-ESX-BTP-2026-03) from 10.40.13.100/32 tcp/8443'] : []);
    }
    // The providers reach no consumer: no egress rule names a consumer's address space or endpoint.
    const consumers = model.sharedServices.flatMap((s) => s.consumers).map((c) => view.enclave(c).cidr);
    expect(rules.filter((r) => r.stack === 'national-national-services-shared-services' && r.direction === 'egress' && r.cidr && consumers.some((c) => within(r.cidr!, c)))).toEqual([]);
  });
});

/** Two enclaves on one AWS network: the consumer declared before its provider, with exchanges both ways between them. */
function consumerFirst() {
  const cloud = new PoliceCloud({ name: 'test' });
  const site = Site.aws(cloud, 'aws-london', AWS_SITE);
  const network = new AccreditedNetwork(cloud, 'aws-net', { site, addressSpace: '10.0.0.0/16', ceiling: OS, accreditation: ACCREDITATION });
  const kent = new TenantEnclave(network, 'kent', { tenant: 'kent' });
  const national = new TenantEnclave(network, 'national', { tenant: 'pds' });
  const essex = new TenantEnclave(network, 'essex', { tenant: 'essex' });
  const kentApp = new Workload(kent, 'app', { kind: 'vm' });
  new Workload(essex, 'app', { kind: 'vm' });
  const broker = new Workload(national, 'broker', { kind: 'vm' });
  new SharedService(cloud, 'messaging', { providers: [broker], consumers: [kent, essex], ports: [5671] });
  new SecureExchange(cloud, 'kent-to-national', { isa: ISA, from: kentApp, to: broker, ports: [8443], ceiling: OS });
  new SecureExchange(cloud, 'national-to-kent', { isa: ISA, from: broker, to: kentApp, ports: [9443], ceiling: OS });
  return renderAws(cloud.toModel());
}

describe('aws shared services between enclaves of one site', () => {
  const rendered = consumerFirst();
  const { stacks, json } = rendered;

  test('a consumer declared before its provider depends on it, the provider on no consumer, and exchanges between them keep it that way', () => {
    const [kent, national, essex] = ['kent', 'national', 'essex'].map((e) => stacks.get(`test-aws-net-${e}`)!);
    expect(kent.dependencies).toContain(national);
    expect(essex.dependencies).toContain(national);
    expect(national.dependencies).not.toContain(kent);
    expect(national.dependencies).not.toContain(essex);
    // The exchanges' rules live in kent's stack: it deploys after the provider's.
    expect(Object.keys(json('test-aws-net-kent').Resources).filter((id) => /^kentExchange(kenttonational|nationaltokent)(In|E)gress/.test(id))).toHaveLength(4);
    expect(() => rendered.app.synth()).not.toThrow();
  });

  test('each consumer gets its own endpoint; neither consumer names the other', () => {
    const [kent, essex] = ['kent', 'essex'].map((e) => rendered.model.enclaves.find((x) => x.id === e)!.cidr);
    const rules = securityGroupRules(rendered.templates);
    expect(rules.filter((r) => r.stack === 'test-aws-net-kent' && r.cidr && within(r.cidr, essex))).toEqual([]);
    expect(rules.filter((r) => r.stack === 'test-aws-net-essex' && r.cidr && within(r.cidr, kent))).toEqual([]);
    expect(aclEntries(rendered.templates).filter((e) => (e.stack === 'test-aws-net-kent' && within(e.cidr, essex)) || (e.stack === 'test-aws-net-essex' && within(e.cidr, kent)))).toEqual([]);
    for (const e of ['kent', 'essex']) expect(resourcesOf(json(`test-aws-net-${e}`), 'AWS::EC2::VPCEndpoint')).toHaveLength(1);
  });

  test('fails when enclaves of one site consume each other’s services, which no deployment order can satisfy', () => {
    const cloud = new PoliceCloud({ name: 'test' });
    const site = Site.aws(cloud, 'aws-london', AWS_SITE);
    const network = new AccreditedNetwork(cloud, 'aws-net', { site, addressSpace: '10.0.0.0/16', ceiling: OS, accreditation: ACCREDITATION });
    const a = new TenantEnclave(network, 'alpha', { tenant: 'kent' });
    const b = new TenantEnclave(network, 'beta', { tenant: 'essex' });
    new SharedService(cloud, 'alpha-api', { providers: [new Workload(a, 'api', { kind: 'vm' })], consumers: [b], ports: [443] });
    new SharedService(cloud, 'beta-api', { providers: [new Workload(b, 'api', { kind: 'vm' })], consumers: [a], ports: [443] });
    const error = pcloudErrorOf(() => renderAws(cloud.toModel()));
    expect(error.code).toBe('AWS_SHARED_SERVICES_CYCLE');
    expect(error.message).toMatch(/consume each other's shared services \(aws-net\/alpha -> aws-net\/beta -> aws-net\/alpha\)/);
  });
});

describe('an aws consumer of a shared service on another site', () => {
  const cloud = new PoliceCloud({ name: 'test' });
  const london = Site.aws(cloud, 'aws-london', AWS_SITE);
  const dc = Site.vsphere(cloud, 'supplier-dc', { ...VSPHERE_SUPPLIER, edge: { publicAddress: '198.51.100.10' } });
  const awsNet = new AccreditedNetwork(cloud, 'aws-net', { site: london, addressSpace: '10.0.0.0/16', ceiling: OS, accreditation: ACCREDITATION });
  const dcNet = new AccreditedNetwork(cloud, 'dc-net', { site: dc, addressSpace: '10.40.0.0/16', ceiling: OS, accreditation: ACCREDITATION });
  const btp = new TenantEnclave(awsNet, 'btp', { tenant: 'btp' });
  new Workload(btp, 'web', { kind: 'vm', tier: 'presentation' });
  new Workload(btp, 'api', { kind: 'vm' });
  new Workload(btp, 'db', { kind: 'database' });
  const supplier = new TenantEnclave(dcNet, 'records', { tenant: 'pds' });
  const erp = new Workload(supplier, 'erp', { kind: 'vm' });
  new Interconnect(cloud, 'aws-dc', { sites: [london, dc], ithc: { reference: 'ITHC-T', date: '2026-06-01' } });
  new SharedService(cloud, 'erp', { providers: [erp], consumers: [btp], ports: [443] });
  const rendered = renderAws(cloud.toModel());
  const t = rendered.json('test-aws-net-btp');
  const erpPrefix = rendered.view.workloadPrefix('dc-net/records/erp');

  test("every VM reaches the provider's /32 on the port through the interconnect, the database does not, and there is no endpoint", () => {
    expect(erpPrefix).toMatch(/^10\.40\.\d+\.\d+\/32$/);
    const rules = securityGroupRules(rendered.templates).filter((r) => r.cidr === erpPrefix);
    expect(rules.map((r) => [r.resource, r.direction, r.from, r.to]).sort()).toEqual(
      ['web', 'api'].map((vm) => [logicalIdAt(t, `btp/${vm}/SecurityGroup/Resource`), 'egress', 443, 443]).sort(),
    );
    expect(resourcesOf(t, 'AWS::EC2::VPCEndpoint')).toEqual([]);
  });

  test('the VMs’ tiers let the traffic out and the replies in, and the route to the /32 goes to the VPN gateway', () => {
    const entries = aclEntries(rendered.templates).filter((e) => e.cidr === erpPrefix).map((e) => `${e.acl && JSON.stringify(e.acl)} ${e.egress ? 'egress' : 'ingress'} ${e.from}-${e.to}`);
    const acl = (tier: string) => JSON.stringify({ Ref: logicalIdAt(t, `btp/${tier}Acl/Resource/Resource`) });
    expect(entries.sort()).toEqual(
      ['Presentation', 'Application'].flatMap((tier) => [`${acl(tier)} egress 443-443`, `${acl(tier)} ingress 1024-65535`]).sort(),
    );
    const routes = resourcesOf(t, 'AWS::EC2::Route').map(([, r]) => r.Properties);
    expect(routes).toHaveLength(8);
    expect(new Set(routes.map((r) => r.DestinationCidrBlock))).toEqual(new Set([erpPrefix]));
    expect(routes.every((r) => JSON.stringify(r.GatewayId).includes('VpnGateway'))).toBe(true);
  });
});

describe('aws shared services in a force’s own stack', () => {
  function ownStack() {
    const app = new App();
    const stack = new Stack(app, 'National', { env: ENV });
    const network = new aws.AccreditedNetwork(stack, 'Network', { addressSpace: '10.20.0.0/16', ceiling: OS, accreditation: ACCREDITATION, estate: 'pds', assurance: { level: 'PASF', reference: 'PASF-AWS-TEST' } });
    const national = new aws.TenantEnclave(stack, 'National', { network, tenant: 'pds', addressSpace: '10.20.4.0/22' });
    const kent = new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent', addressSpace: '10.20.8.0/22' });
    return { stack, network, national, kent, broker: national.addWorkload('broker', { kind: 'vm' }) };
  }

  test('offerService and consumeService render the load balancer, the endpoint service and the consumer’s endpoint', () => {
    const { stack, national, kent, broker } = ownStack();
    kent.addWorkload('app', { kind: 'vm' });
    const provider = national.offerService({ service: 'messaging', providers: [broker], ports: [Port.tcpRange(5671, 5672)] });
    const endpoint = kent.consumeService(provider);
    const t = template(stack);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    t.hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', { AllowedPrincipals: ['arn:aws:iam::111122223333:root'] });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(endpoint.securityGroup.node.defaultChild as never), 'GroupId'] }] });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'pcloud network/national: shared service messaging load balancer',
      SecurityGroupIngress: [{ CidrIp: '10.20.8.0/22', IpProtocol: 'tcp', FromPort: 5671, ToPort: 5672, Description: 'shared service messaging: consumer 10.20.8.0/22 tcp/5671-5672' }],
    });
  });

  test('fails when a provider is not a VM of the enclave', () => {
    const { national, kent } = ownStack();
    const db = national.addWorkload('db', { kind: 'database' });
    expect(pcloudErrorOf(() => national.offerService({ service: 'records', providers: [db], ports: [5432] })).code).toBe('SHARED_SERVICE_PROVIDER_KIND');
    const elsewhere = kent.addWorkload('app', { kind: 'vm' });
    const error = pcloudErrorOf(() => national.offerService({ service: 'records', providers: [elsewhere], ports: [443] }));
    expect(error.message).toMatch(/provider National\/Kent\/app is not a VM of enclave National\/National/);
  });

  test('fails when the service is offered over UDP, which PrivateLink does not carry', () => {
    const { national, broker } = ownStack();
    const error = pcloudErrorOf(() => national.offerService({ service: 'syslog', providers: [broker], ports: [Port.udp(514)] }));
    expect(error.code).toBe('PORT_PROTOCOL_UNSUPPORTED');
  });

  test('fails when an enclave consumes its own service', () => {
    const { national, broker } = ownStack();
    const provider = national.offerService({ service: 'messaging', providers: [broker], ports: [5671] });
    expect(pcloudErrorOf(() => national.consumeService(provider)).code).toBe('SHARED_SERVICE_SELF_CONSUMER');
  });

  test('fails when a port range needs more listeners than a load balancer has', () => {
    const { national, broker } = ownStack();
    const error = pcloudErrorOf(() => national.offerService({ service: 'wide', providers: [broker], ports: [Port.tcpRange(8000, 8100)] }));
    expect(error.code).toBe('AWS_SHARED_SERVICE_TOO_MANY_PORTS');
    expect(error.message).toMatch(/offered on 101 ports; a Network Load Balancer has at most 50 listeners/);
  });
});
