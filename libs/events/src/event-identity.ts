import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { sequenceNumbers } from './event.queries';
import { lockSeriesForEditor } from './series.queries';

/** What names a new event: its slug, and its session number in a series. */

const SLUG_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Locks the series (so two events created at once cannot take the same number) and returns the sequence number:
 * the one asked for, or the next after the highest. Series are reachable by their creator and by the owners and
 * managers of their events.
 */
export async function claimSequence(db: EntityManager, actor: Actor, seriesId: string, wanted?: number | null) {
  if (!(await lockSeriesForEditor(db, seriesId, actor.organizerId))) {
    throw new DomainError(ErrorCode.SERIES_NOT_FOUND, 'Series not found');
  }
  const { next, wantedTaken } = await sequenceNumbers(db, seriesId, wanted ?? null);
  if (wantedTaken) throw new DomainError(ErrorCode.SEQUENCE_TAKEN, `Session ${wanted} of this series already exists`);
  return wanted ?? next;
}

/** A readable slug from the English title when there is one, always with a random tail. */
export function makeSlug(titleEn: string | null | undefined): string {
  const tail = [...randomBytes(8)].map((b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join('');
  const words = (titleEn ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return words ? `${words}-${tail}` : tail;
}
