import { durationSeconds } from './iso-duration';

describe('durationSeconds', () => {
  it.each([
    ['P1D', 86_400],
    ['PT1H', 3_600],
    ['PT3S', 3],
    ['P1DT12H', 129_600],
    ['P2W', 1_209_600],
    ['PT90M', 5_400],
  ])('%s is %i seconds', (value, seconds) => {
    expect(durationSeconds(value)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', '1D', 'P1M', 'P1Y', 'PT1.5H', '-PT1H', 'P1DT'])('refuses %j', (value) => {
    expect(durationSeconds(value)).toBeUndefined();
  });
});
