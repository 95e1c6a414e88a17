// Browser suite for the bundled Changzhou site in Debian's Chromium: for one page of every
// kind, no axe-core violations at WCAG 2.1 AA, no horizontal scroll at 320 px, no console
// errors, no broken internal links or images; a quiz answered from the keyboard and scored;
// the print view (media emulation). Saves screenshots of the home page. Then, in the
// normal and elder modes: line height ≥ 1.3 and paragraph spacing ≥ 1.3 × line height, and a Tab
// walk (skip link first, focus always visible, no trap).
//
// Run: bash tests/a11y/run.sh   (builds the binary and the site, installs what is missing)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, existsSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const bin = process.env.JIESHUI_BIN || join(repo, 'target', 'debug', 'jieshui');
const shots = join(repo, 'target', 'screenshots');

const PAGES = {
  home: '/',
  section: '/plan/',
  'plan task': '/plan/ensure/task-01/',
  district: '/districts/wujin/',
  unit: '/units/slj/',
  carrier: '/carriers/sample-enterprise/',
  'pupil page with pinyin': '/learn/why-save-water/',
  quiz: '/quizzes/jieshui-xiaoceyan/',
  'page with a quiz': '/students/shaonianxing/',
  search: '/search/',
  '404': '/no-such-page/',
  '长者模式': '/elder/',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.ics': 'text/calendar; charset=utf-8', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8', '.json': 'application/json',
};

let server, base, browser, out;

