import {
  DomainError,
  ErrorCode,
  hashToken,
  isWellFormedToken,
  newToken,
  normalizeEmail,
  normalizeName,
} from '@tongxin/common';
import {
  AnswersResult,
  claimSeat,
  lockQuestionsVersion,
  RegistrationWindow,
  registrationWindow,
  releaseSeat,
  type Answers,
} from '@tongxin/events';
import { FoundLink, LinkLifetime, oweMessages } from '@tongxin/outbox';
import {
  insertUnverifiedOrganizations,
  matchOrganizations,
  normalizeCreditCode,
  organizationExists,
  regionExists,
} from '@tongxin/organizations';
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { assertOpen } from './registration-window';
import { lockRegistration, nextOnWaitlist, setRegistrationStatus } from './registration.queries';
import type { Locale, NewPerson, OrganizationRef } from './registration.types';

/** Steps every registration path shares (single, group, import, organizer), each run inside the caller's transaction. */

/** A person as a registration row holds them: normalized email, trimmed text, a manage-token hash of their own. */
export function newPerson(
  p: { name: string; email: string; phone?: string | null; jobTitle?: string | null },
  locale: Locale,
  answers: Answers = {},
): NewPerson {
  return {
    answers,
    name: p.name.trim(),
    email: normalizeEmail(p.email),
    phone: p.phone ?? null,
    jobTitle: p.jobTitle?.trim() || null,
    locale,
    // Random and never kept: the person's mail carries a freshly issued link.
    tokenHash: newToken().hash,
  };
}

/**
 * The published event behind a slug, refusing one that is cancelled or outside its registration window (read from
 * the database: the group and import paths, which lock what they rely on in their own transaction).
 */
export async function openEventForRegistration(db: EntityManager, slug: string): Promise<RegistrationWindow> {
  const event = await registrationWindow(db, slug);
  assertOpen(event);
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
    if (!(await organizationExists(db, ref.id))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'organization.id is not a known organization', {
        fields: [{ field: 'organization.id', errors: ['organization not found'] }],
      });
    }
    return ref.id;
  }
  if (!('name' in ref)) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'organization needs an id or a name');
  const key = {
    creditCode: ref.creditCode ? normalizeCreditCode(ref.creditCode) : null,
    regionCode: ref.regionCode,
    nameNormalized: normalizeName(ref.name),
  };
  const known = (await matchOrganizations(db, [key]))[0];
  if (known) return known;
  if (!(await regionExists(db, ref.regionCode))) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `regionCode ${ref.regionCode} is not a provincial-level division code`,
      {
        fields: [
          { field: 'organization.regionCode', errors: ['must be a GB/T 2260 provincial-level code such as 110000'] },
        ],
      },
    );
  }
  // A concurrent registrant may add the same name first: the insert then does nothing and the match finds theirs.
  await insertUnverifiedOrganizations(db, [{ name: ref.name.trim(), type: ref.type, ...key }]);
  return (await matchOrganizations(db, [key]))[0]!;
}

/** The answers a check accepted, or 400 VALIDATION_FAILED naming each answer that is wrong and the rule it broke. */
export function acceptedAnswers(result: AnswersResult): Answers {
  if (result.ok) return result.answers;
  throw new DomainError(
    ErrorCode.VALIDATION_FAILED,
    `Invalid answers: ${result.errors.map((e) => `${e.field} (${e.rule})`).join(', ')}`,
    { fields: result.errors },
  );
}

/**
 * Cancels one registration inside the caller's transaction; frees its seat and promotes from the waitlist. Returns
 * the messages owed (the cancellation notice, and the promotion notice when someone moved up).
 */
export async function cancelRegistration(db: EntityManager, registrationId: string): Promise<string[]> {
  const r = await lockRegistration(db, registrationId);
  if (!r || r.status === 'cancelled' || r.status === 'rejected') return [];
  await setRegistrationStatus(db, r.id, 'cancelled');
  const messages = await oweMessages(db, 'registration_cancelled', { registrationIds: [r.id] });
  if (r.status === 'confirmed') {
    await releaseSeat(db, r.eventId, r.organizationId);
    const promoted = await promoteFromWaitlist(db, r.eventId);
    if (promoted) messages.push(...(await oweMessages(db, 'promoted', { registrationIds: [promoted] })));
  }
  return messages;
}

/** Claims a seat for the registration (claim_seat's rule) and confirms it if one was free. Returns whether it was. */
export async function confirmIfSeat(
  db: EntityManager,
  eventId: string,
  r: { id: string; organizationId: string },
): Promise<boolean> {
  const claimed = await claimSeat(db, eventId, r.organizationId);
  if (claimed) await setRegistrationStatus(db, r.id, 'confirmed');
  return claimed;
}

/**
 * Confirms the oldest waitlisted registration whose organization still has room, if the event has a seat.
 * Runs in the transaction that freed a seat. Returns the promoted registration's id.
 */
export async function promoteFromWaitlist(db: EntityManager, eventId: string): Promise<string | undefined> {
  const next = await nextOnWaitlist(db, eventId);
  return next && (await confirmIfSeat(db, eventId, next)) ? next.id : undefined;
}

/**
 * The id behind a manage or group link (find looks the hash up), compared in constant time. 404 for a link that
 * never was or no longer is; 410 LINK_EXPIRED for one past its lifetime after the event.
 */
export async function followLink(
  token: string,
  find: (hash: Buffer) => Promise<FoundLink | undefined>,
  lifetime: LinkLifetime,
): Promise<string> {
  const notFound = () => new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This link is not valid');
  if (!isWellFormedToken(token)) throw notFound();
  const hash = hashToken(token);
  const found = await find(hash);
  if (!found || !timingSafeEqual(found.hash, hash)) throw notFound();
  lifetime.assertAlive(found.eventEndsAt);
  return found.id;
}

/**
 * Refuses (409 QUESTIONS_CHANGED, the transaction rolls back) answers checked against questions that changed before
 * they could be stored; holds the questions still until the caller's transaction ends.
 */
export async function assertQuestionsUnchanged(db: EntityManager, eventId: string, checkedVersion: number) {
  if ((await lockQuestionsVersion(db, eventId)) !== checkedVersion) {
    throw new DomainError(ErrorCode.QUESTIONS_CHANGED, 'The questions of this event changed: check the answers again');
  }
}
