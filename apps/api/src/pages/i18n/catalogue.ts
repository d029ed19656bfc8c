/** The two languages of every page: Chinese first, English second. */
export const LANGUAGES = ['zh', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}

/** One area's strings in both languages; the English table must have exactly the Chinese table's keys. */
export interface Messages<K extends string> {
  zh: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<K extends string>(zh: Record<K, string>, en: Record<NoInfer<K>, string>): Messages<K> {
  return { zh, en };
}
