import { beijingIso, DemoContext, figure, minutes, StepResult } from './context';
import { participation, Participation, registrationWorkbook, tencentExport, XLSX_TYPE } from './files';
import { apportion, Organization, peoplePerOrganization, Person } from './generate';
import { hostId } from './setup';

/**
 * 老牛公益课 第23期: an online class of a series, 12,680 registered from 467 organizations in nine regions (the list
 * imported from a spreadsheet in one request), then the Tencent Meeting export read back: more than 12,000 stayed
 * past the attendance threshold, some left early, some never came, and a few joined without registering.
 */
const REGIONS = ['150000', '110000', '310000', '440000', '120000', '410000', '340000', '430000', '510000'];
/** People by region, in the order the news item names them (Inner Mongolia first). */
const WEIGHTS = [30, 16, 12, 10, 9, 7, 6, 5.5, 5];
const ORGANIZATIONS = 467;
const REGISTERED = 12_680;
const CLASS_MINUTES = 120;

const state: { people: Person[] } = { people: [] };

/** What the class asks: each organization's field of work (counted per organization), and whether one is new. */
const FIELDS_OF_WORK = [
  ['elderly', '养老服务', 'Elderly care'],
  ['children', '儿童青少年', 'Children and youth'],
  ['community', '社区服务', 'Community services'],
  ['rural', '乡村振兴', 'Rural revitalization'],
  ['disability', '助残服务', 'Disability services'],
  ['environment', '生态环保', 'Environment'],
  ['education', '教育助学', 'Education'],
] as const;
const QUESTIONS = [
  {
    key: 'field_of_work',
    type: 'organization_field',
    labelZh: '机构主要服务领域',
    labelEn: 'Main field of work of your organization',
    required: true,
    options: FIELDS_OF_WORK.map(([key, labelZh, labelEn]) => ({ key, labelZh, labelEn })),
  },
  {
    key: 'first_time',
    type: 'choice',
    labelZh: '是否第一次参加老牛公益课',
    labelEn: 'Is this your first Lao Niu Philanthropy Class?',
    required: true,
    options: [
      { key: 'first', labelZh: '第一次参加', labelEn: 'First time' },
      { key: 'returning', labelZh: '参加过往期', labelEn: 'Came to earlier sessions' },
    ],
  },
];

export async function createPhilanthropyClass(ctx: DemoContext): Promise<StepResult> {
  const series = await ctx.api.post<{ id: string }>('/api/series', {
    title: '老牛公益课',
    titleEn: 'Lao Niu Philanthropy Class',
  });
  const starts = ctx.startsAt;
  const event = await ctx.api.post<{ id: string; slug: string; title: string }>('/api/events', {
    title: '公益项目的传播与筹款',
    titleEn: 'Communicating and fundraising for charity projects',
    kind: 'online',
    joinUrl: 'https://meeting.tencent.com/dm/demo-laoniu-23',
    startsAt: beijingIso(starts),
    endsAt: beijingIso(minutes(starts, CLASS_MINUTES)),
    language: 'zh',
    reminderOffsets: ctx.classMail ? [ctx.reminderOffset] : [],
    attendedMinMinutes: 30,
    seriesId: series.id,
    sequenceNo: 23,
    hosts: [{ organizationId: hostId(ctx, 'laoNiu'), role: 'host' }],
    questions: QUESTIONS,
    narrativeQuestion: 'first_time',
    agenda: [
      { startsAt: beijingIso(starts), title: '主题分享：让公益项目被看见', speaker: '刘洋', speakerAffiliation: '公益传播研究中心' }, // prettier-ignore
      { startsAt: beijingIso(minutes(starts, 80)), title: '互动问答', speaker: '刘洋', speakerAffiliation: '公益传播研究中心' }, // prettier-ignore
    ],
  });
  await ctx.api.post(`/api/events/${event.id}/publish`);
  ctx.events.philanthropyClass = { ...event, organizations: [], seriesId: series.id };
  return `第23期老牛公益课 (series 老牛公益课, session 23), online, published; asks each organization's field of work and whether one comes for the first time`;
}

