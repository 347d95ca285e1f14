import * as ipaddr from 'ipaddr.js';
import { Cidr } from '../cidr';
import { fail, show } from '../errors';
import { requireIsoDate, requireProps, requireString } from './checks';
import type { CommunityNetworkModel, InterconnectModel, IpsecModel } from './types';

/** What the intent constructs pass for a community network. */
export interface CommunityNetworkProps {
  /** e.g. "PSN for Policing". */
  readonly name: string;
  /** `psn-policing`, `gcsx` (a GCSx-style local-authority extranet) or `community`. */
  readonly kind: CommunityNetworkModel['kind'];
  /** Public IPv4 address of the community network's IPsec gateway, from its Code of Connection. */
  readonly gatewayAddress: string;
  /** The prefixes reached through it (never 0.0.0.0/0). */
  readonly prefixes: readonly string[];
}

export interface IpsecProps {
  /** @default 2 */
  readonly ikeVersion?: IpsecModel['ikeVersion'];
  /** @default 'aes256-gcm' */
  readonly cipher?: IpsecModel['cipher'];
  /** @default 'sha384' */
  readonly integrity?: IpsecModel['integrity'];
  /** @default 20 (ECP 384) */
  readonly dhGroup?: IpsecModel['dhGroup'];
}

/** The interconnect's props once the intent construct has turned sites into ids. */
export interface InterconnectIntentProps {
  readonly sites: readonly string[];
  readonly community?: CommunityNetworkProps;
  readonly publicAddresses?: Readonly<Record<string, string>>;
  readonly coco?: { readonly reference: string; readonly expires: string };
  readonly ithc?: { readonly reference: string; readonly date: string };
  readonly ipsec?: IpsecProps;
  readonly description?: string;
}

/** IKEv2, AES-256-GCM, SHA-384, ECP-384: NCSC's PSN/PRIME-style profile. */
export const DEFAULT_IPSEC: IpsecModel = Object.freeze({ ikeVersion: 2, cipher: 'aes256-gcm', integrity: 'sha384', dhGroup: 20 });

const CIPHERS: readonly IpsecModel['cipher'][] = ['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc', '3des'];
const INTEGRITY: readonly IpsecModel['integrity'][] = ['sha384', 'sha256', 'sha1'];
const DH_GROUPS: readonly IpsecModel['dhGroup'][] = [2, 5, 14, 19, 20, 24];
const COMMUNITY_KINDS: readonly CommunityNetworkModel['kind'][] = ['psn-policing', 'gcsx', 'community'];

export function resolveInterconnect(path: string, id: string, givenProps: InterconnectIntentProps): InterconnectModel {
  const props = requireProps(givenProps, path, 'Interconnect');
  const sites = props.sites;
  const community = props.community !== undefined ? resolveCommunity(props.community, `${path}/community`) : undefined;
  const wanted = community ? 1 : 2;
  if (!Array.isArray(sites) || sites.length !== wanted || new Set(sites).size !== sites.length) {
    fail({
      code: 'INTERCONNECT_ENDS_INVALID',
      path,
      problem: community ? 'an interconnect to a community network has one estate site at its end' : 'a site-to-site interconnect joins two different sites of the estate',
      given: show(sites),
      expected: community ? 'site: the Site that connects to the community network' : 'sites: [siteA, siteB], two different Sites',
      fix: community ? 'give one site, and the community network' : 'give the two sites the link joins, or a community network',
    });
  }
  const addresses = props.publicAddresses ?? {};
  if (typeof addresses !== 'object' || addresses === null) {
    fail({ code: 'INTERCONNECT_ADDRESS_INVALID', path, problem: 'publicAddresses is not a map of site id to address', given: show(addresses), expected: "{ 'azure-uksouth': '20.0.113.7' }", fix: 'key each address by the id of the site whose gateway has it' });
  }
  for (const site of Object.keys(addresses)) {
    if (!sites.includes(site)) {
      fail({ code: 'INTERCONNECT_ADDRESS_INVALID', path, problem: `publicAddresses names site "${site}", which is not an end of the interconnect`, given: show(addresses), expected: `addresses of ${sites.map((s) => `"${s}"`).join(' and ')} only`, fix: `remove "${site}" from publicAddresses` });
    }
  }
  return {
    path,
    id,
    ...(props.description !== undefined ? { description: requireString(props.description, path, 'description', 'a short description') } : {}),
    ends: sites.map((site) => ({
      site,
      ...(addresses[site] !== undefined ? { publicAddress: requireGatewayAddress(addresses[site], path, `publicAddresses["${site}"]`) } : {}),
    })),
    ...(community ? { community } : {}),
    ...(props.coco !== undefined
      ? {
          coco: {
            reference: requireString(props.coco?.reference, path, 'coco.reference', 'the Code of Connection reference, e.g. "PSNP-CoCo-2026-0142"'),
            expires: requireIsoDate(props.coco?.expires, path, 'coco.expires'),
          },
        }
      : {}),
    ...(props.ithc !== undefined
      ? {
          ithc: {
            reference: requireString(props.ithc?.reference, path, 'ithc.reference', 'the IT Health Check report reference'),
            date: requireIsoDate(props.ithc?.date, path, 'ithc.date'),
          },
        }
      : {}),
    ipsec: resolveIpsec(props.ipsec, path),
  };
}

