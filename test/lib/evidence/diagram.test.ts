import cloud from '../../../examples/national-pcloud';
import { TenantEnclave, Workload } from '../../../index';
import { renderDiagram } from '../../../lib/evidence';
import type { EstateModel } from '../../../lib/model/types';
import { smallEstate } from '../../fixtures/estate';
import { overlap, svgGroups, within, xmlProblems, type SvgGroup } from './helpers';

describe('the network diagram', () => {
  // GIVEN the national example: 4 sites, 4 networks, 6 enclaves, 27 workloads, 19 flows, 4 interconnects, 2 exchanges
  const model = cloud.toModel();
  const svg = renderDiagram(model);
  const groups = svgGroups(svg);
  const of = (attr: string) => groups.filter((g) => attr in g.attrs);
  const ancestor = (g: SvgGroup, attr: string): SvgGroup | undefined => {
    for (let p = g.parent; p; p = p.parent) if (attr in p.attrs) return p;
    return undefined;
  };

  test('is a standalone, accessible SVG', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="pcloud-diagram" viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="pcloud-diagram-title">Network diagram of the national estate</title>');
    expect(svg).toContain('4 sites, 4 networks, 6 enclaves, 27 workloads, 19 declared flows, 4 interconnects and 2 secure exchanges.');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  test('has one group per site, network, enclave and workload, each nested in its parent', () => {
    expect(of('data-site').map((g) => g.attrs['data-site']).sort()).toEqual(model.sites.map((s) => s.id).sort());
    expect(of('data-network').map((g) => g.attrs['data-network']).sort()).toEqual(model.networks.map((n) => n.path).sort());
    expect(of('data-enclave').map((g) => g.attrs['data-enclave']).sort()).toEqual(model.enclaves.map((e) => e.path).sort());
    expect(of('data-workload').map((g) => g.attrs['data-workload']).sort()).toEqual(model.workloads.map((w) => w.path).sort());
    for (const g of of('data-workload')) {
      const workload = model.workloads.find((w) => w.path === g.attrs['data-workload'])!;
      const enclave = ancestor(g, 'data-enclave')!;
      expect(enclave.attrs['data-enclave']).toBe(workload.enclave);
      const network = ancestor(enclave, 'data-network')!;
      expect(network.attrs['data-network']).toBe(model.enclaves.find((e) => e.path === workload.enclave)!.network);
      expect(ancestor(network, 'data-site')!.attrs['data-site']).toBe(model.networks.find((n) => n.path === network.attrs['data-network'])!.site);
      expect(g.attrs['data-kind']).toBe(workload.kind);
    }
  });

  test('labels sites with platform, operator and assurance, networks with CIDR and ceiling, enclaves with tenant and classification', () => {
    expect(svg).toContain('>VMware vSphere \u00b7 force estate \u00b7 GB</text>');
    expect(svg).toContain('>accredited private site: GMP data centre accreditation');
    expect(svg).toContain('>gmp-restricted  10.60.0.0/20</text>');
    expect(svg).toContain('>ceiling SECRET</text>');
    expect(svg).toContain('>Greater Manchester Police</text>');
    const gmp = of('data-enclave').find((g) => g.attrs['data-enclave'] === 'gmp-restricted/gmp-intelligence')!;
    expect(gmp.attrs['data-classification']).toBe('SECRET');
    // Colour follows the classification: SECRET and OFFICIAL-SENSITIVE enclaves differ.
    const kent = of('data-enclave').find((g) => g.attrs['data-enclave'] === 'supplier-dc1/kent')!;
    expect(svg).toMatch(/data-enclave="gmp-restricted\/gmp-intelligence"[^>]*>\n<title>[^<]*<\/title>\n<rect [^>]*fill="#fdeeee"/);
    expect(kent.attrs['data-classification']).toBe('OFFICIAL-SENSITIVE');
  });

  test('draws one arrow per declared flow, labelled with its port', () => {
    const flows = of('data-flow-from');
    expect(flows.map((g) => `${g.attrs['data-flow-from']} ${g.attrs['data-flow-to']} ${g.attrs['data-port']}`)).toEqual(
      model.flows.map((f) => `${f.from} ${f.to} ${f.fromPort}`),
    );
    expect(svg.match(/<path class="arrow"[^>]*marker-end="url\(#pcloud-arrow\)"/g)).toHaveLength(model.flows.length);
    expect(svg).toContain('>tcp/5432</text>');
  });

  test('stays readable: boxes nest inside their parents, no two workloads or port labels overlap', () => {
    const boxOf = (g: SvgGroup) => g.rect!;
    for (const attr of ['data-workload', 'data-enclave', 'data-network']) {
      for (const g of of(attr)) {
        const parentAttr = { 'data-workload': 'data-enclave', 'data-enclave': 'data-network', 'data-network': 'data-site' }[attr]!;
        expect(within(boxOf(g), boxOf(ancestor(g, parentAttr)!))).toBe(true);
      }
    }
    const cards = of('data-workload').map(boxOf);
    const sites = of('data-site').map(boxOf);
    const labels = of('data-flow-from').map(boxOf);
    for (const list of [cards, sites, labels]) {
      list.forEach((a, i) => list.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
    }
    // No label sits on a workload card.
    for (const label of labels) for (const card of cards) expect(overlap(label, card)).toBe(false);
    // Wide enough for the text, narrow enough for a page: under 1,200 units.
    const [, width] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.map(Number);
    expect(width).toBeLessThan(1200);
  });

  test('wraps the enclaves of a large network into rows, keeping the page width', () => {
    // GIVEN twelve forces on one supplier network
    const { cloud: big, networks } = smallEstate('big');
    const forces = ['kent', 'essex', 'surrey', 'sussex', 'herts', 'beds', 'cambs', 'norfolk', 'suffolk', 'lincs', 'notts', 'leics'];
    for (const force of forces) {
      const enclave = new TenantEnclave(networks.supplier, force, { tenant: force });
      const web = new Workload(enclave, 'web', { kind: 'vm', tier: 'presentation' });
      new Workload(enclave, 'app', { kind: 'vm' }).allowFrom(web, 8443);
    }
    // WHEN it is drawn
    const drawn = renderDiagram(big.toModel());
    const gs = svgGroups(drawn);
    // THEN it is no wider than the national example, and no two enclaves overlap
    expect(Number(/viewBox="0 0 ([\d.]+)/.exec(drawn)![1])).toBeLessThan(1200);
    const enclaves = gs.filter((g) => 'data-enclave' in g.attrs).map((g) => g.rect!);
    expect(enclaves).toHaveLength(forces.length);
    enclaves.forEach((a, i) => enclaves.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
  });

  test('is deterministic and well-formed: the same model gives the same SVG', () => {
    expect(renderDiagram(cloud.toModel())).toBe(svg);
    expect(xmlProblems(svg)).toEqual([]);
  });

  test('adding a workload moves nothing in other enclaves', () => {
    const { cloud: small, networks } = smallEstate('diagram');
    const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
    const essex = new TenantEnclave(networks.supplier, 'essex', { tenant: 'essex' });
    new Workload(kent, 'web', { kind: 'vm', tier: 'presentation' });
    new Workload(essex, 'web', { kind: 'vm', tier: 'presentation' });
    const before = svgGroups(renderDiagram(small.toModel()));
    new Workload(essex, 'app', { kind: 'vm' });
    const after = svgGroups(renderDiagram(small.toModel()));
    const kentWeb = (gs: SvgGroup[]) => gs.find((g) => g.attrs['data-workload'] === 'supplier-net/kent/web')!.rect;
    expect(kentWeb(after)).toEqual(kentWeb(before));
  });

  test('draws a flow between enclaves dashed, and copes with empty networks and enclaves', () => {
    // GIVEN a model with a flow from Kent to Essex (a definition needs a secure exchange for that)
    const { cloud: small, networks } = smallEstate('cross');
    const kent = new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' });
    const essex = new TenantEnclave(networks.supplier, 'essex', { tenant: 'essex' });
    new TenantEnclave(networks.aws, 'empty', { tenant: 'btp' });
    new Workload(kent, 'app', { kind: 'vm' });
    new Workload(essex, 'db', { kind: 'database' });
    const built = small.toModel();
    const model: EstateModel = { ...built, flows: [{ from: 'supplier-net/kent/app', to: 'supplier-net/essex/db', protocol: 'tcp', fromPort: 5432, toPort: 5432 }] };
    // WHEN it is drawn
    const drawn = renderDiagram(model);
    // THEN the arrow is marked as crossing enclaves, and the empty boxes say so
    expect(drawn).toMatch(/<g class="flow cross-enclave" data-flow-from="supplier-net\/kent\/app" data-flow-to="supplier-net\/essex\/db"/);
    expect(drawn).toContain('stroke-dasharray="6 3" marker-end="url(#pcloud-arrow-cross)"');
    expect(drawn).toContain('>no workloads</text>');
    expect(drawn).toContain('>no enclaves</text>');
  });

  describe('interconnects and secure exchanges', () => {
    const boxOf = (g: SvgGroup) => g.rect!;
    const frame = (attr: string, value: string) => boxOf(groups.find((g) => g.attrs[attr] === value)!);
    const source = (attr: string, value: string) => {
      const start = svg.indexOf(`${attr}="${value}"`);
      return svg.slice(start, svg.indexOf('</g>', start));
    };
    /** The corners of a link's route, from its `d`. */
    const route = (attr: string, value: string) =>
      [.../ d="(M[^"]+)"/.exec(source(attr, value))![1].matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    const onEdge = (p: { x: number; y: number }, b: { x: number; y: number; w: number; h: number }, edge: 'top' | 'bottom') =>
      p.x > b.x && p.x < b.x + b.w && p.y === (edge === 'top' ? b.y : b.y + b.h);

    test('draws each interconnect once, as a pipe from its site to the other site or to its community network', () => {
      expect(of('data-interconnect').map((g) => [g.attrs['data-interconnect'], g.attrs['data-kind'], g.attrs['data-from'], g.attrs['data-to']])).toEqual([
        ['aws-supplier-dc1', 'site-to-site', 'aws-london', 'supplier-dc'],
        ['aws-azure', 'site-to-site', 'aws-london', 'azure-uksouth'],
        ['psn-policing', 'community', 'aws-london', 'PSN for Policing'],
        ['kent-gcsx', 'community', 'supplier-dc', 'Kent Public Services Network (GCSx)'],
      ]);
      // Distinct from flows: a thick pipe in its own colour, no arrowhead (the tunnel carries both ways), labelled with its id.
      for (const id of ['aws-supplier-dc1', 'aws-azure', 'psn-policing', 'kent-gcsx']) {
        const g = source('data-interconnect', id);
        expect(g).toMatch(/<path class="pipe" d="[^"]+" fill="none" stroke="#0e7490" stroke-width="5"/);
        expect(g).not.toContain('marker-end');
        expect(g).toContain(`>${id} (IPsec)</text>`);
      }
      // Ends on the edges of the boxes it joins.
      const aws = route('data-interconnect', 'aws-supplier-dc1');
      expect(onEdge(aws[0], frame('data-site', 'aws-london'), 'bottom')).toBe(true);
      expect(onEdge(aws[aws.length - 1], frame('data-site', 'supplier-dc'), 'top')).toBe(true);
      const psn = route('data-interconnect', 'psn-policing');
      expect(onEdge(psn[psn.length - 1], frame('data-community', 'PSN for Policing'), 'top')).toBe(true);
    });

    test('draws community networks and partners as boxes outside (below) every site', () => {
      const communities = of('data-community');
      expect(communities.map((g) => g.attrs['data-community'])).toEqual(['PSN for Policing', 'Kent Public Services Network (GCSx)']);
      const lowestSite = Math.max(...of('data-site').map((g) => boxOf(g).y + boxOf(g).h));
      for (const c of communities) {
        expect(ancestor(c, 'data-site')).toBeUndefined();
        expect(boxOf(c).y).toBeGreaterThan(lowestSite);
      }
      const kcc = of('data-partner').find((g) => g.attrs['data-partner'] === 'Kent County Council')!;
      expect(kcc.attrs['data-via']).toBe('kent-gcsx');
      expect(ancestor(kcc, 'data-community')!.attrs['data-community']).toBe('Kent Public Services Network (GCSx)');
      expect(within(boxOf(kcc), boxOf(ancestor(kcc, 'data-community')!))).toBe(true);
      expect(svg).toContain('>gateway 198.51.100.210 \u00b7 172.28.0.0/16</text>');
    });

    test('draws each exchange as an arrow from the sending enclave to the receiving enclave or partner, labelled with its ISA and ports', () => {
      expect(of('data-exchange').map((g) => [g.attrs['data-exchange'], g.attrs['data-from'], g.attrs['data-to'], g.attrs['data-isa'], g.attrs['data-port']])).toEqual([
        ['essex-btp-custody', 'supplier-dc1/essex', 'national-services/btp', 'ISA-ESX-BTP-2026-03', 'tcp/8443'],
        ['kent-kcc-safeguarding', 'supplier-dc1/kent', 'Kent County Council', 'ISA-KENT-KCC-2026-04', 'tcp/443'],
      ]);
      const essex = source('data-exchange', 'essex-btp-custody');
      expect(essex).toMatch(/<path class="exchange-arrow" d="[^"]+" fill="none" stroke="#b0246d" stroke-width="2" stroke-linejoin="round" marker-end="url\(#pcloud-arrow-exchange\)"\/>/);
      expect(essex).toContain('>essex-btp-custody \u00b7 ISA-ESX-BTP-2026-03 \u00b7 tcp/8443</text>');
      expect(svg).toContain('<marker id="pcloud-arrow-exchange"');
      const custody = route('data-exchange', 'essex-btp-custody');
      expect(onEdge(custody[0], frame('data-enclave', 'supplier-dc1/essex'), 'bottom')).toBe(true);
      expect(onEdge(custody[custody.length - 1], frame('data-enclave', 'national-services/btp'), 'bottom')).toBe(true);
      const kcc = route('data-exchange', 'kent-kcc-safeguarding');
      expect(onEdge(kcc[0], frame('data-enclave', 'supplier-dc1/kent'), 'bottom')).toBe(true);
      expect(onEdge(kcc[kcc.length - 1], frame('data-partner', 'Kent County Council'), 'top')).toBe(true);
      // Still one flow arrow per declared flow, and nothing else drawn as one.
      expect(svg.match(/<path class="arrow"/g)).toHaveLength(model.flows.length);
    });

    test('links never run across a workload or an enclave, and their labels cover nothing', () => {
      const cards = of('data-workload').map(boxOf);
      const enclaves = of('data-enclave').map(boxOf);
      const links = [
        ...model.interconnects.map((i) => route('data-interconnect', i.path)),
        ...model.exchanges.map((x) => route('data-exchange', x.path)),
      ];
      const crosses = (a: { x: number; y: number }, b: { x: number; y: number }, r: { x: number; y: number; w: number; h: number }) =>
        a.x === b.x
          ? a.x > r.x && a.x < r.x + r.w && Math.min(Math.max(a.y, b.y), r.y + r.h) - Math.max(Math.min(a.y, b.y), r.y) > 0
          : a.y > r.y && a.y < r.y + r.h && Math.min(Math.max(a.x, b.x), r.x + r.w) - Math.max(Math.min(a.x, b.x), r.x) > 0;
      for (const points of links) {
        for (let i = 1; i < points.length; i++) for (const r of [...cards, ...enclaves]) expect(crosses(points[i - 1], points[i], r)).toBe(false);
      }
      const labels = [...of('data-interconnect'), ...of('data-exchange')].map(boxOf);
      expect(labels).toHaveLength(6);
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
      for (const label of labels) {
        for (const box of [...of('data-site'), ...of('data-community'), ...of('data-flow-from')].map(boxOf)) expect(overlap(label, box)).toBe(false);
      }
      const [, width] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.map(Number);
      expect(width).toBeLessThan(1200);
      for (const label of labels) expect(label.x + label.w).toBeLessThanOrEqual(width);
    });

    test('an estate without interconnects or exchanges draws no links and no legend for them', () => {
      const { cloud: small, networks } = smallEstate('plain');
      new Workload(new TenantEnclave(networks.supplier, 'kent', { tenant: 'kent' }), 'web', { kind: 'vm', tier: 'presentation' });
      const drawn = renderDiagram(small.toModel());
      expect(drawn).not.toContain('class="links"');
      expect(drawn).not.toContain('interconnect (IPsec)');
      expect(drawn).not.toContain('data-community');
      expect(drawn).toContain('1 workload and 0 declared flows.');
    });
  });
});