/** The organizer's list of 12,680 people, uploaded as one .xlsx to the import endpoint. */
export async function importClassRegistrations(ctx: DemoContext): Promise<StepResult> {
  const orgsPerRegion = apportion(ORGANIZATIONS, WEIGHTS, 5);
  const peoplePerRegion = apportion(REGISTERED, WEIGHTS);
  const orgs: Organization[] = [];
  const people: Person[] = [];
  REGIONS.forEach((code, i) => {
    const regionOrgs = ctx.gen.organizations(code, orgsPerRegion[i]!);
    const counts = peoplePerOrganization(ctx.gen.rng, regionOrgs.length, peoplePerRegion[i]!);
    regionOrgs.forEach((o, k) => {
      for (let n = 0; n < counts[k]!; n++) people.push(ctx.gen.person(o));
    });
    orgs.push(...regionOrgs);
  });
  ctx.events.philanthropyClass!.organizations = orgs;
  state.people = people;

  // An organization's field is one for all its people; about a third of the class comes for the first time.
  const fieldOf = new Map(orgs.map((o) => [o, ctx.gen.rng.pick(FIELDS_OF_WORK)[1]]));
  const firstTime = new Map(people.map((p) => [p, ctx.gen.rng.chance(0.32) ? '第一次参加' : '参加过往期']));
  const file = await registrationWorkbook(people, [
    { header: '机构主要服务领域', cell: (p) => fieldOf.get(p.organization)! },
    { header: '是否第一次参加老牛公益课', cell: (p) => firstTime.get(p)! },
  ]);
  const report = await ctx.api.upload<{ created: number; confirmed: number; rejected: unknown[] }>(
    `/api/events/${ctx.events.philanthropyClass!.id}/registrations/import?notify=${ctx.classMail}`,
    file,
    '老牛公益课第23期报名名单.xlsx',
    XLSX_TYPE,
  );
  if (report.rejected.length > 0) throw new Error(`import rejected rows: ${JSON.stringify(report.rejected[0])}`);
  return [
    `${figure(report.created)} registered (${figure(report.confirmed)} confirmed) from ${orgs.length} organizations in ${REGIONS.length} regions; a ${(file.length / 1024 / 1024).toFixed(1)} MiB .xlsx, one request`,
    ctx.classMail
      ? 'each gets a confirmation with a personal join link, and a reminder'
      : 'imported with ?notify=false and no reminders, to keep 25,000 messages out of the local mail store (DEMO_CLASS_MAIL=true sends them)',
  ];
}

/** Who was in the meeting, as Tencent Meeting exports it, uploaded to the attendance import. */
export async function importClassAttendance(ctx: DemoContext): Promise<StepResult> {
  const event = ctx.events.philanthropyClass!;
  const random = ctx.gen.rng;
  const starts = ctx.startsAt;
  const ends = minutes(starts, CLASS_MINUTES);
  const namesakes = new Map<string, number>();
  for (const p of state.people) namesakes.set(p.name, (namesakes.get(p.name) ?? 0) + 1);

  const seen = new Set<Organization>();
  const rows: Participation[] = [];
  for (const p of state.people) {
    const first = !seen.has(p.organization);
    seen.add(p.organization);
    const roll = random.next();
    if (!first && roll < 0.025) continue; // registered, never came
    rows.push(participation(random, nickname(p, namesakes, random), starts, ends, first || roll >= 0.04));
  }
  for (let i = 0; i < 40; i++) {
    const device = random.pick(['手机用户', 'iPhone', '会议室', 'HUAWEI']);
    rows.push(participation(random, `${device}${random.int(1000, 9999)}`, starts, ends, random.chance(0.7)));
  }

  const file = await tencentExport(
    { title: '第23期老牛公益课', startsAt: starts, endsAt: ends, host: '老牛基金会' },
    rows,
  );
  const report = await ctx.api.upload<{
    rows: number;
    matched: number;
    attended: number;
    belowThreshold: number;
    unregistered: number;
    ambiguous: unknown[];
    rejected: unknown[];
  }>(`/api/events/${event.id}/attendance/import`, file, '腾讯会议_参会明细_第23期老牛公益课.xlsx', XLSX_TYPE);
  return [
    `${figure(report.rows)} participant rows: ${figure(report.matched)} matched to registrations, ${figure(report.attended)} attended (30 min or more), ${figure(report.belowThreshold)} below 30 min`,
    `${report.unregistered} joined without registering, ${report.ambiguous.length} ambiguous, ${report.rejected.length} unreadable`,
  ];
}

/**
 * The name a participant shows in the meeting: organizers ask namesakes to add the last four digits of their phone
 * (张伟(手机后四位1234)); some add their organization anyway (张伟-朝阳区阳光社会工作服务中心).
 */
export function nickname(p: Person, namesakes: Map<string, number>, random: { chance(p: number): boolean }): string {
  if ((namesakes.get(p.name) ?? 0) > 1) return `${p.name}(手机后四位${p.phone.slice(-4)})`;
  if (random.chance(0.1)) return `${p.name}-${p.organization.name.replace(/^.{2,5}?[省市区]/u, '')}`;
  return p.name;
}
