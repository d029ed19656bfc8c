/*
 * Times and durations as meeting platforms write them. A time without an offset is wall-clock time in a zone (the
 * event's); Intl tells the zone's offset at an instant, so there is no timezone table here.
 */

/** Wall-clock fields; month 1-12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). */
export function zoneOffsetAt(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time in a zone names. Two passes find the offset in force at that time; a time that a
 * clock change skips or repeats resolves to the offset before the change, as most software does.
 */
export function zonedToInstant(wall: WallClock, zone: string): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = local - zoneOffsetAt(zone, local);
  const second = local - zoneOffsetAt(zone, first);
  return second === first ? first : local - zoneOffsetAt(zone, second);
}

/** Excel's day 0 (serial numbers count days from 1899-12-30; the fraction is the time of day). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** An Excel date serial as wall-clock fields, to the nearest second. */
export function excelSerialToWall(serial: number): WallClock {
  const at = new Date(EXCEL_EPOCH + Math.round(serial * 86_400) * 1000);
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
  };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `2026-03-14 14:00:00`, `2026/3/14 14:00`, `2026.07.21 11:01:40`, `2026年3月14日 14:00`, ISO `T`. */
const YEAR_FIRST = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(.+))?$/;
/** Zoom: `03/14/2026 02:00:00 PM` (month first, unless the first number cannot be a month). */
const YEAR_LAST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[\s,]+(.+))?$/;
/** `Mar 14, 2026 02:00 PM`. */
const MONTH_NAME = /^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,]+(.+))?$/i;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|上午|下午)?$/i;
/** Feishu's `(GMT+08:00)`, or `GMT+8` / `UTC+08:00` / `UTC` at the end. */
const NAMED_OFFSET = /\s*\(?\s*(?:gmt|utc)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\s*\)?$/i;
/** ISO 8601 after the seconds: `Z`, `+08:00`, `+0800`. */
const ISO_OFFSET = /(?<=\d)\s*(?:(z)|([+-])(\d{2}):?(\d{2}))$/i;

/** What a time cell can say: an instant, "not given" (empty), "still in the meeting" (`--`), or nonsense. */
export type ParsedTime = { at: number } | { missing: true } | { open: true } | { invalid: true };

/**
 * Reads a time as the platforms write it, wall-clock in `zone` unless it carries an offset. Also takes an Excel
 * serial number (a date cell of an XLSX reads as one).
 */
export function parseTime(text: string, zone: string): ParsedTime {
  const value = text.normalize('NFKC').trim();
  if (!value) return { missing: true };
  if (/^[-–—]{1,2}$/.test(value)) return { open: true };
  if (/^\d+(\.\d+)?$/.test(value)) {
    const serial = Number(value);
    // 1 Jan 1990 .. 2100: a serial; anything else is not a date.
    if (serial > 32_874 && serial < 73_051) return { at: zonedToInstant(excelSerialToWall(serial), zone) };
    return { invalid: true };
  }
  const { rest, offset } = splitOffset(value);
  const wall = wallClockOf(rest.trim());
  if (!wall) return { invalid: true };
  if (offset === undefined) return { at: zonedToInstant(wall, zone) };
  return { at: Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offset };
}

/** The text without its offset, and the offset in milliseconds east of UTC (undefined: none written). */
function splitOffset(value: string): { rest: string; offset?: number } {
  if (!value.includes(':')) return { rest: value };
  const toMs = (sign: string | undefined, hours = '0', minutes = '0') =>
    (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
  const named = NAMED_OFFSET.exec(value);
  if (named) return { rest: value.slice(0, named.index), offset: toMs(named[1], named[2], named[3]) };
  const iso = ISO_OFFSET.exec(value);
  if (iso) return { rest: value.slice(0, iso.index), offset: iso[1] ? 0 : toMs(iso[2], iso[3], iso[4]) };
  return { rest: value };
}

function wallClockOf(text: string): WallClock | undefined {
  let year: number, month: number, day: number;
  let clock: string | undefined;
  let match = YEAR_FIRST.exec(text);
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    clock = match[4];
  } else if ((match = YEAR_LAST.exec(text))) {
    const [a, b] = [Number(match[1]), Number(match[2])];
    [month, day] = a > 12 ? [b, a] : [a, b];
    year = Number(match[3]);
    clock = match[4];
  } else if ((match = MONTH_NAME.exec(text))) {
    month = MONTHS.indexOf(match[1]!.toLowerCase()) + 1;
    [day, year] = [Number(match[2]), Number(match[3])];
    clock = match[4];
  } else {
    return undefined;
  }
  const time = clock === undefined ? { hour: 0, minute: 0, second: 0 } : clockOf(clock.trim());
  if (!time || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const wall = { year, month, day, ...time };
  // Refuse 2026-02-31 and the like rather than roll them over.
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 ? wall : undefined;
}

function clockOf(text: string): Pick<WallClock, 'hour' | 'minute' | 'second'> | undefined {
  // 上午/下午 may also come first: `下午 2:00:00`.
  const marker = /^(上午|下午)\s*(.+)$/.exec(text);
  const match = CLOCK.exec(marker ? `${marker[2]} ${marker[1]}` : text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const [minute, second] = [Number(match[2]), Number(match[3] ?? 0)];
  const meridiem = match[4]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const afternoon = meridiem === 'pm' || meridiem === '下午';
    hour = (hour % 12) + (afternoon ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second };
}

/**
 * A duration in seconds, or undefined when the cell is empty or `--`, or null when it cannot be read.
 * `clock` cells (Tencent: `1:23:45`) read a bare number below 1 as Excel's fraction of a day (a time-formatted cell);
 * `minutes` cells (Zoom's `Duration (Minutes)`, 时长(分钟)) read a bare number as minutes. Both read `H:MM:SS`,
 * `H:MM` and `1小时23分45秒` / `1h 23m`.
 */
export function parseDuration(text: string, unit: 'clock' | 'minutes'): number | undefined | null {
  const value = text.normalize('NFKC').trim().toLowerCase();
  if (!value || /^[-–—]{1,2}$/.test(value)) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const n = Number(value);
    return Math.round(unit === 'clock' && n < 1 ? n * 86_400 : n * 60);
  }
  const clock = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(value);
  if (clock) {
    const [a, b, c] = [Number(clock[1]), Number(clock[2]), clock[3] === undefined ? undefined : Number(clock[3])];
    return c === undefined ? a * 3600 + b * 60 : a * 3600 + b * 60 + c;
  }
  const units =
    /^(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h|hr|hrs|hours?))?\s*(?:(\d+(?:\.\d+)?)\s*(?:分钟|分|m|min|mins|minutes?))?\s*(?:(\d+)\s*(?:秒钟|秒|s|sec|secs|seconds?))?$/;
  const spelled = units.exec(value);
  if (spelled && (spelled[1] || spelled[2] || spelled[3])) {
    return Math.round(Number(spelled[1] ?? 0) * 3600 + Number(spelled[2] ?? 0) * 60 + Number(spelled[3] ?? 0));
  }
  return null;
}
