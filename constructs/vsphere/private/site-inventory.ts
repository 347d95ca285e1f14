import { Construct } from 'constructs';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereDistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import type { VsphereSiteModel, VsphereTemplateModel } from '../../../lib/model/types';
import { constructId } from './ids';

/**
 * Data sources for a site's existing inventory, created on first use. Each network and enclave
 * has its own, so an enclave in another Terraform stack never refers to its network's objects.
 */
export class SiteInventory extends Construct {
  private dc?: DataVsphereDatacenter;
  private computeCluster?: DataVsphereComputeCluster;
  private store?: DataVsphereDatastore;
  private dvs?: DataVsphereDistributedVirtualSwitch;
  private policy?: DataVsphereStoragePolicy;
  private readonly templates = new Map<string, DataVsphereVirtualMachine>();

  constructor(
    scope: Construct,
    id: string,
    readonly site: VsphereSiteModel,
  ) {
    super(scope, id);
  }

  get datacenter(): DataVsphereDatacenter {
    this.dc ??= new DataVsphereDatacenter(this, 'Datacenter', { name: this.site.datacenter });
    return this.dc;
  }

  get cluster(): DataVsphereComputeCluster {
    this.computeCluster ??= new DataVsphereComputeCluster(this, 'Cluster', { name: this.site.cluster, datacenterId: this.datacenter.id });
    return this.computeCluster;
  }

  get datastore(): DataVsphereDatastore {
    this.store ??= new DataVsphereDatastore(this, 'Datastore', { name: this.site.datastore, datacenterId: this.datacenter.id });
    return this.store;
  }

  get distributedSwitch(): DataVsphereDistributedVirtualSwitch {
    this.dvs ??= new DataVsphereDistributedVirtualSwitch(this, 'DistributedSwitch', {
      name: this.site.distributedSwitch,
      datacenterId: this.datacenter.id,
    });
    return this.dvs;
  }

  /** The VM storage policy that encrypts VM homes and disks (rule PCR-05). */
  get encryptionPolicy(): DataVsphereStoragePolicy {
    this.policy ??= new DataVsphereStoragePolicy(this, 'EncryptionPolicy', { name: this.site.encryptionStoragePolicy });
    return this.policy;
  }

  /** A VM template by name. */
  template(template: VsphereTemplateModel): DataVsphereVirtualMachine {
    let found = this.templates.get(template.name);
    if (!found) {
      found = new DataVsphereVirtualMachine(this, constructId('Template', template.name), {
        name: template.name,
        datacenterId: this.datacenter.id,
      });
      this.templates.set(template.name, found);
    }
    return found;
  }
}
