/**
 * How a reporter writes figures and lists, in Chinese and English: the building blocks of narrative.ts. Pure and
 * deterministic.
 */

/** A figure as printed: `shown`, and whether the text says "more than" (余) because shown < value. */
export interface ReportedFigure {
  value: number;
  shown: number;
  more: boolean;
}

/**
 * The rounding rule. Figures of four digits and more are rounded DOWN (so the text never states more than the data)
 * to their two leading digits: 12,345 → 12000余 / "more than 12,000", 1,234 → 1200余 (this drops less than a tenth).
 * Two- and three-digit figures are rounded down to their leading digit only when that drops less than a tenth:
 * 42 → 40余, 105 → 100余, but 46, 144 and 467 stay exact. Nothing is rounded that would drop nothing (12,000, 50),
 * and figures below `exactBelow` are always exact (delegates under 100 are counted to the person).
 */
export function reportedFigure(value: number, exactBelow = 10): ReportedFigure {
  const exact = { value, shown: value, more: false };
  if (!Number.isInteger(value) || value < Math.max(10, exactBelow)) return exact;
  const digits = String(value).length;
  const grain = 10 ** (digits >= 4 ? digits - 2 : digits - 1);
  const shown = Math.floor(value / grain) * grain;
  const dropped = value - shown;
  return dropped > 0 && dropped * 10 < value ? { value, shown, more: true } : exact;
}

/** 12000 → "12000余"; 46 → "46". Chinese news copy writes the digits without separators. */
export function zhFigure(f: ReportedFigure): string {
  return f.more ? `${f.shown}余` : String(f.shown);
}

/** 12345 → "12,345". */
export function enNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "more than 12,000 people", "46 delegates", "1 organization". */
export function enFigure(f: ReportedFigure, singular: string, plural: string): string {
  const noun = !f.more && f.shown === 1 ? singular : plural;
  return `${f.more ? 'more than ' : ''}${enNumber(f.shown)} ${noun}`;
}

/** 北京、天津、河北 */
export function zhList(items: string[]): string {
  return items.join('、');
}

/** "Beijing, Tianjin and Hebei" (news style: no serial comma). */
export function enList(items: string[], last = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

const ZH_DIGITS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 2 → 两, 3 → 三 … 10 → 十; larger counts stay in digits. */
export function zhCount(n: number): string {
  return ZH_DIGITS[n] ?? String(n);
}

const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** 2 → "two" … 9 → "nine"; larger counts stay in digits ("12"). */
export function enCount(n: number): string {
  return EN_DIGITS[n] ?? enNumber(n);
}

/** "an exchange meeting", "a seminar". */
export function enIndefinite(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** What kind of gathering a Chinese title ends by naming, in English; the first ending that fits wins. */
const EVENT_KINDS: [zh: string, en: string][] = [
  ['交流会', 'exchange meeting'],
  ['研讨会', 'seminar'],
  ['座谈会', 'symposium'],
  ['分享会', 'sharing session'],
  ['推介会', 'promotion meeting'],
  ['发布会', 'launch'],
  ['年会', 'annual meeting'],
  ['峰会', 'summit'],
  ['论坛', 'forum'],
  ['大会', 'conference'],
  ['工作坊', 'workshop'],
  ['培训班', 'training course'],
  ['培训', 'training course'],
  ['讲座', 'lecture'],
  ['沙龙', 'salon'],
  ['课堂', 'class'],
  ['课', 'class'],
  ['博览会', 'expo'],
  ['展览', 'exhibition'],
  ['会', 'meeting'],
];

/**
 * "exchange meeting" for …成果展示交流会, "salon" for 社工沙龙, "event" when the title does not end by naming a kind:
 * how the English copy refers to an event whose title it cannot print. A bracketed ending (（第一期）) is passed over.
 */
export function enEventKind(titleZh: string): string {
  const title = titleZh
    .normalize('NFKC')
    .trim()
    .replace(/\s*[(\[【][^)\]】]*[)\]】]$/, '');
  return EVENT_KINDS.find(([zh]) => title.endsWith(zh))?.[1] ?? 'event';
}

/** 1 → 1st, 2 → 2nd, 11 → 11th, 23 → 23rd. */
export function enOrdinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** The calendar day of an instant in a time zone (the event's), from Intl so daylight saving is right. */
export function calendarDay(at: Date, timeZone: string): CalendarDay {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const sameDay = (a: CalendarDay, b: CalendarDay) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The days an event ran, as a dateline: 8月12日 / 12月5日至6日 / 11月30日至12月1日 (the year is left out, as in
 * news copy written when it happened; multi-year spans keep it).
 */
export function zhDays(from: CalendarDay, to: CalendarDay): string {
  const start = `${from.month}月${from.day}日`;
  if (sameDay(from, to)) return start;
  if (from.year !== to.year) return `${from.year}年${start}至${to.year}年${to.month}月${to.day}日`;
  return from.month === to.month ? `${start}至${to.day}日` : `${start}至${to.month}月${to.day}日`;
}

/** "On August 12" / "From December 5 to 6" / "From November 30 to December 1". */
export function enDays(from: CalendarDay, to: CalendarDay): string {
  const start = `${EN_MONTHS[from.month - 1]} ${from.day}`;
  if (sameDay(from, to)) return `On ${start}`;
  if (from.year !== to.year) return `From ${start}, ${from.year} to ${EN_MONTHS[to.month - 1]} ${to.day}, ${to.year}`;
  return from.month === to.month
    ? `From ${start} to ${to.day}`
    : `From ${start} to ${EN_MONTHS[to.month - 1]} ${to.day}`;
}

/** 2026年8月 / "August 2026". */
export function zhMonth(d: CalendarDay): string {
  return `${d.year}年${d.month}月`;
}

export function enMonth(d: CalendarDay): string {
  return `${EN_MONTHS[d.month - 1]} ${d.year}`;
}

/** 2026年8月12日 / "August 12, 2026": for headings, where the year belongs. */
export function zhDate(d: CalendarDay): string {
  return `${d.year}年${d.month}月${d.day}日`;
}

export function enDate(d: CalendarDay): string {
  return `${EN_MONTHS[d.month - 1]} ${d.day}, ${d.year}`;
}
