import { Classification } from '../../classification';
import type { VettingLevel } from '../../model/types';
import type { Rule } from '../types';
import { verdict } from './helpers';

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
};
