import type { IpsecModel } from '../../model/types';
import type { Problem, Rule } from '../types';
import { estateSubject, notApplicable, verdict } from './helpers';

/** DH groups 2 and 5 (768- and 1536-bit MODP) are broken; 14 and the elliptic groups are not. */
const WEAK_DH: readonly IpsecModel['dhGroup'][] = [2, 5];

/**
 * PCR-10: hybrid and interconnect links are encrypted: every interconnect is IPsec with IKEv2, an
 * AES cipher, SHA-2 integrity and a Diffie-Hellman group of 14 or above.
 */
export const PCR_10: Rule = {
  id: 'PCR-10',
  model: ({ view, model }) =>
    model.interconnects.length === 0
      ? [notApplicable(estateSubject(view), 'the estate declares no interconnects: no site is linked to another or to a community network')]
      : model.interconnects.map((link) => {
          const { ikeVersion, cipher, integrity, dhGroup } = link.ipsec;
          const problems: Problem[] = [];
          if (ikeVersion !== 2) problems.push({ problem: `IKEv${ikeVersion} is negotiated`, fix: 'use IKEv2 (omit ipsec.ikeVersion)' });
          if (cipher === '3des') problems.push({ problem: 'the tunnel is encrypted with 3DES', fix: 'use AES-256-GCM (omit ipsec.cipher)' });
          if (integrity === 'sha1') problems.push({ problem: 'integrity uses SHA-1', fix: 'use SHA-384 (omit ipsec.integrity)' });
          if (WEAK_DH.includes(dhGroup)) problems.push({ problem: `Diffie-Hellman group ${dhGroup} is broken`, fix: 'use group 20 (omit ipsec.dhGroup), or 14 at least' });
          return verdict(link.path, problems, [], `IPsec IKEv${ikeVersion}, ${cipher}, ${integrity}, DH group ${dhGroup}`);
        }),
};
