import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, nonCompliant, perOwner, workloadsWithSite } from './helpers';

const ADMIN_PORTS = [22, 3389];
const covers = (from: number, to: number) => ADMIN_PORTS.filter((p) => p >= from && p <= to);

/**
 * PCR-17: administration only through the management path: no SSH or RDP into a workload except
 * from the enclave's management tier; on AWS, Systems Manager instead of inbound ports.
 */
export const PCR_17: Rule = {
  id: 'PCR-17',
  model: ({ view }) =>
    workloadsWithSite(view)
      .filter(({ workload }) => workload.kind === 'vm' || workload.kind === 'database')
      .map(({ workload, site }) => {
        const admin = view.flowsTo(workload.path).filter((f) => f.protocol === 'tcp' && covers(f.fromPort, f.toPort).length > 0);
        const outsideManagement = admin.filter((f) => view.workload(f.from).tier !== 'management');
        if (outsideManagement.length) {
          return nonCompliant(
            workload.path,
            outsideManagement.map((f) => ({ problem: `SSH/RDP into ${workload.path} from ${f.from}, which is not in the management tier`, fix: 'administer from a workload in the management tier (or through SSM on AWS)' })),
          );
        }
        const how = site.aws ? 'Systems Manager; no inbound administration ports' : site.azure ? 'no inbound SSH or RDP; administration through the Azure control plane' : 'administration ports only from the management tier';
        return compliant(workload.path, [], how);
      }),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...cfnResources<{ SecurityGroupIngress?: { CidrIp?: string; FromPort?: number; ToPort?: number; IpProtocol?: string }[] }>(outputs, 'AWS::EC2::SecurityGroup').flatMap((resource) =>
        (resource.properties.SecurityGroupIngress ?? [])
          .filter((r) => r.CidrIp && r.FromPort !== undefined && covers(r.FromPort, r.ToPort ?? r.FromPort).length)
          .map((r) => ({ resource, problem: { problem: `${describe(resource)} admits ${covers(r.FromPort!, r.ToPort ?? r.FromPort!).join('/')} from ${r.CidrIp}`, fix: 'use SSM for administration' } })),
      ),
      ...cfnResources<{ CidrIp?: string; FromPort?: number; ToPort?: number }>(outputs, 'AWS::EC2::SecurityGroupIngress')
        .filter((r) => r.properties.CidrIp && r.properties.FromPort !== undefined && covers(r.properties.FromPort, r.properties.ToPort ?? r.properties.FromPort).length)
        .map((resource) => ({ resource, problem: { problem: `${describe(resource)} admits administration ports from ${resource.properties.CidrIp}`, fix: 'use SSM for administration' } })),
      ...cfnResources<{ ManagedPolicyArns?: unknown[] }>(outputs, 'AWS::IAM::Role')
        .filter((r) => JSON.stringify(r.properties.ManagedPolicyArns ?? []).includes('AmazonSSMManagedInstanceCore'))
        .map((resource) => ({ resource })),
      ...tfResources<{ direction?: string; access?: string; destination_port_range?: string; source_address_prefix?: string }>(outputs, 'azurerm_network_security_rule')
        .filter((r) => r.properties.direction === 'Inbound' && r.properties.access === 'Allow' && ['*', 'Internet', '0.0.0.0/0'].includes(String(r.properties.source_address_prefix)))
        .map((resource) => ({ resource, problem: { problem: `${describe(resource)} admits ${resource.properties.destination_port_range} from anywhere`, fix: 'declare flows between workloads instead' } })),
    ]),
};
