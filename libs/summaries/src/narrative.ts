import { NarratedQuestion, questionSentenceEn, questionSentenceZh } from './narrative-questions';
import { placeOfVenue, RegionName, shortRegionName } from './places';
import {
  calendarDay,
  enCount,
  enDays,
  enEventKind,
  enFigure,
  enIndefinite,
  enList,
  enMonth,
  enNumber,
  enOrdinal,
  reportedFigure,
  ReportedFigure,
  zhCount,
  zhDays,
  zhFigure,
  zhList,
  zhMonth,
} from './reporter-style';

/**
 * The paragraph a reporter would publish about an event (and about a series), written from the figures by rules:
 * pure, deterministic, in Chinese and in English, each written as its own language's news copy rather than as a
 * translation of the other.
 */

export interface Narrative {
  zh: string;
  en: string;
}

export type HostRoleName = 'guiding' | 'host' | 'organizer' | 'co_organizer';

/** Attended figures when the event has attendance data (参加 / "brought together"), registered ones otherwise (报名). */
export type Basis = 'attended' | 'registered';

export interface EventFacts {
  title: string;
  titleEn: string | null;
  series: { title: string; titleEn: string | null; sequenceNo: number } | null;
  kind: 'in_person' | 'online' | 'hybrid';
  /** A cancelled event is reported as called off, with nothing else. */
  cancelled: boolean;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  venue: string | null;
  basis: Basis;
  people: number;
  organizations: number;
  /** Regions of the people counted, most people first. */
  regions: RegionName[];
  /** Every region (to read a venue by). */
  allRegions: RegionName[];
  hosts: { role: HostRoleName; name: string; nameEn: string | null; regionCode: string }[];
  speakers: { name: string; affiliation: string | null }[];
  intentions: { total: number; signed: number; signedOnSite: number };
  /** The question the organizer chose, whose breakdown follows who came (narrative-questions.ts). */
  question?: NarratedQuestion | null;
}

/**
 * The English copy prints no Chinese: a reporter writing in English neither prints a Chinese name nor invents a
 * translation, so what has no English name is described ("an exchange meeting", "an organization based in Hebei")
 * or counted, and a title given only in Chinese is said to be so.
 */
const CHINESE = /[\u3400-\u9fff]/;
const english = (text: string | null): string | null => (text && !CHINESE.test(text) ? text : null);
const IN_CHINESE_ONLY = '(its title is given in Chinese only)';

/**
 * Whether the English copy lacks the event's own title, which an English title (titleEn) would give it. A session
 * of a series is named by its series, so the event's English title would not change it.
 */
export function lacksEnglishTitle(facts: Pick<EventFacts, 'titleEn' | 'series'>): boolean {
  return !facts.series && !english(facts.titleEn);
}

/** Regions named before 等地区 / "and other regions". */
export const REGIONS_NAMED = 9;
/** Speakers named before 等N位嘉宾. */
const SPEAKERS_NAMED = 3;

export function eventNarrative(facts: EventFacts): Narrative {
  if (facts.cancelled) return cancelledNarrative(facts);
  const zh = [
    headlineZh(facts) + participantsZh(facts) + '。',
    questionSentenceZh(facts.question),
    speakersZh(facts),
    intentionsZh(facts),
    hostsZh(facts),
  ];
  const en = [
    headlineEn(facts),
    participantsEn(facts),
    questionSentenceEn(facts.question),
    speakersEn(facts),
    intentionsEn(facts),
    hostsEn(facts),
  ];
  return { zh: zh.filter(Boolean).join(''), en: en.filter(Boolean).join(' ') };
}

/** People counted: exact under 100 (代表 / delegates), rounded above (人 / people). */
export const peopleFigure = (n: number) => reportedFigure(n, 100);
const zhPeople = (f: ReportedFigure) => (f.value < 100 ? `${f.shown}名代表` : `${zhFigure(f)}人`);
const enPeople = (f: ReportedFigure) =>
  f.value < 100 ? enFigure(f, 'delegate', 'delegates') : enFigure(f, 'person', 'people');

