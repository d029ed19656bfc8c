import {
  calendarDay,
  enCount,
  enDays,
  enEventKind,
  enFigure,
  enIndefinite,
  enList,
  enOrdinal,
  reportedFigure,
  zhCount,
  zhDays,
  zhFigure,
} from './reporter-style';

describe('reportedFigure: rounded down as a reporter writes, never more than the data', () => {
  it.each([
    [42, '40余', 'more than 40'],
    [41, '40余', 'more than 40'],
    [46, '46', '46'],
    [49, '49', '49'],
    [50, '50', '50'],
    [105, '100余', 'more than 100'],
    [144, '144', '144'],
    [312, '300余', 'more than 300'],
    [467, '467', '467'],
    [1_050, '1000余', 'more than 1,000'],
    [1_234, '1200余', 'more than 1,200'],
    [9_876, '9800余', 'more than 9,800'],
    [12_000, '12000', '12,000'],
    [12_345, '12000余', 'more than 12,000'],
    [10_500, '10000余', 'more than 10,000'],
    [100_000, '100000', '100,000'],
    [123_456, '120000余', 'more than 120,000'],
  ])('%i → %s / %s', (value, zh, en) => {
    const figure = reportedFigure(value);
    expect(zhFigure(figure)).toBe(zh);
    expect(enFigure(figure, 'x', 'xs')).toBe(`${en} xs`);
    expect(figure.shown).toBeLessThanOrEqual(value);
    expect(value - figure.shown).toBeLessThan(value / 10 + 1);
  });

  it('keeps figures under the exact limit exact (people under 100 are counted to the person)', () => {
    expect(reportedFigure(42, 100)).toEqual({ value: 42, shown: 42, more: false });
    expect(reportedFigure(105, 100)).toEqual({ value: 105, shown: 100, more: true });
    expect(reportedFigure(7)).toEqual({ value: 7, shown: 7, more: false });
    expect(reportedFigure(0)).toEqual({ value: 0, shown: 0, more: false });
  });

  it('uses the singular for exactly one', () => {
    expect(enFigure(reportedFigure(1), 'organization', 'organizations')).toBe('1 organization');
    expect(enFigure(reportedFigure(2), 'organization', 'organizations')).toBe('2 organizations');
  });

  it('never states more than the data, for every figure up to 20,000', () => {
    for (let n = 0; n <= 20_000; n++) {
      const f = reportedFigure(n);
      expect(f.shown <= n && (f.more ? f.shown < n : f.shown === n)).toBe(true);
    }
  });
});

describe('lists, counts and ordinals', () => {
  it('joins English lists without a serial comma', () => {
    expect(enList(['Beijing'])).toBe('Beijing');
    expect(enList(['Beijing', 'Tianjin'])).toBe('Beijing and Tianjin');
    expect(enList(['Beijing', 'Tianjin', 'Hebei'])).toBe('Beijing, Tianjin and Hebei');
  });

  it('counts in Chinese numerals up to ten', () => {
    expect([2, 3, 9, 10, 11].map(zhCount)).toEqual(['两', '三', '九', '十', '11']);
  });

  it('spells English counts up to nine', () => {
    expect([1, 3, 9, 10, 1200].map(enCount)).toEqual(['one', 'three', 'nine', '10', '1,200']);
  });

  it('names the kind of gathering a Chinese title ends with, else "event", with its article', () => {
    const kinds = [
      '成果展示交流会',
      '社工沙龙（第三期）',
      '老牛公益课',
      '京津冀协同发展',
      '数字化工作坊 [上]',
      '年度论坛',
    ];
    expect(kinds.map((title) => enIndefinite(enEventKind(title)))).toEqual([
      'an exchange meeting',
      'a salon',
      'a class',
      'an event',
      'a workshop',
      'a forum',
    ]);
  });

  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(enOrdinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });
});

describe('datelines in the event time zone', () => {
  const day = (iso: string, zone = 'Asia/Shanghai') => calendarDay(new Date(iso), zone);

  it('reads the day in the event zone, not in UTC', () => {
    expect(day('2026-08-11T17:30:00Z')).toEqual({ year: 2026, month: 8, day: 12 });
    expect(day('2026-08-11T17:30:00Z', 'Europe/Berlin')).toEqual({ year: 2026, month: 8, day: 11 });
  });

  it('writes one day, several days in a month, and days across months', () => {
    const aug12 = day('2026-08-12T02:00:00Z');
    expect(zhDays(aug12, aug12)).toBe('8月12日');
    expect(enDays(aug12, aug12)).toBe('On August 12');
    expect(zhDays(day('2026-12-05T01:00:00Z'), day('2026-12-06T09:00:00Z'))).toBe('12月5日至6日');
    expect(enDays(day('2026-12-05T01:00:00Z'), day('2026-12-06T09:00:00Z'))).toBe('From December 5 to 6');
    expect(zhDays(day('2026-11-30T01:00:00Z'), day('2026-12-01T09:00:00Z'))).toBe('11月30日至12月1日');
    expect(enDays(day('2026-11-30T01:00:00Z'), day('2026-12-01T09:00:00Z'))).toBe('From November 30 to December 1');
    expect(zhDays(day('2026-12-31T01:00:00Z'), day('2027-01-01T09:00:00Z'))).toBe('2026年12月31日至2027年1月1日');
  });
});
