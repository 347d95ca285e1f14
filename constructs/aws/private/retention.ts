import * as logs from 'aws-cdk-lib/aws-logs';

/** The retention periods CloudWatch Logs accepts, shortest first (never `INFINITE`: pcloud always states a period). */
const ALLOWED: readonly logs.RetentionDays[] = Object.values(logs.RetentionDays)
  .filter((d): d is logs.RetentionDays => typeof d === 'number' && d !== logs.RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/**
 * The CloudWatch Logs retention for a number of days: the shortest period CloudWatch accepts that
 * keeps the logs at least that long (400 for 366, 1827 for 2000). Days beyond the longest period
 * (ten years) keep the longest. A period shorter than 365 days is rendered as asked: rule PCR-21
 * reports it, and a risk acceptance decides.
 */
export function logRetention(days: number): logs.RetentionDays {
  return ALLOWED.find((d) => d >= days) ?? ALLOWED[ALLOWED.length - 1];
}
