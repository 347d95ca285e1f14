import { describeEndpoint } from '../model/exchange';
import {
  TIERS,
  type CommunityNetworkModel,
  type EnclaveModel,
  type EstateModel,
  type ExchangeEndpointModel,
  type ExchangeModel,
  type FlowModel,
  type InterconnectModel,
  type NetworkModel,
  type SiteModel,
  type WorkloadModel,
} from '../model/types';
import { EstateView } from '../model/view';
import { compareKeys } from './private/order';
import { esc, fit, num, textWidth } from './private/svg';
import { ASSURANCE_NAMES, CLASSIFICATION_COLOURS, OPERATOR_NAMES, PLATFORM_NAMES, colourOf, ipsecText, plural } from './private/words';

/*
 * The network diagram: nested boxes, laid out by arithmetic alone so that the same model always
 * gives the same SVG. Sites are packed into rows (first fit, in declaration order); a site stacks
 * its networks; a network lays its enclaves side by side, wrapping; an enclave puts its workloads
 * in one row per tier (presentation at the top, management at the bottom), so most declared flows
 * run downwards between rows, where their port labels sit.
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
const MAX_WIDTH = 1110;
/** Room for the legend. */
const MIN_WIDTH = 820;
const MARGIN = 20;
const LEGEND_H = 78;

const SITE_PAD = 16;
const SITE_HEADER = 66;
const SITE_GAP = 24;
const SITE_MIN_W = 400;

const NET_PAD = 14;
const NET_HEADER = 66;
const NET_GAP = 16;
const NET_MIN_W = 320;

const ENC_PAD = 14;
const ENC_HEADER = 62;
const ENC_GAP = 18;
const ENC_MIN_W = 240;

const CARD_W = 184;
const CARD_H = 46;
const CARD_GAP = 18;
const TIER_GAP = 50;

/** Room for the legend's third line, on links. */
const LEGEND_LINKS_H = 24;

/** A gap between rows of sites that links run along: its padding and the distance between its lanes. */
const CHANNEL_PAD = 16;
const LANE = 19;
/** The spine on the right that links between rows further apart run down. */
const SPINE_PAD = 16;
const SPINE_LANE = 12;

/** Boxes outside the sites: community networks and the partners reached through them. */
const OUT_PAD = 14;
const OUT_GAP = 16;
const OUT_H = 64;
const PARTNER_H = 40;
const PARTNER_GAP = 10;

const INK = '#1d2733';
const MUTED = '#4f5b69';
const FLOW = '#1f3b57';
const CROSS_FLOW = '#6b2fa0';
const PIPE = '#0e7490';
const EXCHANGE = '#b0246d';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

interface Measured<T> {
  readonly item: T;
  readonly w: number;
  readonly h: number;
}

interface EnclaveShape extends Measured<EnclaveModel> {
  readonly rows: readonly (readonly WorkloadModel[])[];
}
interface NetworkShape extends Measured<NetworkModel> {
  readonly lines: readonly (readonly EnclaveShape[])[];
}
interface SiteShape extends Measured<SiteModel> {
  readonly networks: readonly NetworkShape[];
}

/** Where things were drawn: workload cards by path; sites, enclaves, community networks and partners by key. */
interface Boxes {
  readonly cards: Map<string, Box>;
  /** `site:<id>`, `enclave:<path>`, `community:<name>`, `partner:<interconnect>|<name>`. */
  readonly frames: Map<string, Frame>;
  /** Ids given to community, partner and link elements, which are made unique. */
  readonly ids: Set<string>;
}

/** A box links attach to, and the stretch of its top and bottom edges they may attach along. */
interface Frame extends Box {
  readonly span?: readonly [number, number];
}

/**
 * Draws the estate as an SVG: sites as large boxes (platform, operator, assurance), networks in
 * them (CIDR, ceiling), enclaves in the networks (tenant, classification, coloured by it),
 * workloads in the enclaves (an icon per kind) and each declared flow as an arrow labelled with
 * its port. Interconnects are drawn as IPsec pipes between sites, or from a site to its community
 * network, which sits below the sites with the partners reached through it; secure exchanges as
 * arrows from the sending enclave (or partner) to the receiving one. Both run in the gaps between
 * rows of sites and, between rows further apart, down a spine on the right, so they never cross a
 * workload. Elements carry `data-site`, `data-network`, `data-enclave`, `data-workload`,
 * `data-flow-from` / `data-flow-to`, `data-interconnect`, `data-exchange`, `data-community` and
 * `data-partner` attributes.
 */
