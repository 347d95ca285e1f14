import { App, Stack } from 'aws-cdk-lib';
import * as aws from '../../../constructs/aws';
import { AccreditedNetwork, Classification, Interconnect, PoliceCloud, SecureExchange, Site, TenantEnclave, Workload } from '../../../index';
import type { IpsecModel } from '../../../lib/model/types';
import { ACCREDITATION, AWS_SITE } from '../../fixtures/sites';
import { pcloudErrorOf } from '../../helpers';
import { everyResource, logicalIdAt, nationalModel, renderAws, resourcesOf, tagsOf, type CfnTemplate } from './connectivity-fixture';
import { ENV, template } from './fixtures';

const OS = Classification.OFFICIAL_SENSITIVE;
const TIERS = ['Presentation', 'Application', 'Data', 'Management'];

/** What both tunnels of a connection allow with pcloud's default IPsec (IKEv2, AES-256-GCM, SHA-384, DH 20), and nothing else. */
const DEFAULT_TUNNEL = {
  IKEVersions: [{ Value: 'ikev2' }],
  Phase1EncryptionAlgorithms: [{ Value: 'AES256-GCM-16' }],
  Phase2EncryptionAlgorithms: [{ Value: 'AES256-GCM-16' }],
  Phase1IntegrityAlgorithms: [{ Value: 'SHA2-384' }],
  Phase2IntegrityAlgorithms: [{ Value: 'SHA2-384' }],
  Phase1DHGroupNumbers: [{ Value: 20 }],
  Phase2DHGroupNumbers: [{ Value: 20 }],
};

