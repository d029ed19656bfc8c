import { excelSerialToWall, parseDuration, parseTime, zonedToInstant, zoneOffsetAt } from './times';

const at = (iso: string) => ({ at: Date.parse(iso) });

describe('parseTime', () => {
  it('reads Tencent, Zoom and plain wall-clock times in the event’s zone', () => {
    expect(parseTime('2026-03-14 14:00:00', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('2026/3/14 14:05', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:05:00Z'));
    expect(parseTime('2026年3月14日 下午2:00', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('03/14/2026 02:00:00 PM', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('03/14/2026 12:30:00 AM', 'Asia/Shanghai')).toEqual(at('2026-03-13T16:30:00Z'));
    expect(parseTime('14/03/2026 14:00', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('Mar 14, 2026 02:00 PM', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('２０２６－０３－１４　１４：００：００', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
  });

  it('keeps a written offset: Feishu’s (GMT+08:00), ISO 8601, UTC', () => {
    expect(parseTime('2022.07.21 11:01:40 (GMT+08:00)', 'America/New_York')).toEqual(at('2022-07-21T03:01:40Z'));
    expect(parseTime('2026-03-14T14:00:00+08:00', 'Europe/London')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('2026-03-14T06:00:00Z', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
    expect(parseTime('2026-03-14 14:00:00 -0500', 'Asia/Shanghai')).toEqual(at('2026-03-14T19:00:00Z'));
    expect(parseTime('2026-03-14 06:00:00 UTC', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
  });

  it('follows the zone’s daylight saving time (Intl, no table)', () => {
    // New York moved to EDT (UTC-4) on 2026-03-08.
    expect(parseTime('03/07/2026 09:00:00 AM', 'America/New_York')).toEqual(at('2026-03-07T14:00:00Z'));
    expect(parseTime('03/09/2026 09:00:00 AM', 'America/New_York')).toEqual(at('2026-03-09T13:00:00Z'));
    expect(zoneOffsetAt('Asia/Shanghai', Date.parse('2026-07-01T00:00:00Z'))).toBe(8 * 3600_000);
    const wall = { year: 2026, month: 11, day: 1, hour: 12, minute: 0, second: 0 };
    expect(new Date(zonedToInstant(wall, 'America/New_York')).toISOString()).toBe('2026-11-01T17:00:00.000Z');
  });

  it('reads an XLSX date cell (an Excel serial) as wall-clock time', () => {
    // 46095 is 2026-03-14; .5833333 is 14:00.
    expect(excelSerialToWall(46095.58333333333)).toEqual({
      year: 2026,
      month: 3,
      day: 14,
      hour: 14,
      minute: 0,
      second: 0,
    });
    expect(parseTime('46095.58333333333', 'Asia/Shanghai')).toEqual(at('2026-03-14T06:00:00Z'));
  });

  it('tells empty, still in the meeting (--) and nonsense apart', () => {
    expect(parseTime('', 'Asia/Shanghai')).toEqual({ missing: true });
    expect(parseTime('--', 'Asia/Shanghai')).toEqual({ open: true });
    expect(parseTime('yesterday', 'Asia/Shanghai')).toEqual({ invalid: true });
    expect(parseTime('2026-02-30 10:00', 'Asia/Shanghai')).toEqual({ invalid: true });
    expect(parseTime('2026-03-14 25:00', 'Asia/Shanghai')).toEqual({ invalid: true });
    expect(parseTime('13/14/2026 10:00', 'Asia/Shanghai')).toEqual({ invalid: true });
    expect(parseTime('42', 'Asia/Shanghai')).toEqual({ invalid: true });
  });
});

describe('parseDuration', () => {
  it('reads H:MM:SS, H:MM, spelled-out units and minutes', () => {
    expect(parseDuration('1:23:45', 'clock')).toBe(5025);
    expect(parseDuration('00:30:00', 'clock')).toBe(1800);
    expect(parseDuration('0:45', 'clock')).toBe(2700);
    expect(parseDuration('1小时23分钟45秒', 'clock')).toBe(5025);
    expect(parseDuration('83分钟', 'minutes')).toBe(4980);
    expect(parseDuration('1h 5m', 'minutes')).toBe(3900);
    expect(parseDuration('45', 'minutes')).toBe(2700);
    expect(parseDuration('45', 'clock')).toBe(2700);
  });

  it('reads a time-formatted XLSX cell (a fraction of a day) in a clock column', () => {
    expect(parseDuration(String(30 / 1440), 'clock')).toBe(1800);
  });

  it('answers undefined for nothing and null for nonsense', () => {
    expect(parseDuration('', 'clock')).toBeUndefined();
    expect(parseDuration('--', 'minutes')).toBeUndefined();
    expect(parseDuration('a while', 'minutes')).toBeNull();
  });
});
