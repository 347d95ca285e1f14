export * from './accredited-network';
export * from './site-baseline';
export * from './tenant-enclave';
export * from './workload';
export * from './estate';
export * from './exchange';
export * from './shared-service';
export * from './administrators';
