import { EventFacts, eventNarrative, SeriesFacts, seriesNarrative } from './narrative';
import { region, REGIONS } from './regions.fixture';

/** Chinese characters, which the English copy must not print. */
const CJK = /[\u3400-\u9fff]/;

const NINE = ['150000', '110000', '310000', '440000', '120000', '410000', '340000', '430000', '510000'];

/** The online class of the news item: 第23期, 12,000+ people attending from 467 organizations, ten regions. */
function classFacts(overrides: Partial<EventFacts> = {}): EventFacts {
  return {
    title: '公益项目评估',
    titleEn: null,
    series: { title: '老牛公益课', titleEn: 'Lao Niu Philanthropy Class', sequenceNo: 23 },
    kind: 'online',
    cancelled: false,
    startsAt: new Date('2026-08-12T11:00:00Z'),
    endsAt: new Date('2026-08-12T13:00:00Z'),
    timezone: 'Asia/Shanghai',
    venue: null,
    basis: 'attended',
    people: 12_345,
    organizations: 467,
    regions: [...NINE, '220000'].map(region),
    allRegions: REGIONS,
    hosts: [],
    speakers: [],
    intentions: { total: 0, signed: 0, signedOnSite: 0 },
    ...overrides,
  };
}

/** The Beijing workshop: 46 delegates from 42 organizations in three regions, with its host units. */
function workshopFacts(overrides: Partial<EventFacts> = {}): EventFacts {
  return {
    title: '京津冀协同发展社会组织研讨会',
    titleEn: 'Workshop on the Coordinated Development of Social Organizations in Beijing, Tianjin and Hebei',
    series: null,
    kind: 'in_person',
    cancelled: false,
    startsAt: new Date('2026-12-05T01:00:00Z'),
    endsAt: new Date('2026-12-05T09:00:00Z'),
    timezone: 'Asia/Shanghai',
    venue: '北京市东城区某会议中心',
    basis: 'attended',
    people: 46,
    organizations: 42,
    regions: ['110000', '120000', '130000'].map(region),
    allRegions: REGIONS,
    hosts: [
      {
        role: 'host',
        name: '北京市社会组织发展服务中心',
        nameEn: 'Beijing Social Organization Service Center',
        regionCode: '110000',
      },
      { role: 'guiding', name: '北京市民政局', nameEn: 'Beijing Civil Affairs Bureau', regionCode: '110000' },
      { role: 'organizer', name: '北京市社会组织联合会', nameEn: null, regionCode: '110000' },
    ],
    speakers: [],
    intentions: { total: 0, signed: 0, signedOnSite: 0 },
    ...overrides,
  };
}

