import type { EntityManager } from 'typeorm';
import type { Question } from './question.types';

/**
 * The statements behind changes to an event's questions: writing the definitions (event.questions, with the version
 * every registration checks under the event row's lock), and what changing them needs to know of, or do to, the
 * answers stored on registrations (registration.answers, keyed by question key). Every one is per event, served by
 * the event_id indexes registration already has.
 */

/** Writes the questions and the narrative's question; the version moves only when either changed. */
export async function saveQuestions(
  db: EntityManager,
  eventId: string,
  questions: Question[],
  narrativeQuestion: string | null,
): Promise<void> {
  await db.query(
    `UPDATE event SET questions = $2::jsonb, narrative_question = $3, questions_version = questions_version + 1,
                      updated_at = now()
      WHERE id = $1 AND (questions, narrative_question) IS DISTINCT FROM ($2::jsonb, $3)`,
    [eventId, JSON.stringify(questions), narrativeQuestion],
  );
}

/** How many registrations of the event have an answer to each of these questions. */
export async function answerCounts(db: EntityManager, eventId: string, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = (await db.query(
    `SELECT k.key, count(r.id)::int AS n
       FROM unnest($2::text[]) AS k(key)
       LEFT JOIN registration r ON r.event_id = $1 AND r.answers ? k.key
      GROUP BY k.key`,
    [eventId, keys],
  )) as { key: string; n: number }[];
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** How many registrations of the event answered the question with one of these options (a pick or among picks). */
export async function optionAnswerCount(
  db: EntityManager,
  eventId: string,
  key: string,
  options: string[],
): Promise<number> {
  const [row] = (await db.query(
    `SELECT count(*)::int AS n FROM registration r
      WHERE r.event_id = $1
        AND (r.answers ->> $2 = ANY($3::text[])
             OR (jsonb_typeof(r.answers -> $2) = 'array' AND r.answers -> $2 ?| $3::text[]))`,
    [eventId, key, options],
  )) as { n: number }[];
  return row!.n;
}

/** Deletes every answer to the question from the event's registrations; returns how many there were. */
export async function deleteAnswers(db: EntityManager, eventId: string, key: string): Promise<number> {
  const [row] = (await db.query(
    `WITH cleared AS (
       UPDATE registration SET answers = answers - $2::text, updated_at = now()
        WHERE event_id = $1 AND answers ? $2 RETURNING 1)
     SELECT count(*)::int AS n FROM cleared`,
    [eventId, key],
  )) as { n: number }[];
  return row!.n;
}

/**
 * The version of the event's questions, with the event row share-locked for the rest of the transaction: a change
 * to the questions (which updates the row) waits until the caller has stored the answers it checked against this
 * version. Group and import paths call it after claiming seats (which already locked the row).
 */
export async function lockQuestionsVersion(db: EntityManager, eventId: string): Promise<number> {
  const [row] = (await db.query('SELECT questions_version AS v FROM event WHERE id = $1 FOR SHARE', [eventId])) as {
    v: number;
  }[];
  return row!.v;
}
