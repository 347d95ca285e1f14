import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { fail } from '../../../lib/errors';
import type { IpsecModel } from '../../../lib/model/types';

/** AWS Site-to-Site VPN's names for pcloud's ciphers; AWS offers no 3DES. */
const ENCRYPTION: Readonly<Record<IpsecModel['cipher'], string | undefined>> = {
  'aes256-gcm': 'AES256-GCM-16',
  'aes128-gcm': 'AES128-GCM-16',
  'aes256-cbc': 'AES256',
  'aes128-cbc': 'AES128',
  '3des': undefined,
};

const INTEGRITY: Readonly<Record<IpsecModel['integrity'], string>> = {
  sha384: 'SHA2-384',
  sha256: 'SHA2-256',
  sha1: 'SHA1',
};

/** Diffie-Hellman groups AWS accepts in phase 1 (group 5 only in phase 2). */
const PHASE1_DH_GROUPS: readonly number[] = [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];

/**
 * The tunnel options of one AWS VPN tunnel that allow exactly the interconnect's IKE and IPsec
 * parameters, in both phases. No pre-shared key: AWS generates one per tunnel when none is given,
 * so no secret is ever written into a template.
 */
export function tunnelOptions(ipsec: IpsecModel, path: string): ec2.CfnVPNConnection.VpnTunnelOptionsSpecificationProperty {
  const encryption = ENCRYPTION[ipsec.cipher];
  if (encryption === undefined || !PHASE1_DH_GROUPS.includes(ipsec.dhGroup)) {
    fail({
      code: 'AWS_IPSEC_UNSUPPORTED',
      path,
      problem: `AWS Site-to-Site VPN cannot negotiate ${encryption === undefined ? `cipher ${ipsec.cipher}` : `Diffie-Hellman group ${ipsec.dhGroup} in IKE phase 1`}`,
      given: JSON.stringify(ipsec),
      expected: 'cipher aes256-gcm, aes128-gcm, aes256-cbc or aes128-cbc; DH group 14, 19, 20 or 24',
      fix: "omit ipsec for IKEv2 with AES-256-GCM, SHA-384 and DH group 20, which AWS and the far end's gateway both support",
    });
  }
  const integrity = INTEGRITY[ipsec.integrity];
  return {
    ikeVersions: [{ value: `ikev${ipsec.ikeVersion}` }],
    phase1EncryptionAlgorithms: [{ value: encryption }],
    phase2EncryptionAlgorithms: [{ value: encryption }],
    phase1IntegrityAlgorithms: [{ value: integrity }],
    phase2IntegrityAlgorithms: [{ value: integrity }],
    phase1DhGroupNumbers: [{ value: ipsec.dhGroup }],
    phase2DhGroupNumbers: [{ value: ipsec.dhGroup }],
  };
}
