export * from './types';
export * from './checks';
export * from './site';
export * from './network';
export * from './enclave';
export * from './workload';
export * from './estate';
export * from './view';
