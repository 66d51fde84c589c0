// 人民调解 end to end: a mediator of 西联社区 registers a dispute, records the registration,
// a session and a written agreement, then each party's signature, the mediator's signature and
// the committee's seal — and sees the agreement become effective only after the seal, with the
// 30-day 司法确认 window. On a phone (375 px) and at 1280 px; axe on every page visited.
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

const checkPage = h.checkPage;

async function submit(page, button) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  await h.expectOk(page, res, 'submit');
  const alert = page.locator('p.alert');
  if (await alert.count()) throw new Error(`refused: ${await alert.first().textContent()}`);
}

/** Opens a step's <details> and submits it after `fill`. */
async function step(page, label, fill = async () => {}) {
  await page.locator('details.step > summary', { hasText: label }).click();
  await fill();
  await submit(page, page.getByRole('button', { name: label, exact: true }));
}

async function effectiveness(page) {
  return (await page.locator('#effectiveness').textContent()).trim();
}

/** Signs for both parties and the mediator, checking it stays "not effective", then seals. */
async function signAndSeal(page, label, viewport) {
  for (const p of ['甲方', '乙方']) {
    if (await page.getByRole('button', { name: `登记${p}签署` }).count()) {
      await submit(page, page.getByRole('button', { name: `登记${p}签署` }));
      assert.match(await effectiveness(page), /尚未生效/);
    }
  }
  await submit(page, page.getByRole('button', { name: '登记调解员签名' }));
  assert.match(await effectiveness(page), /尚未生效/);
  const missing = await page.locator('#missing li').allTextContents();
  assert.deepEqual(missing, ['加盖人民调解委员会印章']);
  await checkPage(page, `${label}-before-seal`, viewport);
  await submit(page, page.getByRole('button', { name: '登记加盖调解委员会印章' }));
  assert.match(await effectiveness(page), /书面调解协议已于 \d{4}-\d{2}-\d{2} 生效/);
  assert.equal(await page.locator('#missing').count(), 0);
  const text = await page.locator('body').innerText();
  assert.ok(text.includes('共同向人民法院申请司法确认'), '30-day window shown');
  assert.ok(!text.includes('逾期'), 'nothing is called overdue');
  await page.getByRole('link', { name: '下载人民调解协议书（DOCX）' }).waitFor();
  await checkPage(page, `${label}-effective`, viewport);
}

test('a mediator records a dispute, a session, an agreement, the signatures and the seal (phone)', { timeout: 300_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    const res = await h.login(page, server.base, 'xilian-mediator');
    await h.expectOk(page, res, 'login');
    await h.goto(page, `${server.base}/console/mediation`);
    await page.getByRole('heading', { level: 1, name: '人民调解' }).waitFor();
    await checkPage(page, 'mediation-home-phone', h.PHONE);

    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: '登记调解申请' }).click()]);
    await page.getByRole('heading', { level: 1, name: '登记调解申请' }).waitFor();
    await checkPage(page, 'mediation-new-phone', h.PHONE);
    await page.getByLabel('案件来源').selectOption('visit');
    await page.getByLabel('纠纷类型').selectOption('house_and_homestead');
    await page.getByLabel('纠纷主要事实').fill('甲乙两户相邻，乙方翻建厨房时占用两户之间的排水沟约半米，甲方房屋雨天积水。');
    await page.getByLabel('争议事项').fill('乙方是否恢复排水沟原状。');
    await page.locator('#p1_name').fill('浏览器甲某');
    await page.locator('#p1_id').fill('440203197003150017');
    await page.locator('#p1_phone').fill('13907519901');
    await page.locator('#p2_name').fill('浏览器乙某');
    await submit(page, page.getByRole('button', { name: '登记', exact: true }));
    await page.getByRole('heading', { level: 1, name: /人民调解案件/ }).waitFor();
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes('浏览器甲某') && !body.includes('440203197003150017') && !body.includes('13907519901'), 'parties masked');
    assert.ok(body.includes('139****9901'), 'phone shown masked');
    assert.equal((await page.locator('#case-state').textContent()).trim(), '待登记');
    await checkPage(page, 'mediation-case-applied-phone', h.PHONE);

    await step(page, '登记受理');
    assert.equal((await page.locator('#case-state').textContent()).trim(), '已登记受理');
    assert.ok((await page.locator('body').innerText()).includes('应于'), 'the one-month target is shown');
    await step(page, '登记调解记录', async () => {
      await page.locator('#session-time').fill('上午9时30分');
      await page.locator('#session-attendees').fill('甲方、乙方、西联社区网格员');
      await page.locator('#session-record').fill('调解员现场查看排水沟，乙方承认占用，同意恢复原状。');
    });
    assert.equal((await page.locator('#case-state').textContent()).trim(), '调解中');
    await step(page, '登记达成调解协议', async () => {
      await page.locator('#agreement-content').fill('一、乙方于十日内拆除占用排水沟的墙体，恢复排水沟原状。\n二、甲方不再追究积水损失。');
      await page.locator('#agreement-performance').fill('乙方于本协议生效之日起十日内完成，社区见证。');
    });
    assert.equal((await page.locator('#case-state').textContent()).trim(), '已达成协议');
    assert.match(await effectiveness(page), /尚未生效/);
    const missing = await page.locator('#missing li').allTextContents();
    assert.equal(missing.length, 4, missing.join(' / '));
    await checkPage(page, 'mediation-case-agreed-phone', h.PHONE);
    await signAndSeal(page, 'mediation-case-phone', h.PHONE);
  } finally {
    await context.close();
  }
});

