export * from './accredited-network';
export * from './site-baseline';
export * from './tenant-enclave';
export * from './workload';
export type { AzureSiteNames } from './private/site';
export type { WorkloadProps } from '../../lib/model/workload';