function place(facts: EventFacts): { zh?: string; en?: string } {
  const venue = placeOfVenue(facts.venue, facts.allRegions);
  if (venue.cityZh || venue.region) {
    return {
      zh: venue.cityZh ?? shortRegionName(venue.region!.nameZh),
      en: venue.cityEn ?? venue.region?.nameEn,
    };
  }
  // No place in the venue: where the units running the event are.
  const order: HostRoleName[] = ['host', 'organizer', 'co_organizer', 'guiding'];
  const host = [...facts.hosts].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))[0];
  const region = host && facts.allRegions.find((r) => r.code === host.regionCode);
  return region ? { zh: shortRegionName(region.nameZh), en: region.nameEn } : {};
}

/** 原定于8月12日在线上举行的第23期老牛公益课已取消。 */
function cancelledNarrative(facts: EventFacts): Narrative {
  const [zhWhen, enWhen] = datelines(facts);
  const where = place(facts);
  const zhWhere = facts.kind === 'online' ? '在线上' : where.zh ? `在${where.zh}` : '';
  const enWhere = facts.kind === 'online' ? ' online' : where.en ? ` in ${where.en}` : '';
  return {
    zh: `原定于${zhWhen}${zhWhere}举行的${nameZh(facts)}已取消。`,
    en: `${enWhen}, ${nameEn(facts)} was to be held${enWhere}, but it was cancelled.`,
  };
}

function datelines(facts: EventFacts): [zh: string, en: string] {
  const from = calendarDay(facts.startsAt, facts.timezone);
  const to = calendarDay(facts.endsAt, facts.timezone);
  return [zhDays(from, to), enDays(from, to)];
}

const nameZh = (facts: EventFacts) =>
  facts.series ? `第${facts.series.sequenceNo}期${facts.series.title}` : facts.title;

function headlineZh(facts: EventFacts): string {
  const [days] = datelines(facts);
  const name = nameZh(facts);
  const where = place(facts).zh;
  const held = {
    online: '在线上举行',
    in_person: where ? `在${where}举行` : '举行',
    hybrid: where ? `在${where}以线上线下相结合的方式举行` : '以线上线下相结合的方式举行',
  }[facts.kind];
  return `${days}，${name}${held}`;
}

function headlineEn(facts: EventFacts): string {
  const [, days] = datelines(facts);
  const where = place(facts).en;
  const held = {
    online: 'was held online',
    in_person: where ? `was held in ${where}` : 'was held',
    hybrid: where ? `was held in ${where} and online` : 'was held on site and online',
  }[facts.kind];
  return `${days}, ${nameEn(facts)} ${held}.`;
}

function nameEn(facts: EventFacts): string {
  const { series } = facts;
  if (series) {
    const title = english(series.titleEn);
    const ordinal = enOrdinal(series.sequenceNo);
    return title ? `the ${ordinal} ${title}` : `the ${ordinal} session of ${seriesNameEn(series.title, null)}`;
  }
  const title = english(facts.titleEn);
  if (!title) return `${enIndefinite(enEventKind(facts.title))} ${IN_CHINESE_ONLY}`;
  return /^the\s/i.test(title) ? title.replace(/^The/, 'the') : `the ${title}`;
}

/** "Lao Niu Philanthropy Class", or "a salon series (its title is given in Chinese only)". */
function seriesNameEn(title: string, titleEn: string | null): string {
  return english(titleEn) ?? `${enIndefinite(enEventKind(title))} series ${IN_CHINESE_ONLY}`;
}

/** 北京、天津、河北三地 / 内蒙古、…、四川等地区 / 北京 */
function regionsZh(regions: RegionName[]): string {
  const names = regions.slice(0, REGIONS_NAMED).map((r) => shortRegionName(r.nameZh));
  if (regions.length > REGIONS_NAMED) return `${zhList(names)}等地区`;
  return names.length > 1 ? `${zhList(names)}${zhCount(names.length)}地` : zhList(names);
}

function regionsEn(regions: RegionName[]): string {
  const names = regions.slice(0, REGIONS_NAMED).map((r) => r.nameEn);
  return regions.length > REGIONS_NAMED ? `${names.join(', ')} and other regions` : enList(names);
}

function participantsZh(facts: EventFacts): string {
  if (facts.people === 0) return '';
  const orgs = `${zhFigure(reportedFigure(facts.organizations))}家机构`;
  const verb = facts.basis === 'attended' ? '参加' : '报名参加';
  return `，来自${regionsZh(facts.regions)}${orgs}的${zhPeople(peopleFigure(facts.people))}${verb}`;
}

