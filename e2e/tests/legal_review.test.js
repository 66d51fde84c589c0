// 合法性审查 end to end: the legal adviser opens their queue (an overdue contract is
// marked), gives a 修改后合法 opinion with points; the town office answers each point on a
// phone-width page; the request form, the advisers' register and the figures are checked.
// axe on every page at 1280 and 375 px.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

const OVERDUE = '西联镇文化广场照明设施维修工程施工合同'; // demo: submitted 20 days ago, 5 working days

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

const checkPage = h.checkPage;

async function visit(page, path, label, viewport) {
  const res = await h.goto(page, `${server.base}${path}`);
  await h.expectOk(page, res, label);
  await checkPage(page, label, viewport);
}

test('the adviser opens the queue and gives an opinion', { timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    const res = await h.login(page, server.base, 'xilian-adviser');
    await h.expectOk(page, res, 'login as xilian-adviser');
    await visit(page, '/console/legal-reviews', 'legal-review-queue-desktop', h.DESKTOP);
    const queue = page.getByRole('region', { name: '待我审查', exact: true });
    const row = queue.locator('tr', { hasText: OVERDUE });
    await row.getByText('已逾期').waitFor();
    await Promise.all([
      page.waitForURL((u) => /\/console\/legal-reviews\/\d+$/.test(u.pathname), { waitUntil: 'load' }),
      row.getByRole('link', { name: OVERDUE }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: OVERDUE }).waitFor();
    await checkPage(page, 'legal-review-detail-desktop', h.DESKTOP);

    // Reasons are required for 修改后合法: the browser's own check is bypassed to see the server's.
    await page.getByLabel('修改后合法').check();
    await page.getByLabel('审查理由').fill('工程款支付节点与验收程序不衔接，质保金比例超过规定上限。');
    await page.getByLabel('法律依据（所引条文）').fill('《保障中小企业款项支付条例》第十一条；《建设工程质量保证金管理办法》第七条');
    await page.getByLabel('修改意见（每行一条）').fill('第六条工程款支付改为“经竣工验收合格后三十日内支付”。\n质保金比例由百分之五调整为不超过百分之三。');
    const [sent] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: '出具意见' }).click(),
    ]);
    await h.expectOk(page, sent, 'give the opinion');
    await page.getByRole('heading', { name: '审查意见', exact: true }).waitFor();
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('审查结论：修改后合法'), text.slice(0, 600));
    assert.ok(text.includes('质保金比例由百分之五调整为不超过百分之三'));
    assert.ok(!(await page.getByRole('button', { name: '出具意见' }).count()), 'the form is gone once the opinion is given');
    await checkPage(page, 'legal-review-opined-desktop', h.DESKTOP);

    // The queue no longer lists it.
    await visit(page, '/console/legal-reviews', 'legal-review-queue-after-desktop', h.DESKTOP);
    assert.equal(await page.getByRole('region', { name: '待我审查', exact: true }).locator('tr', { hasText: OVERDUE }).count(), 0);
    await visit(page, '/console/legal-reviews/figures', 'legal-review-figures-desktop', h.DESKTOP);
  } finally {
    await context.close();
  }
});

test('the office answers each point on a phone; forms and figures fit the screen', { timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    const res = await h.login(page, server.base, 'xilian-office');
    await h.expectOk(page, res, 'login as xilian-office');
    await visit(page, '/console/legal-reviews', 'legal-review-home-phone', h.PHONE);
    const link = page.getByRole('link', { name: OVERDUE }).first();
    await Promise.all([page.waitForURL((u) => /\/console\/legal-reviews\/\d+$/.test(u.pathname), { waitUntil: 'load' }), link.click()]);
    await page.getByRole('heading', { name: '反馈采纳情况' }).waitFor();
    await checkPage(page, 'legal-review-respond-phone', h.PHONE);
    const groups = page.locator('#response fieldset');
    assert.equal(await groups.count(), 2);
    await groups.nth(0).getByLabel('采纳', { exact: true }).check();
    await groups.nth(1).getByLabel('不采纳', { exact: true }).check();
    await groups.nth(1).getByLabel('说明（不采纳的须填写理由）').fill('质保金比例已按上级财政部门规定执行。');
    const [sent] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '提交反馈' }).click()]);
    await h.expectOk(page, sent, 'respond');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('已反馈采纳情况') && text.includes('未采纳'), text.slice(0, 600));
    await checkPage(page, 'legal-review-responded-phone', h.PHONE);

    await visit(page, '/console/legal-reviews/new?kind=decision', 'legal-review-new-phone', h.PHONE);
    assert.ok((await page.locator('main').innerText()).includes('法定不少于 7 个工作日'));
    await visit(page, '/console/legal-advisers', 'legal-advisers-phone', h.PHONE);
    await visit(page, '/console/legal-reviews/figures', 'legal-review-figures-phone', h.PHONE);
  } finally {
    await context.close();
  }
});

test('desktop: the request form and the advisers register', { timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    const res = await h.login(page, server.base, 'xilian-sifa');
    await h.expectOk(page, res, 'login as xilian-sifa');
    await visit(page, '/console/legal-advisers', 'legal-advisers-desktop', h.DESKTOP);
    await visit(page, '/console/lists/legal_reviews', 'legal-review-list-desktop', h.DESKTOP);
  } finally {
    await context.close();
  }
  const office = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    await h.login(office.page, server.base, 'xilian-office');
    await visit(office.page, '/console/legal-reviews/new', 'legal-review-new-desktop', h.DESKTOP);
  } finally {
    await office.context.close();
  }
});
