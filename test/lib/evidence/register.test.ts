import { AccreditedNetwork, Classification, PoliceCloud, Site, TenantEnclave, Workload } from '../../../index';
import { buildEvidence, renderHtml, renderMarkdown } from '../../../lib/evidence';
import { evaluate } from '../../../lib/policy/evaluate';
import { smallEstate } from '../../fixtures/estate';
import { AWS_SITE } from '../../fixtures/sites';
import { TODAY } from './helpers';

describe('days to expiry of network accreditations', () => {
  // GIVEN three networks accredited until well after, just after and before the evaluation date
  function estate() {
    const cloud = new PoliceCloud({ name: 'expiry' });
    const site = Site.aws(cloud, 'aws-london', AWS_SITE);
    const record = (expires: string) => ({ authority: 'NPIRMT', reference: `NPIRMT-${expires}`, issued: '2025-01-01', expires });
    for (const [id, expires, cidr] of [
      ['current', '2027-06-30', '10.0.0.0/16'],
      ['soon', '2026-12-22', '10.1.0.0/16'],
      ['lapsed', '2026-11-12', '10.2.0.0/16'],
    ] as const) {
      new AccreditedNetwork(cloud, id, { site, addressSpace: cidr, ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: record(expires) });
    }
    const model = cloud.toModel();
    return buildEvidence({ model, evaluation: evaluate(model, { today: TODAY }) });
  }

  test('counts the days from the evaluation date, negative once expired, and flags the expired one', () => {
    const report = estate();
    const of = (path: string) => report.networks.find((n) => n.path === path)!.accreditation;
    expect(of('current')).toMatchObject({ expires: '2027-06-30', daysToExpiry: 220, expiry: 'current' });
    expect(of('soon')).toMatchObject({ expires: '2026-12-22', daysToExpiry: 30, expiry: 'expiring' });
    expect(of('lapsed')).toMatchObject({ expires: '2026-11-12', daysToExpiry: -10, expiry: 'expired' });
    expect(report.summary.accreditations).toEqual({ current: 1, expiring: 1, expired: 1 });
    // An expired accreditation is an error finding of the evaluation, and the pack says so.
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'PCR-01', path: 'lapsed', severity: 'error' }));
  });

  test('the HTML and Markdown show the days and flag the expired record in words', () => {
    const report = estate();
    const html = renderHtml(report);
    expect(html).toContain('2026-11-12 <span class="status status-failed">\u2716 EXPIRED</span> <span class="days">-10 days (expired 10 days ago)</span>');
    expect(html).toContain('2026-12-22 <span class="status status-accepted">! Expiring soon</span> <span class="days">30 days left</span>');
    const md = renderMarkdown(report);
    expect(md).toContain('| Expires | 2026-11-12: \u2716 EXPIRED, -10 days (expired 10 days ago) |');
  });

  test('the last day of an accreditation has 0 days left and has not expired', () => {
    const cloud = new PoliceCloud({ name: 'last-day' });
    const site = Site.aws(cloud, 'aws-london', AWS_SITE);
    new AccreditedNetwork(cloud, 'net', {
      site,
      addressSpace: '10.0.0.0/16',
      ceiling: Classification.OFFICIAL,
      accreditation: { authority: 'NPIRMT', reference: 'R', issued: '2026-01-01', expires: TODAY },
    });
    const model = cloud.toModel();
    const report = buildEvidence({ model, evaluation: evaluate(model, { today: TODAY }) });
    expect(report.networks[0].accreditation).toMatchObject({ daysToExpiry: 0, expiry: 'expiring' });
  });
});

