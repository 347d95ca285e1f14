import { stableSlot } from '../allocate';
import { Cidr } from '../cidr';
import { Classification } from '../classification';
import { fail, show } from '../errors';
import { hashInt } from '../hash';
import { parseImage, type ImageId } from '../images';
import { describePort, parsePort, type PortSpec } from '../ports';
import { parseSize, type Size } from '../sizes';
import { requireProps } from './checks';
import { checkPlacement } from './network';
import { resolveRenamedFrom, stableId } from './renamed-from';
import {
  TIERS,
  WORKLOAD_KINDS,
  type DatabaseModel,
  type EnclaveModel,
  type FlowModel,
  type SiteModel,
  type Tier,
  type WorkloadKind,
  type WorkloadModel,
} from './types';

export interface WorkloadProps {
  /** `vm`, `database` (PostgreSQL) or `objectStore`. */
  readonly kind: WorkloadKind;
  /**
   * Network tier the workload sits in.
   * @default 'application' for a vm, 'data' for a database or object store
   */
  readonly tier?: Tier;
  /**
   * Portable size, mapped per target (`small` is 2 vCPU / 8 GiB ... `xlarge` 16 vCPU / 64 GiB).
   * @default 'small'
   */
  readonly size?: Size;
  /**
   * Operating-system image of a vm.
   * @default 'ubuntu-24.04'
   */
  readonly image?: ImageId;
  /**
   * Classification of the data the workload holds.
   * @default - the enclave's classification
   */
  readonly classification?: Classification;
  /**
   * Disk size in GiB of a vm (root disk) or database (storage).
   * @default 64 for a vm, 100 for a database
   */
  readonly diskGiB?: number;
  /**
   * vSphere only: static IPv4 address inside the tier's subnet.
   * @default - allocated from the tier's subnet, stable per workload
   */
  readonly address?: string;
  /**
   * Encrypt the disks of a vm or the storage of a database under the enclave's key. Turning it
   * off breaks rules PCR-05 and PCR-06 and needs a risk acceptance.
   * @default true
   */
  readonly diskEncryption?: boolean;
  /**
   * The id this workload had before it was renamed, exactly as it was written. Identity is the
   * construct id, so a new id alone would replace everything in the workload. With `renamedFrom`,
   * its cloud names and allocations keep the previous id, CloudFormation keeps its logical
   * ids and Terraform gets `moved` blocks to the new addresses, so nothing is replaced; the
   * model, findings and evidence use the new id.
   *
   * Keep it for as long as the workload exists: names and logical ids depend on it, and removing it
   * is a rename back that replaces everything (the `moved` blocks are no-ops once applied).
   * Rename a workload once: a second rename keeps `renamedFrom` at the first id, and a Terraform
   * environment that deployed the first rename has no `moved` block from the id in between.
   * @default - not renamed
   */
  readonly renamedFrom?: string;
}

/** What a workload's props say before a vSphere address is allocated. */
export type WorkloadIntent = Omit<WorkloadModel, 'address'> & { readonly address?: string };

/** Every database pcloud renders is PostgreSQL on its standard port. */
export const POSTGRES: DatabaseModel = Object.freeze({ engine: 'postgres', version: '16', port: 5432 });
export const OBJECT_STORE_PORT = 443;

const DEFAULT_TIER: Record<WorkloadKind, Tier> = { vm: 'application', database: 'data', objectStore: 'data' };

export interface WorkloadContext {
  /**
   * The enclave; `tiers` is unknown until an automatically allocated address space is allocated.
   * `stablePath` is its path made of stable ids (see `stablePath`), when it or its network was renamed.
   */
  readonly enclave: Pick<EnclaveModel, 'path' | 'classification'> & { readonly tiers?: EnclaveModel['tiers']; readonly stablePath?: string };
  readonly site: SiteModel;
  /** Ids of the estate's sites that can host object stores, for the error when this one cannot. */
  readonly objectStoreSites?: readonly string[];
}

