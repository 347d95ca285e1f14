import { TIERS, type EnclaveModel, type EstateModel, type FlowModel, type NetworkModel, type SiteModel, type WorkloadModel } from '../model/types';
import { EstateView } from '../model/view';
import { compareKeys } from './private/order';
import { esc, fit, num, textWidth } from './private/svg';
import { ASSURANCE_NAMES, CLASSIFICATION_COLOURS, OPERATOR_NAMES, PLATFORM_NAMES, colourOf, plural } from './private/words';

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

const INK = '#1d2733';
const MUTED = '#4f5b69';
const FLOW = '#1f3b57';
const CROSS_FLOW = '#6b2fa0';

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

/**
 * Draws the estate as an SVG: sites as large boxes (platform, operator, assurance), networks in
 * them (CIDR, ceiling), enclaves in the networks (tenant, classification, coloured by it),
 * workloads in the enclaves (an icon per kind) and each declared flow as an arrow labelled with
 * its port. Elements carry `data-site`, `data-network`, `data-enclave`, `data-workload` and
 * `data-flow-from` / `data-flow-to` attributes.
 */
export function renderDiagram(model: EstateModel): string {
  const view = new EstateView(model);
  const sites = model.sites.map((s) => measureSite(view, s));
  const rows = packSites(sites);

  const out: string[] = [];
  const cards = new Map<string, Box>();
  let y = MARGIN + LEGEND_H;
  let width = SITE_MIN_W;
  for (const row of rows) {
    const height = Math.max(...row.map((s) => s.h));
    let x = MARGIN;
    for (const site of row) {
      drawSite(out, site, { x, y, w: site.w, h: height }, cards);
      x += site.w + SITE_GAP;
    }
    width = Math.max(width, x - SITE_GAP - MARGIN);
    y += height + SITE_GAP;
  }
  const totalW = Math.max(width + 2 * MARGIN, MIN_WIDTH);
  const totalH = (rows.length ? y - SITE_GAP : y) + MARGIN;

  const flows = drawFlows(model, view, cards);
  const summary =
    `${plural(model.sites.length, 'site')}, ${plural(model.networks.length, 'network')}, ${plural(model.enclaves.length, 'enclave')}, ` +
    `${plural(model.workloads.length, 'workload')} and ${plural(model.flows.length, 'declared flow')}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="pcloud-diagram" viewBox="0 0 ${num(totalW)} ${num(totalH)}" width="${num(totalW)}" height="${num(totalH)}" role="img" aria-labelledby="pcloud-diagram-title pcloud-diagram-desc" font-family="${esc(FONT)}" data-estate="${esc(model.name)}">`,
    `<title id="pcloud-diagram-title">Network diagram of the ${esc(model.name)} estate</title>`,
    `<desc id="pcloud-diagram-desc">${esc(summary)} Sites contain their accredited networks, networks their tenant enclaves, enclaves their workloads in one row per tier; arrows are declared flows, labelled with protocol and port.</desc>`,
    defs(),
    `<rect x="0" y="0" width="${num(totalW)}" height="${num(totalH)}" fill="#ffffff"/>`,
    legend(model.name, totalW),
    `<g class="sites">`,
    ...out,
    `</g>`,
    flows,
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

function drawSite(out: string[], shape: SiteShape, box: Box, cards: Map<string, Box>): void {
  const site = shape.item;
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
    drawNetwork(out, network, { x: box.x + SITE_PAD, y, w: box.w - 2 * SITE_PAD, h: network.h }, cards);
    y += network.h + NET_GAP;
  }
  out.push('</g>');
}

function drawNetwork(out: string[], shape: NetworkShape, box: Box, cards: Map<string, Box>): void {
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
      drawEnclave(out, enclave, { x, y, w: enclave.w, h: enclave.h }, cards);
      x += enclave.w + ENC_GAP;
    }
    y += Math.max(...line.map((e) => e.h)) + ENC_GAP;
  }
  out.push('</g>');
}

function drawEnclave(out: string[], shape: EnclaveShape, box: Box, cards: Map<string, Box>): void {
  const enclave = shape.item;
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
      cards.set(workload.path, card);
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

// --- pieces ----------------------------------------------------------------------------------------

function text(x: number, y: number, content: string, size: number, fill: string, weight?: string, anchor?: string, extra?: string): string {
  return (
    `<text x="${num(x)}" y="${num(y)}" font-size="${size}" fill="${fill}"` +
    `${weight ? ` font-weight="${weight}"` : ''}${anchor ? ` text-anchor="${anchor}"` : ''}${extra ? ` ${extra}` : ''}>${esc(content)}</text>`
  );
}

function defs(): string {
  const marker = (id: string, colour: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${colour}"/></marker>`;
  return `<defs>${marker('pcloud-arrow', FLOW)}${marker('pcloud-arrow-cross', CROSS_FLOW)}</defs>`;
}

function legend(estate: string, width: number): string {
  const out: string[] = ['<g class="legend" aria-hidden="true">'];
  out.push(text(MARGIN, MARGIN + 14, `${estate}: sites, accredited networks, tenant enclaves, workloads and declared flows`, 15, INK, 'bold'));
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
  out.push('</g>');
  return out.join('');
}