function participantsEn(facts: EventFacts): string {
  if (facts.people === 0) return '';
  const who = `${enPeople(peopleFigure(facts.people))} from ${enFigure(reportedFigure(facts.organizations), 'organization', 'organizations')} in ${regionsEn(facts.regions)}`;
  return facts.basis === 'attended' ? `It brought together ${who}.` : `In all, ${who} registered.`;
}

function speakersZh({ speakers }: EventFacts): string {
  if (speakers.length === 0) return '';
  const named = speakers.slice(0, SPEAKERS_NAMED).map((s) => `${s.affiliation ?? ''}${s.name}`);
  if (speakers.length > SPEAKERS_NAMED) return `会上，${zhList(named)}等${speakers.length}位嘉宾先后发言。`;
  return speakers.length === 1 ? `会上，${named[0]}作主题发言。` : `会上，${zhList(named)}先后发言。`;
}

/** Speakers whose names are written in Chinese are counted, not named; a unit in Chinese is left out. */
function speakersEn({ speakers }: EventFacts): string {
  if (speakers.length === 0) return '';
  const named = speakers
    .filter((s) => english(s.name))
    .slice(0, SPEAKERS_NAMED)
    .map((s) => (english(s.affiliation) ? `${s.name} (${s.affiliation})` : s.name));
  if (named.length === 0) {
    return speakers.length === 1
      ? 'A guest speaker gave the keynote.'
      : `The event heard ${enCount(speakers.length)} speakers.`;
  }
  if (speakers.length > named.length) return `Its ${speakers.length} speakers included ${enList(named)}.`;
  return speakers.length === 1 ? `${named[0]} gave the keynote.` : `Speakers included ${enList(named)}.`;
}

function intentionsZh({ intentions: i }: EventFacts): string {
  if (i.total === 0) return '';
  const reached = `会上达成合作意向${i.total}项`;
  if (i.signed === 0) return `${reached}。`;
  if (i.signedOnSite === i.signed) return `${reached}，现场签约${i.signed}项。`;
  if (i.signedOnSite === 0) return `${reached}，签约${i.signed}项。`;
  return `${reached}，签约${i.signed}项，其中现场签约${i.signedOnSite}项。`;
}

function intentionsEn({ intentions: i }: EventFacts): string {
  if (i.total === 0) return '';
  const reached =
    i.total === 1
      ? 'One cooperation intention was reached'
      : `A total of ${enNumber(i.total)} cooperation intentions were reached`;
  const projects = (n: number) => `${enNumber(n)} ${n === 1 ? 'project was' : 'projects were'} signed`;
  if (i.signed === 0) return `${reached}.`;
  if (i.signedOnSite === i.signed) return `${reached} and ${projects(i.signed)} on site.`;
  if (i.signedOnSite === 0) return `${reached} and ${projects(i.signed)}.`;
  return `${reached} and ${projects(i.signed)}, ${enNumber(i.signedOnSite)} of them on site.`;
}

const ROLE_ZH: Record<HostRoleName, string> = {
  guiding: '指导单位',
  host: '主办单位',
  organizer: '承办单位',
  co_organizer: '协办单位',
};

function byRole(facts: EventFacts, role: HostRoleName): string[] {
  return facts.hosts.filter((h) => h.role === role).map((h) => h.name);
}

/** A role's hosts by their English names; the others counted by where they are ("two organizations based in Hebei"). */
function byRoleEn(facts: EventFacts, role: HostRoleName): string[] {
  const hosts = facts.hosts.filter((h) => h.role === role);
  const named = hosts.map((h) => english(h.nameEn)).filter((name): name is string => name !== null);
  const unnamed = hosts.filter((h) => !english(h.nameEn));
  if (unnamed.length === 0) return named;
  const regions = unnamed.map((h) => facts.allRegions.find((r) => r.code === h.regionCode)?.nameEn);
  const where = [...new Set(regions.filter((name): name is string => !!name))];
  const other = named.length > 0;
  const count =
    unnamed.length === 1
      ? `${other ? 'another' : 'an'} organization`
      : `${enCount(unnamed.length)} ${other ? 'other ' : ''}organizations`;
  return [...named, where.length > 0 ? `${count} based in ${enList(where)}` : count];
}

