import { Cidr } from '../../cidr';
import type { FirewallEndpoint, FirewallManifest, FirewallPrefixEndpoint } from '../../firewall-manifest';
import type { EnclaveModel } from '../../model/types';
import type { EstateView } from '../../model/view';
import { cfnResources, tfResources, type RenderedStack } from '../outputs';
import type { Problem, ResourceRef, Rule } from '../types';
import { compliant, describe, nonCompliant, text, verdict } from './helpers';

const parse = (c: string) => Cidr.parse(c, { path: c, field: 'cidr' });

/**
 * PCR-12: nothing crosses an enclave boundary without a declared secure exchange. The estate
 * declares none yet, so every flow must stay inside its enclave, and the rendered filters may only
 * admit addresses of the enclave itself (and the network's endpoints, on AWS).
 */
export const PCR_12: Rule = {
  id: 'PCR-12',
  model: ({ model, view }) =>
    model.enclaves.map((e) => {
      const crossing = model.flows.filter((f) => view.workload(f.to).enclave === e.path && view.workload(f.from).enclave !== e.path);
      return crossing.length
        ? nonCompliant(e.path, crossing.map((f) => ({ problem: `flow from ${f.from} to ${f.to} crosses the enclave boundary`, fix: 'declare a secure exchange under an ISA, or remove the flow' })))
        : compliant(e.path, [], crossings(view, e));
    }),
  outputs: ({ view, outputs }) =>
    outputs.stacks
      .filter((s) => s.plan.kind === 'enclave')
      .map((stack) => {
        const enclave = view.enclave(stack.plan.enclave!);
        const network = view.network(enclave.network);
        const allowed = [parse(enclave.cidr), ...(stack.plan.platform === 'aws' ? [parse(network.servicesCidr)] : [])];
        const { problems, evidence } = check(stack, enclave, allowed);
        if (stack.plan.platform === 'vsphere') problems.push(...manifestProblems(view, outputs.firewall, enclave));
        return verdict(enclave.path, problems, evidence);
      }),
};

function check(stack: RenderedStack, enclave: EnclaveModel, allowed: readonly Cidr[]): { problems: Problem[]; evidence: ResourceRef[] } {
  const problems: Problem[] = [];
  const evidence: ResourceRef[] = [];
  const inside = (cidr: string) => {
    try {
      const c = parse(cidr);
      return allowed.some((a) => a.contains(c));
    } catch {
      return false;
    }
  };
  for (const r of cfnResources<{ CidrBlock?: string; RuleAction?: string }>(stack, 'AWS::EC2::NetworkAclEntry')) {
    if (r.properties.RuleAction !== 'allow') continue;
    if (inside(String(r.properties.CidrBlock))) evidence.push(r.ref);
    else problems.push({ problem: `${describe(r)} allows ${r.properties.CidrBlock}, outside enclave ${enclave.path}`, fix: 'a renderer bug: report it', resource: r.ref });
  }
  const ingress = [
    ...cfnResources<{ CidrIp?: string; SourceSecurityGroupId?: unknown }>(stack, 'AWS::EC2::SecurityGroupIngress').map((r) => ({ r, rule: r.properties })),
    ...cfnResources<{ SecurityGroupIngress?: { CidrIp?: string; SourceSecurityGroupId?: unknown }[] }>(stack, 'AWS::EC2::SecurityGroup').flatMap((r) =>
      (r.properties.SecurityGroupIngress ?? []).map((rule) => ({ r, rule })),
    ),
  ];
  for (const { r, rule } of ingress) {
    const ok = rule.CidrIp ? inside(rule.CidrIp) : rule.SourceSecurityGroupId ? !text(rule.SourceSecurityGroupId).includes('Fn::ImportValue') : true;
    if (ok) evidence.push(r.ref);
    else problems.push({ problem: `${describe(r)} admits ${rule.CidrIp ?? text(rule.SourceSecurityGroupId)} from outside the enclave`, fix: 'a renderer bug: report it', resource: r.ref });
  }
  for (const r of tfResources<{ source_address_prefix?: string; source_address_prefixes?: string[]; access?: string; direction?: string; source_application_security_group_ids?: string[] }>(stack, 'azurerm_network_security_rule')) {
    if (r.properties.access !== 'Allow') continue;
    const prefixes = [r.properties.source_address_prefix, ...(r.properties.source_address_prefixes ?? [])].filter((p): p is string => typeof p === 'string');
    const foreignAsg = (r.properties.source_application_security_group_ids ?? []).some((id) => !id.startsWith('${azurerm_application_security_group.'));
    const outside = prefixes.filter((p) => !inside(p));
    if (outside.length || foreignAsg) problems.push({ problem: `${describe(r)} admits ${outside.join(', ') || 'a group of another stack'}`, fix: 'a renderer bug: report it', resource: r.ref });
    else evidence.push(r.ref);
  }
  return { problems, evidence };
}

/**
 * Allow rules of the site firewall manifest that cross the enclave's boundary without carrying
 * one of its exchanges or shared services.
 */
function manifestProblems(view: EstateView, manifests: readonly FirewallManifest[], enclave: EnclaveModel): Problem[] {
  const enclaveOf = (end: FirewallEndpoint | FirewallPrefixEndpoint) => ('prefix' in end ? end.enclave : view.workload(end.workload).enclave);
  const exchanges = new Set(view.exchangesOf(enclave).map((x) => x.path));
  const services = new Set([...view.servicesProvidedBy(enclave), ...view.servicesConsumedBy(enclave)].map((x) => x.path));
  return manifests.flatMap((m) =>
    m.rules
      .filter((r) => r.action === 'allow' && r.destination !== 'any' && r.source !== 'any')
      .filter((r) => (enclaveOf(r.destination as FirewallEndpoint) === enclave.path) !== (enclaveOf(r.source as FirewallEndpoint) === enclave.path))
      .filter((r) => !(r.exchange && exchanges.has(r.exchange.path)) && !(r.sharedService && services.has(r.sharedService)))
      .map((r) => ({ problem: `firewall rule ${r.id} of site ${m.site} crosses the boundary of ${enclave.path}`, fix: 'declare a secure exchange, or remove the flow' })),
  );
}

/** What crosses the enclave's boundary, all of it declared: its exchanges and shared services. */
function crossings(view: EstateView, e: EnclaveModel): string {
  const declared = [
    ...view.exchangesOf(e).map((x) => `exchange ${x.path} (ISA ${x.isa.reference})`),
    ...view.servicesProvidedBy(e).map((s) => `shared service ${s.path} offered to ${s.consumers.join(', ')}`),
    ...view.servicesConsumedBy(e).map((s) => `shared service ${s.path} of ${s.enclave}`),
  ];
  return declared.length ? `flows stay inside the enclave; it crosses its boundary only through ${declared.join('; ')}` : 'every declared flow stays inside the enclave, and nothing crosses its boundary';
}
