import { Classification } from '../classification';
import { fail, show } from '../errors';
import { describePort, parsePort } from '../ports';
import { requireIsoDate, requireProps, requireString } from './checks';
import { requirePrefixes } from './interconnect';
import type { ExchangeEndpointModel, ExchangeModel, IsaModel, PortRangeModel, SharedServiceModel } from './types';

/** An Information Sharing Agreement as a definition writes it. */
export interface Isa {
  /** The ISA's reference in the force's register, e.g. "ISA-KENT-KCC-2026-04". */
  readonly reference: string;
  /** The organisations that signed it. */
  readonly parties: readonly string[];
  readonly purpose: string;
  /** The legal gateway relied on, e.g. "Children Act 2004 s.11". */
  readonly legalGateway: string;
  /** YYYY-MM-DD. After it the exchange is an error (rule PCR-26) until the ISA is reviewed. */
  readonly reviewDate: string;
}

/** An exchange end once the intent construct has turned workloads and interconnects into paths. */
export type ExchangeEndpointIntent =
  | { readonly kind: 'workload'; readonly workload: string }
  | { readonly kind: 'partner'; readonly name: unknown; readonly prefixes: unknown; readonly interconnect: string };

export interface ExchangeIntentProps {
  readonly isa: Isa;
  readonly from: ExchangeEndpointIntent;
  readonly to: ExchangeEndpointIntent;
  readonly ports: unknown;
  readonly ceiling: Classification;
  readonly mutualTls?: boolean;
}

/** An exchange before the estate says which interconnects it crosses. */
export type ExchangeIntent = Omit<ExchangeModel, 'via'>;

export function resolveIsa(given: unknown, path: string): IsaModel {
  if (typeof given !== 'object' || given === null) {
    fail({
      code: 'ISA_MISSING',
      path,
      problem: 'the exchange names no Information Sharing Agreement',
      given: show(given),
      expected: '{ reference, parties, purpose, legalGateway, reviewDate }',
      fix: 'no data crosses an enclave boundary without a signed ISA (rule PCR-26): record the ISA this exchange runs under',
    });
  }
  const isa = given as Partial<Isa>;
  if (typeof isa.reference !== 'string' || !isa.reference.trim()) {
    fail({
      code: 'ISA_REFERENCE_MISSING',
      path,
      problem: 'the exchange\'s ISA has no reference',
      given: show(isa.reference),
      expected: 'the ISA\'s reference in the information-sharing register, e.g. "ISA-KENT-KCC-2026-04"',
      fix: 'set isa.reference; an exchange without a signed ISA cannot be declared (rule PCR-26)',
    });
  }
  const parties = Array.isArray(isa.parties) ? isa.parties.filter((p) => typeof p === 'string' && p.trim()).map((p) => p.trim()) : [];
  if (!Array.isArray(isa.parties) || parties.length < 2 || parties.length !== isa.parties.length) {
    fail({
      code: 'ISA_PARTIES_INVALID',
      path,
      problem: 'the ISA does not name at least two parties',
      given: show(isa.parties),
      expected: 'the organisations that signed it, e.g. ["Kent Police", "Kent County Council"]',
      fix: 'list every signatory of the ISA',
    });
  }
  return {
    reference: isa.reference.trim(),
    parties,
    purpose: requireString(isa.purpose, path, 'isa.purpose', 'the purpose of the sharing, as the ISA states it'),
    legalGateway: requireString(isa.legalGateway, path, 'isa.legalGateway', 'the legal gateway, e.g. "Crime and Disorder Act 1998 s.115"'),
    reviewDate: requireIsoDate(isa.reviewDate, path, 'isa.reviewDate'),
  };
}

/** A non-empty list of ports (a number is a TCP port), without repeats, in the order given. */
export function resolvePorts(given: unknown, path: string, options: { tcpOnly?: boolean } = {}): PortRangeModel[] {
  if (!Array.isArray(given) || given.length === 0) {
    fail({
      code: 'PORTS_MISSING',
      path,
      problem: 'no ports are declared',
      given: show(given),
      expected: 'a list of ports, e.g. [443] or [Port.tcp(5671)]',
      fix: 'declare the ports the traffic needs, and no more',
    });
  }
  const seen = new Set<string>();
  const ports: PortRangeModel[] = [];
  for (const p of given) {
    const spec = parsePort(p, path);
    if (options.tcpOnly && spec.protocol !== 'tcp') {
      fail({
        code: 'PORT_PROTOCOL_UNSUPPORTED',
        path,
        problem: 'a shared service is offered over TCP only (Private Link carries TCP)',
        given: describePort(spec),
        expected: 'TCP ports',
        fix: 'offer the service on TCP ports',
      });
    }
    const key = describePort(spec);
    if (seen.has(key)) continue;
    seen.add(key);
    ports.push({ protocol: spec.protocol, fromPort: spec.from, toPort: spec.to });
  }
  return ports;
}

