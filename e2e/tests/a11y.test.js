// axe-core on every page a visitor or staff member reaches, at desktop (1280) and phone (375)
// width. Fails on violations of impact serious or critical and prints them. Also saves a
// full-page screenshot of each page into e2e/test-results/.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

// [screenshot name, path, account (null = anonymous), h1 text (null: not checked), link to follow first]
const PAGES = [
  ['portal-home', '/', null, '法治政府建设公开门户'],
  ['portal-town', '/portal/440203103', null, '西联镇人民政府'],
  ['portal-search', '/search?q=%E5%8A%9E%E5%85%AC', null, '站内搜索'],
  ['login', '/login', null, '工作人员登录'],
  ['not-found', '/no-such-page', null, null],
  ['console-home', '/console', 'xilian-office', '工作台'],
  ['console-todo', '/console/todo', 'xilian-office', '待办事项'],
  ['console-search', '/console/search?q=%E5%9F%B9%E8%AE%AD', 'xilian-office', '全文检索'],
  ['console-calendar', '/console/calendar', 'xilian-office', '工作日历'],
  ['console-orgs', '/console/orgs', 'xilian-office', '组织机构'],
  ['console-account', '/console/account', 'xilian-office', '账号设置'],
  ['console-list-todos', '/console/lists/todos', 'xilian-office', '待办事项台账'],
  ['console-jobs', '/console/jobs', 'xilian-office', '导出任务'],
  ['console-attachments', '/console/attachments', 'xilian-office', '附件'],
  ['console-clock', '/console/todo', 'xilian-office', /^期限说明/, '期限说明'],
  ['admin-console-home', '/console', 'admin', '工作台'],
  ['admin-users', '/console/users', 'admin', '用户与授权'],
  ['admin-user-detail', '/console/users/1', 'admin', /（admin）/],
  ['admin-audit', '/console/audit', 'admin', '审计记录'],
  ['admin-orgs', '/console/orgs', 'admin', '组织机构'],
  ['admin-calendar', '/console/calendar', 'admin', '工作日历'],
  // 政务公开 (M2, proactive publication).
  ['portal-disclosure', '/portal/440203103/disclosure', null, '西联镇人民政府 政府信息公开'],
  ['portal-disclosure-guide', '/portal/440203103/disclosure/guide', null, '西联镇人民政府政府信息公开指南'],
  ['portal-disclosure-catalogue', '/portal/440203103/disclosure/catalogue?year=2021', null, /^政府信息公开目录/],
  ['portal-disclosure-item', '/search?q=%E4%BD%8E%E4%BF%9D&town=440203103', null, '西联镇2021年第一季度城乡最低生活保障对象名单公示', '西联镇2021年第一季度城乡最低生活保障对象名单公示'],
  ['console-disclosure', '/console/disclosure', 'xilian-office', '政务公开 · 主动公开'],
  ['console-disclosure-new', '/console/disclosure/items/new', 'xilian-office', '起草政务公开信息'],
  ['console-disclosure-review', '/console/disclosure', 'xilian-sifa', /征地补偿款发放情况公示$/, '征地补偿款发放情况公示'],
  ['console-disclosure-guide', '/console/disclosure/guide', 'xilian-office', /^政府信息公开指南/],
  ['console-disclosure-categories', '/console/disclosure/categories', 'xilian-office', /^政府信息公开目录分类/],
  ['console-disclosure-ledger', '/console/lists/disclosure_items', 'xilian-office', '政务公开信息台账'],
];

const VIEWPORTS = [['desktop', h.DESKTOP], ['phone', h.PHONE]];

let server;
let browser;
const contexts = new Map(); // `${account}@${viewport}` -> logged-in BrowserContext

before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  for (const c of contexts.values()) await c.close().catch(() => {});
  if (browser) await browser.close();
  if (server) await server.stop();
}, { timeout: 60_000 });

async function contextFor(account, vpName, viewport) {
  const key = `${account || 'anonymous'}@${vpName}`;
  if (!contexts.has(key)) {
    const phone = vpName === 'phone' ? { isMobile: true, hasTouch: true } : {};
    const { context, page } = await h.newPage(browser, { viewport, ...phone });
    if (account) {
      await h.login(page, server.base, account);
      assert.equal(new URL(page.url()).pathname, '/console', `${account} could not log in (at ${page.url()})`);
    }
    await page.close();
    contexts.set(key, context);
  }
  return contexts.get(key);
}

for (const [vpName, viewport] of VIEWPORTS) {
  for (const [name, path, account, heading, follow] of PAGES) {
    test(`axe: ${name} (${path}${follow ? ` → ${follow}` : ''}${account ? ` as ${account}` : ''}) @ ${vpName}`, { timeout: 120_000 }, async () => {
      const context = await contextFor(account, vpName, viewport);
      const page = await context.newPage();
      try {
        const res = await h.goto(page, server.base + path);
        if (name === 'not-found') {
          assert.equal(res.status(), 404);
        } else {
          assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
          // Console pages may move within /console (e.g. /console/audit → /console/lists/audit),
          // but must not bounce to the login page.
          const landed = new URL(page.url()).pathname;
          if (path.startsWith('/console')) assert.ok(landed.startsWith('/console'), `${path} ended at ${page.url()}`);
          else assert.equal(landed, path.split('?')[0], `${path} redirected to ${page.url()}`);
        }
        if (follow) {
          const link = page.locator('main').getByRole('link', { name: follow }).first();
          await link.waitFor();
          await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
        }
        if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await h.screenshot(page, `${name}-${vpName}`);

        const violations = await h.axeSerious(page);
        assert.deepEqual(violations.map((v) => v.id), [], `${path} @ ${vpName}: serious/critical axe violations:\n${h.formatViolations(path, violations)}`);

        if (vpName === 'phone') {
          const width = await h.scrollWidth(page);
          assert.ok(width <= viewport.width, `${path}: page is ${width}px wide on a ${viewport.width}px screen`);
        }
      } finally {
        await page.close();
      }
    });
  }
}