describe('aws interconnects in the national example', () => {
  const rendered = renderAws(nationalModel());
  const { json, view, model } = rendered;
  const site = json('national-aws-london');
  const network = json('national-national-services');

  test("the site's baseline has a customer gateway per interconnect, at the far end's public address, tagged", () => {
    const gateways = Object.fromEntries(
      resourcesOf(site, 'AWS::EC2::CustomerGateway').map(([, g]) => [tagsOf(g)['pcloud:interconnect'], { type: g.Properties.Type, address: g.Properties.IpAddress, asn: g.Properties.BgpAsn }]),
    );
    expect(gateways).toEqual({
      // The supplier data centre's edge, recorded on its site.
      'aws-supplier-dc1': { type: 'ipsec.1', address: '198.51.100.10', asn: 65000 },
      // The Azure end's declared address.
      'aws-azure': { type: 'ipsec.1', address: '203.0.113.40', asn: 65000 },
      // PSN for Policing's gateway, from its Code of Connection.
      'psn-policing': { type: 'ipsec.1', address: '198.51.100.200', asn: 65000 },
    });
    const psn = site.Resources[logicalIdAt(site, 'aws-london/Interconnect-psn-policing/CustomerGateway')];
    expect(tagsOf(psn)).toEqual(expect.objectContaining({ 'pcloud:coco': 'PSNP-CoCo-2026-0142', 'pcloud:coco-expires': '2027-05-31', 'pcloud:ithc': 'ITHC-2026-PDS-031', 'pcloud:ithc-date': '2026-06-15', classification: 'OFFICIAL-SENSITIVE' }));
  });

  test('the network has one virtual private gateway, attached, and propagates no route', () => {
    expect(resourcesOf(network, 'AWS::EC2::VPNGateway').map(([, g]) => g.Properties.Type)).toEqual(['ipsec.1']);
    const [[, attachment]] = resourcesOf(network, 'AWS::EC2::VPCGatewayAttachment');
    expect(attachment.Properties).toEqual({
      VpcId: { Ref: logicalIdAt(network, 'national-services/Vpc/Resource') },
      VpnGatewayId: { 'Fn::GetAtt': [logicalIdAt(network, 'national-services/VpnGateway'), 'VPNGatewayId'] },
    });
    expect(everyResource(rendered.templates).filter(({ resource }) => resource.Type === 'AWS::EC2::VPNGatewayRoutePropagation')).toEqual([]);
  });

  test("a VPN connection per interconnect the network's enclaves route through: static routes, both tunnels pinned to the interconnect's IPsec", () => {
    const connections = resourcesOf(network, 'AWS::EC2::VPNConnection');
    // PSN for Policing: no enclave routes anything through it, so no connection.
    expect(connections.map(([, c]) => tagsOf(c)['pcloud:interconnect']).sort()).toEqual(['aws-azure', 'aws-supplier-dc1']);
    for (const [, c] of connections) {
      const link = tagsOf(c)['pcloud:interconnect'];
      expect(c.Properties).toEqual(
        expect.objectContaining({
          Type: 'ipsec.1',
          StaticRoutesOnly: true,
          VpnGatewayId: { 'Fn::GetAtt': [logicalIdAt(network, 'national-services/VpnGateway'), 'VPNGatewayId'] },
          CustomerGatewayId: { 'Fn::ImportValue': expect.stringContaining(logicalIdAt(site, `aws-london/Interconnect-${link}/CustomerGateway`)) },
          VpnTunnelOptionsSpecifications: [DEFAULT_TUNNEL, DEFAULT_TUNNEL],
        }),
      );
      expect(view.interconnect(link).ipsec).toEqual({ ikeVersion: 2, cipher: 'aes256-gcm', integrity: 'sha384', dhGroup: 20 });
      expect(tagsOf(c)).toEqual(expect.objectContaining({ 'pcloud:ithc': 'ITHC-2026-PDS-031', 'pcloud:ithc-date': '2026-06-15', network: 'national-services' }));
    }
  });

  test('no pre-shared key is written into any template: AWS generates one per tunnel', () => {
    for (const t of rendered.templates.values()) expect(JSON.stringify(t)).not.toMatch(/PreSharedKey/i);
  });

  test("each connection routes exactly the far prefixes the network's enclaves need through it", () => {
    const needed = (link: string) => new Set(model.enclaves.filter((e) => e.network === 'national-services').flatMap((e) => view.remoteRoutes(e)).filter((r) => r.interconnect === link).map((r) => r.prefix));
    for (const link of ['aws-supplier-dc1', 'aws-azure']) {
      const connection = { Ref: logicalIdAt(network, `national-services/Interconnect-${link}/Connection`) };
      const routed = resourcesOf(network, 'AWS::EC2::VPNConnectionRoute')
        .filter(([, r]) => JSON.stringify(r.Properties.VpnConnectionId) === JSON.stringify(connection))
        .map(([, r]) => r.Properties.DestinationCidrBlock);
      expect(new Set(routed)).toEqual(needed(link));
      expect(routed).toHaveLength(needed(link).size);
    }
    expect(needed('aws-supplier-dc1')).toEqual(new Set(['10.40.12.0/22', '10.40.48.0/22', '10.40.13.100/32']));
    expect(needed('aws-azure')).toEqual(new Set(['10.20.240.0/22']));
  });

  test.each(['shared-services', 'btp'])("enclave %s routes exactly its remoteRoutes, from every tier subnet, to the network's gateway, and nothing else", (enclave) => {
    const t = json(`national-national-services-${enclave}`);
    const prefixes = view.remoteRoutes(view.enclave(`national-services/${enclave}`)).map((r) => r.prefix);
    const routes = resourcesOf(t, 'AWS::EC2::Route').map(([, r]) => r.Properties);
    const expected = TIERS.flatMap((tier) => ['A', 'B'].flatMap((zone) => prefixes.map((prefix) => `${logicalIdAt(t, `${enclave}/${tier}${zone}/RouteTable`)} ${prefix}`)));
    expect(routes.map((r) => `${r.RouteTableId.Ref} ${r.DestinationCidrBlock}`).sort()).toEqual(expected.sort());
    for (const r of routes) {
      expect(Object.keys(r).sort()).toEqual(['DestinationCidrBlock', 'GatewayId', 'RouteTableId']);
      expect(r.GatewayId).toEqual({ 'Fn::ImportValue': expect.stringContaining(logicalIdAt(network, 'national-services/VpnGateway')) });
    }
  });

  test("the enclaves' stacks depend on the network's, where the gateway is attached", () => {
    for (const enclave of ['shared-services', 'btp']) expect(rendered.stacks.get(`national-national-services-${enclave}`)!.dependencies).toContain(rendered.stacks.get('national-national-services'));
  });
});

