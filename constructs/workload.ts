import { Construct } from 'constructs';
import { resolveFlow, resolveWorkloadIntent, type WorkloadIntent, type WorkloadProps } from '../lib/model/workload';
import type { FlowModel } from '../lib/model/types';
import type { PortSpec } from '../lib/ports';
import { PoliceCloud } from './police-cloud';
import { checkNewChild, checkRenamedChild, childPath, requireFlowSource, requireScope } from './private/scope';
import { TenantEnclave } from './tenant-enclave';

const WORKLOAD = Symbol.for('pcloud.Workload');

/**
 * A VM, PostgreSQL database or object store in an enclave. It accepts traffic only from the
 * workloads declared with `allowFrom`.
 */
export class Workload extends Construct {
  static isWorkload(x: unknown): x is Workload {
    return typeof x === 'object' && x !== null && WORKLOAD in x;
  }

  readonly enclave: TenantEnclave;
  readonly intent: WorkloadIntent;
  private readonly declaredFlows: FlowModel[] = [];

  constructor(enclave: TenantEnclave, id: string, props: WorkloadProps) {
    requireScope(enclave, TenantEnclave.isTenantEnclave, id, 'Workload', 'TenantEnclave');
    checkNewChild(enclave, id, 'workload');
    const path = childPath(enclave, id);
    const site = enclave.network.site.model;
    const objectStoreSites = PoliceCloud.of(enclave).sites.filter((s) => s.platform !== 'vsphere').map((s) => s.node.id);
    const intent = resolveWorkloadIntent(path, id, props, {
      enclave: {
        path: enclave.node.path,
        stablePath: enclave.intent.stablePath,
        classification: enclave.intent.classification.marking,
        tiers: enclave.layout?.tiers,
      },
      site,
      objectStoreSites,
    });
    checkRenamedChild(enclave, intent, 'workload');
    super(enclave, id);
    Object.defineProperty(this, WORKLOAD, { value: true });
    this.enclave = enclave;
    this.intent = intent;
  }

  /** The id the workload had before it was renamed, if it was (see `renamedFrom` in the props). */
  get renamedFrom(): string | undefined {
    return this.intent.renamedFrom;
  }

  /**
   * Declares that `source` may open connections to this workload on `port` (a number is a TCP
   * port). Both must be in the same enclave; traffic between enclaves needs a secure exchange.
   */
  allowFrom(source: Workload, port: number | PortSpec): this {
    requireFlowSource(source, Workload.isWorkload, this.node.path, 'Workload');
    this.declaredFlows.push(resolveFlow(source.intent, this.intent, port));
    return this;
  }

  /** Flows into this workload, in declaration order. */
  get flows(): readonly FlowModel[] {
    return this.declaredFlows;
  }
}
