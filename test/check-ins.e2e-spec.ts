import { attendanceOf } from '@tongxin/attendance';
import {
  addTeamMember,
  createOrganization,
  createTestApp,
  Organizer,
  publishEvent,
  registrationCounts,
  signUp,
  SmtpSink,
  startSmtpSink,
  TestApp,
} from './support';
import jsQR from 'jsqr';
import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';
import { outboxMessages } from '../libs/testing/src/mail-factories';

const CODE = /^[A-HJ-NP-Z2-9]{8}$/;

/** Reads a QR code drawn by the qrcode package as SVG: its dark modules are one path of horizontal runs. */
function readSvgQr(svg: string): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)![1]!;
  const dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, command, args] of path.matchAll(/([MmHhVv])([^MmHhVv]*)/g)) {
    const n = args!
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (command === 'M') [x, y] = [n[0]!, n[1]!];
    else if (command === 'm') [x, y] = [x + n[0]!, y + n[1]!];
    else if (command === 'h') {
      for (let i = 0; i < n[0]!; i++) dark[Math.floor(y)]![x + i] = true;
      x += n[0]!;
    } else throw new Error(`unexpected path command ${command}`);
  }
  const scale = 4;
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++)
    for (let px = 0; px < width; px++) {
      const value = dark[Math.floor(py / scale)]![Math.floor(px / scale)] ? 0 : 255;
      pixels.set([value, value, value, 255], (py * width + px) * 4);
    }
  return jsQR(pixels, width, width)?.data;
}

