import { Tenants } from '../../lib/tenant';
import { pcloudErrorOf } from '../helpers';

describe('force catalogue', () => {
  test('holds the 43 territorial forces of England and Wales, Police Scotland and PSNI', () => {
    const territorial = Tenants.all().filter((t) => t.kind === 'territorial-force');
    expect(territorial).toHaveLength(45);
    expect(territorial.map((t) => t.code)).toEqual(expect.arrayContaining(['met', 'col', 'kent', 'gmp', 'scotland', 'psni', 'dyfpow']));
  });

  test('holds BTP and the national bodies', () => {
    expect(Tenants.force('btp')).toMatchObject({ kind: 'special-force', name: 'British Transport Police' });
    expect(Tenants.force('NCA')).toMatchObject({ kind: 'national-body', name: 'National Crime Agency' });
  });

  test('codes are unique, short and lowercase', () => {
    const codes = Tenants.all().map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z][a-z0-9]{1,7}$/);
  });

  test('fails for an unknown force and suggests the nearest code', () => {
    const error = pcloudErrorOf(() => Tenants.force('kentt', 'net/kent'));
    expect(error.code).toBe('FORCE_UNKNOWN');
    expect(error.fix).toContain('"kent"');
  });

  test('a partner has its own code and name', () => {
    expect(Tenants.partner('kcc', 'Kent County Council')).toEqual({ kind: 'partner', code: 'kcc', name: 'Kent County Council' });
  });

  test.each([
    ['a code that is a force code', () => Tenants.partner('kent', 'Kent'), 'PARTNER_CODE_IS_FORCE'],
    ['a code with capitals', () => Tenants.partner('KCC', 'Kent County Council'), 'PARTNER_CODE_INVALID'],
    ['no name', () => Tenants.partner('kcc', ' '), 'PARTNER_NAME_MISSING'],
  ])('a partner fails with %s', (_what, fn, code) => {
    expect(pcloudErrorOf(fn).code).toBe(code);
  });
});
