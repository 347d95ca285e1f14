import { shortHash } from './hash';
import { flowKey } from './model/workload';
import { stableId } from './model/renamed-from';
import { EstateView, type RemoteRoute } from './model/view';
import type {
  CommunityNetworkModel,
  EnclaveModel,
  EstateModel,
  ExchangeEndpointModel,
  ExchangeModel,
  InterconnectModel,
  IpsecModel,
  Platform,
  PortRangeModel,
  SharedServiceModel,
  SiteModel,
  Tier,
} from './model/types';
import { vsphereNames } from './naming/vsphere';
import { describePort } from './ports';

/**
 * Version 2 added: allow rules for secure exchanges and shared services (their endpoints may be
 * a `FirewallPrefixEndpoint` off the site or an enclave's range, and the rule names its
 * `exchange` or `sharedService`), the `interconnects` section (IPsec edge parameters and routes
 * per segment), and operator controls for the IPsec edge (PCR-10) and exchange mutual TLS (PCR-27).
 */
export const FIREWALL_MANIFEST_VERSION = 2;

/** A workload on the site: its /32 on its port group. */
export interface FirewallEndpoint {
  readonly workload: string;
  readonly address: string;
  readonly portGroup: string;
  readonly vlan: number;
}

/**
 * A range of addresses rather than one workload of the site (version 2): a workload on another
 * site (the narrowest prefix that site shows it at), a partner's prefix, or a consumer
 * enclave's whole range. Tell it from a `FirewallEndpoint` by its `prefix`.
 */
export interface FirewallPrefixEndpoint {
  readonly prefix: string;
  /** What the prefix is, e.g. `workload national-services/btp/api on site aws-london`. */
  readonly description: string;
  /** The enclave the prefix belongs to; absent for a partner. */
  readonly enclave?: string;
  /** The interconnect the site reaches the prefix through; absent when the prefix is on this site. */
  readonly interconnect?: string;
}

export interface FirewallRule {
  /** Stable id derived from the flow, exchange or service (their paths and ports), so a firewall change ticket can name it. */
  readonly id: string;
  readonly action: 'allow' | 'deny';
  readonly protocol: 'tcp' | 'udp' | 'any';
  /** Port or range, `any` for the default rule. */
  readonly ports: string;
  /** `any` only in the default deny. */
  readonly source: FirewallEndpoint | FirewallPrefixEndpoint | 'any';
  readonly destination: FirewallEndpoint | FirewallPrefixEndpoint | 'any';
  readonly reason: string;
  /**
   * The secure exchange the rule carries and its ISA reference (version 2); absent for other
   * rules. `records` says where the exchange's records are logged when the enclave that logs them
   * is on this site: a sender's disclosures, or the collection from a partner (DPA 2018 s.62).
   */
  readonly exchange?: {
    readonly path: string;
    readonly isa: string;
    readonly records?: { readonly enclave: string; readonly kind: 'disclosures' | 'collections'; readonly auditSyslog: string };
  };
  /** The shared service the rule carries (version 2); absent for other rules. */
  readonly sharedService?: string;
}

export interface FirewallSegment {
  readonly portGroup: string;
  readonly vlan: number;
  readonly cidr: string;
  readonly gateway: string;
  readonly network: string;
  readonly enclave: string;
  readonly tenant: string;
  readonly tier: Tier;
  readonly classification: string;
}

/** The far end of an interconnect, as the site's edge sees it. */
export interface FirewallFarEnd {
  /** The estate site at the far end; absent for a community network. */
  readonly site?: string;
  readonly platform?: Platform;
  /** The community network at the far end; absent between two sites of the estate. */
  readonly community?: { readonly name: string; readonly kind: CommunityNetworkModel['kind'] };
  /** Public IPv4 address of the far gateway; absent when the far end's cloud assigns it at deployment. */
  readonly publicAddress?: string;
  /** Where to read the far gateway's address once deployed; present only when `publicAddress` is absent. */
  readonly assignedAtDeployment?: string;
}

