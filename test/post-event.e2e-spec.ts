import { FollowupFirer } from '@tongxin/messages';
import { followupOf } from '@tongxin/outbox';
import {
  addTeamMember,
  createOrganization,
  deleteRedisKeys,
  Organizer,
  parseMail,
  publishEvent,
  signUp,
  SmtpSink,
  startSmtpSink,
  TEST_REDIS_URL,
  TestApp,
  createTestApp,
} from './support';
import ExcelJS from 'exceljs';
import type { Email } from 'postal-mime';
import { outboxMessages } from '../libs/testing/src/mail-factories';

const TITLE = '京津冀协同发展社会组织研讨会';
const HOUR = 3600_000;

/**
 * After the event: with POST_EVENT_DELAY_MINUTES=0 the timer is due at the event's end. The api and worker run in one
 * process and send to a real SMTP server in another; nothing waits on a clock, only for mail to arrive (bounded).
 */
describe('after the event', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let owner: Organizer;
  let manager: Organizer;
  let checkin: Organizer;
  let organizationId: string;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    t = await createTestApp(
      { SMTP_URL: sink.url, RECONCILE_INTERVAL_MS: '1000', POST_EVENT_DELAY_MINUTES: '0' },
      { worker: true },
    );
    owner = await signUp(t);
    manager = await signUp(t);
    checkin = await signUp(t);
    organizationId = (await createOrganization(t, owner)).id;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** An event that started an hour ago and ends in an hour, published, with a team of owner, manager and checkin. */
  const runningEvent = async () => {
    const now = Date.now();
    const event = await publishEvent(t, owner, {
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + HOUR).toISOString(),
    });
    await addTeamMember(t, owner, event.id, manager, 'manager');
    await addTeamMember(t, owner, event.id, checkin, 'checkin');
    return event;
  };
  const register = async (slug: string, email: string) =>
    (
      await t
        .http()
        .post(`/api/public/events/${slug}/registrations`)
        .send({ name: '王小明', email, organization: { id: organizationId } })
        .expect(201)
    ).body as { id: string };
  const checkIn = (eventId: string, registrationId: string) =>
    t.http().post(`/api/events/${eventId}/check-ins`).set(checkin.auth).send({ registrationId }).expect(201);
  const endIn = (eventId: string, ms: number) =>
    t
      .http()
      .patch(`/api/events/${eventId}`)
      .set(owner.auth)
      .send({ endsAt: new Date(Date.now() + ms).toISOString() })
      .expect(200);
  /** The messages of a kind to an address that have arrived, parsed. */
  const arrived = async (email: string, subject: string): Promise<Email[]> => {
    const found: Email[] = [];
    for (const m of sink.received.filter((r) => r.to === email)) {
      const parsed = await parseMail(m.raw!);
      if (parsed.subject === subject) found.push(parsed);
    }
    return found;
  };
  /** Waits (bounded) until the event's messages of these kinds are all sent, `count` in all. */
  const sent = async (eventId: string, kinds: string[], count: number, timeoutMs = 20_000) => {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(100)) {
      const rows = (await Promise.all(kinds.map((kind) => outboxMessages(t.db.manager, { eventId, kind })))).flat();
      if (rows.length === count && rows.every((r) => r.status === 'sent')) return rows;
      if (Date.now() > deadline) throw new Error(`${kinds} of ${eventId}: ${JSON.stringify(rows)}`);
    }
  };
  const THANKS = `感谢参加：${TITLE}`;
  const SUMMARY = `活动总结：${TITLE}`;

  it('thanks exactly the attendees and mails each owner and manager the summary with its workbook', async () => {
    const event = await runningEvent();
    const first = await followupOf(t.db.manager, event.id);
    expect(first).toMatchObject({ scheduleVersion: 1, firedAt: null });
    expect(first!.dueAt.toISOString()).toBe(new Date(event.endsAt).toISOString());

    const came = ['came-1@example.org', 'came-2@example.org'];
    const away = ['away-1@example.org', 'away-2@example.org'];
    const people = await Promise.all([...came, ...away].map((email) => register(event.slug, email)));
    await checkIn(event.id, people[0]!.id);
    await checkIn(event.id, people[1]!.id);

    // Moving the end moves the timer (a new version: the job armed for the old end fires into nothing).
    await endIn(event.id, 1500);
    const moved = await followupOf(t.db.manager, event.id);
    expect(moved!.scheduleVersion).toBe(2);
    expect(moved!.dueAt.getTime()).toBeLessThan(first!.dueAt.getTime() - HOUR / 2);

    const rows = await sent(event.id, ['thank_you', 'summary'], 4);
    expect(
      rows
        .filter((r) => r.kind === 'thank_you')
        .map((r) => r.email)
        .sort(),
    ).toEqual(came);
    for (const email of came) {
      const [thanks, ...more] = await arrived(email, THANKS);
      expect(more).toHaveLength(0);
      expect(thanks!.text).toContain(`王小明，您好！感谢您参加“${TITLE}”`);
      expect(thanks!.attachments.filter((a) => a.mimeType.startsWith('text/calendar'))).toHaveLength(0);
    }
    for (const email of away) expect(await arrived(email, THANKS)).toHaveLength(0);

    const { narrative } = (await t.http().get(`/api/events/${event.id}/summary`).set(owner.auth).expect(200)).body;
    expect(narrative.zh).toContain('2名代表');
    for (const who of [owner, manager]) {
      const [summary, ...more] = await arrived(who.email, SUMMARY);
      expect(more).toHaveLength(0);
      // The narrative the summary route writes, Chinese then English, after the lead.
      const text = summary!.text!;
      expect(text.indexOf('已经结束')).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(narrative.zh)).toBeGreaterThan(text.indexOf('已经结束'));
      expect(text.indexOf(narrative.en)).toBeGreaterThan(text.indexOf(narrative.zh));
      const file = summary!.attachments.find((a) => a.filename === 'summary.xlsx');
      expect(file?.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file!.content as ArrayBuffer);
      expect(workbook.getWorksheet('概况 Summary')!.getCell('A1').value).toBe(TITLE);
      expect(workbook.getWorksheet('人员 Attendees')!.rowCount).toBeGreaterThanOrEqual(5);
    }
    expect(await arrived(checkin.email, SUMMARY)).toHaveLength(0);

    // Fired once: firing again (a redelivered job, the reconciler) owes nothing new.
    expect(await t.app.get(FollowupFirer).fire({ eventId: event.id, scheduleVersion: 2 })).toBe(0);
    expect(await t.app.get(FollowupFirer).fire({ eventId: event.id, scheduleVersion: 1 })).toBe(0);
    expect((await followupOf(t.db.manager, event.id))!.firedAt).toBeInstanceOf(Date);
    await sleep(500);
    expect((await outboxMessages(t.db.manager, { eventId: event.id, kind: 'thank_you' })).length).toBe(2);
    expect((await outboxMessages(t.db.manager, { eventId: event.id, kind: 'summary' })).length).toBe(2);
  });

  it('loses nothing when the queue loses the timer’s job: the reconciler fires it', async () => {
    const event = await runningEvent();
    const person = await register(event.slug, 'flushed@example.org');
    await checkIn(event.id, person.id);
    await endIn(event.id, 1500);
    // As if Redis were flushed: every job of the followups queue is gone.
    await deleteRedisKeys(TEST_REDIS_URL, `${t.env.QUEUE_PREFIX}:followups:*`);

    await sent(event.id, ['thank_you', 'summary'], 3);
    expect(await arrived('flushed@example.org', THANKS)).toHaveLength(1);
  });
});
