import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { EDITORS, EventDetail, eventDetail, HOST_ROLES, requireEventRole } from '@tongxin/events';
import { listRegions } from '@tongxin/organizations';
import { DataSource, EntityManager } from 'typeorm';
import { countIntentions } from './intention.types';
import { eventNarrative } from './narrative';
import { narratedQuestion } from './narrative-questions';
import { questionFigures, tallyRequest } from './question-figures';
import { answerTallies } from './question-figures.queries';
import { attendanceRate, rollUp } from './summary-figures';
import { eventSideFigures, organizationFigures } from './summary.queries';
import type { EventSummary } from './summary.types';
import { inTransaction } from '@tongxin/database';

/**
 * The post-event summary of one event: figures from a fixed handful of aggregates (the event page's three reads,
 * the per-organization figures, the event's other figures, the region names, the answers to its questions), read
 * in one snapshot, and the narrative written from them.
 */
@Injectable()
export class SummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Owners and managers (the checkin role gets 403, anyone off the team 404). */
  async eventSummary(actor: Actor, eventId: string): Promise<EventSummary> {
    return inTransaction(this.dataSource, 'REPEATABLE READ', async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      return summarize(db, (await eventDetail(db, eventId))!);
    });
  }
}

export async function summarize(db: EntityManager, event: EventDetail): Promise<EventSummary> {
  const earlier = event.series && event.sequenceNo ? { seriesId: event.series.id, sequenceNo: event.sequenceNo } : null;
  const orgs = rollUp(await organizationFigures(db, event.id, earlier));
  const side = await eventSideFigures(db, event.id);
  const allRegions = await listRegions(db);
  const tally = tallyRequest([event]);
  const questions = questionFigures(event.questions, await answerTallies(db, tally.questions, tally.uncounted));
  const intentions = {
    ...countIntentions(side.intentions),
    signed: side.intentions.filter((i) => i.status === 'signed').reduce((n, i) => n + i.count, 0),
    signedOnSite: side.intentions.filter((i) => i.status === 'signed').reduce((n, i) => n + i.onSite, 0),
  };
  const speakers = uniqueSpeakers(event);
  const attended = orgs.basis === 'attended';
  const narrative = eventNarrative({
    title: event.title,
    titleEn: event.titleEn,
    series: earlier && { title: event.series!.title, titleEn: event.series!.titleEn, sequenceNo: earlier.sequenceNo },
    kind: event.kind,
    cancelled: event.status === 'cancelled',
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    venue: event.venue,
    basis: orgs.basis,
    people: attended ? orgs.people.attended : orgs.people.registered,
    organizations: attended ? orgs.organizations.attended : orgs.organizations.registered,
    regions: orgs.regions.filter((r) => (attended ? r.attended : r.registered) > 0),
    allRegions,
    hosts: event.hosts.map((h) => ({
      role: h.role,
      name: h.organization.name,
      nameEn: h.organization.nameEn,
      regionCode: h.organization.region.code,
    })),
    speakers,
    intentions,
    question: narratedQuestion(
      questions.find((q) => q.key === event.narrativeQuestion),
      orgs.basis,
    ),
  });
  return {
    event: {
      id: event.id,
      title: event.title,
      titleEn: event.titleEn,
      kind: event.kind,
      status: event.status,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timezone: event.timezone,
      venue: event.venue,
      language: event.language,
      attendedMinMinutes: side.attendedMinMinutes,
      narrativeQuestion: event.narrativeQuestion,
    },
    series: earlier && {
      id: earlier.seriesId,
      title: event.series!.title,
      titleEn: event.series!.titleEn,
      sequenceNo: earlier.sequenceNo,
      newOrganizations: orgs.newOrganizations,
      returningOrganizations: orgs.returningOrganizations,
    },
    basis: orgs.basis,
    registrations: orgs.registrations,
    attendance: {
      confirmed: orgs.registrations.confirmed,
      attended: orgs.people.attended,
      attendanceRate: attendanceRate(orgs.confirmedAttended, orgs.registrations.confirmed),
      checkedIn: orgs.checkedIn,
      joinedOnline: orgs.joinedOnline,
      attendedByImport: orgs.attendedByImport,
      unregisteredParticipants: side.unregisteredParticipants,
      unregisteredAttended: side.unregisteredAttended,
    },
    people: orgs.people,
    organizations: orgs.organizations,
    regions: orgs.regions,
    organizationTypes: orgs.organizationTypes,
    hosts: HOST_ROLES.map((role) => ({
      role,
      organizations: event.hosts
        .filter((h) => h.role === role)
        .map(({ organization: o }) => ({ id: o.id, name: o.name, nameEn: o.nameEn })),
    })).filter((h) => h.organizations.length > 0),
    agenda: event.agenda,
    speakers,
    messages: side.messages,
    intentions,
    questions,
    narrative,
    organizationList: orgs.organizationList,
  };
}

function uniqueSpeakers(event: EventDetail): { name: string; affiliation: string | null }[] {
  const seen = new Set<string>();
  return event.agenda
    .filter((a): a is typeof a & { speaker: string } => !!a.speaker)
    .map((a) => ({ name: a.speaker, affiliation: a.speakerAffiliation }))
    .filter((s) => {
      const key = `${s.name}\u0000${s.affiliation ?? ''}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}
