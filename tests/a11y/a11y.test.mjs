// Browser suite for the bundled Changzhou site in Debian's Chromium: for one page of every
// kind, no axe-core violations at WCAG 2.1 AA, no horizontal scroll at 320 px, no console
// errors, no broken internal links or images; a quiz answered from the keyboard and scored;
// the print view (media emulation). Saves screenshots of the home page. Then, in the
// normal mode, both larger sizes (/elder/ 大字, /elder-xl/ 特大字) and with the system asking for
// more contrast: axe, no sideways scrolling at 200 % and 400 % zoom (640 and 320 CSS px), line
// height ≥ 1.3 and paragraph spacing ≥ 1.3 × line height, the mode switch in the header, and a
// Tab walk (skip link first, focus always visible, no trap). Last, a government-profile build
// of the same site: every page carries the <meta> set and the footer's filing links.
//
// Run: bash tests/a11y/run.sh   (builds the binary and the site, installs what is missing)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, mkdirSync, cpSync, readdirSync } from 'node:fs';
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

async function open(path, width = 1280, contrast = 'no-preference') {
  const page = await browser.newPage({ viewport: { width, height: 800 }, contrast });
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

// ---- 适老化 in every mode (issue #19) ------------------------------------------------------

// The levels of 长者模式 (URL prefixes), and one page of each kind to look at in each.
const MODES = { '标准': '', '大字': '/elder', '特大字': '/elder-xl' };
const MODE_PAGES = ['/', '/plan/', '/plan/ensure/task-01/', '/districts/wujin/', '/carriers/sample-enterprise/', '/learn/why-save-water/', '/search/'];

async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
}

