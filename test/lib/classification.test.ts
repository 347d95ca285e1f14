import { Classification } from '../../lib/classification';
import { pcloudErrorOf } from '../helpers';

describe('Classification', () => {
  test('orders OFFICIAL < OFFICIAL-SENSITIVE < SECRET < TOP SECRET', () => {
    expect(Classification.ALL.map((c) => c.marking)).toEqual(['OFFICIAL', 'OFFICIAL-SENSITIVE', 'SECRET', 'TOP SECRET']);
    expect(Classification.OFFICIAL_SENSITIVE.isAbove(Classification.OFFICIAL)).toBe(true);
    expect(Classification.OFFICIAL.isAbove(Classification.OFFICIAL_SENSITIVE)).toBe(false);
    expect(Classification.SECRET.isAbove(Classification.OFFICIAL_SENSITIVE)).toBe(true);
  });

  test('OFFICIAL-SENSITIVE is OFFICIAL with the sensitive caveat, not a tier', () => {
    expect(Classification.OFFICIAL_SENSITIVE.level).toBe('OFFICIAL');
    expect(Classification.OFFICIAL_SENSITIVE.sensitive).toBe(true);
    expect(Classification.OFFICIAL_SENSITIVE.short).toBe('OS');
  });

  test('parses markings written in different ways', () => {
    expect(Classification.parse('official-sensitive')).toBe(Classification.OFFICIAL_SENSITIVE);
    expect(Classification.parse('OFFICIAL_SENSITIVE')).toBe(Classification.OFFICIAL_SENSITIVE);
    expect(Classification.parse('TOP-SECRET')).toBe(Classification.TOP_SECRET);
    expect(Classification.from({ marking: 'SECRET' }, 'p', 'ceiling')).toBe(Classification.SECRET);
  });

  test('fails when the marking is unknown, naming the markings it knows', () => {
    const error = pcloudErrorOf(() => Classification.parse('RESTRICTED', 'net/kent'));
    expect(error.code).toBe('CLASSIFICATION_UNKNOWN');
    expect(error.path).toBe('net/kent');
    expect(error.given).toBe('"RESTRICTED"');
    expect(error.expected).toContain('OFFICIAL-SENSITIVE');
  });

  test('serialises as its marking', () => {
    expect(JSON.stringify({ c: Classification.OFFICIAL_SENSITIVE })).toBe('{"c":"OFFICIAL-SENSITIVE"}');
  });
});
