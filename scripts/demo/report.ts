import { ApiError, sleep } from './api';
import { DemoContext, EventKey, figure, StepResult } from './context';

interface Counts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  cancelled: number;
}

const EVENT_NAMES: Record<EventKey, string> = {
  workshop: '京津冀协同发展社会组织研讨会',
  philanthropyClass: '老牛公益课 第23期',
  exchangeMeeting: '十周年交流会',
};

async function mailCounts(ctx: DemoContext, eventId: string, kind: string): Promise<Counts> {
  const page = await ctx.api.get<{ counts: Counts }>(`/api/events/${eventId}/messages?kind=${kind}&limit=1`);
  return page.counts;
}

const owed = (c: Counts) => c.queued + c.sending + c.sent + c.failed;

/**
 * Waits (at most a few minutes) until the reminders have fallen due and the worker has written them, and the
 * confirmations, into the local mail store; reports the delivery log of each event.
 */
export async function waitForMail(ctx: DemoContext, progress: (line: string) => void): Promise<StepResult> {
  const deadline = ctx.remindersDueAt.getTime() + 4 * 60_000;
  for (;;) {
    const rows: [EventKey, Counts, Counts][] = [];
    for (const [key, event] of Object.entries(ctx.events) as [EventKey, { id: string }][]) {
      rows.push([key, await mailCounts(ctx, event.id, 'confirmation'), await mailCounts(ctx, event.id, 'reminder')]);
    }
    const due = Date.now() >= ctx.remindersDueAt.getTime();
    const reminders = rows.reduce((n, [, , r]) => n + owed(r), 0);
    const pending = rows.reduce((n, [, c, r]) => n + c.queued + c.sending + r.queued + r.sending, 0);
    const sent = rows.reduce((n, [, c, r]) => n + c.sent + r.sent, 0);
    if ((due && reminders > 0 && pending === 0) || Date.now() > deadline) {
      return rows.map(([key, c, r]) => {
        const left = c.queued + c.sending + r.queued + r.sending;
        if (owed(c) + owed(r) === 0) return `${EVENT_NAMES[key]}: no mail`;
        const sent = `${figure(c.sent)} confirmations, ${figure(r.sent)} reminders sent`;
        return `${EVENT_NAMES[key]}: ${sent}${left > 0 ? ` (${figure(left)} still queued: the worker goes on)` : ''}`;
      });
    }
    const wait = due
      ? `${figure(sent)} sent, ${figure(pending)} queued`
      : `reminders due in ${Math.ceil((ctx.remindersDueAt.getTime() - Date.now()) / 1000)} s, ${figure(sent)} sent`;
    progress(wait);
    await sleep(2000);
  }
}

/** The summary of each event: its figures and the paragraph in both languages. */
export async function printSummaries(ctx: DemoContext): Promise<StepResult> {
  const lines: string[] = [];
  for (const [key, event] of Object.entries(ctx.events) as [EventKey, { id: string }][]) {
    const s = await ctx.api.get<Summary>(`/api/events/${event.id}/summary`);
    const figures = [
      `${s.basis === 'attended' ? 'attended' : 'registered'}: ${figure(s.basis === 'attended' ? s.people.attended : s.people.registered)} people`,
      `${figure(s.basis === 'attended' ? s.organizations.attended : s.organizations.registered)} organizations`,
      `${s.regions.filter((r) => (s.basis === 'attended' ? r.attended : r.registered) > 0).length} regions`,
      ...(s.intentions.total > 0
        ? [`${s.intentions.total} intentions, ${s.intentions.signedOnSite} signed on site`]
        : []),
    ];
    lines.push('', `■ ${EVENT_NAMES[key]} (${figures.join(', ')})`, `  ${s.narrative.zh}`, `  ${s.narrative.en}`);
  }
  return lines;
}

/** What the local mail store (GET /api/dev/mail, on under npm start) shows: the newest messages. */
export async function showMailStore(ctx: DemoContext): Promise<StepResult> {
  try {
    const mail = await ctx.api.get<{ subject?: string; to?: string }[]>('/api/dev/mail');
    const latest = mail.slice(0, 3).map((m) => `  ${m.to ?? ''}  ${m.subject ?? ''}`);
    return [`${ctx.api.baseUrl}/api/dev/mail lists the newest ${mail.length} messages, e.g.:`, ...latest];
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      return 'the local mail store is off (DEV_MAIL): mail went to SMTP_URL';
    throw e;
  }
}

interface Summary {
  basis: 'attended' | 'registered';
  people: { registered: number; attended: number };
  organizations: { registered: number; attended: number };
  regions: { registered: number; attended: number }[];
  intentions: { total: number; signedOnSite: number };
  narrative: { zh: string; en: string };
}
