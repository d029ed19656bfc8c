import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongxin/accounts';
import {
  DomainError,
  ErrorCode,
  normalizeEmail,
  normalizeName,
  readTable,
  uploadLimits,
  UploadLimits,
} from '@tongxin/common';
import type { Env } from '@tongxin/config';
import {
  Answers,
  claimSeatsBulk,
  EDITORS,
  eventById,
  EventView,
  Question,
  readAnswers,
  releaseSeatsBulk,
  requireEventRole,
} from '@tongxin/events';
import { OutboxService, oweMessages } from '@tongxin/outbox';
import {
  insertUnverifiedOrganizations,
  isValidCreditCode,
  listRegions,
  matchOrganizations,
  normalizeCreditCode,
  OrganizationType,
} from '@tongxin/organizations';
import { isEmail } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { answerColumns, answerFromCell } from './answer-columns';
import { ImportColumn, mapHeaders, parseOrganizationType } from './columns';
import { normalizeMainlandMobile } from './phone';
import { assertQuestionsUnchanged, newPerson } from './registration-steps';
import { insertRegistrations, registeredEmails } from './registration.queries';
import type { InitialStatus } from './registration.types';
import { inTransaction } from '@tongxin/database';

const INSERT_CHUNK = 5_000;

export interface RejectedRow {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  code: string;
  message: string;
}

export interface ImportReport {
  dryRun: boolean;
  /** Rows that became registrations (or would, in a dry run). */
  created: number;
  confirmed: number;
  waitlisted: number;
  pending: number;
  /** Rows whose email is already registered for the event: left as they are. */
  duplicates: number;
  rejected: RejectedRow[];
}

interface GoodRow {
  row: number;
  name: string;
  email: string;
  phone: string | null;
  jobTitle: string | null;
  organization: { name: string | null; creditCode: string | null; regionCode: string | null; type: OrganizationType };
  organizationId?: string;
  answers: Answers;
}

