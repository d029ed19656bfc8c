import { placeOfVenue, shortRegionName } from './places';
import { REGIONS } from './regions.fixture';

describe('shortRegionName', () => {
  it.each([
    ['北京市', '北京'],
    ['河北省', '河北'],
    ['黑龙江省', '黑龙江'],
    ['内蒙古自治区', '内蒙古'],
    ['广西壮族自治区', '广西'],
    ['宁夏回族自治区', '宁夏'],
    ['新疆维吾尔自治区', '新疆'],
    ['西藏自治区', '西藏'],
    ['香港特别行政区', '香港'],
  ])('%s → %s', (full, short) => expect(shortRegionName(full)).toBe(short));
});

describe('placeOfVenue', () => {
  const place = (venue: string | null) => {
    const p = placeOfVenue(venue, REGIONS);
    return { cityZh: p.cityZh, cityEn: p.cityEn, region: p.region?.code };
  };

  it('reads a municipality, with or without its suffix', () => {
    expect(place('北京市东城区某会议中心')).toEqual({ cityZh: '北京', cityEn: 'Beijing', region: '110000' });
    expect(place('天津滨海新区')).toEqual({ cityZh: '天津', cityEn: 'Tianjin', region: '120000' });
  });

  it('reads the city after a province, in English when the city is known', () => {
    expect(place('河北省石家庄市裕华区')).toEqual({ cityZh: '石家庄', cityEn: 'Shijiazhuang', region: '130000' });
    expect(place('湖南省岳阳市岳阳楼区')).toEqual({ cityZh: '岳阳', cityEn: undefined, region: '430000' });
    expect(place('河北雄安新区市民服务中心')).toEqual({ cityZh: '雄安', cityEn: "Xiong'an", region: '130000' });
    expect(place('四川省某县文化馆')).toEqual({ cityZh: undefined, cityEn: undefined, region: '510000' });
  });

  it('reads a well-known city given without its province', () => {
    expect(place('广州市天河区体育西路')).toEqual({ cityZh: '广州', cityEn: 'Guangzhou', region: '440000' });
  });

  it('does not take a street or a building named after a place for the place', () => {
    expect(place('北京路步行街123号')).toEqual({ cityZh: undefined, cityEn: undefined, region: undefined });
    expect(place('苏州街18号院')).toEqual({ cityZh: undefined, cityEn: undefined, region: undefined });
  });

  it('finds nothing in an empty or unknown venue', () => {
    expect(placeOfVenue(null, REGIONS)).toEqual({});
    expect(placeOfVenue('  ', REGIONS)).toEqual({});
    expect(placeOfVenue('国际会议中心', REGIONS)).toEqual({});
  });
});
