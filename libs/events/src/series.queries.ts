import type { EntityManager } from 'typeorm';
import type { SeriesView } from './event.types';

/** Every statement on series. A series is reachable by its creator and by the teams of its sessions. */

const COLUMNS = 's.id, s.title, s.title_en AS "titleEn", s.created_by AS "createdBy", s.created_at AS "createdAt"';

export async function insertSeries(
  db: EntityManager,
  createdBy: string,
  series: { title: string; titleEn: string | null },
): Promise<SeriesView> {
  const [row] = (await db.query(
    `INSERT INTO series AS s (title, title_en, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [series.title, series.titleEn, createdBy],
  )) as SeriesView[];
  return row!;
}

/** The series, if the organizer created it or is on the team of one of its sessions. */
export async function seriesVisibleTo(
  db: EntityManager,
  seriesId: string,
  organizerId: string,
): Promise<SeriesView | undefined> {
  const [row] = (await db.query(
    `SELECT ${COLUMNS} FROM series s
      WHERE s.id = $1
        AND (s.created_by = $2 OR EXISTS (SELECT 1 FROM event e JOIN event_member m ON m.event_id = e.id
                                           WHERE e.series_id = s.id AND m.organizer_id = $2))`,
    [seriesId, organizerId],
  )) as SeriesView[];
  return row;
}

/**
 * Locks the series row for the rest of the transaction (so two sessions created at once cannot take the same
 * number), if the organizer may add sessions to it: its creator, or an owner or manager of one of its sessions.
 * False when they may not (or there is no such series).
 */
export async function lockSeriesForEditor(db: EntityManager, seriesId: string, organizerId: string): Promise<boolean> {
  const found = (await db.query(
    `SELECT s.id FROM series s
      WHERE s.id = $1
        AND (s.created_by = $2 OR EXISTS (
              SELECT 1 FROM event e JOIN event_member m ON m.event_id = e.id
               WHERE e.series_id = s.id AND m.organizer_id = $2 AND m.role IN ('owner', 'manager')))
      FOR UPDATE OF s`,
    [seriesId, organizerId],
  )) as unknown[];
  return found.length > 0;
}

/** The series an organizer may add sessions to (as lockSeriesForEditor allows), newest first. */
export async function seriesOfEditor(db: EntityManager, organizerId: string): Promise<SeriesView[]> {
  return (await db.query(
    `SELECT ${COLUMNS} FROM series s
      WHERE s.created_by = $1 OR EXISTS (
              SELECT 1 FROM event e JOIN event_member m ON m.event_id = e.id
               WHERE e.series_id = s.id AND m.organizer_id = $1 AND m.role IN ('owner', 'manager'))
      ORDER BY s.created_at DESC, s.id
      LIMIT 200`,
    [organizerId],
  )) as SeriesView[];
}
