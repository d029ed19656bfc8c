import { allPages, inParallel } from './api';
import { beijingIso, DemoContext, figure, into, sameDayEnd, StepResult } from './context';
import { apportion, Organization, peoplePerOrganization, Person } from './generate';
import { registrationWorkbook, XLSX_TYPE } from './files';
import { hostId } from './setup';

/**
 * 京津冀社会组织协同发展十周年交流会: guided by the three civil-affairs authorities, hosted by their social
 * organization service centres; 144 organizations of the three regions register (the list imported), 184
 * cooperation intentions are recorded and 9 of them signed on the day.
 */
const REGIONS = ['110000', '120000', '130000'];
const ORGANIZATIONS = 144;
const PEOPLE = 203;
const INTENTIONS = 184;
const SIGNED = 9;

const FIELDS = [
  ['charity', 50],
  ['industrial_collaboration', 30],
  ['training', 30],
  ['research', 20],
  ['tech_innovation', 18],
  ['forum', 14],
  ['group_standard', 10],
  ['competition', 7],
  ['other', 5],
] as const;
const THEMES = ['社区养老', '乡村振兴', '青少年成长', '应急救援', '助残服务', '环境保护', '社工人才培养', '公益品牌'];
const KINDS = ['合作项目', '联合行动', '人才交流计划', '联合调研', '服务标准共建'];

/** What the meeting asks each registrant: the fields their organization would cooperate in (up to three). */
const COOPERATION = [
  ['charity', '公益慈善', 'Charity'],
  ['elderly', '养老服务', 'Elderly care'],
  ['rural', '乡村振兴', 'Rural revitalization'],
  ['emergency', '应急救援', 'Emergency relief'],
  ['talent', '人才培养', 'Training and talent'],
  ['research', '调查研究', 'Research'],
] as const;

export async function createExchangeMeeting(ctx: DemoContext): Promise<StepResult> {
  const starts = ctx.startsAt;
  const event = await ctx.api.post<{ id: string; slug: string; title: string }>('/api/events', {
    title: '京津冀社会组织协同发展十周年交流会',
    titleEn:
      'Exchange Meeting on Ten Years of Coordinated Development of Social Organizations in Beijing, Tianjin and Hebei',
    kind: 'in_person',
    venue: '天津市河西区会展中心',
    startsAt: beijingIso(starts),
    endsAt: beijingIso(sameDayEnd(starts, 7 * 60)),
    language: 'zh',
    reminderOffsets: [ctx.reminderOffset],
    hosts: [
      { organizationId: hostId(ctx, 'beijingBureau'), role: 'guiding' },
      { organizationId: hostId(ctx, 'tianjinBureau'), role: 'guiding' },
      { organizationId: hostId(ctx, 'hebeiBureau'), role: 'guiding' },
      { organizationId: hostId(ctx, 'beijingCenter'), role: 'host' },
      { organizationId: hostId(ctx, 'tianjinCenter'), role: 'host' },
      { organizationId: hostId(ctx, 'hebeiCenter'), role: 'host' },
      { organizationId: hostId(ctx, 'tianjinFederation'), role: 'organizer' },
    ],
    questions: [
      {
        key: 'cooperation_fields',
        type: 'multi_choice',
        labelZh: '希望合作的领域',
        labelEn: 'Fields you would like to cooperate in',
        required: true,
        min: 1,
        max: 3,
        options: COOPERATION.map(([key, labelZh, labelEn]) => ({ key, labelZh, labelEn })),
      },
    ],
    narrativeQuestion: 'cooperation_fields',
  });
  await ctx.api.post(`/api/events/${event.id}/publish`);
  ctx.events.exchangeMeeting = { ...event, organizations: [] };
  return `${event.title} in Tianjin, 3 guiding units, 3 hosts, 1 organizer`;
}

/** The registration list the three centres collected, imported in one request. */
export async function importExchangeRegistrations(ctx: DemoContext): Promise<StepResult> {
  const perRegion = apportion(ORGANIZATIONS, [52, 50, 42]);
  const orgs: Organization[] = REGIONS.flatMap((code, i) => ctx.gen.organizations(code, perRegion[i]!));
  const counts = peoplePerOrganization(ctx.gen.rng, orgs.length, PEOPLE);
  const people: Person[] = orgs.flatMap((o, i) => Array.from({ length: counts[i]! }, () => ctx.gen.person(o)));
  ctx.events.exchangeMeeting!.organizations = orgs;
  const random = ctx.gen.rng;
  const fields = (): string =>
    [...COOPERATION]
      .sort(() => random.next() - 0.5)
      .slice(0, random.int(1, 3))
      .map(([, label]) => label)
      .join('；');
  const report = await ctx.api.upload<{ created: number; rejected: unknown[] }>(
    `/api/events/${ctx.events.exchangeMeeting!.id}/registrations/import`,
    await registrationWorkbook(people, [{ header: '希望合作的领域', cell: fields }]),
    '十周年交流会报名汇总.xlsx',
    XLSX_TYPE,
  );
  if (report.rejected.length > 0) throw new Error(`import rejected rows: ${JSON.stringify(report.rejected[0])}`);
  return `${report.created} people from ${orgs.length} organizations (${perRegion.join(' / ')} in Beijing / Tianjin / Hebei)`;
}

/** 184 intentions between two or three registered organizations of different regions; 9 signed on the day. */
export async function recordIntentions(ctx: DemoContext): Promise<StepResult> {
  const event = ctx.events.exchangeMeeting!;
  const registrations = await allPages<{ organization: { id: string; regionCode: string } }>(
    ctx.api,
    `/api/events/${event.id}/registrations`,
  );
  const byRegion = new Map<string, string[]>();
  for (const r of registrations) {
    const ids = byRegion.get(r.organization.regionCode) ?? [];
    if (!ids.includes(r.organization.id)) ids.push(r.organization.id);
    byRegion.set(r.organization.regionCode, ids);
  }
  const random = ctx.gen.rng;
  const fields = FIELDS.flatMap(([field, weight]) => Array<string>(weight).fill(field));
  const signedAt = beijingIso(into(ctx.startsAt, sameDayEnd(ctx.startsAt, 7 * 60), 5 * 60));
  const intentions = Array.from({ length: INTENTIONS }, (_, i) => {
    const regions = [...REGIONS].sort(() => random.next() - 0.5).slice(0, random.chance(0.3) ? 3 : 2);
    const status = i < SIGNED ? 'signed' : i < SIGNED + 61 ? 'negotiating' : 'intent';
    return {
      title: `京津冀${random.pick(THEMES)}${random.pick(KINDS)}`,
      organizationIds: regions.map((code) => random.pick(byRegion.get(code)!)),
      field: fields[i % fields.length]!,
      status,
      ...(status === 'signed' ? { signedAt } : {}),
    };
  });
  await inParallel(intentions, 8, (body) => ctx.api.post(`/api/events/${event.id}/intentions`, body));
  const list = await ctx.api.get<{ total: number; byStatus: Record<string, number> }>(
    `/api/events/${event.id}/intentions`,
  );
  return `${figure(list.total)} intentions: ${list.byStatus.signed} signed on site, ${list.byStatus.negotiating} negotiating, ${list.byStatus.intent} intents`;
}
