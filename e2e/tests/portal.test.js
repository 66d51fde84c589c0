// Public portal on a phone: no horizontal overflow, and everything works without JavaScript.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

const TOWN = '/portal/440203103'; // 西联镇

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

for (const [name, path, heading] of [
  ['portal home', '/', '法治政府建设公开门户'],
  ['西联镇 portal', TOWN, '西联镇人民政府'],
]) {
  test(`${name} fits a 375px phone screen without horizontal overflow`, { timeout: 120_000 }, async () => {
    const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
    try {
      const res = await h.goto(page, server.base + path);
      assert.equal(res.status(), 200);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const width = await h.scrollWidth(page);
      await h.screenshot(page, `${path === '/' ? 'portal-home' : 'portal-town'}-phone`);
      assert.ok(width <= h.PHONE.width, `${path}: page is ${width}px wide on a ${h.PHONE.width}px screen`);
    } finally {
      await context.close();
    }
  });
}

test('the portal works with JavaScript disabled: home → 西联镇 → town search', { timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  try {
    const res = await h.goto(page, `${server.base}/`);
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { level: 1, name: '法治政府建设公开门户' }).waitFor();

    await Promise.all([
      page.waitForURL((u) => u.pathname === TOWN, { waitUntil: 'load' }),
      page.getByRole('link', { name: '西联镇', exact: true }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '西联镇人民政府' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '机构信息' }).waitFor();
    await page.getByText('办公地址').waitFor();
    await h.screenshot(page, 'portal-town-phone-nojs');

    // The town search is a plain GET form scoped to this town.
    await page.getByRole('searchbox').or(page.locator('#q')).first().fill('办公');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/search', { waitUntil: 'load' }),
      page.getByRole('button', { name: '搜索' }).click(),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('town'), '440203103');
    // Published 政务公开 items also match; the town's own page is among the hits.
    const hit = page.locator(`ol.results li a[href="${TOWN}"]`).first();
    await hit.waitFor();
    assert.match(await hit.textContent(), /西联镇/);
    assert.ok(await page.locator('ol.results li a').evaluateAll((as) => as.every((a) => a.getAttribute('href').startsWith('/portal/440203103'))), 'only this town');
    await h.screenshot(page, 'portal-search-phone-nojs');

    // The staff login page is reachable from the portal header.
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login', { waitUntil: 'load' }),
      page.getByRole('navigation', { name: '门户导航' }).getByRole('link', { name: '工作人员登录' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  } finally {
    await context.close();
  }
});