/** The routes one segment of the site has through an interconnect. */
export interface FirewallSegmentRoutes {
  readonly portGroup: string;
  readonly vlan: number;
  readonly cidr: string;
  readonly enclave: string;
  /** Each prefix, and the exchanges and shared services that need it. */
  readonly routes: readonly { readonly prefix: string; readonly for: readonly string[] }[];
}

/**
 * One IPsec interconnect with an end on the site (version 2): what the firewall team configures
 * on the site's edge, since the vSphere provider has no VPN resources.
 */
export interface FirewallInterconnect {
  /** The interconnect's path. */
  readonly interconnect: string;
  readonly description?: string;
  /** This site's end of the tunnel. */
  readonly localEdge: { readonly publicAddress: string; readonly device?: string };
  readonly farEnd: FirewallFarEnd;
  /** IKE and ESP proposals: `cipher` and `integrity` for both phases; `dhGroup` for IKE, `pfsGroup` for ESP. */
  readonly ipsec: IpsecModel & { readonly pfsGroup: IpsecModel['dhGroup'] };
  /** Code of Connection (PCR-31); absent when none is recorded. */
  readonly coco?: { readonly reference: string; readonly expires: string };
  /** Last IT Health Check (PCR-31); absent when none is recorded. */
  readonly ithc?: { readonly reference: string; readonly date: string };
  /** Prefixes of this site the far end may reach (the far side routes them through the tunnel). */
  readonly localPrefixes: readonly string[];
  /** Prefixes the site routes into the tunnel: exactly its enclaves' remote routes through this interconnect. */
  readonly remotePrefixes: readonly string[];
  /**
   * The segments that route through the tunnel, and what: a consumer enclave's every segment for
   * the services it uses, only the segment of an exchange's end for the exchange, only the
   * providers' segments for a service offered across it. A segment with no route through it is not listed.
   */
  readonly segments: readonly FirewallSegmentRoutes[];
}

/**
 * What the estate's firewall must enforce on a vSphere site. The vSphere provider has no
 * firewall or VPN resources, so pcloud writes this manifest for the firewall team (NSX, a
 * physical or a virtual appliance) instead of pretending: one allow rule per declared flow,
 * secure exchange and shared service, then the default deny; and the IPsec edge of each
 * interconnect with the routes each segment gets.
 */
export interface FirewallManifest {
  readonly schemaVersion: typeof FIREWALL_MANIFEST_VERSION;
  readonly estate: string;
  readonly site: string;
  readonly vcenter: string;
  readonly note: string;
  readonly defaultAction: 'deny';
  /** One segment per port group: enclave tier, VLAN, subnet and gateway. */
  readonly segments: readonly FirewallSegment[];
  /** Ordered: every declared flow, then every exchange, then every shared service, then the default deny. */
  readonly rules: readonly FirewallRule[];
  /** The interconnects with an end on the site, in declaration order (version 2). */
  readonly interconnects: readonly FirewallInterconnect[];
  /** Controls the vSphere provider cannot set, which the site's operators must. */
  readonly operatorControls: readonly { readonly control: string; readonly requirement: string; readonly rule: string }[];
}

type OperatorControl = FirewallManifest['operatorControls'][number];

/** The controls every vSphere site's operators carry. */
export const VSPHERE_OPERATOR_CONTROLS: FirewallManifest['operatorControls'] = [
  {
    control: 'Network filtering between port groups',
    requirement: 'Apply the rules of this manifest on the site firewall: default deny between every segment; allow only the listed rules (declared flows, secure exchanges and shared services).',
    rule: 'PCR-13',
  },
  {
    control: 'Fault Tolerance encryption',
    requirement: 'Set ftEncryptionMode to ftEncryptionRequired on any VM that is given Fault Tolerance (the provider cannot set it).',
    rule: 'PCR-09',
  },
];

/** A site with interconnects: its edge terminates them, and only the firewall team can configure it. */
export const IPSEC_EDGE_CONTROL: OperatorControl = {
  control: 'IPsec edge of each interconnect',
  requirement:
    'Configure each tunnel in `interconnects` on the listed edge with exactly its IKE and ESP proposals, route only its `remotePrefixes` ' +
    'into it and only for the listed segments, and accept from it only its remote prefixes; keep its Code of Connection and IT Health Check current.',
  rule: 'PCR-10',
};

