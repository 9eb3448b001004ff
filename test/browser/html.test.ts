/**
 * The HTML report in a real browser (Debian's chromium, headless, driven by
 * playwright-core), run by test/run.ts inside a network namespace with only
 * loopback (unshare -n): every report fixture loads with no console error and
 * no request, every SVG has a size, and the text alternative lists the same
 * outcomes as the JSON. With FTP_DOCTOR_SCREENSHOTS=1, screenshots go to test-output/screenshots/ (ignored by git)
 * for a person to look at; the assertions do not need them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { runCli } from '../support/cli.js';
import { fixtureRecords, loadFixtures } from '../support/fixtures.js';
import { REPO_ROOT } from '../support/paths.js';
import { startReflector } from '../../src/commands/reflector/reflector-server.js';

const CHROMIUM = '/usr/bin/chromium';
const shots = path.join(REPO_ROOT, 'test-output', 'screenshots');
const screenshots = process.env.FTP_DOCTOR_SCREENSHOTS === '1';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-html-'));
let browser: Browser;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
});
after(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

interface Json {
  modes: Array<{ label: string; status: string; reasonCode?: string }>;
  alsoProbed?: Json[];
}

async function check(name: string, argv: string[], options: Parameters<typeof runCli>[1]): Promise<void> {
  const html = await runCli([...argv, '--format', 'html'], options);
  const json = JSON.parse((await runCli([...argv, '--format', 'json'], options)).stdout) as Json;
  assert.equal(html.stderr, '');
  assert.ok(Buffer.byteLength(html.stdout) < 200 * 1024, `${name}: ${Buffer.byteLength(html.stdout)} bytes`);
  const file = path.join(work, `${name}.html`);
  fs.writeFileSync(file, html.stdout);
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => (message.type() === 'error' ? errors.push(message.text()) : undefined));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => (request.url().startsWith('file:') ? undefined : requests.push(request.url())));
  await page.goto(`file://${file}`);
  assert.deepEqual(errors, [], `${name}: console errors`);
  assert.deepEqual(requests, [], `${name}: the page fetched something`);
  const boxes = await page.$$eval('svg', (svgs) =>
    svgs.map((svg) => svg.getBoundingClientRect()).map((r) => r.width * r.height),
  );
  assert.ok(boxes.length > 0 && boxes.every((area) => area > 0), `${name}: an SVG without a size`);
  // The text alternative beside each picture lists the same outcomes as the JSON.
  const listed = await page.$$eval('ul[aria-label="The data connections, in words"] li strong', (items) =>
    items.map((item) => item.textContent ?? ''),
  );
  const tested = [json, ...(json.alsoProbed ?? [])].flatMap((d) =>
    d.modes.filter((m) => m.status !== 'not_tested').map((m) => m.label),
  );
  assert.deepEqual(listed, tested, `${name}: text alternative`);
  // Nothing cut short inside a picture: long lines wrap.
  const cut = await page.$$eval('svg text', (texts) =>
    texts.map((t) => t.textContent ?? '').filter((text) => text.endsWith('…')),
  );
  assert.deepEqual(cut, [], `${name}: SVG text cut short`);
  // As a person reads a ticket: the findings and what the firewalls must allow before the pictures.
  const order = await page.$$eval('h3, svg', (nodes) =>
    nodes.map((node) => (node.tagName.toLowerCase() === 'svg' ? 'svg' : (node.textContent ?? ''))),
  );
  const firstPicture = order.indexOf('svg');
  for (const heading of ['Findings', 'What the firewalls must allow']) {
    const at = order.indexOf(heading);
    if (at >= 0 && firstPicture >= 0) assert.ok(at < firstPicture, `${name}: ${heading} after a picture`);
  }
  assert.doesNotMatch(
    await page.$$eval('.finding', (nodes) => nodes.map((n) => n.textContent ?? '').join('\n')),
    /`/,
    `${name}: raw backticks in a finding`,
  );
  if (screenshots) await page.screenshot({ path: path.join(shots, `${name}.png`) });
  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 392, `${name}: ${overflow} px wide on a 390 px screen`);
  // Every table cell on the screen (the tables stack, nothing scrolls off), and no picture text under 11 px.
  const offScreen = await page.$$eval('td', (cells) =>
    cells
      .filter((cell) => cell.getBoundingClientRect().width > 0)
      .filter((cell) => cell.getBoundingClientRect().right > 391 || cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => `${cell.dataset.label}: ${(cell.textContent ?? '').slice(0, 40)}`),
  );
  assert.deepEqual(offScreen, [], `${name}: table cells off a 390 px screen`);
  const tiny = await page.$$eval('svg text', (texts) =>
    (texts as SVGTextElement[])
      .map((text) => ({
        text: text.textContent ?? '',
        px: parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1),
      }))
      .filter(({ text, px }) => text.trim() !== '' && px < 11)
      .map(({ text, px }) => `${text.slice(0, 30)} (${px.toFixed(1)} px)`),
  );
  assert.deepEqual(tiny, [], `${name}: picture text under 11 px on a phone`);
  if (screenshots) await page.screenshot({ path: path.join(shots, `${name}-390.png`), fullPage: true });
  // A wide screen in dark mode, and print preview: laid out without errors, the verdict still first.
  await page.setViewportSize({ width: 1280, height: 900 });
  if (screenshots) await page.screenshot({ path: path.join(shots, `${name}-1280.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(background, 'rgb(255, 255, 255)', `${name}: dark mode not applied`);
  await page.emulateMedia({ colorScheme: 'light', media: 'print' });
  assert.ok(
    (await page.evaluate(() => document.documentElement.scrollWidth)) <= 1282,
    `${name}: print layout wider than the page`,
  );
  assert.deepEqual(errors, [], `${name}: console errors in dark or print`);
  await page.close();
}

// Pages are independent: four at once in the one browser.
describe('the HTML report in Chromium', { concurrency: 4 }, () => {
  for (const folder of ['probes', 'lab']) {
    for (const fixture of loadFixtures(folder)) {
      it(`${folder}/${fixture.name}`, () =>
        check(`${folder}-${fixture.name}`, ['probe', fixture.record.target.input], {
          records: fixtureRecords(fixture),
        }));
    }
  }
  const logs = path.join(REPO_ROOT, 'fixtures', 'logs');
  for (const file of fs.readdirSync(logs).filter((f) => f.endsWith('.log'))) {
    it(`logs/${file}`, () =>
      check(`log-${file}`, ['analyze', file], { files: { [file]: fs.readFileSync(path.join(logs, file), 'utf8') } }));
  }
  it('a check of several targets links each to its section', async () => {
    const [one, two] = loadFixtures('probes');
    const file = `targets:\n  - { name: one, target: "${one!.record.target.host}" }\n  - { name: two, target: "${two!.record.target.host}" }\n`;
    const run = await runCli(['check', 'targets.yml', '--format', 'html'], {
      records: [one!.record],
      files: { 'targets.yml': file },
    });
    const page = await browser.newPage();
    const path1 = path.join(work, 'check.html');
    fs.writeFileSync(path1, run.stdout);
    await page.goto(`file://${path1}`);
    const links = await page.$$eval('a[href^="#target-"]', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['#target-1', '#target-2']);
    assert.equal(await page.$$eval('section[id^="target-"]', (s) => s.length), 2);
    await page.close();
  });
  it('a network report lays out each test in plain FTP and under TLS, as the JSON has them', async () => {
    // This suite's own namespace starts with loopback down; the reflector needs it.
    spawnSync('ip', ['link', 'set', 'lo', 'up']);
    const reflector = await startReflector({
      host: '127.0.0.1',
      port: 0,
      connectTimeoutMs: 1000,
      version: 'test',
      log: () => undefined,
    });
    // Plain FTP only: no certificate is made here, so TLS is not offered and not counted.
    try {
      const argv = ['network', '--via', `127.0.0.1:${reflector.address.port}`, '--timeout', '2'];
      const html = await runCli([...argv, '--format', 'html']);
      const json = JSON.parse((await runCli([...argv, '--format', 'json'])).stdout) as {
        tests: Array<{ command: string }>;
        verdict: { label: string; verdict: string };
      };
      assert.equal(json.verdict.verdict, 'ok');
      const file = path.join(work, 'network.html');
      fs.writeFileSync(file, html.stdout);
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => (message.type() === 'error' ? problems.push(message.text()) : undefined));
      page.on('request', (request) => (request.url().startsWith('file:') ? undefined : problems.push(request.url())));
      await page.goto(`file://${file}`);
      const rows = await page.$$eval('tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent ?? ''));
      assert.deepEqual(rows, [...new Set(json.tests.map((t) => t.command))]);
      assert.match((await page.textContent('body')) ?? '', new RegExp(json.verdict.label));
      assert.deepEqual(problems, []);
      if (screenshots) await page.screenshot({ path: path.join(shots, 'network.png') });
      await page.close();
    } finally {
      await reflector.close();
    }
  });
});
