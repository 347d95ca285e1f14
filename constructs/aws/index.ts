export * from './accredited-network';
export * from './tenant-enclave';
export * from './workload';
export * from './estate';
