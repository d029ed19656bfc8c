import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode, normalizeEmail, unreachableEmail } from '@tongxin/common';
import { claimSeat, claimSeatBeyondLimits, eventById, requireEventRole } from '@tongxin/events';
import {
  insertRegistrations,
  newPerson,
  OrganizationRef,
  registrationByEmail,
  resolveOrganization,
} from '@tongxin/registrations';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { checkIn } from './attendance.queries';
import { personAtDoor } from './door.queries';
import type { CheckInResult } from './check-ins.service';
import { inTransaction } from '@tongxin/database';

export interface WalkInInput {
  person: { name: string; email?: string | null; phone?: string | null; jobTitle?: string | null };
  organization: OrganizationRef;
  /** Let the person in although the event (or their organization's quota) is full. */
  overCapacity?: boolean;
}

export interface WalkInResult extends CheckInResult {
  checkInCode: string;
  /** The capacity or the organization's quota was raised by one to seat this person (recorded on attendance). */
  admittedOverCapacity: boolean;
}

/**
 * Someone who did not register, at the door: registered (source walk_in, confirmed through the normal seat claim) and
 * checked in, in one transaction. Nothing is mailed: a walk-in is owed no confirmation, and one who gave no email is
 * filed under an unreachable placeholder address (unreachableEmail) that the outbox never owes anything to.
 */
@Injectable()
export class WalkInsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async walkIn(actor: Actor, eventId: string, input: WalkInInput): Promise<WalkInResult> {
    await requireEventRole(this.dataSource.manager, actor, eventId);
    return inTransaction(this.dataSource, async (db) => {
      const event = await eventById(db, eventId);
      if (event!.status === 'cancelled') {
        throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
      }
      const email = input.person.email ? normalizeEmail(input.person.email) : unreachableEmail(randomUUID());
      await assertNotRegistered(db, eventId, email);
      const organizationId = await resolveOrganization(db, input.organization);
      const { claimed, raised } = input.overCapacity
        ? { claimed: true, ...(await claimSeatBeyondLimits(db, eventId, organizationId)) }
        : { claimed: await claimSeat(db, eventId, organizationId), raised: false };
      if (!claimed) {
        throw new DomainError(
          ErrorCode.EVENT_FULL,
          'The event (or this organization’s quota) is full; send overCapacity: true to let the person in anyway',
          { capacity: event!.capacity, perOrganizationLimit: event!.perOrganizationLimit },
        );
      }
      const [inserted] = await insertRegistrations(db, eventId, [
        {
          ...newPerson({ ...input.person, email }, event!.language),
          organizationId,
          groupId: null,
          status: 'confirmed',
          source: 'walk_in',
        },
      ]);
      // Registered meanwhile under the same email: the transaction, seat claim included, is rolled back.
      if (!inserted) await assertNotRegistered(db, eventId, email);
      const registration = { id: inserted!.id, eventId };
      const { created, checkedInAt } = await checkIn(db, registration, actor.organizerId, raised);
      const person = (await personAtDoor(db, eventId, { registrationId: registration.id }))!;
      return {
        created,
        checkedInAt,
        registration: person,
        checkInCode: inserted!.checkInCode,
        admittedOverCapacity: raised,
      };
    });
  }
}

/** 409 ALREADY_REGISTERED with the registration's id: the door checks that one in instead. */
async function assertNotRegistered(db: EntityManager, eventId: string, email: string): Promise<void> {
  const existing = await registrationByEmail(db, eventId, email);
  if (existing) {
    throw new DomainError(
      ErrorCode.ALREADY_REGISTERED,
      `This email is already registered for the event (${existing.status}): check that registration in instead`,
      { registrationId: existing.id, status: existing.status },
    );
  }
}
