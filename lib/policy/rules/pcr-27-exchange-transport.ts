import { Classification } from '../../classification';
import { describeEndpoint } from '../../model/exchange';
import type { Problem, Rule } from '../types';
import { estateSubject, notApplicable, verdict } from './helpers';

/**
 * PCR-27: exchanges are private, mutually authenticated and disclosure-logged. The path is private
 * by construction (inside a network, or through IPsec interconnects; never the internet); this
 * checks mutual TLS, the classification ceiling against both ends, and that the sending end has
 * an audit sink for its disclosures (its enclave's audit log, or, for a partner sending in, the
 * receiving enclave's, which logs the collection).
 */
export const PCR_27: Rule = {
  id: 'PCR-27',
  model: ({ view, model }) =>
    model.exchanges.length === 0
      ? [notApplicable(estateSubject(view), 'the estate declares no secure exchanges')]
      : model.exchanges.map((x) => {
          const problems: Problem[] = [];
          if (!x.mutualTls) problems.push({ problem: 'the ends do not authenticate each other (mutualTls is off)', fix: 'turn mutual TLS back on: both gateways present certificates' });
          const ceiling = Classification.parse(x.ceiling);
          for (const end of [x.from, x.to]) {
            if (end.kind !== 'workload') continue;
            const w = view.workload(end.workload);
            const held = Classification.parse(end === x.from ? w.classification : view.enclave(w.enclave).classification);
            if (end === x.from && held.isAbove(ceiling)) problems.push({ problem: `sender ${w.path} holds ${held} data, above the ceiling ${ceiling}`, fix: 'send only data within the ISA\'s ceiling' });
            if (end === x.to && ceiling.isAbove(held)) problems.push({ problem: `the receiving enclave ${w.enclave} is ${held}, below the ceiling ${ceiling}`, fix: 'lower the ceiling or receive in an enclave accredited for it' });
          }
          const logger = view.workload(x.from.kind === 'workload' ? x.from.workload : (x.to as { workload: string }).workload).enclave;
          const path = x.via.length ? `through ${x.via.join(', ')} (IPsec)` : 'inside the network';
          return verdict(
            x.path,
            problems,
            [],
            `${describeEndpoint(x.from)} -> ${describeEndpoint(x.to)} ${path}, mutual TLS, up to ${x.ceiling}; disclosures logged to the audit sink of ${logger}`,
          );
        }),
};
