import type { Rule } from '../types';
import { compliant, estateSubject, nonCompliant, notApplicable } from './helpers';

/** PCR-26: every secure exchange names a current ISA: its review date has not passed. */
export const PCR_26: Rule = {
  id: 'PCR-26',
  model: ({ view, model, today }) =>
    model.exchanges.length === 0
      ? [notApplicable(estateSubject(view), 'the estate declares no secure exchanges: no data crosses an enclave boundary')]
      : model.exchanges.map((x) =>
          x.isa.reviewDate < today
            ? nonCompliant(x.path, [
                {
                  problem: `ISA ${x.isa.reference} was due for review on ${x.isa.reviewDate}; the exchange must stop until it is reviewed`,
                  fix: `review the ISA with ${x.isa.parties.join(' and ')} and record the new review date`,
                },
              ])
            : compliant(x.path, [], `ISA ${x.isa.reference} (${x.isa.parties.join(', ')}; ${x.isa.legalGateway}) current until its review on ${x.isa.reviewDate}`),
        ),
};
