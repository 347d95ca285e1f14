import { show } from '../../../lib/errors';

// Type checks through symbols rather than instanceof, which fails across two copies of the package.
export const VSPHERE_NETWORK = Symbol.for('pcloud.vsphere.AccreditedNetwork');
export const VSPHERE_ENCLAVE = Symbol.for('pcloud.vsphere.TenantEnclave');
export const VSPHERE_WORKLOAD = Symbol.for('pcloud.vsphere.Workload');

export function hasSymbol(x: unknown, symbol: symbol): boolean {
  return typeof x === 'object' && x !== null && symbol in x;
}

/** A wrong argument as the user would recognise it: a construct by class and path, anything else as written. */
export function describeValue(x: unknown): string {
  if (typeof x === 'object' && x !== null && 'node' in x) {
    const path = (x as { node: { path: string } }).node.path;
    return `${x.constructor?.name ?? 'construct'} at "${path}"`;
  }
  return show(x);
}