function serve(root) {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(root, path);
    if (!file.startsWith(root)) { res.writeHead(400); return res.end(); }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      return res.end(readFileSync(join(root, '404.html')));
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
}

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'jieshui-a11y-'));
  server = serve(out);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  const built = spawnSync(bin, ['build', '--root', repo, '--output-dir', join(out, 'site'), '--base-url', base + '/'], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  // Serve the site at the root.
  server.close();
  server = serve(join(out, 'site'));
  await new Promise((r) => server.listen(Number(new URL(base).port), '127.0.0.1', r));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function open(path, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(base + path, { waitUntil: 'load' });
  return { page, errors, response };
}

for (const [kind, path] of Object.entries(PAGES)) {
  test(`${kind} (${path}): axe WCAG 2.1 AA, 320 px, console, links`, async () => {
    const { page, errors, response } = await open(path);
    assert.equal(response.status(), kind === '404' ? 404 : 200);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
    assert.deepEqual(violations, [], `axe violations on ${path}`);

    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 320 px`);

    const urls = await page.evaluate(() => [
      ...[...document.querySelectorAll('a[href]')].map((a) => a.href),
      ...[...document.querySelectorAll('img[src], script[src]')].map((e) => e.src),
      ...[...document.querySelectorAll('link[href]')].map((e) => e.href),
    ]);
    // The page's own URL (skip links, `#main`) is the one under test, not a link to check.
    const internal = [...new Set(urls.filter((u) => u.startsWith(base)).map((u) => u.split('#')[0]))].filter((u) => u !== base + path);
    const broken = [];
    for (const url of internal) {
      const r = await fetch(url);
      if (r.status !== 200) broken.push(`${url} → ${r.status}`);
    }
    assert.deepEqual(broken, [], `broken links on ${path}`);
    // The 404 page is itself a 404 response, which Chromium logs as a failed load (its links and
    // images were checked above).
    const real = kind === '404' ? errors.filter((e) => !e.startsWith('Failed to load resource: the server responded with a status of 404')) : errors;
    assert.deepEqual(real, [], `console errors on ${path}`);
    await page.close();
  });
}

test('quiz: answered from the keyboard and scored with script, in words', async () => {
  const { page, errors } = await open('/quizzes/jieshui-xiaoceyan/');
  // The first choice of question 1 is reached with Tab; arrow keys move within the group.
  const first = page.locator('#jieshui-xiaoceyan-1-A');
  await first.focus();
  await page.keyboard.press('ArrowDown'); // → B, the right answer
  assert.equal(await page.locator('#jieshui-xiaoceyan-1-B').isChecked(), true);
  const submit = page.getByRole('button', { name: '交卷，看看答对几题' });
  await submit.focus();
  await page.keyboard.press('Enter');
  const score = await page.locator('.quiz-score').textContent();
  assert.equal(score, '一共 6 题，答对了 1 题。');
  const feedback = await page.locator('.quiz-question').nth(0).locator('.quiz-feedback').textContent();
  assert.equal(feedback, '✓ 答对了！');
  const missed = await page.locator('.quiz-question').nth(1).locator('.quiz-feedback').textContent();
  assert.match(missed, /还没有选。正确答案是 C/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('quiz and pupil page print as a worksheet: no nav, QR code, answer key on its own page', async () => {
  const { page } = await open('/quizzes/jieshui-xiaoceyan/');
  await page.emulateMedia({ media: 'print' });
  const style = (sel, prop) => page.locator(sel).first().evaluate((e, p) => getComputedStyle(e)[p], prop);
  assert.equal(await style('.site-nav', 'display'), 'none');
  assert.equal(await style('.quiz-reveal', 'display'), 'none');
  assert.equal(await style('.quiz-key', 'display'), 'block');
  assert.equal(await style('.quiz-key', 'breakBefore'), 'page');
  assert.equal(await style('.print-qr', 'display'), 'flex');
  assert.equal(await page.locator('.print-qr svg').count(), 1);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await page.close();
  const pupil = await open('/learn/why-save-water/');
  await pupil.page.emulateMedia({ media: 'print' });
  assert.equal(await pupil.page.locator('.print-qr').evaluate((e) => getComputedStyle(e).display), 'flex');
  assert.equal(await pupil.page.locator('.site-nav').evaluate((e) => getComputedStyle(e).display), 'none');
  await pupil.page.close();
});

test('screenshots of the home page at 375 px and 1280 px', async () => {
  mkdirSync(shots, { recursive: true });
  for (const width of [375, 1280]) {
    const { page } = await open('/', width);
    await page.screenshot({ path: join(shots, `home-${width}.png`), fullPage: true });
    await page.close();
    assert.ok(existsSync(join(shots, `home-${width}.png`)));
  }
});

// 适老化 (issue #19): line height ≥ 1.3 and paragraph spacing ≥ 1.3 × line height (between a
// paragraph and the next one), in the normal and the elder mode.
for (const path of ['/', '/plan/ensure/task-01/', '/learn/why-save-water/', '/elder/', '/elder/plan/ensure/task-01/']) {
  test(`${path}: line height ≥ 1.3, paragraph spacing ≥ 1.3 × line height`, async () => {
    const { page } = await open(path);
    const bad = await page.evaluate(() => [...document.querySelectorAll('main p')]
      .filter((p) => p.offsetParent !== null && p.textContent.trim() !== '' && p.nextElementSibling?.tagName === 'P')
      .map((p) => {
        const s = getComputedStyle(p);
        const fs = parseFloat(s.fontSize);
        const lh = s.lineHeight === 'normal' ? fs * 1.2 : parseFloat(s.lineHeight);
        const mb = parseFloat(s.marginBottom);
        return { text: p.textContent.trim().slice(0, 20), ratio: lh / fs, spacing: mb / lh };
      })
      .filter((m) => m.ratio < 1.3 || m.spacing < 1.3 - 0.01));
    assert.deepEqual(bad, [], `paragraphs too tight on ${path}`);
    await page.close();
  });
}

// Keyboard: the first Tab reaches the skip link, every Tab moves focus to something visibly
// focused, and the walk goes through the page without being trapped (it comes back round).
for (const path of ['/', '/plan/ensure/task-01/', '/elder/']) {
  test(`${path}: Tab walk (skip link first, focus visible, no trap)`, async () => {
    const { page } = await open(path);
    const total = await page.evaluate(() => document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').length);
    const seen = [];
    for (let i = 0; i < total + 2; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const s = getComputedStyle(e);
        const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        return { tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 20), cls: e.className, visible, id: [...document.querySelectorAll('*')].indexOf(e) };
      });
      if (i === 0) assert.ok(f && /skip-link/.test(f.cls), `first Tab on ${path} reaches ${JSON.stringify(f)}, not the skip link`);
      if (f) {
        assert.ok(f.visible, `focus not visible on ${JSON.stringify(f)} (${path})`);
        seen.push(f.id);
      }
    }
    const distinct = new Set(seen).size;
    assert.ok(distinct >= Math.min(total, seen.length) - 1, `focus stuck on ${path}: ${distinct} distinct of ${seen.length}`);
    await page.close();
  });
}
