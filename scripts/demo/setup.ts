import { ApiError } from './api';
import type { DemoContext, StepResult } from './context';
import type { OrganizationType } from './generate';

interface HostOrganization {
  name: string;
  nameEn: string;
  type: OrganizationType | 'other';
  regionCode: string;
  city?: string;
}

/** The units that run the three events (指导、主办、承办): real-world shapes, created through the API once. */
export const HOST_ORGANIZATIONS = {
  jjjAlliance: {
    name: '京津冀社会组织协同发展联盟',
    nameEn: 'Beijing-Tianjin-Hebei Social Organization Alliance',
    type: 'social_group',
    regionCode: '110000',
    city: '北京市',
  },
  beijingPromotion: {
    name: '北京市东城区社会组织发展促进会',
    nameEn: 'Dongcheng Social Organization Development Association',
    type: 'social_group',
    regionCode: '110000',
    city: '北京市',
  },
  laoNiu: {
    name: '老牛基金会',
    nameEn: 'Lao Niu Foundation',
    type: 'foundation',
    regionCode: '150000',
    city: '呼和浩特市',
  },
  beijingBureau: {
    name: '北京市民政局',
    nameEn: 'Beijing Municipal Civil Affairs Bureau',
    type: 'other',
    regionCode: '110000',
  },
  tianjinBureau: {
    name: '天津市民政局',
    nameEn: 'Tianjin Municipal Civil Affairs Bureau',
    type: 'other',
    regionCode: '120000',
  },
  hebeiBureau: {
    name: '河北省民政厅',
    nameEn: 'Hebei Provincial Civil Affairs Department',
    type: 'other',
    regionCode: '130000',
  },
  beijingCenter: {
    name: '北京市社会组织服务中心',
    nameEn: 'Beijing Social Organization Service Center',
    type: 'other',
    regionCode: '110000',
  },
  tianjinCenter: {
    name: '天津市社会组织服务中心',
    nameEn: 'Tianjin Social Organization Service Center',
    type: 'other',
    regionCode: '120000',
  },
  hebeiCenter: {
    name: '河北省社会组织服务中心',
    nameEn: 'Hebei Social Organization Service Center',
    type: 'other',
    regionCode: '130000',
  },
  tianjinFederation: {
    name: '天津市社会组织促进会',
    nameEn: 'Tianjin Social Organization Promotion Association',
    type: 'social_group',
    regionCode: '120000',
    city: '天津市',
  },
} satisfies Record<string, HostOrganization>;

export type HostKey = keyof typeof HOST_ORGANIZATIONS;

/** Checks the platform answers, then signs up this run's organizer and uses its token from then on. */
export async function signUpOrganizer(ctx: DemoContext): Promise<StepResult> {
  await ctx.api.get('/api/health');
  const email = `demo.organizer.${ctx.runId}@example.org`;
  const { accessToken } = await ctx.api.post<{ accessToken: string }>('/api/auth/signup', {
    email,
    password: `tongxin demo ${ctx.runId}`,
    name: '李明',
  });
  ctx.api.authenticate(accessToken);
  return `organizer 李明: log in at ${ctx.api.baseUrl}/console as ${email}, password "tongxin demo ${ctx.runId}"`;
}

/** Adds the host organizations; one that a previous run added already is found and reused. */
export async function createHostOrganizations(ctx: DemoContext): Promise<StepResult> {
  let created = 0;
  for (const org of Object.values(HOST_ORGANIZATIONS) as HostOrganization[]) {
    try {
      const { id } = await ctx.api.post<{ id: string }>('/api/organizations', org);
      ctx.hosts.set(org.name, id);
      created++;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409) throw e;
      const q = encodeURIComponent(org.name);
      const page = await ctx.api.get<{ items: { id: string; name: string }[] }>(
        `/api/organizations?q=${q}&regionCode=${org.regionCode}&limit=100`,
      );
      const found = page.items.find((o) => o.name === org.name);
      if (!found) throw e;
      ctx.hosts.set(org.name, found.id);
    }
  }
  const reused = ctx.hosts.size - created;
  return `${created} created${reused ? `, ${reused} found from an earlier run` : ''}`;
}

export function hostId(ctx: DemoContext, key: HostKey): string {
  const id = ctx.hosts.get(HOST_ORGANIZATIONS[key].name);
  if (!id) throw new Error(`host organization ${key} was not created`);
  return id;
}
