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

  test("site buckets (log archive, access logs) stay legal for the longest estate, differ per account and from each other", () => {
    for (const name of [awsNames.logArchiveBucket('111122223333', 'eu-west-2', LONGEST_ID), awsNames.accessLogBucket('111122223333', 'eu-west-2', LONGEST_ID)]) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
      expect(name).not.toContain('--');
    }
    expect(awsNames.logArchiveBucket('111122223333', 'eu-west-2', 'national')).toMatch(/^pcloud-national-logs-[a-z0-9]{10}$/);
    expect(awsNames.logArchiveBucket('444455556666', 'eu-west-2', 'national')).not.toBe(awsNames.logArchiveBucket('111122223333', 'eu-west-2', 'national'));
    expect(awsNames.accessLogBucket('111122223333', 'eu-west-2', 'national')).not.toBe(awsNames.logArchiveBucket('111122223333', 'eu-west-2', 'national'));
  });

  test('site names: key alias apart from network aliases, trail, log groups, audit stream, Config rules', () => {
    expect(awsNames.siteKeyAlias('national')).toBe('alias/pcloud-site/national');
    expect(awsNames.siteKeyAlias('national').startsWith(awsNames.keyAlias('national', 'site'))).toBe(false);
    expect(awsNames.trail('national')).toBe('pcloud-national');
    expect(awsNames.trailLogGroup('national')).toBe('/pcloud/national/cloudtrail');
    expect(awsNames.findingsLogGroup('national')).toBe('/aws/events/pcloud/national/security-findings');
    expect(awsNames.auditArchiveStream(LONGEST_ID).length).toBeLessThanOrEqual(64);
    expect(awsNames.auditArchiveStream(LONGEST_ID)).toMatch(/^[a-zA-Z0-9_.-]+$/);
    expect(awsNames.configRule('national', 'PCR-05', 'encrypted-volumes')).toBe('pcloud-national-pcr-05-encrypted-volumes');
    expect(awsNames.configRule(LONGEST_ID, 'PCR-05', 's3-bucket-server-side-encryption-enabled').length).toBeLessThanOrEqual(128);
  });

  test('backup vault and plan names stay within 2–50 letters, digits, hyphens and underscores, and differ per enclave', () => {
    const name = awsNames.backupVault(LONGEST_ID, LONGEST_ID, LONGEST_ID);
    expect(name.length).toBeLessThanOrEqual(50);
    expect(name).toMatch(/^[a-zA-Z0-9\-_]{2,50}$/);
    expect(awsNames.backupVault('national', 'national-services', 'btp')).toBe('pcloud-national-national-services-btp');
    expect(awsNames.backupVault(LONGEST_ID, LONGEST_ID, `${LONGEST_ID.slice(0, 31)}x`)).not.toBe(name);
  });
});
