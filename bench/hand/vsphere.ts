// The benchmark's hand-written vSphere equivalent: the same Terraform stacks, resource and data
// source types and counts as pcloud's vSphere output for a bench estate, written with cdktf and
// deep imports of @cdktf/provider-vsphere classes directly (no pcloud import). Flows have no
// vSphere resources (pcloud writes them to a firewall manifest), so none are rendered here.
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereDistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/data-vsphere-distributed-virtual-switch';
import { DataVsphereRole } from '@cdktf/provider-vsphere/lib/data-vsphere-role';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { DataVsphereTag } from '@cdktf/provider-vsphere/lib/data-vsphere-tag';
import { DataVsphereTagCategory } from '@cdktf/provider-vsphere/lib/data-vsphere-tag-category';
import { DataVsphereVirtualMachine } from '@cdktf/provider-vsphere/lib/data-vsphere-virtual-machine';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { EntityPermissions } from '@cdktf/provider-vsphere/lib/entity-permissions';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { VsphereProvider, type VsphereProviderConfig } from '@cdktf/provider-vsphere/lib/provider';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Role } from '@cdktf/provider-vsphere/lib/role';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import type { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { BenchEstate, BenchNetwork } from '../estate-spec';
import { address, enclaveCidr, enclaveTags, networkTags, prefixOf, tierCidr, TIERS } from './common';
import { newStack } from './terraform';

const SHAPES = { small: [2, 8], medium: [4, 16], large: [8, 32], xlarge: [16, 64] } as const;
const DNS_SERVERS = ['10.40.255.10', '10.40.255.11'];
const PRIVILEGES = [
  'Cryptographer.Access',
  'VirtualMachine.Config.CPUCount',
  'VirtualMachine.Config.Memory',
  'VirtualMachine.Config.Resource',
  'VirtualMachine.Interact.AnswerQuestion',
  'VirtualMachine.Interact.ConsoleInteract',
  'VirtualMachine.Interact.PowerOff',
  'VirtualMachine.Interact.PowerOn',
  'VirtualMachine.Interact.Reset',
  'VirtualMachine.Interact.Suspend',
  'VirtualMachine.Interact.ToolsInstall',
  'VirtualMachine.State.CreateSnapshot',
  'VirtualMachine.State.RemoveSnapshot',
  'VirtualMachine.State.RenameSnapshot',
  'VirtualMachine.State.RevertToSnapshot',
];
const TAGGED_TYPES = ['VirtualMachine', 'Folder', 'ResourcePool', 'DistributedVirtualPortgroup'];

function provider(stack: TerraformStack): void {
  // user and password come from VSPHERE_USER and VSPHERE_PASSWORD.
  new VsphereProvider(stack, 'Provider', { vsphereServer: 'vcenter.dc1.supplier.example', allowUnverifiedSsl: false } as VsphereProviderConfig);
}

const safe = (value: string) => value.replace(/[^A-Za-z0-9-]/g, '-');

/** Tag ids by key and value from data sources in one stack, each looked up once. */
class TagLookup extends Construct {
  private readonly categories = new Map<string, DataVsphereTagCategory>();
  private readonly tags = new Map<string, DataVsphereTag>();

  constructor(
    scope: Construct,
    private readonly estate: string,
  ) {
    super(scope, 'Tags');
  }

  ids(tags: Record<string, string>): string[] {
    return Object.entries(tags).map(([key, value]) => {
      let category = this.categories.get(key);
      if (!category) this.categories.set(key, (category = new DataVsphereTagCategory(this, `Category-${key}`, { name: `pcloud-${this.estate}-${key}` })));
      const id = `Tag-${key}-${safe(value)}`;
      let tag = this.tags.get(id);
      if (!tag) this.tags.set(id, (tag = new DataVsphereTag(this, id, { name: value, categoryId: category.id })));
      return tag.id;
    });
  }
}

/** The site stack: a category per tag key and a tag per value the site's objects carry, and the enclave operator role. */
function siteStack(stack: TerraformStack, estate: string, networks: readonly BenchNetwork[]): void {
  const catalogue = new Construct(stack, 'Tags');
  const categories = new Map<string, TagCategory>();
  const seen = new Set<string>();
  const add = (tags: Record<string, string>) => {
    for (const [key, value] of Object.entries(tags)) {
      let category = categories.get(key);
      if (!category) {
        category = new TagCategory(catalogue, `Category-${key}`, { name: `pcloud-${estate}-${key}`, description: `pcloud estate ${estate}: ${key}`, cardinality: 'SINGLE', associableTypes: TAGGED_TYPES });
        categories.set(key, category);
      }
      const id = `Tag-${key}-${safe(value)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      new Tag(catalogue, id, { name: value, description: value, categoryId: category.id });
    }
  };
  for (const network of networks) {
    add(networkTags(estate, network));
    for (const enclave of network.enclaves) add(enclaveTags(estate, network, enclave));
  }
  new Role(new Construct(stack, 'OperatorRole'), 'Resource', { name: `pcloud-${estate}-enclave-operator`, rolePrivileges: PRIVILEGES });
}

/** Adds the estate's vSphere stacks to a cdktf app: the site stack, a folder per network, a folder, pool, port groups, permissions and VMs per enclave. */
export function addVsphereStacks(app: App, estate: BenchEstate): void {
  const networks = estate.networks.filter((n) => n.platform === 'vsphere');
  if (!networks.length) return;
  const site = newStack(app, `${estate.name}-supplier-dc`);
  provider(site);
  siteStack(site, estate.name, networks);
  for (const spec of networks) {
    const networkStack = newStack(app, `${estate.name}-${spec.id}`);
    provider(networkStack);
    networkStack.addDependency(site);
    const net = new Construct(networkStack, spec.id);
    const tags = new TagLookup(networkStack, estate.name);
    const datacenter = new DataVsphereDatacenter(new Construct(net, 'Site'), 'Datacenter', { name: 'DC1' });
    const networkFolder = `pcloud-${estate.name}-${spec.id}`;
    new Folder(net, 'Resource', { path: networkFolder, type: 'vm', datacenterId: datacenter.id, tags: tags.ids(networkTags(estate.name, spec)) });

    for (const enclave of spec.enclaves) {
      const stack = newStack(app, `${estate.name}-${spec.id}-${enclave.id}`);
      provider(stack);
      stack.addDependency(site);
      stack.addDependency(networkStack);
      const enc = new Construct(stack, enclave.id);
      const lookup = new TagLookup(stack, estate.name);
      const inventory = new Construct(enc, 'Site');
      const dc = new DataVsphereDatacenter(inventory, 'Datacenter', { name: 'DC1' });
      const cluster = new DataVsphereComputeCluster(inventory, 'Cluster', { name: 'police-prod', datacenterId: dc.id });
      const datastore = new DataVsphereDatastore(inventory, 'Datastore', { name: 'vsan-police-prod', datacenterId: dc.id });
      const dvs = new DataVsphereDistributedVirtualSwitch(inventory, 'DistributedSwitch', { name: 'dvs-police-prod', datacenterId: dc.id });
      const policy = new DataVsphereStoragePolicy(inventory, 'EncryptionPolicy', { name: 'VM Encryption Policy' });
      const vmTemplate = new DataVsphereVirtualMachine(inventory, 'Template-tpl-ubuntu-2404-cis', { name: 'tpl-ubuntu-2404-cis', datacenterId: dc.id });
      const dbTemplate = new DataVsphereVirtualMachine(inventory, 'Template-tpl-postgres-16-cis', { name: 'tpl-postgres-16-cis', datacenterId: dc.id });
      const path = `${spec.id}/${enclave.id}`;
      const tagIds = lookup.ids(enclaveTags(estate.name, spec, enclave));
      const folder = new Folder(enc, 'Folder', { path: `${networkFolder}/${enclave.id}`, type: 'vm', datacenterId: dc.id, tags: tagIds });
      const pool = new ResourcePool(enc, 'ResourcePool', { name: `pcloud-${estate.name}-${spec.id}-${enclave.id}`, parentResourcePoolId: cluster.resourcePoolId, tags: tagIds });
      const cidr = enclaveCidr(spec, enclave.index);
      const portGroups = new Map<string, DistributedPortGroup>();
      for (const [t, tier] of TIERS.entries()) {
        const block = tierCidr(cidr, t);
        portGroups.set(
          tier,
          new DistributedPortGroup(enc, `PortGroup-${tier}`, {
            name: `pg-${estate.name}-${spec.id}-${enclave.id}-${tier}`,
            description: `pcloud ${path} ${tier} tier ${block}, gateway ${address(block, 1)}`,
            distributedVirtualSwitchUuid: dvs.id,
            vlanId: 1200 + enclave.index * 4 + t,
            allowPromiscuous: false,
            allowMacChanges: false,
            allowForgedTransmits: false,
            securityPolicyOverrideAllowed: false,
            vlanOverrideAllowed: false,
            tags: tagIds,
          }),
        );
      }
      const role = new DataVsphereRole(new Construct(stack, 'OperatorRole'), 'Resource', { label: `pcloud-${estate.name}-enclave-operator` });
      const permissions = [{ userOrGroup: `supplier.police.example\\${enclave.tenant}-platform-admins`, isGroup: true, propagate: true, roleId: role.id }];
      new EntityPermissions(enc, 'FolderPermissions', { entityType: 'Folder', entityId: folder.id, permissions });
      new EntityPermissions(enc, 'ResourcePoolPermissions', { entityType: 'ResourcePool', entityId: pool.id, permissions });

      for (const [j, w] of enclave.workloads.entries()) {
        const template = w.kind === 'database' ? dbTemplate : vmTemplate;
        const block = tierCidr(cidr, TIERS.indexOf(w.tier));
        const [cpus, memoryGiB] = SHAPES[w.size];
        const host = `${enclave.tenant}-${spec.id}-${w.id}`;
        const vm = new VirtualMachine(new Construct(enc, w.id), 'Resource', {
          name: host,
          annotation: `pcloud ${w.kind} ${path}/${w.id} (OFFICIAL-SENSITIVE)`,
          folder: folder.path,
          resourcePoolId: pool.id,
          datastoreId: datastore.id,
          numCpus: cpus,
          memory: memoryGiB * 1024,
          guestId: template.guestId,
          scsiType: template.scsiType,
          firmware: 'efi',
          efiSecureBootEnabled: true,
          vtpm: { version: '2.0' },
          storagePolicyId: policy.id,
          disk: [
            {
              label: 'disk0',
              unitNumber: 0,
              size: w.diskGiB ?? (w.kind === 'vm' ? 64 : 100),
              storagePolicyId: policy.id,
              thinProvisioned: template.disks.get(0).thinProvisioned,
              eagerlyScrub: template.disks.get(0).eagerlyScrub,
            },
          ],
          networkInterface: [{ networkId: portGroups.get(w.tier)!.id, adapterType: 'vmxnet3' }],
          extraConfig: { 'migrate.encryptionMode': 'required' },
          clone: {
            templateUuid: template.id,
            customize: {
              linuxOptions: { hostName: host, domain: 'police.internal' },
              networkInterface: [{ ipv4Address: address(block, 10 + j), ipv4Netmask: prefixOf(block) }],
              ipv4Gateway: address(block, 1),
              dnsSuffixList: ['police.internal'],
              dnsServerList: DNS_SERVERS,
            },
          },
          tags: tagIds,
        });
        vm.addOverride('lifecycle.prevent_destroy', true);
      }
    }
  }
}
