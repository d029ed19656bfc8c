import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import { DomainError, ErrorCode } from '@tongxin/common';
import { EDITORS, requireEventRole } from '@tongxin/events';
import { existingOrganizationIds } from '@tongxin/organizations';
import { DataSource } from 'typeorm';
import { changedIntention, checkedIntention, checkParties, IntentionPatch } from './intention-rules';
import { insertIntention, intentionOfEvent, intentionsOfEvent, updateIntention } from './intention.queries';
import { countIntentions, IntentionCounts, IntentionField, IntentionStatus, IntentionView } from './intention.types';
import { inTransaction } from '@tongxin/database';

export interface IntentionList extends IntentionCounts {
  items: IntentionView[];
}

/** As the API takes it: signedAt an ISO 8601 date-time with an offset. */
export interface NewIntention {
  title: string;
  organizationIds: string[];
  field: IntentionField;
  status: IntentionStatus;
  signedAt?: string;
}

export type IntentionChange = Omit<IntentionPatch, 'signedAt'> & { signedAt?: string | null };

const toDate = (at: string | null | undefined) => (at === undefined ? undefined : at === null ? null : new Date(at));

/** Cooperation intentions of an event: recorded and moved on by owners and managers, listed to the whole team. */
@Injectable()
export class IntentionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(actor: Actor, eventId: string, input: NewIntention): Promise<IntentionView> {
    return inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      checkParties(input.organizationIds, await existingOrganizationIds(db, [...new Set(input.organizationIds)]));
      const fields = checkedIntention({
        title: input.title.trim(),
        field: input.field,
        status: input.status,
        signedAt: toDate(input.signedAt) ?? null,
      });
      const id = await insertIntention(db, eventId, fields, [...new Set(input.organizationIds)]);
      return (await intentionOfEvent(db, eventId, id))!;
    });
  }

  async update(actor: Actor, eventId: string, intentionId: string, change: IntentionChange): Promise<IntentionView> {
    return inTransaction(this.dataSource, async (db) => {
      await requireEventRole(db, actor, eventId, EDITORS);
      const current = await intentionOfEvent(db, eventId, intentionId, true);
      if (!current) throw new DomainError(ErrorCode.NOT_FOUND, 'Intention not found');
      await updateIntention(
        db,
        intentionId,
        changedIntention(current, { ...change, signedAt: toDate(change.signedAt) }),
      );
      return (await intentionOfEvent(db, eventId, intentionId))!;
    });
  }

  async list(actor: Actor, eventId: string): Promise<IntentionList> {
    const db = this.dataSource.manager;
    await requireEventRole(db, actor, eventId);
    const items = await intentionsOfEvent(db, eventId);
    return { items, ...countIntentions(items.map((i) => ({ field: i.field, status: i.status, count: 1 }))) };
  }
}
