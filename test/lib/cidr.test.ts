import { Cidr } from '../../lib/cidr';
import { pcloudErrorOf } from '../helpers';

const ctx = { path: 'net', field: 'addressSpace' };

describe('Cidr', () => {
  test('parses a private block and does arithmetic on it', () => {
    const c = Cidr.parsePrivate('10.20.0.0/16', ctx);
    expect(c.toString()).toBe('10.20.0.0/16');
    expect(c.size).toBe(65536);
    expect(c.subnet(24, 255).toString()).toBe('10.20.255.0/24');
    expect(c.count(22)).toBe(64);
    expect(c.address(1)).toBe('10.20.0.1');
    expect(c.subnet(24, 3).netmask).toBe('255.255.255.0');
    expect(c.contains(Cidr.parse('10.20.4.0/22', ctx))).toBe(true);
    expect(c.overlaps(Cidr.parse('10.0.0.0/8', ctx))).toBe(true);
    expect(c.overlaps(Cidr.parse('10.21.0.0/16', ctx))).toBe(false);
  });

  test.each([
    ['172.16.0.0/12', '172.16.0.0/12'],
    ['192.168.10.0/24', '192.168.10.0/24'],
    [' 10.0.0.0/8 ', '10.0.0.0/8'],
  ])('accepts the RFC 1918 block %s', (given, expected) => {
    expect(Cidr.parsePrivate(given, ctx).toString()).toBe(expected);
  });

  test.each([
    ['8.8.8.0/24', 'CIDR_NOT_PRIVATE'],
    ['100.64.0.0/16', 'CIDR_NOT_PRIVATE'],
    ['10.0.0.0/7', 'CIDR_NOT_PRIVATE'],
    ['172.15.0.0/16', 'CIDR_NOT_PRIVATE'],
    ['10.0.0.0/33', 'CIDR_PREFIX_OUT_OF_RANGE'],
    ['10.0.0.1/16', 'CIDR_HOST_BITS_SET'],
    ['10.0.0/16', 'CIDR_MALFORMED'],
    ['010.0.0.0/8', 'CIDR_MALFORMED'],
    ['10.0.0.256/24', 'CIDR_MALFORMED'],
    ['10.0.0.0', 'CIDR_MALFORMED'],
    ['fd00::/8', 'CIDR_IPV6_UNSUPPORTED'],
  ])('fails when the block is %s (%s)', (given, code) => {
    const error = pcloudErrorOf(() => Cidr.parsePrivate(given, ctx));
    expect(error.code).toBe(code);
    expect(error.path).toBe('net');
    expect(error.given).toBe(JSON.stringify(given));
  });

  test('fails when the value is not a string', () => {
    expect(pcloudErrorOf(() => Cidr.parse(167772160, ctx)).code).toBe('CIDR_MALFORMED');
  });

  test('suggests the network address when host bits are set', () => {
    expect(pcloudErrorOf(() => Cidr.parse('10.1.2.3/16', ctx)).fix).toContain('10.1.0.0/16');
  });
});
