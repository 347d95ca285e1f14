import { LogAnalyticsWorkspaceTableCustomLog } from '@cdktf/provider-azurerm/lib/log-analytics-workspace-table-custom-log';
import type { IConstruct } from 'constructs';
import { fail, show } from '../../../lib/errors';
import { checkId, requireString } from '../../../lib/model/checks';
import { resolveIsa, resolvePorts } from '../../../lib/model/exchange';
import { requirePrefixes } from '../../../lib/model/interconnect';
import type { IsaModel, PortRangeModel } from '../../../lib/model/types';
import { azureNames } from '../../../lib/naming/azure';
import { preventDestroy } from '../../terraform';
import type { ExchangePeer, ExchangeProps } from '../secure-exchange';
import { Workload } from '../workload';
import { allowRule, portOf, type RuleEnd } from './allow-rule';
import { laterOf, refer } from './cross-stack';

/**
 * Columns of an exchange's table of records: what DPA 2018 s.62 asks a log of disclosures (or of
 * a collection) to record (when, by whom, to or from whom, what), with the exchange and its ISA. The Data (Use
 * and Access) Act 2025 dropped the justification; the column stays for those who record one.
 */
const DISCLOSURE_COLUMNS = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Exchange', type: 'string' },
  { name: 'IsaReference', type: 'string' },
  { name: 'Sender', type: 'string' },
  { name: 'Recipients', type: 'string' },
  { name: 'Person', type: 'string' },
  { name: 'Records', type: 'string' },
  { name: 'Justification', type: 'string' },
];

/** The exchanges rendered so far, per app: exchange id and end → what it was rendered with. */
const rendered = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Renders an exchange from `sender` to `receiver`, at least one of them an Azure workload (see
 * `Workload.exchangeTo`). `path` is where errors are reported.
 */
export function renderExchange(sender: Workload | ExchangePeer, receiver: Workload | ExchangePeer, props: ExchangeProps, path: string): void {
  const x = resolveExchange(props, path);
  const from = Workload.isWorkload(sender) ? sender : peerOf(sender, path);
  const to = Workload.isWorkload(receiver) ? receiver : peerOf(receiver, path);
  const fromName = nameOf(from);
  const toName = nameOf(to);
  const signature = `${fromName} -> ${toName} ${x.ports.map(portOf).join(',')}`;
  const ends = [from, to].filter(Workload.isWorkload);
  if (ends.length === 0) {
    fail({ code: 'EXCHANGE_ENDS_INVALID', path, problem: 'neither end of the exchange is an Azure workload', given: signature, expected: 'an azure Workload at one end at least', fix: 'call exchangeTo or exchangeFrom on the Azure workload' });
  }
  for (const w of ends) {
    if (w.model.kind !== 'vm') {
      fail({
        code: 'EXCHANGE_ENDPOINT_KIND',
        path,
        problem: `${w.names.stablePath} is a ${w.model.kind}; exchanges run between VMs (the enclaves' gateways)`,
        given: w.node.path,
        expected: 'a vm at each Azure end',
        fix: 'exchange through the VM that fronts the data; a data store is never reached across an enclave boundary',
      });
    }
  }
  const seen = rendered.get(ends[0].node.root) ?? new Map<string, string>();
  rendered.set(ends[0].node.root, seen);
  const keys = ends.map((w) => `${x.id}|${w === from ? 'sender' : 'receiver'}|${w.node.path}`);
  const before = keys.map((k) => seen.get(k)).find((v) => v !== undefined);
  if (before === signature) return;
  if (before !== undefined) {
    fail({
      code: 'EXCHANGE_DUPLICATE',
      path,
      problem: `exchange "${x.id}" was already rendered here as ${before}`,
      given: signature,
      expected: 'one rendering per exchange and end',
      fix: 'give each exchange its own id',
    });
  }
  for (const k of keys) seen.set(k, signature);

  const description = (port: PortRangeModel) => `ISA ${x.isa.reference}, exchange ${x.id}: ${fromName} -> ${toName} on ${portOf(port)}`;
  if (Workload.isWorkload(from) && Workload.isWorkload(to)) {
    checkSameNetwork(from, to, x.id, path);
    // Both rules live in the later of the two stacks: the stacks never depend on each other in a cycle.
    const host = laterOf(from, to);
    const group = (w: Workload) => refer(host, w.applicationSecurityGroup, w.applicationSecurityGroup.id, w.names.applicationSecurityGroupId);
    const source: RuleEnd = { groups: [group(from)] };
    const destination: RuleEnd = { groups: [group(to)] };
    for (const port of x.ports) {
      rule(host, x, 'Inbound', to, port, source, destination, description(port));
      rule(host, x, 'Outbound', from, port, source, destination, description(port));
    }
  } else if (Workload.isWorkload(from)) {
    for (const port of x.ports) {
      rule(from, x, 'Outbound', from, port, { groups: [from.applicationSecurityGroup.id] }, { prefixes: (to as ExchangePeer).prefixes }, description(port));
    }
  } else {
    const local = to as Workload;
    for (const port of x.ports) {
      rule(local, x, 'Inbound', local, port, { prefixes: from.prefixes }, { groups: [local.applicationSecurityGroup.id] }, description(port));
    }
  }

  // The sender's disclosures go to its own enclave's audit sink, each exchange to a table of its own;
  // from a partner outside the estate, the receiver logs the collection (no sender of ours logs it).
  const logger = Workload.isWorkload(from) ? { end: from, records: 'disclosures' as const } : from.partner && Workload.isWorkload(to) ? { end: to, records: 'collections' as const } : undefined;
  if (logger) {
    const table = new LogAnalyticsWorkspaceTableCustomLog(logger.end, `Exchange-${x.id}-${logger.records === 'disclosures' ? 'Disclosures' : 'Collections'}`, {
      name: azureNames.exchangeRecordsTable(x.id, logger.records),
      workspaceId: logger.end.enclave.auditWorkspace.id,
      plan: 'Analytics',
      description: `DPA 2018 s.62 ${logger.records === 'disclosures' ? 'disclosures' : 'collection'} of exchange ${x.id} under ISA ${x.isa.reference}: ${fromName} to ${toName}`,
      column: DISCLOSURE_COLUMNS,
    });
    preventDestroy(table);
  }
}