export function resolveWorkloadIntent(path: string, id: string, givenProps: WorkloadProps, ctx: WorkloadContext): WorkloadIntent {
  const props = requireProps(givenProps, path, 'Workload');
  const { site, enclave } = ctx;
  if (!WORKLOAD_KINDS.includes(props.kind)) {
    fail({
      code: 'WORKLOAD_KIND_UNKNOWN',
      path,
      problem: 'unknown workload kind',
      given: show(props.kind),
      expected: WORKLOAD_KINDS.map((k) => `"${k}"`).join(', '),
      fix: 'set kind to "vm", "database" or "objectStore"',
    });
  }
  const kind = props.kind;
  const tier = props.tier ?? DEFAULT_TIER[kind];
  if (!TIERS.includes(tier)) {
    fail({
      code: 'TIER_UNKNOWN',
      path,
      problem: 'unknown tier',
      given: show(props.tier),
      expected: TIERS.map((t) => `"${t}"`).join(', '),
      fix: `omit tier for the default ("${DEFAULT_TIER[kind]}" for a ${kind})`,
    });
  }
  if (props.image !== undefined && kind !== 'vm') {
    fail({
      code: 'IMAGE_NOT_APPLICABLE',
      path,
      problem: `a ${kind} has no operating-system image to choose`,
      given: show(props.image),
      expected: 'image only on a vm',
      fix: 'remove image',
    });
  }
  const image = kind === 'vm' ? parseImage(props.image, path) : undefined;
  checkHosting(kind, image, path, ctx);
  const enclaveClass = Classification.parse(enclave.classification);
  const classification =
    props.classification === undefined ? enclaveClass : Classification.from(props.classification, path, 'classification');
  checkPlacement(classification, site, path, 'classification');
  if (classification.isAbove(enclaveClass)) {
    fail({
      code: 'CLASSIFICATION_ABOVE_CEILING',
      path,
      problem: `workload classification ${classification} is above its enclave's ${enclaveClass}`,
      given: classification.marking,
      expected: `${enclaveClass} or lower (the classification of enclave "${enclave.path}")`,
      fix: 'lower the workload classification, or raise the enclave classification within its network ceiling',
    });
  }
  let diskGiB: number | undefined;
  if (kind !== 'objectStore') {
    diskGiB = props.diskGiB ?? (kind === 'vm' ? 64 : 100);
    if (!Number.isInteger(diskGiB) || diskGiB < 20 || diskGiB > 16384) {
      fail({
        code: 'DISK_SIZE_INVALID',
        path,
        problem: 'disk size is out of range',
        given: show(props.diskGiB),
        expected: 'a whole number of GiB from 20 to 16384',
        fix: 'set diskGiB, e.g. 128',
      });
    }
  } else if (props.diskGiB !== undefined) {
    fail({
      code: 'DISK_SIZE_NOT_APPLICABLE',
      path,
      problem: 'an object store has no disk',
      given: show(props.diskGiB),
      expected: 'no diskGiB on an object store',
      fix: 'remove diskGiB',
    });
  }
  const address = props.address !== undefined ? resolveAddress(props.address, path, tier, ctx) : undefined;
  if (props.diskEncryption !== undefined && (typeof props.diskEncryption !== 'boolean' || kind === 'objectStore')) {
    fail({
      code: 'DISK_ENCRYPTION_INVALID',
      path,
      problem: kind === 'objectStore' ? 'an object store is always encrypted; diskEncryption does not apply' : 'diskEncryption is not true or false',
      given: show(props.diskEncryption),
      expected: kind === 'objectStore' ? 'no diskEncryption on an object store' : 'true (the default) or false',
      fix: kind === 'objectStore' ? 'remove diskEncryption' : 'omit diskEncryption to keep disks encrypted',
    });
  }
  const renamedFrom = resolveRenamedFrom(props.renamedFrom, id, path);
  const self = { id, ...(renamedFrom !== undefined ? { renamedFrom } : {}) };
  return {
    path,
    ...self,
    enclave: enclave.path,
    kind,
    tier,
    size: parseSize(props.size, path),
    ...(image ? { image } : {}),
    classification: classification.marking,
    ...(diskGiB !== undefined ? { diskGiB } : {}),
    // Keyed by the stable path, so that a renamed workload stays in its zone.
    zone: (hashInt(`${enclave.stablePath ?? enclave.path}/${stableId(self)}`) % 2) as 0 | 1,
    ...(address ? { address } : {}),
    ...(kind === 'database' ? { database: POSTGRES } : {}),
    ...(kind !== 'objectStore' ? { diskEncryption: props.diskEncryption ?? true } : {}),
  };
}

