import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, organizerIdByEmail } from '@tongxin/accounts';
import { DomainError, ErrorCode, normalizeEmail } from '@tongxin/common';
import { DataSource, EntityManager } from 'typeorm';
import { OWNERS, requireEventRole } from './event-access';
import { deleteMember, ownerCount, putMember, TeamMember, teamOf } from './event-member.queries';
import type { TeamRole } from './event.types';
import { inTransaction } from '@tongxin/database';

@Injectable()
export class TeamService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, eventId: string): Promise<TeamMember[]> {
    await requireEventRole(this.dataSource.manager, actor, eventId);
    return teamOf(this.dataSource.manager, eventId);
  }

  /** Adds an organizer (by the email of their account) or changes their role. Owners only. */
  async setMember(actor: Actor, eventId: string, input: { email: string; role: TeamRole }): Promise<TeamMember> {
    return inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, OWNERS, true);
      const organizerId = await organizerIdByEmail(db, normalizeEmail(input.email));
      if (!organizerId) {
        throw new DomainError(
          ErrorCode.ORGANIZER_NOT_FOUND,
          'No organizer account uses this email; ask them to sign up first',
        );
      }
      await putMember(db, eventId, organizerId, input.role);
      await this.assertHasOwner(db, eventId);
      return (await teamOf(db, eventId)).find((m) => m.organizerId === organizerId)!;
    });
  }

  /** Removes an organizer from the team. Owners only; the last owner stays. */
  async removeMember(actor: Actor, eventId: string, organizerId: string): Promise<void> {
    await inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, OWNERS, true);
      if (!(await deleteMember(db, eventId, organizerId))) {
        throw new DomainError(ErrorCode.ORGANIZER_NOT_FOUND, 'This organizer is not on the team');
      }
      await this.assertHasOwner(db, eventId);
    });
  }

  /** Runs inside the transaction that changed the team, with the event row locked, so the check cannot race. */
  private async assertHasOwner(db: EntityManager, eventId: string): Promise<void> {
    if ((await ownerCount(db, eventId)) === 0)
      throw new DomainError(ErrorCode.LAST_OWNER, 'An event must keep at least one owner');
  }
}
