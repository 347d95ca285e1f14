import * as fs from 'node:fs';
import * as path from 'node:path';
import cloud from '../../../examples/national-pcloud';
import { buildEvidence, cdkNagAcknowledgements, renderHtml, renderMarkdown, writeEvidence, type EvidenceReport } from '../../../lib/evidence';
import { CATALOGUE, NCSC_PRINCIPLES } from '../../../lib/policy/catalogue';
import { evaluate } from '../../../lib/policy/evaluate';
import { allResources, readOutputs } from '../../../lib/policy/outputs';
import { synthesise, TODAY, type Synthesised } from './helpers';

// GIVEN the national example synthesised (4 sites, 4 networks, 6 enclaves, 27 workloads, 2 shared
// services, 2 secure exchanges, 4 interconnects), its
// outputs read back and evaluated, as `pcloud report` does.
let national: Synthesised;
let report: EvidenceReport;

beforeAll(() => {
  national = synthesise(cloud);
  report = buildEvidence({ model: national.model, evaluation: national.evaluation, outputs: national.outputs });
});

afterAll(() => {
  if (national) fs.rmSync(national.dir, { recursive: true, force: true });
});

describe('the evidence report of the national example', () => {
  test('names the estate, the evaluation date, that outputs were re-checked, and the summary', () => {
    expect(report.version).toBe(2);
    expect(report.estate.name).toBe('national');
    expect(report.evaluatedOn).toBe(TODAY);
    expect(report.outputsChecked).toBe(true);
    expect(report.summary).toMatchObject({
      errors: national.evaluation.summary.errors,
      warnings: national.evaluation.summary.warnings,
      accepted: national.evaluation.summary.accepted,
    });
    const { held, failed, accepted, notApplicable } = report.summary.outcomes;
    expect(held + failed + accepted + notApplicable).toBe(national.evaluation.outcomes.length);
  });

  test('has every NCSC principle 1 to 14 with the catalogue rules that serve it', () => {
    expect(report.principles.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    for (const principle of report.principles) {
      expect(principle.name).toBe(NCSC_PRINCIPLES[principle.number]);
      expect(principle.rules).toEqual(CATALOGUE.filter((r) => r.ncsc.includes(principle.number)).map((r) => r.id));
      // A principle no rule serves says where its evidence must come from instead.
      if (principle.rules.length === 0) expect(principle.note).toMatch(/No rule of the catalogue serves this principle/);
    }
    expect(report.rules.map((r) => r.id)).toEqual(CATALOGUE.map((r) => r.id));
  });

  test('lists a rule that serves two principles under both', () => {
    expect(report.principles.find((p) => p.number === 2)!.rules).toContain('PCR-06');
    expect(report.principles.find((p) => p.number === 3)!.rules).toContain('PCR-06');
    const html = renderHtml(report);
    expect(html).toContain('id="principle-2-PCR-06"');
    expect(html).toContain('id="principle-3-PCR-06"');
  });

  test('carries every rule outcome of the evaluation, per subject', () => {
    const listed = report.rules.flatMap((r) => r.outcomes.map((o) => `${r.id} ${o.subject} ${o.status}`));
    expect(listed).toEqual(national.evaluation.outcomes.map((o) => `${o.rule} ${o.subject} ${o.status}`));
  });

  test('names, for held controls, the rendered resources that implement them', () => {
    const inOutputs = new Set(allResources(national.outputs).map((r) => `${r.ref.stack} ${r.ref.id}`));
    const held = report.rules.flatMap((r) => r.outcomes.filter((o) => o.status === 'held'));
    const refs = held.flatMap((o) => o.evidence);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of refs) expect(inOutputs).toContain(`${ref.stack} ${ref.id}`);

    // Enclave isolation (PCR-11) is held by each enclave's own stack: its key, its subnets, its log group.
    const isolation = report.rules.find((r) => r.id === 'PCR-11')!;
    for (const enclave of national.model.enclaves) {
      const outcome = isolation.outcomes.find((o) => o.subject === enclave.path)!;
      expect(outcome.status).toBe('held');
      expect(outcome.subjectKind).toBe('enclave');
      expect(outcome.evidence.length).toBeGreaterThan(0);
      const stack = `national-${enclave.path.replace('/', '-')}`;
      expect(outcome.evidence.every((r) => r.stack === stack && r.id.length > 0 && r.type.length > 0)).toBe(true);
    }
  });

  test('says why a rule is not applicable, and gives the findings of failed and accepted ones', () => {
    const outcomes = report.rules.flatMap((r) => r.outcomes);
    const notApplicable = outcomes.filter((o) => o.status === 'not-applicable');
    expect(notApplicable.length).toBeGreaterThan(0);
    for (const o of notApplicable) expect(o.reason).toMatch(/\w/);
    for (const o of outcomes.filter((x) => x.status === 'failed' || x.status === 'accepted')) expect(o.findings.length).toBeGreaterThan(0);
    // SECRET placement does not apply to an OFFICIAL-SENSITIVE enclave.
    const secretPlacement = report.rules.find((r) => r.id === 'PCR-02')!.outcomes.find((o) => o.subject === 'met-azure/met')!;
    expect(secretPlacement).toMatchObject({ status: 'not-applicable', reason: expect.stringContaining('OFFICIAL-SENSITIVE') });
  });

  test('describes each network with its site and accreditation, and each enclave with its tenant and controls', () => {
    expect(report.networks.map((n) => n.path)).toEqual(['national-services', 'met-azure', 'supplier-dc1', 'gmp-restricted']);
    const gmp = report.networks.find((n) => n.path === 'gmp-restricted')!;
    expect(gmp.site).toEqual({
      id: 'gmp-estate',
      platform: 'vsphere',
      operator: 'force',
      country: 'GB',
      assurance: { level: 'accredited-private', reference: 'GMP data centre accreditation GMP-DC-ACC-2026-02' },
    });
    expect(gmp.ceiling).toBe('SECRET');
    // 2026-11-22 to 2027-03-31.
    expect(gmp.accreditation).toMatchObject({ authority: 'GMP SIRO', reference: 'GMP-ACC-2026-007', expires: '2027-03-31', daysToExpiry: 129, expiry: 'current' });
    const [enclave] = gmp.enclaves;
    expect(enclave).toMatchObject({
      path: 'gmp-restricted/gmp-intelligence',
      tenant: { code: 'gmp', name: 'Greater Manchester Police' },
      classification: 'SECRET',
      workloads: 3,
    });
    expect(enclave.cidr).toMatch(/^10\.60\./);
    expect(enclave.administrators.length).toBeGreaterThan(0);
    expect(enclave.auditRetentionDays).toBeGreaterThanOrEqual(365);
    expect(enclave.backup).toHaveProperty('enabled');
  });

  test('has a flows table that matches the model', () => {
    expect(report.flows).toHaveLength(national.model.flows.length);
    const workload = (p: string) => national.model.workloads.find((w) => w.path === p)!;
    report.flows.forEach((f, i) => {
      const flow = national.model.flows[i];
      expect(f).toEqual({
        from: flow.from,
        to: flow.to,
        protocol: flow.protocol,
        ports: flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`,
        enclave: workload(flow.to).enclave,
        fromEnclave: workload(flow.from).enclave,
        crossEnclave: workload(flow.from).enclave !== workload(flow.to).enclave,
        fromClassification: workload(flow.from).classification,
        toClassification: workload(flow.to).classification,
      });
    });
    expect(report.flows).toContainEqual(expect.objectContaining({ from: 'met-azure/met/case-api', to: 'met-azure/met/case-db', protocol: 'tcp', ports: '5432' }));
  });

  test('lists every risk acceptance of the definition in the register, with the findings it covers', () => {
    expect(report.acceptedRisks.map((a) => a.reference)).toEqual(national.model.acceptances.map((a) => a.reference));
    for (const risk of report.acceptedRisks) {
      const accepted = national.evaluation.accepted.filter((f) => f.acceptance.reference === risk.reference);
      expect(risk.covers.map((f) => `${f.rule} ${f.path}`)).toEqual(expect.arrayContaining(accepted.map((f) => `${f.rule} ${f.path}`)));
    }
  });

  test('lists the cdk-nag acknowledgements of the CloudFormation templates (none is an empty list)', () => {
    expect(report.cdkNag).toEqual(cdkNagAcknowledgements(national.outputs));
  });

  test('says what vSphere cannot do: no firewall resources, no policy engine, Fault Tolerance encryption left to the operators', () => {
    const vsphere = report.platforms.find((p) => p.platform === 'vsphere')!;
    expect(vsphere.sites).toEqual(['supplier-dc', 'gmp-estate']);
    expect(vsphere.guardrails.engine).toBeNull();
    expect(vsphere.guardrails.statement).toMatch(/no policy engine/);
    expect(vsphere.limitations.map((l) => l.topic)).toEqual(
      expect.arrayContaining(['No firewall resources', 'No native run-time guardrails', 'Fault Tolerance encryption is an operator control']),
    );
    expect(vsphere.operatorControls).toContainEqual(expect.objectContaining({ control: 'Fault Tolerance encryption', rule: 'PCR-09' }));
    expect(vsphere.firewallManifests.map((m) => [m.site, m.rules, m.source])).toEqual(
      national.outputs.firewall.map((m) => [m.site, m.rules.length, 'outputs']),
    );
    // Kent and Essex declare three flows each; each sends one exchange and consumes messaging and
    // ERP (one allow each); then the default deny.
    expect(vsphere.firewallManifests.find((m) => m.site === 'supplier-dc')).toMatchObject({ rules: 13, allowRules: 12, defaultAction: 'deny' });
    const azure = report.platforms.find((p) => p.platform === 'azure')!;
    expect(azure.guardrails.engine).toBe('Azure Policy');
    expect(azure.guardrails.resources!.every((r) => r.type.endsWith('policy_assignment'))).toBe(true);
  });

  test('says who may administer what by the names the rendered outputs grant', () => {
    const resources = allResources(national.outputs);
    const of = (type: string) => resources.filter((r) => r.ref.type === type).map((r) => r.properties);
    const roles = of('AWS::IAM::Role');
    const assignments = of('azurerm_role_assignment');
    const permissions = of('vsphere_entity_permissions').flatMap((p) =>
      (p.permissions as { user_or_group: string }[]).map((x) => ({ principal: x.user_or_group, entity: p.entity_type as string })),
    );
    for (const { platform, groups } of report.administration) {
      for (const g of groups) {
        if (platform === 'aws') {
          // An IAM role by that name, which only an MFA session may assume, under a permissions boundary.
          const role = roles.find((r) => r.RoleName === g.role)!;
          expect(role).toBeDefined();
          expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('"aws:MultiFactorAuthPresent":"true"');
          expect(role.PermissionsBoundary).toBeDefined();
        } else if (platform === 'azure') {
          // A role assignment to the group's object id: the custom role, or the built-in it asks for.
          const assignment = assignments.find((a) => a.principal_id === g.principal)!;
          expect(assignment).toBeDefined();
          if (g.azureRole !== 'enclave-operator') expect(assignment.role_definition_name).toBe(g.azureRole);
        } else {
          // The SSO principal on the enclave's folder and its resource pool.
          expect(permissions.filter((x) => x.principal === g.principal).map((x) => x.entity).sort()).toEqual(['Folder', 'ResourcePool']);
        }
      }
    }
  });

  test('embeds a diagram with a group per site, network, enclave and workload and an arrow per flow', () => {
    const svg = report.diagram.svg;
    for (const s of national.model.sites) expect(svg).toContain(`data-site="${s.id}"`);
    for (const n of national.model.networks) expect(svg).toContain(`data-network="${n.path}"`);
    for (const e of national.model.enclaves) expect(svg).toContain(`data-enclave="${e.path}"`);
    for (const w of national.model.workloads) expect(svg).toContain(`data-workload="${w.path}"`);
    expect(svg.match(/<path class="arrow"/g)).toHaveLength(national.model.flows.length);
  });
});

describe('the rendered pack of the national example', () => {
  test('the HTML is self-contained: nothing to load over the network, the diagram inline', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/https?:\/\//);
    // Links stay inside the page; the only url() is the SVG's own arrow marker.
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*(?!["']?#)/i);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\((?!#)/i);
    expect(html).toMatch(/<section id="diagram"[\s\S]*<svg [^>]*class="pcloud-diagram"/);
    for (const w of national.model.workloads) expect(html).toContain(`data-workload="${w.path}"`);
  });

  test('the HTML has a section with a stable id per principle and for the register, flows, cdk-nag and diagram', () => {
    const html = renderHtml(report);
    for (let n = 1; n <= 14; n++) expect(html).toContain(`<section id="principle-${n}"`);
    for (const id of ['accepted-risks', 'flows', 'cdk-nag', 'diagram', 'sites', 'networks', 'findings', 'platforms']) expect(html).toContain(`<section id="${id}"`);
    // Every id is unique, diagram elements included.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    // Status is written, not only coloured; tables have header cells.
    expect(html).toContain('\u2714 Held');
    expect(html).toMatch(/<th scope="col">Subject<\/th>/);
  });

  test('the Markdown carries the same sections in tables', () => {
    const md = renderMarkdown(report);
    for (let n = 1; n <= 14; n++) expect(md).toContain(`### Principle ${n}: ${NCSC_PRINCIPLES[n]}`);
    for (const heading of ['## Register of accepted risks', '## Declared flows', '## cdk-nag acknowledgements', '## What each platform cannot do', '## Network diagram']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| From | To | Protocol | Ports | Enclave | Classification (from) | Classification (to) |');
    expect(md).toContain('| `met-azure/met/case-api` | `met-azure/met/case-db` | TCP | 5432 |');
  });

  test('the same inputs give byte-identical JSON, Markdown and HTML', () => {
    // WHEN the outputs are read again and evaluated again
    const outputs = readOutputs(national.dir, national.model);
    const again = buildEvidence({ model: national.model, evaluation: evaluate(national.model, { today: TODAY, outputs }), outputs });
    // THEN nothing differs
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    expect(renderMarkdown(again)).toBe(renderMarkdown(report));
    expect(renderHtml(again)).toBe(renderHtml(report));
  });

  test('writeEvidence writes evidence.json, evidence.md, evidence.html and the diagram under evidence/', () => {
    const files = writeEvidence(national.dir, report);
    expect(files.map((f) => path.relative(national.dir, f))).toEqual([
      path.join('evidence', 'evidence.json'),
      path.join('evidence', 'evidence.md'),
      path.join('evidence', 'evidence.html'),
      path.join('evidence', 'evidence.svg'),
    ]);
    expect(JSON.parse(fs.readFileSync(files[0], 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(fs.readFileSync(files[2], 'utf8')).toBe(renderHtml(report));
    expect(fs.readFileSync(files[1], 'utf8')).toContain('](evidence.svg)');
  });
});
