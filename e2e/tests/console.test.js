// Console: log in, to-do list, navigation, log out; wrong password shows the Chinese error;
// the console also works on a phone with JavaScript disabled.
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

const onPath = (p) => (u) => u.pathname === p;

test('xilian-office logs in, sees the overdue to-do list, and logs out (desktop)', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    const res = await h.login(page, server.base, 'xilian-office');
    await h.expectOk(page, res, 'login as xilian-office');
    assert.equal(new URL(page.url()).pathname, '/console', `login should land on /console, ${await h.describe(page, res)}`);
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /待办事项/ }).waitFor();
    const overdue = page.locator('tr.overdue');
    await overdue.first().waitFor();
    assert.ok(await overdue.count() >= 1, 'expected at least one overdue to-do row');
    await overdue.first().getByText('已逾期').waitFor();
    await page.locator('.console-header .who').getByText('党政办干事').waitFor();
    await h.screenshot(page, 'console-home-desktop');

    // At desktop width the console navigation is shown without opening the menu.
    const nav = page.getByRole('navigation', { name: '工作台导航' });
    const todoLink = nav.getByRole('link', { name: '待办事项', exact: true });
    await todoLink.waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL(onPath('/console/todo'), { waitUntil: 'load' }), todoLink.click()]);
    await page.getByRole('heading', { level: 1, name: '待办事项' }).waitFor();
    await page.locator('tr.overdue').first().waitFor();
    assert.equal(await nav.getByRole('link', { name: '待办事项', exact: true }).getAttribute('aria-current'), 'page');

    // Log out with the header form button.
    await Promise.all([
      page.waitForURL(onPath('/login'), { waitUntil: 'load' }),
      page.getByRole('button', { name: '退出登录' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();

    // The session is gone: the console no longer opens.
    const after = await h.goto(page, `${server.base}/console`);
    assert.ok(new URL(page.url()).pathname === '/login' || after.status() === 401,
      `after logout /console should require login, ${await h.describe(page, after)}`);
  } finally {
    await context.close();
  }
});

test('a wrong password shows the Chinese error and keeps the user on the login page', { timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    const res = await h.login(page, server.base, 'xilian-leader', 'not-the-password');
    assert.equal(new URL(page.url()).pathname, '/login', `stayed on the login page? ${await h.describe(page, res)}`);
    assert.ok(res.status() >= 400 && res.status() < 500, `expected a 4xx answer, got ${res.status()}`);
    const alert = page.locator('#login-error');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), '用户名或密码错误');
    assert.equal(await alert.getAttribute('role'), 'alert');
    // The username is kept (and described by the error); the password is not.
    assert.equal(await page.locator('#username').inputValue(), 'xilian-leader');
    assert.equal(await page.locator('#username').getAttribute('aria-describedby'), 'login-error');
    assert.equal(await page.locator('#password').inputValue(), '');
    await h.screenshot(page, 'login-error-desktop');
  } finally {
    await context.close();
  }
});

test('the console works on a phone with JavaScript disabled (login, menu, logout)', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  try {
    const res = await h.login(page, server.base, 'xilian-office');
    await h.expectOk(page, res, 'login as xilian-office without JavaScript');
    assert.equal(new URL(page.url()).pathname, '/console');
    await page.locator('tr.overdue').first().waitFor();
    // On a phone the navigation sits in a <details> menu that opens without any script.
    const menu = page.locator('details.menu');
    const todoLink = menu.getByRole('link', { name: '待办事项', exact: true });
    assert.equal(await todoLink.isVisible(), false, 'the phone menu starts closed');
    await menu.locator('summary').click();
    await todoLink.waitFor({ state: 'visible' });
    await h.screenshot(page, 'console-home-phone-nojs-menu');
    await Promise.all([page.waitForURL(onPath('/console/todo'), { waitUntil: 'load' }), todoLink.click()]);
    await page.getByRole('heading', { level: 1, name: '待办事项' }).waitFor();
    await Promise.all([
      page.waitForURL(onPath('/login'), { waitUntil: 'load' }),
      page.getByRole('button', { name: '退出登录' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  } finally {
    await context.close();
  }
});
