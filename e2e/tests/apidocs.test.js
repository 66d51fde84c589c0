// /api/docs: the vendored Swagger UI renders this server's OpenAPI document under its CSP.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

let server;
let browser;

before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
}, { timeout: 60_000 });

test('the vendored Swagger UI assets are served', { timeout: 60_000 }, async () => {
  for (const [file, type] of [['swagger-ui-bundle.js', 'text/javascript'], ['swagger-ui.css', 'text/css'], ['swagger.js', 'text/javascript']]) {
    const res = await fetch(`${server.base}/assets/${file}`);
    assert.equal(res.status, 200, `/assets/${file}`);
    assert.match(res.headers.get('content-type'), new RegExp(`^${type}`), `/assets/${file} content type`);
    assert.ok((await res.arrayBuffer()).byteLength > 100, `/assets/${file} is not empty`);
  }
});

test('/api/docs shows the operations, including POST /auth/login, and can try it out', { timeout: 180_000 }, async (t) => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  const pageErrors = [];
  const consoleErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  try {
    const res = await h.goto(page, `${server.base}/api/docs`);
    assert.equal(res.status(), 200);
    const op = page.locator('.opblock').filter({ has: page.locator('.opblock-summary-path', { hasText: /^\/auth\/login$/ }) });
    await op.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await op.locator('.opblock-summary-method').innerText(), /POST/);
    assert.ok(await page.locator('.opblock').count() >= 5, 'several operations are listed');
    await h.screenshot(page, 'api-docs-desktop');

    // Expand it and run it against this server (same origin, so the CSP allows the call).
    await op.locator('.opblock-summary-control').click();
    await op.getByRole('button', { name: 'Try it out' }).click();
    await op.locator('textarea.body-param__text').fill(JSON.stringify({ username: 'xilian-office', password: h.PASSWORD }));
    await op.getByRole('button', { name: 'Execute' }).click();
    const status = op.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: 60_000 });
    assert.equal((await status.innerText()).trim(), '200');

    assert.deepEqual(pageErrors, [], 'no uncaught script errors on /api/docs');
    // Not failures: reported so that CSP breakage shows up in the log.
    for (const e of consoleErrors) t.diagnostic(`console error on /api/docs: ${e.slice(0, 200)}`);
    // Swagger UI is third-party markup: its axe findings are reported, not enforced.
    const violations = await h.axeSerious(page);
    for (const v of violations) t.diagnostic(`axe (Swagger UI, not enforced): ${v.impact} ${v.id} x${v.nodes.length}`);
  } finally {
    await context.close();
  }
});
