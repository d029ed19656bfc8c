import { baseName, lastFour, nameKey, nameKeys, suffixOf } from './names';

describe('names', () => {
  it('compares names without case, width or whitespace', () => {
    expect(nameKey(' 张　三 ')).toBe('张三');
    expect(nameKey('Li  SI')).toBe('lisi');
    expect(nameKey('ＷＡＮＧ Ｗｕ')).toBe('wangwu');
  });

  it('strips the suffixes organizers ask for', () => {
    expect(baseName('张三-北京某协会')).toBe('张三');
    expect(baseName('张三—北京某协会')).toBe('张三');
    expect(baseName('张三(手机后四位1234)')).toBe('张三');
    expect(baseName('张三（小张）')).toBe('张三');
    expect(baseName('张三1234')).toBe('张三');
    expect(baseName('张三+1234')).toBe('张三');
    expect(baseName('王五 (Wang Wu)')).toBe('王五');
  });

  it('offers the whole name, its base and what stands in brackets, most literal first', () => {
    expect(nameKeys('微信用户(张三-北京某协会)')).toEqual([
      '微信用户(张三-北京某协会)',
      '微信用户',
      '张三-北京某协会',
      '张三',
    ]);
    expect(nameKeys('Jean-Pierre Dupont')).toEqual(['jean-pierredupont', 'jean']);
    expect(nameKeys('张')).toEqual([]);
  });

  it('finds the last four digits of a phone in a name or a masked number', () => {
    expect(lastFour('张三(手机后四位1234)')).toBe('1234');
    expect(lastFour('张三-5678')).toBe('5678');
    expect(lastFour('138****4321')).toBe('4321');
    expect(lastFour('13800001234')).toBeUndefined();
    expect(lastFour('张三')).toBeUndefined();
  });

  it('keeps the text after the name to compare with organizations', () => {
    expect(suffixOf('张三-北京某协会')).toBe('北京某协会');
    expect(suffixOf('张三(1234)')).toBe('');
    expect(suffixOf('张三')).toBe('');
  });
});
