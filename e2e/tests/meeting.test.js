// 会议制度 end to end: a member (班子成员) on a 375-px phone page opens today's meeting,
// reads an agenda item's materials and votes with large buttons; the principal leader
// (镇长) cannot vote before every other present member (末位表态). The meeting home,
// meeting page, item page and minutes page are axe-checked at 1280 and 375 px.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

const ITEM = '研究城乡居民基本医疗保险征缴工作推进情况';

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

async function click(page, locator) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return res;
}

/** Logs in on a phone, opens the meetings home, today's meeting and the item; returns { context, page }. */
async function openItem(username, label) {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  await h.login(page, server.base, username);
  let res = await h.goto(page, `${server.base}/console/meetings`);
  await h.expectOk(page, res, 'meetings home');
  await page.getByRole('heading', { level: 1, name: /^会议制度/ }).waitFor();
  await checkPage(page, `${label}-meetings-phone`, h.PHONE);
  const inSession = page.locator('li', { hasText: '召开中' }).getByRole('link').first();
  res = await click(page, inSession);
  await h.expectOk(page, res, 'meeting page');
  await page.locator('#agenda').waitFor();
  await checkPage(page, `${label}-meeting-phone`, h.PHONE);
  res = await click(page, page.locator('#agenda').getByRole('link', { name: ITEM }));
  await h.expectOk(page, res, 'item page');
  await page.getByRole('heading', { level: 1, name: ITEM }).waitFor();
  return { context, page };
}

test('a member reads an agenda item\'s materials on a phone and votes', { timeout: 240_000 }, async () => {
  const { context, page } = await openItem('xilian-deputy2', 'member');
  try {
    await checkPage(page, 'meeting-item-phone', h.PHONE);
    // The materials: a link per file, downloadable by the member.
    const material = page.locator('#materials a.material').first();
    await material.waitFor();
    assert.match(await material.innerText(), /送审稿/);
    const href = await material.getAttribute('href');
    const file = await page.request.get(`${server.base}${href}`);
    assert.equal(file.status(), 200);
    assert.match(await file.text(), /一、基本情况/);
    // The item's summary is readable on the phone.
    assert.ok((await page.locator('main').innerText()).includes('议题说明'));
    // Large touch targets (≥ 44 px high) for the three choices.
    const agree = page.getByRole('button', { name: '同意', exact: true });
    const box = await agree.boundingBox();
    assert.ok(box && box.height >= 44, `vote button is ${box && box.height}px high`);
    await page.getByLabel('表决说明（可选，不同意或弃权时建议填写）').fill('同意，建议各村书记包片督促');
    const res = await click(page, agree);
    await h.expectOk(page, res, 'vote');
    await page.getByRole('status').getByText('您的表决意见：同意').waitFor();
    assert.equal(await page.getByRole('button', { name: '同意', exact: true }).count(), 0, 'no second vote');
    await checkPage(page, 'meeting-item-voted-phone', h.PHONE);
    // The same page at desktop width.
    await page.setViewportSize(h.DESKTOP);
    await checkPage(page, 'meeting-item-voted-desktop', h.DESKTOP);
  } finally {
    await context.close();
  }
});

test('the principal leader cannot vote before the other present members', { timeout: 240_000 }, async () => {
  const { context, page } = await openItem('xilian-leader', 'leader');
  try {
    // 周伟东 has not voted yet: no buttons, the rule explained.
    const alert = page.locator('.vote-panel .alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /末位表态/);
    assert.match(await alert.innerText(), /周伟东/);
    assert.equal(await page.getByRole('button', { name: '同意', exact: true }).count(), 0);
    await checkPage(page, 'meeting-item-principal-phone', h.PHONE);
    // Posting the vote anyway is refused by the server.
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const url = new URL(page.url());
    const res = await page.request.post(`${server.base}${url.pathname}/vote`, { form: { _csrf: csrf, choice: 'agree' }, maxRedirects: 0 });
    assert.equal(res.status(), 409);
    assert.match(await res.text(), /末位表态/);
  } finally {
    await context.close();
  }
});

test('meeting pages pass axe at desktop width; the minutes page offers DOCX and approval', { timeout: 240_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    await h.login(page, server.base, 'xilian-leader');
    let res = await h.goto(page, `${server.base}/console/meetings`);
    await h.expectOk(page, res, 'meetings home');
    await checkPage(page, 'meetings-desktop', h.DESKTOP);
    res = await click(page, page.locator('li', { hasText: '已结束' }).getByRole('link').first());
    await h.expectOk(page, res, 'ended meeting');
    await checkPage(page, 'meeting-ended-desktop', h.DESKTOP);
    res = await click(page, page.getByRole('link', { name: '审定纪要' }));
    await h.expectOk(page, res, 'minutes page');
    await page.getByRole('heading', { level: 1, name: '会议纪要' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /下载 DOCX/ }).count(), 1);
    await checkPage(page, 'meeting-minutes-desktop', h.DESKTOP);
    await page.setViewportSize(h.PHONE);
    await checkPage(page, 'meeting-minutes-phone', h.PHONE);
    await page.setViewportSize(h.DESKTOP);
    res = await click(page, page.getByRole('button', { name: '审定纪要' }));
    await h.expectOk(page, res, 'approve');
    await page.getByRole('heading', { level: 2, name: '已审定纪要版本' }).waitFor();
    res = await h.goto(page, `${server.base}/console/lists/meetings`);
    await h.expectOk(page, res, 'meetings ledger');
    await checkPage(page, 'meetings-ledger-desktop', h.DESKTOP);
  } finally {
    await context.close();
  }
});
