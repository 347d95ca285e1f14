import { shortHash } from '../hash';
import { fit, kebab } from './fit';

/**
 * Names of AWS resources. Derived from construct ids only, so they are deterministic; where AWS
 * needs global uniqueness (S3) a short hash of account, region and path is added.
 */
export const awsNames = {
  /** KMS alias for an enclave's or network's key. */
  keyAlias(estate: string, network: string, enclave?: string): string {
    return fit(`alias/pcloud/${[estate, network, enclave].filter(Boolean).join('/')}`, 250);
  },

  /** CloudWatch Logs group for a network's VPC flow logs. */
  flowLogGroup(estate: string, network: string): string {
    return `/pcloud/${estate}/${network}/vpc-flow-logs`;
  },

  /** CloudWatch Logs group for an enclave's audit stream (DPA 2018 s.62 sink). */
  auditLogGroup(estate: string, network: string, enclave: string): string {
    return `/pcloud/${estate}/${network}/${enclave}/audit`;
  },

  /** S3 bucket: 3–63 lowercase letters, digits and hyphens, globally unique. */
  bucket(account: string, region: string, estate: string, tenantCode: string, workloadPath: string, workloadId: string): string {
    const hash = shortHash(`${account}/${region}/${estate}/${workloadPath}`, 10);
    return `pcloud-${tenantCode}-${workloadId.slice(0, 30).replace(/-+$/, '')}-${hash}`;
  },

  /** RDS instance identifier: at most 63, starts with a letter, no double or trailing hyphen. */
  database(estate: string, tenantCode: string, workloadPath: string, workloadId: string): string {
    const hash = shortHash(`${estate}/${workloadPath}`, 6);
    return `pc-${tenantCode}-${workloadId.slice(0, 30).replace(/-+$/, '')}-${hash}`;
  },

  /** KMS alias of a site's key (audit trail, log archive, findings), under its own prefix so that no network's alias can equal it. */
  siteKeyAlias(estate: string): string {
    return fit(`alias/pcloud-site/${estate}`, 250);
  },

  /** The site's immutable log archive: one bucket per account and region, globally unique. */
  logArchiveBucket(account: string, region: string, estate: string): string {
    return siteBucket('logs', account, region, estate);
  },

  /** The site's S3 server access log bucket (S3 delivers access logs only to an SSE-S3 bucket without Object Lock). */
  accessLogBucket(account: string, region: string, estate: string): string {
    return siteBucket('access', account, region, estate);
  },

  /** CloudTrail trail name: 3–128 letters, digits, `.`, `_` and `-`, starting with a letter or digit. */
  trail(estate: string): string {
    return fit(`pcloud-${estate}`, 128);
  },

  /** CloudWatch Logs group that CloudTrail delivers to. */
  trailLogGroup(estate: string): string {
    return `/pcloud/${estate}/cloudtrail`;
  },

  /** CloudWatch Logs group of GuardDuty and Security Hub findings for the SIEM (EventBridge log targets live under `/aws/events/`). */
  findingsLogGroup(estate: string): string {
    return `/aws/events/pcloud/${estate}/security-findings`;
  },

  /** Firehose stream that copies enclave audit logs into the site's archive: at most 64 of letters, digits, `.`, `_` and `-`. */
  auditArchiveStream(estate: string): string {
    return fit(`pcloud-${estate}-audit-archive`, 64);
  },

  /** AWS Config rule name: at most 128, unique per account and region. */
  configRule(estate: string, ruleId: string, name: string): string {
    return fit(`pcloud-${estate}-${ruleId.toLowerCase()}-${name}`, 128);
  },

  /** AWS Backup vault or plan of an enclave: 2–50 letters, digits, `-` and `_`. */
  backupVault(estate: string, network: string, enclave: string): string {
    return fit(`pcloud-${estate}-${network}-${enclave}`, 50);
  },

  /** The Name tag of an instance. */
  instance(tenantCode: string, workloadId: string): string {
    return `${tenantCode}-${workloadId}`;
  },

  /**
   * IAM role of an enclave's administrator group: `pcloud-<estate>-<network>-<enclave>-<group>`
   * (the group's name kebab-case), or, past IAM's 64 characters, the enclave and group cut short
   * with a hash of the full name, so that it stays unique in the account and readable.
   */
  administratorRole(estate: string, network: string, enclave: string, groupName: string): string {
    const group = administratorGroupSlug(groupName);
    const full = `pcloud-${estate}-${network}-${enclave}-${group}`;
    if (full.length <= 64) return full;
    const cut = (text: string, max: number) => text.slice(0, max).replace(/-+$/, '');
    return `pcloud-${cut(enclave, 16)}-${cut(group, 33)}-${shortHash(full, 6)}`;
  },

  /** Customer managed policy of an enclave's administrator roles (their permissions boundary or operator policy): at most 128. */
  administratorPolicy(estate: string, network: string, enclave: string, purpose: 'boundary' | 'operator'): string {
    return fit(`pcloud-${estate}-${network}-${enclave}-admin-${purpose}`, 128);
  },
};

/** An administrator group's name as a name part: kebab-case, or a hash when nothing of it is left (a name in another script). */
function administratorGroupSlug(groupName: string): string {
  return kebab(groupName) || `group-${shortHash(groupName, 8)}`;
}

/** `pcloud-<estate>-<purpose>-<hash>`: at most 63, lowercase, no double or trailing hyphen, unique per account and region. */
function siteBucket(purpose: string, account: string, region: string, estate: string): string {
  const hash = shortHash(`${account}/${region}/${estate}/${purpose}`, 10);
  return `pcloud-${estate.slice(0, 30).replace(/-+$/, '')}-${purpose}-${hash}`;
}
