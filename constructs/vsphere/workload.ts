import { Construct } from 'constructs';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Cidr } from '../../lib/cidr';
import { fail } from '../../lib/errors';
import type { PortSpec } from '../../lib/ports';
import { requireProps } from '../../lib/model/checks';
import type { FlowModel, VsphereSiteModel, VsphereTemplateModel, WorkloadModel } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';
import { vsphereNames } from '../../lib/naming/vsphere';
import { SIZE_SHAPES } from '../../lib/sizes';
import { enclaveTags } from '../../lib/tags';
import { movedFrom, preventDestroy } from '../terraform';
import { previousConstructId } from '../private/target-state';
import { stableId } from '../../lib/model/renamed-from';
import { VSPHERE_ENCLAVE, VSPHERE_WORKLOAD, describeValue, hasSymbol } from './private/symbols';
import type { TenantEnclave } from './tenant-enclave';
import { requireFlowSource } from '../private/scope';

export type { WorkloadProps };

/** The VMX option behind a VM's "Encrypted vMotion" setting; the provider has no attribute for it. */
export const ENCRYPTED_VMOTION_OPTION = 'migrate.encryptionMode';

/**
 * A VM or PostgreSQL database VM in a vSphere enclave, cloned from the site's template: EFI
 * secure boot, a vTPM where the template supports one, encrypted home and disk, encrypted
 * vMotion, a static address on its tier's port group, and protection from `terraform destroy`.
 * vSphere cannot host object stores.
 *
 * A renamed workload (`renamedFrom`) keeps the VM and host names of its previous id (and its
 * address); only the VM's annotation, which vSphere updates in place, shows the new path. The VM
 * moves to its new address through a `moved` block.
 */
export class Workload extends Construct {
  /** True for any vSphere Workload, even one from another copy of the package. */
  static isWorkload(x: unknown): x is Workload {
    return hasSymbol(x, VSPHERE_WORKLOAD);
  }

  readonly enclave: TenantEnclave;
  readonly model: WorkloadModel;
  readonly virtualMachine: VirtualMachine;

  constructor(enclave: TenantEnclave, id: string, props: WorkloadProps) {
    const path = enclave?.node?.path ? `${enclave.node.path}/${id}` : String(id);
    if (!hasSymbol(enclave, VSPHERE_ENCLAVE)) {
      fail({
        code: 'SCOPE_INVALID',
        path,
        problem: 'a vSphere Workload must be created inside a vSphere TenantEnclave',
        given: describeValue(enclave),
        expected: `new vsphere.Workload(enclave, '${id}', { ... }) or enclave.addWorkload('${id}', { ... })`,
        fix: 'pass the vsphere.TenantEnclave the workload belongs to as the first argument',
      });
    }
    requireProps(props, path, 'Workload');
    const previousId = previousConstructId(enclave, id, props);
    const model = enclave.state.addWorkload(id, props);
    super(enclave, id);
    Object.defineProperty(this, VSPHERE_WORKLOAD, { value: true });
    if (previousId !== undefined) movedFrom(this, previousId);
    this.enclave = enclave;
    this.model = model;

    const network = enclave.network;
    const site = network.site.vsphere!;
    const inventory = enclave.inventory;
    const layout = enclave.tier(model.tier);
    const templateModel = templateOf(model, site);
    const template = inventory.template(templateModel);
    const policy = inventory.encryptionPolicy;
    const shape = SIZE_SHAPES[model.size];
    // A renamed network or workload keeps the VM and host names of its previous ids.
    const [networkName, name] = [network.state.stableId, stableId(model)];
    const hostName = vsphereNames.hostName(networkName, enclave.model.tenant.code, name);

    this.virtualMachine = new VirtualMachine(this, 'Resource', {
      name: vsphereNames.virtualMachine(networkName, enclave.model.tenant.code, name),
      // The annotation is updated in place, so it shows the workload's current path.
      annotation: `pcloud ${model.kind} ${model.path} (${model.classification})`,
      folder: enclave.folder.path,
      resourcePoolId: enclave.resourcePool.id,
      datastoreId: inventory.datastore.id,
      numCpus: shape.vcpus,
      memory: shape.memoryGiB * 1024,
      guestId: template.guestId,
      scsiType: template.scsiType,
      // Boot integrity (rule PCR-30).
      firmware: 'efi',
      efiSecureBootEnabled: true,
      ...(templateModel.vtpm ? { vtpm: { version: '2.0' } } : {}),
      // Encryption at rest (rule PCR-05): the policy encrypts the VM home (VMX, NVRAM, swap) and the disk.
      storagePolicyId: policy.id,
      disk: [
        {
          label: 'disk0',
          unitNumber: 0,
          size: model.diskGiB!,
          storagePolicyId: policy.id,
          // A clone keeps the template's provisioning; asking for another fails the clone.
          thinProvisioned: template.disks.get(0).thinProvisioned,
          eagerlyScrub: template.disks.get(0).eagerlyScrub,
        },
      ],
      networkInterface: [{ networkId: enclave.portGroups[model.tier].id, adapterType: 'vmxnet3' }],
      // Encrypted vMotion (rule PCR-09) has no provider attribute; this VMX option is what sets it.
      extraConfig: { [ENCRYPTED_VMOTION_OPTION]: 'required' },
      clone: {
        templateUuid: template.id,
        customize: {
          linuxOptions: { hostName, domain: site.dnsDomain },
          networkInterface: [{ ipv4Address: model.address!, ipv4Netmask: Cidr.parse(layout.cidr, { path: model.path, field: 'tier' }).prefix }],
          ipv4Gateway: layout.gateway,
          dnsSuffixList: [site.dnsDomain],
          ...(site.dnsServers.length ? { dnsServerList: [...site.dnsServers] } : {}),
        },
      },
      tags: enclave.tags.tagIds(enclaveTags(network.estate, network.model, enclave.model, model.classification)),
    });
    preventDestroy(this.virtualMachine);
  }

  /**
   * Declares that `source` may open connections to this workload on `port` (a number is a TCP
   * port); both must be in the same enclave. vSphere has no firewall resources, so a flow adds
   * nothing to the Terraform output: it is recorded in the enclave's state and appears in the
   * network's `firewallManifest()` as an allow rule between the two /32 addresses, ahead of the
   * default deny that the site firewall enforces.
   */
  allowFrom(source: Workload, port: number | PortSpec): this {
    requireFlowSource(source, Workload.isWorkload, this.model.path, 'vsphere.Workload');
    this.enclave.state.addFlow(source.model, this.model, port);
    return this;
  }

  /** Flows into this workload, in declaration order. */
  get flows(): readonly FlowModel[] {
    return this.enclave.state.flows.filter((f) => f.to === this.model.path);
  }
}

/** A database clones the site's database template, a vm the template of its image. */
function templateOf(model: WorkloadModel, site: VsphereSiteModel): VsphereTemplateModel {
  // lib refuses a database without a database template and a vm without a template for its image.
  const template = model.kind === 'database' ? site.databaseTemplate : site.templates[model.image!];
  if (!template) throw new Error(`pcloud internal error: no vSphere template for ${model.path}`);
  return template;
}
