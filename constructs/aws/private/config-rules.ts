import { ManagedRuleIdentifiers } from 'aws-cdk-lib/aws-config';
import { DEFAULT_LOG_RETENTION_DAYS } from '../../../lib/model/network';

/** An AWS managed Config rule that checks, at run time, what a catalogue rule asks. */
export interface GuardrailRule {
  /** Catalogue id (lib/policy/catalogue.ts); several managed rules may serve one id. */
  readonly rule: string;
  /** The managed rule's name in AWS's list, used in the deployed rule's name. */
  readonly name: string;
  readonly identifier: string;
  readonly inputParameters?: Readonly<Record<string, unknown>>;
}

/**
 * The estate's native run-time guardrails: AWS managed Config rules for the catalogue rules they
 * can check in an account. The model and output rules check what pcloud renders; these catch what
 * changes after deployment, or what was built beside pcloud.
 */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  { rule: 'PCR-05', name: 'encrypted-volumes', identifier: ManagedRuleIdentifiers.EBS_ENCRYPTED_VOLUMES },
  { rule: 'PCR-05', name: 'rds-storage-encrypted', identifier: ManagedRuleIdentifiers.RDS_STORAGE_ENCRYPTED },
  { rule: 'PCR-05', name: 's3-bucket-server-side-encryption-enabled', identifier: ManagedRuleIdentifiers.S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED },
  { rule: 'PCR-05', name: 'cloudwatch-log-group-encrypted', identifier: ManagedRuleIdentifiers.CLOUDWATCH_LOG_GROUP_ENCRYPTED },
  { rule: 'PCR-07', name: 'cmk-backing-key-rotation-enabled', identifier: ManagedRuleIdentifiers.CMK_BACKING_KEY_ROTATION_ENABLED },
  { rule: 'PCR-08', name: 's3-bucket-ssl-requests-only', identifier: ManagedRuleIdentifiers.S3_BUCKET_SSL_REQUESTS_ONLY },
  { rule: 'PCR-13', name: 'vpc-default-security-group-closed', identifier: ManagedRuleIdentifiers.VPC_DEFAULT_SECURITY_GROUP_CLOSED },
  { rule: 'PCR-14', name: 'ec2-instance-no-public-ip', identifier: ManagedRuleIdentifiers.EC2_INSTANCE_NO_PUBLIC_IP },
  { rule: 'PCR-14', name: 'subnet-auto-assign-public-ip-disabled', identifier: ManagedRuleIdentifiers.SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED },
  { rule: 'PCR-15', name: 's3-bucket-level-public-access-prohibited', identifier: ManagedRuleIdentifiers.S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED },
  { rule: 'PCR-15', name: 'rds-instance-public-access-check', identifier: ManagedRuleIdentifiers.RDS_INSTANCE_PUBLIC_ACCESS_CHECK },
  { rule: 'PCR-17', name: 'restricted-ssh', identifier: ManagedRuleIdentifiers.EC2_SECURITY_GROUPS_INCOMING_SSH_DISABLED },
  { rule: 'PCR-19', name: 'iam-policy-no-statements-with-admin-access', identifier: ManagedRuleIdentifiers.IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS },
  { rule: 'PCR-20', name: 'multi-region-cloudtrail-enabled', identifier: ManagedRuleIdentifiers.CLOUDTRAIL_MULTI_REGION_ENABLED },
  { rule: 'PCR-20', name: 'cloud-trail-log-file-validation-enabled', identifier: ManagedRuleIdentifiers.CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED },
  { rule: 'PCR-20', name: 'cloud-trail-encryption-enabled', identifier: ManagedRuleIdentifiers.CLOUD_TRAIL_ENCRYPTION_ENABLED },
  {
    rule: 'PCR-21',
    name: 'cw-loggroup-retention-period-check',
    identifier: ManagedRuleIdentifiers.CW_LOGGROUP_RETENTION_PERIOD_CHECK,
    inputParameters: { MinRetentionTime: DEFAULT_LOG_RETENTION_DAYS },
  },
  { rule: 'PCR-23', name: 'vpc-flow-logs-enabled', identifier: ManagedRuleIdentifiers.VPC_FLOW_LOGS_ENABLED },
  { rule: 'PCR-24', name: 'guardduty-enabled-centralized', identifier: ManagedRuleIdentifiers.GUARDDUTY_ENABLED_CENTRALIZED },
  { rule: 'PCR-24', name: 'securityhub-enabled', identifier: ManagedRuleIdentifiers.SECURITYHUB_ENABLED },
  { rule: 'PCR-28', name: 'ebs-in-backup-plan', identifier: ManagedRuleIdentifiers.EBS_IN_BACKUP_PLAN },
  { rule: 'PCR-28', name: 'rds-in-backup-plan', identifier: ManagedRuleIdentifiers.RDS_IN_BACKUP_PLAN },
  { rule: 'PCR-30', name: 'ec2-imdsv2-check', identifier: ManagedRuleIdentifiers.EC2_IMDSV2_CHECK },
];

/** CloudFormation metadata key naming the catalogue rule a Config rule serves (AWS::Config::ConfigRule takes no tags). */
export const RULE_METADATA_KEY = 'pcloud-rule';
