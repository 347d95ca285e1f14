import type { Rule } from '../types';
import { estateSubject, notApplicable } from './helpers';

/** PCR-10: hybrid and interconnect links are encrypted. The estate has no interconnects yet. */
export const PCR_10: Rule = {
  id: 'PCR-10',
  model: ({ view }) => [notApplicable(estateSubject(view), 'the estate declares no interconnects: no site is linked to another or to a community network')],
};
