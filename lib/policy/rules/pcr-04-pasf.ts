import type { Rule } from '../types';
import { compliant, nonCompliant } from './helpers';

/**
 * PCR-04: police data only in PASF facilities. An accredited-private site holds at least the
 * physical assurance of a PASF, so it passes too.
 */
export const PCR_04: Rule = {
  id: 'PCR-04',
  model: ({ model, view }) =>
    model.networks.map((n) => {
      const site = view.site(n.site);
      if (!site.assurance) {
        return nonCompliant(n.path, [
          {
            problem: `site ${site.id} records no physical assurance`,
            fix: `record the PASF assessment the estate relies on: assurance: { level: 'PASF', reference: '...' } on site ${site.id}`,
          },
        ]);
      }
      return compliant(n.path, [], `${site.id}: ${site.assurance.level}, ${site.assurance.reference}`);
    }),
};
