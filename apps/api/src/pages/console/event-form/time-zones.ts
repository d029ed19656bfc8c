/** The event form's times: datetime-local values read and shown in the event's own IANA zone. */

/** Zones offered in the form (an event's own zone is always offered too). */
export const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Urumqi',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A datetime-local value ("2026-12-05T09:30") read in an IANA zone, as the API's date-time with offset
 * ("2026-12-05T09:30:00+08:00"); the offset is the zone's at that moment (summer time included). Undefined when the
 * value is not a datetime-local or the zone is unknown (the API then says what is wrong).
 */
export function localToOffsetIso(local: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  let offset: number;
  try {
    offset = offsetMinutes(zone, new Date(wall));
    offset = offsetMinutes(zone, new Date(wall - offset * 60_000));
  } catch {
    return undefined;
  }
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant as a datetime-local value in a zone ("2026-12-05T09:30"). */
export function toLocalInput(at: Date | null | undefined, zone: string): string {
  if (!at) return '';
  try {
    return new Date(at).toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16).replace(' ', 'T');
  } catch {
    return new Date(at).toISOString().slice(0, 16);
  }
}

/** The zone's UTC offset at an instant, for the form's hint ("GMT+08:00"). */
export function offsetLabel(zone: string, at: Date = new Date()): string {
  try {
    const minutes = offsetMinutes(zone, at);
    const abs = Math.abs(minutes);
    return `GMT${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  } catch {
    return '';
  }
}
