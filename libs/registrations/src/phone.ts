/**
 * Mainland China mobile numbers: 11 digits starting with 1, optionally written with +86 / 0086 and spaces or
 * dashes. Returns the 11 digits, or undefined when it is not such a number.
 */
export function normalizeMainlandMobile(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '');
  const match = /^(?:\+86|0086)?(1\d{10})$/.exec(compact);
  return match?.[1];
}
