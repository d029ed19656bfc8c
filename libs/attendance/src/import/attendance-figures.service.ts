import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { requireEventRole } from '@tongxin/events';
import { DataSource } from 'typeorm';
import {
  attendanceByOrganization,
  attendanceByRegion,
  attendanceTotals,
  AttendanceTotals,
  OrganizationAttendance,
  RegionAttendance,
} from './attendance-figures.queries';
import { inTransaction } from '@tongxin/database';

export interface AttendanceFigures extends Omit<AttendanceTotals, 'confirmedAttended'> {
  /** Confirmed registrations that attended, over confirmed registrations: 0..1, three decimals; 0 with none. */
  attendanceRate: number;
  byOrganization: OrganizationAttendance[];
  byRegion: RegionAttendance[];
}

@Injectable()
export class AttendanceFiguresService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Who came, as it stands now: three aggregates, read in one snapshot. Any team role may read them. */
  async figures(actor: Actor, eventId: string): Promise<AttendanceFigures> {
    await requireEventRole(this.dataSource.manager, actor, eventId);
    return inTransaction(
      this.dataSource,
      async (db) => {
        const { confirmedAttended, ...totals } = await attendanceTotals(db, eventId);
        return {
          ...totals,
          attendanceRate: totals.confirmed === 0 ? 0 : Math.round((confirmedAttended / totals.confirmed) * 1000) / 1000,
          byOrganization: await attendanceByOrganization(db, eventId),
          byRegion: await attendanceByRegion(db, eventId),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /**
   * Only the totals (one aggregate): what the door's live counter polls every few seconds, without the per
   * organization and per region figures. Any team role.
   */
  async totals(actor: Actor, eventId: string): Promise<Omit<AttendanceTotals, 'confirmedAttended'>> {
    await requireEventRole(this.dataSource.manager, actor, eventId);
    const { confirmedAttended: _, ...totals } = await attendanceTotals(this.dataSource.manager, eventId);
    return totals;
  }
}
