import { awsNames } from '../../../lib/naming/aws';
import { Tenants } from '../../../lib/tenant';

const LONGEST_ID = 'a'.repeat(20) + '-' + 'b'.repeat(11); // 32 characters, the most an id may have
const LONGEST_CODE = Tenants.all().reduce((a, t) => (t.code.length > a.length ? t.code : a), '');

describe('AWS names', () => {
  test('the longest force has the longest code', () => {
    expect(LONGEST_ID).toHaveLength(32);
    expect(LONGEST_CODE.length).toBeLessThanOrEqual(8);
  });

  test('S3 bucket names stay within 3–63 lowercase letters, digits and hyphens, and differ per account', () => {
    const name = awsNames.bucket('111122223333', 'eu-west-2', LONGEST_ID, LONGEST_CODE, `${LONGEST_ID}/${LONGEST_ID}/${LONGEST_ID}`, LONGEST_ID);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(name).not.toContain('--');
    expect(awsNames.bucket('444455556666', 'eu-west-2', 'e', 'kent', 'n/e/w', 'w')).not.toBe(awsNames.bucket('111122223333', 'eu-west-2', 'e', 'kent', 'n/e/w', 'w'));
  });

  test('RDS identifiers start with a letter, stay within 63 and have no double or trailing hyphen', () => {
    const name = awsNames.database(LONGEST_ID, LONGEST_CODE, `${LONGEST_ID}/${LONGEST_ID}/${LONGEST_ID}`, LONGEST_ID);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(name).not.toContain('--');
  });

  test('KMS aliases and log group names keep the construct path readable', () => {
    expect(awsNames.keyAlias('national', 'national-services', 'btp')).toBe('alias/pcloud/national/national-services/btp');
    expect(awsNames.keyAlias(LONGEST_ID, LONGEST_ID, LONGEST_ID).length).toBeLessThanOrEqual(256);
    expect(awsNames.auditLogGroup('national', 'net', 'kent')).toBe('/pcloud/national/net/kent/audit');
    expect(awsNames.flowLogGroup('national', 'net')).toBe('/pcloud/national/net/vpc-flow-logs');
  });
});
