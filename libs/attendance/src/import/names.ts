import { normalizeName } from '@tongxin/common';

/*
 * Names as meeting platforms show them. Tencent writes `显示名(昵称)`, Zoom `Name (Original Name)`, and organizers ask
 * people to rename themselves `张三-北京某协会` or `张三(手机后四位1234)` so they can be found. What is compared is
 * a key: NFKC, case-folded, with no whitespace at all (`张 三` is `张三`, `Li Si` is `lisi`).
 */

/** Where an organizer-requested suffix starts: a dash, an underscore, a plus, a slash or bar, a bracket. */
const SUFFIX = /[-‐‑–—―_+/|\\(（[【〔<《]/u;
const BRACKETED = /[(（[【〔<《]([^)）\]】〕>》]*)[)）\]】〕>》]?/gu;

/** The key a name is compared by. */
export function nameKey(name: string): string {
  return normalizeName(name).replace(/\s+/gu, '');
}

/** The part before any suffix, trailing digits dropped: `张三-北京某协会` and `张三1234` give `张三`. */
export function baseName(name: string): string {
  const key = nameKey(name);
  const at = key.search(SUFFIX);
  return (at < 0 ? key : key.slice(0, at)).replace(/\d+$/u, '');
}

/**
 * The keys a shown name may mean, most literal first: the whole name, the part before its suffix, and what stands
 * in brackets (Tencent's in-meeting nickname, Zoom's original name) and that part's own base. Keys of one
 * character are left out: they would match too much.
 */
export function nameKeys(name: string): string[] {
  const keys = [nameKey(name), baseName(name)];
  for (const [, inside] of normalizeName(name).matchAll(BRACKETED)) {
    if (inside) keys.push(nameKey(inside), baseName(inside));
  }
  return [...new Set(keys)].filter((key) => key.length >= 2);
}

/** The last group of exactly four digits in a name or a masked phone (`138****1234`): the phone's last four. */
export function lastFour(text: string): string | undefined {
  const groups = text.normalize('NFKC').match(/(?<!\d)\d{4}(?!\d)/gu);
  return groups?.[groups.length - 1];
}

/** The text after the base name (`北京某协会` of `张三-北京某协会`), as a key; empty when there is none. */
export function suffixOf(name: string): string {
  const key = nameKey(name);
  const at = key.search(SUFFIX);
  if (at < 0) return '';
  return key
    .slice(at)
    .replace(/[-‐‑–—―_+/|\\()（）[\]【】〔〕<>《》]/gu, '')
    .replace(/\d+/gu, '');
}
