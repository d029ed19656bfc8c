import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import type { EntityManager } from 'typeorm';
import { roleOnEvent } from './event-member.queries';
import type { TeamRole } from './event.types';

export const EDITORS: readonly TeamRole[] = ['owner', 'manager'];
export const OWNERS: readonly TeamRole[] = ['owner'];

/**
 * The actor's role on the event. An actor who is not on the team gets the same 404 as for an event that does not
 * exist, so an event's existence is never revealed; a team member without the needed role gets 403.
 * With lock = true the event row is locked for the rest of the transaction.
 */
export async function requireEventRole(
  db: EntityManager,
  actor: Actor,
  eventId: string,
  allowed?: readonly TeamRole[],
  lock = false,
): Promise<TeamRole> {
  const role = await roleOnEvent(db, eventId, actor.organizerId, lock);
  if (!role) throw new DomainError(ErrorCode.EVENT_NOT_FOUND, 'Event not found');
  if (allowed && !allowed.includes(role)) {
    throw new DomainError(ErrorCode.FORBIDDEN_ROLE, `This needs one of these team roles: ${allowed.join(', ')}`);
  }
  return role;
}
