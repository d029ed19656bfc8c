import { DomainError } from '@tongxin/common';
import { assertEventRules } from './event-rules';

const base = {
  kind: 'in_person' as const,
  startsAt: new Date('2026-12-05T09:00:00+08:00'),
  endsAt: new Date('2026-12-05T17:00:00+08:00'),
  timezone: 'Asia/Shanghai',
  venue: '北京市东城区',
  joinUrl: null,
  registrationOpensAt: null,
  registrationClosesAt: null,
  reminderOffsets: ['P1D', 'PT1H'],
};

function fieldsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (error) {
    return ((error as DomainError).details?.fields as { field: string }[]).map((f) => f.field);
  }
  return [];
}

describe('assertEventRules', () => {
  it('accepts a well-formed in-person workshop', () => {
    expect(fieldsOf(() => assertEventRules(base))).toEqual([]);
  });

  it('names every broken rule at once', () => {
    const fields = fieldsOf(() =>
      assertEventRules({
        ...base,
        kind: 'hybrid',
        venue: null,
        endsAt: base.startsAt,
        timezone: 'Mars/Olympus',
        reminderOffsets: ['P1D', 'tomorrow', 'PT24H'],
      }),
    );
    expect(fields).toEqual(
      expect.arrayContaining(['endsAt', 'timezone', 'venue', 'joinUrl', 'reminderOffsets.1', 'reminderOffsets']),
    );
  });

  it('refuses agenda items outside the event', () => {
    const fields = fieldsOf(() => assertEventRules(base, [{ startsAt: new Date('2026-12-06T09:00:00+08:00') }]));
    expect(fields).toEqual(['agenda.0.startsAt']);
  });
});
