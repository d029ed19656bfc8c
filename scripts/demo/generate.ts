/**
 * Plausible, deterministic people and organizations for the demo: a seeded PRNG (mulberry32), Chinese names from a
 * small list of surnames and given-name characters (with their pinyin for example.org addresses), mainland mobile
 * numbers, and organization names of the usual shapes (北京市朝阳区阳光社会工作服务中心) with a type and a region.
 */

export type OrganizationType = 'social_group' | 'foundation' | 'social_service_agency' | 'industry_association';

export interface Organization {
  name: string;
  type: OrganizationType;
  regionCode: string;
}

export interface Person {
  name: string;
  email: string;
  phone: string;
  jobTitle: string;
  organization: Organization;
}

/** A seeded pseudo-random source: the same seed gives the same demo. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

const SURNAMES: [string, string][] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao'],
  ['黄', 'huang'], ['周', 'zhou'], ['吴', 'wu'], ['徐', 'xu'], ['孙', 'sun'], ['胡', 'hu'], ['朱', 'zhu'],
  ['高', 'gao'], ['林', 'lin'], ['何', 'he'], ['郭', 'guo'], ['马', 'ma'], ['罗', 'luo'], ['梁', 'liang'],
  ['宋', 'song'], ['郑', 'zheng'], ['谢', 'xie'], ['韩', 'han'], ['唐', 'tang'], ['冯', 'feng'], ['于', 'yu'],
  ['董', 'dong'], ['萧', 'xiao'], ['程', 'cheng'], ['曹', 'cao'], ['袁', 'yuan'], ['邓', 'deng'], ['许', 'xu'],
  ['傅', 'fu'], ['沈', 'shen'], ['曾', 'zeng'], ['彭', 'peng'], ['吕', 'lv'], ['苏', 'su'], ['卢', 'lu'],
]; // prettier-ignore

const GIVEN: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'], ['玉', 'yu'], ['兰', 'lan'], ['萍', 'ping'], ['红', 'hong'],
  ['建', 'jian'], ['国', 'guo'], ['文', 'wen'], ['辉', 'hui'], ['力', 'li'], ['宁', 'ning'], ['婷', 'ting'],
  ['雪', 'xue'], ['慧', 'hui'], ['佳', 'jia'], ['欣', 'xin'], ['宇', 'yu'], ['晨', 'chen'], ['浩', 'hao'],
  ['思', 'si'], ['嘉', 'jia'], ['博', 'bo'], ['悦', 'yue'], ['子', 'zi'], ['梓', 'zi'], ['涵', 'han'],
  ['晓', 'xiao'], ['云', 'yun'], ['海', 'hai'], ['春', 'chun'], ['志', 'zhi'], ['永', 'yong'], ['瑞', 'rui'],
]; // prettier-ignore

const JOB_TITLES = ['理事长', '秘书长', '副秘书长', '项目主管', '项目官员', '社工', '志愿者', '办公室主任', '传播专员'];

/** Cities and districts of each region the demo uses: where its organizations say they are. */
export const PLACES: Record<string, { region: string; places: string[] }> = {
  '110000': { region: '北京市', places: ['朝阳区', '海淀区', '东城区', '西城区', '丰台区', '通州区', '昌平区'] },
  '120000': { region: '天津市', places: ['和平区', '河西区', '南开区', '滨海新区', '河北区', '西青区'] },
  '130000': { region: '河北省', places: ['石家庄市', '保定市', '唐山市', '廊坊市', '张家口市', '邯郸市'] },
  '150000': { region: '内蒙古自治区', places: ['呼和浩特市', '包头市', '鄂尔多斯市', '赤峰市', '通辽市'] },
  '310000': { region: '上海市', places: ['浦东新区', '徐汇区', '静安区', '杨浦区', '闵行区'] },
  '440000': { region: '广东省', places: ['广州市', '广州市天河区', '广州市越秀区', '深圳市', '佛山市'] },
  '410000': { region: '河南省', places: ['郑州市', '洛阳市', '开封市', '新乡市'] },
  '340000': { region: '安徽省', places: ['合肥市', '芜湖市', '安庆市', '蚌埠市'] },
  '430000': { region: '湖南省', places: ['长沙市', '株洲市', '湘潭市', '岳阳市'] },
  '510000': { region: '四川省', places: ['成都市', '绵阳市', '德阳市', '宜宾市'] },
};

