import { planImport } from './import-plan';
import { Candidate, RegistrationMatcher } from './matcher';
import type { ParticipantRow } from './read-participants';

const candidate = (id: string, name: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  name,
  email: `${id}@example.org`,
  phone: null,
  organizationId: `org-${id}`,
  organization: '某组织',
  ...extra,
});

const matcher = new RegistrationMatcher([
  candidate('a', '张三', { phone: '13800001234', organization: '北京某协会' }),
  candidate('b', '张三', { phone: '13900005678', organization: '天津某基金会' }),
  candidate('c', '李四', { email: 'Li.Si@Example.org' }),
  candidate('d', '王五', { phone: '13700000000' }),
  candidate('e', '赵六'),
  candidate('f', '赵六'),
]);

describe('RegistrationMatcher', () => {
  const match = (name: string, email = '', phone = '') => matcher.match({ name, email, phone });
  const id = (outcome: ReturnType<typeof match>) => ('registration' in outcome ? outcome.registration.id : outcome);

  it('matches by email, then mainland mobile, then a name unique in the event', () => {
    expect(id(match('随便', 'li.si@example.org '))).toBe('c');
    expect(id(match('随便', '', '+86 137 0000 0000'))).toBe('d');
    expect(id(match('王五13700000000'))).toBe('d');
    expect(id(match('王五(小王)'))).toBe('d');
    expect(id(match('李四-北京某协会'))).toBe('c');
    expect(id(match('微信用户(李四)'))).toBe('c');
  });

  it('narrows a shared name by the phone’s last four or the organization written after it', () => {
    expect(id(match('张三(手机后四位5678)'))).toBe('b');
    expect(id(match('张三', '', '138****1234'))).toBe('a');
    expect(id(match('张三-北京某协会'))).toBe('a');
    expect(match('张三')).toEqual({
      ambiguous: [expect.objectContaining({ id: 'a' }), expect.objectContaining({ id: 'b' })],
    });
    expect(match('赵六-0000')).toEqual({
      ambiguous: [expect.objectContaining({ id: 'e' }), expect.objectContaining({ id: 'f' })],
    });
    expect(match('陌生人')).toEqual({ unmatched: true });
  });
});

describe('planImport', () => {
  const row = (r: number, name: string, from: number, to: number): ParticipantRow => ({
    sheet: '成员参会明细',
    row: r,
    name,
    email: '',
    phone: '',
    start: from * 60_000,
    end: to * 60_000,
    total: false,
  });

  it('merges each person, applies the threshold, and groups the rest by name', () => {
    const plan = planImport(
      {
        format: 'tencent',
        rows: [
          row(10, '李四', 0, 20),
          row(11, '王五', 0, 29),
          row(12, '李四', 10, 30),
          row(13, '陌生人', 0, 50),
          row(14, '张三', 0, 60),
          row(15, '陌生人', 60, 70),
        ],
        rejected: [],
      },
      matcher,
      30,
    );
    expect(plan.attendance).toEqual([
      { registrationId: 'c', minutes: 30, firstAt: new Date(0), lastAt: new Date(30 * 60_000) },
      { registrationId: 'd', minutes: 29, firstAt: new Date(0), lastAt: new Date(29 * 60_000) },
    ]);
    expect(plan.unregistered).toEqual([
      expect.objectContaining({ name: '陌生人', nameNormalized: '陌生人', minutes: 60 }),
    ]);
    expect(plan.report).toMatchObject({
      rows: 6,
      matched: 2,
      attended: 1,
      belowThreshold: 1,
      unmatched: [{ sheet: '成员参会明细', row: 13, name: '陌生人' }],
      ambiguous: [{ sheet: '成员参会明细', row: 14, name: '张三', candidates: [{ id: 'a' }, { id: 'b' }] }],
      unregistered: 1,
    });
  });
});
