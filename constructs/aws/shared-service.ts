import { Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { fail } from '../../lib/errors';
import { checkId } from '../../lib/model/checks';
import { resolvePorts } from '../../lib/model/exchange';
import { requirePrefixes } from '../../lib/model/interconnect';
import type { PortRangeModel } from '../../lib/model/types';
import type { PortSpec } from '../../lib/ports';
import { acknowledge } from './private/nag';
import { aclReplies, aclTraffic, portLabel, securityGroupPort } from './private/ports';
import { CONNECTIVITY_TAG_KEYS } from './private/tags';
import type { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';

/** A Network Load Balancer has at most 50 listeners: one per port the service is offered on. */
const MAX_LISTENERS = 50;

export interface SharedServiceProviderProps {
  /** The service's id (its path in the estate), e.g. `messaging`. */
  readonly service: string;
  /** The VMs that serve it, all in the providing enclave. */
  readonly providers: readonly Workload[];
  /** The TCP ports it is offered on (a number is a TCP port); a range is one listener per port. */
  readonly ports: readonly (number | PortSpec)[];
}

/**
 * The providing side of a shared service on AWS: an internal Network Load Balancer over the
 * providers' tier (both zones, cross-zone, with a security group of its own), one TCP listener and
 * target group per port with the provider VMs as targets, and a PrivateLink endpoint service that
 * only the site's own account may connect to (no acceptance step: the consumers are declared).
 * The provider VMs admit the service's ports from the load balancer's group only, and from the
 * enclaves of consumers on other sites ({@link admitRemoteConsumer}), which arrive over an
 * interconnect. Consumers on the same site connect with {@link TenantEnclave.consumeService}. The
 * providers reach no consumer: every rule here is inbound to them.
 */
export class SharedServiceProvider extends Construct {
  readonly enclave: TenantEnclave;
  readonly service: string;
  readonly providers: readonly Workload[];
  readonly ports: readonly PortRangeModel[];
  /** The load balancer's group: consumers' enclaves in, the providers' ports out. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly listeners: readonly elbv2.NetworkListener[];
  readonly endpointService: ec2.VpcEndpointService;

  constructor(enclave: TenantEnclave, id: string, given: SharedServiceProviderProps) {
    const path = `${enclave.node.path}/${id}`;
    const props = (typeof given === 'object' && given !== null ? given : {}) as SharedServiceProviderProps;
    const service = checkId(props.service, '', 'shared service');
    const ports = resolvePorts(props.ports, path, { tcpOnly: true });
    const providers = [...(props.providers ?? [])];
    if (providers.length === 0) {
      fail({ code: 'SHARED_SERVICE_PROVIDERS_MISSING', path, problem: 'no provider VMs are given', given: 'providers: []', expected: 'one or more VMs of the enclave', fix: 'list the VMs that serve the service' });
    }
    for (const p of providers) {
      if (!Workload.isWorkload(p) || p.enclave !== enclave || p.model.kind !== 'vm') {
        fail({
          code: 'SHARED_SERVICE_PROVIDER_KIND',
          path,
          problem: `provider ${Workload.isWorkload(p) ? p.node.path : String(p)} is not a VM of enclave ${enclave.node.path}`,
          given: Workload.isWorkload(p) ? `${p.model.kind} ${p.model.path}` : String(p),
          expected: `VMs created in ${enclave.node.path}`,
          fix: 'offer the service from VMs of the providing enclave; the load balancer targets instances',
        });
      }
    }
    const listenerPorts = ports.flatMap((p) => Array.from({ length: p.toPort - p.fromPort + 1 }, (_, i) => p.fromPort + i));
    if (listenerPorts.length > MAX_LISTENERS) {
      fail({
        code: 'AWS_SHARED_SERVICE_TOO_MANY_PORTS',
        path,
        problem: `the service is offered on ${listenerPorts.length} ports; a Network Load Balancer has at most ${MAX_LISTENERS} listeners`,
        given: ports.map(portLabel).join(', '),
        expected: `at most ${MAX_LISTENERS} ports`,
        fix: 'offer the service on the ports its clients use, not a wide range',
      });
    }
    super(enclave, id);
    this.enclave = enclave;
    this.service = service;
    this.providers = providers;
    this.ports = ports;
    const network = enclave.network;
    const tier = providers[0].model.tier;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: `pcloud ${enclave.state.stablePath}: shared service ${service} load balancer`,
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc: network.vpc,
      internetFacing: false,
      vpcSubnets: { subnets: [...enclave.subnets(tier)] },
      securityGroups: [this.securityGroup],
      // A provider may sit in one zone; each zone's endpoint interface reaches the load balancer node in its own zone.
      crossZoneEnabled: true,
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: true,
    });
    acknowledge(
      this.loadBalancer,
      {
        id: 'AwsSolutions-ELB2',
        reason: "A Network Load Balancer writes access logs for TLS listeners only; these listeners pass TCP through, so there is nothing to log. The network's VPC flow logs record every connection to its interfaces.",
      },
      {
        id: 'NIST.800.53.R5-ELBLoggingEnabled',
        reason: "A Network Load Balancer writes access logs for TLS listeners only; these listeners pass TCP through, so there is nothing to log. The network's VPC flow logs record every connection to its interfaces.",
      },
      {
        id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled',
        reason: 'The load balancer holds no data and is rebuilt from the template; deletion protection would make removing the shared service from the definition fail. The enclave stack has termination protection.',
      },
    );

    const instanceTargets = (port: number) => providers.map((w) => new targets.InstanceTarget(w.instance!, port));
    this.listeners = listenerPorts.map((port) => {
      const listener = this.loadBalancer.addListener(`Tcp${port}`, { port, protocol: elbv2.Protocol.TCP });
      listener.addTargets('Providers', { port, protocol: elbv2.Protocol.TCP, targets: instanceTargets(port), preserveClientIp: false });
      acknowledge(listener, {
        id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
        reason: 'The listener passes TCP through to the provider VMs, which terminate TLS themselves: a certificate on the load balancer would decrypt the service traffic outside the providing enclave.',
      });
      return listener;
    });

    for (const p of ports) {
      for (const w of providers) {
        // The provider VMs see the load balancer's addresses (in the providers' tier), never the consumers'.
        w.securityGroup!.addIngressRule(this.securityGroup, securityGroupPort(p), `shared service ${service}: from its load balancer ${portLabel(p)}`);
        this.securityGroup.addEgressRule(w.securityGroup!, securityGroupPort(p), `shared service ${service}: to provider ${w.stablePath} ${portLabel(p)}`);
        enclave._allowBetweenTiers(tier, w.model.tier, aclTraffic(p), aclReplies(p));
      }
    }

    const { account } = network.site.aws!;
    this.endpointService = new ec2.VpcEndpointService(this, 'EndpointService', {
      vpcEndpointServiceLoadBalancers: [this.loadBalancer],
      // Every consumer is declared in the definition; only the site's own account may connect.
      acceptanceRequired: false,
      allowedPrincipals: [new iam.ArnPrincipal(`arn:aws:iam::${account}:root`)],
    });
    Tags.of(this).add(CONNECTIVITY_TAG_KEYS.sharedService, service);
  }

  /** The tier the load balancer's interfaces are in (the first provider's). */
  get tier() {
    return this.providers[0].model.tier;
  }

  /**
   * Admits a consumer enclave on this site, through PrivateLink: its addresses (its VMs, and the
   * interface endpoint in its subnets) may reach the load balancer on the service's ports.
   */
  admitLocalConsumer(cidr: string): this {
    const [prefix] = requirePrefixes([cidr], this.node.path, 'consumer');
    for (const p of this.ports) {
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(prefix), securityGroupPort(p), `shared service ${this.service}: consumer ${prefix} ${portLabel(p)}`);
      this.enclave._allowAcrossBoundary(this.tier, 'ingress', prefix, aclTraffic(p), aclReplies(p));
    }
    return this;
  }

  /**
   * Admits a consumer enclave on another site, which arrives over an interconnect rather than
   * PrivateLink: the provider VMs admit its address space on the service's ports.
   */
  admitRemoteConsumer(cidr: string): this {
    const [prefix] = requirePrefixes([cidr], this.node.path, 'consumer');
    for (const p of this.ports) {
      for (const w of this.providers) {
        w.securityGroup!.addIngressRule(ec2.Peer.ipv4(prefix), securityGroupPort(p), `shared service ${this.service}: remote consumer ${prefix} ${portLabel(p)}`);
        this.enclave._allowAcrossBoundary(w.model.tier, 'ingress', prefix, aclTraffic(p), aclReplies(p));
      }
    }
    return this;
  }
}

/**
 * A consumer's side of a shared service on its own site: an interface endpoint to the service's
 * PrivateLink endpoint service in the consumer's application-tier subnets (both zones), with a
 * security group that admits the service's ports from the consumer's own enclave only, and an
 * egress rule on those ports to it from every VM of the enclave. The provider's load balancer
 * admits the consumer's address space. Nothing here lets another consumer in.
 */
export class SharedServiceEndpoint extends Construct {
  readonly enclave: TenantEnclave;
  readonly provider: SharedServiceProvider;
  readonly securityGroup: ec2.SecurityGroup;
  readonly endpoint: ec2.InterfaceVpcEndpoint;

  constructor(enclave: TenantEnclave, id: string, provider: SharedServiceProvider) {
    const path = `${enclave.node.path}/${id}`;
    if (provider.enclave === enclave) {
      fail({ code: 'SHARED_SERVICE_SELF_CONSUMER', path, problem: `enclave ${enclave.node.path} provides ${provider.service} itself`, given: provider.node.path, expected: 'a service of another enclave', fix: 'reach the providers with a declared flow (allowFrom) inside the enclave' });
    }
    const [mine, theirs] = [Stack.of(enclave), Stack.of(provider)];
    if (mine.account !== theirs.account || mine.region !== theirs.region) {
      fail({
        code: 'SHARED_SERVICE_ACROSS_SITES',
        path,
        problem: `the service ${provider.service} is in account ${theirs.account} ${theirs.region}, the consumer in ${mine.account} ${mine.region}`,
        given: provider.node.path,
        expected: 'a provider on the same AWS site',
        fix: 'reach a service on another site over an interconnect, with reachRemoteService',
      });
    }
    super(enclave, id);
    this.enclave = enclave;
    this.provider = provider;
    const network = enclave.network;
    const cidr = enclave.model.cidr;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: network.vpc,
      description: `pcloud ${enclave.state.stablePath}: endpoint of shared service ${provider.service}, from the enclave only`,
      allowAllOutbound: false,
    });
    this.endpoint = new ec2.InterfaceVpcEndpoint(this, 'Endpoint', {
      vpc: network.vpc,
      service: new ec2.InterfaceVpcEndpointService(provider.endpointService.vpcEndpointServiceName, provider.ports[0].fromPort),
      subnets: { subnets: [...enclave.subnets('application')] },
      securityGroups: [this.securityGroup],
      privateDnsEnabled: false,
      open: false,
    });
    const vms = enclave.workloads.filter((w) => w.model.kind === 'vm');
    for (const p of provider.ports) {
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), securityGroupPort(p), `shared service ${provider.service}: from enclave ${enclave.state.stablePath} ${portLabel(p)}`);
      for (const vm of vms) {
        vm.securityGroup!.addEgressRule(this.securityGroup, securityGroupPort(p), `shared service ${provider.service} ${portLabel(p)}`);
        enclave._allowBetweenTiers(vm.model.tier, 'application', aclTraffic(p), aclReplies(p));
      }
    }
    provider.admitLocalConsumer(cidr);
    Tags.of(this).add(CONNECTIVITY_TAG_KEYS.sharedService, provider.service);
  }
}

export interface RemoteServiceProps {
  /** The service's id (its path in the estate). */
  readonly service: string;
  /** Where its providers are seen from this site, through an interconnect. */
  readonly prefixes: readonly string[];
  /** The TCP ports it is offered on. */
  readonly ports: readonly (number | PortSpec)[];
}
