import { Classification } from '../../../lib/classification';
import { Cidr } from '../../../lib/cidr';
import { EstateView } from '../../../lib/model/view';
import { Port } from '../../../lib/ports';
import * as azure from '../../../constructs/azure';
import {
  SUBSCRIPTION,
  allowRules,
  dependenciesOf,
  endsOf,
  handBuiltEstate,
  nationalModel,
  renderAzure,
  resources,
  ruleIn,
  type NsgRule,
} from './connectivity-fixture';
import { metEstate, newNetwork, newStack, pcloudErrorOf, ref, resourceNamed, site, synthJson } from './fixture';

const TIERS = ['presentation', 'application', 'data', 'management'];
const contains = (outer: string, inner: string) => Cidr.parse(outer, { path: 't', field: 'c' }).contains(Cidr.parse(inner, { path: 't', field: 'c' }));

describe('azure shared services', () => {
  describe('the national example: met consumes messaging and erp on AWS through aws-azure', () => {
    const model = nationalModel();
    const view = new EstateView(model);
    const rendered = renderAzure(model);
    const met = model.enclaves.find((e) => e.path === 'met-azure/met')!;
    const metRules = allowRules(rendered).filter((r) => r.stack === 'national-met-azure-met');

    test('each of met\'s tier NSGs lets met\'s address space out to the messaging gateway\'s prefix on tcp/5671 and the ERP app\'s on tcp/443', () => {
      // GIVEN the providers' prefixes as other sites see them
      expect(view.workloadPrefix('national-services/shared-services/messaging-gateway')).toBe('10.0.152.128/25');
      expect(view.workloadPrefix('national-services/shared-services/erp-app')).toBe('10.0.153.0/25');
      // THEN
      for (const tier of TIERS) {
        for (const [service, prefix, port] of [
          ['messaging', '10.0.152.128/25', '5671'],
          ['erp', '10.0.153.0/25', '443'],
        ]) {
          const rule = ruleIn(metRules, `met_${tier.charAt(0).toUpperCase()}${tier.slice(1)}NetworkSecurityGroup`, `service_${service}_out_tcp-${port}`);
          expect(rule.body).toMatchObject({
            direction: 'Outbound',
            access: 'Allow',
            protocol: 'Tcp',
            source_address_prefixes: [met.cidr],
            source_port_range: '*',
            destination_address_prefixes: [prefix],
            destination_port_range: port,
          });
          expect(rule.body.description).toContain(`Shared service ${service}`);
        }
      }
      expect(met.cidr).toBe('10.20.240.0/22');
    });

    test('met gets no rule for the services but those outbound ones, and none that names another consumer', () => {
      // GIVEN
      const others = model.sharedServices.flatMap((s) => s.consumers).filter((c) => c !== met.path).map((c) => view.enclave(c).cidr);
      const serviceRules = metRules.filter((r) => r.body.name.startsWith('service_'));
      // THEN: two services, four tiers, one port each
      expect(serviceRules).toHaveLength(8);
      expect(serviceRules.every((r) => r.body.direction === 'Outbound')).toBe(true);
      for (const rule of metRules) {
        for (const prefix of endsOf(rule.body)) {
          expect(others.some((o) => contains(o, prefix) || contains(prefix, o))).toBe(false);
          expect([met.cidr, '10.0.152.128/25', '10.0.153.0/25']).toContain(prefix);
        }
      }
      // Nothing comes in by address: inbound rules are the declared flows, between met's own groups.
      expect(metRules.filter((r) => r.body.direction === 'Inbound' && endsOf(r.body).length > 0)).toEqual([]);
    });

    test('no Allow rule of any Azure stack names *, 0.0.0.0/0 or Internet', () => {
      for (const rule of allowRules(rendered)) {
        for (const end of endsOf(rule.body)) expect(['*', '0.0.0.0/0', 'Internet', 'any']).not.toContain(end);
        expect(rule.body.destination_port_range).not.toBe('*');
      }
    });
  });

  describe('a shared service provided on Azure (hand-built estate)', () => {
    const rendered = renderAzure(handBuiltEstate());
    const rules = allowRules(rendered);
    const model = handBuiltEstate();
    const cidrOf = (enclave: string) => model.enclaves.find((e) => e.path === enclave)!.cidr;
    const hubApplication = model.enclaves.find((e) => e.path === 'net/hub')!.tiers.find((t) => t.tier === 'application')!.cidr;

    test('the provider enclave holds a Standard internal load balancer in front of the providers, a TCP probe and a rule per port', () => {
      // GIVEN
      const hub = 'south-east-net-hub';
      const [lbName, lb] = Object.entries(resources(rendered, hub, 'azurerm_lb'))[0];
      const subnet = Object.entries(resources(rendered, hub, 'azurerm_subnet')).find(([, s]) => s.name === 'snet-hub-application')!;
      const nic = Object.keys(resources(rendered, hub, 'azurerm_network_interface'))[0];
      // THEN
      expect(lb).toMatchObject({ name: 'lbi-queue', sku: 'Standard' });
      expect(lb.frontend_ip_configuration).toEqual([
        { name: 'frontend', subnet_id: ref('azurerm_subnet', subnet[0], 'id'), private_ip_address_allocation: 'Dynamic', private_ip_address_version: 'IPv4', zones: ['1', '2', '3'] },
      ]);
      expect(JSON.stringify(lb)).not.toContain('public_ip');
      const [poolName] = Object.keys(resources(rendered, hub, 'azurerm_lb_backend_address_pool'));
      expect(Object.values(resources(rendered, hub, 'azurerm_network_interface_backend_address_pool_association'))).toEqual([
        expect.objectContaining({ network_interface_id: ref('azurerm_network_interface', nic, 'id'), ip_configuration_name: 'internal', backend_address_pool_id: ref('azurerm_lb_backend_address_pool', poolName, 'id') }),
      ]);
      const [probeName, probe] = Object.entries(resources(rendered, hub, 'azurerm_lb_probe'))[0];
      expect(probe).toMatchObject({ protocol: 'Tcp', port: 5671, loadbalancer_id: ref('azurerm_lb', lbName, 'id') });
      expect(Object.values(resources(rendered, hub, 'azurerm_lb_rule'))).toEqual([
        expect.objectContaining({
          protocol: 'Tcp',
          frontend_port: 5671,
          backend_port: 5671,
          frontend_ip_configuration_name: 'frontend',
          probe_id: ref('azurerm_lb_probe', probeName, 'id'),
          disable_outbound_snat: true,
        }),
      ]);
    });

    test('a Private Link service on it, seen and auto-approved by the site\'s subscription only, NATs from a fixed address of the provider tier', () => {
      // GIVEN
      const hub = 'south-east-net-hub';
      const [, pls] = Object.entries(resources(rendered, hub, 'azurerm_private_link_service'))[0];
      const [subnetName, subnet] = Object.entries(resources(rendered, hub, 'azurerm_subnet')).find(([, s]) => s.name === 'snet-hub-application')!;
      // THEN
      expect(pls).toMatchObject({ name: 'pls-queue', visibility_subscription_ids: [SUBSCRIPTION], auto_approval_subscription_ids: [SUBSCRIPTION], enable_proxy_protocol: false });
      expect(pls.load_balancer_frontend_ip_configuration_ids).toEqual([expect.stringMatching(/^\$\{azurerm_lb\.[^.]+\.frontend_ip_configuration\[0\]\.id\}$/)]);
      const [nat] = pls.nat_ip_configuration;
      expect(nat).toMatchObject({ primary: true, subnet_id: ref('azurerm_subnet', subnetName, 'id'), private_ip_address_version: 'IPv4' });
      expect(contains(hubApplication, `${nat.private_ip_address}/32`)).toBe(true);
      expect(nat.private_ip_address).toBe('10.40.41.251');
      // The subnet lets a Private Link service take its NAT address there.
      expect(subnet.private_link_service_network_policies_enabled).toBe(false);
    });

    test("the provider's NSG admits the NAT address, the load balancer's probes and the remote consumer btp on tcp/5671, to the provider only", () => {
      // GIVEN
      const serviceRules = rules.filter((r) => r.stack === 'south-east-net-hub' && r.body.name.startsWith('service_queue_') && String(r.body.network_security_group_name).includes('hub_'));
      const broker = Object.entries(resources(rendered, 'south-east-net-hub', 'azurerm_application_security_group')).find(([, g]) => g.name === 'asg-broker')![0];
      // THEN
      expect(serviceRules.map((r) => [r.body.name, r.body.source_address_prefixes ?? r.body.source_address_prefix]).sort()).toEqual([
        ['service_queue_from-national.btp_broker_tcp-5671', [cidrOf('national/btp')]],
        ['service_queue_nat_broker_tcp-5671', ['10.40.41.251/32']],
        ['service_queue_probe_broker_tcp-5671', 'AzureLoadBalancer'],
      ]);
      for (const r of serviceRules) {
        expect(r.body).toMatchObject({
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          destination_port_range: '5671',
          destination_application_security_group_ids: [ref('azurerm_application_security_group', broker, 'id')],
        });
        expect(r.body.network_security_group_name).toContain('hub_ApplicationNetworkSecurityGroup');
      }
    });

    test('each consumer on the site gets a private endpoint in its application subnet, connecting to the Private Link service, with its own group', () => {
      // kent is planned before the provider: its endpoint is rendered in the provider's (later) stack, by names.
      const [kentPeName, kentPe] = Object.entries(resources(rendered, 'south-east-net-hub', 'azurerm_private_endpoint'))[0];
      const pls = Object.keys(resources(rendered, 'south-east-net-hub', 'azurerm_private_link_service'))[0];
      expect(kentPe).toMatchObject({
        name: 'pe_svc-queue',
        resource_group_name: 'rg-south-east-net-kent',
        subnet_id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-south-east-net/providers/Microsoft.Network/virtualNetworks/vnet-south-east-net/subnets/snet-kent-application`,
        private_service_connection: { name: 'psc_svc-queue', is_manual_connection: false, private_connection_resource_id: ref('azurerm_private_link_service', pls, 'id') },
      });
      expect(kentPe.tags).toMatchObject({ enclave: 'net/kent', force: 'kent' });
      // essex is planned after it: its endpoint is in its own stack, and names the service by its id.
      const [essexPeName, essexPe] = Object.entries(resources(rendered, 'south-east-net-essex', 'azurerm_private_endpoint'))[0];
      const essexSubnet = Object.entries(resources(rendered, 'south-east-net-essex', 'azurerm_subnet')).find(([, s]) => s.name === 'snet-essex-application')![0];
      expect(essexPe).toMatchObject({
        name: 'pe_svc-queue',
        subnet_id: ref('azurerm_subnet', essexSubnet, 'id'),
        private_service_connection: {
          is_manual_connection: false,
          private_connection_resource_id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-south-east-net-hub/providers/Microsoft.Network/privateLinkServices/pls-queue`,
        },
      });
      for (const [stack, pe] of [
        ['south-east-net-hub', kentPeName],
        ['south-east-net-essex', essexPeName],
      ]) {
        const [group] = Object.entries(resources(rendered, stack, 'azurerm_application_security_group')).find(([, g]) => g.name === 'asg_svc-queue')!;
        expect(Object.values(resources(rendered, stack, 'azurerm_private_endpoint_application_security_group_association'))).toContainEqual(
          expect.objectContaining({ private_endpoint_id: ref('azurerm_private_endpoint', pe, 'id'), application_security_group_id: ref('azurerm_application_security_group', group, 'id') }),
        );
      }
    });

    test("a consumer's tiers reach its endpoint from its own address space on tcp/5671, and the endpoint's NSG admits only that", () => {
      for (const [consumer, stack, nsg] of [
        ['kent', 'south-east-net-hub', (tier: string) => `nsg-kent-${tier}`],
        ['essex', 'south-east-net-essex', (tier: string) => `essex_${tier.charAt(0).toUpperCase()}${tier.slice(1)}NetworkSecurityGroup`],
      ] as const) {
        const [group] = Object.entries(resources(rendered, stack, 'azurerm_application_security_group')).find(([, g]) => g.name === 'asg_svc-queue')!;
        const mine = rules.filter((r) => r.stack === stack && r.body.name.startsWith('service_queue_') && r.body.destination_application_security_group_ids?.[0] === ref('azurerm_application_security_group', group, 'id'));
        expect(mine).toHaveLength(5);
        for (const tier of TIERS) {
          expect(ruleIn(mine, nsg(tier), 'service_queue_out_tcp-5671').body).toMatchObject({ direction: 'Outbound', source_address_prefixes: [cidrOf(`net/${consumer}`)], destination_port_range: '5671', protocol: 'Tcp' });
        }
        expect(ruleIn(mine, nsg('application'), 'service_queue_in_tcp-5671').body).toMatchObject({ direction: 'Inbound', source_address_prefixes: [cidrOf(`net/${consumer}`)], destination_port_range: '5671' });
      }
    });

    test('no consumer reaches another: no rule in one consumer\'s NSGs names another consumer, and the providers admit no consumer on the site by address', () => {
      // GIVEN an estate with the service and no exchanges
      const only = renderAzure(handBuiltEstate({ exchanges: false }));
      const all = allowRules(only);
      const consumers = ['kent', 'essex'];
      for (const c of consumers) {
        const inNsgOf = (r: NsgRule) => String(r.body.network_security_group_name).match(new RegExp(`(nsg-|^\\$\\{azurerm_network_security_group\\.)${c}[-_]`));
        const theirs = all.filter(inNsgOf).filter((r) => r.body.name.startsWith('service_'));
        expect(theirs).toHaveLength(5);
        for (const rule of theirs) {
          for (const prefix of endsOf(rule.body)) expect(prefix).toBe(cidrOf(`net/${c}`));
        }
      }
      const providerRules = all.filter((r) => String(r.body.network_security_group_name).includes('hub_') && r.body.name.startsWith('service_'));
      expect(providerRules).toHaveLength(3);
      for (const r of providerRules) {
        for (const prefix of endsOf(r.body).filter((p) => p !== 'AzureLoadBalancer')) {
          for (const c of consumers) expect(contains(cidrOf(`net/${c}`), prefix)).toBe(false);
        }
        // The providers open nothing outbound for the service.
        expect(r.body.direction).toBe('Inbound');
      }
    });

    test('the stacks stay acyclic whether the consumer is planned before the provider or after it', () => {
      for (const consumerFirst of [true, false]) {
        // GIVEN
        const out = renderAzure(handBuiltEstate({ consumerFirst }));
        const order = [...out.keys()];
        // THEN every dependency points back in plan order
        for (const stack of order) {
          for (const dependency of dependenciesOf(out, stack)) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(stack));
        }
        const kentEndpointIn = [...out].find(([, { tf }]) => Object.values(tf.resource?.azurerm_private_endpoint ?? {}).some((pe: any) => pe.name === 'pe_svc-queue' && JSON.stringify(pe).includes('kent')))![0];
        expect(kentEndpointIn).toBe(consumerFirst ? 'south-east-net-hub' : 'south-east-net-kent');
        expect(dependenciesOf(out, kentEndpointIn)).toContain(consumerFirst ? 'south-east-net-kent' : 'south-east-net-hub');
      }
    });
  });

  describe('through the construct API', () => {
    function estate() {
      const { stack, network, enclave: met, app } = metEstate();
      const hub = new azure.TenantEnclave(stack, 'Hub', { network, tenant: 'pds', classification: Classification.OFFICIAL_SENSITIVE });
      const broker = hub.addWorkload('broker', { kind: 'vm' });
      return { stack, network, met, app, hub, broker };
    }

    test('addSharedService and addConsumer render the service and the endpoint in one stack, once however often the consumer is added', () => {
      // GIVEN
      const { stack, met, hub, broker } = estate();
      // WHEN
      const service = hub.addSharedService('queue', { providers: [broker], ports: [5671, Port.tcp(5672)] });
      service.addConsumer(met).addConsumer(met);
      service.addRemoteConsumer({ path: 'supplier-dc1/kent', cidr: '10.50.48.0/22' });
      const tf = synthJson(stack);
      // THEN
      expect(Object.keys(resourcesOf(tf, 'azurerm_lb_rule'))).toHaveLength(2);
      expect(Object.values(resourcesOf(tf, 'azurerm_private_endpoint')).filter((pe: any) => pe.name === 'pe_svc-queue')).toHaveLength(1);
      const [, pe] = resourceNamed(tf, 'azurerm_private_endpoint', 'pe_svc-queue');
      expect(pe.private_service_connection.private_connection_resource_id).toBe(ref('azurerm_private_link_service', resourceNamed(tf, 'azurerm_private_link_service', 'pls-queue')[0], 'id'));
      const application = hub.model.tiers.find((t) => t.tier === 'application')!.cidr;
      expect(contains(application, `${service.natAddress}/32`)).toBe(true);
      expect(resourceNamed(tf, 'azurerm_private_link_service', 'pls-queue')[1].nat_ip_configuration[0].private_ip_address).toBe(service.natAddress);
      const remote = Object.values(resourcesOf(tf, 'azurerm_network_security_rule')).filter((r: any) => r.name.startsWith('service_queue_from-'));
      expect(remote.map((r: any) => [r.source_address_prefixes, r.destination_port_range]).sort()).toEqual([
        [['10.50.48.0/22'], '5671'],
        [['10.50.48.0/22'], '5672'],
      ]);
    });

    test('fails when a port is a range: an Azure load-balancing rule forwards one port', () => {
      const { hub, broker } = estate();
      const error = pcloudErrorOf(() => hub.addSharedService('queue', { providers: [broker], ports: [Port.tcpRange(5671, 5672)] }));
      expect(error.code).toBe('SHARED_SERVICE_PORT_RANGE');
      expect(error.problem).toBe('port range tcp/5671-5672 cannot be load-balanced: an Azure load-balancing rule forwards one port');
    });

    test('fails when a port is UDP: Private Link carries TCP', () => {
      const { hub, broker } = estate();
      expect(pcloudErrorOf(() => hub.addSharedService('queue', { providers: [broker], ports: [Port.udp(514)] })).code).toBe('PORT_PROTOCOL_UNSUPPORTED');
    });

    test('fails when a provider is a workload of another enclave', () => {
      const { hub, app } = estate();
      const error = pcloudErrorOf(() => hub.addSharedService('queue', { providers: [app], ports: [5671] }));
      expect(error.code).toBe('SHARED_SERVICE_PROVIDERS_SPLIT');
      expect(error.problem).toBe('provider stack/Met/app is not a workload of enclave stack/Hub');
    });

    test('fails when a provider is not a VM', () => {
      const { hub } = estate();
      const store = hub.addWorkload('store', { kind: 'database' });
      const error = pcloudErrorOf(() => hub.addSharedService('queue', { providers: [store], ports: [5432] }));
      expect(error.code).toBe('SHARED_SERVICE_PROVIDER_KIND');
      expect(error.problem).toContain('is a database; a shared service is served by VMs behind a private load balancer');
    });

    test('fails when the consumer is on another site, or is the provider itself', () => {
      // GIVEN
      const { hub, broker } = estate();
      const service = hub.addSharedService('queue', { providers: [broker], ports: [5671] });
      const west = newStack('west');
      const westNetwork = newNetwork(west, { site: site({ location: 'ukwest' }), addressSpace: '10.30.0.0/16' });
      const other = new azure.TenantEnclave(west, 'Other', { network: westNetwork, tenant: 'kent', classification: Classification.OFFICIAL_SENSITIVE });
      // THEN
      const elsewhere = pcloudErrorOf(() => service.addConsumer(other));
      expect(elsewhere.code).toBe('SHARED_SERVICE_CONSUMER_ELSEWHERE');
      expect(elsewhere.fix).toContain('addRemoteConsumer');
      expect(pcloudErrorOf(() => service.addConsumer(hub)).code).toBe('SHARED_SERVICE_SELF_CONSUMER');
    });
  });
});

function resourcesOf(tf: { resource?: Record<string, Record<string, any>> }, type: string): Record<string, any> {
  return tf.resource?.[type] ?? {};
}