interface ResolvedExchange {
  readonly id: string;
  readonly isa: IsaModel;
  readonly ports: readonly PortRangeModel[];
}

function resolveExchange(props: ExchangeProps, path: string): ResolvedExchange {
  if (typeof props !== 'object' || props === null) {
    fail({ code: 'EXCHANGE_PROPS_MISSING', path, problem: 'the exchange is not described', given: show(props), expected: '{ id, isa, ports }', fix: 'pass the exchange: its id, its ISA and its ports' });
  }
  return { id: checkId(props.id, path, 'exchange'), isa: resolveIsa(props.isa, path), ports: resolvePorts(props.ports, path) };
}

function peerOf(peer: ExchangePeer, path: string): ExchangePeer {
  if (typeof peer !== 'object' || peer === null) {
    fail({ code: 'EXCHANGE_PEER_INVALID', path, problem: 'the far end is neither an Azure workload nor a peer', given: show(peer), expected: "an azure Workload, or { name: 'Kent County Council', prefixes: ['172.28.16.0/24'] }", fix: 'pass the workload, or the far end\'s name and prefixes' });
  }
  return {
    name: requireString(peer.name, path, 'peer name', 'the far workload\'s path or the partner organisation'),
    prefixes: requirePrefixes(peer.prefixes, path, 'peer prefixes'),
    partner: peer.partner === true,
  };
}

function nameOf(end: Workload | ExchangePeer): string {
  return Workload.isWorkload(end) ? end.names.stablePath : `${end.name} (${end.prefixes.join(', ')})`;
}

/** Two Azure ends must share a network: pcloud does not peer VNets, and application security groups work within one. */
function checkSameNetwork(from: Workload, to: Workload, id: string, path: string): void {
  if (from.enclave === to.enclave) {
    fail({
      code: 'EXCHANGE_INSIDE_ENCLAVE',
      path,
      problem: `both ends of exchange "${id}" are in enclave ${from.enclave.node.path}`,
      given: `${from.node.path} -> ${to.node.path}`,
      expected: 'ends in two different enclaves',
      fix: `declare the flow with ${to.node.id}.allowFrom(${from.node.id}, port); an exchange crosses an enclave boundary`,
    });
  }
  const a = from.enclave.network.names;
  const b = to.enclave.network.names;
  if (a.subscriptionId !== b.subscriptionId || a.resourceGroup !== b.resourceGroup || a.virtualNetwork !== b.virtualNetwork) {
    fail({
      code: 'EXCHANGE_NEEDS_PEERING',
      path,
      problem: `the ends of exchange "${id}" are on two networks (${a.virtualNetwork}, ${b.virtualNetwork}), which pcloud does not peer`,
      given: `${from.node.path} -> ${to.node.path}`,
      expected: 'ends on one network, or a peer with its prefixes for an end reached through an interconnect',
      fix: 'place both enclaves on one network, or offer the receiving VM as a SharedService (Private Link crosses networks)',
    });
  }
}

function rule(host: Workload, x: ResolvedExchange, direction: 'Inbound' | 'Outbound', owner: Workload, port: PortRangeModel, source: RuleEnd, destination: RuleEnd, description: string): void {
  allowRule(host, `Exchange-${x.id}-${direction}-${portOf(port).replace('/', '-')}`, {
    enclave: owner.enclave,
    tier: owner.model.tier,
    direction,
    name: azureNames.exchangeRule(x.id, direction, port.protocol, port.fromPort, port.toPort),
    key: `exchange|${x.id}|${direction}|${portOf(port)}`,
    port,
    source,
    destination,
    description,
  });
}
