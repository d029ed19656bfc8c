import {
  addTeamMember,
  createOrganization,
  launchBrowser,
  Organizer,
  PageServer,
  PHONE,
  publishEvent,
  screenshot,
  signIn,
  signUp,
  startPageServer,
} from '../support';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser } from 'playwright-core';
import QRCode from 'qrcode';

/**
 * A camera that films a QR code: a Y4M clip (what chromium's fake capture device plays in a loop), grey frames
 * with the code drawn from the qrcode package's module bitmap, 12 pixels a module, in the middle.
 */
function qrVideo(text: string): string {
  const width = 640;
  const height = 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const scale = 12;
  const quiet = 4;
  const side = (size + 2 * quiet) * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 200);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - quiet;
      const col = Math.floor(x / scale) - quiet;
      const dark = row >= 0 && col >= 0 && row < size && col < size && qr.modules.get(row, col);
      luma[(top + y) * width + left + x] = dark ? 16 : 235;
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'door-camera-')), 'qr.y4m');
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, frame, frame, frame]));
  return file;
}

interface Registered {
  id: string;
  name: string;
  code: string;
}

/** The door at a phone: a checkin-role member checks people in by typed code, search and camera. */
describe('pages: the door', () => {
  let server: PageServer;
  let browser: Browser;
  let owner: Organizer;
  let checker: Organizer;
  let event: { id: string; slug: string };
  const people: Registered[] = [];
  const ORG = '北京市西城区社会组织联合会';

  const register = async (name: string, phone?: string): Promise<Registered> => {
    const res = await server
      .http()
      .post(`/api/public/events/${event.slug}/registrations`)
      .send({
        name,
        email: `door-${people.length}-${Date.now()}@example.org`,
        organization: { id: organizationId },
        ...(phone ? { phone } : {}),
      })
      .expect(201);
    const token = new URL(res.body.manageUrl as string).pathname.split('/').pop()!;
    const view = (await server.http().get(`/api/public/registrations/${token}`).expect(200)).body;
    const person = { id: res.body.id as string, name, code: view.checkInCode as string };
    people.push(person);
    return person;
  };
  let organizationId: string;

  beforeAll(async () => {
    server = await startPageServer();
    [owner, checker] = [await signUp(server), await signUp(server)];
    organizationId = (await createOrganization(server, owner, { name: ORG })).id;
    event = await publishEvent(server, owner, { title: '社区养老服务研讨会', capacity: 20 });
    await addTeamMember(server, owner, event.id, checker, 'checkin');
    for (const [name, phone] of [
      ['李娜', '13812345678'],
      ['王小明', undefined],
      ['赵敏', '13900001234'],
      ['孙悟空', undefined],
    ] as const) {
      await register(name, phone);
    }
    // The last one holds up a QR code to the camera; chromium plays it as the rear camera.
    browser = await launchBrowser([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${qrVideo(people[3]!.code)}`,
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const checkedInBy = async (registrationId: string) =>
    (
      (await server.db.query('SELECT checked_in_by AS "by" FROM attendance WHERE registration_id = $1', [
        registrationId,
      ])) as { by: string | null }[]
    )[0]?.by;

  it('lets a checkin member check people in by code, warns loudly on a second scan, and refuses unknown codes', async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, server, checker.email, { next: `/console/events/${event.id}/door` });
    // Only the door: no other tab for this role.
    await expect(page.locator('nav.tabs a').allTextContents()).resolves.toEqual(['签到']);
    const counter = page.locator('.door-counter [data-counter=checkedIn]');
    await expect(counter.textContent()).resolves.toBe('0');
    await expect(page.locator('.door-counter [data-counter=confirmed]').textContent()).resolves.toBe('4');

    // Typed as people type it: lower case, a dash in the middle.
    const [li] = people;
    await page.fill('#f-code', `${li!.code.slice(0, 4)}-${li!.code.slice(4)}`.toLowerCase());
    await page.click('.door-go');
    const ok = page.locator('#door-result .door-ok');
    await ok.waitFor();
    await expect(ok.textContent()).resolves.toContain('签到成功');
    await expect(ok.locator('.door-name').textContent()).resolves.toBe('李娜');
    await expect(ok.locator('.door-org').textContent()).resolves.toContain(ORG);
    await expect(ok.locator('.door-org').textContent()).resolves.toContain('手机尾号 5678');
    await page.locator('.door-counter [data-counter=checkedIn]', { hasText: /^1$/ }).waitFor();
    expect(await checkedInBy(li!.id)).toBe(checker.id);
    await screenshot(page, 'door-phone');

    // The same code again: the loud warning, with the first check-in's time.
    await page.fill('#f-code', li!.code);
    await page.click('.door-go');
    const again = page.locator('#door-result .door-again');
    await again.waitFor();
    expect(await again.getAttribute('role')).toBe('alert');
    await expect(again.textContent()).resolves.toMatch(/重复签到！[\s\S]*此人已于 \d{2}:\d{2} 签到过/);
    await expect(again.locator('.door-name').textContent()).resolves.toBe('李娜');
    await expect(counter.textContent()).resolves.toBe('1');
    await screenshot(page, 'door-second-scan-phone');

    // A code nobody has.
    await page.fill('#f-code', 'AAAA-AAAA');
    await page.click('.door-go');
    const unknown = page.locator('#door-result .door-error');
    await unknown.waitFor();
    await expect(unknown.textContent()).resolves.toContain('找不到这个签到码');
    expect(await page.inputValue('#f-code')).toBe('AAAA-AAAA');
    await context.close();
  });

  it('finds people by name as staff type, and checks one in from the results', async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, server, checker.email, { next: `/console/events/${event.id}/door` });
    const wang = people[1]!;
    await page.locator('#f-q').pressSequentially('王小', { delay: 30 });
    const row = page.locator('#door-results .door-person', { hasText: '王小明' });
    await row.waitFor();
    await expect(page.locator('#door-results .door-person').count()).resolves.toBe(1);
    await row.getByRole('button', { name: '为 王小明 签到' }).click();
    const ok = page.locator('#door-result .door-ok');
    await ok.waitFor();
    await expect(ok.locator('.door-name').textContent()).resolves.toBe('王小明');
    // The results follow: the person now shows as checked in.
    await page.locator('#door-results .badge-confirmed', { hasText: '已签到' }).waitFor();
    expect(await checkedInBy(wang.id)).toBe(checker.id);
    await context.close();
  });

  it('works without JavaScript: the code form and the search post and show the answer', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, server, checker.email, { next: `/console/events/${event.id}/door` });
    // No camera without the script.
    expect(await page.locator('#door-scan').isVisible()).toBe(false);
    const zhao = people[2]!;
    await page.fill('#f-q', '1234');
    await Promise.all([page.waitForURL(/\?q=1234/), page.click('#door-search-form button[type=submit]')]);
    await expect(page.locator('#door-results .door-person').allTextContents()).resolves.toEqual([
      expect.stringContaining('赵敏'),
    ]);
    await page.fill('#f-code', zhao.code);
    await Promise.all([page.waitForNavigation(), page.click('.door-go')]);
    await expect(page.locator('#door-result .door-ok .door-name').textContent()).resolves.toBe('赵敏');
    await expect(page.locator('[data-counter=checkedIn]').textContent()).resolves.toBe('3');
    await page.fill('#f-code', zhao.code);
    await Promise.all([page.waitForNavigation(), page.click('.door-go')]);
    await expect(page.locator('#door-result .door-again').textContent()).resolves.toContain('重复签到');
    await context.close();
  });

  it('checks in the QR code the camera sees (chromium’s fake camera plays a clip of it)', async () => {
    const context = await browser.newContext(PHONE);
    await context.grantPermissions(['camera'], { origin: server.url });
    const page = await signIn(context, server, owner.email, { next: `/console/events/${event.id}/door` });
    // The owner sees every tab; the door accepts the owner too.
    await expect(page.locator('nav.tabs a').count()).resolves.toBe(7);
    const sun = people[3]!;
    await page.getByRole('button', { name: '打开摄像头扫码' }).click();
    const ok = page.locator('#door-result .door-ok');
    await ok.waitFor({ timeout: 15_000 });
    await expect(ok.locator('.door-name').textContent()).resolves.toBe('孙悟空');
    expect(await checkedInBy(sun.id)).toBe(owner.id);
    // Held in front of the camera, the same badge stays one check-in (no second-scan alarm from one showing).
    await page.waitForTimeout(1000);
    expect(await page.locator('#door-result .door-again').count()).toBe(0);
    await page.getByRole('button', { name: '关闭摄像头' }).click();
    await page.locator('.door-counter [data-counter=checkedIn]', { hasText: /^4$/ }).waitFor();
    await context.close();
  });

  it('registers a walk-in and checks them in; a stranger finds no door', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, server, checker.email, { next: `/console/events/${event.id}/door` });
    await page.click('.door-walkin summary');
    await page.fill('[id="f-person.name"]', '周芷若');
    await page.fill('[id="f-organization.name"]', '峨眉公益服务中心');
    await page.selectOption('[id="f-organization.type"]', 'social_service_agency');
    await page.selectOption('[id="f-organization.regionCode"]', '510000');
    await Promise.all([page.waitForNavigation(), page.click('.door-walkin button[type=submit]')]);
    const ok = page.locator('#door-result .door-ok');
    await expect(ok.locator('.door-name').textContent()).resolves.toBe('周芷若');
    await expect(ok.textContent()).resolves.toMatch(/已登记并签到，签到码 [A-Z2-9]{8}/);
    const rows = (await server.db.query(
      `SELECT r.source, a.checked_in_by AS "by" FROM registration r JOIN attendance a ON a.registration_id = r.id
        WHERE r.event_id = $1 AND r.name = '周芷若'`,
      [event.id],
    )) as { source: string; by: string }[];
    expect(rows).toEqual([{ source: 'walk_in', by: checker.id }]);

    // A walk-in without an organization: the fields say what is missing.
    await page.click('.door-walkin summary');
    await page.fill('[id="f-person.name"]', '张无忌');
    await Promise.all([page.waitForNavigation(), page.click('.door-walkin button[type=submit]')]);
    await expect(page.locator('[id="f-organization.name-error"]').textContent()).resolves.toContain('请填写此项');

    const stranger = await signUp(server);
    const other = await browser.newContext(PHONE);
    const strangerPage = await signIn(other, server, stranger.email, { next: `/console/events/${event.id}/door` });
    const res = await strangerPage.reload();
    expect(res!.status()).toBe(404);
    await expect(strangerPage.locator('.alert-error').textContent()).resolves.toContain('找不到这个活动');
    await other.close();
    await context.close();
  });
});
