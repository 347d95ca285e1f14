import { buildEvidence, renderHtml, renderMarkdown, type EvidenceReport } from '../../../lib/evidence';
import type { EstateModel } from '../../../lib/model/types';
import { EstateView } from '../../../lib/model/view';
import { evaluate } from '../../../lib/policy/evaluate';
import { loadNational, markdownTables, TODAY, xmlProblems } from './helpers';

// GIVEN the national example, loaded as `pcloud report` loads it and evaluated without outputs
const { model, evaluation } = loadNational();
const report = buildEvidence({ model, evaluation });
const view = new EstateView(model);
const exchange = (r: EvidenceReport, path: string) => r.exchanges.find((x) => x.path === path)!;
const link = (r: EvidenceReport, path: string) => r.interconnects.find((i) => i.path === path)!;
const outcome = (r: EvidenceReport, rule: string, subject: string) => r.rules.find((x) => x.id === rule)!.outcomes.find((o) => o.subject === subject)!;
const packOn = (today: string) => buildEvidence({ model, evaluation: evaluate(model, { today }) });

describe('secure exchanges in the evidence pack', () => {
  test('the exchange between two forces on different sites carries its ISA, ends, ports, ceiling, path and audit sink', () => {
    expect(report.version).toBe(2);
    expect(exchange(report, 'essex-btp-custody')).toEqual({
      path: 'essex-btp-custody',
      isa: {
        reference: 'ISA-ESX-BTP-2026-03',
        parties: ['Essex Police', 'British Transport Police'],
        purpose: 'Custody records of people arrested on the rail network in Essex',
        legalGateway: 'Police and Criminal Evidence Act 1984; DPA 2018 Part 3',
        // 2026-11-22 to 2027-09-30.
        review: { expires: '2027-09-30', daysToExpiry: 312, expiry: 'current' },
      },
      from: {
        kind: 'workload',
        workload: 'supplier-dc1/essex/records-app',
        enclave: 'supplier-dc1/essex',
        site: 'supplier-dc',
        platform: 'vsphere',
        prefixes: [view.workloadPrefix('supplier-dc1/essex/records-app')],
      },
      to: { kind: 'workload', workload: 'national-services/btp/api', enclave: 'national-services/btp', site: 'aws-london', platform: 'aws', prefixes: [view.workloadPrefix('national-services/btp/api')] },
      ports: ['TCP 8443'],
      ceiling: 'OFFICIAL-SENSITIVE',
      via: ['aws-supplier-dc1'],
      mutualTls: true,
      disclosuresLoggedBy: 'supplier-dc1/essex',
      rules: [
        { rule: 'PCR-26', status: 'held' },
        { rule: 'PCR-27', status: 'held' },
      ],
    });
    // A vSphere workload is seen at its own address only.
    expect(exchange(report, 'essex-btp-custody').from.prefixes[0]).toMatch(/^10\.40\.\d+\.\d+\/32$/);
  });

  test('the exchange to a local-authority partner names the partner, its prefixes and the community network it is reached on', () => {
    expect(exchange(report, 'kent-kcc-safeguarding')).toMatchObject({
      isa: { reference: 'ISA-KENT-KCC-2026-04', parties: ['Kent Police', 'Kent County Council'], review: { expires: '2027-04-30', daysToExpiry: 159, expiry: 'current' } },
      to: { kind: 'partner', name: 'Kent County Council', prefixes: ['172.28.16.0/24'], interconnect: 'kent-gcsx', network: 'Kent Public Services Network (GCSx)' },
      ports: ['TCP 443'],
      via: ['kent-gcsx'],
      disclosuresLoggedBy: 'supplier-dc1/kent',
    });
  });

  test('a review date 90 days or less away is expiring, a past one expired, and the summary and verdict count them', () => {
    // WHEN the estate is evaluated on 2027-03-15, then on 2027-05-10
    const march = packOn('2027-03-15');
    expect(exchange(march, 'kent-kcc-safeguarding').isa.review).toEqual({ expires: '2027-04-30', daysToExpiry: 46, expiry: 'expiring' });
    expect(march.summary.isaReviews).toEqual({ current: 1, expiring: 1, expired: 0 });
    const may = packOn('2027-05-10');
    // THEN the Kent ISA has lapsed: PCR-26 fails on the exchange, and the pack says so in numbers and words
    expect(exchange(may, 'kent-kcc-safeguarding').isa.review).toEqual({ expires: '2027-04-30', daysToExpiry: -10, expiry: 'expired' });
    expect(may.summary.isaReviews).toEqual({ current: 1, expiring: 0, expired: 1 });
    expect(exchange(may, 'kent-kcc-safeguarding').rules).toContainEqual({ rule: 'PCR-26', status: 'failed' });
    expect(may.findings).toContainEqual(expect.objectContaining({ rule: 'PCR-26', path: 'kent-kcc-safeguarding', severity: 'error' }));
    const md = renderMarkdown(may);
    expect(md).toContain('1 ISA is past its review date: its exchange must stop.');
    expect(md).toContain('| ISA reviews of secure exchanges | 1 | 0 | ✖ 1 |');
    expect(md).toContain('| Review date | 2027-04-30: ✖ EXPIRED, -10 days (expired 10 days ago) |');
    const html = renderHtml(may);
    expect(html).toContain('<div class="tile tile-failed"><span class="tile-value">1</span><span class="tile-label">ISA reviews overdue</span></div>');
    expect(html).toContain('<dt>Review date</dt><dd>2027-04-30 <span class="status status-failed">\u2716 EXPIRED</span> <span class="days">-10 days (expired 10 days ago)</span></dd>');
  });
});