const CORES = [
  '阳光', '启明', '同心', '新希望', '益路同行', '青禾', '星火', '乐龄', '心桥', '绿源', '晨曦', '惠民', '春苗',
  '携手', '博爱', '善行', '暖心', '向日葵', '微光', '守望', '仁和', '众力', '和谐', '映山红', '蒲公英', '晴天',
]; // prettier-ignore
const FIELDS = ['社区', '青少年', '养老', '助残', '环保', '乡村振兴', '心理健康', '儿童发展', '妇女发展', '公益', ''];
const SUFFIXES: Record<OrganizationType, string[]> = {
  social_service_agency: ['社会工作服务中心', '社工服务中心', '公益服务中心', '发展中心', '服务社'],
  social_group: ['志愿者协会', '公益联合会', '社会组织促进会', '慈善会'],
  foundation: ['公益基金会', '慈善基金会', '教育基金会'],
  industry_association: ['行业协会', '商会'],
};
/** Shares of the types among generated organizations, as in the sector (社会服务机构 most). */
const TYPE_WEIGHTS: [OrganizationType, number][] = [
  ['social_service_agency', 0.55],
  ['social_group', 0.3],
  ['foundation', 0.1],
  ['industry_association', 0.05],
];

export class Generator {
  private readonly random: Random;
  private readonly orgNames = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  get rng(): Random {
    return this.random;
  }

  /** `count` organizations of one region, names unique within this generator. */
  organizations(regionCode: string, count: number): Organization[] {
    const { region, places } = PLACES[regionCode]!;
    const out: Organization[] = [];
    while (out.length < count) {
      const type = this.type();
      const place = this.random.chance(0.7) ? this.random.pick(places) : '';
      const field = this.random.pick(FIELDS);
      const name = `${place.startsWith(region.slice(0, 2)) ? '' : region}${place}${this.random.pick(CORES)}${field}${this.random.pick(SUFFIXES[type])}`;
      if (this.orgNames.has(name)) continue;
      this.orgNames.add(name);
      out.push({ name, type, regionCode });
    }
    return out;
  }

  /** A person of an organization: a Chinese name, a unique example.org address and a unique mainland mobile. */
  person(organization: Organization): Person {
    const [surname, sp] = this.random.pick(SURNAMES);
    const given = this.random.chance(0.65)
      ? [this.random.pick(GIVEN), this.random.pick(GIVEN)]
      : [this.random.pick(GIVEN)];
    const name = surname + given.map(([c]) => c).join('');
    const local = `${sp}.${given.map(([, p]) => p).join('')}`;
    let email = `${local}@example.org`;
    for (let n = 2; this.emails.has(email); n++) email = `${local}${n}@example.org`;
    this.emails.add(email);
    let phone: string;
    do {
      phone = `1${this.random.pick(['3', '5', '7', '8', '9'])}${String(this.random.int(0, 999_999_999)).padStart(9, '0')}`;
    } while (this.phones.has(phone));
    this.phones.add(phone);
    return { name, email, phone, jobTitle: this.random.pick(JOB_TITLES), organization };
  }

  private type(): OrganizationType {
    let roll = this.random.next();
    for (const [type, weight] of TYPE_WEIGHTS) {
      roll -= weight;
      if (roll < 0) return type;
    }
    return 'social_service_agency';
  }
}

/**
 * Splits `total` into `parts` whole shares following `weights` (largest remainders), each at least `min`.
 * Used to spread people and organizations over regions in the proportions a real event had.
 */
export function apportion(total: number, weights: readonly number[], min = 1): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const free = total - min * weights.length;
  const exact = weights.map((w) => (w / sum) * free);
  const shares = exact.map((x) => min + Math.floor(x));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) shares[order[k]![1]]! += 1;
  return shares;
}

/** Spreads `people` over `orgs` so that each organization has at least one person. */
export function peoplePerOrganization(random: Random, orgs: number, people: number): number[] {
  const counts = new Array<number>(orgs).fill(1);
  for (let extra = people - orgs; extra > 0; extra--) {
    // Larger organizations send more people: weight by a skewed pick.
    const i = Math.floor(random.next() ** 2 * orgs);
    counts[i]! += 1;
  }
  return counts;
}
