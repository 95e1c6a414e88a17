// The default theme's offline search in headless Chromium: over http under a subpath, and
// from file:// with relative_urls. Run with `bash tests/browser/run.sh` (see README.md).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFixture, launch, serve, tempDir, watchedPage } from './site.mjs';

const TIMEOUT = { timeout: 60_000 };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Submits `query` on the search page and waits for the outcome; returns result titles. */
async function search(page, query, { typed = false } = {}) {
  const input = page.locator('#search-q');
  await input.fill('');
  if (typed) {
    await input.pressSequentially(query, { delay: 30 });
  } else {
    await input.fill(query);
    await input.press('Enter');
  }
  await page.waitForFunction(
    (q) => {
      const status = document.querySelector('.search-status')?.textContent || '';
      return new URL(location.href).searchParams.get('q') === q && /找到/.test(status) && !/正在/.test(status);
    },
    query,
    { timeout: 15_000 },
  );
  return titles(page);
}

function titles(page) {
  return page.$$eval('.search-result-title', (els) => els.map((e) => e.textContent));
}

function status(page) {
  return page.locator('.search-status').textContent();
}

/** The checks shared by both ways of opening the site. */
function searchChecks(ctx) {
  test('a two-character query typed in finds the pages holding it, title hits first', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.searchUrl);
    const found = await search(page, '节水', { typed: true });
    assert.equal(found[0], '家庭节水小窍门', `title hit ranks first: ${found}`);
    assert.ok(found.includes('世界水日主题宣传活动'), `found: ${found}`);
    assert.ok(!found.includes('雨水收集利用'), `found: ${found}`);
    assert.match(await status(page), /找到 \d+ 个结果/);
    const marks = await page.$$eval('.search-results mark', (els) => els.map((e) => e.textContent));
    assert.ok(marks.length > 0 && marks.every((m) => m === '节水'), `marks: ${marks}`);
    const excerpt = await page.locator('.search-result-excerpt').first().textContent();
    assert.ok(excerpt.includes('节水'), excerpt);
  });

  test('a one-character query finds the page by its single character', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.searchUrl);
    assert.deepEqual(await search(page, '雨'), ['雨水收集利用']);
  });

  test('Latin words match whole, whatever their case or width', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.searchUrl);
    assert.deepEqual(await search(page, 'RAINWATER'), ['雨水收集利用']);
    assert.deepEqual(await search(page, 'ｈａｒｖｅｓｔｉｎｇ'), ['雨水收集利用']);
    const marks = await page.$$eval('.search-results mark', (els) => els.map((e) => e.textContent));
    assert.deepEqual(marks, ['Harvesting']);
  });

  test('a query that matches nothing says so', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.searchUrl);
    assert.deepEqual(await search(page, '沙漠'), []);
    assert.match(await status(page), /没有找到/);
  });

  test('a result links to its page', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.searchUrl);
    await search(page, '雨');
    const from = page.url();
    await Promise.all([
      page.waitForURL((u) => u.href !== from, { waitUntil: 'load' }),
      page.locator('.search-result-title').first().click(),
    ]);
    assert.match(await page.title(), /雨水收集利用/);
    assert.ok(page.url().startsWith(ctx.siteUrl), page.url());
  });

  test('?q= in the address runs the search', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(`${ctx.searchUrl}?q=${encodeURIComponent('雨水')}`);
    await page.waitForSelector('.search-result-title');
    assert.deepEqual(await titles(page), ['雨水收集利用']);
    assert.equal(await page.locator('#search-q').inputValue(), '雨水');
  });

  test('indexed text is shown as text, never as markup', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.searchUrl);
    const found = await search(page, '漏损');
    assert.deepEqual(found, ['<img src=x onerror=window.__xss=1>管网漏损检测']);
    assert.equal(await page.locator('.search-results img, .search-results script, .search-results b').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  test('the search box in the page header submits to the search page with ?q=', TIMEOUT, async () => {
    const { page } = ctx;
    await page.goto(ctx.boxUrl);
    await page.locator('#search-box-q').fill('节水');
    await Promise.all([page.waitForURL(/[?&]q=/), page.locator('#search-box-q').press('Enter')]);
    await page.waitForSelector('.search-result-title');
    assert.ok((await titles(page)).includes('家庭节水小窍门'));
  });

  test('only local <script> loads, no fetch/XHR, no outside requests, no errors', TIMEOUT, () => {
    const { log } = ctx;
    const kinds = new Set(log.requests.map((r) => r.type));
    assert.ok(!kinds.has('fetch') && !kinds.has('xhr'), [...kinds].join(','));
    assert.ok(log.requests.some((r) => /\/search\/t-\d+\.js/.test(r.url)), 'term shards loaded');
    assert.ok(log.requests.some((r) => /\/search\/d-\d+\.js/.test(r.url)), 'document shards loaded');
    assert.deepEqual(log.outside, []);
    assert.deepEqual(log.errors, []);
  });
}

describe('over http under a subpath', () => {
  const ctx = {};
  let tmp;
  let server;
  let context;
  before(async () => {
    tmp = tempDir();
    server = await serve('/sub/');
    const base = `http://127.0.0.1:${server.port}/sub/`;
    server.root = buildFixture(tmp.dir, { baseUrl: base, relative: false });
    context = await browser.newContext();
    Object.assign(ctx, await watchedPage(context));
    ctx.siteUrl = base;
    ctx.searchUrl = `${base}search/`;
    ctx.boxUrl = `${base}news/`;
  });
  after(async () => {
    await context?.close();
    await server?.close();
    tmp?.cleanup();
  });

  searchChecks(ctx);

  test('without JavaScript the page says so and links to the list of sections on the home page', TIMEOUT, async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await page.goto(ctx.searchUrl);
      const note = page.locator('.search-noscript');
      assert.match(await note.textContent(), /JavaScript/);
      assert.equal(await note.locator('a').getAttribute('href'), `${ctx.siteUrl}#subsections-title`);
    } finally {
      await noJs.close();
    }
  });
});

describe('from file:// with relative_urls', () => {
  const ctx = {};
  let tmp;
  let context;
  before(async () => {
    tmp = tempDir();
    const out = buildFixture(tmp.dir, { relative: true });
    context = await browser.newContext();
    Object.assign(ctx, await watchedPage(context));
    ctx.siteUrl = pathToFileURL(out).href;
    ctx.searchUrl = pathToFileURL(join(out, 'search', 'index.html')).href;
    ctx.boxUrl = pathToFileURL(join(out, 'news', 'index.html')).href;
  });
  after(async () => {
    await context?.close();
    tmp?.cleanup();
  });

  searchChecks(ctx);
});
