import { containsPattern, normalizeEmail, normalizeName } from './normalize';

describe('normalizeName', () => {
  it('folds full-width letters and spaces, collapses whitespace and case', () => {
    expect(normalizeName('  北京　ＡＢＣ   公益\t服务中心 ')).toBe('北京 abc 公益 服务中心');
  });
  it('leaves Chinese characters as they are', () => {
    expect(normalizeName('河北省社会组织促进会')).toBe('河北省社会组织促进会');
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Li.Ming@Example.ORG ')).toBe('li.ming@example.org');
  });
});

describe('containsPattern', () => {
  it('normalizes the text and escapes what LIKE would read as wildcards', () => {
    expect(containsPattern(' 100%_Ｆｕｎ\\ ')).toBe('%100\\%\\_fun\\\\%');
  });
});
