import { ORGANIZATION_TYPES } from '@tongxin/organizations';
import { REGISTRATION_STATUSES, RegistrationStatus } from '@tongxin/registrations';
import type { Basis } from './narrative';
import type { OrganizationFigures, RegionFigures, TypeFigures } from './summary.types';

/**
 * The event's totals, regions and organization types, rolled up from the per-organization figures (a few hundred
 * rows at most) in memory: pure, so the rules are specified by unit specs rather than by SQL.
 */
export interface RolledUp {
  basis: Basis;
  registrations: Record<RegistrationStatus | 'total', number>;
  people: { registered: number; attended: number };
  organizations: { registered: number; attended: number };
  confirmedAttended: number;
  checkedIn: number;
  joinedOnline: number;
  attendedByImport: number;
  regions: RegionFigures[];
  organizationTypes: TypeFigures[];
  /** Most people of the basis first, then most registered, then by name. */
  organizationList: OrganizationFigures[];
  /** Of the basis's organizations: first seen in this session of the series, or seen in an earlier one. */
  newOrganizations: number;
  returningOrganizations: number;
}

const sum = (rows: OrganizationFigures[], pick: (o: OrganizationFigures) => number) =>
  rows.reduce((n, o) => n + pick(o), 0);

/** Attended figures once anyone attended (checked in, joined, or imported above the threshold); registered before. */
export function basisOf(attended: number): Basis {
  return attended > 0 ? 'attended' : 'registered';
}

export function rollUp(orgs: OrganizationFigures[]): RolledUp {
  const registrations = Object.fromEntries(
    REGISTRATION_STATUSES.map((s) => [s, sum(orgs, (o) => o.byStatus[s])]),
  ) as Record<RegistrationStatus, number>;
  const attended = sum(orgs, (o) => o.attended);
  const basis = basisOf(attended);
  const people = (o: { registered: number; attended: number }) => (basis === 'attended' ? o.attended : o.registered);
  const counted = orgs.filter((o) => people(o) > 0);
  const mostFirst =
    <T extends { registered: number; attended: number }>(key: (x: T) => string) =>
    (a: T, b: T) =>
      people(b) - people(a) || b.registered - a.registered || byCodePoint(key(a), key(b));

  const regions = new Map<string, RegionFigures>();
  const types = new Map<string, TypeFigures>();
  for (const o of orgs) {
    const region = regions.get(o.region.code) ?? { ...o.region, ...zero() };
    const type = types.get(o.type) ?? { type: o.type, ...zero() };
    for (const figures of [region, type]) add(figures, o);
    regions.set(o.region.code, region);
    types.set(o.type, type);
  }
  return {
    basis,
    registrations: { ...registrations, total: REGISTRATION_STATUSES.reduce((n, s) => n + registrations[s], 0) },
    people: { registered: sum(orgs, (o) => o.registered), attended },
    organizations: {
      registered: orgs.filter((o) => o.registered > 0).length,
      attended: orgs.filter((o) => o.attended > 0).length,
    },
    confirmedAttended: sum(orgs, (o) => o.confirmedAttended),
    checkedIn: sum(orgs, (o) => o.checkedIn),
    joinedOnline: sum(orgs, (o) => o.joinedOnline),
    attendedByImport: sum(orgs, (o) => o.attendedByImport),
    regions: [...regions.values()].filter((r) => r.registered > 0 || r.attended > 0).sort(mostFirst((r) => r.code)),
    organizationTypes: [...types.values()]
      .filter((t) => t.registered > 0 || t.attended > 0)
      .sort(
        (a, b) =>
          b.organizations - a.organizations || ORGANIZATION_TYPES.indexOf(a.type) - ORGANIZATION_TYPES.indexOf(b.type),
      ),
    organizationList: [...orgs].sort(mostFirst((o) => `${o.name}\u0000${o.id}`)),
    newOrganizations: counted.filter((o) => !o.inEarlierSession).length,
    returningOrganizations: counted.filter((o) => o.inEarlierSession).length,
  };
}

/** Locale-independent, so the order (and the narrative) is the same on every machine. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function zero() {
  return { organizations: 0, organizationsAttended: 0, registered: 0, attended: 0 };
}

function add(figures: ReturnType<typeof zero>, o: OrganizationFigures): void {
  figures.organizations += o.registered > 0 ? 1 : 0;
  figures.organizationsAttended += o.attended > 0 ? 1 : 0;
  figures.registered += o.registered;
  figures.attended += o.attended;
}

/** Confirmed people who attended over confirmed people, to three decimals; 0 when nobody is confirmed. */
export function attendanceRate(confirmedAttended: number, confirmed: number): number {
  return confirmed > 0 ? Math.round((confirmedAttended / confirmed) * 1000) / 1000 : 0;
}
