import { coveredMs, unionIntervals } from './intervals';

describe('unionIntervals', () => {
  it('unites overlapping and touching intervals and keeps gaps', () => {
    expect(
      unionIntervals([
        [50, 60],
        [0, 10],
        [5, 20],
        [20, 30],
        [40, 45],
      ]),
    ).toEqual([
      [0, 30],
      [40, 45],
      [50, 60],
    ]);
  });

  it('takes an interval inside another once, and drops reversed ones', () => {
    expect(
      unionIntervals([
        [0, 100],
        [10, 20],
        [30, 10],
      ]),
    ).toEqual([[0, 100]]);
    expect(unionIntervals([])).toEqual([]);
  });

  it('counts the time covered, not the sum of the sessions', () => {
    // Two devices from 14:00 to 14:30 and 14:20 to 15:00: 60 minutes, not 70.
    const minute = 60_000;
    expect(
      coveredMs([
        [0, 30 * minute],
        [20 * minute, 60 * minute],
      ]) / minute,
    ).toBe(60);
  });
});
