import type { Rule } from '../types';
import { estateSubject, notApplicable } from './helpers';

/** PCR-31: PSN and community-network links need a current CoCo and ITHC. The estate has none yet. */
export const PCR_31: Rule = {
  id: 'PCR-31',
  model: ({ view }) => [notApplicable(estateSubject(view), 'the estate declares no PSN or community-network link')],
};