test('the demo agreement signed by one party only becomes effective when the rest sign and the seal is applied (1280 px)', { timeout: 300_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.DESKTOP });
  try {
    await h.login(page, server.base, 'xilian-mediator');
    await h.goto(page, `${server.base}/console/lists/mediation_cases?f_dispute_type=marriage_family`);
    await checkPage(page, 'mediation-ledger-desktop', h.DESKTOP);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('table a[href^="/console/mediation/cases/"]').first().click()]);
    await page.getByRole('heading', { level: 1, name: /人民调解案件/ }).waitFor();
    assert.match(await effectiveness(page), /尚未生效/);
    const missing = await page.locator('#missing li').allTextContents();
    assert.ok(!missing.some((m) => m.includes('甲方')) && missing.some((m) => m.includes('乙方')), missing.join(' / '));
    await checkPage(page, 'mediation-case-partly-signed-desktop', h.DESKTOP);
    await signAndSeal(page, 'mediation-case-desktop', h.DESKTOP);

    for (const [path, heading, label] of [
      ['/console/mediation', '人民调解', 'mediation-home-desktop'],
      ['/console/mediation/figures', '调解工作统计', 'mediation-figures-desktop'],
      ['/console/mediation/committees', '人民调解委员会', 'mediation-committees-desktop'],
      ['/console/mediation/cases/new', '登记调解申请', 'mediation-new-desktop'],
    ]) {
      const res = await h.goto(page, `${server.base}${path}`);
      await h.expectOk(page, res, path);
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      await checkPage(page, label, h.DESKTOP);
    }
  } finally {
    await context.close();
  }
});

test('figures and committees read well on a phone', { timeout: 180_000 }, async () => {
  const { context, page } = await h.newPage(browser, { viewport: h.PHONE, isMobile: true, hasTouch: true });
  try {
    await h.login(page, server.base, 'xilian-sifa');
    for (const [path, heading, label] of [
      ['/console/mediation/figures', '调解工作统计', 'mediation-figures-phone'],
      ['/console/mediation/committees', '人民调解委员会', 'mediation-committees-phone'],
      ['/console/lists/mediation_cases', '人民调解案件台账', 'mediation-ledger-phone'],
    ]) {
      const res = await h.goto(page, `${server.base}${path}`);
      await h.expectOk(page, res, path);
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      await checkPage(page, label, h.PHONE);
    }
  } finally {
    await context.close();
  }
});