/** A site with an end of a secure exchange: the firewall allows the path; mutual TLS is configured in the workloads. */
export function exchangeMutualTlsControl(exchanges: readonly ExchangeModel[]): OperatorControl {
  const without = exchanges.filter((x) => !x.mutualTls).map((x) => x.path);
  return {
    control: 'Mutual TLS on secure exchanges',
    requirement:
      'Each rule with an `exchange` reaches a workload on its enclave\'s own port group; configure both ends of the exchange to present ' +
      'and verify certificates (mutual TLS), and record it for the accreditor: the firewall cannot check it.' +
      (without.length ? ` Declared without mutual TLS, against rule PCR-27: ${without.join(', ')}.` : ''),
    rule: 'PCR-27',
  };
}

/** A site where an exchange's records are logged: the gateway writes them, the firewall cannot. */
export function exchangeRecordsControl(exchanges: readonly { readonly path: string; readonly enclave: string; readonly kind: string; readonly auditSyslog: string }[]): OperatorControl {
  return {
    control: 'Records of secure exchanges',
    requirement:
      'For each rule whose `exchange` has `records`, the gateway workload writes the exchange\'s records (disclosures: what, to whom, when, by whom; ' +
      'a collection from a partner: what, from whom, when, by whom) to its enclave\'s audit syslog `records.auditSyslog` (DPA 2018 s.62), and the ' +
      'site firewall logs the connections on the rule: ' +
      exchanges.map((x) => `${x.path} (${x.kind}, ${x.enclave}, ${x.auditSyslog})`).join('; ') +
      '.',
    rule: 'PCR-27',
  };
}

/** Firewall manifests, one per vSphere site that has networks. */
export function firewallManifests(model: EstateModel): FirewallManifest[] {
  const view = new EstateView(model);
  return model.sites
    .filter((s) => s.platform === 'vsphere' && view.networksOn(s).length > 0)
    .map((site) => manifestFor(view, site));
}

function manifestFor(view: EstateView, site: SiteModel): FirewallManifest {
  const model = view.model;
  const segments: FirewallSegment[] = [];
  const segmentOf = new Map<string, FirewallSegment>();
  const enclaves: EnclaveModel[] = [];
  for (const network of view.networksOn(site)) {
    for (const enclave of view.enclavesOf(network)) {
      enclaves.push(enclave);
      for (const layout of enclave.tiers) {
        const segment: FirewallSegment = {
          // The port group's name, which keeps the previous ids of a renamed network or enclave.
          portGroup: vsphereNames.portGroup(model.name, stableId(network), stableId(enclave), layout.tier),
          vlan: layout.vlan!,
          cidr: layout.cidr,
          gateway: layout.gateway,
          network: network.path,
          enclave: enclave.path,
          tenant: enclave.tenant.code,
          tier: layout.tier,
          classification: enclave.classification,
        };
        segments.push(segment);
        segmentOf.set(`${enclave.path}#${layout.tier}`, segment);
      }
    }
  }
  const onSite = new Set(enclaves.map((e) => e.path));
  const isLocal = (workload: string) => onSite.has(view.workload(workload).enclave);
  const endpoint = (path: string): FirewallEndpoint => {
    const w = view.workload(path);
    const segment = segmentOf.get(`${w.enclave}#${w.tier}`)!;
    return { workload: w.path, address: `${w.address}/32`, portGroup: segment.portGroup, vlan: segment.vlan };
  };
  const ctx: SiteContext = { view, site, isLocal, endpoint };

  const rules: FirewallRule[] = model.flows
    .filter((f) => isLocal(f.to))
    .map((f) => ({
      // From the stable paths, so that renaming a workload keeps its firewall rules' ids.
      id: ruleId(flowKey({ ...f, from: view.stablePath(f.from), to: view.stablePath(f.to) })),
      action: 'allow' as const,
      protocol: f.protocol,
      ports: f.fromPort === f.toPort ? String(f.fromPort) : `${f.fromPort}-${f.toPort}`,
      source: endpoint(f.from),
      destination: endpoint(f.to),
      reason: `declared flow ${flowKey(f)}`,
    }));
  const exchanges = model.exchanges.filter((x) => [x.from, x.to].some((e) => e.kind === 'workload' && isLocal(e.workload)));
  for (const x of exchanges) rules.push(...exchangeRules(ctx, x));
  for (const s of model.sharedServices) rules.push(...serviceRules(ctx, s));
  rules.push({
    id: 'pcloud-default-deny',
    action: 'deny',
    protocol: 'any',
    ports: 'any',
    source: 'any',
    destination: 'any',
    reason: 'default deny (rule PCR-13): nothing else crosses a segment',
  });

  const recorded = [...new Map(rules.flatMap((r) => (r.exchange?.records ? [[r.exchange.path, { path: r.exchange.path, ...r.exchange.records }] as const] : []))).values()];
  const routes = new Map(enclaves.map((e) => [e.path, view.remoteRoutes(e)]));
  const interconnects = view.interconnectsOn(site).map((link) => interconnectOf(ctx, link, segments, routes));
  return {
    schemaVersion: FIREWALL_MANIFEST_VERSION,
    estate: model.name,
    site: site.id,
    vcenter: site.vsphere!.server,
    note:
      'The vSphere Terraform provider has no firewall resources and no VPN resources. pcloud renders port groups, folders, resource pools, VMs and administrator permissions; ' +
      'this manifest is what the site firewall must enforce between the port groups and towards other sites (declared flows, secure exchanges, shared services), ' +
      'and the IPsec edge of each interconnect.',
    defaultAction: 'deny',
    segments,
    rules,
    interconnects,
    operatorControls: [
      ...VSPHERE_OPERATOR_CONTROLS,
      ...(interconnects.length ? [IPSEC_EDGE_CONTROL] : []),
      ...(exchanges.length ? [exchangeMutualTlsControl(exchanges)] : []),
      ...(recorded.length ? [exchangeRecordsControl(recorded)] : []),
    ],
  };
}