export function renderDiagram(model: EstateModel): string {
  const view = new EstateView(model);
  const sites = model.sites.map((s) => measureSite(view, s));
  const rows = packSites(sites);
  const outside = packOutside(measureOutside(view));
  const plans = planLinks(view, rows, outside);
  const lanes = laneCounts(plans, rows.length);
  const channelHeight = (k: number) => (lanes[k] ? 2 * CHANNEL_PAD + (lanes[k] - 1) * LANE : SITE_GAP);
  const linked = plans.length > 0;

  const out: string[] = [];
  const boxes: Boxes = { cards: new Map(), frames: new Map(), ids: new Set() };
  const channelTop: number[] = [];
  let y = MARGIN + LEGEND_H + (linked ? LEGEND_LINKS_H : 0);
  let width = SITE_MIN_W;
  rows.forEach((row, r) => {
    if (r > 0) {
      channelTop[r] = y;
      y += channelHeight(r);
    }
    const height = Math.max(...row.map((s) => s.h));
    let x = MARGIN;
    for (const site of row) {
      drawSite(out, site, { x, y, w: site.w, h: height }, boxes);
      x += site.w + SITE_GAP;
    }
    width = Math.max(width, x - SITE_GAP - MARGIN);
    y += height;
  });
  const outsideOut: string[] = [];
  if (outside.length || lanes[rows.length]) {
    channelTop[rows.length] = y;
    y += channelHeight(rows.length);
    outside.forEach((line, i) => {
      if (i > 0) y += SITE_GAP;
      let x = MARGIN;
      for (const shape of line) {
        drawOutside(outsideOut, shape, { x, y, w: shape.w, h: shape.h }, boxes);
        x += shape.w + SITE_GAP;
      }
      width = Math.max(width, x - SITE_GAP - MARGIN);
      y += Math.max(...line.map((s) => s.h));
    });
  }
  const spineLanes = plans.filter((p) => p.channelA !== p.channelB).length;
  const spineLeft = MARGIN + width + SPINE_PAD;
  const totalW = Math.max(width + 2 * MARGIN + (spineLanes ? SPINE_PAD + (spineLanes - 1) * SPINE_LANE : 0), MIN_WIDTH);
  const totalH = y + MARGIN;

  const flows = drawFlows(model, view, boxes.cards);
  const links = drawLinks(view, plans, boxes, {
    laneY: (k, lane) => channelTop[k] + CHANNEL_PAD + lane * LANE,
    spineX: (lane) => spineLeft + lane * SPINE_LANE,
    width: totalW,
  });
  const summary =
    `${plural(model.sites.length, 'site')}, ${plural(model.networks.length, 'network')}, ${plural(model.enclaves.length, 'enclave')}, ` +
    (linked
      ? `${plural(model.workloads.length, 'workload')}, ${plural(model.flows.length, 'declared flow')}, ${plural(model.interconnects.length, 'interconnect')} and ${plural(model.exchanges.length, 'secure exchange')}.`
      : `${plural(model.workloads.length, 'workload')} and ${plural(model.flows.length, 'declared flow')}.`);
  const linksText = linked
    ? ' Thick piped lines are interconnects (IPsec) between sites and to community networks, drawn below the sites with the partners reached through them; magenta arrows are secure exchanges under an ISA, from the sending enclave to the receiving one.'
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="pcloud-diagram" viewBox="0 0 ${num(totalW)} ${num(totalH)}" width="${num(totalW)}" height="${num(totalH)}" role="img" aria-labelledby="pcloud-diagram-title pcloud-diagram-desc" font-family="${esc(FONT)}" data-estate="${esc(model.name)}">`,
    `<title id="pcloud-diagram-title">Network diagram of the ${esc(model.name)} estate</title>`,
    `<desc id="pcloud-diagram-desc">${esc(summary)} Sites contain their accredited networks, networks their tenant enclaves, enclaves their workloads in one row per tier; arrows are declared flows, labelled with protocol and port.${esc(linksText)}</desc>`,
    defs(linked),
    `<rect x="0" y="0" width="${num(totalW)}" height="${num(totalH)}" fill="#ffffff"/>`,
    legend(model.name, totalW, linked),
    `<g class="sites">`,
    ...out,
    `</g>`,
    ...(outsideOut.length ? [`<g class="outside">`, ...outsideOut, `</g>`] : []),
    flows,
    ...(links ? [links] : []),
    `</svg>`,
  ].join('\n');
}

// --- measuring -------------------------------------------------------------------------------------

function measureEnclave(view: EstateView, enclave: EnclaveModel): EnclaveShape {
  const workloads = view.workloadsOf(enclave);
  const rows = orderRows(
    TIERS.map((tier) => workloads.filter((w) => w.tier === tier)).filter((r) => r.length > 0),
    view.model.flows,
  );
  const content = Math.max(0, ...rows.map((r) => r.length * CARD_W + (r.length - 1) * CARD_GAP));
  const w = Math.max(ENC_MIN_W, content + 2 * ENC_PAD);
  const h = ENC_HEADER + (rows.length ? rows.length * CARD_H + (rows.length - 1) * TIER_GAP : 22) + ENC_PAD;
  return { item: enclave, w, h, rows };
}

/**
 * Orders each tier row so that arrows between rows cross less: each workload moves towards the
 * mean position of the workloads it exchanges flows with (the barycentre heuristic), two sweeps
 * down and up. Ties keep declaration order, so the result depends on the model alone.
 */
function orderRows(rows: readonly (readonly WorkloadModel[])[], flows: readonly FlowModel[]): WorkloadModel[][] {
  const order = rows.map((r) => [...r]);
  const partners = new Map<string, string[]>();
  for (const f of flows) {
    partners.set(f.from, [...(partners.get(f.from) ?? []), f.to]);
    partners.set(f.to, [...(partners.get(f.to) ?? []), f.from]);
  }
  const coord = new Map<string, number>();
  const place = () => order.forEach((row) => row.forEach((w, i) => coord.set(w.path, i - (row.length - 1) / 2)));
  place();
  const sweep = (r: number) => {
    const keyed = order[r].map((w, i) => {
      const near = (partners.get(w.path) ?? []).filter((p) => coord.has(p) && !order[r].some((x) => x.path === p));
      const bary = near.length ? near.reduce((sum, p) => sum + coord.get(p)!, 0) / near.length : coord.get(w.path)!;
      return { w, bary, i };
    });
    keyed.sort((a, b) => a.bary - b.bary || a.i - b.i);
    order[r] = keyed.map((k) => k.w);
    place();
  };
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 1; r < order.length; r++) sweep(r);
    for (let r = order.length - 2; r >= 0; r--) sweep(r);
  }
  return order;
}

function measureNetwork(view: EstateView, network: NetworkModel): NetworkShape {
  const enclaves = view.enclavesOf(network).map((e) => measureEnclave(view, e));
  const inner = MAX_WIDTH - 2 * SITE_PAD - 2 * NET_PAD;
  const lines: EnclaveShape[][] = [];
  for (const enclave of enclaves) {
    const line = lines[lines.length - 1];
    if (line && lineWidth(line) + ENC_GAP + enclave.w <= inner) line.push(enclave);
    else lines.push([enclave]);
  }
  const w = Math.max(NET_MIN_W, ...lines.map((l) => lineWidth(l) + 2 * NET_PAD));
  const content = lines.reduce((sum, l) => sum + Math.max(...l.map((e) => e.h)), 0) + Math.max(0, lines.length - 1) * ENC_GAP;
  const h = NET_HEADER + (lines.length ? content : 22) + NET_PAD;
  return { item: network, w, h, lines };
}

function lineWidth(line: readonly { readonly w: number }[]): number {
  return line.reduce((sum, e) => sum + e.w, 0) + Math.max(0, line.length - 1) * ENC_GAP;
}

function measureSite(view: EstateView, site: SiteModel): SiteShape {
  const networks = view.networksOn(site).map((n) => measureNetwork(view, n));
  const w = Math.max(SITE_MIN_W, ...networks.map((n) => n.w + 2 * SITE_PAD));
  const h = SITE_HEADER + (networks.length ? networks.reduce((sum, n) => sum + n.h, 0) + (networks.length - 1) * NET_GAP : 22) + SITE_PAD;
  return { item: site, w, h, networks };
}

/** First fit, in declaration order: each site goes into the first row with room for it. */
function packSites(sites: readonly SiteShape[]): SiteShape[][] {
  const rows: SiteShape[][] = [];
  for (const site of sites) {
    const row = rows.find((r) => r.reduce((sum, s) => sum + s.w + SITE_GAP, 0) + site.w <= MAX_WIDTH);
    if (row) row.push(site);
    else rows.push([site]);
  }
  return rows;
}

// --- drawing boxes --------------------------------------------------------------------------------

function drawSite(out: string[], shape: SiteShape, box: Box, boxes: Boxes): void {
  const site = shape.item;
  boxes.frames.set(`site:${site.id}`, box);
  const line2 = `${PLATFORM_NAMES[site.platform]} \u00b7 ${OPERATOR_NAMES[site.operator]} \u00b7 ${site.country}`;
  const line3 = site.assurance ? `${ASSURANCE_NAMES[site.assurance.level]}: ${site.assurance.reference}` : 'no physical assurance recorded';
  const inner = box.w - 2 * SITE_PAD;
  out.push(
    `<g class="site" id="diagram-site-${esc(site.id)}" data-site="${esc(site.id)}" data-platform="${site.platform}">`,
    `<title>${esc(`Site ${site.id}: ${line2}. ${line3}`)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="10" fill="#f4f6f9" stroke="#5d6877" stroke-width="1.5"/>`,
    `<path d="M${num(box.x)} ${num(box.y + 10)} a10 10 0 0 1 10 -10 h${num(box.w - 20)} a10 10 0 0 1 10 10 v${num(SITE_HEADER - 14)} h${num(-box.w)} z" fill="#dfe4ea"/>`,
    text(box.x + SITE_PAD, box.y + 22, fit(site.id, inner - 120, 16, true), 16, INK, 'bold'),
    text(box.x + box.w - SITE_PAD, box.y + 22, PLATFORM_NAMES[site.platform].toUpperCase(), 11, MUTED, 'bold', 'end', 'letter-spacing="1"'),
    text(box.x + SITE_PAD, box.y + 40, fit(line2, inner, 12), 12, INK),
    text(box.x + SITE_PAD, box.y + 56, fit(line3, inner, 11), 11, MUTED, undefined, undefined, 'font-style="italic"'),
  );
  let y = box.y + SITE_HEADER;
  if (shape.networks.length === 0) out.push(text(box.x + SITE_PAD, y + 14, 'no networks on this site', 11, MUTED));
  for (const network of shape.networks) {
    drawNetwork(out, network, { x: box.x + SITE_PAD, y, w: box.w - 2 * SITE_PAD, h: network.h }, boxes);
    y += network.h + NET_GAP;
  }
  out.push('</g>');
}

function drawNetwork(out: string[], shape: NetworkShape, box: Box, boxes: Boxes): void {
  const network = shape.item;
  const a = network.accreditation;
  const inner = box.w - 2 * NET_PAD;
  const ceiling = colourOf(network.ceiling);
  out.push(
    `<g class="network" id="diagram-network-${esc(network.path)}" data-network="${esc(network.path)}" data-ceiling="${esc(network.ceiling)}">`,
    `<title>${esc(`Network ${network.path}: ${network.cidr}, ceiling ${network.ceiling}; accredited by ${a.authority} (${a.reference}), ${a.issued} to ${a.expires}`)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="7" fill="#ffffff" stroke="#7b8696" stroke-width="1.2" stroke-dasharray="6 3"/>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="5" height="${num(box.h)}" fill="${ceiling.stroke}"/>`,
    text(box.x + NET_PAD, box.y + 20, fit(`${network.id}  ${network.cidr}`, inner, 13, true), 13, INK, 'bold'),
    text(box.x + NET_PAD, box.y + 37, fit(`ceiling ${network.ceiling}`, inner, 11.5, true), 11.5, ceiling.stroke, 'bold'),
    text(box.x + NET_PAD, box.y + 53, fit(`accredited by ${a.authority}, ${a.reference}, until ${a.expires}`, inner, 11), 11, MUTED),
  );
  let y = box.y + NET_HEADER;
  if (shape.lines.length === 0) out.push(text(box.x + NET_PAD, y + 14, 'no enclaves', 11, MUTED));
  for (const line of shape.lines) {
    let x = box.x + NET_PAD;
    for (const enclave of line) {
      drawEnclave(out, enclave, { x, y, w: enclave.w, h: enclave.h }, boxes);
      x += enclave.w + ENC_GAP;
    }
    y += Math.max(...line.map((e) => e.h)) + ENC_GAP;
  }
  out.push('</g>');
}

function drawEnclave(out: string[], shape: EnclaveShape, box: Box, boxes: Boxes): void {
  const enclave = shape.item;
  boxes.frames.set(`enclave:${enclave.path}`, box);
  const colour = colourOf(enclave.classification);
  const inner = box.w - 2 * ENC_PAD;
  out.push(
    `<g class="enclave" id="diagram-enclave-${esc(enclave.path.replace(/\//g, '--'))}" data-enclave="${esc(enclave.path)}" data-tenant="${esc(enclave.tenant.code)}" data-classification="${esc(enclave.classification)}">`,
    `<title>${esc(`Enclave ${enclave.path}: ${enclave.tenant.name} (${enclave.tenant.code}), ${enclave.classification}, ${enclave.cidr}`)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="6" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="1.6"/>`,
    `<path d="M${num(box.x)} ${num(box.y + 6)} a6 6 0 0 1 6 -6 h${num(box.w - 12)} a6 6 0 0 1 6 6 v12 h${num(-box.w)} z" fill="${colour.banner}"/>`,
    text(box.x + box.w / 2, box.y + 13, enclave.classification, 10.5, '#ffffff', 'bold', 'middle', 'letter-spacing="1.2"'),
    text(box.x + ENC_PAD, box.y + 35, fit(enclave.tenant.name, inner, 12.5, true), 12.5, INK, 'bold'),
    text(box.x + ENC_PAD, box.y + 51, fit(`${enclave.id} \u00b7 ${enclave.cidr}`, inner, 11), 11, MUTED),
  );
  if (shape.rows.length === 0) out.push(text(box.x + ENC_PAD, box.y + ENC_HEADER + 12, 'no workloads', 11, MUTED));
  shape.rows.forEach((row, i) => {
    const rowW = row.length * CARD_W + (row.length - 1) * CARD_GAP;
    let x = box.x + (box.w - rowW) / 2;
    const y = box.y + ENC_HEADER + i * (CARD_H + TIER_GAP);
    for (const workload of row) {
      const card = { x, y, w: CARD_W, h: CARD_H };
      boxes.cards.set(workload.path, card);
      drawWorkload(out, workload, enclave, card);
      x += CARD_W + CARD_GAP;
    }
  });
  out.push('</g>');
}

function drawWorkload(out: string[], workload: WorkloadModel, enclave: EnclaveModel, box: Box): void {
  const own = workload.classification !== enclave.classification;
  const stroke = own ? colourOf(workload.classification).stroke : '#6b7684';
  const kind = { vm: 'VM', database: 'database', objectStore: 'object store' }[workload.kind];
  const detail = `${kind} \u00b7 ${workload.tier}`;
  const badgeW = textWidth(workload.classification, 8.5, true) + 8;
  // A workload below its enclave's classification says so on a marking of its own.
  const badge = own
    ? `<rect x="${num(box.x + box.w - badgeW - 6)}" y="${num(box.y - 6)}" width="${num(badgeW)}" height="12" rx="2" fill="${colourOf(workload.classification).banner}"/>` +
      text(box.x + box.w - 6 - badgeW / 2, box.y + 3, workload.classification, 8.5, '#ffffff', 'bold', 'middle')
    : '';
  out.push(
    `<g class="workload" id="diagram-workload-${esc(workload.path.replace(/\//g, '--'))}" data-workload="${esc(workload.path)}" data-kind="${workload.kind}" data-tier="${workload.tier}" data-classification="${esc(workload.classification)}">`,
    `<title>${esc(`Workload ${workload.path}: ${kind}, ${workload.tier} tier, ${workload.classification}${workload.address ? `, ${workload.address}` : ''}`)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="5" fill="#ffffff" stroke="${stroke}" stroke-width="${own ? 2 : 1.2}"/>`,
    icon(workload.kind, box.x + 9, box.y + 12),
    text(box.x + 40, box.y + 20, fit(workload.id, box.w - 46, 12, true), 12, INK, 'bold'),
    text(box.x + 40, box.y + 36, fit(detail, box.w - 46, 10.5), 10.5, MUTED),
    badge,
    '</g>',
  );
}

/** A 22 px icon per workload kind: a server, a database cylinder, a storage bucket. */
function icon(kind: WorkloadModel['kind'], x: number, y: number): string {
  const style = 'fill="#e4eaf2" stroke="#3e4a59" stroke-width="1.3"';
  if (kind === 'vm') {
    return (
      `<g class="icon" aria-hidden="true"><rect x="${num(x)}" y="${num(y)}" width="22" height="9" rx="2" ${style}/>` +
      `<rect x="${num(x)}" y="${num(y + 12)}" width="22" height="9" rx="2" ${style}/>` +
      `<circle cx="${num(x + 4.5)}" cy="${num(y + 4.5)}" r="1.4" fill="#3e4a59"/><circle cx="${num(x + 4.5)}" cy="${num(y + 16.5)}" r="1.4" fill="#3e4a59"/></g>`
    );
  }
  if (kind === 'database') {
    return (
      `<g class="icon" aria-hidden="true"><path d="M${num(x)} ${num(y + 4)} v14 a11 4 0 0 0 22 0 v-14" ${style}/>` +
      `<ellipse cx="${num(x + 11)}" cy="${num(y + 4)}" rx="11" ry="4" ${style}/>` +
      `<path d="M${num(x)} ${num(y + 11)} a11 4 0 0 0 22 0" fill="none" stroke="#3e4a59" stroke-width="1.1"/></g>`
    );
  }
  return (
    `<g class="icon" aria-hidden="true"><path d="M${num(x + 1)} ${num(y + 4)} L${num(x + 4)} ${num(y + 21)} h14 L${num(x + 21)} ${num(y + 4)} z" ${style}/>` +
    `<ellipse cx="${num(x + 11)}" cy="${num(y + 4)}" rx="10" ry="3.4" ${style}/></g>`
  );
}

// --- flows ----------------------------------------------------------------------------------------

type Side = 'top' | 'bottom' | 'left' | 'right';

interface Route {
  readonly flow: FlowModel;
  readonly from: Box;
  readonly to: Box;
  readonly fromSide: Side;
  readonly toSide: Side;
}

function drawFlows(model: EstateModel, view: EstateView, cards: Map<string, Box>): string {
  const routes: Route[] = model.flows
    .filter((f) => cards.has(f.from) && cards.has(f.to))
    .map((flow) => {
      const from = cards.get(flow.from)!;
      const to = cards.get(flow.to)!;
      const [fromSide, toSide] = sides(from, to, [...cards.values()]);
      return { flow, from, to, fromSide, toSide };
    });

  // Spread the arrows that meet one side of a card along it, in the order of their other ends.
  const anchors = new Map<string, { x: number; y: number }>();
  const bySide = new Map<string, { key: string; box: Box; side: Side; other: Box }[]>();
  routes.forEach((r, i) => {
    for (const [box, side, other, end] of [
      [r.from, r.fromSide, r.to, 'from'],
      [r.to, r.toSide, r.from, 'to'],
    ] as const) {
      const group = `${box.x},${box.y}|${side}`;
      bySide.set(group, [...(bySide.get(group) ?? []), { key: `${i}|${end}`, box, side, other }]);
    }
  });
  for (const list of bySide.values()) {
    const along = (b: Box, side: Side) => (side === 'top' || side === 'bottom' ? b.x + b.w / 2 : b.y + b.h / 2);
    list.sort((a, b) => along(a.other, a.side) - along(b.other, b.side) || compareKeys([a.key], [b.key]));
    list.forEach((entry, i) => {
      const { box, side } = entry;
      const f = (i + 1) / (list.length + 1);
      anchors.set(
        entry.key,
        side === 'top'
          ? { x: box.x + box.w * f, y: box.y }
          : side === 'bottom'
            ? { x: box.x + box.w * f, y: box.y + box.h }
            : side === 'left'
              ? { x: box.x, y: box.y + box.h * f }
              : { x: box.x + box.w, y: box.y + box.h * f },
      );
    });
  }

  const placed: Box[] = [];
  const out: string[] = ['<g class="flows">'];
  routes.forEach((r, i) => {
    const p0 = anchors.get(`${i}|from`)!;
    const p3 = anchors.get(`${i}|to`)!;
    const [p1, p2] = controls(p0, p3, r.fromSide, r.toSide);
    const d = `M${num(p0.x)} ${num(p0.y)} C${num(p1.x)} ${num(p1.y)} ${num(p2.x)} ${num(p2.y)} ${num(p3.x)} ${num(p3.y)}`;
    const cross = view.workload(r.flow.from).enclave !== view.workload(r.flow.to).enclave;
    const ports = r.flow.fromPort === r.flow.toPort ? String(r.flow.fromPort) : `${r.flow.fromPort}-${r.flow.toPort}`;
    const label = `${r.flow.protocol}/${ports}`;
    const labelW = textWidth(label, 10.5) + 8;
    const at = labelPosition([p0, p1, p2, p3], labelW, 16, placed);
    const colour = cross ? CROSS_FLOW : FLOW;
    out.push(
      `<g class="flow${cross ? ' cross-enclave' : ''}" data-flow-from="${esc(r.flow.from)}" data-flow-to="${esc(r.flow.to)}" data-protocol="${r.flow.protocol}" data-port="${esc(ports)}">`,
      `<title>${esc(`${r.flow.from} \u2192 ${r.flow.to}, ${r.flow.protocol} ${ports}${cross ? ' (crosses enclaves)' : ''}`)}</title>`,
      `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round"/>`,
      `<path class="arrow" d="${d}" fill="none" stroke="${colour}" stroke-width="1.6"${cross ? ' stroke-dasharray="6 3"' : ''} marker-end="url(#${cross ? 'pcloud-arrow-cross' : 'pcloud-arrow'})"/>`,
      `<rect x="${num(at.x - labelW / 2)}" y="${num(at.y - 8)}" width="${num(labelW)}" height="16" rx="3" fill="#ffffff" stroke="${colour}" stroke-width="0.8"/>`,
      text(at.x, at.y + 3.8, label, 10.5, colour, 'bold', 'middle'),
      '</g>',
    );
  });
  out.push('</g>');
  return out.join('\n');
}

/** Which sides an arrow leaves and enters by: down, up, or across between neighbours, else over the top. */
function sides(from: Box, to: Box, all: readonly Box[]): [Side, Side] {
  if (to.y >= from.y + from.h) return ['bottom', 'top'];
  if (to.y + to.h <= from.y) return ['top', 'bottom'];
  const [left, right] = from.x < to.x ? [from, to] : [to, from];
  const between = all.some((b) => b !== from && b !== to && b.x >= left.x + left.w && b.x + b.w <= right.x && b.y < left.y + left.h && b.y + b.h > left.y);
  if (between) return ['top', 'top'];
  return from.x < to.x ? ['right', 'left'] : ['left', 'right'];
}

function controls(p0: { x: number; y: number }, p3: { x: number; y: number }, fromSide: Side, toSide: Side): [{ x: number; y: number }, { x: number; y: number }] {
  const out = (p: { x: number; y: number }, side: Side, k: number) =>
    side === 'top' ? { x: p.x, y: p.y - k } : side === 'bottom' ? { x: p.x, y: p.y + k } : side === 'left' ? { x: p.x - k, y: p.y } : { x: p.x + k, y: p.y };
  if (fromSide === 'top' && toSide === 'top') return [out(p0, 'top', 34), out(p3, 'top', 34)];
  const vertical = fromSide === 'top' || fromSide === 'bottom';
  const k = Math.max(vertical ? 18 : 12, (vertical ? Math.abs(p3.y - p0.y) : Math.abs(p3.x - p0.x)) * 0.45);
  return [out(p0, fromSide, k), out(p3, toSide, k)];
}

/** A point on the curve for the label, away from labels already placed (tried from the middle out). */
function labelPosition(curve: readonly { x: number; y: number }[], w: number, h: number, placed: Box[]): { x: number; y: number } {
  const at = (t: number) => {
    const u = 1 - t;
    const [a, b, c, d] = curve;
    return {
      x: u * u * u * a.x + 3 * u * u * t * b.x + 3 * u * t * t * c.x + t * t * t * d.x,
      y: u * u * u * a.y + 3 * u * u * t * b.y + 3 * u * t * t * c.y + t * t * t * d.y,
    };
  };
  const overlaps = (p: { x: number; y: number }) =>
    placed.some((b) => Math.abs(b.x - p.x) < (b.w + w) / 2 + 2 && Math.abs(b.y - p.y) < (b.h + h) / 2 + 1);
  const candidates = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78].map(at);
  const overlap = (p: { x: number; y: number }) =>
    placed.reduce(
      (sum, b) =>
        sum + Math.max(0, (b.w + w) / 2 + 2 - Math.abs(b.x - p.x)) * Math.max(0, (b.h + h) / 2 + 1 - Math.abs(b.y - p.y)),
      0,
    );
  // The first clear spot from the middle out; failing one, the least covered.
  const chosen =
    candidates.find((p) => !overlaps(p)) ?? candidates.reduce((best, p) => (overlap(p) < overlap(best) ? p : best), candidates[0]);
  placed.push({ x: chosen.x, y: chosen.y, w, h });
  return chosen;
}

