import { inParallel } from './api';
import { beijingIso, DemoContext, into, sameDayEnd, StepResult } from './context';
import { apportion, Organization, Person } from './generate';
import { hostId } from './setup';

/**
 * 京津冀协同发展社会组织研讨会: one day in Beijing, 46 delegates of 42 organizations from Beijing, Tianjin and Hebei.
 * Delegates register themselves on the public page (37 alone, 4 organizations as groups of two), one walks in on
 * the day; at the door everyone is checked in: by the code from their manage view, or found by name.
 */
const REGIONS = ['110000', '120000', '130000'];
const ORGANIZATIONS = 42;
const GROUPS = 4;

interface Delegates {
  singles: Person[];
  groups: Person[][];
  walkIn: Person;
}

interface WorkshopState {
  delegates?: Delegates;
  /** Manage-link tokens of the people who registered alone (their manage view shows the check-in code). */
  tokens: string[];
}
const state: WorkshopState = { tokens: [] };

/** What the workshop asks: the case study a delegate brings (the narrative counts it), a room, meals, photos. */
const CASES = [
  ['community', '社区服务跨区域合作', 'Cross-regional community services'],
  ['rural', '乡村振兴结对帮扶', 'Paired support for rural revitalization'],
  ['emergency', '应急救援联动', 'Joint emergency relief'],
  ['none', '不做案例分享', 'No case study'],
] as const;
const QUESTIONS = [
  {
    key: 'case_study',
    type: 'choice',
    labelZh: '您将分享的案例方向',
    labelEn: 'The case study you will present',
    required: true,
    options: CASES.map(([key, labelZh, labelEn]) => ({ key, labelZh, labelEn })),
  },
  {
    key: 'accommodation',
    type: 'yes_no',
    labelZh: '是否需要主办方协助安排住宿',
    labelEn: 'Do you need help with accommodation?',
    required: true,
    helpZh: '京外代表可由主办方协助预订会场附近酒店，费用自理。',
    helpEn: 'Delegates from outside Beijing can have a hotel near the venue booked for them, at their own cost.',
  },
  {
    key: 'diet',
    type: 'choice',
    labelZh: '饮食要求',
    labelEn: 'Dietary needs',
    options: [
      { key: 'none', labelZh: '无特殊要求', labelEn: 'None' },
      { key: 'vegetarian', labelZh: '素食', labelEn: 'Vegetarian' },
      { key: 'halal', labelZh: '清真', labelEn: 'Halal' },
    ],
  },
  {
    key: 'photo_consent',
    type: 'consent',
    labelZh: '同意主办方在活动报道中使用含有本人的照片',
    labelEn: 'I agree that photos showing me may be used in reports of the workshop',
  },
];

export async function createWorkshop(ctx: DemoContext): Promise<StepResult> {
  const starts = ctx.startsAt;
  const ends = sameDayEnd(starts, 8 * 60);
  const at = (offset: number) => beijingIso(into(starts, ends, offset));
  const event = await ctx.api.post<{ id: string; slug: string; title: string }>('/api/events', {
    title: '京津冀协同发展社会组织研讨会',
    titleEn: 'Workshop on Social Organizations in the Coordinated Development of Beijing, Tianjin and Hebei',
    description: '围绕京津冀协同发展，交流三地社会组织在社区服务、乡村振兴和应急救援中的合作经验。',
    kind: 'in_person',
    venue: '北京市东城区社会组织服务中心报告厅',
    startsAt: beijingIso(starts),
    endsAt: beijingIso(ends),
    language: 'zh',
    capacity: 60,
    reminderOffsets: [ctx.reminderOffset],
    hosts: [
      { organizationId: hostId(ctx, 'jjjAlliance'), role: 'host' },
      { organizationId: hostId(ctx, 'beijingPromotion'), role: 'organizer' },
    ],
    questions: QUESTIONS,
    narrativeQuestion: 'case_study',
    agenda: [
      { startsAt: at(30), title: '京津冀社会组织协同发展调研报告', speaker: '王芳', speakerAffiliation: '河北省社会组织总会' }, // prettier-ignore
      { startsAt: at(90), title: '社区服务跨区域合作的实践', speaker: '赵磊', speakerAffiliation: '天津市社会组织促进会' }, // prettier-ignore
      { startsAt: at(300), title: '圆桌：三地协同的下一个十年', speaker: '陈静', speakerAffiliation: '北京市东城区社会组织发展促进会' }, // prettier-ignore
    ],
  });
  await ctx.api.post(`/api/events/${event.id}/publish`);
  ctx.events.workshop = { ...event, organizations: [] };
  return `${event.title}, published at /api/public/events/${event.slug}`;
}

