import type { RegionName } from './places';

/** Some GB/T 2260 provincial divisions as the region table holds them (for unit specs; the table is seeded by migration). */
export const REGIONS: RegionName[] = [
  { code: '110000', nameZh: '北京市', nameEn: 'Beijing' },
  { code: '120000', nameZh: '天津市', nameEn: 'Tianjin' },
  { code: '130000', nameZh: '河北省', nameEn: 'Hebei' },
  { code: '140000', nameZh: '山西省', nameEn: 'Shanxi' },
  { code: '150000', nameZh: '内蒙古自治区', nameEn: 'Inner Mongolia' },
  { code: '220000', nameZh: '吉林省', nameEn: 'Jilin' },
  { code: '310000', nameZh: '上海市', nameEn: 'Shanghai' },
  { code: '340000', nameZh: '安徽省', nameEn: 'Anhui' },
  { code: '410000', nameZh: '河南省', nameEn: 'Henan' },
  { code: '430000', nameZh: '湖南省', nameEn: 'Hunan' },
  { code: '440000', nameZh: '广东省', nameEn: 'Guangdong' },
  { code: '450000', nameZh: '广西壮族自治区', nameEn: 'Guangxi' },
  { code: '510000', nameZh: '四川省', nameEn: 'Sichuan' },
  { code: '610000', nameZh: '陕西省', nameEn: 'Shaanxi' },
];

export const region = (code: string): RegionName => REGIONS.find((r) => r.code === code)!;
