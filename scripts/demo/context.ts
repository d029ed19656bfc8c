import type { Api } from './api';
import type { Generator, Organization } from './generate';

/** What the steps share: the client, the run's suffix, when the events start, and what earlier steps made. */
export interface DemoContext {
  api: Api;
  /** Unique per run: a second run makes a second organizer and a second set of events. */
  runId: string;
  gen: Generator;
  /** All three events start a few minutes from now, so their reminders fall due while the demo runs. */
  startsAt: Date;
  reminderOffset: string;
  /**
   * Whether the 12,680 people of the class are mailed (a confirmation and a reminder each: about 25,000 messages,
   * 300 MB in the local mail store). Off unless DEMO_CLASS_MAIL=true.
   */
  classMail: boolean;
  /** The moment the reminders fall due. */
  remindersDueAt: Date;
  events: Partial<Record<EventKey, CreatedEvent>>;
  /** Host organizations by name, created (or found) once. */
  hosts: Map<string, string>;
}

export type EventKey = 'workshop' | 'philanthropyClass' | 'exchangeMeeting';

export interface CreatedEvent {
  id: string;
  slug: string;
  title: string;
  organizations: Organization[];
  seriesId?: string;
}

/** Notes a step prints under its progress line (numbers the reader should see). */
export type StepResult = string | string[] | void;

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `2026-11-26T14:03:00+08:00`: a time as the API takes it, in Beijing wall-clock time. */
export function beijingIso(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** `2026-11-26 14:03:00`: Beijing wall-clock text, as Tencent Meeting writes its times. */
export function beijingText(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

/**
 * The end of a one-day event `length` minutes long from `start`, kept within the Beijing calendar day (so the summary
 * reads 11月27日, not 11月27日至28日) unless less than an hour of the day is left.
 */
export function sameDayEnd(start: Date, length: number): Date {
  const wall = start.getTime() + BEIJING_OFFSET_MS;
  const midnight = new Date(wall - (wall % 86_400_000) + 86_400_000 - BEIJING_OFFSET_MS);
  const dayEnd = minutes(midnight, -1);
  const end = minutes(start, length);
  return end <= dayEnd || dayEnd.getTime() - start.getTime() < 3_600_000 ? end : dayEnd;
}

/** `offset` minutes into an event, kept between its start and its end (for agenda items of a shortened day). */
export function into(start: Date, end: Date, offset: number): Date {
  return new Date(Math.min(minutes(start, offset).getTime(), end.getTime()));
}

/** 12680 → "12,680". */
export const figure = (n: number) => n.toLocaleString('en-US');
