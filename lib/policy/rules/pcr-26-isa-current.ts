import type { Rule } from '../types';
import { estateSubject, notApplicable } from './helpers';

/** PCR-26: every secure exchange names a current ISA. The estate declares no exchanges yet. */
export const PCR_26: Rule = {
  id: 'PCR-26',
  model: ({ view }) => [notApplicable(estateSubject(view), 'the estate declares no secure exchanges: no data crosses an enclave boundary')],
};
