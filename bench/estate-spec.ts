// The benchmark's estates as plain data: N forces × W workloads, deterministic, no framework and no
// pcloud import. `bench/estate.ts` turns it into a pcloud definition; `bench/hand/` renders the same
// estate with aws-cdk-lib, cdktf and the providers directly.
//
// Three sites (AWS London, Azure UK South, a supplier's vSphere data centre), one accredited network
// on each, always present (so every size exercises all three targets); force i gets one enclave on
// the network of site i mod 3. Workloads are a fixed mix: web (presentation VM), app (medium VM),
// one database, one object store (VM on vSphere, which has none), the rest VMs of cycling sizes.
// Flows form a chain web → app → vm-4 → vm-5 → …, with app → db on 5432 and app → store on 443.

export type BenchPlatform = 'aws' | 'azure' | 'vsphere';
export type BenchKind = 'vm' | 'database' | 'objectStore';
export type BenchSize = 'small' | 'medium' | 'large' | 'xlarge';
export type BenchTier = 'presentation' | 'application' | 'data' | 'management';

export interface BenchWorkload {
  readonly id: string;
  readonly kind: BenchKind;
  readonly tier: BenchTier;
  readonly size: BenchSize;
  readonly diskGiB?: number;
}

export interface BenchFlow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
}

export interface BenchEnclave {
  /** Enclave id: the force code. */
  readonly id: string;
  /** The force's catalogue code (pcloud's tenant). */
  readonly tenant: string;
  readonly platform: BenchPlatform;
  /** Index of the enclave on its network (0, 1, …). */
  readonly index: number;
  readonly workloads: readonly BenchWorkload[];
  readonly flows: readonly BenchFlow[];
}

export interface BenchNetwork {
  readonly id: string;
  readonly site: string;
  readonly platform: BenchPlatform;
  /** The /16 of the network. */
  readonly addressSpace: string;
  readonly enclaves: readonly BenchEnclave[];
}

export interface BenchEstate {
  readonly name: string;
  readonly forces: number;
  readonly workloads: number;
  readonly platforms: readonly BenchPlatform[];
  readonly networks: readonly BenchNetwork[];
}

/** The 45 territorial forces and the 3 special forces of pcloud's tenant catalogue, in its order. */
export const FORCES: readonly string[] = [
  'avsom', 'beds', 'cambs', 'cheshire', 'col', 'cleve', 'cumbria', 'derbys', 'devcorn', 'dorset', 'durham', 'dyfpow',
  'essex', 'glos', 'gmp', 'gwent', 'hiow', 'herts', 'humber', 'kent', 'lancs', 'leics', 'lincs', 'merpol', 'met',
  'norfolk', 'nwales', 'nyorks', 'nhants', 'nbria', 'notts', 'swales', 'syorks', 'staffs', 'suffolk', 'surrey',
  'sussex', 'tvp', 'warks', 'wmercia', 'wmids', 'wyorks', 'wilts', 'scotland', 'psni', 'btp', 'mdp', 'cnc',
];

export const SITE_OF: Readonly<Record<BenchPlatform, string>> = { aws: 'aws-london', azure: 'azure-uksouth', vsphere: 'supplier-dc' };
export const NETWORK_OF: Readonly<Record<BenchPlatform, string>> = { aws: 'aws-net', azure: 'azure-net', vsphere: 'dc-net' };
const ADDRESS_SPACE: Readonly<Record<BenchPlatform, string>> = { aws: '10.0.0.0/16', azure: '10.20.0.0/16', vsphere: '10.40.0.0/16' };
const SIZES: readonly BenchSize[] = ['small', 'medium', 'small', 'large'];

/** The workloads of one enclave: W of them, W ≥ 4. */
export function benchWorkloads(count: number, platform: BenchPlatform): { workloads: BenchWorkload[]; flows: BenchFlow[] } {
  if (!Number.isInteger(count) || count < 4) throw new Error(`bench: at least 4 workloads per force, not ${count}`);
  const store = platform === 'vsphere' ? 'vm' : 'objectStore';
  const workloads: BenchWorkload[] = [
    { id: 'web', kind: 'vm', tier: 'presentation', size: 'small' },
    { id: 'app', kind: 'vm', tier: 'application', size: 'medium' },
    { id: 'db', kind: 'database', tier: 'data', size: 'medium', diskGiB: 250 },
    store === 'vm' ? { id: 'files', kind: 'vm', tier: 'application', size: 'small' } : { id: 'store', kind: 'objectStore', tier: 'data', size: 'small' },
  ];
  for (let j = 4; j < count; j++) workloads.push({ id: `vm-${j}`, kind: 'vm', tier: 'application', size: SIZES[j % SIZES.length] });
  const flows: BenchFlow[] = [
    { from: 'web', to: 'app', port: 8443 },
    { from: 'app', to: 'db', port: 5432 },
    store === 'vm' ? { from: 'app', to: 'files', port: 8443 } : { from: 'app', to: 'store', port: 443 },
  ];
  let previous = 'app';
  for (let j = 4; j < count; j++) {
    flows.push({ from: previous, to: `vm-${j}`, port: 8443 });
    previous = `vm-${j}`;
  }
  return { workloads, flows };
}

/** The estate of N forces × W workloads over `platforms` (all three by default). */
export function benchEstate(forces: number, workloads: number, platforms: readonly BenchPlatform[] = ['aws', 'azure', 'vsphere']): BenchEstate {
  if (!Number.isInteger(forces) || forces < 1 || forces > FORCES.length) throw new Error(`bench: 1 to ${FORCES.length} forces, not ${forces}`);
  if (!platforms.length) throw new Error('bench: no platform');
  const enclaves = new Map<BenchPlatform, BenchEnclave[]>(platforms.map((p) => [p, []]));
  for (let i = 0; i < forces; i++) {
    const platform = platforms[i % platforms.length];
    const list = enclaves.get(platform)!;
    const code = FORCES[i];
    list.push({ id: code, tenant: code, platform, index: list.length, ...benchWorkloads(workloads, platform) });
  }
  return {
    name: 'bench',
    forces,
    workloads,
    platforms,
    networks: platforms.map((p) => ({ id: NETWORK_OF[p], site: SITE_OF[p], platform: p, addressSpace: ADDRESS_SPACE[p], enclaves: enclaves.get(p)! })),
  };
}

/** The estate the environment asks for: PCLOUD_BENCH_FORCES, PCLOUD_BENCH_WORKLOADS, PCLOUD_BENCH_PLATFORMS (comma-separated). */
export function benchEstateFromEnv(env: NodeJS.ProcessEnv = process.env): BenchEstate {
  const platforms = (env.PCLOUD_BENCH_PLATFORMS ?? 'aws,azure,vsphere').split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of platforms) if (p !== 'aws' && p !== 'azure' && p !== 'vsphere') throw new Error(`bench: unknown platform ${p}`);
  return benchEstate(Number(env.PCLOUD_BENCH_FORCES ?? 10), Number(env.PCLOUD_BENCH_WORKLOADS ?? 10), platforms as BenchPlatform[]);
}