// --- outside the sites: community networks and partners -------------------------------------------

interface PartnerShape {
  readonly key: string;
  readonly name: string;
  readonly interconnect: string;
  readonly prefixes: readonly string[];
  readonly w: number;
}

interface OutsideShape {
  readonly community: CommunityNetworkModel;
  /** The interconnects that reach it. */
  readonly interconnects: readonly string[];
  readonly partners: readonly PartnerShape[];
  readonly lines: readonly [string, string, string];
  readonly textW: number;
  readonly w: number;
  readonly h: number;
}

const COMMUNITY_KINDS: Readonly<Record<CommunityNetworkModel['kind'], string>> = {
  'psn-policing': 'PSN for Policing',
  gcsx: 'GCSx-style extranet',
  community: 'community network',
};

/** One box per community network (by name), in declaration order, holding the partners reached through it. */
function measureOutside(view: EstateView): OutsideShape[] {
  const model = view.model;
  const byName = new Map<string, { community: CommunityNetworkModel; interconnects: string[]; partners: PartnerShape[] }>();
  for (const link of model.interconnects) {
    if (!link.community) continue;
    const entry = byName.get(link.community.name) ?? { community: link.community, interconnects: [], partners: [] };
    entry.interconnects.push(link.path);
    byName.set(link.community.name, entry);
  }
  for (const x of model.exchanges) {
    for (const end of [x.from, x.to]) {
      if (end.kind !== 'partner') continue;
      const community = view.interconnect(end.interconnect).community;
      const entry = community ? byName.get(community.name) : undefined;
      const key = partnerKey(end.interconnect, end.name);
      if (!entry || entry.partners.some((p) => p.key === key)) continue;
      const w = Math.min(230, Math.max(150, textWidth(end.name, 11.5, true), textWidth(end.prefixes.join(', '), 10.5)) + 16);
      entry.partners.push({ key, name: end.name, interconnect: end.interconnect, prefixes: end.prefixes, w });
    }
  }
  return [...byName.values()].map(({ community, interconnects, partners }) => {
    const lines: [string, string, string] = [
      community.name,
      `${community.name === COMMUNITY_KINDS[community.kind] ? 'community network' : COMMUNITY_KINDS[community.kind]}, outside the estate`,
      `gateway ${community.gatewayAddress} \u00b7 ${community.prefixes.join(', ')}`,
    ];
    const textW = Math.min(320, Math.max(textWidth(lines[0], 13, true), textWidth(lines[1], 11), textWidth(lines[2], 11)));
    const partnersW = partners.reduce((sum, p) => sum + p.w, 0) + Math.max(0, partners.length - 1) * PARTNER_GAP;
    const w = OUT_PAD + textW + (partners.length ? OUT_GAP + partnersW : 0) + OUT_PAD;
    return { community, interconnects, partners, lines, textW, w, h: OUT_H };
  });
}

