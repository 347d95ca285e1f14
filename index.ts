// The public API: intent constructs and the framework-free core. Target constructs are imported
// from 'pcloud/aws', 'pcloud/azure' and 'pcloud/vsphere' so that importing pcloud loads no
// target framework.
export * from './lib';
export * from './constructs/police-cloud';
export * from './constructs/site';
export * from './constructs/accredited-network';
export * from './constructs/tenant-enclave';
export * from './constructs/workload';
export * from './constructs/shared-service';
export * from './constructs/secure-exchange';
export * from './constructs/interconnect';
export * from './constructs/risk-acceptances';
export type { ReportResult, SynthOptions, SynthResult } from './constructs/synth';
