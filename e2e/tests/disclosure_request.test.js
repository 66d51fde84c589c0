// 依申请公开 end to end: a member of the public files a request on a phone-width page with
// JavaScript off, gets the tracking code and secret, tracks it (a wrong secret is refused);
// the town office logs in and answers it; the applicant then sees the answer. axe on every page.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

const TOWN = '/portal/440203103'; // 西联镇

let server;
let browser;
/** Filled by the first test: { code, secret }. */
const filed = {};

before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
}, { timeout: 240_000 });

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
}, { timeout: 60_000 });

const checkPage = h.checkPage;

test('the public files a request on a phone, gets a code and a secret, and tracks it', { timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    let res = await h.goto(page, `${server.base}${TOWN}`);
    await h.expectOk(page, res, 'town portal');
    await Promise.all([
      page.waitForURL((u) => u.pathname === `${TOWN}/disclosure/apply`, { waitUntil: 'load' }),
      page.getByRole('link', { name: '在线申请政府信息公开' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '在线申请政府信息公开' }).waitFor();
    await checkPage(page, 'request-apply-phone', h.PHONE);

    await page.getByLabel('申请人类型').selectOption('natural_person');
    await page.getByLabel('姓名或者名称').fill('测试申请人');
    await page.getByLabel('身份证明').fill('440203199001011231');
    await page.getByLabel('联系电话').fill('13912345678');
    await page.getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述').fill('西联镇本年度农村低保对象名单及发放标准');
    await page.getByLabel('信息的载体形式').selectOption('electronic');
    await page.getByLabel('获取信息的方式').selectOption('online');
    [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: '提交申请' }).click(),
    ]);
    await h.expectOk(page, res, 'submit the request');
    await page.getByRole('heading', { level: 1, name: '申请已提交' }).waitFor();
    filed.code = (await page.locator('#tracking-code').textContent()).trim();
    filed.secret = (await page.locator('#tracking-secret').textContent()).trim();
    assert.match(filed.code, /^XL\d{4}-\d{6}$/);
    assert.match(filed.secret, /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    await checkPage(page, 'request-done-phone', h.PHONE);

    // Tracking: the code is filled in from the link; a wrong secret is refused without detail.
    await Promise.all([
      page.waitForURL((u) => u.pathname === `${TOWN}/disclosure/track`, { waitUntil: 'load' }),
      page.getByRole('link', { name: '查询办理进度' }).click(),
    ]);
    assert.equal(await page.locator('#code').inputValue(), filed.code);
    await page.locator('#secret').fill('aaaa-bbbb-cccc-dddd');
    [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '查询', exact: true }).click()]);
    assert.equal(res.status(), 403);
    await page.getByRole('alert').getByText('不匹配').waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes('低保'), 'nothing of the request is shown');
    await checkPage(page, 'request-track-refused-phone', h.PHONE);

    await page.locator('#code').fill(filed.code);
    await page.locator('#secret').fill(filed.secret);
    [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '查询', exact: true }).click()]);
    await h.expectOk(page, res, 'track with the secret');
    await page.getByRole('heading', { level: 1, name: '申请办理进度' }).waitFor();
    await page.getByText('已收到', { exact: true }).first().waitFor();
    assert.match(await page.locator('#due-text').textContent(), /^\d{4}-\d{2}-\d{2}$/);
    const lines = await page.locator('ol.explain li').allTextContents();
    assert.ok(lines.some((l) => l.includes('当日不计入')), `explanation: ${lines.join(' / ')}`);
    assert.ok((await page.locator('body').innerText()).includes('测****'), 'the name is masked');
    await checkPage(page, 'request-track-phone', h.PHONE);
  } finally {
    await context.close();
  }
});

test('filing and tracking work with JavaScript disabled (phone, tracked by phone number)', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  try {
    await h.goto(page, `${server.base}${TOWN}/disclosure/apply`);
    await page.getByLabel('申请人类型').selectOption('commercial_enterprise');
    await page.getByLabel('姓名或者名称').fill('韶关市测试贸易有限公司');
    await page.getByLabel('身份证明').fill('91440203MA4W00011W');
    await page.getByLabel('联系电话').fill('0751-8123456');
    await page.getByLabel('通信地址（选择邮寄的必填）').fill('广东省韶关市武江区测试大道1号');
    await page.getByLabel('所需政府信息的名称、文号或者便于查询的其他特征性描述').fill('西联镇本年度政府采购项目目录');
    await page.getByLabel('信息的载体形式').selectOption('paper');
    await page.getByLabel('获取信息的方式').selectOption('post');
    let [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '提交申请' }).click()]);
    await h.expectOk(page, res, 'submit without JavaScript');
    const code = (await page.locator('#tracking-code').textContent()).trim();
    await h.screenshot(page, 'request-done-phone-nojs');
    await h.goto(page, `${server.base}${TOWN}/disclosure/track`);
    await page.locator('details > summary', { hasText: '忘记查询密码' }).click();
    await page.locator('#code-phone').fill(code);
    await page.locator('#phone').fill('0751-8123456');
    [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '用电话查询' }).click()]);
    await h.expectOk(page, res, 'track by phone without JavaScript');
    await page.getByRole('heading', { level: 1, name: '申请办理进度' }).waitFor();
    assert.ok((await page.locator('body').innerText()).includes('韶关市测试贸易有限公司'), 'an organisation is shown by name');
    await h.screenshot(page, 'request-track-phone-nojs');
  } finally {
    await context.close();
  }
});