function checkHosting(kind: WorkloadKind, image: ImageId | undefined, path: string, ctx: WorkloadContext): void {
  if (kind === 'vm' && ctx.site.azure && !ctx.site.azure.vmAdmin) {
    fail({
      code: 'AZURE_VM_ADMIN_MISSING',
      path,
      problem: `Azure site "${ctx.site.id}" has no VM administrator key, and Azure refuses a Linux VM without one`,
      given: '"vm"',
      expected: 'vmAdmin: { sshPublicKey: "ssh-ed25519 AAAA..." } on the site',
      fix: `add vmAdmin to site "${ctx.site.id}" with the public half of the platform team's break-glass key`,
    });
  }
  const vsphere = ctx.site.vsphere;
  if (!vsphere) return;
  if (kind === 'objectStore') {
    const others = ctx.objectStoreSites ?? [];
    fail({
      code: 'WORKLOAD_KIND_NOT_HOSTED',
      path,
      problem: `vSphere site "${ctx.site.id}" cannot host an object store`,
      given: '"objectStore"',
      expected: others.length
        ? `an object store on a site that can host one: ${others.map((s) => `"${s}"`).join(', ')}`
        : 'an object store on an AWS or Azure site (the vSphere provider has no object storage)',
      fix: others.length
        ? `move the object store to an enclave on ${others.map((s) => `"${s}"`).join(' or ')}, or use a vm running your own object service`
        : 'add an AWS or Azure site for object storage, or use a vm running your own object service',
    });
  }
  if (kind === 'database' && !vsphere.databaseTemplate) {
    fail({
      code: 'WORKLOAD_KIND_NOT_HOSTED',
      path,
      problem: `vSphere site "${ctx.site.id}" has no database template, so it cannot host a database`,
      given: '"database"',
      expected: 'a databaseTemplate on the site',
      fix: `add databaseTemplate to site "${ctx.site.id}" (a VM template with PostgreSQL installed), or use kind "vm"`,
    });
  }
  if (kind === 'vm' && image && !vsphere.templates[image]) {
    fail({
      code: 'IMAGE_NOT_ON_SITE',
      path,
      problem: `vSphere site "${ctx.site.id}" has no template for image ${image}`,
      given: show(image),
      expected: `one of the site's images: ${Object.keys(vsphere.templates).join(', ')}`,
      fix: `choose one of those images, or add a template for ${image} to the site`,
    });
  }
}

function resolveAddress(address: unknown, path: string, tier: Tier, ctx: WorkloadContext): string {
  if (ctx.site.vsphere && !ctx.enclave.tiers) {
    fail({
      code: 'ADDRESS_NEEDS_ENCLAVE_ADDRESS_SPACE',
      path,
      problem: 'a static address is given but the enclave\'s address space is allocated automatically',
      given: show(address),
      expected: `an addressSpace on enclave "${ctx.enclave.path}", so that its tiers are known`,
      fix: 'give the enclave an addressSpace, or omit the workload address to allocate one',
    });
  }
  const layout = (ctx.enclave.tiers ?? []).find((t) => t.tier === tier)!;
  const tierCidr = layout ? Cidr.parse(layout.cidr, { path, field: 'tier' }) : undefined;
  const given = typeof address === 'string' ? Cidr.parse(`${address}/32`, { path, field: 'address' }) : undefined;
  const offset = given && tierCidr ? given.network - tierCidr.network : -1;
  if (!ctx.site.vsphere || !given || !tierCidr || offset < 2 || offset > tierCidr.size - 2) {
    fail({
      code: 'ADDRESS_INVALID',
      path,
      problem: ctx.site.vsphere ? `address is not a host address of the ${tier} tier` : 'a static address is only set on vSphere workloads',
      given: show(address),
      expected: tierCidr
        ? `an address from ${tierCidr.address(2)} to ${tierCidr.address(tierCidr.size - 2)} (${tierCidr}; ${layout.gateway} is the gateway)`
        : 'no address: AWS and Azure assign private addresses',
      fix: ctx.site.vsphere ? 'choose a free address in the tier, or omit address to allocate one' : 'remove address',
    });
  }
  return given.address(0);
}

/**
 * Gives each vSphere workload of one tier a static address: given ones are kept, the rest take the
 * host their stable path (`stablePathOf`, the path unless renamed) hashes to (skipping network,
 * gateway and broadcast), or the next free one.
 */
