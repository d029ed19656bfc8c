import { isLang, Lang } from './catalogue';
import { auth } from './auth';
import { common } from './common';
import { consolePages } from './console';
import { publicPages } from './public';
import { registrations } from './registrations';
import { messages } from './messages';
import { door } from './door';
import { attendance } from './attendance';
import { questions } from './questions';

export * from './catalogue';

/**
 * The one zh/en catalogue of the pages, one table per area (an area adds its table here). Keys read
 * `area.thing`; values may hold `{name}` placeholders.
 */
const AREAS = [common, auth, consolePages, publicPages, door, attendance, registrations, messages, questions] as const;

type Key = keyof (typeof AREAS)[number]['zh'];

const TABLES: Record<Lang, Record<string, string>> = {
  zh: Object.assign({}, ...AREAS.map((area) => area.zh)) as Record<string, string>,
  en: Object.assign({}, ...AREAS.map((area) => area.en)) as Record<string, string>,
};

export type MessageKey = Key;

/** The string for `key` in `lang`, with `{name}` placeholders filled; the key itself when it is unknown. */
export function translate(lang: Lang, key: string, vars: Record<string, unknown> = {}): string {
  const template = TABLES[lang][key] ?? TABLES.zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function hasMessage(key: string): boolean {
  return key in TABLES.zh;
}

export { isLang };
