import { cfnResources, tfResources } from '../outputs';
import type { Problem, ResourceRef, Rule } from '../types';
import { compliant, nonCompliant, verdict } from './helpers';

/** PCR-13: default-deny networking: NACLs, NSGs and the vSphere firewall manifest end in deny. */
export const PCR_13: Rule = {
  id: 'PCR-13',
  model: ({ model, view }) =>
    model.enclaves.map((e) => compliant(e.path, [], `${view.flowsWithin(e).length} declared flows; everything else denied`)),
  outputs: ({ view, outputs }) => [
    ...outputs.stacks
      .filter((s) => s.plan.kind === 'enclave' && s.plan.platform !== 'vsphere')
      .map((stack) => {
        const problems: Problem[] = [];
        const evidence: ResourceRef[] = [];
        if (stack.plan.platform === 'aws') {
          const entries = cfnResources<{ NetworkAclId?: unknown; RuleAction?: string; Egress?: boolean; CidrBlock?: string; Protocol?: number }>(stack, 'AWS::EC2::NetworkAclEntry');
          for (const acl of cfnResources(stack, 'AWS::EC2::NetworkAcl')) {
            const own = entries.filter((e) => JSON.stringify(e.properties.NetworkAclId) === JSON.stringify({ Ref: acl.ref.id }));
            for (const egress of [false, true]) {
              const deny = own.find((e) => e.properties.RuleAction === 'deny' && e.properties.Egress === egress && e.properties.CidrBlock === '0.0.0.0/0' && e.properties.Protocol === -1);
              if (deny) evidence.push(deny.ref);
              else problems.push({ problem: `network ACL ${acl.ref.id} has no explicit deny-all ${egress ? 'egress' : 'ingress'} rule`, fix: 'a renderer bug: report it', resource: acl.ref });
            }
          }
          for (const sg of cfnResources<{ SecurityGroupIngress?: { CidrIp?: string }[] }>(stack, 'AWS::EC2::SecurityGroup')) {
            if ((sg.properties.SecurityGroupIngress ?? []).some((r) => r.CidrIp === '0.0.0.0/0')) {
              problems.push({ problem: `security group ${sg.ref.id} admits 0.0.0.0/0`, fix: 'declare flows from workloads instead', resource: sg.ref });
            }
          }
        } else {
          const rules = tfResources<{ network_security_group_name?: string; access?: string; direction?: string; priority?: number; source_address_prefix?: string; destination_address_prefix?: string; protocol?: string }>(stack, 'azurerm_network_security_rule');
          for (const nsg of tfResources(stack, 'azurerm_network_security_group')) {
            const own = rules.filter((r) => String(r.properties.network_security_group_name).includes(nsg.ref.id));
            for (const direction of ['Inbound', 'Outbound']) {
              const deny = own.find((r) => r.properties.access === 'Deny' && r.properties.direction === direction && r.properties.source_address_prefix === '*' && r.properties.destination_address_prefix === '*' && r.properties.protocol === '*');
              if (deny) evidence.push(deny.ref);
              else problems.push({ problem: `NSG ${nsg.ref.id} has no deny-all ${direction.toLowerCase()} rule`, fix: 'a renderer bug: report it', resource: nsg.ref });
            }
          }
        }
        return verdict(stack.plan.enclave!, problems, evidence);
      }),
    ...outputs.firewall.flatMap((manifest) => {
      const last = manifest.rules[manifest.rules.length - 1];
      const denies = last && last.action === 'deny' && last.source === 'any' && last.destination === 'any';
      const enclaves = [...new Set(manifest.segments.map((s) => s.enclave))];
      return enclaves.map((e) =>
        denies && manifest.defaultAction === 'deny'
          ? compliant(e, [], `firewall manifest of ${manifest.site} ends in ${last.id}`)
          : nonCompliant(e, [{ problem: `the firewall manifest of site ${manifest.site} does not end in a default deny`, fix: 'a renderer bug: report it' }]),
      );
    }),
    ...outputs.stacks
      .filter((s) => s.plan.kind === 'network' && s.plan.platform === 'aws')
      .map((stack) => {
        const restrict = cfnResources(stack, 'Custom::VpcRestrictDefaultSG');
        return restrict.length
          ? compliant(stack.plan.network!, restrict.map((r) => r.ref))
          : nonCompliant(stack.plan.network!, [{ problem: "the VPC's default security group is not closed", fix: 'a renderer bug: report it' }]);
      }),
  ].filter((r) => view.model.enclaves.some((e) => e.path === r.subject) || view.model.networks.some((n) => n.path === r.subject)),
};
