import { Classification } from '../../classification';
import type { VettingLevel } from '../../model/types';
import { ADMINISTRATOR_TAG_KEYS } from '../../tags';
import { cfnResources } from '../outputs';
import type { Rule } from '../types';
import { administratorRoles, describe, ownerOf, perOwner, tagOf, verdict } from './helpers';

const RANK: Record<VettingLevel, number> = { none: 0, NPPV1: 1, 'NPPV2-abbreviated': 2, NPPV2: 3, NPPV3: 4, SC: 4, DV: 5 };

/** PCR-32: privileged groups carry a vetting level: NPPV2 (full) or higher; NPPV3, SC or DV for SECRET. */
export const PCR_32: Rule = {
  id: 'PCR-32',
  model: ({ model }) =>
    model.enclaves.map((e) => {
      const secret = Classification.parse(e.classification).isSecretOrAbove;
      const needed: VettingLevel = secret ? 'NPPV3' : 'NPPV2';
      const short = e.administrators.filter((g) => RANK[g.vetting] < RANK[needed]);
      return verdict(
        e.path,
        short.map((g) => ({
          problem: `administrator group ${g.name} is vetted ${g.vetting}; ${e.classification} needs ${secret ? 'NPPV3, SC or DV' : 'NPPV2 (full) or higher'}`,
          fix: `vet every member of ${g.name} to the level needed and record it`,
        })),
        [],
        e.administrators.map((g) => `${g.name}: ${g.vetting}`).join(', '),
      );
    }),
  // AWS administrator roles carry their group's vetting level as a tag, at the level the enclave needs.
  outputs: ({ view, outputs }) =>
    perOwner(
      view,
      administratorRoles(cfnResources(outputs, 'AWS::IAM::Role')).map((resource) => {
        const vetting = tagOf(resource, ADMINISTRATOR_TAG_KEYS.vetting) as VettingLevel | undefined;
        const enclave = view.model.enclaves.find((e) => e.path === ownerOf(view, resource));
        const needed: VettingLevel = enclave && Classification.parse(enclave.classification).isSecretOrAbove ? 'NPPV3' : 'NPPV2';
        return vetting !== undefined && RANK[vetting] !== undefined && RANK[vetting] >= RANK[needed]
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} is tagged with vetting ${vetting ?? '(none)'}; ${needed} or higher is needed`, fix: 'tag the role with its group\'s vetting level (a renderer bug: report it)' } };
      }),
    ),
};
