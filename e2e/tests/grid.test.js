// 网格巡查与事件 end to end on a phone (375 px): the grid worker of 西联社区第一网格 records a
// patrol with a photo and reports the problem found; the community director accepts it and
// dispatches it to the worker; the worker records the handling and the feedback; the director
// verifies and closes it. axe on every page visited; the patrol form and the event page are
// also saved to /tmp for a look.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
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

// A 1×1 PNG: a real image file for the photo input.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function checkPage(page, label) {
  const violations = await h.axeSerious(page);
  assert.deepEqual(violations, [], h.formatViolations(label, violations));
  const width = await h.scrollWidth(page);
  assert.ok(width <= h.PHONE.width, `${label}: page is ${width}px wide on a ${h.PHONE.width}px screen`);
  await h.screenshot(page, label);
}

async function submit(page, button) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  await h.expectOk(page, res, 'submit');
  const alert = page.locator('p.alert[role=alert]');
  if (await alert.count()) throw new Error(`refused: ${await alert.first().textContent()}`);
}

async function step(page, label, fill = async () => {}) {
  await page.locator('details.step > summary', { hasText: label }).first().click();
  await fill();
  await submit(page, page.getByRole('button', { name: label, exact: true }));
}

async function state(page) {
  return (await page.locator('#event-state').textContent()).trim();
}

async function asUser(username, fn) {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    const res = await h.login(page, server.base, username);
    await h.expectOk(page, res, `login ${username}`);
    await fn(page);
  } finally {
    await context.close();
  }
}

test('a grid worker logs a patrol with a photo and reports an event; the director dispatches it; it closes (phone)', { timeout: 300_000 }, async () => {
  const photo = path.join(os.tmpdir(), `grid-e2e-${process.pid}.png`);
  fs.writeFileSync(photo, PNG);
  let eventUrl;
  await asUser('xilian-grid', async (page) => {
    await h.goto(page, `${server.base}/console/grid`);
    await page.getByRole('heading', { level: 1, name: '网格化管理' }).waitFor();
    await checkPage(page, 'grid-dashboard-phone');
    assert.ok((await page.locator('#coverage').innerText()).includes('已巡查'), 'coverage table shows the demo patrols');

    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '记录巡查' }).click()]);
    await page.getByRole('heading', { level: 1, name: '记录巡查' }).waitFor();
    await checkPage(page, 'grid-patrol-form-phone');
    await page.screenshot({ path: '/tmp/grid-patrol-form-375.png', fullPage: true });
    await page.getByLabel('环境卫生').check();
    await page.getByLabel('消防安全').check();
    await page.getByLabel('发现问题（没有可不填）').fill('2栋楼道堆放纸箱，堵塞消防通道');
    await page.locator('#photos').setInputFiles(photo);
    await page.getByLabel('同时上报网格事件').check();
    await page.locator('#r_category').selectOption('fire_safety');
    await page.locator('#r_description').fill('2栋一单元楼道堆放纸箱、旧家具，堵塞消防通道');
    await page.locator('#r_location').fill('西联社区2栋一单元');
    await submit(page, page.getByRole('button', { name: '保存巡查记录' }));
    await page.locator('#patrol-saved').waitFor();
    assert.equal(await page.locator('#photos li').count(), 1, 'the photo is attached');
    await checkPage(page, 'grid-patrol-saved-phone');

    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#events a').first().click()]);
    eventUrl = page.url();
    assert.equal(await state(page), '已上报');
    assert.equal(await page.locator('details.step').count(), 0, 'a grid worker does not accept or dispatch');
    await checkPage(page, 'grid-event-reported-phone');
  });

  await asUser('xilian-director', async (page) => {
    await h.goto(page, eventUrl);
    await step(page, '受理');
    assert.equal(await state(page), '已受理');
    await step(page, '分拨', async () => {
      await page.getByLabel('承办人（网格员、居委会主任）').selectOption({ label: '西联社区网格员（演示）' });
    });
    assert.equal(await state(page), '已分拨');
    assert.match(await page.locator('#handler').innerText(), /西联社区网格员/);
    await checkPage(page, 'grid-event-dispatched-phone');
    await page.screenshot({ path: '/tmp/grid-event-page-375.png', fullPage: true });
  });

  await asUser('xilian-grid', async (page) => {
    await h.goto(page, eventUrl);
    await step(page, '登记处置结果', async () => {
      await page.locator('#handle-result').fill('已联系住户清理纸箱和旧家具，楼道已畅通');
    });
    assert.equal(await state(page), '已处置');
    await step(page, '反馈', async () => {
      await page.locator('#feedback-text').fill('楼道杂物已清理，消防通道畅通');
    });
    assert.equal(await state(page), '已反馈');
    await checkPage(page, 'grid-event-feedback-phone');
  });

  await asUser('xilian-director', async (page) => {
    await h.goto(page, eventUrl);
    await step(page, '核查通过', async () => {
      await page.locator('#verify-note').fill('现场核查，楼道已清理');
    });
    assert.equal(await state(page), '已核查');
    await step(page, '办结');
    assert.equal(await state(page), '已办结');
    const timeline = await page.locator('#timeline').innerText();
    for (const s of ['受理', '分拨', '处置', '反馈', '核查通过', '办结']) assert.ok(timeline.includes(s), `${s} in the timeline`);
    await checkPage(page, 'grid-event-closed-phone');
    await page.screenshot({ path: '/tmp/grid-event-closed-375.png', fullPage: true });
  });
  fs.unlinkSync(photo);
});

test('a resident reports on the portal without JavaScript and tracks it by code and secret (phone)', { timeout: 120_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  try {
    await h.goto(page, `${server.base}/portal/440203103`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '向网格员反映问题' }).click()]);
    await page.getByLabel('问题类别').selectOption('sanitation');
    await page.getByLabel('问题描述').fill('小区北门垃圾桶满溢');
    await page.getByLabel(/问题地点/).fill('西联社区北门');
    await page.getByLabel('联系电话（网格员联系您用）').fill('13907518888');
    await submit(page, page.getByRole('button', { name: '提交' }));
    const code = (await page.locator('#tracking-code').textContent()).trim();
    const secret = (await page.locator('#tracking-secret').textContent()).trim();
    assert.match(code, /^XLWG\d{4}-\d{6}$/);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '查询办理进度' }).click()]);
    await page.getByLabel('查询密码').fill(secret);
    await submit(page, page.getByRole('button', { name: '查询' }));
    assert.equal((await page.locator('#public-status').textContent()).trim(), '已收到，待受理');
    assert.ok(!(await page.locator('body').innerText()).includes('13907518888'), 'no phone on the public page');
  } finally {
    await context.close();
  }
});
