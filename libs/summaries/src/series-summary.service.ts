import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import { EDITORS, EventStatus, eventsOfSeries, rolesOnEvents, seriesVisibleTo } from '@tongxin/events';
import { DataSource } from 'typeorm';
import { Basis, Narrative, seriesNarrative } from './narrative';
import { SeriesQuestionFigures, seriesQuestionFigures, tallyRequest } from './question-figures';
import { answerTallies } from './question-figures.queries';
import {
  ReturningOrganization,
  returningOrganizations,
  seriesRegionFigures,
  SeriesRegionFigures,
  sessionFigures,
} from './series-summary.queries';
import { inTransaction } from '@tongxin/database';

export interface SeriesSummary {
  series: { id: string; title: string; titleEn: string | null };
  /** Which figures the narrative and the returning organizations use. */
  basis: Basis;
  /** Every session the caller may see (on its team, or published), by number. */
  sessions: {
    id: string;
    sequenceNo: number;
    title: string;
    startsAt: Date;
    status: EventStatus;
    registered: number;
    attended: number;
    organizations: number;
    organizationsAttended: number;
  }[];
  /** Across the sessions held (published): distinct people and organizations, registrations and attendances. */
  totals: Omit<SeriesRegionFigures, 'regionCode' | 'nameZh' | 'nameEn'> & { sessionsHeld: number };
  regions: (Omit<SeriesRegionFigures, 'regionCode' | 'nameZh' | 'nameEn'> & {
    code: string;
    nameZh: string;
    nameEn: string;
  })[];
  /** Organizations in more than one session held (of the basis), most sessions first. */
  returningOrganizations: ReturningOrganization[];
  /**
   * Each countable registration question by key, across the sessions held and per session: only sessions the caller
   * owns or manages, since answers are theirs to see (not the checkin role's, not another team's).
   */
  questions: SeriesQuestionFigures[];
  narrative: Narrative;
}

const NO_FIGURES = {
  people: 0,
  peopleAttended: 0,
  organizations: 0,
  organizationsAttended: 0,
  registrations: 0,
  attendances: 0,
};

/** The summary of a series: for its creator and for anyone on the team of one of its sessions (else 404). */
@Injectable()
export class SeriesSummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async seriesSummary(actor: Actor, seriesId: string): Promise<SeriesSummary> {
    return inTransaction(this.dataSource, 'REPEATABLE READ', async (db) => {
      const series = await seriesVisibleTo(db, seriesId, actor.organizerId);
      if (!series) throw new DomainError(ErrorCode.SERIES_NOT_FOUND, 'Series not found');
      const events = await eventsOfSeries(db, seriesId, actor.organizerId);
      const held = events.filter((e) => e.status === 'published');
      const heldIds = held.map((e) => e.id);
      const figures = new Map(
        (
          await sessionFigures(
            db,
            events.map((e) => e.id),
          )
        ).map((f) => [f.eventId, f]),
      );
      const regionRows = await seriesRegionFigures(db, heldIds);
      const returning = await returningOrganizations(db, heldIds);
      const roles = await rolesOnEvents(db, heldIds, actor.organizerId);
      const edited = held
        .filter((e) => EDITORS.some((role) => roles.get(e.id) === role))
        .map((e) => ({ id: e.id, sequenceNo: e.sequenceNo ?? 0, questions: e.questions }));
      const tally = tallyRequest(edited);
      const questions = seriesQuestionFigures(edited, await answerTallies(db, tally.questions, tally.uncounted));

      const sessions = events.map((e) => ({
        id: e.id,
        sequenceNo: e.sequenceNo ?? 0,
        title: e.title,
        startsAt: e.startsAt,
        status: e.status,
        registered: figures.get(e.id)?.registered ?? 0,
        attended: figures.get(e.id)?.attended ?? 0,
        organizations: figures.get(e.id)?.organizations ?? 0,
        organizationsAttended: figures.get(e.id)?.organizationsAttended ?? 0,
      }));
      // Attended figures only when every session held that had people also has attendance data.
      const withPeople = sessions.filter((s) => s.status === 'published' && s.registered > 0);
      const basis: Basis = withPeople.length > 0 && withPeople.every((s) => s.attended > 0) ? 'attended' : 'registered';
      const attended = basis === 'attended';
      const {
        regionCode: _,
        nameZh: _zh,
        nameEn: _en,
        ...totals
      } = regionRows.find((r) => r.regionCode === null) ?? {
        regionCode: null,
        nameZh: null,
        nameEn: null,
        ...NO_FIGURES,
      };
      const regions = regionRows
        .filter(
          (r): r is SeriesRegionFigures & { regionCode: string; nameZh: string; nameEn: string } => !!r.regionCode,
        )
        .map(({ regionCode, ...r }) => ({ code: regionCode, ...r }))
        .sort(
          (a, b) =>
            (attended ? b.peopleAttended - a.peopleAttended : b.people - a.people) ||
            b.people - a.people ||
            (a.code < b.code ? -1 : 1),
        );
      const returned = returning.filter((o) => (attended ? o.sessionsAttended : o.sessions) > 1);
      const first = held[0];
      const last = held[held.length - 1];
      return {
        series: { id: series.id, title: series.title, titleEn: series.titleEn },
        basis,
        sessions,
        totals: { ...totals, sessionsHeld: held.length },
        regions,
        returningOrganizations: returned,
        questions,
        narrative: seriesNarrative({
          title: series.title,
          titleEn: series.titleEn,
          basis,
          sessions: held.length,
          firstStartsAt: first?.startsAt ?? null,
          lastStartsAt: last?.startsAt ?? null,
          timezone: first?.timezone ?? 'Asia/Shanghai',
          people: attended ? totals.peopleAttended : totals.people,
          attendances: attended ? totals.attendances : totals.registrations,
          organizations: attended ? totals.organizationsAttended : totals.organizations,
          returningOrganizations: returned.length,
          regions: regions.filter((r) => (attended ? r.peopleAttended : r.people) > 0),
        }),
      };
    });
  }
}
