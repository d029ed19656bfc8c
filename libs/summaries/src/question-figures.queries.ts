import { ATTENDED_SQL } from '@tongxin/attendance';
import type { Answer } from '@tongxin/events';
import type { EntityManager } from 'typeorm';
import { ACTIVE_STATUSES } from './summary.queries';

/**
 * The answers to registration questions, tallied: one statement for every question of every session asked about
 * (the event summary asks about one event, the series summary about its sessions held), whatever their number.
 */

/** A question of a session to tally; by organization: organization_field, whose organizations are counted too. */
export interface TalliedQuestion {
  eventId: string;
  key: string;
  byOrganization: boolean;
}

/**
 * How many people (registrations still standing) gave one answer to one question of a session, and how many of
 * them attended (ATTENDED, summary.queries.ts). `answer` is the answer as stored (an option key, a list of them, a
 * boolean); for a question tallied by organization, one row per organization that gave it.
 */
export interface AnswerTally {
  eventId: string;
  key: string;
  answer: Answer;
  organizationId: string | null;
  registered: number;
  attended: number;
}

/**
 * In two steps, so that registrations are read once whatever the number of questions: people still registered are
 * first grouped by what they answered to the tallied questions (`answers - uncounted`: free-text and other answers
 * dropped, so people who answered alike fall in one group; by organization too for sessions with an
 * organization_field question), which leaves a few hundred groups; then each group counts towards each question of
 * its session. Who attended is a hash of the attendance rows that pass ATTENDED_SQL (the definition ATTENDED in
 * summary.queries.ts uses), joined by registration. Joining the questions first would multiply the rows to group
 * (100,000 registrations by five questions): see docs/benchmarks.md.
 */
export async function answerTallies(
  db: EntityManager,
  questions: TalliedQuestion[],
  uncounted: string[],
): Promise<AnswerTally[]> {
  if (questions.length === 0) return [];
  const events = [...new Set(questions.map((q) => q.eventId))];
  const byOrganization = [...new Set(questions.filter((q) => q.byOrganization).map((q) => q.eventId))];
  return (await db.query(
    `WITH came AS (
       SELECT a.registration_id FROM attendance a JOIN event e ON e.id = a.event_id
        WHERE a.event_id = ANY ($6::uuid[]) AND ${ATTENDED_SQL}
     ), alike AS (
       SELECT r.event_id, CASE WHEN r.event_id = ANY ($5::uuid[]) THEN r.organization_id END AS organization_id,
              r.answers - $4::text[] AS answers, count(*) AS registered, count(came.registration_id) AS attended
         FROM registration r
         LEFT JOIN came ON came.registration_id = r.id
        WHERE r.event_id = ANY ($6::uuid[]) AND r.status IN ${ACTIVE_STATUSES}
        GROUP BY 1, 2, 3
     )
     SELECT q.event_id AS "eventId", q.key, p.answers -> q.key AS answer,
            CASE WHEN q.by_organization THEN p.organization_id END AS "organizationId",
            sum(p.registered)::int AS registered, sum(p.attended)::int AS attended
       FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS q(event_id, key, by_organization)
       JOIN alike p ON p.event_id = q.event_id AND p.answers ? q.key
      GROUP BY 1, 2, 3, 4`,
    [
      questions.map((q) => q.eventId),
      questions.map((q) => q.key),
      questions.map((q) => q.byOrganization),
      uncounted,
      byOrganization,
      events,
    ],
  )) as AnswerTally[];
}
