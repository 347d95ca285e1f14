export * from './accredited-network';
export * from './tenant-enclave';
export * from './workload';
export type { WorkloadProps } from '../../lib/model/workload';
