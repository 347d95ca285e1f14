import { Fn } from 'aws-cdk-lib';
import type { SiteModel } from '../../../lib/model/types';

/**
 * The account's `index`th availability zone in the site's region. Zone names map to different
 * physical zones per account, so pcloud asks CloudFormation rather than hard-coding `eu-west-2a`.
 */
export function availabilityZone(site: SiteModel, index: 0 | 1 | number): string {
  return Fn.select(index, Fn.getAzs(site.aws!.region));
}