for (const [label, viewport] of [['phone', h.PHONE], ['desktop', h.DESKTOP]]) {
  test(`the town office finds the request and answers it (${label})`, { timeout: 240_000 }, async () => {
    assert.ok(filed.code, 'the request was filed');
    const options = viewport === h.PHONE ? { viewport, isMobile: true, hasTouch: true } : { viewport };
    const { context, page } = await h.newPage(browser, options);
    try {
      const res = await h.login(page, server.base, 'xilian-office');
      await h.expectOk(page, res, 'login');
      await h.goto(page, `${server.base}/console/disclosure/requests`);
      await page.getByRole('heading', { level: 1, name: '政务公开 · 依申请公开' }).waitFor();
      // The demo has an overdue request, shown first; paused ones are not overdue.
      await page.locator('tr.overdue').first().waitFor();
      await checkPage(page, `request-console-home-${label}`, viewport);

      const link = page.getByRole('link', { name: filed.code, exact: true });
      if (label === 'desktop') {
        // Answered on the phone already: open it from the ledger instead.
        await h.goto(page, `${server.base}/console/lists/disclosure_requests?f_code=${filed.code}`);
        await checkPage(page, 'request-ledger-desktop', viewport);
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: filed.code }).first().click()]);
      } else {
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
      }
      await page.getByRole('heading', { level: 1, name: `政府信息公开申请 ${filed.code}` }).waitFor();
      // The applicant is masked for the office.
      const body = await page.locator('body').innerText();
      assert.ok(body.includes('测****') && !body.includes('测试申请人') && !body.includes('440203199001011231'), 'masked');

      if (label === 'phone') {
        await checkPage(page, 'request-console-detail-received-phone', viewport);
        // 受理审查, then 作出答复.
        await page.locator('details.step > summary', { hasText: '受理审查' }).click();
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '受理审查' }).click()]);
        await page.locator('p > .tag', { hasText: '审查办理中' }).waitFor();
        await page.locator('details.step > summary', { hasText: '作出答复' }).click();
        await page.locator('#respond-outcome').selectOption('1');
        await page.locator('#respond-reason').fill('随本告知书提供西联镇本年度农村低保对象名单（已隐去身份证号码等个人信息）。');
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '作出答复' }).click()]);
      }
      await page.locator('p > .tag', { hasText: '已答复' }).waitFor();
      await page.getByRole('link', { name: '政府信息公开申请答复告知书（DOCX）' }).waitFor();
      await checkPage(page, `request-console-detail-answered-${label}`, viewport);
    } finally {
      await context.close();
    }
  });
}

test('the applicant sees the answer, the remedies and the history (phone)', { timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    await h.goto(page, `${server.base}${TOWN}/disclosure/track?code=${filed.code}`);
    await page.locator('#secret').fill(filed.secret);
    const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '查询', exact: true }).click()]);
    await h.expectOk(page, res, 'track after the answer');
    await page.getByRole('heading', { level: 2, name: '答复', exact: true }).waitFor();
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('已答复') && text.includes('予以公开') && text.includes('行政复议') && text.includes('韶关市武江区人民政府'), text.slice(0, 1200));
    assert.ok(text.includes('受理，进入审查办理'), 'history');
    await checkPage(page, 'request-track-answered-phone', h.PHONE);
  } finally {
    await context.close();
  }
});

test('staff pages of the module pass axe: registration, statistics, cases, settings, a paused request (desktop)', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    await h.login(page, server.base, 'xilian-office');
    for (const [path, heading, label] of [
      ['/console/disclosure/requests/new', '登记政府信息公开申请', 'request-console-new-desktop'],
      ['/console/disclosure/requests/stats?from=2021-01-01&to=2021-12-31', '依申请公开办理情况统计', 'request-console-stats-desktop'],
      ['/console/disclosure/requests/cases?year=2021', '政府信息公开行政复议、行政诉讼', 'request-console-cases-desktop'],
      ['/console/disclosure/requests/settings', '依申请公开受理设置', 'request-console-settings-desktop'],
    ]) {
      const res = await h.goto(page, server.base + path);
      await h.expectOk(page, res, path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await checkPage(page, label, h.DESKTOP);
    }
    // A request paused for a third party: the clock says so and it is not overdue.
    await h.goto(page, `${server.base}/console/lists/disclosure_requests?f_state=third_party_consultation`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('table a[href^="/console/disclosure/requests/"]').first().click()]);
    await page.getByText('计时暂停（征求第三方意见中）').first().waitFor();
    assert.equal(await page.locator('.tag.bad').count(), 0, 'a paused request is not overdue');
    await checkPage(page, 'request-console-detail-paused-desktop', h.DESKTOP);
  } finally {
    await context.close();
  }
});
