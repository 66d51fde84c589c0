// Console: log in, to-do list, log out; wrong password shows the Chinese error.
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

test('xilian-office logs in, sees the overdue to-do list, and logs out', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    await h.login(page, server.base, 'xilian-office');
    assert.equal(new URL(page.url()).pathname, '/console', `after login landed on ${page.url()}`);
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /待办事项/ }).waitFor();
    const overdue = page.locator('tr.overdue');
    await overdue.first().waitFor();
    assert.ok(await overdue.count() >= 1, 'expected at least one overdue to-do row');
    await assert.doesNotReject(overdue.first().getByText('已逾期').waitFor(), 'overdue row carries the 已逾期 tag');
    // The header shows who is logged in.
    await page.locator('.console-header .who').getByText('党政办干事').waitFor();
    await h.screenshot(page, 'console-home-desktop');

    // The full to-do page.
    await h.goto(page, `${server.base}/console/todo`);
    await page.getByRole('heading', { level: 1, name: '待办事项' }).waitFor();
    await page.locator('tr.overdue').first().waitFor();

    // Log out via the header form button.
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login', { waitUntil: 'load' }),
      page.getByRole('button', { name: '退出登录' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();

    // The session is gone: the console sends us back to the login page.
    const res = await h.goto(page, `${server.base}/console`);
    const path = new URL(page.url()).pathname;
    assert.ok(path === '/login' || res.status() === 401,
      `after logout /console should require login, got ${res.status()} at ${page.url()}`);
  } finally {
    await context.close();
  }
});

test('a wrong password shows the Chinese error and keeps the user on the login page', { timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    await h.login(page, server.base, 'xilian-office', 'not-the-password');
    assert.equal(new URL(page.url()).pathname, '/login');
    const alert = page.locator('#login-error');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), '用户名或密码错误');
    assert.equal(await alert.getAttribute('role'), 'alert');
    // The username is kept, the password is not.
    assert.equal(await page.locator('#username').inputValue(), 'xilian-office');
    assert.equal(await page.locator('#password').inputValue(), '');
    await h.screenshot(page, 'login-error-desktop');
  } finally {
    await context.close();
  }
});

test('the console works with JavaScript disabled on a phone (login, menu, logout)', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, javaScriptEnabled: false, isMobile: true, hasTouch: true });
  try {
    await h.login(page, server.base, 'xilian-office');
    assert.equal(new URL(page.url()).pathname, '/console');
    await page.locator('tr.overdue').first().waitFor();
    // The navigation menu is a <details>: it opens without any script.
    const menu = page.locator('details.menu');
    await menu.locator('summary').click();
    const todoLink = menu.getByRole('link', { name: '待办事项' });
    await todoLink.waitFor({ state: 'visible' });
    await h.screenshot(page, 'console-home-phone-nojs-menu');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/console/todo', { waitUntil: 'load' }),
      todoLink.click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '待办事项' }).waitFor();
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login', { waitUntil: 'load' }),
      page.getByRole('button', { name: '退出登录' }).click(),
    ]);
  } finally {
    await context.close();
  }
});
