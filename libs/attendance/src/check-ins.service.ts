import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import { EDITORS, eventById, requireEventRole } from '@tongxin/events';
import type { DataSource, EntityManager } from 'typeorm';
import { checkIn, undoCheckIn } from './attendance.queries';
import { normalizeCheckInCode } from './check-in-code';
import { doorSearchTerms } from './door-search';
import { DoorPerson, personAtDoor, searchAtDoor } from './door.queries';

/** What a check-in did: checked the person in now (created), or found them already in since checkedInAt. */
export interface CheckInResult {
  created: boolean;
  checkedInAt: Date;
  registration: DoorPerson;
}

export type CheckInBy = { code: string } | { registrationId: string };

const SEARCH_LIMIT = 20;

/** The door: checking people in by code or id, taking a check-in back, finding people who have no code with them. */
@Injectable()
export class CheckInsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Any team role (checkin included). Unknown codes, codes of other events and malformed codes are all 404; only a
   * confirmed registration of an event not cancelled comes in (409 otherwise, naming the status). Idempotent.
   */
  async checkIn(actor: Actor, eventId: string, by: CheckInBy): Promise<CheckInResult> {
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId);
    const person = await findAtDoor(db, eventId, by);
    if (!person) throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'No registration of this event has this code');
    await assertEventOn(db, eventId);
    if (person.status !== 'confirmed') {
      throw new DomainError(
        ErrorCode.REGISTRATION_NOT_ACTIONABLE,
        `A ${person.status} registration cannot be checked in`,
        { status: person.status },
      );
    }
    const { created, checkedInAt } = await checkIn(db, { id: person.id, eventId }, actor.organizerId);
    return { created, checkedInAt, registration: { ...person, checkedInAt } };
  }

  /** Owners and managers take a check-in back (a mistaken scan). 404 when the person is not checked in. */
  async undo(actor: Actor, eventId: string, registrationId: string): Promise<void> {
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId, EDITORS);
    if (!(await undoCheckIn(db, { id: registrationId, eventId }))) {
      throw new DomainError(ErrorCode.REGISTRATION_NOT_FOUND, 'This registration is not checked in');
    }
  }

  /** Any team role: up to 20 people of the event by name, organization, whole email, whole phone or its last 4. */
  async search(actor: Actor, eventId: string, q: string): Promise<DoorPerson[]> {
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId);
    return searchAtDoor(db, eventId, doorSearchTerms(q), SEARCH_LIMIT);
  }
}

/** The registration of the event a code (as typed) or an id stands for. */
async function findAtDoor(db: EntityManager, eventId: string, by: CheckInBy): Promise<DoorPerson | undefined> {
  if ('registrationId' in by) return personAtDoor(db, eventId, by);
  const code = normalizeCheckInCode(by.code);
  return code ? personAtDoor(db, eventId, { code }) : undefined;
}

/** Nobody is let in to a cancelled event. */
async function assertEventOn(db: EntityManager, eventId: string): Promise<void> {
  const event = await eventById(db, eventId);
  if (event?.status === 'cancelled') throw new DomainError(ErrorCode.EVENT_CANCELLED, 'This event has been cancelled');
}