describe('aws interconnects to a community network', () => {
  const cloud = new PoliceCloud({ name: 'test' });
  const site = Site.aws(cloud, 'aws-london', AWS_SITE);
  const network = new AccreditedNetwork(cloud, 'aws-net', { site, addressSpace: '10.0.0.0/16', ceiling: OS, accreditation: ACCREDITATION });
  const kent = new TenantEnclave(network, 'kent', { tenant: 'kent' });
  const app = new Workload(kent, 'app', { kind: 'vm' });
  const gcsx = new Interconnect(cloud, 'kent-gcsx', {
    site,
    community: { name: 'Kent PSN (GCSx)', kind: 'gcsx', gatewayAddress: '198.51.100.210', prefixes: ['172.28.0.0/16'] },
    coco: { reference: 'KPSN-CoCo-1', expires: '2030-02-28' },
    ithc: { reference: 'ITHC-9', date: '2026-03-02' },
    ipsec: { ikeVersion: 1, cipher: 'aes128-cbc', integrity: 'sha256', dhGroup: 14 },
  });
  new SecureExchange(cloud, 'kent-kcc', {
    isa: { reference: 'ISA-KCC-1', parties: ['Kent Police', 'Kent County Council'], purpose: 'Safeguarding', legalGateway: 'Children Act 2004 s.11', reviewDate: '2030-01-01' },
    from: app,
    to: { partner: 'Kent County Council', prefixes: ['172.28.16.0/24'], via: gcsx },
    ports: [443],
    ceiling: OS,
  });
  const rendered = renderAws(cloud.toModel());
  const net: CfnTemplate = rendered.json('test-aws-net');

  test("the connection carries the Code of Connection and IT Health Check, and its tunnels the interconnect's own IPsec parameters", () => {
    const [[, connection]] = resourcesOf(net, 'AWS::EC2::VPNConnection');
    expect(tagsOf(connection)).toEqual(
      expect.objectContaining({ 'pcloud:interconnect': 'kent-gcsx', 'pcloud:coco': 'KPSN-CoCo-1', 'pcloud:coco-expires': '2030-02-28', 'pcloud:ithc': 'ITHC-9', 'pcloud:ithc-date': '2026-03-02' }),
    );
    const tunnel = {
      IKEVersions: [{ Value: 'ikev1' }],
      Phase1EncryptionAlgorithms: [{ Value: 'AES128' }],
      Phase2EncryptionAlgorithms: [{ Value: 'AES128' }],
      Phase1IntegrityAlgorithms: [{ Value: 'SHA2-256' }],
      Phase2IntegrityAlgorithms: [{ Value: 'SHA2-256' }],
      Phase1DHGroupNumbers: [{ Value: 14 }],
      Phase2DHGroupNumbers: [{ Value: 14 }],
    };
    expect(connection.Properties.VpnTunnelOptionsSpecifications).toEqual([tunnel, tunnel]);
  });

  test("only the partner's prefix is routed, not the community network's", () => {
    expect(resourcesOf(net, 'AWS::EC2::VPNConnectionRoute').map(([, r]) => r.Properties.DestinationCidrBlock)).toEqual(['172.28.16.0/24']);
    const routes = resourcesOf(rendered.json('test-aws-net-kent'), 'AWS::EC2::Route').map(([, r]) => r.Properties.DestinationCidrBlock);
    expect(routes).toEqual(Array(8).fill('172.28.16.0/24'));
  });
});

