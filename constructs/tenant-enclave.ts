import { Construct } from 'constructs';
import { fail } from '../lib/errors';
import { enclavesOverlap, layoutEnclave, resolveEnclaveIntent, type EnclaveIntent, type TenantEnclaveProps } from '../lib/model/enclave';
import type { EnclaveModel } from '../lib/model/types';
import { AccreditedNetwork } from './accredited-network';
import { checkNewChild, checkRenamedChild, childPath, requireScope } from './private/scope';
import { Workload } from './workload';

const TENANT_ENCLAVE = Symbol.for('pcloud.TenantEnclave');

/**
 * One force's (or partner's) isolated slice of an accredited network: its own subnets per tier,
 * keys, logs and state. Nothing crosses its boundary unless declared.
 */
export class TenantEnclave extends Construct {
  static isTenantEnclave(x: unknown): x is TenantEnclave {
    return typeof x === 'object' && x !== null && TENANT_ENCLAVE in x;
  }

  readonly network: AccreditedNetwork;
  /** What the props say; the address space may still be unallocated. */
  readonly intent: EnclaveIntent;
  /** Tier layout when the address space was given; undefined until allocation otherwise. */
  readonly layout?: EnclaveModel;

  constructor(network: AccreditedNetwork, id: string, props: TenantEnclaveProps) {
    requireScope(network, AccreditedNetwork.isAccreditedNetwork, id, 'TenantEnclave', 'AccreditedNetwork');
    checkNewChild(network, id, 'enclave');
    const path = childPath(network, id);
    const intent = resolveEnclaveIntent(path, id, props, network.model, network.site.model);
    checkRenamedChild(network, intent, 'enclave');
    for (const other of network.enclaves) {
      if (other.intent.tenant.code === intent.tenant.code) {
        fail({
          code: 'DUPLICATE_TENANT',
          path,
          problem: `${intent.tenant.name} already has enclave "${other.node.path}" on this network`,
          given: `tenant "${intent.tenant.code}"`,
          expected: 'one enclave per tenant per network',
          fix: `add the workloads to "${other.node.path}", or place this enclave on another network`,
        });
      }
      if (intent.cidr && other.intent.cidr && intent.cidr.overlaps(other.intent.cidr)) {
        throw enclavesOverlap(path, intent.cidr, other.node.path, other.intent.cidr);
      }
    }
    super(network, id);
    Object.defineProperty(this, TENANT_ENCLAVE, { value: true });
    this.network = network;
    this.intent = intent;
    if (intent.cidr) this.layout = layoutEnclave(intent, intent.cidr);
  }

  /** The id the enclave had before it was renamed, if it was (see `renamedFrom` in the props). */
  get renamedFrom(): string | undefined {
    return this.intent.renamedFrom;
  }

  /** Workloads, in declaration order. */
  get workloads(): Workload[] {
    return this.node.children.filter(Workload.isWorkload);
  }
}
