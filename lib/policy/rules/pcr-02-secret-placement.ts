import { Classification } from '../../classification';
import type { Rule } from '../types';
import { compliant, nonCompliant } from './helpers';

/** PCR-02: SECRET never on public cloud and only on accredited-private sites; TOP SECRET refused. */
export const PCR_02: Rule = {
  id: 'PCR-02',
  model: ({ model, view }) => [
    ...model.networks.map((n) => {
      const site = view.site(n.site);
      const c = Classification.parse(n.ceiling);
      const problems = [];
      if (c.level === 'TOP SECRET') problems.push({ problem: 'the network is TOP SECRET', fix: 'TOP SECRET is out of scope: build it outside pcloud' });
      if (c.isSecretOrAbove && site.operator === 'public-cloud') {
        problems.push({ problem: `SECRET network on public cloud site ${site.id}`, fix: 'move the network to an accredited-private vSphere site' });
      } else if (c.isSecretOrAbove && site.assurance?.level !== 'accredited-private') {
        problems.push({ problem: `SECRET network on site ${site.id}, which is not accredited-private`, fix: 'move the network to an accredited-private site' });
      }
      return problems.length ? nonCompliant(n.path, problems) : compliant(n.path, [], `${n.ceiling} on ${site.operator} site ${site.id} (${site.assurance?.level ?? 'no assurance recorded'})`);
    }),
    ...model.enclaves.map((e) =>
      e.classification === 'TOP SECRET' ? nonCompliant(e.path, [{ problem: 'the enclave is TOP SECRET', fix: 'TOP SECRET is out of scope' }]) : compliant(e.path),
    ),
  ],
};