interface SiteContext {
  readonly view: EstateView;
  readonly site: SiteModel;
  /** The workload is on this site. */
  readonly isLocal: (workload: string) => boolean;
  /** A workload of this site as a rule endpoint. */
  readonly endpoint: (workload: string) => FirewallEndpoint;
}

/**
 * One rule per port (and per prefix of a partner) from the sending end to the receiving end. Ids
 * derive from the exchange's path, the partner prefix and the port only, so they survive a
 * workload's rename and other exchanges coming and going.
 */
function exchangeRules(ctx: SiteContext, x: ExchangeModel): FirewallRule[] {
  const { view } = ctx;
  const ends = (end: ExchangeEndpointModel): { key: string; at: FirewallEndpoint | FirewallPrefixEndpoint }[] => {
    if (end.kind === 'partner') {
      return end.prefixes.map((prefix) => ({ key: prefix, at: { prefix, description: `partner ${end.name}`, interconnect: end.interconnect } }));
    }
    if (ctx.isLocal(end.workload)) return [{ key: '', at: ctx.endpoint(end.workload) }];
    const w = view.workload(end.workload);
    const description = `workload ${w.path} on site ${view.siteOfWorkload(w.path).id}`;
    // An exchange crosses at most one interconnect (the model refuses anything else).
    return [{ key: '', at: { prefix: view.workloadPrefix(w.path), description, enclave: w.enclave, interconnect: x.via[0] } }];
  };
  const logged = view.exchangeRecords(x);
  const records = view.siteOfEnclave(view.enclave(logged.enclave)).id === ctx.site.id
    ? { enclave: logged.enclave, kind: logged.records, auditSyslog: ctx.site.vsphere!.logForwarding?.target ?? 'none recorded (rule PCR-25)' }
    : undefined;
  const rules: FirewallRule[] = [];
  for (const port of x.ports) {
    for (const from of ends(x.from)) {
      for (const to of ends(x.to)) {
        rules.push({
          id: ruleId(`exchange ${x.path} ${from.key}>${to.key} ${portOf(port)}`),
          action: 'allow',
          protocol: port.protocol,
          ports: portsOf(port),
          source: from.at,
          destination: to.at,
          reason: `secure exchange ${x.path} under ISA ${x.isa.reference}${x.via.length ? ` through ${x.via.join(', ')}` : ''}`,
          exchange: { path: x.path, isa: x.isa.reference, ...(records ? { records } : {}) },
        });
      }
    }
  }
  return rules;
}