describe('the register of accepted risks', () => {
  // GIVEN a small estate whose Kent enclave has an administrator group without MFA (a PCR-18
  // error), accepted by the SIRO, plus an expired acceptance and one that matches nothing
  function estate() {
    const { cloud, networks } = smallEstate('register');
    const kent = new TenantEnclave(networks.aws, 'kent', { tenant: 'kent', administrators: [{ name: 'kent-contractors', vetting: 'NPPV3', mfa: false }] });
    new Workload(kent, 'web', { kind: 'vm', tier: 'presentation' });
    const essex = new TenantEnclave(networks.azure, 'essex', { tenant: 'essex', administrators: [{ name: 'essex-legacy', vetting: 'SC', mfa: false }] });
    new Workload(essex, 'web', { kind: 'vm', tier: 'presentation' });
    cloud.acceptRisk({
      rule: 'PCR-18',
      path: 'aws-net/kent',
      reason: 'Contractor tokens arrive in January; access is supervised until then.',
      reference: 'RR-2026-114',
      acceptedBy: 'Kent Police SIRO',
      expires: '2027-01-31',
    });
    cloud.acceptRisk({
      rule: 'PCR-18',
      path: 'azure-net/*',
      reason: 'Legacy group retired at go-live.',
      reference: 'RR-2026-090',
      acceptedBy: 'Essex Police SIRO',
      expires: '2026-11-01',
    });
    cloud.acceptRisk({
      rule: 'PCR-16',
      path: 'aws-net/kent/web',
      reason: 'A public booking page was planned behind a WAF; it never shipped.',
      reference: 'RR-2026-120',
      acceptedBy: 'NPIRMT',
      expires: '2027-04-30',
    });
    const model = cloud.toModel();
    const evaluation = evaluate(model, { today: TODAY });
    return { model, evaluation, report: buildEvidence({ model, evaluation }) };
  }

  test('lists each acceptance with rule, path, reason, reference, who accepted it and the days left', () => {
    const { report } = estate();
    expect(report.acceptedRisks.map((r) => r.reference)).toEqual(['RR-2026-114', 'RR-2026-090', 'RR-2026-120']);
    expect(report.acceptedRisks[0]).toMatchObject({
      rule: 'PCR-18',
      path: 'aws-net/kent',
      reason: 'Contractor tokens arrive in January; access is supervised until then.',
      reference: 'RR-2026-114',
      acceptedBy: 'Kent Police SIRO',
      expires: '2027-01-31',
      daysToExpiry: 70,
      expiry: 'expiring',
    });
  });

  test('gives the findings a current acceptance covers, and the outcome shows it as accepted', () => {
    const { report } = estate();
    const [kent] = report.acceptedRisks;
    expect(kent.covers).toEqual([expect.objectContaining({ rule: 'PCR-18', path: 'aws-net/kent', problem: 'administrator group kent-contractors does not require MFA' })]);
    const outcome = report.rules.find((r) => r.id === 'PCR-18')!.outcomes.find((o) => o.subject === 'aws-net/kent')!;
    expect(outcome.status).toBe('accepted');
    expect(outcome.findings[0]).toMatchObject({ acceptance: { reference: 'RR-2026-114', acceptedBy: 'Kent Police SIRO', expires: '2027-01-31' } });
    expect(report.summary.accepted).toBe(1);
  });

  test('flags an expired acceptance, whose findings stand again', () => {
    const { report } = estate();
    const expired = report.acceptedRisks.find((r) => r.reference === 'RR-2026-090')!;
    expect(expired).toMatchObject({ daysToExpiry: -21, expiry: 'expired' });
    expect(expired.covers).toEqual([expect.objectContaining({ path: 'azure-net/essex', problem: 'administrator group essex-legacy does not require MFA' })]);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'PCR-18', path: 'azure-net/essex', severity: 'error' }));
    expect(report.summary.acceptances).toEqual({ current: 1, expiring: 1, expired: 1 });
    expect(renderHtml(report)).toContain('Expired: these findings stand again.');
  });

  test('says when an acceptance matches no finding', () => {
    const { report } = estate();
    expect(report.acceptedRisks.find((r) => r.reference === 'RR-2026-120')!.covers).toEqual([]);
    expect(renderHtml(report)).toContain('Matches no finding');
    expect(renderMarkdown(report)).toContain('matches no finding (a warning)');
  });

  test('the HTML register and the Markdown table name the reference, who accepted it and the finding', () => {
    const { report } = estate();
    const html = renderHtml(report);
    const register = html.slice(html.indexOf('<section id="accepted-risks"'), html.indexOf('<section id="flows"'));
    expect(register).toContain('<th scope="row">RR-2026-114</th>');
    expect(register).toContain('Kent Police SIRO');
    expect(register).toContain('administrator group kent-contractors does not require MFA');
    expect(renderMarkdown(report)).toMatch(
      /\| RR-2026-114 \| PCR-18 \| `aws-net\/kent` \| Contractor tokens arrive in January; access is supervised until then\. \| Kent Police SIRO \| 2027-01-31: ! Expiring soon, 70 days left \| `aws-net\/kent`: administrator group kent-contractors does not require MFA \(error\) \|/,
    );
  });

  test('the outputs not being read is said, not hidden', () => {
    const { report } = estate();
    expect(report.outputsChecked).toBe(false);
    expect(report.cdkNag).toEqual([]);
    const html = renderHtml(report);
    expect(html).toContain('The rendered outputs were not read, so acknowledgements are not listed.');
    expect(html).toContain('Shown by the definition (the rendered outputs were not re-checked).');
  });
});
