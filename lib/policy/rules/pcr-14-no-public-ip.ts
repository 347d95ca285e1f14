import { allResources, cfnResources, isVpnGatewayAddress, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, perOwner, workloadsWithSite } from './helpers';

const PUBLIC_TYPES = new Set(['AWS::EC2::EIP', 'AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'azurerm_public_ip', 'azurerm_public_ip_prefix']);

/** PCR-14: no public IPs on workloads; the only public address is an interconnect's VPN gateway endpoint. */
export const PCR_14: Rule = {
  id: 'PCR-14',
  model: ({ view }) => workloadsWithSite(view).map(({ workload }) => compliant(workload.path, [], 'private addresses only')),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...allResources(outputs)
        .filter((r) => PUBLIC_TYPES.has(r.ref.type))
        .map((resource) =>
          isVpnGatewayAddress(resource)
            ? { resource }
            : { resource, problem: { problem: `${describe(resource)} gives the estate a public address or internet route`, fix: 'remove it; internet boundaries need a declared WAF' } },
        ),
      ...cfnResources<{ NetworkInterfaces?: { AssociatePublicIpAddress?: boolean }[] }>(outputs, 'AWS::EC2::Instance').map((resource) =>
        (resource.properties.NetworkInterfaces ?? []).some((n) => n.AssociatePublicIpAddress !== false)
          ? { resource, problem: { problem: `${describe(resource)} may take a public IP`, fix: 'set AssociatePublicIpAddress false (a renderer bug)' } }
          : { resource },
      ),
      ...cfnResources<{ MapPublicIpOnLaunch?: boolean }>(outputs, 'AWS::EC2::Subnet')
        .filter((r) => r.properties.MapPublicIpOnLaunch === true)
        .map((resource) => ({ resource, problem: { problem: `${describe(resource)} maps public IPs on launch`, fix: 'a renderer bug: report it' } })),
      ...tfResources<{ ip_configuration?: { public_ip_address_id?: string }[] }>(outputs, 'azurerm_network_interface').map((resource) =>
        (resource.properties.ip_configuration ?? []).some((c) => c.public_ip_address_id)
          ? { resource, problem: { problem: `${describe(resource)} has a public IP`, fix: 'a renderer bug: report it' } }
          : { resource },
      ),
    ]),
};
