import type { EntityManager } from 'typeorm';
import { recordAttendance } from '../../testing/src/attendance-factories';
import { insertEvent, insertRegistrations } from '../../testing/src/mail-factories';
import { createTestDatabase, TestDatabase } from '../../testing/src/test-database';
import { AnswerTally, answerTallies } from './question-figures.queries';

/** The answer tallies against a migrated database of this file's own. */
describe('question-figures.queries', () => {
  let database: TestDatabase;
  let db: EntityManager;

  beforeAll(async () => {
    database = await createTestDatabase(4);
    db = database.db.manager;
  });
  afterAll(() => database.close());

  const answer = (id: string, answers: object) =>
    db.query('UPDATE registration SET answers = $2::jsonb WHERE id = $1', [id, JSON.stringify(answers)]);
  /** Rows in a stable order, without their session (one a test). */
  const sorted = (rows: Partial<AnswerTally>[]) =>
    rows.map(({ eventId: _, ...t }) => t).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it('tallies each answer given by people still registered, attended ones, and organizations where asked', async () => {
    // Under way: it started an hour ago.
    const event = await insertEvent(db, { startsAt: new Date(Date.now() - 3600_000) });
    const [a1, a2, a3, cancelled] = await insertRegistrations(db, event.id, [
      {},
      {},
      { status: 'waitlisted' },
      { status: 'cancelled' },
    ]);
    const [b1, b2] = await insertRegistrations(db, event.id, [{}, {}]);
    await answer(a1!, { topics: ['elderly', 'education'], lodging: true, field: 'community', notes: '自由文本' });
    await answer(a2!, { topics: ['elderly'], lodging: false, field: 'community' });
    await answer(a3!, { lodging: true, field: 'charity' });
    await answer(cancelled!, { topics: ['education'], lodging: true, field: 'charity' });
    await answer(b1!, { topics: ['elderly', 'education'], lodging: true, field: 'community', notes: '另一段' });
    const now = new Date();
    await recordAttendance(db, [
      { registrationId: a1!, checkedInAt: now },
      { registrationId: b1!, checkedInAt: now },
      { registrationId: cancelled!, checkedInAt: now },
      { registrationId: b2!, importedMinutes: 5 }, // too briefly, and answered nothing
    ]);

    const rows = await answerTallies(
      db,
      [
        { eventId: event.id, key: 'topics', byOrganization: false },
        { eventId: event.id, key: 'lodging', byOrganization: false },
        { eventId: event.id, key: 'field', byOrganization: true },
      ],
      ['notes'],
    );
    const [orgA, orgB] = await Promise.all(
      [a1!, b1!].map(
        async (id) =>
          (
            (await db.query('SELECT organization_id AS id FROM registration WHERE id = $1', [id])) as { id: string }[]
          )[0]!.id,
      ),
    );
    const tally = (
      key: string,
      answer: AnswerTally['answer'],
      registered: number,
      attended: number,
      organizationId?: string,
    ) => ({
      key,
      answer,
      organizationId: organizationId ?? null,
      registered,
      attended,
    });
    expect(sorted(rows)).toEqual(
      sorted([
        tally('topics', ['elderly', 'education'], 2, 2),
        tally('topics', ['elderly'], 1, 0),
        tally('lodging', true, 3, 2),
        tally('lodging', false, 1, 0),
        tally('field', 'community', 2, 1, orgA),
        tally('field', 'charity', 1, 0, orgA),
        tally('field', 'community', 1, 1, orgB),
      ]),
    );
    expect(rows.every((r) => r.eventId === event.id)).toBe(true);
  });

  it('tallies one key in several sessions apart, each by its own questions', async () => {
    const [first, second] = [await insertEvent(db), await insertEvent(db)];
    const [p1, p2] = await insertRegistrations(db, first.id, 2);
    const [p3] = await insertRegistrations(db, second.id, 1);
    await answer(p1!, { first_time: true });
    await answer(p2!, { first_time: true });
    await answer(p3!, { first_time: false, how: 'friend' });
    const rows = await answerTallies(
      db,
      [
        { eventId: first.id, key: 'first_time', byOrganization: false },
        { eventId: second.id, key: 'first_time', byOrganization: false },
      ],
      [],
    );
    expect(rows.map(({ eventId, answer, registered }) => [eventId, answer, registered]).sort()).toEqual(
      [
        [first.id, true, 2],
        [second.id, false, 1],
      ].sort(),
    );
    expect(await answerTallies(db, [], [])).toEqual([]);
  });
});
