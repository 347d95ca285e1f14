// What the hand-written renderers share: address arithmetic and the standard tags, written out
// plainly (a hand-written estate numbers its enclaves in order; pcloud hashes them into slots).
import type { BenchEnclave, BenchNetwork, BenchTier } from '../estate-spec';

export const TIERS: readonly BenchTier[] = ['presentation', 'application', 'data', 'management'];
export const CLASSIFICATION = 'OFFICIAL-SENSITIVE';

function parse(cidr: string): { base: number; prefix: number } {
  const [address, prefix] = cidr.split('/');
  const base = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  return { base, prefix: Number(prefix) };
}

function format(base: number, prefix: number): string {
  return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.')}/${prefix}`;
}

/** The `index`th block of `/prefix` inside `cidr`. */
export function subnet(cidr: string, prefix: number, index: number): string {
  const { base } = parse(cidr);
  return format(base + index * 2 ** (32 - prefix), prefix);
}

/** The `n`th address of a block, without its prefix. */
export function address(cidr: string, n: number): string {
  return subnet(cidr, 32, n).replace(/\/32$/, '');
}

/** Enclave `index` of a network: the `index`th /22. */
export function enclaveCidr(network: BenchNetwork, index: number): string {
  return subnet(network.addressSpace, 22, index);
}

/** The network's last /24, for endpoints and other network services. */
export function servicesCidr(network: BenchNetwork): string {
  return subnet(network.addressSpace, 24, 255);
}

/** Tier `t` of an enclave: its `t`th /24. */
export function tierCidr(enclave: string, t: number): string {
  return subnet(enclave, parse(enclave).prefix + 2, t);
}

/** Half `z` of a block (one per availability zone). */
export function zoneCidr(block: string, z: number): string {
  return subnet(block, parse(block).prefix + 1, z);
}

export function prefixOf(cidr: string): number {
  return parse(cidr).prefix;
}

const accreditation = (network: BenchNetwork) => `NPIRMT-2026-${100 + ['aws', 'azure', 'vsphere'].indexOf(network.platform)}`;

export function siteTags(estate: string): Record<string, string> {
  return { classification: CLASSIFICATION, force: 'none', enclave: 'none', network: 'none', 'accreditation-reference': 'none', 'managed-by': 'pcloud', estate };
}

export function networkTags(estate: string, network: BenchNetwork): Record<string, string> {
  return { classification: CLASSIFICATION, force: 'none', enclave: 'none', network: network.id, 'accreditation-reference': accreditation(network), 'managed-by': 'pcloud', estate };
}

export function enclaveTags(estate: string, network: BenchNetwork, enclave: BenchEnclave): Record<string, string> {
  return {
    classification: CLASSIFICATION,
    force: enclave.tenant,
    enclave: `${network.id}/${enclave.id}`,
    network: network.id,
    'accreditation-reference': accreditation(network),
    'managed-by': 'pcloud',
    estate,
  };
}
