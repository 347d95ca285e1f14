import type { IpsecProps } from '../../../lib/model/interconnect';
import { EstateView } from '../../../lib/model/view';
import * as pcloud from '../../../index';
import { ACCREDITATION, handBuiltEstate, nationalModel, renderAzure, resources } from './connectivity-fixture';
import { SSH_KEY, SUBSCRIPTION, metEstate, newNetwork, newStack, pcloudErrorOf, ref, resourceNamed, site, synthJson } from './fixture';

const TIERS = ['Presentation', 'Application', 'Data', 'Management'];
const only = (items: Record<string, any>): [string, any] => {
  const entries = Object.entries(items);
  if (entries.length !== 1) throw new Error(`expected one, found ${entries.length}`);
  return entries[0];
};

describe('azure interconnects', () => {
  describe('the national example: met-azure reaches AWS London through aws-azure', () => {
    const model = nationalModel();
    const view = new EstateView(model);
    const rendered = renderAzure(model);
    const network = 'national-met-azure';
    const met = 'national-met-azure-met';

    test('the network stack holds the GatewaySubnet (last /27 of the services range), a Standard static zone-redundant public IP and a route-based VpnGw2AZ generation 2 gateway', () => {
      // GIVEN
      const [subnetName, subnet] = only(resources(rendered, network, 'azurerm_subnet'));
      const [ipName, ip] = only(resources(rendered, network, 'azurerm_public_ip'));
      const [, gateway] = only(resources(rendered, network, 'azurerm_virtual_network_gateway'));
      // THEN
      expect(model.networks.find((n) => n.path === 'met-azure')!.servicesCidr).toBe('10.20.255.0/24');
      expect(subnet).toMatchObject({ name: 'GatewaySubnet', address_prefixes: ['10.20.255.224/27'], resource_group_name: expect.stringContaining('azurerm_resource_group') });
      expect(ip).toMatchObject({ sku: 'Standard', allocation_method: 'Static', ip_version: 'IPv4', zones: ['1', '2', '3'] });
      expect(gateway).toMatchObject({
        type: 'Vpn',
        vpn_type: 'RouteBased',
        sku: 'VpnGw2AZ',
        generation: 'Generation2',
        active_active: false,
        enable_bgp: false,
        ip_configuration: [{ name: 'vgw-ipconfig', public_ip_address_id: ref('azurerm_public_ip', ipName, 'id'), subnet_id: ref('azurerm_subnet', subnetName, 'id'), private_ip_address_allocation: 'Dynamic' }],
      });
      expect(resources(rendered, met, 'azurerm_virtual_network_gateway')).toEqual({});
    });

    test('a local network gateway at the AWS end\'s address, with exactly the prefixes met routes through aws-azure', () => {
      // GIVEN
      const wanted = view.remoteRoutes(view.enclave('met-azure/met')).filter((r) => r.interconnect === 'aws-azure').map((r) => r.prefix);
      // THEN
      const [, lng] = only(resources(rendered, network, 'azurerm_local_network_gateway'));
      expect(wanted).toEqual(['10.0.152.128/25', '10.0.153.0/25']);
      expect(lng).toMatchObject({ name: 'lgw-aws-azure', gateway_address: '203.0.113.20', address_space: wanted });
    });

    test('an IPsec connection with the interconnect\'s IKEv2 policy, its key from a sensitive input variable and never in the output', () => {
      // GIVEN
      const [lngName] = only(resources(rendered, network, 'azurerm_local_network_gateway'));
      const [gatewayName] = only(resources(rendered, network, 'azurerm_virtual_network_gateway'));
      const [, connection] = only(resources(rendered, network, 'azurerm_virtual_network_gateway_connection'));
      const tf = rendered.get(network)!.tf as any;
      // THEN
      expect(connection).toMatchObject({
        name: 'vcn-aws-azure',
        type: 'IPsec',
        connection_protocol: 'IKEv2',
        virtual_network_gateway_id: ref('azurerm_virtual_network_gateway', gatewayName, 'id'),
        local_network_gateway_id: ref('azurerm_local_network_gateway', lngName, 'id'),
        enable_bgp: false,
        ipsec_policy: { ike_encryption: 'GCMAES256', ike_integrity: 'SHA384', dh_group: 'ECP384', ipsec_encryption: 'GCMAES256', ipsec_integrity: 'GCMAES256', pfs_group: 'ECP384' },
      });
      expect(connection.shared_key).toBe('${var.ipsec_psk_aws_azure}');
      expect(tf.variable).toEqual({ ipsec_psk_aws_azure: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }) });
      expect(tf.variable.ipsec_psk_aws_azure.default).toBeUndefined();
      for (const [, { tf: other }] of rendered) expect(JSON.stringify(other)).not.toMatch(/"shared_key":"(?!\$\{var\.)/);
    });

    test("the link's resources carry the ITHC reference and date beside the network's classification", () => {
      for (const type of ['azurerm_local_network_gateway', 'azurerm_virtual_network_gateway_connection']) {
        const [, body] = only(resources(rendered, network, type));
        expect(body.tags).toMatchObject({ interconnect: 'aws-azure', 'ithc-reference': 'ITHC-2026-PDS-031', 'ithc-date': '2026-06-15', classification: 'OFFICIAL-SENSITIVE', network: 'met-azure' });
        expect(body.tags['coco-reference']).toBeUndefined();
      }
    });

    test("each of met's tier subnets has a route table without gateway route propagation and exactly met's remote routes, to the gateway", () => {
      // GIVEN
      const routes = view.remoteRoutes(view.enclave('met-azure/met'));
      const tables = resources(rendered, met, 'azurerm_route_table');
      const subnets = resources(rendered, met, 'azurerm_subnet');
      const associations = Object.values(resources(rendered, met, 'azurerm_subnet_route_table_association'));
      // THEN
      expect(Object.keys(tables)).toHaveLength(4);
      for (const tier of TIERS) {
        const [tableName, table] = resourceNamed({ resource: { azurerm_route_table: tables } }, 'azurerm_route_table', `rt-met-${tier.toLowerCase()}`);
        const [subnetName] = resourceNamed({ resource: { azurerm_subnet: subnets } }, 'azurerm_subnet', `snet-met-${tier.toLowerCase()}`);
        expect(table.bgp_route_propagation_enabled).toBe(false);
        expect(table.route.map((r: any) => [r.address_prefix, r.next_hop_type, r.name])).toEqual(routes.map((r) => [r.prefix, 'VirtualNetworkGateway', `aws-azure_${r.prefix.replace('/', '_')}`]));
        expect(associations).toContainEqual({ subnet_id: ref('azurerm_subnet', subnetName, 'id'), route_table_id: ref('azurerm_route_table', tableName, 'id') });
      }
      expect(routes.map((r) => r.prefix)).toEqual(['10.0.152.128/25', '10.0.153.0/25']);
      expect(resources(rendered, network, 'azurerm_route_table')).toEqual({});
    });
  });

  describe('a network with a site-to-site link and a community network (hand-built estate)', () => {
    const rendered = renderAzure(handBuiltEstate());
    const network = 'south-east-net';
    const lngs = Object.values(resources(rendered, network, 'azurerm_local_network_gateway'));

    test('one gateway for the network, a local network gateway and connection per interconnect', () => {
      expect(Object.keys(resources(rendered, network, 'azurerm_virtual_network_gateway'))).toHaveLength(1);
      expect(lngs.map((l) => [l.name, l.gateway_address]).sort()).toEqual([
        ['lgw-aws-azure', '203.0.113.20'],
        ['lgw-kent-gcsx', '198.51.100.210'],
      ]);
      expect(Object.values(resources(rendered, network, 'azurerm_virtual_network_gateway_connection')).map((c) => c.shared_key).sort()).toEqual([
        '${var.ipsec_psk_aws_azure}',
        '${var.ipsec_psk_kent_gcsx}',
      ]);
    });

    test("the community network's local gateway holds the partner's prefix only, and its link the Code of Connection", () => {
      const gcsx = lngs.find((l) => l.name === 'lgw-kent-gcsx')!;
      expect(gcsx.address_space).toEqual(['172.28.16.0/24']);
      expect(gcsx.tags).toMatchObject({ 'coco-reference': 'KPSN-CoCo-2026-017', 'coco-expires': '2027-02-28', 'ithc-date': '2026-03-02' });
    });

    test("a prefix inside another is left out of a local gateway's address space: the same addresses, no overlap", () => {
      // GIVEN hub routes btp's whole enclave (a remote consumer), kent only btp/api's subnet inside it
      const aws = lngs.find((l) => l.name === 'lgw-aws-azure')!;
      const routes = (stack: string, tier: string) =>
        Object.values(resources(rendered, stack, 'azurerm_route_table')).find((t) => t.name.endsWith(`-${tier}`))!.route.map((r: any) => r.address_prefix);
      // THEN
      expect(routes('south-east-net-hub', 'application')).toEqual(['10.0.60.0/22']);
      expect(routes('south-east-net-kent', 'application')).toEqual(['10.0.61.128/25', '172.28.16.0/24']);
      expect(aws.address_space).toEqual(['10.0.60.0/22']);
    });

    test('an enclave with no remote routes still gets its route tables, empty and without propagation, so that it learns nothing from the gateway', () => {
      const tables = Object.values(resources(rendered, 'south-east-net-essex', 'azurerm_route_table'));
      expect(tables).toHaveLength(4);
      for (const t of tables) expect(t).toMatchObject({ bgp_route_propagation_enabled: false, route: [] });
    });
  });

  test('a network whose enclaves route nowhere has no gateway, and its enclaves no route tables', () => {
    // GIVEN
    const cloud = new pcloud.PoliceCloud({ name: 'solo' });
    const site = pcloud.Site.azure(cloud, 'azure-uk', { subscriptionId: SUBSCRIPTION, location: 'uksouth', vmAdmin: { sshPublicKey: SSH_KEY } });
    const net = new pcloud.AccreditedNetwork(cloud, 'net', { site, addressSpace: '10.40.0.0/16', ceiling: pcloud.Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION });
    new pcloud.Workload(new pcloud.TenantEnclave(net, 'met', { tenant: 'met' }), 'app', { kind: 'vm' });
    // WHEN
    const rendered = renderAzure(cloud.toModel());
    // THEN
    for (const [, { tf }] of rendered) {
      for (const type of ['azurerm_virtual_network_gateway', 'azurerm_public_ip', 'azurerm_local_network_gateway', 'azurerm_route_table']) expect(tf.resource?.[type]).toBeUndefined();
      expect(Object.values(tf.resource?.azurerm_subnet ?? {}).map((s: any) => s.name)).not.toContain('GatewaySubnet');
    }
  });

  describe('through the construct API', () => {
    const ipsecCases: [IpsecProps, Record<string, string>, string][] = [
      [{}, { ike_encryption: 'GCMAES256', ike_integrity: 'SHA384', dh_group: 'ECP384', ipsec_encryption: 'GCMAES256', ipsec_integrity: 'GCMAES256', pfs_group: 'ECP384' }, 'IKEv2'],
      [{ cipher: 'aes128-gcm', integrity: 'sha256', dhGroup: 19 }, { ike_encryption: 'GCMAES128', ike_integrity: 'SHA256', dh_group: 'ECP256', ipsec_encryption: 'GCMAES128', ipsec_integrity: 'GCMAES128', pfs_group: 'ECP256' }, 'IKEv2'],
      [{ ikeVersion: 1, cipher: 'aes256-cbc', integrity: 'sha256', dhGroup: 14 }, { ike_encryption: 'AES256', ike_integrity: 'SHA256', dh_group: 'DHGroup14', ipsec_encryption: 'AES256', ipsec_integrity: 'SHA256', pfs_group: 'PFS2048' }, 'IKEv1'],
      [{ cipher: '3des', integrity: 'sha1', dhGroup: 24 }, { ike_encryption: 'DES3', ike_integrity: 'SHA1', dh_group: 'DHGroup24', ipsec_encryption: 'DES3', ipsec_integrity: 'SHA1', pfs_group: 'PFS24' }, 'IKEv2'],
    ];

    test.each(ipsecCases)('maps IPsec %j to Azure\'s policy', (ipsec, policy, protocol) => {
      // GIVEN
      const { stack, network } = metEstate();
      // WHEN
      network.addInterconnect('aws-azure', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.0.152.128/25'], ipsec });
      // THEN
      const [, connection] = only(synthJson(stack).resource!.azurerm_virtual_network_gateway_connection);
      expect(connection.ipsec_policy).toEqual(policy);
      expect(connection.connection_protocol).toBe(protocol);
    });

    test('in a location without availability zones the gateway is VpnGw2 and its public IP has no zones', () => {
      const stack = newStack();
      const network = newNetwork(stack, { site: site({ location: 'ukwest' }) });
      network.addInterconnect('aws-azure', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.0.152.128/25'] });
      const tf = synthJson(stack);
      expect(only(tf.resource!.azurerm_virtual_network_gateway)[1].sku).toBe('VpnGw2');
      expect(only(tf.resource!.azurerm_public_ip)[1].zones).toBeUndefined();
    });

    test('routeThroughGateway gives each tier a table of exactly the routes, in address order', () => {
      const { stack, enclave } = metEstate();
      enclave.routeThroughGateway([
        { prefix: '172.28.16.0/24', interconnect: 'kent-gcsx' },
        { prefix: '10.0.153.0/25', interconnect: 'aws-azure' },
      ]);
      const tables = Object.values(synthJson(stack).resource!.azurerm_route_table);
      expect(tables).toHaveLength(4);
      for (const t of tables as any[]) expect(t.route.map((r: any) => r.address_prefix)).toEqual(['10.0.153.0/25', '172.28.16.0/24']);
    });

    test('fails when the DH group is one Azure does not offer', () => {
      const { network } = metEstate();
      const error = pcloudErrorOf(() => network.addInterconnect('old', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.0.152.128/25'], ipsec: { dhGroup: 5 } }));
      expect(error.code).toBe('IPSEC_UNSUPPORTED');
      expect(error.problem).toBe('Azure VPN gateways do not offer Diffie-Hellman group 5');
    });

    test('fails when a CBC cipher asks for SHA-384 IPsec integrity, which Azure does not offer', () => {
      const { network } = metEstate();
      const error = pcloudErrorOf(() => network.addInterconnect('cbc', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.0.152.128/25'], ipsec: { cipher: 'aes256-cbc' } }));
      expect(error.code).toBe('IPSEC_UNSUPPORTED');
      expect(error.fix).toContain("'aes256-gcm'");
    });

    test('fails when the far address is not a gateway address, or a far prefix is inside the network', () => {
      const { network } = metEstate();
      expect(pcloudErrorOf(() => network.addInterconnect('bad', { remoteAddress: '0.0.0.0', remotePrefixes: ['10.0.152.128/25'] })).code).toBe('GATEWAY_ADDRESS_INVALID');
      const inside = pcloudErrorOf(() => network.addInterconnect('bad', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.20.4.0/24'] }));
      expect(inside.code).toBe('ROUTE_INSIDE_NETWORK');
      expect(inside.problem).toBe("remote prefix 10.20.4.0/24 overlaps the network's own address space 10.20.0.0/16");
    });

    test('fails when the same interconnect is connected twice', () => {
      const { network } = metEstate();
      network.addInterconnect('aws-azure', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.0.152.128/25'] });
      expect(pcloudErrorOf(() => network.addInterconnect('aws-azure', { remoteAddress: '203.0.113.20', remotePrefixes: ['10.0.153.0/25'] })).code).toBe('DUPLICATE_ID');
    });

    test('fails when routes are given twice, route into the network itself, or route one prefix two ways', () => {
      const { enclave } = metEstate();
      expect(pcloudErrorOf(() => enclave.routeThroughGateway([{ prefix: '10.20.8.0/24', interconnect: 'aws-azure' }])).code).toBe('ROUTE_INSIDE_NETWORK');
      const ambiguous = pcloudErrorOf(() =>
        enclave.routeThroughGateway([
          { prefix: '10.0.153.0/25', interconnect: 'aws-azure' },
          { prefix: '10.0.153.0/25', interconnect: 'other' },
        ]),
      );
      expect(ambiguous.code).toBe('ROUTE_AMBIGUOUS');
      enclave.routeThroughGateway([]);
      expect(pcloudErrorOf(() => enclave.routeThroughGateway([])).code).toBe('ROUTES_ALREADY_SET');
    });

    test('an enclave reaches a remote service only from its own address space, on every tier', () => {
      const { stack, enclave } = metEstate();
      enclave.useRemoteService('erp', { prefixes: ['10.0.153.0/25'], ports: [443] });
      const rules = Object.values(synthJson(stack).resource!.azurerm_network_security_rule).filter((r: any) => r.name === 'service_erp_out_tcp-443');
      expect(rules).toHaveLength(4);
      for (const r of rules as any[]) expect(r).toMatchObject({ direction: 'Outbound', source_address_prefixes: [enclave.model.cidr], destination_address_prefixes: ['10.0.153.0/25'], destination_port_range: '443' });
    });
  });
});
