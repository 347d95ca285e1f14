import { stableSlot } from '../../../lib/allocate';
import { fail } from '../../../lib/errors';
import type { FlowModel, Tier } from '../../../lib/model/types';
import { flowKey } from '../../../lib/model/workload';

/** Flow rules take priorities 100–4000; the deny-all rules sit at 4096. */
export const FLOW_PRIORITY_MIN = 100;
export const FLOW_PRIORITY_MAX = 4000;

const taken = new WeakMap<object, Map<string, Set<number>>>();

/**
 * The priority of a flow's rule in one NSG and direction: the slot its key (the flow key, or the
 * flow key over stable paths so that a rename moves nothing) hashes to, or the next free one, so
 * that adding or removing a flow leaves the other rules' priorities alone. `enclave` keys the
 * bookkeeping; priorities are unique per tier and direction within it.
 */
export function flowPriority(enclave: object, tier: Tier, direction: 'Inbound' | 'Outbound', flow: FlowModel, key: string = flowKey(flow)): number {
  return rulePriority(enclave, tier, direction, key, flow.to);
}

/**
 * The priority of any allow rule in an enclave's NSG (a flow's, an exchange's, a shared service's),
 * from the same bookkeeping as the flows: `key` names the rule stably (`exchange|<path>|...`), so
 * a rule keeps its priority whatever else is added. `path` is what an exhausted NSG is reported at.
 */
export function rulePriority(enclave: object, tier: Tier, direction: 'Inbound' | 'Outbound', key: string, path: string): number {
  let byNsg = taken.get(enclave);
  if (!byNsg) taken.set(enclave, (byNsg = new Map()));
  const nsg = `${tier}/${direction}`;
  let used = byNsg.get(nsg);
  if (!used) byNsg.set(nsg, (used = new Set()));
  const size = FLOW_PRIORITY_MAX - FLOW_PRIORITY_MIN + 1;
  const slot = stableSlot(key, size, (s) => !used.has(FLOW_PRIORITY_MIN + s));
  if (slot === undefined) {
    fail({
      code: 'NSG_PRIORITIES_EXHAUSTED',
      path,
      problem: `the ${tier} tier's NSG has no free ${direction.toLowerCase()} priority left`,
      given: `${used.size} ${direction.toLowerCase()} flow rules in the tier`,
      expected: `at most ${size} flows per tier and direction`,
      fix: 'spread the workloads over more tiers or enclaves, or combine flows into port ranges',
    });
  }
  used.add(FLOW_PRIORITY_MIN + slot);
  return FLOW_PRIORITY_MIN + slot;
}
