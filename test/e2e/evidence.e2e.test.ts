import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import cloud from '../../examples/national-pcloud';
import { buildEvidence, writeEvidence } from '../../lib/evidence';
import { NCSC_PRINCIPLES } from '../../lib/policy/catalogue';
import { synthesise, type Synthesised } from '../lib/evidence/helpers';

// Chromium comes from the system (`apt-get install chromium`, done by .ci/run), not from a download.
const CHROMIUM = process.env.PCLOUD_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');

describe('the evidence pack of the national example, in a browser', () => {
  let national: Synthesised;
  let html: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    // GIVEN the national example's pack written to a temporary folder
    national = synthesise(cloud, 'pcloud-evidence-e2e-');
    const report = buildEvidence({ model: national.model, evaluation: national.evaluation, outputs: national.outputs });
    html = writeEvidence(national.dir, report).find((f) => f.endsWith('evidence.html'))!;

    // WHEN it is opened over file:// in headless Chromium, with every request recorded
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (national) fs.rmSync(national.dir, { recursive: true, force: true });
  });

  test('loads nothing but the page itself, without errors', () => {
    expect(requests).toEqual([pathToFileURL(html).href]);
    expect(problems).toEqual([]);
    return expect(page.title()).resolves.toBe('Evidence pack: national (2026-11-22)');
  });

  test('renders the diagram with one element per site, network, enclave, workload and flow', async () => {
    const svg = page.locator('#diagram svg.pcloud-diagram');
    await expect(svg.count()).resolves.toBe(1);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(600);

    const { model } = national;
    await expect(svg.locator('[data-site]').count()).resolves.toBe(model.sites.length);
    await expect(svg.locator('[data-network]').count()).resolves.toBe(model.networks.length);
    await expect(svg.locator('[data-enclave]').count()).resolves.toBe(model.enclaves.length);
    await expect(svg.locator('[data-workload]').count()).resolves.toBe(model.workloads.length);
    await expect(svg.locator('g.flow').count()).resolves.toBe(model.flows.length);
    await expect(svg.locator('g.interconnect').count()).resolves.toBe(model.interconnects.length);
    await expect(svg.locator('g.exchange').count()).resolves.toBe(model.exchanges.length);
    await expect(svg.locator('[data-community]').count()).resolves.toBe(new Set(model.interconnects.flatMap((i) => (i.community ? [i.community.name] : []))).size);

    // Every workload is drawn with a size, inside the diagram.
    const boxes = await svg.locator('[data-workload]').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { path: el.getAttribute('data-workload'), w: r.width, h: r.height };
      }),
    );
    expect(boxes.filter((b) => !(b.w > 20 && b.h > 10))).toEqual([]);
    const sgmp = await svg.locator('[data-enclave="gmp-restricted/gmp-intelligence"]').boundingBox();
    expect(sgmp!.width).toBeGreaterThan(0);
  });

  test('renders every principle section, 1 to 14, with its heading', async () => {
    for (let n = 1; n <= 14; n++) {
      const section = page.locator(`#principle-${n}`);
      await expect(section.isVisible()).resolves.toBe(true);
      const box = await section.boundingBox();
      expect(box!.height).toBeGreaterThan(40);
      await expect(section.locator('h3').innerText()).resolves.toContain(NCSC_PRINCIPLES[n]);
    }
    // Principle 2 lists its rules with a status for each subject, in words.
    await expect(page.locator('#principle-2 table.outcomes').count()).resolves.toBeGreaterThan(3);
    await expect(page.locator('#principle-2').innerText()).resolves.toContain('Held');
  });

  test('renders the register, the flows, the cdk-nag acknowledgements and the platform limits', async () => {
    for (const id of ['accepted-risks', 'flows', 'cdk-nag', 'platforms', 'networks', 'sites', 'administration', 'shared-services', 'exchanges', 'interconnects']) {
      await expect(page.locator(`#${id}`).isVisible()).resolves.toBe(true);
    }
    await expect(page.locator('#flows tbody tr').count()).resolves.toBe(national.model.flows.length);
    await expect(page.locator('#platforms').innerText()).resolves.toContain('no policy engine');
    await expect(page.locator('#exchanges section.exchange').count()).resolves.toBe(national.model.exchanges.length);
    await expect(page.locator('#interconnects tbody tr').count()).resolves.toBe(national.model.interconnects.length);
    await expect(page.locator('#administration tbody tr').count()).resolves.toBe(national.model.enclaves.reduce((n, e) => n + e.administrators.length, 0));
  });

  test('saves a full-page screenshot for a person to look at', async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'evidence.png');
    await page.screenshot({ path: file, fullPage: true });
    await page.locator('#diagram svg').screenshot({ path: path.join(ARTIFACTS, 'evidence-diagram.png') });
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);
  });
});
