import { Construct } from 'constructs';
import { fail, show } from '../lib/errors';
import { checkNetworksApart } from '../lib/model/estate';
import { resolveNetwork, type AccreditedNetworkProps } from '../lib/model/network';
import type { NetworkModel } from '../lib/model/types';
import { PoliceCloud } from './police-cloud';
import { checkNewChild, checkRenamedChild, childPath, requireScope } from './private/scope';
import { Site } from './site';
import { TenantEnclave } from './tenant-enclave';

const ACCREDITED_NETWORK = Symbol.for('pcloud.AccreditedNetwork');

export interface AccreditedNetworkIntentProps extends AccreditedNetworkProps {
  /** The site the network is placed on. */
  readonly site: Site;
}

/**
 * An accredited address space on one site, with its classification ceiling and accreditation
 * record. Tenant enclaves are created inside it.
 */
export class AccreditedNetwork extends Construct {
  static isAccreditedNetwork(x: unknown): x is AccreditedNetwork {
    return typeof x === 'object' && x !== null && ACCREDITED_NETWORK in x;
  }

  readonly model: NetworkModel;
  readonly site: Site;

  constructor(cloud: PoliceCloud, id: string, props: AccreditedNetworkIntentProps) {
    requireScope(cloud, PoliceCloud.isPoliceCloud, id, 'AccreditedNetwork', 'PoliceCloud');
    checkNewChild(cloud, id, 'network');
    const path = childPath(cloud, id);
    const site = props?.site;
    if (!Site.isSite(site) || site.node.scope !== cloud) {
      fail({
        code: 'SITE_MISSING',
        path,
        problem: 'network is not placed on a site of this estate',
        given: Site.isSite(site) ? `site "${site.node.path}" of another estate` : show(site),
        expected: 'site: a Site created with Site.aws, Site.azure or Site.vsphere on the same PoliceCloud',
        fix: 'create the site first and pass it as props.site',
      });
    }
    const model = resolveNetwork(path, id, props, site.model);
    checkRenamedChild(cloud, model, 'network');
    checkNetworksApart([...cloud.networks.map((n) => n.model), model]);
    super(cloud, id);
    Object.defineProperty(this, ACCREDITED_NETWORK, { value: true });
    this.model = model;
    this.site = site;
  }

  /** The id the network had before it was renamed, if it was (see `renamedFrom` in the props). */
  get renamedFrom(): string | undefined {
    return this.model.renamedFrom;
  }

  /** Tenant enclaves, in declaration order. */
  get enclaves(): TenantEnclave[] {
    return this.node.children.filter(TenantEnclave.isTenantEnclave);
  }
}
