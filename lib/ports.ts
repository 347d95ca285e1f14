import { fail, show } from './errors';

export type Protocol = 'tcp' | 'udp';

/** A protocol and a port or port range. */
export interface PortSpec {
  readonly protocol: Protocol;
  readonly from: number;
  readonly to: number;
}

/** Ports for declared flows. A plain number means that TCP port. */
export const Port = {
  tcp(port: number): PortSpec {
    return { protocol: 'tcp', from: port, to: port };
  },
  udp(port: number): PortSpec {
    return { protocol: 'udp', from: port, to: port };
  },
  tcpRange(from: number, to: number): PortSpec {
    return { protocol: 'tcp', from, to };
  },
  udpRange(from: number, to: number): PortSpec {
    return { protocol: 'udp', from, to };
  },
};

/** Validates a port given as a number or PortSpec. */
export function parsePort(value: unknown, path: string): PortSpec {
  const spec: Partial<PortSpec> | undefined =
    typeof value === 'number' ? Port.tcp(value) : typeof value === 'object' && value !== null ? (value as PortSpec) : undefined;
  const valid = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
  if (!spec || (spec.protocol !== 'tcp' && spec.protocol !== 'udp') || !valid(spec.from) || !valid(spec.to) || spec.from! > spec.to!) {
    return fail({
      code: 'PORT_INVALID',
      path,
      problem: 'port is not a valid TCP or UDP port',
      given: show(value),
      expected: 'a port number from 1 to 65535, or Port.tcp(n), Port.udp(n), Port.tcpRange(from, to)',
      fix: 'declare the single port the flow needs, e.g. allowFrom(web, 443)',
    });
  }
  return { protocol: spec.protocol, from: spec.from!, to: spec.to! };
}

/** `tcp/443` or `tcp/8000-8080`. */
export function describePort(p: PortSpec): string {
  return `${p.protocol}/${p.from === p.to ? p.from : `${p.from}-${p.to}`}`;
}