/** First fit in declaration order, like sites. */
function packOutside(shapes: readonly OutsideShape[]): OutsideShape[][] {
  const lines: OutsideShape[][] = [];
  for (const shape of shapes) {
    const line = lines[lines.length - 1];
    if (line && lineWidth(line) + SITE_GAP + shape.w <= MAX_WIDTH) line.push(shape);
    else lines.push([shape]);
  }
  return lines;
}

function drawOutside(out: string[], shape: OutsideShape, box: Box, boxes: Boxes): void {
  const c = shape.community;
  boxes.frames.set(`community:${c.name}`, { ...box, span: [box.x + OUT_PAD, box.x + OUT_PAD + shape.textW] });
  out.push(
    `<g class="community" id="${uniqueId(boxes.ids, `diagram-community-${slug(c.name)}`)}" data-community="${esc(c.name)}" data-kind="${c.kind}">`,
    `<title>${esc(`Community network ${c.name} (${COMMUNITY_KINDS[c.kind]}), outside the estate: gateway ${c.gatewayAddress}, prefixes ${c.prefixes.join(', ')}; reached through ${shape.interconnects.join(', ')}`)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" rx="14" fill="#eef6f8" stroke="${PIPE}" stroke-width="1.5" stroke-dasharray="3 3"/>`,
    text(box.x + OUT_PAD, box.y + 22, fit(shape.lines[0], shape.textW, 13, true), 13, INK, 'bold'),
    text(box.x + OUT_PAD, box.y + 39, fit(shape.lines[1], shape.textW, 11), 11, PIPE, 'bold'),
    text(box.x + OUT_PAD, box.y + 54, fit(shape.lines[2], shape.textW, 11), 11, MUTED),
  );
  let x = box.x + OUT_PAD + shape.textW + OUT_GAP;
  for (const p of shape.partners) {
    const partner = { x, y: box.y + (box.h - PARTNER_H) / 2, w: p.w, h: PARTNER_H };
    boxes.frames.set(`partner:${p.key}`, partner);
    out.push(
      `<g class="partner" id="${uniqueId(boxes.ids, `diagram-partner-${slug(p.interconnect)}-${slug(p.name)}`)}" data-partner="${esc(p.name)}" data-via="${esc(p.interconnect)}">`,
      `<title>${esc(`Partner ${p.name} at ${p.prefixes.join(', ')}, reached through interconnect ${p.interconnect}`)}</title>`,
      `<rect x="${num(partner.x)}" y="${num(partner.y)}" width="${num(partner.w)}" height="${num(partner.h)}" rx="5" fill="#ffffff" stroke="${EXCHANGE}" stroke-width="1.3"/>`,
      text(partner.x + 8, partner.y + 17, fit(p.name, partner.w - 16, 11.5, true), 11.5, INK, 'bold'),
      text(partner.x + 8, partner.y + 32, fit(`partner \u00b7 ${p.prefixes.join(', ')}`, partner.w - 16, 10.5), 10.5, MUTED),
      '</g>',
    );
    x += p.w + PARTNER_GAP;
  }
  out.push('</g>');
}

