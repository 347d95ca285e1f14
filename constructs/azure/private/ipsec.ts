import { fail } from '../../../lib/errors';
import type { IpsecModel } from '../../../lib/model/types';

/** An IPsec connection's protocol and custom policy, in azurerm's words. */
export interface AzureIpsec {
  readonly connectionProtocol: 'IKEv1' | 'IKEv2';
  readonly ipsecPolicy: {
    readonly ikeEncryption: string;
    readonly ikeIntegrity: string;
    readonly dhGroup: string;
    readonly ipsecEncryption: string;
    readonly ipsecIntegrity: string;
    readonly pfsGroup: string;
  };
}

const ENCRYPTION: Record<IpsecModel['cipher'], string> = {
  'aes256-gcm': 'GCMAES256',
  'aes128-gcm': 'GCMAES128',
  'aes256-cbc': 'AES256',
  'aes128-cbc': 'AES128',
  '3des': 'DES3',
};

const INTEGRITY: Record<IpsecModel['integrity'], string> = { sha384: 'SHA384', sha256: 'SHA256', sha1: 'SHA1' };

/** Azure's names of the Diffie-Hellman groups it offers for IKE (phase 1) and PFS (phase 2); it has no group 5. */
const DH: Partial<Record<IpsecModel['dhGroup'], { readonly ike: string; readonly pfs: string }>> = {
  2: { ike: 'DHGroup2', pfs: 'PFS2' },
  14: { ike: 'DHGroup14', pfs: 'PFS2048' },
  19: { ike: 'ECP256', pfs: 'ECP256' },
  20: { ike: 'ECP384', pfs: 'ECP384' },
  24: { ike: 'DHGroup24', pfs: 'PFS24' },
};

/**
 * The IpsecModel as an Azure connection's protocol and custom IPsec policy, one DH group for IKE
 * and PFS. With a GCM cipher the IPsec integrity is the same GCM algorithm, as Azure requires.
 * Throws where Azure cannot do what the model says rather than weaken it silently.
 */
export function azureIpsec(ipsec: IpsecModel, path: string): AzureIpsec {
  if ((ipsec.ikeVersion !== 1 && ipsec.ikeVersion !== 2) || !(ipsec.cipher in ENCRYPTION) || !(ipsec.integrity in INTEGRITY) || typeof ipsec.dhGroup !== 'number') {
    fail({
      code: 'IPSEC_INVALID',
      path,
      problem: 'IPsec parameters are not ones pcloud can render',
      given: JSON.stringify(ipsec),
      expected: `{ ikeVersion?: 1 | 2, cipher?: ${Object.keys(ENCRYPTION).join(' | ')}, integrity?: ${Object.keys(INTEGRITY).join(' | ')}, dhGroup?: 14 | 19 | 20 | 24 }`,
      fix: 'omit ipsec for IKEv2 with AES-256-GCM, SHA-384 and DH group 20',
    });
  }
  const dh = DH[ipsec.dhGroup];
  if (!dh) {
    fail({
      code: 'IPSEC_UNSUPPORTED',
      path,
      problem: `Azure VPN gateways do not offer Diffie-Hellman group ${ipsec.dhGroup}`,
      given: `dhGroup: ${ipsec.dhGroup}`,
      expected: 'dhGroup 14, 19, 20 or 24',
      fix: 'use dhGroup 20 (the default) at both ends of the interconnect',
    });
  }
  const gcm = ipsec.cipher.endsWith('-gcm');
  if (!gcm && ipsec.integrity === 'sha384') {
    fail({
      code: 'IPSEC_UNSUPPORTED',
      path,
      problem: `Azure VPN gateways offer SHA-256 at most for IPsec integrity, and ${ipsec.cipher} needs a separate integrity algorithm`,
      given: `cipher: ${ipsec.cipher}, integrity: sha384`,
      expected: "an AES-GCM cipher (integrity built in), or integrity 'sha256'",
      fix: "use cipher 'aes256-gcm' (the default) at both ends of the interconnect",
    });
  }
  return {
    connectionProtocol: ipsec.ikeVersion === 1 ? 'IKEv1' : 'IKEv2',
    ipsecPolicy: {
      ikeEncryption: ENCRYPTION[ipsec.cipher],
      ikeIntegrity: INTEGRITY[ipsec.integrity],
      dhGroup: dh.ike,
      ipsecEncryption: ENCRYPTION[ipsec.cipher],
      ipsecIntegrity: gcm ? ENCRYPTION[ipsec.cipher] : INTEGRITY[ipsec.integrity],
      pfsGroup: dh.pfs,
    },
  };
}
