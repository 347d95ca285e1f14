import type { Rule } from '../types';
import { estateSubject, notApplicable } from './helpers';

/** PCR-27: exchanges are private, mutually authenticated and disclosure-logged. None exist yet. */
export const PCR_27: Rule = {
  id: 'PCR-27',
  model: ({ view }) => [notApplicable(estateSubject(view), 'the estate declares no secure exchanges')],
};