describe('interconnects in the evidence pack', () => {
  test('a community link carries its network, Code of Connection with expiry status, IT Health Check with age, and IPsec profile', () => {
    expect(link(report, 'psn-policing')).toEqual({
      path: 'psn-policing',
      kind: 'community',
      ends: [{ site: 'aws-london', platform: 'aws', publicAddress: null }],
      community: { name: 'PSN for Policing', kind: 'psn-policing', gatewayAddress: '198.51.100.200', prefixes: ['172.20.0.0/14'] },
      coco: { reference: 'PSNP-CoCo-2026-0142', expires: '2027-05-31', daysToExpiry: 190, expiry: 'current' },
      // Done 2026-06-15, 160 days before the evaluation; current for a year.
      ithc: { reference: 'ITHC-2026-PDS-031', date: '2026-06-15', ageDays: 160, expires: '2027-06-15', daysToExpiry: 205, expiry: 'current' },
      ipsec: { ikeVersion: 2, cipher: 'aes256-gcm', integrity: 'sha384', dhGroup: 20 },
      exchanges: [],
      sharedServices: [],
      rules: [
        { rule: 'PCR-10', status: 'held' },
        { rule: 'PCR-31', status: 'held' },
      ],
    });
    expect(link(report, 'kent-gcsx')).toMatchObject({
      ends: [{ site: 'supplier-dc', platform: 'vsphere', publicAddress: '198.51.100.10' }],
      coco: { reference: 'KPSN-CoCo-2026-017', expires: '2027-02-28', daysToExpiry: 98, expiry: 'current' },
      ithc: { date: '2026-03-02', ageDays: 265, expires: '2027-03-02', expiry: 'current' },
      exchanges: ['kent-kcc-safeguarding'],
    });
  });

  test('a site-to-site link names both ends and what crosses it, and needs no Code of Connection', () => {
    expect(link(report, 'aws-supplier-dc1')).toMatchObject({
      kind: 'site-to-site',
      ends: [
        { site: 'aws-london', platform: 'aws', publicAddress: null },
        { site: 'supplier-dc', platform: 'vsphere', publicAddress: '198.51.100.10' },
      ],
      community: null,
      coco: null,
      exchanges: ['essex-btp-custody'],
      sharedServices: ['messaging', 'erp'],
      rules: [{ rule: 'PCR-10', status: 'held' }],
    });
    expect(link(report, 'aws-azure').ends.map((e) => e.publicAddress)).toEqual(['203.0.113.20', '203.0.113.40']);
    expect(renderMarkdown(report)).toContain('none recorded (not required between two sites of the estate)');
  });

  test('Codes of Connection expiring and expired are counted in the summary', () => {
    expect(report.summary.codesOfConnection).toEqual({ current: 2, expiring: 0, expired: 0 });
    // 2026-12-15: the GCSx CoCo (2027-02-28) has 75 days left; 2027-03-10: it has expired, and PSN's (2027-05-31) has 82 days left.
    expect(link(packOn('2026-12-15'), 'kent-gcsx').coco).toMatchObject({ daysToExpiry: 75, expiry: 'expiring' });
    expect(packOn('2026-12-15').summary.codesOfConnection).toEqual({ current: 1, expiring: 1, expired: 0 });
    const lapsed = packOn('2027-03-10');
    expect(lapsed.summary.codesOfConnection).toEqual({ current: 0, expiring: 1, expired: 1 });
    expect(renderMarkdown(lapsed)).toContain('1 Code of Connection has expired.');
    expect(renderHtml(lapsed)).toContain('<span class="tile-value">1</span><span class="tile-label">Codes of Connection expired</span>');
  });

  test('the Markdown and HTML show the CoCo status, the ITHC age and the IPsec profile', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('| Interconnect | Ends | Community network | Code of Connection | IT Health Check | IPsec | Carries | Rules |');
    expect(md).toContain('PSNP-CoCo-2026-0142, expires 2027-05-31: ✔ Current, 190 days left');
    expect(md).toContain('ITHC-2026-PDS-031 of 2026-06-15 (160 days ago); current until 2027-06-15: ✔ Current, 205 days left');
    expect(md).toContain('IKEv2, AES-256-GCM, SHA-384, DH group 20');
    const html = renderHtml(report);
    expect(html).toContain('<section id="interconnects" aria-labelledby="interconnects-title">');
    expect(html).toContain('PSNP-CoCo-2026-0142<br>2027-05-31 <span class="status status-held">\u2714 Current</span> <span class="days">190 days left</span>');
  });
});

