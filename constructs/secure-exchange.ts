import { Construct } from 'constructs';
import type { Classification } from '../lib/classification';
import { fail, show } from '../lib/errors';
import { resolveExchangeIntent, type ExchangeEndpointIntent, type ExchangeIntent, type Isa } from '../lib/model/exchange';
import type { PortSpec } from '../lib/ports';
import { Interconnect } from './interconnect';
import { PoliceCloud } from './police-cloud';
import { checkNewChild, childPath, requireScope } from './private/scope';
import { requireOfEstate } from './shared-service';
import { Workload } from './workload';

const SECURE_EXCHANGE = Symbol.for('pcloud.SecureExchange');

/** A partner outside the estate, reached through a community-network interconnect. */
export interface Partner {
  /** The organisation, e.g. "Kent County Council". */
  readonly partner: string;
  /** Its addresses, inside the community network's prefixes. */
  readonly prefixes: readonly string[];
  /** The community-network interconnect it is reached through. */
  readonly via: Interconnect;
}

export interface SecureExchangeProps {
  /** The Information Sharing Agreement the exchange runs under (rule PCR-26). */
  readonly isa: Isa;
  /** The sending VM (or partner): it opens connections, and its enclave's audit sink logs the disclosures. */
  readonly from: Workload | Partner;
  /** The receiving VM (or partner). */
  readonly to: Workload | Partner;
  /** Ports the receiver accepts (a number is a TCP port). */
  readonly ports: readonly (number | PortSpec)[];
  /** The highest classification of data the ISA allows: no sender above it, no receiving enclave below it. */
  readonly ceiling: Classification;
  /**
   * Both ends authenticate with certificates over TLS (rule PCR-27). Turning it off needs a risk acceptance.
   * @default true
   */
  readonly mutualTls?: boolean;
}

/**
 * A declared flow across an enclave boundary, between two enclaves or an enclave and a partner,
 * under an ISA. It renders as the narrowest rules that allow it (security groups and network ACLs,
 * NSG rules, firewall-manifest entries) plus routes through an interconnect when the ends are on
 * different sites.
 */
export class SecureExchange extends Construct {
  static isSecureExchange(x: unknown): x is SecureExchange {
    return typeof x === 'object' && x !== null && SECURE_EXCHANGE in x;
  }

  readonly intent: ExchangeIntent;

  constructor(cloud: PoliceCloud, id: string, props: SecureExchangeProps) {
    requireScope(cloud, PoliceCloud.isPoliceCloud, id, 'SecureExchange', 'PoliceCloud');
    checkNewChild(cloud, id, 'exchange');
    const path = childPath(cloud, id);
    const given = typeof props === 'object' && props !== null ? props : ({} as SecureExchangeProps);
    const intent = resolveExchangeIntent(path, id, {
      isa: given.isa,
      from: endpoint(given.from, cloud, path, 'from'),
      to: endpoint(given.to, cloud, path, 'to'),
      ports: given.ports,
      ceiling: given.ceiling,
      ...(given.mutualTls !== undefined ? { mutualTls: given.mutualTls } : {}),
    });
    super(cloud, id);
    Object.defineProperty(this, SECURE_EXCHANGE, { value: true });
    this.intent = intent;
  }
}

function endpoint(x: unknown, cloud: PoliceCloud, path: string, field: string): ExchangeEndpointIntent {
  if (Workload.isWorkload(x)) return { kind: 'workload', workload: requireOfEstate(x, Workload.isWorkload, cloud, path, field, 'Workload').node.path };
  if (typeof x === 'object' && x !== null && 'partner' in x) {
    const p = x as Partial<Partner>;
    const via = requireOfEstate(p.via, Interconnect.isInterconnect, cloud, path, `${field}.via`, 'Interconnect');
    return { kind: 'partner', name: p.partner, prefixes: p.prefixes, interconnect: via.node.path };
  }
  return fail({
    code: 'EXCHANGE_ENDS_INVALID',
    path,
    problem: `${field} is neither a Workload nor a partner`,
    given: show(x),
    expected: `${field}: a Workload (VM) of the estate, or { partner: 'Kent County Council', prefixes: ['10.200.16.0/24'], via: interconnect }`,
    fix: `set ${field} to the VM that ${field === 'from' ? 'sends' : 'receives'} the data, or to the partner`,
  });
}
