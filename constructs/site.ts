import { Construct } from 'constructs';
import {
  resolveAwsSite,
  resolveAzureSite,
  resolveVsphereSite,
  type AwsSiteProps,
  type AzureSiteProps,
  type VsphereSiteProps,
} from '../lib/model/site';
import type { Platform, SiteModel } from '../lib/model/types';
import { PoliceCloud } from './police-cloud';
import { checkNewChild, childPath, requireScope } from './private/scope';

const SITE = Symbol.for('pcloud.Site');

/**
 * Where things run: an AWS account and region, an Azure subscription and location, or a vSphere
 * datacenter run by a supplier or a force. Create sites with the factories `Site.aws`,
 * `Site.azure` and `Site.vsphere`.
 */
export class Site extends Construct {
  static isSite(x: unknown): x is Site {
    return typeof x === 'object' && x !== null && SITE in x;
  }

  /** An AWS account in the London region (`eu-west-2`). */
  static aws(cloud: PoliceCloud, id: string, props: AwsSiteProps): Site {
    return Site.create(cloud, id, 'aws', (path) => resolveAwsSite(path, props));
  }

  /** An Azure subscription in UK South or UK West. */
  static azure(cloud: PoliceCloud, id: string, props: AzureSiteProps): Site {
    return Site.create(cloud, id, 'azure', (path) => resolveAzureSite(path, props));
  }

  /** A vSphere datacenter in a supplier's or a force's own data centre. */
  static vsphere(cloud: PoliceCloud, id: string, props: VsphereSiteProps): Site {
    return Site.create(cloud, id, 'vsphere', (path) => resolveVsphereSite(path, props));
  }

  private static create(cloud: PoliceCloud, id: string, platform: Platform, resolve: (path: string) => SiteModel): Site {
    const what = `Site.${platform}`;
    requireScope(cloud, PoliceCloud.isPoliceCloud, id, what, 'PoliceCloud');
    checkNewChild(cloud, id, 'site');
    return new Site(cloud, id, resolve(childPath(cloud, id)));
  }

  private constructor(
    scope: PoliceCloud,
    id: string,
    readonly model: SiteModel,
  ) {
    super(scope, id);
    Object.defineProperty(this, SITE, { value: true });
  }

  get platform(): Platform {
    return this.model.platform;
  }
}