/** The door: check-in codes, check-ins, search, walk-ins; and online joins. The worker runs, sending to a real SMTP sink. */
describe('check-ins', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;
  let checker: Organizer;
  let stranger: Organizer;
  let organizationId: string;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    t = await createTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Tongxin <notice@tongxin.test>' }, { worker: true });
    [owner, checker, stranger] = [await signUp(t), await signUp(t), await signUp(t)];
    organizationId = (await createOrganization(t, owner, { name: '北京市西城区社会组织联合会' })).id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const unique = () => randomBytes(4).toString('hex');
  /** A published event with the checkin role given to `checker`. */
  const doorEvent = async (overrides: Record<string, unknown> = {}) => {
    const event = await publishEvent(t, owner, overrides);
    await addTeamMember(t, owner, event.id, checker, 'checkin');
    return event;
  };
  /** Registers someone and returns their id, manage link path and manage view. */
  const register = async (slug: string, overrides: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post(`/api/public/events/${slug}/registrations`)
      .send({
        name: '王小明',
        email: `door-${unique()}@example.org`,
        organization: { id: organizationId },
        ...overrides,
      })
      .expect(201);
    // The manage link opens the attendee's page (/r/<token>); the JSON API reads the same token.
    const manage = `/api/public/registrations/${(res.body.manageUrl as string).split('/r/').pop()}`;
    const view = (await t.http().get(manage).expect(200)).body;
    return { id: res.body.id as string, manage, view };
  };
  const checkIn = (eventId: string, body: object, who = checker) =>
    t.http().post(`/api/events/${eventId}/check-ins`).set(who.auth).send(body);
  const search = (eventId: string, q: string, who = checker) =>
    t.http().get(`/api/events/${eventId}/check-ins/search`).query({ q }).set(who.auth);
  const walkIn = (eventId: string, body: object, who = checker) =>
    t.http().post(`/api/events/${eventId}/walk-ins`).set(who.auth).send(body);

  it('checks a person in once: 201, then 200 with alreadyCheckedIn, the code typed in any case with dashes', async () => {
    const event = await doorEvent();
    const { id, view } = await register(event.slug, { name: '李娜' });
    expect(view.checkInCode).toMatch(CODE);
    const typed = `${view.checkInCode.slice(0, 4)}-${view.checkInCode.slice(4)}`.toLowerCase();

    const first = await checkIn(event.id, { code: typed }).expect(201);
    expect(first.body).toEqual({
      alreadyCheckedIn: false,
      checkedInAt: expect.any(String),
      registration: {
        id,
        name: '李娜',
        organization: { id: organizationId, name: '北京市西城区社会组织联合会', regionCode: '110000' },
        status: 'confirmed',
        phoneLast4: null,
        checkedInAt: first.body.checkedInAt,
      },
    });
    const again = await checkIn(event.id, { registrationId: id }, owner).expect(200);
    expect(again.body).toMatchObject({ alreadyCheckedIn: true, checkedInAt: first.body.checkedInAt });
    expect((await attendanceOf(t.db.manager, id))?.checkedInBy).toBe(checker.id);
  });

  it('lets 50 scanners send one code at the same moment: exactly one 201, the rest 200 with the same time', async () => {
    const event = await doorEvent();
    const { view } = await register(event.slug);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => checkIn(event.id, { code: view.checkInCode })),
    );
    const statuses = responses.map((r) => r.status);
    expect([statuses.filter((s) => s === 201).length, statuses.filter((s) => s === 200).length]).toEqual([1, 49]);
    expect(new Set(responses.map((r) => r.body.checkedInAt)).size).toBe(1);
  });

  it('answers 404 to unknown codes and other events’ codes, and 409 naming the status of anyone not confirmed', async () => {
    const event = await doorEvent({ capacity: 1 });
    const other = await doorEvent();
    const elsewhere = await register(other.slug);
    const confirmed = await register(event.slug);
    const waitlisted = await register(event.slug);
    expect(waitlisted.view).toMatchObject({ status: 'waitlisted', checkInCode: null });

    for (const code of [elsewhere.view.checkInCode, 'AAAAAAAA', 'not a code']) {
      expect((await checkIn(event.id, { code }).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
    }
    await checkIn(event.id, { registrationId: elsewhere.id }).expect(404);
    const refused = await checkIn(event.id, { registrationId: waitlisted.id }).expect(409);
    expect(refused.body).toMatchObject({ code: 'REGISTRATION_NOT_ACTIONABLE', status: 'waitlisted' });
    expect(refused.body.message).toContain('waitlisted');
    await t.http().delete(confirmed.manage).expect(200);
    const cancelled = await checkIn(event.id, { registrationId: confirmed.id }).expect(409);
    expect(cancelled.body.status).toBe('cancelled');
    // Approval events hold people as pending, and a rejection stays one.
    const approval = await doorEvent({ requiresApproval: true });
    const pending = await register(approval.slug);
    expect((await checkIn(approval.id, { registrationId: pending.id }).expect(409)).body.status).toBe('pending');
    await t.http().post(`/api/events/${approval.id}/registrations/${pending.id}/reject`).set(owner.auth).expect(200);
    expect((await checkIn(approval.id, { registrationId: pending.id }).expect(409)).body.status).toBe('rejected');

    // Exactly one way to say who.
    await checkIn(event.id, {}).expect(400);
    await checkIn(event.id, { code: confirmed.view.checkInCode ?? 'AAAAAAAA', registrationId: confirmed.id }).expect(
      400,
    );
  });

  it('lets the checkin role check in and search but not undo; owners undo; strangers find nothing', async () => {
    const event = await doorEvent();
    const { id } = await register(event.slug);
    await checkIn(event.id, { registrationId: id }).expect(201);
    await search(event.id, '王小明').expect(200);
    const undo = (who: Organizer) => t.http().delete(`/api/events/${event.id}/check-ins/${id}`).set(who.auth);
    expect((await undo(checker).expect(403)).body.code).toBe('FORBIDDEN_ROLE');
    await undo(owner).expect(204);
    expect((await undo(owner).expect(404)).body.code).toBe('REGISTRATION_NOT_FOUND');
    // Undone means out: the next check-in is a new one.
    await checkIn(event.id, { registrationId: id }).expect(201);

    for (const res of [
      await checkIn(event.id, { registrationId: id }, stranger),
      await search(event.id, '王小明', stranger),
      await undo(stranger),
      await walkIn(event.id, { person: { name: '路人' }, organization: { id: organizationId } }, stranger),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('EVENT_NOT_FOUND');
    }
  });

  it('finds people by part of a name or organization, a whole phone or its last 4, a whole email; never shows an email', async () => {
    const event = await doorEvent();
    const email = `zhao.${unique()}@example.org`;
    await register(event.slug, { name: '赵敏', email, phone: '13812345678' });
    await register(event.slug, {
      name: '钱多多',
      organization: { name: `河北省公益联盟${unique()}`, type: 'social_group', regionCode: '130000' },
    });
    const names = async (q: string) =>
      (await search(event.id, q).expect(200)).body.items.map((p: { name: string }) => p.name);

    expect(await names('赵')).toEqual(['赵敏']);
    expect(await names('公益联盟')).toEqual(['钱多多']);
    expect(await names('5678')).toEqual(['赵敏']);
    expect(await names('+86 138 1234 5678')).toEqual(['赵敏']);
    expect(await names(email.toUpperCase())).toEqual(['赵敏']);
    // No part of an address or a number: those could be read back a character at a time.
    expect(await names(email.split('@')[0]!)).toEqual([]);
    expect(await names('138123')).toEqual([]);

    const [person] = (await search(event.id, '赵敏').expect(200)).body.items;
    expect(person).toEqual({
      id: expect.any(String),
      name: '赵敏',
      organization: expect.objectContaining({ id: organizationId }),
      status: 'confirmed',
      phoneLast4: '5678',
      checkedInAt: null,
    });
    expect(JSON.stringify(person)).not.toMatch(/@|13812345678/);
    await search(event.id, '').expect(400);
    await search(event.id, 'x'.repeat(101)).expect(400);
  });

  it('registers and checks in walk-ins, within capacity and, when asked, beyond it; mails them nothing', async () => {
    const event = await doorEvent({ capacity: 2, reminderOffsets: [] });
    await register(event.slug);
    const organization = { name: `门口新来的机构${unique()}`, type: 'foundation', regionCode: '120000' };

    const first = await walkIn(event.id, { person: { name: '孙悟', phone: '13900001111' }, organization }).expect(201);
    expect(first.body).toMatchObject({
      alreadyCheckedIn: false,
      checkInCode: expect.stringMatching(CODE),
      admittedOverCapacity: false,
      registration: { name: '孙悟', status: 'confirmed', phoneLast4: '1111', organization: { regionCode: '120000' } },
    });
    // The code works at the door like any other: the person is in already.
    await checkIn(event.id, { code: first.body.checkInCode }).expect(200);

    const full = await walkIn(event.id, { person: { name: '猪八戒' }, organization: { id: organizationId } }).expect(
      409,
    );
    expect(full.body.code).toBe('EVENT_FULL');
    const beyond = await walkIn(event.id, {
      person: { name: '猪八戒', email: `zhu.${unique()}@example.org` },
      organization: { id: organizationId },
      overCapacity: true,
    }).expect(201);
    expect(beyond.body.admittedOverCapacity).toBe(true);
    expect((await attendanceOf(t.db.manager, beyond.body.registration.id))?.admittedOverCapacity).toBe(true);

    // The capacity was raised by one: the counters still equal the confirmed rows, within the capacity.
    const shown = (await t.http().get(`/api/events/${event.id}`).set(owner.auth).expect(200)).body;
    expect(shown).toMatchObject({ capacity: 3, confirmedCount: 3, seatsLeft: 0 });
    expect(await registrationCounts(t, event.id)).toMatchObject({ confirmed: 3, counter: 3 });
    const listed = (await t.http().get(`/api/events/${event.id}/registrations`).set(owner.auth).expect(200)).body;
    expect(listed.items.filter((r: { source: string }) => r.source === 'walk_in')).toHaveLength(2);

    // Already registered under that email: the door is told whom to check in instead.
    const twice = await walkIn(event.id, {
      person: { name: '猪八戒', email: listed.items[2].email },
      organization: { id: organizationId },
      overCapacity: true,
    }).expect(409);
    expect(twice.body).toMatchObject({ code: 'ALREADY_REGISTERED', registrationId: beyond.body.registration.id });

    // Nothing is owed to a walk-in: no confirmation, and an announcement skips the one without an address.
    await t
      .http()
      .post(`/api/events/${event.id}/announcements`)
      .set(owner.auth)
      .send({ subject: '会场指引', body: '请走东门。', audience: 'confirmed' })
      .expect(202);
    const owed = await outboxMessages(t.db.manager, { eventId: event.id });
    expect(owed.filter((m) => m.registrationId === first.body.registration.id)).toEqual([]);
    expect(owed.filter((m) => m.registrationId === beyond.body.registration.id).map((m) => m.kind)).toEqual([
      'announcement',
    ]);
  });

  it('shows confirmed people their code, as text and as a QR code, and nobody else', async () => {
    const event = await doorEvent({ capacity: 1 });
    const confirmed = await register(event.slug);
    expect(confirmed.view).toMatchObject({
      status: 'confirmed',
      checkInCode: expect.stringMatching(CODE),
      joinUrl: null,
    });
    const qr = await t.http().get(`${confirmed.manage}/qr.svg`).buffer(true).expect(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(qr.headers['cache-control']).toMatch(/^private/);
    const svg = (qr.body as Buffer).toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(readSvgQr(svg)).toBe(confirmed.view.checkInCode);

    const waitlisted = await register(event.slug);
    expect(waitlisted.view.checkInCode).toBeNull();
    await t.http().get(`${waitlisted.manage}/qr.svg`).expect(404);
  });

  it('shows the personal join link of an online event, records joins through it, and follows the current joinUrl', async () => {
    const event = await doorEvent({ kind: 'online', venue: null, joinUrl: 'https://meeting.example.org/j/1' });
    const { id, manage, view } = await register(event.slug);
    expect(view.joinUrl).toMatch(/\/j\/[A-Za-z0-9_-]{43}$/);
    // Reading the manage view again shows the same link (no new token each time).
    expect((await t.http().get(manage).expect(200)).body.joinUrl).toBe(view.joinUrl);
    expect(await attendanceOf(t.db.manager, id)).toBeUndefined();

    const join = new URL(view.joinUrl as string).pathname;
    expect((await t.http().get(join).expect(302)).headers.location).toBe('https://meeting.example.org/j/1');
    const first = (await attendanceOf(t.db.manager, id))!;
    expect(first.firstJoinAt).toBeInstanceOf(Date);
    expect(first.lastJoinAt).toEqual(first.firstJoinAt);
    expect(first.checkedInAt).toBeNull();

    await t
      .http()
      .patch(`/api/events/${event.id}`)
      .set(owner.auth)
      .send({ joinUrl: 'https://meeting.example.org/j/2' })
      .expect(200);
    expect((await t.http().get(join).expect(302)).headers.location).toBe('https://meeting.example.org/j/2');
    const second = (await attendanceOf(t.db.manager, id))!;
    expect(second.firstJoinAt).toEqual(first.firstJoinAt);
    expect(second.lastJoinAt!.getTime()).toBeGreaterThan(first.lastJoinAt!.getTime());

    // A link that does not let the person through records nothing.
    const cancelled = await register(event.slug);
    const cancelledJoin = new URL(cancelled.view.joinUrl as string).pathname;
    await t.http().delete(cancelled.manage).expect(200);
    await t.http().get(cancelledJoin).expect(409);
    expect(await attendanceOf(t.db.manager, cancelled.id)).toBeUndefined();
  });

  it('mails the code and its QR image with the confirmation of an in-person event, not of an online one', async () => {
    const event = await doorEvent();
    const email = `mail-${unique()}@example.org`;
    const { view } = await register(event.slug, { email });
    const { parsed } = await sink.mailTo(email);
    expect(parsed.text).toContain(`签到码: ${view.checkInCode}`);
    expect(parsed.html).toContain(view.checkInCode);
    const image = parsed.attachments.find((a) => a.mimeType === 'image/png');
    expect(parsed.html).toContain(`cid:${image!.contentId!.replace(/^<|>$/g, '')}`);
    const png = PNG.sync.read(Buffer.from(image!.content as ArrayBuffer));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(view.checkInCode);

    const online = await doorEvent({ kind: 'online', venue: null, joinUrl: 'https://meeting.example.org/j/3' });
    const onlineEmail = `online-${unique()}@example.org`;
    await register(online.slug, { email: onlineEmail });
    const onlineMail = (await sink.mailTo(onlineEmail)).parsed;
    expect(onlineMail.text).not.toContain('签到码');
    expect(onlineMail.attachments.filter((a) => a.mimeType === 'image/png')).toEqual([]);
  });
});