function partnerKey(interconnect: string, name: string): string {
  return `${interconnect}|${name}`;
}

// --- links: interconnects and secure exchanges ----------------------------------------------------

type Edge = 'top' | 'bottom';

/** Where a link ends: the key of its frame and the row of sites it is in (the row after the last for boxes outside). */
interface LinkEnd {
  readonly key: string;
  readonly kind: 'site' | 'enclave' | 'outside';
  readonly level: number;
}

/**
 * A link routed in channels: the gaps between rows of sites, numbered by the row below them (the
 * gap under the last row has the number of rows). A link whose ends meet the same channel runs
 * along it; otherwise it runs along each end's channel to the spine and down (or up) the spine.
 */
interface LinkPlan {
  readonly kind: 'interconnect' | 'exchange';
  readonly path: string;
  readonly a: LinkEnd;
  readonly b: LinkEnd;
  readonly edgeA: Edge;
  readonly edgeB: Edge;
  readonly channelA: number;
  readonly channelB: number;
}

function planLinks(view: EstateView, rows: readonly (readonly SiteShape[])[], outside: readonly (readonly OutsideShape[])[]): LinkPlan[] {
  const model = view.model;
  const rowOf = new Map<string, number>();
  rows.forEach((row, r) => row.forEach((s) => rowOf.set(s.item.id, r)));
  const below = rows.length;
  const site = (id: string): LinkEnd => ({ key: `site:${id}`, kind: 'site', level: rowOf.get(id)! });
  const hasOutside = (key: string) => outside.some((line) => line.some((o) => `community:${o.community.name}` === key || o.partners.some((p) => `partner:${p.key}` === key)));
  const plans: LinkPlan[] = [];
  const plan = (kind: LinkPlan['kind'], path: string, a: LinkEnd, b: LinkEnd) => {
    // Enclaves are left from below (above them are the network's and site's headers); boxes outside from above.
    const edge = (end: LinkEnd, other: LinkEnd): Edge => (end.kind === 'outside' ? 'top' : end.kind === 'enclave' ? 'bottom' : other.level < end.level ? 'top' : 'bottom');
    const edgeA = edge(a, b);
    const edgeB = edge(b, a);
    const channel = (end: LinkEnd, e: Edge) => (e === 'top' ? end.level : end.level + 1);
    plans.push({ kind, path, a, b, edgeA, edgeB, channelA: channel(a, edgeA), channelB: channel(b, edgeB) });
  };
  for (const link of model.interconnects) {
    const a = site(link.ends[0].site);
    if (link.community) {
      const key = `community:${link.community.name}`;
      if (hasOutside(key)) plan('interconnect', link.path, a, { key, kind: 'outside', level: below });
    } else if (link.ends[1]) {
      plan('interconnect', link.path, a, site(link.ends[1].site));
    }
  }
  const end = (e: ExchangeEndpointModel): LinkEnd | undefined => {
    if (e.kind === 'partner') {
      const key = `partner:${partnerKey(e.interconnect, e.name)}`;
      return hasOutside(key) ? { key, kind: 'outside', level: below } : undefined;
    }
    const enclave = view.workload(e.workload).enclave;
    return { key: `enclave:${enclave}`, kind: 'enclave', level: rowOf.get(view.siteOfEnclave(view.enclave(enclave)).id)! };
  };
  for (const x of model.exchanges) {
    const [a, b] = [end(x.from), end(x.to)];
    if (a && b) plan('exchange', x.path, a, b);
  }
  return plans;
}

