import { attendanceRate, rollUp } from './summary-figures';
import type { OrganizationFigures } from './summary.types';

const region = (code: string, nameZh: string, nameEn: string) => ({ code, nameZh, nameEn });
const BEIJING = region('110000', '北京市', 'Beijing');
const HEBEI = region('130000', '河北省', 'Hebei');

function org(
  id: string,
  overrides: Partial<OrganizationFigures> & { confirmed?: number; cancelled?: number },
): OrganizationFigures {
  const { confirmed = 0, cancelled = 0, ...rest } = overrides;
  return {
    id,
    name: `机构${id}`,
    nameEn: null,
    type: 'social_group',
    region: BEIJING,
    byStatus: { confirmed, waitlisted: 0, pending: 0, cancelled, rejected: 0 },
    registered: confirmed,
    attended: 0,
    confirmedAttended: 0,
    checkedIn: 0,
    joinedOnline: 0,
    attendedByImport: 0,
    inEarlierSession: false,
    ...rest,
  };
}

describe('rollUp', () => {
  it('uses registered figures until anyone attended', () => {
    const before = rollUp([org('a', { confirmed: 3 }), org('b', { confirmed: 5, region: HEBEI })]);
    expect(before.basis).toBe('registered');
    expect(before.regions.map((r) => [r.code, r.registered])).toEqual([
      ['130000', 5],
      ['110000', 3],
    ]);
    const after = rollUp([
      org('a', { confirmed: 3, attended: 3 }),
      org('b', { confirmed: 5, region: HEBEI, attended: 1 }),
    ]);
    expect(after.basis).toBe('attended');
    expect(after.regions.map((r) => r.code)).toEqual(['110000', '130000']);
  });

  it('sums statuses, people and organizations, and leaves out organizations with nobody standing', () => {
    const r = rollUp([
      org('a', { confirmed: 2, cancelled: 1, attended: 2, checkedIn: 2 }),
      org('b', { cancelled: 2, registered: 0, type: 'foundation' }),
      org('c', { confirmed: 4, attended: 1, joinedOnline: 1, region: HEBEI, type: 'foundation' }),
    ]);
    expect(r.registrations).toEqual({ total: 9, confirmed: 6, waitlisted: 0, pending: 0, cancelled: 3, rejected: 0 });
    expect(r.people).toEqual({ registered: 6, attended: 3 });
    expect(r.organizations).toEqual({ registered: 2, attended: 2 });
    expect([r.checkedIn, r.joinedOnline, r.attendedByImport]).toEqual([2, 1, 0]);
    expect(r.regions).toEqual([
      { ...BEIJING, organizations: 1, organizationsAttended: 1, registered: 2, attended: 2 },
      { ...HEBEI, organizations: 1, organizationsAttended: 1, registered: 4, attended: 1 },
    ]);
    expect(r.organizationTypes.map((t) => [t.type, t.organizations, t.registered])).toEqual([
      ['social_group', 1, 2],
      ['foundation', 1, 4],
    ]);
    expect(r.organizationList.map((o) => o.id)).toEqual(['a', 'c', 'b']);
  });

  it('counts organizations of the basis as new to the series or returning', () => {
    const r = rollUp([
      org('a', { confirmed: 1, attended: 1, inEarlierSession: true }),
      org('b', { confirmed: 1, attended: 1 }),
      org('c', { confirmed: 1, inEarlierSession: true }),
    ]);
    expect([r.newOrganizations, r.returningOrganizations]).toEqual([1, 1]);
  });

  it('is the same whatever order the rows come in', () => {
    const rows = [org('a', { confirmed: 2 }), org('b', { confirmed: 2, region: HEBEI }), org('c', { confirmed: 2 })];
    expect(rollUp([...rows].reverse())).toEqual(rollUp(rows));
  });
});

describe('attendanceRate', () => {
  it('is confirmed people attending over confirmed people, to three decimals, and 0 without confirmed people', () => {
    expect(attendanceRate(46, 49)).toBe(0.939);
    expect(attendanceRate(0, 0)).toBe(0);
  });
});
