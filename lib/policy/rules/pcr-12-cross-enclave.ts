import type { EnclaveModel } from '../../model/types';
import type { EstateView } from '../../model/view';
import { cfnResources, tfResources, type RenderedStack } from '../outputs';
import { compareReach, declaredReach, describeReach, renderedReach } from '../reachability';
import type { ResourceRef, Rule } from '../types';
import { compliant, nonCompliant, verdict } from './helpers';

/**
 * PCR-12: nothing crosses an enclave boundary except through a declared secure exchange or shared
 * service. In the model, every flow stays inside its enclave; in the outputs, the reachability the
 * rendered security groups, NSG rules and firewall manifests give (lib/policy/reachability.ts)
 * holds no path across an enclave boundary that the definition does not declare.
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
  outputs: ({ model, outputs }) => {
    const { extra } = compareReach(declaredReach(model), renderedReach(model, outputs));
    const enclaveOf = (party: string) => model.workloads.find((w) => w.path === party)?.enclave;
    return outputs.stacks
      .filter((s) => s.plan.kind === 'enclave')
      .map((stack) => {
        const enclave = stack.plan.enclave!;
        const crossing = extra.filter((r) => (enclaveOf(r.from) === enclave || enclaveOf(r.to) === enclave) && enclaveOf(r.from) !== enclaveOf(r.to));
        return verdict(
          enclave,
          crossing.map((r) => ({ problem: `the rendered filters let ${describeReach(r)} across the boundary of ${enclave}, and no exchange or shared service declares it`, fix: 'a renderer bug: report it' })),
          filtersOf(stack),
        );
      });
  },
};

/** The resources that filter an enclave's traffic: security groups and their rules, network ACL entries, NSG rules. */
function filtersOf(stack: RenderedStack): ResourceRef[] {
  return [
    ...['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::NetworkAclEntry'].flatMap((t) => cfnResources(stack, t)),
    ...tfResources(stack, 'azurerm_network_security_rule'),
  ].map((r) => r.ref);
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