/**
 * A provider on the site: each consumer enclave's range to each provider's /32. A consumer on the
 * site of a service elsewhere: the consumer enclave's range to each provider's prefix. Never a
 * rule between two consumers, and nothing from a provider to a consumer.
 */
function serviceRules(ctx: SiteContext, s: SharedServiceModel): FirewallRule[] {
  const { view, site } = ctx;
  const providerSite = view.siteOfEnclave(view.enclave(s.enclave));
  const consumerOf = (path: string): FirewallPrefixEndpoint => {
    const consumer = view.enclave(path);
    const consumerSite = view.siteOfEnclave(consumer);
    const link = consumerSite.id === site.id ? undefined : view.interconnectBetween(site.id, consumerSite.id)!.path;
    return {
      prefix: consumer.cidr,
      description: `enclave ${consumer.path}${link ? ` on site ${consumerSite.id}` : ''}, consumer of ${s.path}`,
      enclave: consumer.path,
      ...(link ? { interconnect: link } : {}),
    };
  };
  const pairs: { consumer: string; provider: string; source: FirewallPrefixEndpoint; destination: FirewallEndpoint | FirewallPrefixEndpoint }[] = [];
  if (providerSite.id === site.id) {
    for (const c of s.consumers) for (const p of s.providers) pairs.push({ consumer: c, provider: p, source: consumerOf(c), destination: ctx.endpoint(p) });
  } else {
    const link = view.interconnectBetween(site.id, providerSite.id);
    for (const c of s.consumers.filter((c) => view.siteOfEnclave(view.enclave(c)).id === site.id)) {
      for (const p of s.providers) {
        const destination: FirewallPrefixEndpoint = {
          prefix: view.workloadPrefix(p),
          description: `workload ${p} on site ${providerSite.id}, provider of ${s.path}`,
          enclave: s.enclave,
          interconnect: link!.path,
        };
        pairs.push({ consumer: c, provider: p, source: consumerOf(c), destination });
      }
    }
  }
  return pairs.flatMap(({ consumer, provider, source, destination }) =>
    s.ports.map((port) => ({
      id: ruleId(`service ${s.path} ${view.stablePath(consumer)}>${view.stablePath(provider)} ${portOf(port)}`),
      action: 'allow' as const,
      protocol: port.protocol,
      ports: portsOf(port),
      source,
      destination,
      reason: `shared service ${s.path}: consumer ${consumer} to provider ${provider}`,
      sharedService: s.path,
    })),
  );
}

function interconnectOf(
  ctx: SiteContext,
  link: InterconnectModel,
  segments: readonly FirewallSegment[],
  routes: ReadonlyMap<string, readonly RemoteRoute[]>,
): FirewallInterconnect {
  const { view, site } = ctx;
  const local = link.ends.find((e) => e.site === site.id)!;
  const edge = site.vsphere!.edge;
  const through = (enclave: string) => (routes.get(enclave) ?? []).filter((r) => r.interconnect === link.path);
  const segmentRoutes: FirewallSegmentRoutes[] = segments
    .map((s) => ({
      portGroup: s.portGroup,
      vlan: s.vlan,
      cidr: s.cidr,
      enclave: s.enclave,
      routes: through(s.enclave)
        .map((r) => ({ prefix: r.prefix, for: r.for.filter((reason) => needsRoute(view, reason, s)) }))
        .filter((r) => r.for.length > 0),
    }))
    .filter((s) => s.routes.length > 0);
  const remotePrefixes = sortedPrefixes([...routes.keys()].flatMap((e) => through(e).map((r) => r.prefix)));
  return {
    interconnect: link.path,
    ...(link.description !== undefined ? { description: link.description } : {}),
    // The model gives a vSphere end the edge's address when it was not declared on the interconnect.
    localEdge: { publicAddress: local.publicAddress!, ...(edge ? { device: edge.device } : {}) },
    farEnd: farEndOf(view, link, site),
    ipsec: { ...link.ipsec, pfsGroup: link.ipsec.dhGroup },
    ...(link.coco ? { coco: link.coco } : {}),
    ...(link.ithc ? { ithc: link.ithc } : {}),
    localPrefixes: localPrefixes(ctx, link),
    remotePrefixes,
    segments: segmentRoutes,
  };
}

