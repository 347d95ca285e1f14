import { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import { LbProbe } from '@cdktf/provider-azurerm/lib/lb-probe';
import { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import { NetworkInterfaceBackendAddressPoolAssociation } from '@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateEndpointApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/private-endpoint-application-security-group-association';
import { PrivateLinkService } from '@cdktf/provider-azurerm/lib/private-link-service';
import { Construct, type IConstruct } from 'constructs';
import { stableSlot } from '../../lib/allocate';
import { Cidr } from '../../lib/cidr';
import { fail, show } from '../../lib/errors';
import { requireString } from '../../lib/model/checks';
import { resolvePorts } from '../../lib/model/exchange';
import { requirePrefixes } from '../../lib/model/interconnect';
import type { PortRangeModel, Tier } from '../../lib/model/types';
import { azureNames } from '../../lib/naming/azure';
import type { PortSpec } from '../../lib/ports';
import { enclaveTags } from '../../lib/tags';
import { checkNewChild } from '../private/scope';
import { allowRule, portOf } from './private/allow-rule';
import { laterOf, refer } from './private/cross-stack';
import { ZONED_LOCATIONS } from './private/mapping';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';

const AZURE_SHARED_SERVICE = Symbol.for('pcloud.azure.SharedService');

export interface SharedServiceProps {
  /** The VMs that serve it, all in the enclave the service is created in. */
  readonly providers: readonly Workload[];
  /** The single TCP ports it is offered on (a number is a TCP port): Private Link carries TCP, and a load-balancing rule forwards one port. */
  readonly ports: readonly (number | PortSpec)[];
  /** @default - none */
  readonly description?: string;
}

/** A consumer enclave on another site, which reaches the providers through an interconnect. */
export interface RemoteConsumerProps {
  /** The consumer enclave's path of stable ids (`EstateView.stablePath`), e.g. `supplier-dc1/kent`: it names and describes the rules. */
  readonly path: string;
  /** The consumer enclave's address space. */
  readonly cidr: string;
}

/** The last addresses of a subnet that a Private Link service's NAT address is taken from. */
const NAT_SLOTS = 8;

/**
 * A shared service on Azure: VMs of one enclave offered to declared consumer enclaves on named
 * TCP ports, privately. It renders a Standard internal load balancer (frontend in the first
 * provider's tier subnet, the providers' NICs in its backend pool, a TCP probe and a rule per
 * port) and a Private Link service on it, visible to and auto-approved for the site's
 * subscription only. Its NAT address is fixed, taken from the top of the tier subnet (Azure gives
 * VMs dynamic addresses from the bottom), so the providers' NSG admits that one address, and the
 * load balancer's probes, on the ports: nothing else reaches them through it.
 *
 * Consumers on the site get a private endpoint each (`addConsumer`); consumers on other sites
 * reach the providers through an interconnect (`addRemoteConsumer`). Providers reach no consumer,
 * and no consumer reaches another through the service.
 */
export class SharedService extends Construct {
  /** True for any azure SharedService, even one from another copy of the package. */
  static isSharedService(x: unknown): x is SharedService {
    return typeof x === 'object' && x !== null && AZURE_SHARED_SERVICE in x;
  }

  readonly enclave: TenantEnclave;
  readonly providers: readonly Workload[];
  readonly ports: readonly PortRangeModel[];
  readonly description?: string;
  /** The tier whose subnet holds the load balancer's frontend and the NAT address. */
  readonly tier: Tier;
  readonly loadBalancer: Lb;
  readonly backendPool: LbBackendAddressPool;
  readonly privateLinkService: PrivateLinkService;
  /** The Private Link service's NAT address: the source of every consumer's traffic at the providers. */
  readonly natAddress: string;
  /** ARM id of the Private Link service, built from names, for consumers' endpoints in other stacks. */
  readonly privateLinkServiceId: string;
  private readonly consumers = new Set<TenantEnclave>();
  private readonly remoteConsumers = new Set<string>();

  constructor(enclave: TenantEnclave, id: string, props: SharedServiceProps) {
    if (!TenantEnclave.isTenantEnclave(enclave)) {
      fail({
        code: 'SCOPE_INVALID',
        path: id,
        problem: 'an Azure SharedService must be created inside the Azure TenantEnclave of its providers',
        given: show(enclave),
        expected: `new azure.SharedService(enclave, '${id}', { ... }) or enclave.addSharedService('${id}', { ... })`,
        fix: 'pass the azure TenantEnclave the providers belong to as the first argument',
      });
    }
    checkNewChild(enclave, id, 'shared service');
    const path = `${enclave.node.path}/${id}`;
    const providers = checkProviders(props?.providers, enclave, path);
    const ports = resolvePorts(props?.ports, path, { tcpOnly: true });
    for (const p of ports) {
      if (p.fromPort !== p.toPort) {
        fail({
          code: 'SHARED_SERVICE_PORT_RANGE',
          path,
          problem: `port range ${portOf(p)} cannot be load-balanced: an Azure load-balancing rule forwards one port`,
          given: portOf(p),
          expected: 'single TCP ports',
          fix: 'offer the service on the ports it listens on, one by one',
        });
      }
    }
    super(enclave, id);
    Object.defineProperty(this, AZURE_SHARED_SERVICE, { value: true });
    this.enclave = enclave;
    this.providers = providers;
    this.ports = ports;
    if (props.description !== undefined) this.description = props.description;
    const names = enclave.names;
    const location = names.location;
    const resourceGroupName = enclave.resourceGroup.name;
    const tier = providers[0].model.tier;
    this.tier = tier;
    const subnet = enclave.subnets[tier];
    // A Private Link service takes its NAT address from a subnet whose Private Link service network policies are off.
    subnet.privateLinkServiceNetworkPoliciesEnabled = false;

    const frontend = azureNames.loadBalancerFrontend();
    this.loadBalancer = new Lb(this, 'LoadBalancer', {
      name: azureNames.loadBalancer(id),
      location,
      resourceGroupName,
      sku: 'Standard',
      frontendIpConfiguration: [
        {
          name: frontend,
          subnetId: subnet.id,
          privateIpAddressAllocation: 'Dynamic',
          privateIpAddressVersion: 'IPv4',
          ...(ZONED_LOCATIONS.includes(location) ? { zones: ['1', '2', '3'] } : {}),
        },
      ],
    });
    this.backendPool = new LbBackendAddressPool(this, 'BackendPool', { name: azureNames.loadBalancerBackendPool(id), loadbalancerId: this.loadBalancer.id });
    for (const provider of providers) {
      new NetworkInterfaceBackendAddressPoolAssociation(this, `Backend-${provider.names.stableId}`, {
        networkInterfaceId: provider.networkInterface!.id,
        ipConfigurationName: azureNames.ipConfiguration(),
        backendAddressPoolId: this.backendPool.id,
      });
    }
    for (const p of ports) {
      const label = portOf(p).replace('/', '-');
      const probe = new LbProbe(this, `Probe-${label}`, {
        name: azureNames.loadBalancerProbe(p.protocol, p.fromPort),
        loadbalancerId: this.loadBalancer.id,
        protocol: 'Tcp',
        port: p.fromPort,
      });
      new LbRule(this, `Rule-${label}`, {
        name: azureNames.loadBalancerRule(p.protocol, p.fromPort),
        loadbalancerId: this.loadBalancer.id,
        frontendIpConfigurationName: frontend,
        frontendPort: p.fromPort,
        backendPort: p.fromPort,
        protocol: 'Tcp',
        backendAddressPoolIds: [this.backendPool.id],
        probeId: probe.id,
        // Internal only: the rule gives the providers no outbound path.
        disableOutboundSnat: true,
      });
    }

    this.natAddress = natAddressOf(enclave, tier, id, path);
    const plsName = azureNames.privateLinkService(id);
    this.privateLinkServiceId = azureNames.privateLinkServiceId(names.subscriptionId, names.resourceGroup, plsName);
    this.privateLinkService = new PrivateLinkService(this, 'PrivateLinkService', {
      name: plsName,
      location,
      resourceGroupName,
      loadBalancerFrontendIpConfigurationIds: [this.loadBalancer.frontendIpConfiguration.get(0).id],
      natIpConfiguration: [
        {
          name: azureNames.privateLinkServiceNat(id),
          subnetId: subnet.id,
          primary: true,
          privateIpAddress: this.natAddress,
          privateIpAddressVersion: 'IPv4',
        },
      ],
      // Only the site's own subscription may see it and connect; every connection there is a declared consumer's.
      visibilitySubscriptionIds: [names.subscriptionId],
      autoApprovalSubscriptionIds: [names.subscriptionId],
      enableProxyProtocol: false,
    });

    for (const provider of providers) {
      for (const port of ports) {
        const label = `${provider.names.stableId}-${portOf(port).replace('/', '-')}`;
        const into = { enclave, tier: provider.model.tier, direction: 'Inbound' as const, port, destination: { groups: [provider.applicationSecurityGroup.id] } };
        allowRule(this, `AllowNat-${label}`, {
          ...into,
          name: azureNames.serviceRule(id, 'nat', port.protocol, port.fromPort, port.toPort, provider.names.stableId),
          key: `service|${id}|nat|${provider.names.stableId}|${portOf(port)}`,
          source: { prefixes: [`${this.natAddress}/32`] },
          description: `Shared service ${id}: consumers through its Private Link service (NAT ${this.natAddress}) to ${provider.names.stablePath} on ${portOf(port)}`,
        });
        allowRule(this, `AllowProbe-${label}`, {
          ...into,
          name: azureNames.serviceRule(id, 'probe', port.protocol, port.fromPort, port.toPort, provider.names.stableId),
          key: `service|${id}|probe|${provider.names.stableId}|${portOf(port)}`,
          source: { serviceTag: 'AzureLoadBalancer' },
          description: `Shared service ${id}: the load balancer's health probe of ${provider.names.stablePath} on ${portOf(port)}`,
        });
      }
    }
  }

  /**
   * Gives `consumer`, an enclave on the same site (any network of its subscription), a private
   * endpoint of the service in its application-tier subnet, with its own application security
   * group, and NSG rules that let the consumer's address space reach that endpoint on the ports:
   * outbound on each of the consumer's tier NSGs, inbound on the endpoint's. The endpoint connects
   * to the Private Link service by its id, built from names.
   *
   * It is rendered in whichever of the provider's and the consumer's stacks is deployed later
   * (which then depends on the other), so that the stacks never depend on each other in a cycle
   * whatever services and exchanges join the two enclaves. Adding the same consumer twice renders
   * it once.
   */
  addConsumer(consumer: TenantEnclave): this {
    const path = `${this.node.path}/consumers`;
    if (!TenantEnclave.isTenantEnclave(consumer)) {
      fail({ code: 'CONSUMER_INVALID', path, problem: 'the consumer is not an Azure TenantEnclave', given: show(consumer), expected: 'an azure TenantEnclave on the same site', fix: 'pass the consumer enclave, or use addRemoteConsumer for one on another site' });
    }
    if (consumer === this.enclave) {
      fail({ code: 'SHARED_SERVICE_SELF_CONSUMER', path, problem: `enclave ${this.enclave.node.path} provides the service and cannot also consume it`, given: consumer.node.path, expected: "consumer enclaves other than the provider's", fix: 'declare flows inside the enclave with allowFrom instead' });
    }
    if (consumer.names.subscriptionId !== this.enclave.names.subscriptionId || consumer.names.location !== this.enclave.names.location) {
      fail({
        code: 'SHARED_SERVICE_CONSUMER_ELSEWHERE',
        path,
        problem: `consumer ${consumer.node.path} is on another site (${consumer.names.location}, subscription ${consumer.names.subscriptionId}); a private endpoint reaches a Private Link service of its own site only`,
        given: consumer.node.path,
        expected: `an enclave in subscription ${this.enclave.names.subscriptionId}, ${this.enclave.names.location}`,
        fix: 'reach the service through an interconnect: addRemoteConsumer on this side, useRemoteService on the consumer\'s',
      });
    }
    if (this.consumers.has(consumer)) return this;
    this.consumers.add(consumer);
    // The later stack holds the endpoint: under the consumer when that is the consumer's, else
    // under the service by the consumer's stable path, so that renaming it moves nothing.
    const host =
      laterOf<IConstruct>(this, consumer) === consumer
        ? new Construct(consumer, `SharedService-${this.node.id}`)
        : new Construct(this, `Consumer-${consumer.state.stablePath.replace(/\//g, '.')}`);
    new ServiceEndpoint(host, this, consumer);
    return this;
  }

  /**
   * Admits a consumer enclave on another site, which reaches the providers through an
   * interconnect: an inbound Allow on each provider's tier NSG from the consumer's address space to
   * that provider on the ports. Its route back comes from the provider enclave's
   * `routeThroughGateway`. Adding the same consumer twice renders it once.
   */
  addRemoteConsumer(consumer: RemoteConsumerProps): this {
    const path = `${this.node.path}/consumers`;
    const consumerPath = requireString(consumer?.path, path, 'path', "the consumer enclave's path, e.g. 'supplier-dc1/kent'");
    const [cidr] = requirePrefixes([consumer.cidr], path, 'cidr');
    if (Cidr.parse(cidr, { path, field: 'cidr' }).overlaps(Cidr.parse(this.enclave.network.model.cidr, { path, field: 'cidr' }))) {
      fail({
        code: 'CONSUMER_INVALID',
        path,
        problem: `remote consumer ${consumerPath} (${cidr}) overlaps the provider's network ${this.enclave.network.model.cidr}`,
        given: cidr,
        expected: 'the address space of an enclave on another site',
        fix: 'use addConsumer for an enclave on this site',
      });
    }
    if (this.remoteConsumers.has(consumerPath)) return this;
    this.remoteConsumers.add(consumerPath);
    const slug = consumerPath.replace(/\//g, '.');
    for (const provider of this.providers) {
      for (const port of this.ports) {
        allowRule(this, `AllowRemote-${slug}-${provider.names.stableId}-${portOf(port).replace('/', '-')}`, {
          enclave: this.enclave,
          tier: provider.model.tier,
          direction: 'Inbound',
          name: azureNames.serviceRule(this.node.id, `from-${slug}`, port.protocol, port.fromPort, port.toPort, provider.names.stableId),
          key: `service|${this.node.id}|from|${consumerPath}|${provider.names.stableId}|${portOf(port)}`,
          port,
          source: { prefixes: [cidr] },
          destination: { groups: [provider.applicationSecurityGroup.id] },
          description: `Shared service ${this.node.id}: consumer ${consumerPath} (${cidr}, another site) to ${provider.names.stablePath} on ${portOf(port)}`,
        });
      }
    }
    return this;
  }
}

/**
 * A consumer's private endpoint of a shared service in the consumer's application-tier subnet, its
 * application security group and the NSG rules to it. Its resources belong to the consumer: they
 * are named in and tagged for the consumer's enclave, wherever the construct sits.
 */
class ServiceEndpoint extends Construct {
  constructor(scope: Construct, service: SharedService, consumer: TenantEnclave) {
    super(scope, 'Endpoint');
    const id = service.node.id;
    const names = consumer.names;
    const tier: Tier = 'application';
    const tags = enclaveTags(consumer.network.estate, consumer.network.model, consumer.model);
    const resourceGroupName = refer(this, consumer.resourceGroup, consumer.resourceGroup.name, names.resourceGroup);
    const group = new ApplicationSecurityGroup(this, 'ApplicationSecurityGroup', {
      name: azureNames.serviceApplicationSecurityGroup(id),
      location: names.location,
      resourceGroupName,
      tags,
    });
    const endpoint = new PrivateEndpoint(this, 'PrivateEndpoint', {
      name: azureNames.servicePrivateEndpoint(id),
      location: names.location,
      resourceGroupName,
      subnetId: refer(this, consumer.subnets[tier], consumer.subnets[tier].id, names.subnetIds[tier]),
      privateServiceConnection: {
        name: azureNames.servicePrivateServiceConnection(id),
        isManualConnection: false,
        privateConnectionResourceId: refer(this, service.privateLinkService, service.privateLinkService.id, service.privateLinkServiceId),
      },
      tags,
    });
    new PrivateEndpointApplicationSecurityGroupAssociation(this, 'PrivateEndpointSecurityGroup', {
      privateEndpointId: endpoint.id,
      applicationSecurityGroupId: group.id,
    });
    const from = { prefixes: [consumer.model.cidr] };
    const to = { groups: [group.id] };
    const who = consumer.state.stablePath;
    for (const port of service.ports) {
      const label = portOf(port).replace('/', '-');
      for (const layout of consumer.model.tiers) {
        allowRule(this, `${pascal(layout.tier)}Outbound-${label}`, {
          enclave: consumer,
          tier: layout.tier,
          direction: 'Outbound',
          name: azureNames.serviceRule(id, 'out', port.protocol, port.fromPort, port.toPort),
          key: `service|${id}|out|${portOf(port)}`,
          port,
          source: from,
          destination: to,
          description: `Shared service ${id}: ${who} to its private endpoint of the service on ${portOf(port)}`,
        });
      }
      allowRule(this, `Inbound-${label}`, {
        enclave: consumer,
        tier,
        direction: 'Inbound',
        name: azureNames.serviceRule(id, 'in', port.protocol, port.fromPort, port.toPort),
        key: `service|${id}|in|${portOf(port)}`,
        port,
        source: from,
        destination: to,
        description: `Shared service ${id}: ${who} into its private endpoint of the service on ${portOf(port)}`,
      });
    }
  }
}

function checkProviders(given: unknown, enclave: TenantEnclave, path: string): Workload[] {
  const providers = Array.isArray(given) ? [...new Set(given as unknown[])] : [];
  if (providers.length === 0) {
    fail({ code: 'SHARED_SERVICE_PROVIDERS_MISSING', path, problem: 'the shared service names no provider workloads', given: show(given), expected: 'providers: [vm, ...], VMs of the enclave', fix: 'list the VMs that serve it' });
  }
  for (const p of providers) {
    if (!Workload.isWorkload(p) || p.enclave !== enclave) {
      fail({
        code: 'SHARED_SERVICE_PROVIDERS_SPLIT',
        path,
        problem: `provider ${Workload.isWorkload(p) ? p.node.path : show(p)} is not a workload of enclave ${enclave.node.path}`,
        given: Workload.isWorkload(p) ? p.node.path : show(p),
        expected: `azure Workloads of ${enclave.node.path}`,
        fix: 'declare one shared service per provider enclave, in that enclave',
      });
    }
    if (p.model.kind !== 'vm') {
      fail({
        code: 'SHARED_SERVICE_PROVIDER_KIND',
        path,
        problem: `provider ${p.model.path} is a ${p.model.kind}; a shared service is served by VMs behind a private load balancer`,
        given: p.model.kind,
        expected: 'vm providers',
        fix: 'offer the VM that fronts the database or store; consumers never reach a data store directly',
      });
    }
  }
  return providers as Workload[];
}

const natTaken = new WeakMap<TenantEnclave, Map<Tier, Set<number>>>();

/** A fixed NAT address near the top of the tier subnet, stable per service: Azure reserves the last address and hands VMs the lowest free ones. */
function natAddressOf(enclave: TenantEnclave, tier: Tier, service: string, path: string): string {
  const cidr = Cidr.parse(enclave.model.tiers.find((t) => t.tier === tier)!.cidr, { path, field: 'tier' });
  let byTier = natTaken.get(enclave);
  if (!byTier) natTaken.set(enclave, (byTier = new Map()));
  let taken = byTier.get(tier);
  if (!taken) byTier.set(tier, (taken = new Set()));
  const slots = Math.min(NAT_SLOTS, Math.floor(cidr.size / 8));
  const slot = stableSlot(service, slots, (s) => !taken.has(s));
  if (slot === undefined) {
    fail({
      code: 'SHARED_SERVICE_NAT_EXHAUSTED',
      path,
      problem: `the ${tier} tier (${cidr}) has no NAT address left for another Private Link service`,
      given: `${taken.size} shared services in the tier`,
      expected: `at most ${slots} shared services per tier`,
      fix: 'put the providers of the next service in another tier or enclave',
    });
  }
  taken.add(slot);
  return cidr.address(cidr.size - 2 - slot);
}

function pascal(tier: Tier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}
