export * from './tag-catalogue';
export * from './enclave-operator-role';
export * from './accredited-network';
export * from './tenant-enclave';
export * from './workload';
