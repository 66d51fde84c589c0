// 重大行政决策 end to end: a citizen on a 375 px phone with JavaScript off finds the draft out
// for comment from the town's portal page, reads it and submits a comment; it is not shown until
// the town office approves it in the moderation queue; then it appears on the portal. Staff
// pages (module page, decision timeline, archive) are checked too. axe on every page, phone
// pages must not scroll sideways.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

const TOWN = '/portal/440203103'; // 西联镇
const COMMENT = '建议在圩镇卫生院门前划设临时停车位，方便老人就医（浏览器测试）。';

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

test('a citizen reads a draft on a phone without JavaScript and comments; staff approve it', { timeout: 300_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  try {
    let res = await h.goto(page, `${server.base}${TOWN}`);
    await h.expectOk(page, res, 'town portal');
    await Promise.all([
      page.waitForURL((u) => u.pathname === `${TOWN}/decisions`, { waitUntil: 'load' }),
      page.getByRole('link', { name: '决策事项目录与决策公开' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '西联镇重大行政决策' }).waitFor();
    await page.getByRole('heading', { name: '西联镇2021年度重大行政决策事项目录' }).waitFor();
    await checkPage(page, 'decision-portal-home-phone-nojs', h.PHONE, { axe: false });

    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('link', { name: '西联圩镇停车管理方案（征求意见稿）' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: '西联圩镇停车管理方案（征求意见稿）' }).waitFor();
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('施划免费停车泊位120个'), 'the draft is readable');
    assert.ok(text.includes('建议在卫生院门口保留几个临时停车位'), 'an approved demo comment is shown');
    assert.ok(!text.includes('河堤路增设一段停车带'), 'a comment awaiting moderation is not shown');
    await checkPage(page, 'decision-portal-draft-phone-nojs', h.PHONE, { axe: false });

    await page.getByLabel('意见建议（必填）').fill(COMMENT);
    await page.getByLabel('姓名或单位（可不填）').fill('西联村村民');
    [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '提交意见' }).click()]);
    await h.expectOk(page, res, 'submit a comment without JavaScript');
    await page.getByRole('status').getByText('您的意见已提交').waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(COMMENT), 'not shown before moderation');
    await checkPage(page, 'decision-portal-commented-phone-nojs', h.PHONE, { axe: false });
  } finally {
    await context.close();
  }

  // The town office approves it in the queue (phone width too).
  const staff = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    const sp = staff.page;
    let res = await h.login(sp, server.base, 'xilian-office');
    await h.expectOk(sp, res, 'login');
    res = await h.goto(sp, `${server.base}/console/decisions/comments`);
    await h.expectOk(sp, res, 'moderation queue');
    await sp.getByRole('heading', { level: 1, name: '公众意见审核' }).waitFor();
    await checkPage(sp, 'decision-console-queue-phone', h.PHONE);
    const card = sp.locator('section.card', { hasText: COMMENT });
    [res] = await Promise.all([sp.waitForNavigation({ waitUntil: 'load' }), card.getByRole('button', { name: '审核通过并公开' }).click()]);
    await h.expectOk(sp, res, 'approve');
    assert.ok(!(await sp.locator('body').innerText()).includes(COMMENT), 'left the queue');
  } finally {
    await staff.context.close();
  }

  // Back on the portal: the comment is public now.
  const again = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  try {
    await h.goto(again.page, `${server.base}${TOWN}/decisions`);
    await Promise.all([again.page.waitForNavigation({ waitUntil: 'load' }), again.page.getByRole('link', { name: '西联圩镇停车管理方案（征求意见稿）' }).click()]);
    await again.page.getByText(COMMENT).waitFor();
    assert.ok((await again.page.locator('body').innerText()).includes('西联村村民'));
  } finally {
    await again.context.close();
  }
});

test('staff pages: module figures, the decision timeline, the archive (desktop and phone)', { timeout: 300_000 }, async () => {
  for (const [vp, viewport] of [['desktop', h.DESKTOP], ['phone', h.PHONE]]) {
    const { context, page } = await h.newPage(browser, { viewport });
    try {
      await h.login(page, server.base, 'xilian-leader');
      let res = await h.goto(page, `${server.base}/console/decisions?year=2021`);
      await h.expectOk(page, res, 'module page');
      await page.getByRole('heading', { level: 1, name: '重大行政决策' }).waitFor();
      assert.ok((await page.locator('body').innerText()).includes('开展决策后评估'));
      await checkPage(page, `decision-console-home-${vp}`, viewport);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '西联镇集体经济发展扶持资金管理办法' }).click()]);
      const body = await page.locator('body').innerText();
      assert.ok(body.includes('合法性审查意见为“不合法”'), 'the blocked step names why');
      await checkPage(page, `decision-console-blocked-${vp}`, viewport);
      await h.goto(page, `${server.base}/console/decisions?year=2021`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '西联镇农村生活垃圾收运处置体系建设方案' }).click()]);
      await checkPage(page, `decision-console-complete-${vp}`, viewport);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '决策档案', exact: true }).click()]);
      await page.getByRole('heading', { level: 1, name: /^决策档案：/ }).waitFor();
      await checkPage(page, `decision-console-archive-${vp}`, viewport);
    } finally {
      await context.close();
    }
  }
});

test('portal pages pass axe at phone and desktop width, including the form after an error', { timeout: 300_000 }, async () => {
  for (const [vp, viewport] of [['phone', h.PHONE], ['desktop', h.DESKTOP]]) {
    const { context, page } = await h.newPage(browser, { viewport });
    try {
      await h.goto(page, `${server.base}${TOWN}/decisions`);
      await checkPage(page, `decision-portal-home-${vp}`, viewport);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '西联圩镇停车管理方案（征求意见稿）' }).click()]);
      await checkPage(page, `decision-portal-draft-${vp}`, viewport);
      // An empty comment comes back with the message (the browser's own check is bypassed).
      await page.locator('#body').evaluate((el) => el.removeAttribute('required'));
      const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: '提交意见' }).click()]);
      assert.equal(res.status(), 422);
      await page.getByRole('alert').getByText('意见建议').waitFor();
      await checkPage(page, `decision-portal-error-${vp}`, viewport);
      await h.goto(page, `${server.base}${TOWN}/decisions`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '西联镇农村生活垃圾收运处置体系建设方案' }).click()]);
      const text = await page.locator('body').innerText();
      assert.ok(text.includes('意见采纳情况说明') && text.includes('西府〔2021〕18号'), 'published decision with the adoption explanation');
      await checkPage(page, `decision-portal-published-${vp}`, viewport);
    } finally {
      await context.close();
    }
  }
});
