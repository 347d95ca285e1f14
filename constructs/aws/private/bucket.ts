import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every S3 bucket pcloud renders has in common: no public access, TLS 1.2 only, versioned,
 * ACLs off (the bucket owner owns every object) and retained when its stack goes. Encryption is the
 * caller's: KMS with the enclave's or the site's key, except for the access-log bucket, which S3
 * server access logging can only write with S3-managed keys.
 */
export function hardenedBucket(bucketName: string) {
  return {
    bucketName,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  } satisfies s3.BucketProps;
}
