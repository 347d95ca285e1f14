import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { PortRangeModel } from '../../../lib/model/types';

/** The security-group port of a declared port range (a single port renders as that port). */
export function securityGroupPort(p: PortRangeModel): ec2.Port {
  if (p.protocol === 'tcp') return p.fromPort === p.toPort ? ec2.Port.tcp(p.fromPort) : ec2.Port.tcpRange(p.fromPort, p.toPort);
  return p.fromPort === p.toPort ? ec2.Port.udp(p.fromPort) : ec2.Port.udpRange(p.fromPort, p.toPort);
}

/** The network-ACL traffic of a declared port range. */
export function aclTraffic(p: PortRangeModel): ec2.AclTraffic {
  return p.protocol === 'tcp' ? ec2.AclTraffic.tcpPortRange(p.fromPort, p.toPort) : ec2.AclTraffic.udpPortRange(p.fromPort, p.toPort);
}

/** Network ACLs are stateless: the replies to a port range come back to ephemeral ports. */
export function aclReplies(p: PortRangeModel): ec2.AclTraffic {
  return p.protocol === 'tcp' ? ec2.AclTraffic.tcpPortRange(1024, 65535) : ec2.AclTraffic.udpPortRange(1024, 65535);
}

/** `tcp/8443`, `udp/500-501`: for descriptions and construct ids. */
export function portLabel(p: PortRangeModel): string {
  return `${p.protocol}/${p.fromPort === p.toPort ? p.fromPort : `${p.fromPort}-${p.toPort}`}`;
}

/** A construct id for a port range: `Tcp8443`, `Udp500-501`. */
export function portId(p: PortRangeModel): string {
  return `${p.protocol === 'tcp' ? 'Tcp' : 'Udp'}${p.fromPort === p.toPort ? p.fromPort : `${p.fromPort}-${p.toPort}`}`;
}