/**
 * Whether a segment needs a route its enclave has for an exchange or shared service: the segment
 * of the exchange's end in the enclave; every segment of a consumer enclave (its whole range may
 * use the service); the segments of a provider enclave that hold the service's providers.
 */
function needsRoute(view: EstateView, reason: string, segment: FirewallSegment): boolean {
  const inSegment = (workload: string) => {
    const w = view.workload(workload);
    return w.enclave === segment.enclave && w.tier === segment.tier;
  };
  const exchange = view.model.exchanges.find((x) => x.path === reason);
  if (exchange) return [exchange.from, exchange.to].some((e) => e.kind === 'workload' && inSegment(e.workload));
  const service = view.model.sharedServices.find((s) => s.path === reason)!;
  return service.enclave === segment.enclave ? service.providers.some(inSegment) : true;
}

function farEndOf(view: EstateView, link: InterconnectModel, site: SiteModel): FirewallFarEnd {
  if (link.community) {
    return { community: { name: link.community.name, kind: link.community.kind }, publicAddress: link.community.gatewayAddress };
  }
  const far = link.ends.find((e) => e.site !== site.id)!;
  const platform = view.site(far.site).platform;
  if (far.publicAddress) return { site: far.site, platform, publicAddress: far.publicAddress };
  const where =
    platform === 'aws'
      ? `AWS assigns the outside addresses of the VPN connection's two tunnels when interconnect ${link.path} is deployed on site ${far.site}: ` +
        'read them from the VPN connection (console, or `aws ec2 describe-vpn-connections`: Options.TunnelOptions[].OutsideIpAddress) and configure a tunnel to each'
      : `Azure assigns the public address of the VPN gateway when interconnect ${link.path} is deployed on site ${far.site}: ` +
        "read it from the gateway's public IP address (portal, or `az network public-ip show`), then configure the tunnel";
  return { site: far.site, platform, assignedAtDeployment: where };
}

/**
 * The site's prefixes the far end routes through the interconnect: the site's end of each exchange
 * through it, the providers of each service the site offers across it, and the ranges of the
 * site's enclaves that consume a service across it (the far side's remote routes).
 */
function localPrefixes(ctx: SiteContext, link: InterconnectModel): string[] {
  const { view, site } = ctx;
  const prefixes: string[] = [];
  for (const x of view.model.exchanges.filter((x) => x.via[0] === link.path)) {
    for (const end of [x.from, x.to]) if (end.kind === 'workload' && ctx.isLocal(end.workload)) prefixes.push(view.workloadPrefix(end.workload));
  }
  for (const s of view.model.sharedServices) {
    const providerSite = view.siteOfEnclave(view.enclave(s.enclave)).id;
    for (const c of s.consumers) {
      const consumer = view.enclave(c);
      const consumerSite = view.siteOfEnclave(consumer).id;
      if (consumerSite === providerSite || view.interconnectBetween(consumerSite, providerSite)?.path !== link.path) continue;
      if (providerSite === site.id) prefixes.push(...s.providers.map((p) => view.workloadPrefix(p)));
      else if (consumerSite === site.id) prefixes.push(consumer.cidr);
    }
  }
  return sortedPrefixes(prefixes);
}

function sortedPrefixes(prefixes: readonly string[]): string[] {
  return [...new Set(prefixes)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function ruleId(key: string): string {
  return `pcloud-${shortHash(key, 10)}`;
}

function portOf(p: PortRangeModel): string {
  return describePort({ protocol: p.protocol, from: p.fromPort, to: p.toPort });
}

function portsOf(p: PortRangeModel): string {
  return p.fromPort === p.toPort ? String(p.fromPort) : `${p.fromPort}-${p.toPort}`;
}