function delegates(ctx: DemoContext): Delegates {
  const perRegion = apportion(ORGANIZATIONS, [16, 14, 12]);
  const orgs: Organization[] = REGIONS.flatMap((code, i) => ctx.gen.organizations(code, perRegion[i]!));
  // Every fifth organization sends two people, as a group; the last one's delegate walks in on the day.
  const groupOrgs = orgs.filter((_, i) => i % 10 === 3).slice(0, GROUPS);
  const rest = orgs.filter((o) => !groupOrgs.includes(o));
  const walkInOrg = rest[rest.length - 1]!;
  ctx.events.workshop!.organizations = orgs;
  return {
    groups: groupOrgs.map((o) => [ctx.gen.person(o), ctx.gen.person(o)]),
    singles: rest.filter((o) => o !== walkInOrg).map((o) => ctx.gen.person(o)),
    walkIn: ctx.gen.person(walkInOrg),
  };
}

/** The public registration page, used as delegates use it: one request per person, one per group. */
export async function registerWorkshopDelegates(ctx: DemoContext): Promise<StepResult> {
  const { slug } = ctx.events.workshop!;
  const d = (state.delegates = delegates(ctx));
  const body = (p: Person) => ({ name: p.name, email: p.email, phone: p.phone, jobTitle: p.jobTitle });
  const random = ctx.gen.rng;
  // Most bring a case study; those from Tianjin and Hebei often need a room.
  const answers = (p: Person) => ({
    case_study: random.pick(['community', 'community', 'rural', 'emergency', 'none'] as const),
    accommodation: p.organization.regionCode !== '110000' && random.chance(0.6),
    diet: random.pick(['none', 'none', 'none', 'none', 'vegetarian', 'halal'] as const),
    photo_consent: random.chance(0.9),
  });
  state.tokens = await inParallel(d.singles, 4, async (p) => {
    const res = await ctx.api.post<{ manageUrl: string }>(`/api/public/events/${slug}/registrations`, {
      ...body(p),
      organization: p.organization,
      answers: answers(p),
    });
    return res.manageUrl.split('/').pop()!;
  });
  for (const group of d.groups) {
    await ctx.api.post(`/api/public/events/${slug}/group-registrations`, {
      delegate: body(group[0]!),
      organization: group[0]!.organization,
      attendees: group.map((p) => ({ ...body(p), answers: answers(p) })),
    });
  }
  const people = d.singles.length + d.groups.flat().length;
  return `${people} registered: ${d.singles.length} on their own, ${d.groups.length} organizations as groups of two (the 46th will walk in)`;
}

/** The door: codes read from each delegate's manage view, group members found by name, and one walk-in. */
export async function checkInWorkshop(ctx: DemoContext): Promise<StepResult> {
  const { id } = ctx.events.workshop!;
  const d = state.delegates!;
  const codes = await inParallel(state.tokens, 4, async (token) => {
    const view = await ctx.api.get<{ checkInCode: string | null }>(`/api/public/registrations/${token}`);
    return view.checkInCode!;
  });
  await inParallel(codes, 4, (code) => ctx.api.post(`/api/events/${id}/check-ins`, { code }));

  for (const person of d.groups.flat()) {
    const found = await ctx.api.get<{ items: { id: string; organization: { name: string } }[] }>(
      `/api/events/${id}/check-ins/search?q=${encodeURIComponent(person.name)}`,
    );
    const match = found.items.find((r) => r.organization.name === person.organization.name);
    if (!match) throw new Error(`door search did not find ${person.name} of ${person.organization.name}`);
    await ctx.api.post(`/api/events/${id}/check-ins`, { registrationId: match.id });
  }

  const w = d.walkIn;
  await ctx.api.post(`/api/events/${id}/walk-ins`, {
    person: { name: w.name, phone: w.phone, jobTitle: w.jobTitle },
    organization: w.organization,
  });
  const attendance = await ctx.api.get<{ checkedIn: number }>(`/api/events/${id}/attendance`);
  return `${codes.length} by check-in code, ${d.groups.flat().length} found by name, 1 walk-in: ${attendance.checkedIn} checked in`;
}
