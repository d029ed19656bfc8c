import { normalizeMainlandMobile } from './phone';

describe('normalizeMainlandMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['008613812345678', '13812345678'],
  ])('accepts %s', (input, expected) => expect(normalizeMainlandMobile(input)).toBe(expected));

  it.each(['23812345678', '1381234567', '+85213812345678', '138123456789', 'phone'])('refuses %s', (input) =>
    expect(normalizeMainlandMobile(input)).toBeUndefined(),
  );
});
