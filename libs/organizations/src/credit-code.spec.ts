import { creditCodeCheckCharacter, isValidCreditCode, normalizeCreditCode } from './credit-code';

describe('unified social credit code', () => {
  // Codes as printed on published registration certificates.
  it.each(['91350100M000100Y43', '9144030071526726XG', '91110000802100433B'])('accepts %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });

  it('rejects letters outside the alphabet and the wrong length', () => {
    expect(isValidCreditCode('91350100M000100YO3')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('9135010OM000100Y43')).toBe(false);
  });

  it('computes the check character that makes a code valid', () => {
    const first17 = '51110000MJ0000001';
    const code = first17 + creditCodeCheckCharacter(first17);
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('normalizes typing: spaces, full-width characters, lower case', () => {
    expect(normalizeCreditCode(' 9135 0100ｍ000100y43 ')).toBe('91350100M000100Y43');
  });
});