describe('eventNarrative', () => {
  it('writes the online class as the news item did, rounding the crowd and naming nine regions', () => {
    const { zh, en } = eventNarrative(classFacts());
    expect(zh).toBe(
      '8月12日，第23期老牛公益课在线上举行，来自内蒙古、北京、上海、广东、天津、河南、安徽、湖南、四川等地区467家机构的12000余人参加。',
    );
    expect(en).toBe(
      'On August 12, the 23rd Lao Niu Philanthropy Class was held online. It brought together more than 12,000 people from 467 organizations in Inner Mongolia, Beijing, Shanghai, Guangdong, Tianjin, Henan, Anhui, Hunan, Sichuan and other regions.',
    );
  });

  it('writes the workshop with exact delegates, rounded organizations, every region and the host units', () => {
    const { zh, en } = eventNarrative(workshopFacts());
    expect(zh).toBe(
      '12月5日，京津冀协同发展社会组织研讨会在北京举行，来自北京、天津、河北三地40余家机构的46名代表参加。' +
        '指导单位：北京市民政局；主办单位：北京市社会组织发展服务中心；承办单位：北京市社会组织联合会。',
    );
    expect(en).toBe(
      'On December 5, the Workshop on the Coordinated Development of Social Organizations in Beijing, Tianjin and Hebei was held in Beijing. ' +
        'It brought together 46 delegates from more than 40 organizations in Beijing, Tianjin and Hebei. ' +
        'The event was hosted by Beijing Social Organization Service Center and organized by an organization based in Beijing, under the guidance of Beijing Civil Affairs Bureau.',
    );
  });

  it('says 报名 / "registered" when the event has no attendance data', () => {
    const { zh, en } = eventNarrative(workshopFacts({ basis: 'registered', hosts: [] }));
    expect(zh).toBe(
      '12月5日，京津冀协同发展社会组织研讨会在北京举行，来自北京、天津、河北三地40余家机构的46名代表报名参加。',
    );
    expect(en).toContain(
      'In all, 46 delegates from more than 40 organizations in Beijing, Tianjin and Hebei registered.',
    );
    expect(zh).not.toMatch(/[^名]参加。$|代表参加/);
  });

  it('reports cooperation intentions and signings', () => {
    const facts = workshopFacts({
      title: '社会组织合作交流会',
      titleEn: 'Social Organization Exchange Meeting',
      basis: 'registered',
      people: 300,
      organizations: 144,
      hosts: [],
      intentions: { total: 184, signed: 9, signedOnSite: 9 },
    });
    const { zh, en } = eventNarrative(facts);
    expect(zh).toBe(
      '12月5日，社会组织合作交流会在北京举行，来自北京、天津、河北三地144家机构的300人报名参加。会上达成合作意向184项，现场签约9项。',
    );
    expect(en).toContain('A total of 184 cooperation intentions were reached and 9 projects were signed on site.');
    const later = eventNarrative({ ...facts, intentions: { total: 184, signed: 9, signedOnSite: 6 } });
    expect(later.zh).toContain('会上达成合作意向184项，签约9项，其中现场签约6项。');
    expect(later.en).toContain('and 9 projects were signed, 6 of them on site.');
    const none = eventNarrative({ ...facts, intentions: { total: 1, signed: 0, signedOnSite: 0 } });
    expect(none.zh).toContain('会上达成合作意向1项。');
    expect(none.en).toContain('One cooperation intention was reached.');
  });

  it('names every region up to nine, and past nine adds 等地区 / "and other regions"', () => {
    const nine = eventNarrative(classFacts({ regions: NINE.map(region) }));
    expect(nine.zh).toContain('湖南、四川九地467家机构');
    expect(nine.en).toContain('Hunan and Sichuan.');
    const ten = eventNarrative(classFacts());
    expect(ten.zh).not.toContain('吉林');
    expect(ten.en).not.toContain('Jilin');
    const one = eventNarrative(classFacts({ regions: [region('110000')], people: 30, organizations: 12 }));
    expect(one.zh).toContain('来自北京12家机构的30名代表参加。');
    expect(one.en).toContain('30 delegates from 12 organizations in Beijing.');
  });

  it('places the event by its venue, else by its hosts, else not at all', () => {
    const city = eventNarrative(workshopFacts({ venue: '河北省石家庄市裕华区会展中心', hosts: [] }));
    expect(city.zh).toContain('研讨会在石家庄举行');
    expect(city.en).toContain('was held in Shijiazhuang.');
    const byHost = eventNarrative(workshopFacts({ venue: '国际会议中心' }));
    expect(byHost.zh).toContain('研讨会在北京举行');
    const nowhere = eventNarrative(workshopFacts({ venue: '国际会议中心', hosts: [] }));
    expect(nowhere.zh).toContain('研讨会举行，');
    expect(nowhere.en).toContain('Hebei was held. It');
    const hybrid = eventNarrative(workshopFacts({ kind: 'hybrid' }));
    expect(hybrid.zh).toContain('研讨会在北京以线上线下相结合的方式举行');
    expect(hybrid.en).toContain('was held in Beijing and online.');
  });

  it('writes a multi-day event and a series without an English title', () => {
    const { zh, en } = eventNarrative(
      classFacts({
        series: { title: '社工沙龙', titleEn: null, sequenceNo: 2 },
        startsAt: new Date('2026-11-30T01:00:00Z'),
        endsAt: new Date('2026-12-01T09:00:00Z'),
      }),
    );
    expect(zh).toMatch(/^11月30日至12月1日，第2期社工沙龙在线上举行/);
    expect(en).toMatch(
      /^From November 30 to December 1, the 2nd session of a salon series \(its title is given in Chinese only\) was held online\./,
    );
    expect(en).not.toMatch(CJK);
  });

  it('says plainly that the title is given in Chinese only, and prints no Chinese', () => {
    const facts = workshopFacts({
      title: '社会组织助力京津冀协同发展十年成果展示交流会',
      titleEn: null,
      startsAt: new Date('2026-12-04T01:00:00Z'),
      endsAt: new Date('2026-12-04T09:00:00Z'),
    });
    const { zh, en } = eventNarrative(facts);
    expect(zh).toMatch(/^12月4日，社会组织助力京津冀协同发展十年成果展示交流会在北京举行/);
    expect(en).toMatch(
      /^On December 4, an exchange meeting \(its title is given in Chinese only\) was held in Beijing\. /,
    );
    expect(en).not.toMatch(CJK);
    expect(eventNarrative({ ...facts, cancelled: true }).en).toBe(
      'On December 4, an exchange meeting (its title is given in Chinese only) was to be held in Beijing, but it was cancelled.',
    );
    // A title that names no kind of gathering, and an "English" title written in Chinese.
    expect(eventNarrative({ ...facts, title: '京津冀十年', titleEn: '京津冀十年' }).en).toMatch(
      /^On December 4, an event \(its title is given in Chinese only\) was held/,
    );
  });

  it('refers to hosts without an English name by where they are, and names the ones that have one', () => {
    const hosts: EventFacts['hosts'] = [
      { role: 'guiding', name: '北京市民政局', nameEn: null, regionCode: '110000' },
      {
        role: 'host',
        name: '北京市社会组织发展服务中心',
        nameEn: 'Beijing Social Organization Service Center',
        regionCode: '110000',
      },
      { role: 'host', name: '北京市社会组织联合会', nameEn: null, regionCode: '110000' },
      { role: 'co_organizer', name: '河北省慈善联合会', nameEn: null, regionCode: '130000' },
      { role: 'co_organizer', name: '天津市公益基金会', nameEn: null, regionCode: '120000' },
      { role: 'co_organizer', name: '河北省社会组织总会', nameEn: null, regionCode: '130000' },
    ];
    const { zh, en } = eventNarrative(workshopFacts({ titleEn: null, hosts }));
    expect(zh).toContain('协办单位：河北省慈善联合会、天津市公益基金会、河北省社会组织总会。');
    expect(en).toContain(
      'The event was hosted by Beijing Social Organization Service Center and another organization based in Beijing ' +
        'and co-organized by three organizations based in Hebei and Tianjin, under the guidance of an organization based in Beijing.',
    );
    expect(en).not.toMatch(CJK);
  });

  it('places the event in English whatever its venue says in Chinese', () => {
    const venues = [
      '湖南省岳阳市岳阳楼区洞庭路会议中心',
      '国际会议中心',
      '河北省雄安新区市民服务中心',
      '北京市东城区某会议中心',
    ];
    const places = venues.map((venue) => eventNarrative(workshopFacts({ titleEn: null, venue })).en);
    expect(places.map((en) => /was held( in [^.]+)?\./.exec(en)?.[0])).toEqual([
      'was held in Hunan.',
      'was held in Beijing.', // by the hosts
      "was held in Xiong'an.",
      'was held in Beijing.',
    ]);
    for (const en of places) expect(en).not.toMatch(CJK);
  });

  it('names the speakers, with their units, and counts them past three', () => {
    const speakers = [
      { name: '王芳', affiliation: '河北省社会组织总会' },
      { name: '李明', affiliation: null },
    ];
    const two = eventNarrative(workshopFacts({ hosts: [], speakers }));
    expect(two.zh).toContain('会上，河北省社会组织总会王芳、李明先后发言。');
    // Names and units in Chinese stay in the Chinese copy: the English counts those speakers.
    expect(two.en).toContain('The event heard two speakers.');
    expect(eventNarrative(workshopFacts({ speakers: [speakers[0]!] })).en).toContain(
      'A guest speaker gave the keynote.',
    );
    const guests = [
      { name: 'Anna Schmidt', affiliation: 'Oxfam' },
      { name: 'Li Ming', affiliation: '河北省社会组织总会' },
    ];
    const mixed = eventNarrative(workshopFacts({ hosts: [], speakers: [...speakers, ...guests] }));
    expect(mixed.en).toContain('Its 4 speakers included Anna Schmidt (Oxfam) and Li Ming.');
    expect(eventNarrative(workshopFacts({ speakers: guests })).en).toContain(
      'Speakers included Anna Schmidt (Oxfam) and Li Ming.',
    );
    const five = eventNarrative(workshopFacts({ hosts: [], speakers: [...guests, ...guests, guests[0]!] }));
    expect(five.zh).toContain('等5位嘉宾先后发言。');
    expect(five.en).toContain('Its 5 speakers included');
    for (const { en } of [two, mixed, five]) expect(en).not.toMatch(CJK);
  });

  it('states only the dateline and form when nobody registered', () => {
    const { zh, en } = eventNarrative(classFacts({ people: 0, organizations: 0, regions: [] }));
    expect(zh).toBe('8月12日，第23期老牛公益课在线上举行。');
    expect(en).toBe('On August 12, the 23rd Lao Niu Philanthropy Class was held online.');
  });

  it('reports a cancelled event as called off, and nothing else', () => {
    expect(eventNarrative(classFacts({ cancelled: true }))).toEqual({
      zh: '原定于8月12日在线上举行的第23期老牛公益课已取消。',
      en: 'On August 12, the 23rd Lao Niu Philanthropy Class was to be held online, but it was cancelled.',
    });
    expect(eventNarrative(workshopFacts({ cancelled: true })).zh).toBe(
      '原定于12月5日在北京举行的京津冀协同发展社会组织研讨会已取消。',
    );
  });

  it('is deterministic: the same facts give the same text', () => {
    expect(eventNarrative(classFacts())).toEqual(eventNarrative(classFacts()));
  });
});

