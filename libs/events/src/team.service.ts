import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode, normalizeEmail } from '@tongxin/common';
import { DataSource, EntityManager } from 'typeorm';
import { OWNERS, requireEventRole } from './event-access';
import type { TeamRole } from './event.entity';

export interface TeamMember {
  organizerId: string;
  email: string;
  name: string;
  role: TeamRole;
  addedAt: Date;
}

@Injectable()
export class TeamService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor, eventId: string): Promise<TeamMember[]> {
    await requireEventRole(this.dataSource.manager, actor, eventId);
    return this.members(this.dataSource.manager, eventId);
  }

  /** Adds an organizer (by the email of their account) or changes their role. Owners only. */
  async setMember(actor: Actor, eventId: string, input: { email: string; role: TeamRole }): Promise<TeamMember> {
    return this.dataSource.transaction(async (db) => {
      await requireEventRole(db, actor, eventId, OWNERS, true);
      const [organizer] = (await db.query('SELECT id FROM organizer WHERE email = $1', [normalizeEmail(input.email)])) as {
        id: string;
      }[];
      if (!organizer) {
        throw new DomainError(ErrorCode.ORGANIZER_NOT_FOUND, 'No organizer account uses this email; ask them to sign up first');
      }
      await db.query(
        `INSERT INTO event_member (event_id, organizer_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (event_id, organizer_id) DO UPDATE SET role = EXCLUDED.role`,
        [eventId, organizer.id, input.role],
      );
      await this.assertHasOwner(db, eventId);
      const members = await this.members(db, eventId);
      return members.find((m) => m.organizerId === organizer.id)!;
    });
  }

  /** Removes an organizer from the team. Owners only; the last owner stays. */
  async removeMember(actor: Actor, eventId: string, organizerId: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await requireEventRole(db, actor, eventId, OWNERS, true);
      // As a CTE: TypeORM returns a DELETE's rows as [rows, count], a SELECT's as rows.
      const removed: unknown[] = await db.query(
        'WITH removed AS (DELETE FROM event_member WHERE event_id = $1 AND organizer_id = $2 RETURNING organizer_id) SELECT * FROM removed',
        [eventId, organizerId],
      );
      if (removed.length === 0) throw new DomainError(ErrorCode.ORGANIZER_NOT_FOUND, 'This organizer is not on the team');
      await this.assertHasOwner(db, eventId);
    });
  }

  /** Runs inside the transaction that changed the team, with the event row locked, so the check cannot race. */
  private async assertHasOwner(db: EntityManager, eventId: string): Promise<void> {
    const [{ owners }] = (await db.query(
      `SELECT count(*)::int AS owners FROM event_member WHERE event_id = $1 AND role = 'owner'`,
      [eventId],
    )) as { owners: number }[];
    if (owners === 0) throw new DomainError(ErrorCode.LAST_OWNER, 'An event must keep at least one owner');
  }

  private async members(db: EntityManager, eventId: string): Promise<TeamMember[]> {
    const rows: { organizer_id: string; email: string; name: string; role: TeamRole; created_at: Date }[] = await db.query(
      `SELECT m.organizer_id, o.email, o.name, m.role, m.created_at
         FROM event_member m JOIN organizer o ON o.id = m.organizer_id
        WHERE m.event_id = $1
        ORDER BY m.created_at, o.email`,
      [eventId],
    );
    return rows.map((r) => ({ organizerId: r.organizer_id, email: r.email, name: r.name, role: r.role, addedAt: r.created_at }));
  }
}
