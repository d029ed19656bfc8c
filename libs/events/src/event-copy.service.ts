import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { inTransaction } from '@tongxin/database';
import { DataSource } from 'typeorm';
import { EDITORS, requireEventRole } from './event-access';
import { claimSequence, makeSlug } from './event-identity';
import { copyTeam, putMember } from './event-member.queries';
import { copyHostsAndAgenda, eventDetail, insertEvent } from './event.queries';
import type { EventDetail, EventFields } from './event.types';
import { EventsService, EventWithRole } from './events.service';
import { saveQuestions } from './questions/question.queries';
import { isActive } from './questions/question.types';

const WEEK_MS = 7 * 24 * 3600_000;

/**
 * The next session starts from the last one: "copy this event" makes a new draft in the same series (the next
 * number) with everything an organizer set (title, description, place, capacity and quotas, reminders, hosts,
 * agenda and speakers, the questions with their keys, the team) and nothing of its registrations, every time moved
 * by the same amount (default: a week later).
 */
@Injectable()
export class EventCopyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  async copy(actor: Actor, eventId: string, options: { startsAt?: string; title?: string }): Promise<EventWithRole> {
    const id = await inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      const source = (await eventDetail(db, eventId))!;
      const startsAt = options.startsAt ? new Date(options.startsAt) : new Date(source.startsAt.getTime() + WEEK_MS);
      const shift = startsAt.getTime() - source.startsAt.getTime();
      const sequenceNo = source.series ? await claimSequence(db, actor, source.series.id) : null;
      const fields = copiedFields(source, shift);
      if (options.title) fields.title = options.title.trim();
      else if (source.sequenceNo && sequenceNo)
        fields.title = nextSessionTitle(source.title, source.sequenceNo, sequenceNo);
      const newId = await insertEvent(db, {
        ...fields,
        slug: makeSlug(fields.titleEn),
        seriesId: source.series?.id ?? null,
        sequenceNo,
      });
      await copyTeam(db, eventId, newId);
      await putMember(db, newId, actor.organizerId, 'owner');
      await copyHostsAndAgenda(db, eventId, newId, shift);
      const questions = source.questions.filter(isActive);
      const narrative = questions.some((q) => q.key === source.narrativeQuestion) ? source.narrativeQuestion : null;
      if (questions.length > 0) await saveQuestions(db, newId, questions, narrative);
      return newId;
    });
    return this.events.get(actor, id);
  }
}

/** The source's fields with every time moved by `shiftMs`. */
function copiedFields(source: EventDetail, shiftMs: number): EventFields {
  const moved = (at: Date | null) => (at ? new Date(at.getTime() + shiftMs) : null);
  return {
    title: source.title,
    titleEn: source.titleEn,
    description: source.description,
    kind: source.kind,
    startsAt: moved(source.startsAt)!,
    endsAt: moved(source.endsAt)!,
    timezone: source.timezone,
    venue: source.venue,
    joinUrl: source.joinUrl,
    capacity: source.capacity,
    perOrganizationLimit: source.perOrganizationLimit,
    registrationOpensAt: moved(source.registrationOpensAt),
    registrationClosesAt: moved(source.registrationClosesAt),
    requiresApproval: source.requiresApproval,
    language: source.language,
    reminderOffsets: source.reminderOffsets,
    attendedMinMinutes: source.attendedMinMinutes,
  };
}

/** "公益大讲堂第23期" → "公益大讲堂第24期"; a title without the session's number is kept as it is. */
export function nextSessionTitle(title: string, from: number, to: number): string {
  return title.replace(new RegExp(`第\\s*${from}\\s*期`), `第${to}期`);
}