export function allocateAddresses(
  tierCidr: string,
  workloads: readonly WorkloadIntent[],
  stablePathOf: (w: WorkloadIntent) => string = (w) => w.path,
): Map<string, string> {
  const cidr = Cidr.parse(tierCidr, { path: tierCidr, field: 'tier' });
  const hosts = cidr.size - 3;
  const result = new Map<string, string>();
  const used = new Set<string>();
  for (const w of workloads) {
    if (!w.address) continue;
    if (used.has(w.address)) {
      fail({
        code: 'ADDRESS_IN_USE',
        path: w.path,
        problem: `address ${w.address} is already given to another workload`,
        given: w.address,
        expected: 'an address no other workload in the tier uses',
        fix: 'choose another address, or omit address to allocate one',
      });
    }
    used.add(w.address);
    result.set(w.path, w.address);
  }
  for (const w of workloads) {
    if (w.address) continue;
    const slot = stableSlot(stablePathOf(w), hosts, (s) => !used.has(cidr.address(s + 2)));
    if (slot === undefined) {
      fail({
        code: 'ADDRESS_SPACE_EXHAUSTED',
        path: w.path,
        problem: `the ${w.tier} tier (${cidr}) has no free address left`,
        given: `${workloads.length} workloads in the tier`,
        expected: `at most ${hosts} workloads in a ${cidr.toString()} tier`,
        fix: 'give the enclave a larger address space or spread workloads over tiers',
      });
    }
    const address = cidr.address(slot + 2);
    used.add(address);
    result.set(w.path, address);
  }
  return result;
}

/** A declared flow inside an enclave, checked against what the destination can accept. */
export function resolveFlow(
  from: Pick<WorkloadModel, 'path' | 'enclave' | 'kind'>,
  to: Pick<WorkloadModel, 'path' | 'enclave' | 'kind'>,
  port: unknown,
): FlowModel {
  const path = to.path;
  const spec: PortSpec = parsePort(port, path);
  if (from.enclave !== to.enclave) {
    fail({
      code: 'FLOW_CROSSES_ENCLAVE',
      path,
      problem: `flow from ${from.path} crosses an enclave boundary`,
      given: `allowFrom(${from.path}, ${describePort(spec)})`,
      expected: `a source inside enclave "${to.enclave}"`,
      fix: 'traffic between enclaves needs a declared secure exchange under an ISA (rule PCR-12); allowFrom only declares flows inside one enclave',
    });
  }
  if (from.path === to.path) {
    fail({
      code: 'FLOW_TO_SELF',
      path,
      problem: 'a workload cannot declare a flow from itself',
      given: `allowFrom(${from.path}, ${describePort(spec)})`,
      expected: 'another workload in the enclave',
      fix: 'remove the flow',
    });
  }
  if (from.kind === 'objectStore') {
    fail({
      code: 'FLOW_FROM_OBJECT_STORE',
      path,
      problem: `object store ${from.path} cannot open connections`,
      given: `allowFrom(${from.path}, ${describePort(spec)})`,
      expected: 'a vm or database as the source',
      fix: 'declare the flow the other way round: objectStore.allowFrom(vm, 443)',
    });
  }
  if (to.kind === 'objectStore' && from.kind !== 'vm') {
    fail({
      code: 'FLOW_SOURCE_CANNOT_USE_STORE',
      path,
      problem: `only a vm can be given access to object store ${to.path}`,
      given: `allowFrom(${from.path}, ${describePort(spec)}) from a ${from.kind}`,
      expected: 'a vm as the source (access is granted to its identity)',
      fix: 'grant access to the vm that reads or writes the store',
    });
  }
  const needed = to.kind === 'database' ? POSTGRES.port : to.kind === 'objectStore' ? OBJECT_STORE_PORT : undefined;
  if (needed !== undefined && (spec.protocol !== 'tcp' || spec.from !== needed || spec.to !== needed)) {
    fail({
      code: 'FLOW_PORT_NOT_SERVED',
      path,
      problem: `a ${to.kind === 'database' ? 'PostgreSQL database' : 'object store'} only listens on tcp/${needed}`,
      given: describePort(spec),
      expected: `tcp/${needed}`,
      fix: `declare allowFrom(${from.path.split('/').pop()}, ${needed})`,
    });
  }
  return { from: from.path, to: to.path, protocol: spec.protocol, fromPort: spec.from, toPort: spec.to };
}

/** Stable key of a flow, e.g. `net/enc/web->net/enc/db:tcp/5432`. */
export function flowKey(f: FlowModel): string {
  return `${f.from}->${f.to}:${describePort({ protocol: f.protocol, from: f.fromPort, to: f.toPort })}`;
}
