// Helpers for the browser tests: build the fixture site with the jieshui binary, serve a
// folder over http under a subpath, and launch Debian's Chromium through playwright-core.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');

/** The jieshui binary: $JIESHUI_BIN, else target/release or target/debug (newest). */
export function binary() {
  if (process.env.JIESHUI_BIN) return process.env.JIESHUI_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(repo, 'target');
  const found = ['release', 'debug']
    .map((p) => join(target, p, 'jieshui'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found.length) throw new Error('no jieshui binary: run `cargo build` or set JIESHUI_BIN');
  return found[0];
}

/** A temporary folder, removed by the returned cleanup function. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'jieshui-browser-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies tests/browser/fixture and the repo's default theme to `into/site`, builds it to
 * `into/out` and returns the output folder.
 */
export function buildFixture(into, { baseUrl, relative }) {
  const root = join(into, 'site');
  const out = join(into, 'out');
  cpSync(join(here, 'fixture'), root, { recursive: true });
  cpSync(join(repo, 'themes', 'default'), join(root, 'themes', 'default'), { recursive: true });
  const yaml = join(root, 'site.yaml');
  writeFileSync(
    yaml,
    readFileSync(yaml, 'utf8').replace(/^relative_urls: .*$/m, `relative_urls: ${relative}`),
  );
  const args = ['build', '--root', root, '--output-dir', out];
  if (baseUrl) args.push('--base-url', baseUrl);
  const run = spawnSync(binary(), args, { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`jieshui build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * A static file server on 127.0.0.1 (a free port) serving `state.root` under `prefix`.
 * Set `state.root` once the site is built (the port is needed for base_url first).
 */
export async function serve(prefix) {
  const state = { root: null, port: 0, close: null };
  const server = createServer((req, res) => {
    const fail = (code) => {
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(String(code));
    };
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return fail(400);
    }
    if (!state.root || !path.startsWith(prefix)) return fail(404);
    let file = resolve(state.root, '.' + sep + path.slice(prefix.length));
    if (file !== state.root && !file.startsWith(state.root + sep)) return fail(403);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' });
        return res.end();
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file)) return fail(404);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  state.port = server.address().port;
  state.close = () => new Promise((ok) => server.close(ok));
  return state;
}

/** Debian's Chromium, headless, without any network service of its own. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page that records what it requests: every request must be a local file or the test
 * server, and none may be fetch/XHR (the index loads through <script> elements).
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  const log = { requests: [], outside: [], errors: [] };
  await context.route(
    (url) => !(url.protocol === 'file:' || url.hostname === '127.0.0.1'),
    (route) => {
      log.outside.push(route.request().url());
      return route.abort();
    },
  );
  page.on('request', (r) => log.requests.push({ url: r.url(), type: r.resourceType() }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  return { page, log };
}