/** How many links run along each channel. */
function laneCounts(plans: readonly LinkPlan[], rows: number): number[] {
  const counts = new Array<number>(rows + 1).fill(0);
  for (const p of plans) {
    counts[p.channelA]++;
    if (p.channelB !== p.channelA) counts[p.channelB]++;
  }
  return counts;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/** One link's stretch along one channel: its horizontal extent and the verticals leaving it, up or down. */
interface Track {
  readonly plan: number;
  readonly x0: number;
  readonly x1: number;
  readonly verticals: readonly { readonly x: number; readonly dir: 'up' | 'down' }[];
}

interface Geometry {
  /** The y of a lane of a channel. */
  readonly laneY: (channel: number, lane: number) => number;
  /** The x of a lane of the spine. */
  readonly spineX: (lane: number) => number;
  readonly width: number;
}

function drawLinks(view: EstateView, plans: readonly LinkPlan[], boxes: Boxes, geo: Geometry): string {
  if (plans.length === 0) return '';
  const frame = (key: string) => boxes.frames.get(key)!;

  // Spread the links that meet one edge of a frame along it, in the order of where they head.
  const spine = plans.map((p) => p.channelA !== p.channelB);
  const spineLane = new Map<number, number>();
  plans
    .map((p, i) => ({ i, span: Math.abs(p.channelA - p.channelB) }))
    .filter(({ i }) => spine[i])
    .sort((a, b) => a.span - b.span || a.i - b.i)
    .forEach(({ i }, lane) => spineLane.set(i, lane));
  const centre = (key: string) => frame(key).x + frame(key).w / 2;
  const byEdge = new Map<string, { plan: number; end: 'a' | 'b'; towards: number }[]>();
  plans.forEach((p, i) => {
    for (const [end, e, edge, other] of [
      ['a', p.a, p.edgeA, p.b],
      ['b', p.b, p.edgeB, p.a],
    ] as const) {
      const group = `${e.key}|${edge}`;
      byEdge.set(group, [...(byEdge.get(group) ?? []), { plan: i, end, towards: spine[i] ? geo.spineX(spineLane.get(i)!) : centre(other.key) }]);
    }
  });
  const attach = new Map<string, Point>();
  for (const [group, list] of byEdge) {
    const [key, edge] = group.split(/\|(?=(?:top|bottom)$)/) as [string, Edge];
    const f = frame(key);
    const [s0, s1] = f.span ?? [f.x, f.x + f.w];
    list.sort((a, b) => a.towards - b.towards || a.plan - b.plan || compareKeys([a.end], [b.end]));
    list.forEach((entry, n) => attach.set(`${entry.plan}|${entry.end}`, { x: s0 + ((s1 - s0) * (n + 1)) / (list.length + 1), y: edge === 'top' ? f.y : f.y + f.h }));
  }

  // Order the lanes of each channel so that as few verticals as possible cross another link's run.
  const tracks = new Map<number, Track[]>();
  const addTrack = (channel: number, track: Track) => tracks.set(channel, [...(tracks.get(channel) ?? []), track]);
  const away = (edge: Edge): 'up' | 'down' => (edge === 'bottom' ? 'up' : 'down');
  plans.forEach((p, i) => {
    const a = attach.get(`${i}|a`)!;
    const b = attach.get(`${i}|b`)!;
    if (!spine[i]) {
      addTrack(p.channelA, { plan: i, x0: Math.min(a.x, b.x), x1: Math.max(a.x, b.x), verticals: [{ x: a.x, dir: away(p.edgeA) }, { x: b.x, dir: away(p.edgeB) }] });
      return;
    }
    const sx = geo.spineX(spineLane.get(i)!);
    addTrack(p.channelA, { plan: i, x0: Math.min(a.x, sx), x1: Math.max(a.x, sx), verticals: [{ x: a.x, dir: away(p.edgeA) }, { x: sx, dir: p.channelB > p.channelA ? 'down' : 'up' }] });
    addTrack(p.channelB, { plan: i, x0: Math.min(b.x, sx), x1: Math.max(b.x, sx), verticals: [{ x: b.x, dir: away(p.edgeB) }, { x: sx, dir: p.channelA > p.channelB ? 'down' : 'up' }] });
  });
  const laneOf = new Map<string, number>();
  for (const [channel, list] of tracks) orderLanes(list).forEach((track, lane) => laneOf.set(`${track.plan}|${channel}`, lane));

  const routes: Point[][] = plans.map((p, i) => {
    const a = attach.get(`${i}|a`)!;
    const b = attach.get(`${i}|b`)!;
    const ya = geo.laneY(p.channelA, laneOf.get(`${i}|${p.channelA}`)!);
    if (!spine[i]) return [a, { x: a.x, y: ya }, { x: b.x, y: ya }, b];
    const sx = geo.spineX(spineLane.get(i)!);
    const yb = geo.laneY(p.channelB, laneOf.get(`${i}|${p.channelB}`)!);
    return [a, { x: a.x, y: ya }, { x: sx, y: ya }, { x: sx, y: yb }, { x: b.x, y: yb }, b];
  });

  // Labels sit on a link's longest run along a channel, clear of every vertical and other label.
  const verticals: Box[] = routes.flatMap((pts) =>
    pts.slice(1).flatMap((q, k) => (pts[k].x === q.x ? [{ x: q.x - 3, y: Math.min(pts[k].y, q.y), w: 6, h: Math.abs(q.y - pts[k].y) }] : [])),
  );
  const placed: Box[] = [];
  const out: string[] = ['<g class="links">'];
  plans.forEach((p, i) => {
    const pts = routes[i];
    const d = pts.map((q, k) => `${k === 0 ? 'M' : 'L'}${num(q.x)} ${num(q.y)}`).join(' ');
    const runs = pts.slice(1).flatMap((q, k) => (pts[k].y === q.y && k > 0 ? [[pts[k], q] as const] : []));
    const run = runs.reduce((best, r) => (Math.abs(r[1].x - r[0].x) > Math.abs(best[1].x - best[0].x) ? r : best), runs[0]);
    if (p.kind === 'interconnect') {
      const link = view.interconnect(p.path);
      const label = `${link.path} (IPsec)`;
      const at = placeLabel(run, textWidth(label, 10.5, true) + 10, verticals, placed, geo.width);
      const far = link.community ? link.community.name : link.ends[1].site;
      out.push(
        `<g class="interconnect" id="${uniqueId(boxes.ids, `diagram-interconnect-${slug(link.path)}`)}" data-interconnect="${esc(link.path)}" data-kind="${link.community ? 'community' : 'site-to-site'}" data-from="${esc(link.ends[0].site)}" data-to="${esc(far)}">`,
        `<title>${esc(interconnectTitle(link))}</title>`,
        `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="9" stroke-linejoin="round"/>`,
        `<path class="pipe" d="${d}" fill="none" stroke="${PIPE}" stroke-width="5" stroke-linejoin="round"/>`,
        `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="1.3" stroke-dasharray="5 4" stroke-linejoin="round"/>`,
        labelPill(at, label, PIPE),
        '</g>',
      );
      return;
    }
    const x = view.model.exchanges.find((e) => e.path === p.path)!;
    const ports = x.ports.map((r) => `${r.protocol}/${r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}`).join(', ');
    const label = `${x.path} \u00b7 ${x.isa.reference} \u00b7 ${ports}`;
    const at = placeLabel(run, textWidth(label, 10.5, true) + 10, verticals, placed, geo.width);
    const named = (end: ExchangeEndpointModel) => (end.kind === 'workload' ? view.workload(end.workload).enclave : end.name);
    out.push(
      `<g class="exchange" id="${uniqueId(boxes.ids, `diagram-exchange-${slug(x.path)}`)}" data-exchange="${esc(x.path)}" data-from="${esc(named(x.from))}" data-to="${esc(named(x.to))}" data-isa="${esc(x.isa.reference)}" data-port="${esc(ports)}">`,
      `<title>${esc(exchangeTitle(x, ports))}</title>`,
      `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="5" stroke-linejoin="round"/>`,
      `<path class="exchange-arrow" d="${d}" fill="none" stroke="${EXCHANGE}" stroke-width="2" stroke-linejoin="round" marker-end="url(#pcloud-arrow-exchange)"/>`,
      // The sending end, on its enclave's (or partner's) edge: the exchange leaves the enclave, not the card above it.
      `<circle cx="${num(pts[0].x)}" cy="${num(pts[0].y)}" r="3.5" fill="${EXCHANGE}"/>`,
      labelPill(at, label, EXCHANGE),
      '</g>',
    );
  });
  out.push('</g>');
  return out.join('\n');
}

/**
 * The lanes of a channel, top first: the order with the fewest verticals crossing another link's
 * run, the first such in declaration order (tried exhaustively up to seven links, else declaration order).
 */
function orderLanes(tracks: readonly Track[]): Track[] {
  if (tracks.length < 2 || tracks.length > 7) return [...tracks];
  const crossings = (order: readonly Track[]) => {
    let n = 0;
    order.forEach((run, li) =>
      order.forEach((other, lj) => {
        if (run === other) return;
        for (const v of other.verticals) {
          if (v.x > run.x0 && v.x < run.x1 && ((v.dir === 'up' && li < lj) || (v.dir === 'down' && li > lj))) n++;
        }
      }),
    );
    return n;
  };
  let best: Track[] = [...tracks];
  let fewest = crossings(best);
  const permute = (done: Track[], rest: readonly Track[]) => {
    if (fewest === 0) return;
    if (rest.length === 0) {
      const n = crossings(done);
      if (n < fewest) [best, fewest] = [[...done], n];
      return;
    }
    rest.forEach((t, k) => permute([...done, t], [...rest.slice(0, k), ...rest.slice(k + 1)]));
  };
  permute([], tracks);
  return best;
}

/** A point on a run for a label of width `w`, from the middle out, clear of verticals and labels when it can be. */
function placeLabel(run: readonly [Point, Point], w: number, verticals: readonly Box[], placed: Box[], width: number): Point {
  const h = 15;
  const [p, q] = run;
  const candidates = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9].map((t) => ({
    x: Math.min(Math.max(p.x + (q.x - p.x) * t, MARGIN + w / 2), width - MARGIN - w / 2),
    y: p.y,
  }));
  const cover = (c: Point) =>
    [...verticals, ...placed].reduce(
      (sum, b) => sum + Math.max(0, Math.min(c.x + w / 2, b.x + b.w) - Math.max(c.x - w / 2, b.x)) * Math.max(0, Math.min(c.y + h / 2, b.y + b.h) - Math.max(c.y - h / 2, b.y)),
      0,
    );
  const chosen = candidates.find((c) => cover(c) === 0) ?? candidates.reduce((best, c) => (cover(c) < cover(best) ? c : best), candidates[0]);
  placed.push({ x: chosen.x - w / 2, y: chosen.y - h / 2, w, h });
  return chosen;
}

