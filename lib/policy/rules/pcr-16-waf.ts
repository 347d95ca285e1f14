import { allResources, isInternalLoadBalancer, isVpnGatewayAddress } from '../outputs';
import type { Rule } from '../types';
import { describe, estateSubject, nonCompliant, notApplicable } from './helpers';

const BOUNDARY_TYPES = new Set(['AWS::EC2::InternetGateway', 'AWS::EC2::EIP', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'azurerm_public_ip', 'azurerm_application_gateway', 'azurerm_lb']);
const WAF_TYPES = new Set(['AWS::WAFv2::WebACLAssociation', 'azurerm_web_application_firewall_policy']);

/**
 * PCR-16: any internet boundary sits behind a WAF. pcloud renders no internet boundary (a VPN
 * gateway's address carries IPsec only; shared services sit behind internal load balancers), so
 * the rule is not applicable unless the outputs show one, which would be a renderer bug.
 */
export const PCR_16: Rule = {
  id: 'PCR-16',
  model: ({ view }) => [notApplicable(estateSubject(view), 'the estate declares no internet boundary and pcloud renders none')],
  outputs: ({ view, outputs }) => {
    const resources = allResources(outputs);
    const boundaries = resources.filter(
      (r) =>
        BOUNDARY_TYPES.has(r.ref.type) &&
        (r.ref.type !== 'AWS::ElasticLoadBalancingV2::LoadBalancer' || r.properties.Scheme === 'internet-facing') &&
        !isVpnGatewayAddress(r) &&
        !isInternalLoadBalancer(r),
    );
    const waf = resources.some((r) => WAF_TYPES.has(r.ref.type));
    if (boundaries.length === 0) return [notApplicable(estateSubject(view), 'no internet-facing resource in the outputs')];
    return waf
      ? [notApplicable(estateSubject(view), 'internet-facing resources sit behind a WAF')]
      : [nonCompliant(estateSubject(view), boundaries.map((r) => ({ problem: `${describe(r)} faces the internet with no WAF`, fix: 'remove it, or put a WAF in front of it', resource: r.ref })))];
  },
};
