import { Construct } from 'constructs';
import { fail, show } from '../lib/errors';
import { resolveInterconnect, type CommunityNetworkProps, type IpsecProps } from '../lib/model/interconnect';
import type { InterconnectModel } from '../lib/model/types';
import { PoliceCloud } from './police-cloud';
import { checkNewChild, childPath, requireScope } from './private/scope';
import { Site } from './site';

const INTERCONNECT = Symbol.for('pcloud.Interconnect');

export interface InterconnectProps {
  /**
   * The two sites a site-to-site link joins. Give either `sites`, or `site` and `community`.
   * @default - none
   */
  readonly sites?: readonly [Site, Site];
  /** The site that connects to a community network. */
  readonly site?: Site;
  /** The community network reached: PSN for Policing, a GCSx-style extranet. */
  readonly community?: CommunityNetworkProps;
  /**
   * Public addresses of gateways pcloud cannot know before they are deployed, by site id: between
   * two cloud sites each end needs the other's. A vSphere end uses its site's `edge`.
   * @default - none
   */
  readonly publicAddresses?: Readonly<Record<string, string>>;
  /** Code of Connection: reference and expiry. Required on community-network links (rule PCR-31). */
  readonly coco?: { readonly reference: string; readonly expires: string };
  /** The last IT Health Check: reference and date (YYYY-MM-DD); current for a year (rule PCR-31). */
  readonly ithc?: { readonly reference: string; readonly date: string };
  /**
   * IKE and IPsec parameters (rule PCR-10).
   * @default IKEv2, AES-256-GCM, SHA-384, DH group 20
   */
  readonly ipsec?: IpsecProps;
  readonly description?: string;
}

/**
 * An IPsec link between two sites of the estate, or from a site to a community network such as
 * PSN for Policing, under a Code of Connection. Exchanges and shared services between sites
 * cross interconnects; nothing crosses the internet. Enclaves route only the prefixes their
 * exchanges and services need through it.
 */
export class Interconnect extends Construct {
  static isInterconnect(x: unknown): x is Interconnect {
    return typeof x === 'object' && x !== null && INTERCONNECT in x;
  }

  readonly model: InterconnectModel;

  constructor(cloud: PoliceCloud, id: string, props: InterconnectProps) {
    requireScope(cloud, PoliceCloud.isPoliceCloud, id, 'Interconnect', 'PoliceCloud');
    checkNewChild(cloud, id, 'interconnect');
    const path = childPath(cloud, id);
    const given = typeof props === 'object' && props !== null ? props : ({} as InterconnectProps);
    const ends: unknown[] = given.sites !== undefined ? (Array.isArray(given.sites) ? given.sites : [given.sites]) : given.site !== undefined ? [given.site] : [];
    for (const s of ends) {
      if (!Site.isSite(s) || PoliceCloud.of(s) !== cloud) {
        fail({
          code: 'INTERCONNECT_ENDS_INVALID',
          path,
          problem: 'an end of the interconnect is not a Site of this estate',
          given: show(Site.isSite(s) ? s.node.path : s),
          expected: 'sites: [siteA, siteB], or site: siteA with community: { ... }',
          fix: 'pass the Site objects returned by Site.aws, Site.azure or Site.vsphere',
        });
      }
    }
    const model = resolveInterconnect(path, id, {
      ...given,
      sites: (ends as Site[]).map((s) => s.node.id),
    });
    super(cloud, id);
    Object.defineProperty(this, INTERCONNECT, { value: true });
    this.model = model;
  }
}
