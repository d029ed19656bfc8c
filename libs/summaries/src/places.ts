/**
 * Place names as news copy writes them: provinces without their administrative suffix (北京, 内蒙古, 广西), and the city
 * an event was held in, read from the start of its venue. Pure; the region names come from the caller (the region
 * table), the few cities below are the ones a venue is most often given by without its province.
 */

export interface RegionName {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** 北京市 → 北京, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西, 香港特别行政区 → 香港, 黑龙江省 → 黑龙江. */
export function shortRegionName(nameZh: string): string {
  return nameZh.replace(/(壮族|回族|维吾尔)?自治区$|特别行政区$|省$|市$/, '') || nameZh;
}

/** Provincial-level cities: the region is the city. */
const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

/** Provincial capitals and the other cities venues are commonly given by: Chinese, English, GB/T 2260 region. */
const CITIES: [zh: string, en: string, region: string][] = [
  ['石家庄', 'Shijiazhuang', '130000'],
  ['保定', 'Baoding', '130000'],
  ['唐山', 'Tangshan', '130000'],
  ['廊坊', 'Langfang', '130000'],
  ['雄安', "Xiong'an", '130000'],
  ['太原', 'Taiyuan', '140000'],
  ['呼和浩特', 'Hohhot', '150000'],
  ['沈阳', 'Shenyang', '210000'],
  ['大连', 'Dalian', '210000'],
  ['长春', 'Changchun', '220000'],
  ['哈尔滨', 'Harbin', '230000'],
  ['南京', 'Nanjing', '320000'],
  ['苏州', 'Suzhou', '320000'],
  ['杭州', 'Hangzhou', '330000'],
  ['宁波', 'Ningbo', '330000'],
  ['合肥', 'Hefei', '340000'],
  ['福州', 'Fuzhou', '350000'],
  ['厦门', 'Xiamen', '350000'],
  ['南昌', 'Nanchang', '360000'],
  ['济南', 'Jinan', '370000'],
  ['青岛', 'Qingdao', '370000'],
  ['郑州', 'Zhengzhou', '410000'],
  ['武汉', 'Wuhan', '420000'],
  ['长沙', 'Changsha', '430000'],
  ['广州', 'Guangzhou', '440000'],
  ['深圳', 'Shenzhen', '440000'],
  ['南宁', 'Nanning', '450000'],
  ['海口', 'Haikou', '460000'],
  ['三亚', 'Sanya', '460000'],
  ['成都', 'Chengdu', '510000'],
  ['贵阳', 'Guiyang', '520000'],
  ['昆明', 'Kunming', '530000'],
  ['拉萨', 'Lhasa', '540000'],
  ['西安', "Xi'an", '610000'],
  ['兰州', 'Lanzhou', '620000'],
  ['西宁', 'Xining', '630000'],
  ['银川', 'Yinchuan', '640000'],
  ['乌鲁木齐', 'Urumqi', '650000'],
];

/** Where an event was held, as far as its venue tells: a city (Chinese, and English when known) and/or a region. */
export interface Place {
  cityZh?: string;
  cityEn?: string;
  region?: RegionName;
}

/** A place name at the start of a venue must not be a street or a building named after it (广州市北京路, 苏州街). */
const startsWithPlace = (text: string, name: string) =>
  text.startsWith(name) && !/^[路街道巷]/.test(text.slice(name.length));

/**
 * The place a venue starts with: "北京市东城区…" → 北京; "河北省石家庄市…" → 石家庄, Hebei; "河北省保定市…" → 保定
 * (Baoding), Hebei; "湖南省岳阳市…" → 岳阳, Hunan (no English city name known: the English text names the province);
 * "广州市天河区…" → 广州, Guangdong; anything else → nothing (the caller falls back to the hosts' region).
 */
export function placeOfVenue(venue: string | null, regions: RegionName[]): Place {
  const text = (venue ?? '').normalize('NFKC').trim();
  if (!text) return {};
  const byLength = [...regions].sort((a, b) => b.nameZh.length - a.nameZh.length);
  for (const region of byLength) {
    const short = shortRegionName(region.nameZh);
    const name = [region.nameZh, short].find((n) => startsWithPlace(text, n));
    if (!name) continue;
    if (MUNICIPALITIES.has(region.code)) return { cityZh: short, cityEn: region.nameEn, region };
    const rest = text.slice(name.length);
    const known = CITIES.find(([zh, , code]) => code === region.code && startsWithPlace(rest, zh));
    if (known) return { cityZh: known[0], cityEn: known[1], region };
    // "XX市" right after the province is a city; "XX新区市民中心" is not.
    const city = /^([\u4e00-\u9fff]{2,4}?)市/.exec(rest)?.[1];
    return city && !/[区县]/.test(city) ? { cityZh: city, region } : { region };
  }
  const city = CITIES.find(([zh]) => startsWithPlace(text, zh));
  if (city) return { cityZh: city[0], cityEn: city[1], region: regions.find((r) => r.code === city[2]) };
  return {};
}
