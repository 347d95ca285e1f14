export * from './tag-catalogue';
export * from './accredited-network';
export * from './tenant-enclave';
export * from './workload';