function resolveEndpoint(given: ExchangeEndpointIntent, path: string): ExchangeEndpointModel {
  if (given.kind === 'workload') return { kind: 'workload', workload: given.workload };
  return {
    kind: 'partner',
    name: requireString(given.name, path, 'partner', 'the partner organisation, e.g. "Kent County Council"'),
    prefixes: requirePrefixes(given.prefixes, path, 'prefixes'),
    interconnect: given.interconnect,
  };
}

export function resolveExchangeIntent(path: string, id: string, givenProps: ExchangeIntentProps): ExchangeIntent {
  const props = requireProps(givenProps, path, 'SecureExchange');
  const isa = resolveIsa(props.isa, path);
  const from = resolveEndpoint(props.from, path);
  const to = resolveEndpoint(props.to, path);
  if (from.kind === 'partner' && to.kind === 'partner') {
    fail({
      code: 'EXCHANGE_ENDS_INVALID',
      path,
      problem: 'both ends of the exchange are partners outside the estate',
      given: `${from.name} -> ${to.name}`,
      expected: 'at least one end a Workload of the estate',
      fix: 'an exchange carries data into or out of an enclave: make one end the workload that sends or receives it',
    });
  }
  if (props.ceiling === undefined) {
    fail({
      code: 'EXCHANGE_CEILING_MISSING',
      path,
      problem: 'the exchange has no classification ceiling',
      given: 'undefined',
      expected: 'ceiling: the highest classification the ISA allows, e.g. Classification.OFFICIAL_SENSITIVE',
      fix: 'set ceiling as the ISA states it',
    });
  }
  const ceiling = Classification.from(props.ceiling, path, 'ceiling');
  if (props.mutualTls !== undefined && typeof props.mutualTls !== 'boolean') {
    fail({ code: 'FIELD_INVALID', path, problem: 'mutualTls is not true or false', given: show(props.mutualTls), expected: 'true (the default) or false', fix: 'omit mutualTls: exchanges authenticate both ends' });
  }
  return {
    path,
    id,
    isa,
    from,
    to,
    ceiling: ceiling.marking,
    ports: resolvePorts(props.ports, path),
    mutualTls: props.mutualTls ?? true,
  };
}

export interface SharedServiceIntentProps {
  readonly providers: readonly { readonly path: string; readonly enclave: string; readonly kind: string }[];
  readonly consumers: readonly string[];
  readonly ports: unknown;
  readonly description?: string;
}

export function resolveSharedService(path: string, id: string, givenProps: SharedServiceIntentProps): SharedServiceModel {
  const props = requireProps(givenProps, path, 'SharedService');
  const providers = props.providers;
  if (!Array.isArray(providers) || providers.length === 0) {
    fail({
      code: 'SHARED_SERVICE_PROVIDERS_MISSING',
      path,
      problem: 'the shared service names no provider workloads',
      given: show(providers),
      expected: 'providers: [vm, ...], the VMs that serve it, all in one enclave',
      fix: 'list the workloads that provide the service',
    });
  }
  const enclave = providers[0].enclave;
  for (const p of providers) {
    if (p.enclave !== enclave) {
      fail({
        code: 'SHARED_SERVICE_PROVIDERS_SPLIT',
        path,
        problem: `provider ${p.path} is not in enclave ${enclave}, where ${providers[0].path} is`,
        given: providers.map((x) => x.path).join(', '),
        expected: 'providers from one enclave',
        fix: 'declare one shared service per provider enclave',
      });
    }
    if (p.kind !== 'vm') {
      fail({
        code: 'SHARED_SERVICE_PROVIDER_KIND',
        path,
        problem: `provider ${p.path} is a ${p.kind}; a shared service is served by VMs behind a private load balancer`,
        given: p.kind,
        expected: 'vm providers',
        fix: 'offer the VM that fronts the database or store; consumers never reach a data store directly',
      });
    }
  }
  const consumers = props.consumers;
  if (!Array.isArray(consumers) || consumers.length === 0) {
    fail({
      code: 'SHARED_SERVICE_CONSUMERS_MISSING',
      path,
      problem: 'the shared service names no consumer enclaves',
      given: show(consumers),
      expected: 'consumers: [enclave, ...]',
      fix: 'declare every enclave that may use the service; nobody else can',
    });
  }
  for (const c of consumers) {
    if (c === enclave) {
      fail({
        code: 'SHARED_SERVICE_SELF_CONSUMER',
        path,
        problem: `enclave ${c} provides the service and cannot also consume it`,
        given: c,
        expected: 'consumer enclaves other than the provider\'s',
        fix: `remove ${c} from consumers; declare flows inside it with allowFrom`,
      });
    }
  }
  return {
    path,
    id,
    ...(props.description !== undefined ? { description: requireString(props.description, path, 'description', 'a short description') } : {}),
    enclave,
    providers: [...new Set(providers.map((p) => p.path))],
    consumers: [...new Set(consumers)],
    ports: resolvePorts(props.ports, path, { tcpOnly: true }),
  };
}

/** `essex/records-app` or `Kent County Council (10.200.16.0/24)`. */
export function describeEndpoint(e: ExchangeEndpointModel): string {
  return e.kind === 'workload' ? e.workload : `${e.name} (${e.prefixes.join(', ')})`;
}