for (const [mode, prefix] of Object.entries(MODES)) {
  test(`${mode}: axe AA, zoom 200 % and 400 % without sideways scrolling, the switch marks it`, async () => {
    for (const path of MODE_PAGES) {
      const url = prefix + path;
      const { page, errors } = await open(url);
      assert.deepEqual(await axeViolations(page), [], `axe violations on ${url}`);
      // 200 % and 400 % of a 1280 px window: 640 and 320 CSS px.
      for (const width of [640, 320]) {
        await page.setViewportSize({ width, height: 640 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px at ${width} px`);
      }
      const links = await page.evaluate(() => [...document.querySelectorAll('.site-header [data-mode]')]
        .map((a) => ({ mode: a.dataset.mode, current: a.getAttribute('aria-current'), href: a.getAttribute('href'), shown: a.offsetParent !== null })));
      assert.equal(links.length, 3, `${url}: the mode switch`);
      assert.ok(links.every((l) => l.shown), `${url}: the switch is visible`);
      const current = links.filter((l) => l.current === 'page').map((l) => l.mode);
      assert.deepEqual(current, [prefix === '' ? 'standard' : prefix.slice(1)], `${url}: the current level`);
      for (const l of links) {
        const level = l.mode === 'standard' ? '' : '/' + l.mode;
        assert.equal(new URL(l.href).pathname, level + path, `${url}: ${l.mode} leads to the same page`);
      }
      assert.deepEqual(errors, [], `console errors on ${url}`);
      await page.close();
    }
  });

  test(`${mode}: line height ≥ 1.3 and paragraph spacing ≥ 1.3 × line height; Tab walk`, async () => {
    for (const path of ['/', '/plan/ensure/task-01/', '/learn/why-save-water/']) {
      const url = prefix + path;
      const { page } = await open(url);
      const bad = await page.evaluate(() => [...document.querySelectorAll('main p')]
        .filter((p) => p.offsetParent !== null && p.textContent.trim() !== '' && p.nextElementSibling?.tagName === 'P')
        .map((p) => {
          const s = getComputedStyle(p);
          const fs = parseFloat(s.fontSize);
          const lh = s.lineHeight === 'normal' ? fs * 1.2 : parseFloat(s.lineHeight);
          return { text: p.textContent.trim().slice(0, 20), ratio: lh / fs, spacing: parseFloat(s.marginBottom) / lh };
        })
        .filter((m) => m.ratio < 1.3 || m.spacing < 1.3 - 0.01));
      assert.deepEqual(bad, [], `paragraphs too tight on ${url}`);
      await page.close();
    }
    await tabWalk(prefix + '/');
    await tabWalk(prefix + '/plan/ensure/task-01/');
  });
}

test('the system asking for more contrast: axe AA and darker colours on the standard pages', async () => {
  for (const path of ['/', '/plan/ensure/task-01/']) {
    const { page } = await open(path, 1280, 'more');
    assert.deepEqual(await axeViolations(page), [], `axe violations on ${path} (prefers-contrast: more)`);
    const ink = await page.evaluate(() => getComputedStyle(document.body).color);
    assert.equal(ink, 'rgb(0, 0, 0)', `${path}: text is black when more contrast is asked for`);
    await page.close();
  }
});

async function tabWalk(path) {
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
}

// ---- the government profile: <meta> set and footer on every page -------------------------

test('government profile: every page has the <meta> set and the footer filing links', () => {
  // The bundled site with sample filing numbers (not real ones: the shapes the rules ask for).
  const root = mkdtempSync(join(tmpdir(), 'jieshui-gov-'));
  for (const dir of ['content', 'data', 'themes']) {
    if (existsSync(join(repo, dir))) cpSync(join(repo, dir), join(root, dir), { recursive: true });
  }
  let yaml = readFileSync(join(repo, 'site.yaml'), 'utf8');
  for (const [key, value] of [['site_code', '"3204000001"'], ['icp', '苏ICP备12345678号-1'],
    ['police_record', '苏公网安备 32041102000123号'], ['contact', '0519-00000000']]) {
    const before = yaml;
    yaml = yaml.replace(new RegExp(`^(  ${key}:) ""`, 'm'), `$1 ${value}`);
    assert.notEqual(yaml, before, `site.yaml has an empty organization.${key} to fill`);
  }
  yaml = yaml.replace(/^(  contact:.*)$/m, '$1\n  conac_url: https://bszs.conac.cn/sitename?method=show&id=SAMPLE');
  writeFileSync(join(root, 'site.yaml'), yaml);
  const out = join(root, 'out');
  const built = spawnSync(bin, ['build', '--root', root, '--output-dir', out], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const pages = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) pages.push(p);
    }
  };
  walk(out);
  assert.ok(pages.length > 100, `only ${pages.length} pages`);
  const problems = [];
  const attr = (html, re) => (html.match(re) || [])[1];
  for (const file of pages) {
    const html = readFileSync(file, 'utf8');
    if (/<meta http-equiv="refresh"/.test(html)) continue; // an alias: it only redirects
    const name = file.slice(out.length);
    for (const meta of ['SiteName', 'SiteDomain', 'SiteIDCode']) {
      const value = attr(html, new RegExp(`<meta name="${meta}" content="([^"]*)"`));
      if (!value) problems.push(`${name}: no ${meta}`);
    }
    if (attr(html, /<meta name="SiteIDCode" content="([^"]*)"/) !== '3204000001') problems.push(`${name}: SiteIDCode`);
    if (!html.includes('<a href="https://beian.miit.gov.cn/" rel="noopener">苏ICP备12345678号-1</a>')) problems.push(`${name}: ICP link`);
    if (!html.includes('<a href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=32041102000123" rel="noopener">')) problems.push(`${name}: 公安 link`);
    if (!html.includes('<dd>3204000001</dd>')) problems.push(`${name}: 网站标识码`);
    if (!html.includes('https://bszs.conac.cn/sitename?method=show&amp;id=SAMPLE')) problems.push(`${name}: 党政机关网站标识`);
  }
  // A section page names its column; an article also itself and its source.
  const section = readFileSync(join(out, 'plan', 'index.html'), 'utf8');
  if (!attr(section, /<meta name="ColumnName" content="([^"]+)"/)) problems.push('/plan/: no ColumnName');
  const article = readFileSync(join(out, 'plan', 'ensure', 'task-01', 'index.html'), 'utf8');
  for (const meta of ['ColumnName', 'ColumnType', 'ArticleTitle', 'ContentSource']) {
    if (!attr(article, new RegExp(`<meta name="${meta}" content="([^"]+)"`))) problems.push(`/plan/ensure/task-01/: no ${meta}`);
  }
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
});