function resolveIpsec(given: IpsecProps | undefined, path: string): IpsecModel {
  if (given === undefined) return DEFAULT_IPSEC;
  const ipsec = { ...DEFAULT_IPSEC, ...requireProps(given, `${path}/ipsec`, 'ipsec') };
  if (
    (ipsec.ikeVersion !== 1 && ipsec.ikeVersion !== 2) ||
    !CIPHERS.includes(ipsec.cipher) ||
    !INTEGRITY.includes(ipsec.integrity) ||
    !DH_GROUPS.includes(ipsec.dhGroup)
  ) {
    fail({
      code: 'IPSEC_INVALID',
      path: `${path}/ipsec`,
      problem: 'IPsec parameters are not ones pcloud can render',
      given: show(given),
      expected: `{ ikeVersion?: 1 | 2, cipher?: ${CIPHERS.map((c) => `"${c}"`).join(' | ')}, integrity?: ${INTEGRITY.map((c) => `"${c}"`).join(' | ')}, dhGroup?: ${DH_GROUPS.join(' | ')} }`,
      fix: 'omit ipsec for IKEv2 with AES-256-GCM, SHA-384 and DH group 20',
    });
  }
  return { ikeVersion: ipsec.ikeVersion, cipher: ipsec.cipher, integrity: ipsec.integrity, dhGroup: ipsec.dhGroup };
}

function resolveCommunity(given: CommunityNetworkProps, path: string): CommunityNetworkModel {
  const props = requireProps(given, path, 'community network');
  if (!COMMUNITY_KINDS.includes(props.kind)) {
    fail({
      code: 'COMMUNITY_KIND_INVALID',
      path,
      problem: 'unknown community network kind',
      given: show(props.kind),
      expected: COMMUNITY_KINDS.map((k) => `"${k}"`).join(', '),
      fix: 'use "psn-policing" for PSN for Policing, "gcsx" for a local-authority extranet',
    });
  }
  return {
    name: requireString(props.name, path, 'name', 'the community network, e.g. "PSN for Policing"'),
    kind: props.kind,
    gatewayAddress: requireGatewayAddress(props.gatewayAddress, path, 'gatewayAddress'),
    prefixes: requirePrefixes(props.prefixes, path, 'prefixes'),
  };
}

/** A single IPv4 address that can terminate IPsec: not unspecified, loopback, link-local, multicast or broadcast. */
export function requireGatewayAddress(value: unknown, path: string, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const ok = ipaddr.IPv4.isValidFourPartDecimal(text) && !['unspecified', 'loopback', 'linkLocal', 'multicast', 'broadcast'].includes(ipaddr.IPv4.parse(text).range());
  if (!ok) {
    fail({
      code: 'GATEWAY_ADDRESS_INVALID',
      path,
      problem: `${field} is not an IPv4 address a gateway can have`,
      given: show(value),
      expected: 'one IPv4 address, e.g. "198.51.100.7" (not 0.0.0.0, loopback, link-local or multicast)',
      fix: `set ${field} to the public address of the gateway`,
    });
  }
  return text;
}

/** Address prefixes of something outside the estate: IPv4 CIDRs no wider than /8, never 0.0.0.0/0. */
export function requirePrefixes(value: unknown, path: string, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail({
      code: 'PREFIXES_MISSING',
      path,
      problem: `${field} is not a list of address prefixes`,
      given: show(value),
      expected: 'one or more IPv4 CIDRs, e.g. ["10.200.16.0/24"]',
      fix: `list the prefixes reached, as narrow as they are known`,
    });
  }
  return [
    ...new Set(
      value.map((p) => {
        const cidr = Cidr.parse(p, { path, field });
        if (cidr.prefix < 8) {
          fail({
            code: 'PREFIX_TOO_WIDE',
            path,
            problem: `${field} includes ${cidr}, which is wider than /8`,
            given: show(p),
            expected: 'prefixes of /8 or narrower; never 0.0.0.0/0 (that would be the internet)',
            fix: 'list the prefixes actually reached, as the Code of Connection or ISA gives them',
          });
        }
        return cidr.toString();
      }),
    ),
  ];
}