describe('aws interconnects in a force’s own stack', () => {
  function ownStack() {
    const app = new App();
    const stack = new Stack(app, 'Kent', { env: ENV });
    const network = new aws.AccreditedNetwork(stack, 'Network', { addressSpace: '10.20.0.0/16', ceiling: OS, accreditation: ACCREDITATION, estate: 'kent', assurance: { level: 'PASF', reference: 'PASF-AWS-TEST' } });
    const enclave = new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent', addressSpace: '10.20.4.0/22' });
    return { stack, network, enclave };
  }
  const ipsec = (over: Partial<IpsecModel>): IpsecModel => ({ ikeVersion: 2, cipher: 'aes256-gcm', integrity: 'sha384', dhGroup: 20, ...over });

  test('addVpnConnection and addRemoteRoute render the gateway, the connection, its route and the subnet routes in one stack', () => {
    const { stack, network, enclave } = ownStack();
    network.addVpnConnection({ interconnect: 'psn', customerGatewayId: 'cgw-0123456789abcdef0', prefixes: ['172.20.0.0/14'] });
    enclave.addRemoteRoute('172.20.0.0/14');
    const t = template(stack);
    t.resourceCountIs('AWS::EC2::VPNGateway', 1);
    t.hasResourceProperties('AWS::EC2::VPNConnection', { CustomerGatewayId: 'cgw-0123456789abcdef0', StaticRoutesOnly: true, VpnTunnelOptionsSpecifications: [DEFAULT_TUNNEL, DEFAULT_TUNNEL] });
    t.resourceCountIs('AWS::EC2::Route', 8);
    // In one stack the routes wait for the attachment explicitly.
    const attachment = stack.getLogicalId(network.vpnGateway!.attachment);
    for (const route of Object.values(t.findResources('AWS::EC2::Route'))) expect(route.DependsOn).toContain(attachment);
  });

  test('fails when a route is added before the network has a VPN connection', () => {
    const { enclave } = ownStack();
    const error = pcloudErrorOf(() => enclave.addRemoteRoute('172.20.0.0/14'));
    expect(error.code).toBe('AWS_NO_VPN_GATEWAY');
    expect(error.message).toMatch(/network Kent\/Network has no virtual private gateway to route 172\.20\.0\.0\/14 to/);
  });

  test.each([
    [ipsec({ cipher: '3des' }), /cannot negotiate cipher 3des/],
    [ipsec({ dhGroup: 5 }), /cannot negotiate Diffie-Hellman group 5 in IKE phase 1/],
  ])('fails when AWS cannot negotiate the IPsec parameters (%o)', (given, message) => {
    const { network } = ownStack();
    const error = pcloudErrorOf(() => network.addVpnConnection({ interconnect: 'legacy', customerGatewayId: 'cgw-0123456789abcdef0', prefixes: ['172.20.0.0/14'], ipsec: given }));
    expect(error.code).toBe('AWS_IPSEC_UNSUPPORTED');
    expect(error.message).toMatch(message);
  });

  test('fails when a routed prefix is the whole internet', () => {
    const { network } = ownStack();
    const error = pcloudErrorOf(() => network.addVpnConnection({ interconnect: 'psn', customerGatewayId: 'cgw-0123456789abcdef0', prefixes: ['0.0.0.0/0'] }));
    expect(error.code).toBe('PREFIX_TOO_WIDE');
  });

  test("fails when a customer gateway's address is not a public gateway address", () => {
    const stack = new Stack(new App(), 'Site', { env: ENV });
    const baseline = new aws.SiteBaseline(stack, 'Baseline', { estate: 'kent', assurance: { level: 'PASF', reference: 'PASF-AWS-TEST' } });
    const error = pcloudErrorOf(() => baseline.addCustomerGateway({ interconnect: 'psn', address: '0.0.0.0', farEnd: 'PSN for Policing' }));
    expect(error.code).toBe('GATEWAY_ADDRESS_INVALID');
  });
});