describe('seriesNarrative', () => {
  const series: SeriesFacts = {
    title: '老牛公益课',
    titleEn: 'Lao Niu Philanthropy Class',
    basis: 'attended',
    sessions: 23,
    firstStartsAt: new Date('2025-03-10T11:00:00Z'),
    lastStartsAt: new Date('2026-08-12T11:00:00Z'),
    timezone: 'Asia/Shanghai',
    people: 8_321,
    attendances: 12_345,
    organizations: 467,
    returningOrganizations: 120,
    regions: NINE.map(region),
  };

  it('sums the sessions up, with returning organizations', () => {
    const { zh, en } = seriesNarrative(series);
    expect(zh).toBe(
      '2025年3月至2026年8月，老牛公益课共举办23期，来自内蒙古、北京、上海、广东、天津、河南、安徽、湖南、四川九地467家机构的8300余人参加，累计12000余人次。' +
        '其中120家机构参加了两期及以上。',
    );
    expect(en).toBe(
      'From March 2025 to August 2026, 23 sessions of Lao Niu Philanthropy Class were held. ' +
        'They brought together more than 8,300 people from 467 organizations in Inner Mongolia, Beijing, Shanghai, Guangdong, Tianjin, Henan, Anhui, Hunan and Sichuan, more than 12,000 attendances in all. ' +
        'Of these, 120 organizations came to more than one session.',
    );
  });

  it('says 报名 when the sessions lack attendance data, and handles a series not held yet', () => {
    expect(seriesNarrative({ ...series, basis: 'registered' }).zh).toContain('8300余人报名参加，累计12000余人次');
    expect(seriesNarrative({ ...series, sessions: 0, firstStartsAt: null, lastStartsAt: null })).toEqual({
      zh: '老牛公益课尚未举办。',
      en: 'No session of Lao Niu Philanthropy Class has been held yet.',
    });
  });
});