describe('shared services in the evidence pack', () => {
  test('each consumer says how it reaches the service: privately on the same site, or through which interconnect', () => {
    const messaging = report.sharedServices.find((s) => s.path === 'messaging')!;
    expect(messaging).toMatchObject({
      enclave: 'national-services/shared-services',
      site: 'aws-london',
      providers: ['national-services/shared-services/messaging-gateway'],
      ports: ['TCP 5671'],
    });
    expect(messaging.consumers.map((c) => [c.enclave, c.via])).toEqual([
      ['national-services/btp', null],
      ['met-azure/met', 'aws-azure'],
      ['supplier-dc1/kent', 'aws-supplier-dc1'],
      ['supplier-dc1/essex', 'aws-supplier-dc1'],
    ]);
    expect(messaging.consumers[0].reach).toBe('privately on site aws-london, inside network national-services');
    expect(messaging.consumers[1].reach).toBe('from site azure-uksouth through interconnect aws-azure (IPsec), never the internet');
    expect(report.sharedServices.find((s) => s.path === 'erp')!.ports).toEqual(['TCP 443']);
    expect(renderMarkdown(report)).toContain('`met-azure/met`: from site azure-uksouth through interconnect aws-azure (IPsec), never the internet');
  });
});

describe('rule outcomes on exchanges and interconnects', () => {
  test('name their subject kind, and show how a held rule is met', () => {
    const isa = outcome(report, 'PCR-26', 'essex-btp-custody');
    expect(isa).toMatchObject({ subjectKind: 'exchange', status: 'held', note: expect.stringContaining('ISA ISA-ESX-BTP-2026-03') });
    const ipsec = outcome(report, 'PCR-10', 'aws-supplier-dc1');
    expect(ipsec).toMatchObject({ subjectKind: 'interconnect', status: 'held', note: 'IPsec IKEv2, aes256-gcm, sha384, DH group 20' });
    expect(outcome(report, 'PCR-12', 'national-services/btp').subjectKind).toBe('enclave');
    // Every outcome's kind is the kind of the thing it names.
    const kinds = new Map<string, string>([
      [model.name, 'estate'],
      ...model.sites.map((s) => [s.id, 'site'] as [string, string]),
      ...model.networks.map((n) => [n.path, 'network'] as [string, string]),
      ...model.enclaves.map((e) => [e.path, 'enclave'] as [string, string]),
      ...model.workloads.map((w) => [w.path, 'workload'] as [string, string]),
      ...model.exchanges.map((x) => [x.path, 'exchange'] as [string, string]),
      ...model.sharedServices.map((s) => [s.path, 'shared-service'] as [string, string]),
      ...model.interconnects.map((i) => [i.path, 'interconnect'] as [string, string]),
    ]);
    for (const o of report.rules.flatMap((r) => r.outcomes)) expect([o.subject, o.subjectKind]).toEqual([o.subject, kinds.get(o.subject)]);

    const md = renderMarkdown(report);
    expect(md).toContain(`| \`essex-btp-custody\` (exchange) | ✔ Held | ${isa.note}<br>Shown by the definition (the rendered outputs were not re-checked). |`);
    expect(md).toContain('| `aws-supplier-dc1` (interconnect) | ✔ Held | IPsec IKEv2, aes256-gcm, sha384, DH group 20<br>');
    const html = renderHtml(report);
    expect(html).toContain(`<code>essex-btp-custody</code> <span class="muted">secure exchange</span></th><td><span class="status status-held">\u2714 Held</span></td><td><p class="held-note">${isa.note}</p>`);
    expect(html).toContain('<p class="held-note">IPsec IKEv2, aes256-gcm, sha384, DH group 20</p>');
  });
});