function labelPill(at: Point, label: string, colour: string): string {
  const w = textWidth(label, 10.5, true) + 10;
  return (
    `<rect x="${num(at.x - w / 2)}" y="${num(at.y - 7.5)}" width="${num(w)}" height="15" rx="7.5" fill="#ffffff" stroke="${colour}" stroke-width="1.2"/>` +
    text(at.x, at.y + 3.8, label, 10.5, colour, 'bold', 'middle')
  );
}

function interconnectTitle(link: InterconnectModel): string {
  const ends = link.community ? `${link.ends[0].site} to ${link.community.name} (${link.community.prefixes.join(', ')})` : link.ends.map((e) => e.site).join(' to ');
  const coco = link.coco ? `; CoCo ${link.coco.reference} until ${link.coco.expires}` : '';
  const ithc = link.ithc ? `; ITHC ${link.ithc.reference} of ${link.ithc.date}` : '';
  return `Interconnect ${link.path}: ${ends}, ${ipsecText(link.ipsec)}${coco}${ithc}`;
}

function exchangeTitle(x: ExchangeModel, ports: string): string {
  const via = x.via.length ? `, through ${x.via.join(', ')}` : '';
  return `Secure exchange ${x.path} under ISA ${x.isa.reference} (review ${x.isa.reviewDate}): ${describeEndpoint(x.from)} to ${describeEndpoint(x.to)}, ${ports}, up to ${x.ceiling}${via}`;
}

