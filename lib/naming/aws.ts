import { shortHash } from '../hash';
import { fit } from './fit';

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

  /** The Name tag of an instance. */
  instance(tenantCode: string, workloadId: string): string {
    return `${tenantCode}-${workloadId}`;
  },
};