describe('where an exchange\'s records are logged', () => {
  test('a sender logs its disclosures; where a partner sends in, the receiving enclave logs the collection', () => {
    expect(renderMarkdown(report)).toContain('| Disclosures logged to | the audit sink of `supplier-dc1/kent` |');
    // GIVEN Kent County Council sending to Kent instead
    const reversed = JSON.parse(JSON.stringify(model));
    const x = reversed.exchanges.find((e: { path: string }) => e.path === 'kent-kcc-safeguarding');
    [x.from, x.to] = [x.to, x.from];
    const pack = buildEvidence({ model: reversed, evaluation: evaluate(reversed, { today: TODAY }) });
    // THEN the pack says Kent's audit sink logs the collection
    expect(exchange(pack, 'kent-kcc-safeguarding').disclosuresLoggedBy).toBe('supplier-dc1/kent');
    expect(renderMarkdown(pack)).toContain('| Collection logged to | the audit sink of `supplier-dc1/kent` |');
    expect(renderHtml(pack)).toContain('<dt>Collection logged to</dt><dd>the audit sink of <code>supplier-dc1/kent</code>');
  });
});

describe('the rendered pack', () => {
  test('has sections for shared services, exchanges and interconnects, with well-formed Markdown tables', () => {
    const md = renderMarkdown(report);
    for (const heading of ['## Who may administer what', '## Shared services', '## Secure exchanges', '## Interconnects', '### Exchange `essex-btp-custody` under ISA-ESX-BTP-2026-03']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('- **Estate:** 4 sites, 4 accredited networks, 6 enclaves, 27 workloads, 19 declared flows, 2 shared services, 2 secure exchanges, 4 interconnects');
    expect(md).toContain('| ISA reviews of secure exchanges | 2 | 0 | 0 |');
    expect(md).toContain('| Codes of Connection of interconnects | 2 | 0 | 0 |');
    const tables = markdownTables(md);
    expect(tables.length).toBeGreaterThan(20);
    for (const t of tables) {
      expect(t[1].every((c) => c.trim() === '---')).toBe(true);
      for (const row of t) expect(row.length).toBe(t[0].length);
    }
    const html = renderHtml(report);
    for (const id of ['administration', 'shared-services', 'exchanges', 'interconnects', 'exchange-essex-btp-custody']) expect(html).toContain(`<section id="${id}"`);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('escapes what the definition says: an ISA purpose with a script tag stays text in HTML, Markdown and SVG', () => {
    // GIVEN an ISA purpose, a legal gateway and a partner name carrying markup and pipes
    const hostile: EstateModel = {
      ...model,
      exchanges: model.exchanges.map((x) =>
        x.path === 'kent-kcc-safeguarding'
          ? {
              ...x,
              isa: { ...x.isa, purpose: '<script>alert("isa")</script> & more', legalGateway: 'Act | s.1 <b>' },
              to: { kind: 'partner', name: 'Kent <img src=x onerror=alert(1)> Council', prefixes: ['172.28.16.0/24'], interconnect: 'kent-gcsx' },
            }
          : x,
      ),
    };
    // WHEN the pack is built and rendered
    const pack = buildEvidence({ model: hostile, evaluation: evaluate(hostile, { today: TODAY }) });
    const html = renderHtml(pack);
    const md = renderMarkdown(pack);
    // THEN no tag from the definition reaches the output
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('<dt>Purpose</dt><dd>&lt;script&gt;alert(&quot;isa&quot;)&lt;/script&gt; &amp; more</dd>');
    expect(html).toContain('partner <strong>Kent &lt;img src=x onerror=alert(1)&gt; Council</strong>');
    expect(md).not.toMatch(/<script|<img|<b>/i);
    expect(md).toContain('| Purpose | &lt;script>alert("isa")&lt;/script> & more |');
    expect(md).toContain('| Legal gateway | Act \\| s.1 &lt;b> |');
    for (const t of markdownTables(md)) for (const row of t) expect(row.length).toBe(t[0].length);
    expect(pack.diagram.svg).not.toMatch(/<img/);
    expect(xmlProblems(pack.diagram.svg)).toEqual([]);
  });
});