@Injectable()
export class RegistrationImportService {
  private readonly limits: UploadLimits;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    config: ConfigService<Env, true>,
  ) {
    this.limits = uploadLimits(config);
  }

  /**
   * Imports a CSV or XLSX list. Every row is checked; bad rows are reported with their row number and reason and
   * the good ones go in, all in one transaction, with set-based SQL: organizations resolved and created in bulk,
   * seats claimed per organization in one pass, registrations inserted with unnest in chunks. Unless notify is
   * false, each person imported is owed a confirmation (with links of their own), in the same transaction.
   */
  async import(actor: Actor, eventId: string, file: Buffer, dryRun: boolean, notify = true): Promise<ImportReport> {
    await requireEventRole(this.dataSource.manager, actor, eventId, EDITORS);
    const event = (await eventById(this.dataSource.manager, eventId))!;
    if (event.status === 'cancelled')
      throw new DomainError(ErrorCode.EVENT_NOT_EDITABLE, 'A cancelled event takes no registrations');

    const { good, rejected } = await this.validate(await this.readFile(file), event.questions);
    const report: ImportReport = {
      dryRun,
      created: 0,
      confirmed: 0,
      waitlisted: 0,
      pending: 0,
      duplicates: 0,
      rejected,
    };

    const messages: string[] = [];
    const run = async (db: EntityManager) => {
      const existing = new Set(
        await registeredEmails(
          db,
          eventId,
          good.map((r) => r.email),
        ),
      );
      const fresh = good.filter((r) => !existing.has(r.email));
      report.duplicates = good.length - fresh.length;
      const unresolved = await this.resolveOrganizations(db, fresh, !dryRun);
      for (const r of unresolved) {
        report.rejected.push({
          row: r.row,
          code: 'UNKNOWN_ORGANIZATION',
          message: 'organization name and region are needed for an organization not yet known',
        });
      }
      // In a dry run, organizations that would be created have no id yet: they still count.
      const rows = fresh.filter((r) => !unresolved.includes(r));
      report.rejected.sort((a, b) => a.row - b.row);
      if (dryRun) return this.predict(event, rows, report);
      const created = await this.write(db, event, rows, report);
      if (notify) messages.push(...(await oweMessages(db, 'confirmation', { registrationIds: created })));
      return report;
    };
    if (dryRun) return run(this.dataSource.manager);
    const result = await inTransaction(this.dataSource, run);
    await this.outbox.dispatch(messages);
    return result;
  }

  /** The first sheet's rows; every UPLOAD_MAX_* limit (rows included) is checked while the file is read. */
  private async readFile(file: Buffer): Promise<string[][]> {
    const table = await readTable(file, this.limits);
    if (table.length < 2)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The file needs a header row and at least one row');
    return table;
  }

  private async validate(
    table: string[][],
    questions: Question[],
  ): Promise<{ good: GoodRow[]; rejected: RejectedRow[] }> {
    const columns = mapHeaders(table[0]!);
    const answerColumnOf = answerColumns(questions, table[0]!);
    const missing = (['name', 'email'] as ImportColumn[]).filter((c) => !columns.includes(c));
    if (!columns.includes('organization') && !columns.includes('creditCode')) missing.push('organization');
    if (missing.length > 0) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `The header row lacks: ${missing.join(', ')} (e.g. 姓名, 邮箱, 单位)`,
      );
    }
    const regions = new Set((await listRegions(this.dataSource.manager)).map((r) => r.code));
    const seen = new Map<string, number>();
    const good: GoodRow[] = [];
    const rejected: RejectedRow[] = [];
    table.slice(1).forEach((cells, i) => {
      const row = i + 2;
      const get = (column: ImportColumn) => {
        const index = columns.indexOf(column);
        return index < 0 ? '' : (cells[index] ?? '').trim();
      };
      const reject = (code: string, message: string) => rejected.push({ row, code, message });
      if (cells.every((c) => !c.trim())) return;
      const name = get('name');
      const email = normalizeEmail(get('email'));
      const phoneText = get('phone');
      const creditText = get('creditCode');
      const creditCode = creditText ? normalizeCreditCode(creditText) : null;
      const regionCode = get('regionCode') || null;
      const typeText = get('orgType');
      const type = typeText ? parseOrganizationType(typeText) : 'other';
      const orgName = get('organization') || null;
      if (!name || name.length > 100) return reject('INVALID_NAME', 'name is required (at most 100 characters)');
      if (!isEmail(email)) return reject('INVALID_EMAIL', `"${get('email')}" is not an email address`);
      const phone = phoneText ? normalizeMainlandMobile(phoneText) : null;
      if (phone === undefined) return reject('INVALID_PHONE', `"${phoneText}" is not a mainland mobile number`);
      if (creditCode && !isValidCreditCode(creditCode))
        return reject('INVALID_CREDIT_CODE', `"${creditText}" is not a valid unified social credit code`);
      if (regionCode && !regions.has(regionCode))
        return reject('UNKNOWN_REGION', `"${regionCode}" is not a provincial-level division code`);
      if (!type) return reject('INVALID_ORG_TYPE', `"${typeText}" is not an organization type`);
      if (!orgName && !creditCode)
        return reject('MISSING_ORGANIZATION', 'an organization name or credit code is required');
      const answers = readAnswers(
        questions,
        Object.fromEntries(
          questions
            .filter((q) => answerColumnOf.has(q.key))
            .map((q) => [q.key, answerFromCell(q, cells[answerColumnOf.get(q.key)!] ?? '')]),
        ),
        'single',
        'answers',
        { required: false },
      );
      if (!answers.ok) {
        const labels = new Map(questions.map((q) => [q.key, q.labelZh]));
        const problems = answers.errors.map((e) => {
          const key = e.field.slice('answers.'.length);
          return `${labels.get(key) ?? key} (${key}): ${e.errors[0]!.slice(e.field.length + 1)}`;
        });
        return reject('INVALID_ANSWER', problems.join('; '));
      }
      const first = seen.get(email);
      if (first) return reject('DUPLICATE_IN_FILE', `${email} already appears in row ${first}`);
      seen.set(email, row);
      good.push({
        row,
        name,
        email,
        phone,
        jobTitle: get('jobTitle') || null,
        organization: { name: orgName, creditCode, regionCode, type },
        answers: answers.answers,
      });
    });
    return { good, rejected };
  }

  /**
   * Sets organizationId on every row it can, by the rule every registration path shares (matchOrganizations): the
   * verified organization holding the credit code, else the same normalized name in the region. A row with only a
   * credit code that no verified organization holds stays unresolved. With create = true the organizations still
   * missing are added (unverified, with the code as given) in one statement. Returns the rows left unresolved.
   */
  private async resolveOrganizations(db: EntityManager, rows: GoodRow[], create: boolean): Promise<GoodRow[]> {
    const keys = rows.map((r) => ({
      creditCode: r.organization.creditCode,
      regionCode: r.organization.regionCode,
      nameNormalized: r.organization.name ? normalizeName(r.organization.name) : null,
    }));
    const lookup = async () => {
      const ids = await matchOrganizations(db, keys);
      rows.forEach((r, i) => (r.organizationId = ids[i]));
      return rows.filter((r) => !r.organizationId);
    };
    const missing = await lookup();
    const creatable = missing.filter((r) => r.organization.name && r.organization.regionCode);
    if (!create || creatable.length === 0) return create ? missing : missing.filter((r) => !creatable.includes(r));
    await insertUnverifiedOrganizations(
      db,
      creatable.map((r) => ({
        name: r.organization.name!.trim(),
        nameNormalized: normalizeName(r.organization.name!),
        type: r.organization.type,
        regionCode: r.organization.regionCode!,
        creditCode: r.organization.creditCode,
      })),
    );
    return lookup();
  }

  /** Dry run: counts what would happen against the event's free seats now (not per-organization quotas); writes nothing. */
  private predict(event: EventView, rows: GoodRow[], report: ImportReport) {
    report.created = rows.length;
    if (event.requiresApproval) {
      report.pending = report.created;
      return report;
    }
    report.confirmed = Math.min(
      report.created,
      event.capacity === null ? report.created : event.capacity - event.confirmedCount,
    );
    report.waitlisted = report.created - report.confirmed;
    return report;
  }

  /** Claims seats and inserts the rows; fills in the report and returns the ids of the registrations created. */
  private async write(db: EntityManager, event: EventView, rows: GoodRow[], report: ImportReport) {
    const created: string[] = [];
    const perOrg = new Map<string, number>();
    for (const r of rows) perOrg.set(r.organizationId!, (perOrg.get(r.organizationId!) ?? 0) + 1);
    const granted = event.requiresApproval
      ? new Map<string, number>()
      : await claimSeatsBulk(
          db,
          event.id,
          [...perOrg].map(([organizationId, count]) => ({ organizationId, count })),
        );
    // The answers were checked against the questions read before the transaction: still the same ones?
    await assertQuestionsUnchanged(db, event.id, event.questionsVersion);
    const left = new Map(granted);
    const statuses = rows.map((r): InitialStatus => {
      if (event.requiresApproval) return 'pending';
      const n = left.get(r.organizationId!) ?? 0;
      if (n === 0) return 'waitlisted';
      left.set(r.organizationId!, n - 1);
      return 'confirmed';
    });
    const usedByOrg = new Map<string, number>();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK).map((r, i) => ({
        ...newPerson(r, event.language, r.answers),
        organizationId: r.organizationId!,
        groupId: null,
        status: statuses[start + i]!,
        source: 'import' as const,
      }));
      const inserted = await insertRegistrations(db, event.id, chunk);
      for (const r of inserted) {
        created.push(r.id);
        report[r.status] += 1;
        if (r.status === 'confirmed') usedByOrg.set(r.organizationId, (usedByOrg.get(r.organizationId) ?? 0) + 1);
      }
      report.created += inserted.length;
      report.duplicates += chunk.length - inserted.length;
    }
    // Rows that lost an insert race to a registration made meanwhile give their claimed seats back.
    const unused = new Map([...granted].map(([org, n]) => [org, n - (usedByOrg.get(org) ?? 0)]));
    await releaseSeatsBulk(db, event.id, unused);
    return created;
  }
}