/** `base`, or `base-2`, `base-3` … when an element of this drawing already has that id. */
function uniqueId(used: Set<string>, base: string): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return esc(id);
}

/** An id-safe form of a name. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

// --- pieces ----------------------------------------------------------------------------------------

function text(x: number, y: number, content: string, size: number, fill: string, weight?: string, anchor?: string, extra?: string): string {
  return (
    `<text x="${num(x)}" y="${num(y)}" font-size="${size}" fill="${fill}"` +
    `${weight ? ` font-weight="${weight}"` : ''}${anchor ? ` text-anchor="${anchor}"` : ''}${extra ? ` ${extra}` : ''}>${esc(content)}</text>`
  );
}

function defs(linked: boolean): string {
  const marker = (id: string, colour: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${colour}"/></marker>`;
  return `<defs>${marker('pcloud-arrow', FLOW)}${marker('pcloud-arrow-cross', CROSS_FLOW)}${linked ? marker('pcloud-arrow-exchange', EXCHANGE) : ''}</defs>`;
}

function legend(estate: string, width: number, linked: boolean): string {
  const out: string[] = ['<g class="legend" aria-hidden="true">'];
  const heading = linked
    ? `${estate}: sites, accredited networks, tenant enclaves, workloads, flows, interconnects and exchanges`
    : `${estate}: sites, accredited networks, tenant enclaves, workloads and declared flows`;
  out.push(text(MARGIN, MARGIN + 14, fit(heading, width - 2 * MARGIN, 15, true), 15, INK, 'bold'));
  let x = MARGIN;
  const y = MARGIN + 32;
  for (const [marking, colour] of Object.entries(CLASSIFICATION_COLOURS)) {
    if (marking === 'TOP SECRET') continue;
    out.push(`<rect x="${num(x)}" y="${num(y)}" width="18" height="14" rx="3" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="1.6"/>`);
    out.push(text(x + 24, y + 11, `${marking} enclave`, 11, INK));
    x += 24 + textWidth(`${marking} enclave`, 11) + 16;
  }
  for (const [kind, name] of [
    ['vm', 'VM'],
    ['database', 'database'],
    ['objectStore', 'object store'],
  ] as const) {
    out.push(icon(kind, x, y - 4));
    out.push(text(x + 28, y + 11, name, 11, INK));
    x += 28 + textWidth(name, 11) + 16;
  }
  const y2 = y + 24;
  x = MARGIN;
  out.push(`<path d="M${num(x)} ${num(y2 + 6)} h34" stroke="${FLOW}" stroke-width="1.6" marker-end="url(#pcloud-arrow)"/>`);
  out.push(text(x + 42, y2 + 10, 'declared flow, labelled protocol/port', 11, INK));
  x += 42 + textWidth('declared flow, labelled protocol/port', 11) + 16;
  out.push(`<path d="M${num(x)} ${num(y2 + 6)} h34" stroke="${CROSS_FLOW}" stroke-width="1.6" stroke-dasharray="6 3" marker-end="url(#pcloud-arrow-cross)"/>`);
  out.push(text(x + 42, y2 + 10, 'flow between enclaves', 11, INK));
  x += 42 + textWidth('flow between enclaves', 11) + 16;
  out.push(`<rect x="${num(x)}" y="${num(y2)}" width="26" height="13" rx="2" fill="#ffffff" stroke="#7b8696" stroke-dasharray="6 3"/>`);
  out.push(text(x + 32, y2 + 10, fit('accredited network (bar: ceiling)', Math.max(40, width - x - 40 - MARGIN), 11), 11, INK));
  if (linked) {
    const y3 = y2 + 24;
    x = MARGIN;
    const pipe = `M${num(x)} ${num(y3 + 6)} h34`;
    out.push(`<path d="${pipe}" stroke="${PIPE}" stroke-width="5"/><path d="${pipe}" stroke="#ffffff" stroke-width="1.3" stroke-dasharray="5 4"/>`);
    out.push(text(x + 42, y3 + 10, 'interconnect (IPsec)', 11, INK));
    x += 42 + textWidth('interconnect (IPsec)', 11) + 16;
    out.push(`<path d="M${num(x)} ${num(y3 + 6)} h34" stroke="${EXCHANGE}" stroke-width="2" marker-end="url(#pcloud-arrow-exchange)"/>`);
    out.push(text(x + 42, y3 + 10, 'secure exchange under an ISA, labelled ISA and ports', 11, INK));
    x += 42 + textWidth('secure exchange under an ISA, labelled ISA and ports', 11) + 16;
    out.push(`<rect x="${num(x)}" y="${num(y3)}" width="26" height="13" rx="5" fill="#eef6f8" stroke="${PIPE}" stroke-dasharray="3 3"/>`);
    out.push(text(x + 32, y3 + 10, fit('community network and partners, outside the estate', Math.max(40, width - x - 40 - MARGIN), 11), 11, INK));
  }
  out.push('</g>');
  return out.join('');
}
