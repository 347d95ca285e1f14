import { Construct } from 'constructs';
import { fail, show } from '../lib/errors';
import { resolveSharedService } from '../lib/model/exchange';
import type { SharedServiceModel } from '../lib/model/types';
import type { PortSpec } from '../lib/ports';
import { PoliceCloud } from './police-cloud';
import { checkNewChild, childPath, requireScope } from './private/scope';
import { TenantEnclave } from './tenant-enclave';
import { Workload } from './workload';

const SHARED_SERVICE = Symbol.for('pcloud.SharedService');

export interface SharedServiceProps {
  /** The VMs that serve it, all in one enclave (the provider's). */
  readonly providers: readonly Workload[];
  /** The enclaves that may use it. Nobody else can, and consumers never reach each other through it. */
  readonly consumers: readonly TenantEnclave[];
  /** The TCP ports it is offered on (a number is a TCP port). */
  readonly ports: readonly (number | PortSpec)[];
  readonly description?: string;
}

/**
 * A service (messaging, ERP) offered by VMs of one enclave to declared consumer enclaves on named
 * ports, privately: on AWS a PrivateLink endpoint service with an interface endpoint in each
 * consumer on the site, on Azure a Private Link service with private endpoints, on vSphere
 * firewall-manifest rules. A consumer on another site reaches it through an Interconnect.
 */
export class SharedService extends Construct {
  static isSharedService(x: unknown): x is SharedService {
    return typeof x === 'object' && x !== null && SHARED_SERVICE in x;
  }

  readonly model: SharedServiceModel;

  constructor(cloud: PoliceCloud, id: string, props: SharedServiceProps) {
    requireScope(cloud, PoliceCloud.isPoliceCloud, id, 'SharedService', 'PoliceCloud');
    checkNewChild(cloud, id, 'shared service');
    const path = childPath(cloud, id);
    const given = typeof props === 'object' && props !== null ? props : ({} as SharedServiceProps);
    const providers = Array.isArray(given.providers) ? given.providers : given.providers === undefined ? [] : [given.providers];
    const consumers = Array.isArray(given.consumers) ? given.consumers : given.consumers === undefined ? [] : [given.consumers];
    for (const p of providers) requireOfEstate(p, Workload.isWorkload, cloud, path, 'providers', 'Workload');
    for (const c of consumers) requireOfEstate(c, TenantEnclave.isTenantEnclave, cloud, path, 'consumers', 'TenantEnclave');
    const model = resolveSharedService(path, id, {
      providers: (providers as Workload[]).map((w) => w.intent),
      consumers: (consumers as TenantEnclave[]).map((e) => e.node.path),
      ports: given.ports,
      ...(given.description !== undefined ? { description: given.description } : {}),
    });
    super(cloud, id);
    Object.defineProperty(this, SHARED_SERVICE, { value: true });
    this.model = model;
  }
}

/** Throws unless `x` is a construct of the kind wanted in the same estate. */
export function requireOfEstate<T extends Construct>(x: unknown, is: (x: unknown) => x is T, cloud: PoliceCloud, path: string, field: string, what: string): T {
  if (!is(x) || PoliceCloud.of(x) !== cloud) {
    fail({
      code: 'REFERENCE_INVALID',
      path,
      problem: `${field} holds something that is not a ${what} of this estate`,
      given: is(x) ? `${what} "${x.node.path}" of another estate` : show(x),
      expected: `${what} objects created in this PoliceCloud`,
      fix: `pass the ${what} objects themselves, e.g. the value new ${what}(...) returned`,
    });
  }
  return x;
}