/** 指导单位：…；主办单位：…；承办单位：…；协办单位：…。 */
function hostsZh(facts: EventFacts): string {
  const parts = (Object.keys(ROLE_ZH) as HostRoleName[])
    .map((role) => [ROLE_ZH[role], byRole(facts, role)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([label, names]) => `${label}：${zhList(names)}`);
  return parts.length ? `${parts.join('；')}。` : '';
}

/** "The event was hosted by …, organized by … and co-organized by …, under the guidance of …." */
function hostsEn(facts: EventFacts): string {
  const clauses = (
    [
      ['hosted by', 'host'],
      ['organized by', 'organizer'],
      ['co-organized by', 'co_organizer'],
    ] as const
  )
    .map(([verb, role]) => [verb, byRoleEn(facts, role)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([verb, names]) => `${verb} ${enList(names)}`);
  const guiding = byRoleEn(facts, 'guiding');
  if (clauses.length === 0 && guiding.length === 0) return '';
  const guidance = guiding.length ? `under the guidance of ${enList(guiding)}` : '';
  if (clauses.length === 0) return `The event was held ${guidance}.`;
  return `The event was ${enList(clauses)}${guidance ? `, ${guidance}` : ''}.`;
}

export interface SeriesFacts {
  title: string;
  titleEn: string | null;
  basis: Basis;
  /** Sessions held (published), first and last day. */
  sessions: number;
  firstStartsAt: Date | null;
  lastStartsAt: Date | null;
  timezone: string;
  /** Distinct people (by email) and organizations across the sessions, and attendances (人次). */
  people: number;
  attendances: number;
  organizations: number;
  /** Organizations counted in more than one session. */
  returningOrganizations: number;
  regions: RegionName[];
}

export function seriesNarrative(facts: SeriesFacts): Narrative {
  if (facts.sessions === 0 || !facts.firstStartsAt || !facts.lastStartsAt) {
    return {
      zh: `${facts.title}尚未举办。`,
      en: `No session of ${seriesNameEn(facts.title, facts.titleEn)} has been held yet.`,
    };
  }
  const first = calendarDay(facts.firstStartsAt, facts.timezone);
  const last = calendarDay(facts.lastStartsAt, facts.timezone);
  const sameMonth = first.year === last.year && first.month === last.month;
  const periodZh = sameMonth ? zhMonth(first) : `${zhMonth(first)}至${zhMonth(last)}`;
  const periodEn = sameMonth ? `In ${enMonth(first)}` : `From ${enMonth(first)} to ${enMonth(last)}`;
  const attended = facts.basis === 'attended';
  const zh = [`${periodZh}，${facts.title}共举办${facts.sessions}期`];
  const sessionsEn = facts.sessions === 1 ? 'one session' : `${enNumber(facts.sessions)} sessions`;
  const en = [`${periodEn}, ${sessionsEn} of ${seriesNameEn(facts.title, facts.titleEn)} were held.`];
  if (facts.people > 0) {
    const people = peopleFigure(facts.people);
    const times = reportedFigure(facts.attendances);
    const orgs = reportedFigure(facts.organizations);
    zh.push(
      `，来自${regionsZh(facts.regions)}${zhFigure(orgs)}家机构的${zhPeople(people)}${attended ? '参加' : '报名参加'}，` +
        `累计${zhFigure(times)}人次`,
    );
    const who = `${enPeople(people)} from ${enFigure(orgs, 'organization', 'organizations')} in ${regionsEn(facts.regions)}`;
    const visits = `${enFigure(times, attended ? 'attendance' : 'registration', attended ? 'attendances' : 'registrations')} in all`;
    en.push(attended ? `They brought together ${who}, ${visits}.` : `In all, ${who} registered, ${visits}.`);
  }
  zh.push('。');
  if (facts.returningOrganizations > 0) {
    zh.push(`其中${facts.returningOrganizations}家机构${attended ? '参加' : '报名'}了两期及以上。`);
    const n = facts.returningOrganizations;
    const orgs = n === 1 ? 'one organization' : `${enNumber(n)} organizations`;
    en.push(`Of these, ${orgs} ${attended ? 'came to' : 'registered for'} more than one session.`);
  }
  return { zh: zh.join(''), en: en.join(' ') };
}
