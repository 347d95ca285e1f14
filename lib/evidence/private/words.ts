import type { AssuranceLevel, IpsecModel, Operator, Platform } from '../../model/types';
import type { ExpiryStatus, OutcomeStatus, SubjectKind } from '../types';

/** The words the pack uses, shared by the diagram, the Markdown and the HTML. */

export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = { aws: 'AWS', azure: 'Azure', vsphere: 'VMware vSphere' };

export const OPERATOR_NAMES: Readonly<Record<Operator, string>> = {
  'public-cloud': 'public cloud',
  supplier: 'supplier data centre',
  force: 'force estate',
};

export const ASSURANCE_NAMES: Readonly<Record<AssuranceLevel, string>> = { PASF: 'PASF', 'accredited-private': 'accredited private site' };

export const STATUS_NAMES: Readonly<Record<OutcomeStatus, string>> = {
  held: 'Held',
  failed: 'Failed',
  accepted: 'Accepted',
  'not-applicable': 'Not applicable',
};

/** A symbol beside the word, so status never rests on colour alone. */
export const STATUS_SYMBOLS: Readonly<Record<OutcomeStatus, string>> = {
  held: '\u2714',
  failed: '\u2716',
  accepted: '\u25d0',
  'not-applicable': '\u2013',
};

export const EXPIRY_NAMES: Readonly<Record<ExpiryStatus, string>> = { current: 'Current', expiring: 'Expiring soon', expired: 'EXPIRED' };

export const SUBJECT_KIND_NAMES: Readonly<Record<SubjectKind, string>> = {
  estate: 'estate',
  site: 'site',
  network: 'network',
  enclave: 'enclave',
  workload: 'workload',
  exchange: 'secure exchange',
  'shared-service': 'shared service',
  interconnect: 'interconnect',
};

/** An IPsec profile as an accreditor reads it: `IKEv2, AES-256-GCM, SHA-384, DH group 20`. */
export function ipsecText(ipsec: IpsecModel): string {
  const cipher = ipsec.cipher === '3des' ? '3DES' : ipsec.cipher.toUpperCase().replace(/^AES(\d+)/, 'AES-$1');
  return `IKEv${ipsec.ikeVersion}, ${cipher}, ${ipsec.integrity.toUpperCase().replace(/^SHA/, 'SHA-')}, DH group ${ipsec.dhGroup}`;
}

/** The age of an IT Health Check: "160 days ago", "today", "dated 3 days in the future". */
export function ageText(days: number): string {
  if (days > 0) return `${days} day${days === 1 ? '' : 's'} ago`;
  if (days === 0) return 'today';
  return `dated ${-days} day${days === -1 ? '' : 's'} in the future`;
}

/** Colours per classification: box fill, border and the marking banner (white text on it). */
export const CLASSIFICATION_COLOURS: Readonly<Record<string, { readonly fill: string; readonly stroke: string; readonly banner: string }>> = {
  OFFICIAL: { fill: '#eef5fb', stroke: '#2b6593', banner: '#2b6593' },
  'OFFICIAL-SENSITIVE': { fill: '#fff5e5', stroke: '#a85400', banner: '#a85400' },
  SECRET: { fill: '#fdeeee', stroke: '#a61b22', banner: '#a61b22' },
  'TOP SECRET': { fill: '#f4eef9', stroke: '#5f3593', banner: '#5f3593' },
};

export function colourOf(marking: string): { readonly fill: string; readonly stroke: string; readonly banner: string } {
  return CLASSIFICATION_COLOURS[marking] ?? CLASSIFICATION_COLOURS.OFFICIAL;
}

/** Days to an expiry as the pack says them: "50 days left", "0 days left (last day)", "-10 days (expired 10 days ago)". */
export function daysLeftText(days: number): string {
  if (days > 0) return `${days} day${days === 1 ? '' : 's'} left`;
  if (days === 0) return '0 days left (last day)';
  return `${days} day${days === -1 ? '' : 's'} (expired ${-days} day${days === -1 ? '' : 's'} ago)`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
