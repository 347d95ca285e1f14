import { TenantEnclave, Workload } from '../../../index';
import { pcloudErrorOf } from '../../helpers';
import { pathMatches } from '../../../lib/policy/acceptance';
import { evaluate, todayIso } from '../../../lib/policy/evaluate';
import { TODAY, compliantEstate } from './fixtures';

function weakened() {
  const built = compliantEstate();
  const enclave = built.networks.aws.node.findChild('kent') as TenantEnclave;
  new Workload(enclave, 'scratch', { kind: 'vm', diskEncryption: false });
  return built;
}

const ACCEPT = {
  rule: 'PCR-05',
  path: 'aws-net/kent/scratch',
  reason: 'Scratch VM holds no police data; encrypted in the next image',
  reference: 'RR-2026-201',
  acceptedBy: 'Kent Police SIRO',
  expires: '2027-01-31',
};

describe('evaluate', () => {
  test('an error finding stands without an acceptance', () => {
    const e = evaluate(weakened().cloud.toModel(), { today: TODAY });
    expect(e.findings.filter((f) => f.rule === 'PCR-05')).toEqual([
      expect.objectContaining({ severity: 'error', path: 'aws-net/kent/scratch', source: 'model' }),
    ]);
    expect(e.summary.errors).toBeGreaterThan(0);
  });

  test('a current acceptance reports the finding as accepted, not raised', () => {
    const { cloud } = weakened();
    cloud.acceptRisk(ACCEPT).acceptRisk({ ...ACCEPT, rule: 'PCR-06' });
    const e = evaluate(cloud.toModel(), { today: TODAY });
    expect(e.summary).toEqual({ errors: 0, warnings: 0, accepted: 2 });
    expect(e.accepted[0]).toMatchObject({ rule: 'PCR-05', path: 'aws-net/kent/scratch', acceptance: { reference: 'RR-2026-201', acceptedBy: 'Kent Police SIRO', expires: '2027-01-31' } });
    expect(e.outcomes.find((o) => o.rule === 'PCR-05' && o.subject === 'aws-net/kent/scratch')!.status).toBe('accepted');
  });

  test('an expired acceptance is itself an error, and the finding stands again', () => {
    const { cloud } = weakened();
    cloud.acceptRisk(ACCEPT);
    const e = evaluate(cloud.toModel(), { today: '2027-02-01' });
    expect(e.findings.filter((f) => f.rule === 'PCR-05').map((f) => [f.severity, f.source, f.problem])).toEqual([
      ['error', 'acceptance', 'risk acceptance RR-2026-201 expired on 2027-01-31'],
      ['error', 'model', "the vm's disks are not encrypted at rest"],
    ]);
  });

  test('an acceptance that matches no finding is a warning', () => {
    const { cloud } = compliantEstate();
    cloud.acceptRisk(ACCEPT);
    const e = evaluate(cloud.toModel(), { today: TODAY });
    expect(e.findings).toEqual([expect.objectContaining({ severity: 'warning', rule: 'PCR-05', problem: 'risk acceptance RR-2026-201 matches no finding' })]);
  });

  test('a pattern covers every matching path, and only those', () => {
    expect(pathMatches('supplier-dc1/*/batch', 'supplier-dc1/kent/batch')).toBe(true);
    expect(pathMatches('supplier-dc1/*/batch', 'supplier-dc1/kent/app')).toBe(false);
    expect(pathMatches('aws-net/**', 'aws-net/kent/scratch')).toBe(true);
    expect(pathMatches('aws-net/**', 'azure-net/kent')).toBe(false);
    expect(pathMatches('**', 'anything/at/all')).toBe(true);
  });

  test.each([
    ['an unknown rule', { rule: 'PCR-99' }, 'ACCEPTANCE_RULE_UNKNOWN'],
    ['a bad path', { path: 'Kent Police/*' }, 'ACCEPTANCE_PATH_INVALID'],
    ['no reference', { reference: '' }, 'FIELD_MISSING'],
    ['an unparsable expiry', { expires: '31/01/2027' }, 'DATE_INVALID'],
  ])('fails at construction for an acceptance with %s', (_what, change, code) => {
    const { cloud } = compliantEstate();
    expect(pcloudErrorOf(() => cloud.acceptRisk({ ...ACCEPT, ...change })).code).toBe(code);
  });

  test('outcomes are ordered by catalogue and subject; the same input gives the same evaluation', () => {
    const a = evaluate(compliantEstate().cloud.toModel(), { today: TODAY });
    const b = evaluate(compliantEstate().cloud.toModel(), { today: TODAY });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.outcomes[0].rule).toBe('PCR-01');
    expect(a.outcomes[a.outcomes.length - 1].rule).toBe('PCR-32');
  });
});

describe('the day of evaluation', () => {
  const now = new Date('2031-05-06T23:30:00Z');

  test('is today in UTC, unless PCLOUD_TODAY pins it', () => {
    expect(todayIso(now, {})).toBe('2031-05-06');
    expect(todayIso(now, { PCLOUD_TODAY: '' })).toBe('2031-05-06');
    expect(todayIso(now, { PCLOUD_TODAY: '2027-02-01' })).toBe('2027-02-01');
  });

  test('fails when PCLOUD_TODAY is not a date, saying how to set it', () => {
    const error = pcloudErrorOf(() => todayIso(now, { PCLOUD_TODAY: 'tomorrow' }));
    expect(error).toMatchObject({ code: 'TODAY_INVALID', path: 'PCLOUD_TODAY', given: '"tomorrow"', expected: 'a date YYYY-MM-DD' });
    expect(error.fix).toContain('PCLOUD_TODAY=2026-12-31');
  });
});
