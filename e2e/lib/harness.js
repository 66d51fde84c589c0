// Shared helpers for the browser tests: start the fazhi demo server on a free
// port with a fresh data dir, launch Debian's headless chromium, log in, run axe.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const E2E_DIR = path.resolve(__dirname, '..');
const RESULTS_DIR = path.join(E2E_DIR, 'test-results');
const FAZHI_BIN = path.resolve(E2E_DIR, process.env.FAZHI_BIN || '../target/debug/fazhi');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const PASSWORD = 'fazhi-demo';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

// Generous: a loaded CI machine has 2 cores shared by cargo, chromium and the server.
const NAV_TIMEOUT = 60_000;
const ACTION_TIMEOUT = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base, child, log, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`fazhi exited early (${child.exitCode ?? child.signalCode}):\n${log.join('')}`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(200);
  }
  throw new Error(`fazhi did not answer ${base}/healthz within ${timeoutMs} ms:\n${log.join('')}`);
}

/** Starts `fazhi --data-dir <tmp> demo --listen 127.0.0.1:<port>`; returns { base, stop }. */
async function startServer() {
  if (!fs.existsSync(FAZHI_BIN)) {
    throw new Error(`server binary not found: ${FAZHI_BIN} (build it with \`cargo build -p fazhi\` or set FAZHI_BIN)`);
  }
  let lastErr;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-e2e-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const log = [];
    const child = spawn(FAZHI_BIN, ['--data-dir', dataDir, 'demo', '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' },
    });
    // Never leave a server behind, even if the test process dies on an error.
    const killOnExit = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } };
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    child.stdout.on('data', (d) => log.push(d.toString()));
    child.stderr.on('data', (d) => log.push(d.toString()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    try {
      await waitHealthy(base, child, log, 90_000);
      return { base, stop, log };
    } catch (e) {
      lastErr = e;
      await stop();
    }
  }
  throw lastErr;
}

async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM} (run e2e/run.sh, which installs it with apt)`);
  }
  // launch() uses a fresh temporary user data dir each time.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 120_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new context + page; options as for browser.newContext (viewport, javaScriptEnabled...). */
async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP, ...options });
  context.setDefaultNavigationTimeout(NAV_TIMEOUT);
  context.setDefaultTimeout(ACTION_TIMEOUT);
  const page = await context.newPage();
  return { context, page };
}

async function goto(page, url) {
  const res = await page.goto(url, { waitUntil: 'load' });
  if (!res) throw new Error(`no response for ${url}`);
  return res;
}

/** Logs in through the form; returns the response of the page it lands on. */
async function login(page, base, username, password = PASSWORD) {
  await goto(page, `${base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: '登录', exact: true }).click(),
  ]);
  return res;
}

/** Where the page is and what it shows, for assertion messages. */
async function describe(page, res) {
  const text = await page.locator('body').innerText({ timeout: 5000 }).catch(() => '(no body)');
  return `at ${page.url()}${res ? ` (HTTP ${res.status()})` : ''}:\n${text.slice(0, 800)}`;
}

/** Asserts the response is a 2xx page, printing what the page shows otherwise. */
async function expectOk(page, res, what) {
  if (!res || res.status() >= 400) throw new Error(`${what} failed ${await describe(page, res)}`);
}

async function screenshot(page, name) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = require('axe-core').source;

/**
 * Runs axe-core on the current page. The server's CSP (script-src 'self') blocks
 * inline <script> tags, so axe is evaluated through the DevTools protocol instead
 * of page.addScriptTag. Returns violations of impact serious or critical.
 */
async function axeSerious(page) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function formatViolations(label, violations) {
  return violations.map((v) => [
    `[${label}] ${v.impact}: ${v.id} — ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 10).map((n) => `    ${n.target}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

/** document.scrollingElement.scrollWidth, i.e. the page's real width (horizontal overflow check). */
function scrollWidth(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth);
}

/**
 * The checks every visited page gets: no serious axe violation (skipped with `axe: false` for
 * pages opened without JavaScript, where axe cannot run), no horizontal overflow on a phone,
 * and a screenshot to look at.
 */
async function checkPage(page, label, viewport, { axe = true } = {}) {
  const assert = require('node:assert/strict');
  if (axe) {
    const violations = await axeSerious(page);
    assert.deepEqual(violations, [], formatViolations(label, violations));
  }
  if (viewport === PHONE) {
    const width = await scrollWidth(page);
    assert.ok(width <= PHONE.width, `${label}: page is ${width}px wide on a ${PHONE.width}px screen`);
  }
  await screenshot(page, label);
}

module.exports = {
  DESKTOP, PHONE, PASSWORD, RESULTS_DIR,
  startServer, launchBrowser, newPage, goto, login, describe, expectOk, screenshot, axeSerious, formatViolations, scrollWidth,
  checkPage,
};
