import { DomainError, ErrorCode, normalizeName } from '@tongxin/common';
import { oweMessages } from '@tongxin/outbox';
import { insertUnverifiedOrganizations, matchOrganizations, normalizeCreditCode } from '@tongxin/organizations';
import type { EntityManager } from 'typeorm';
import type { Locale, OrganizationRef, RegistrationStatus } from './registration.types';
import { promoteFromWaitlist, releaseSeat } from './seats';

/** Steps every registration path shares (single, group, organizer), each run inside the caller's transaction. */

/**
 * The published event behind a slug, refusing one that is cancelled or outside its registration window. With an
 * email, also says whether that email is already registered (one query on the hot path).
 */
export async function openEventForRegistration(db: EntityManager, slug: string, email?: string) {
  const [event] = (await db.query(
    `SELECT e.id, e.status, e.requires_approval, e.language, e.registration_opens_at, e.registration_closes_at, e.ends_at,
            EXISTS (SELECT 1 FROM registration r WHERE r.event_id = e.id AND r.email_normalized = $2) AS email_registered
       FROM event e WHERE e.slug = $1 AND e.published_at IS NOT NULL`,
    [slug, email ?? null],
  )) as {
    id: string;
    status: string;
    requires_approval: boolean;
    language: Locale;
    registration_opens_at: Date | null;
    registration_closes_at: Date | null;
    ends_at: Date;
    email_registered: boolean;
  }[];
  if (!event) throw new DomainError(ErrorCode.EVENT_NOT_FOUND, 'Event not found');
  if (event.status === 'cancelled') throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
  const now = Date.now();
  if (
    (event.registration_opens_at && event.registration_opens_at.getTime() > now) ||
    (event.registration_closes_at && event.registration_closes_at.getTime() <= now) ||
    event.ends_at.getTime() <= now
  ) {
    throw new DomainError(ErrorCode.REGISTRATION_CLOSED, 'Registration for this event is not open', {
      opensAt: event.registration_opens_at,
      closesAt: event.registration_closes_at,
    });
  }
  return event;
}

/**
 * The organization a registrant means (rule in @tongxin/organizations matchOrganizations): the verified organization
 * holding the credit code, else the one with the same normalized name in the region; otherwise adds it, unverified
 * and with the code as typed. An unverified holder of the code is never matched by the code alone, so whoever typed
 * a real organization's code in first (under any name) does not receive its delegates.
 */
export async function resolveOrganization(db: EntityManager, ref: OrganizationRef): Promise<string> {
  if ('id' in ref && ref.id) {
    const [found] = (await db.query('SELECT id FROM organization WHERE id = $1', [ref.id])) as { id: string }[];
    if (!found) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'organization.id is not a known organization', {
        fields: [{ field: 'organization.id', errors: ['organization not found'] }],
      });
    }
    return found.id;
  }
  if (!('name' in ref)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'organization needs an id or a name');
  const key = {
    creditCode: ref.creditCode ? normalizeCreditCode(ref.creditCode) : null,
    regionCode: ref.regionCode,
    nameNormalized: normalizeName(ref.name),
  };
  const known = (await matchOrganizations(db, [key]))[0];
  if (known) return known;
  const regionKnown = ((await db.query('SELECT 1 FROM region WHERE code = $1', [ref.regionCode])) as unknown[]).length > 0;
  if (!regionKnown) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `regionCode ${ref.regionCode} is not a provincial-level division code`, {
      fields: [{ field: 'organization.regionCode', errors: ['must be a GB/T 2260 provincial-level code such as 110000'] }],
    });
  }
  // A concurrent registrant may add the same name first: the insert then does nothing and the match finds theirs.
  await insertUnverifiedOrganizations(db, [{ name: ref.name.trim(), type: ref.type, ...key }]);
  return (await matchOrganizations(db, [key]))[0]!;
}

/**
 * Cancels one registration inside the caller's transaction; frees its seat and promotes from the waitlist. Returns
 * the messages owed (the cancellation notice, and the promotion notice when someone moved up).
 */
export async function cancelRegistration(db: EntityManager, registrationId: string): Promise<string[]> {
  const [r] = (await db.query(
    `SELECT id, event_id, organization_id, status FROM registration WHERE id = $1 FOR UPDATE`,
    [registrationId],
  )) as { id: string; event_id: string; organization_id: string; status: RegistrationStatus }[];
  if (!r || r.status === 'cancelled' || r.status === 'rejected') return [];
  await db.query(
    `UPDATE registration SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`,
    [r.id],
  );
  const messages = await oweMessages(db, 'registration_cancelled', { registrationIds: [r.id] });
  if (r.status === 'confirmed') {
    await releaseSeat(db, r.event_id, r.organization_id);
    const promoted = await promoteFromWaitlist(db, r.event_id);
    if (promoted) messages.push(...(await oweMessages(db, 'promoted', { registrationIds: [promoted] })));
  }
  return messages;
}
