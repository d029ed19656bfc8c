/** What the event form's sections share: the posted form, its values as strings, and the rows of repeated parts. */

export type Form = Record<string, unknown>;

/** Empty rows offered after the filled ones, so a host, agenda item or question can be added without a script. */
const SPARE_ROWS = 2;

export const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
export const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Indexes of the rows a form posted (`prefix.N.field`), in order. */
export function rowIndexes(form: Form, prefix: string): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(form)) {
    const m = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`).exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** Rows shown in the form: the given ones (keeping their numbers, which errors refer to), then spare empty ones. */
export function withSpareRows<T extends { index: number }>(
  rows: T[],
  isFilled: (row: T) => boolean,
  empty: () => Omit<T, 'index'>,
): T[] {
  const next = rows.reduce((max, row) => Math.max(max, row.index + 1), 0);
  const spare = Array.from({ length: SPARE_ROWS }, (_, i) => ({ ...empty(), index: next + i }) as T);
  return [...rows.filter(isFilled), ...spare];
}

/** The names of a row's fields (`hosts.3.name`), which field errors are keyed by. */
export function rowFields<K extends string>(prefix: string, index: number, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, `${prefix}.${index}.${n}`])) as Record<K, string>;
}
