import * as ipaddr from 'ipaddr.js';
import { fail, show } from './errors';

/** Where a CIDR was written, for error messages. */
export interface CidrContext {
  readonly path: string;
  readonly field: string;
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** An IPv4 block in CIDR notation. Immutable; arithmetic on unsigned 32-bit integers. */
export class Cidr {
  /**
   * Parses and validates a private IPv4 CIDR: four-part decimal, prefix 0–32, no host bits set,
   * wholly inside one RFC 1918 block. Throws a PcloudError naming `ctx` otherwise.
   */
  static parsePrivate(text: unknown, ctx: CidrContext): Cidr {
    const cidr = Cidr.parse(text, ctx);
    if (!RFC1918.map((b) => Cidr.parse(b, ctx)).some((block) => block.contains(cidr))) {
      fail({
        code: 'CIDR_NOT_PRIVATE',
        path: ctx.path,
        problem: `${ctx.field} is not a private address range`,
        given: show(text),
        expected: `a block inside ${RFC1918.join(', ')} (RFC 1918)`,
        fix: `choose ${ctx.field} from the private ranges, for example 10.20.0.0/16`,
      });
    }
    return cidr;
  }

  /** Parses an IPv4 CIDR without the private-range check. */
  static parse(text: unknown, ctx: CidrContext): Cidr {
    const bad = (problem: string, expected: string, fix: string, code = 'CIDR_MALFORMED'): never =>
      fail({ code, path: ctx.path, problem: `${ctx.field} ${problem}`, given: show(text), expected, fix });
    if (typeof text !== 'string') {
      return bad('is not a string', 'an IPv4 CIDR string such as "10.20.0.0/16"', `set ${ctx.field} to a string`);
    }
    const trimmed = text.trim();
    if (trimmed.includes(':')) {
      return bad(
        'is an IPv6 range',
        'an IPv4 CIDR such as "10.20.0.0/16"',
        'pcloud renders IPv4 address plans only; use a private IPv4 range',
        'CIDR_IPV6_UNSUPPORTED',
      );
    }
    const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(trimmed);
    if (!match || !ipaddr.IPv4.isValidFourPartDecimal(match[1])) {
      return bad('is not an IPv4 CIDR', 'four decimal octets and a prefix length, e.g. "10.20.0.0/16"', 'write the address as a.b.c.d/n');
    }
    const prefix = Number(match[2]);
    if (prefix > 32) {
      return bad(`has prefix length /${prefix}, outside 0–32`, 'a prefix length from 0 to 32', 'use a prefix length such as /16 or /22', 'CIDR_PREFIX_OUT_OF_RANGE');
    }
    const address = toUint(ipaddr.IPv4.parse(match[1]).toByteArray());
    const cidr = new Cidr(address, prefix);
    if (cidr.network !== address) {
      return bad(
        'has host bits set',
        `the network address of the block, ${cidr.toString()}`,
        `write ${cidr.toString()} instead`,
        'CIDR_HOST_BITS_SET',
      );
    }
    return cidr;
  }

  /** First address as an unsigned 32-bit integer. */
  readonly network: number;

  private constructor(
    address: number,
    readonly prefix: number,
  ) {
    this.network = (address & maskOf(prefix)) >>> 0;
  }

  /** Number of addresses in the block. */
  get size(): number {
    return 2 ** (32 - this.prefix);
  }

  /** Last address as an unsigned 32-bit integer. */
  get last(): number {
    return this.network + this.size - 1;
  }

  contains(other: Cidr): boolean {
    return other.network >= this.network && other.last <= this.last;
  }

  overlaps(other: Cidr): boolean {
    return this.network <= other.last && other.network <= this.last;
  }

  /** The `index`th block of prefix `prefix` inside this one. */
  subnet(prefix: number, index: number): Cidr {
    if (prefix < this.prefix || prefix > 32) throw new RangeError(`cannot carve /${prefix} from ${this}`);
    const count = 2 ** (prefix - this.prefix);
    if (index < 0 || index >= count) throw new RangeError(`${this} has ${count} blocks of /${prefix}; index ${index} is outside`);
    return new Cidr(this.network + index * 2 ** (32 - prefix), prefix);
  }

  /** How many blocks of prefix `prefix` fit in this one. */
  count(prefix: number): number {
    return prefix < this.prefix ? 0 : 2 ** (prefix - this.prefix);
  }

  /** The address `offset` places after the network address, dotted. */
  address(offset: number): string {
    if (offset < 0 || offset >= this.size) throw new RangeError(`offset ${offset} is outside ${this}`);
    return toDotted(this.network + offset);
  }

  /** Dotted netmask, e.g. 255.255.255.0. */
  get netmask(): string {
    return toDotted(maskOf(this.prefix));
  }

  equals(other: Cidr): boolean {
    return this.network === other.network && this.prefix === other.prefix;
  }

  toString(): string {
    return `${toDotted(this.network)}/${this.prefix}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** Human range for messages: `10.0.0.0 – 10.0.255.255`. */
  describeRange(): string {
    return `${toDotted(this.network)} – ${toDotted(this.last)}`;
  }
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function toUint(bytes: number[]): number {
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

function toDotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
