import { normalizeEmail } from '@tongxin/common';
import { normalizeMainlandMobile } from '@tongxin/registrations';
import { lastFour, nameKey, nameKeys, suffixOf } from './names';

/** A registration of the event, as the matcher sees it. */
export interface Candidate {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  organizationId: string;
  organization: string;
}

export type MatchOutcome =
  { registration: Candidate; by: 'email' | 'phone' | 'name' } | { ambiguous: Candidate[] } | { unmatched: true };

/**
 * Finds the registration a participant row means, in order: the email; a mainland mobile number (in the phone
 * column, or written into the name); the name, when only one registration of the event bears it. A name that
 * several registrations bear is narrowed by the phone's last four digits (`张三(手机后四位1234)`, a masked
 * `138****1234`) or by the text after the name (`张三-北京某协会` against the organization); if that leaves more than
 * one, the row is ambiguous and the candidates are reported.
 */
export class RegistrationMatcher {
  private readonly byEmail = new Map<string, Candidate>();
  private readonly byPhone = new Map<string, Candidate[]>();
  private readonly byName = new Map<string, Candidate[]>();

  constructor(candidates: readonly Candidate[]) {
    for (const c of candidates) {
      this.byEmail.set(normalizeEmail(c.email), c);
      if (c.phone) addTo(this.byPhone, c.phone, c);
      addTo(this.byName, nameKey(c.name), c);
    }
  }

  match(person: { name: string; email: string; phone: string }): MatchOutcome {
    const byEmail = person.email ? this.byEmail.get(normalizeEmail(person.email)) : undefined;
    if (byEmail) return { registration: byEmail, by: 'email' };
    const phone = normalizeMainlandMobile(person.phone) ?? /(?<!\d)1\d{10}(?!\d)/u.exec(person.name)?.[0];
    const byPhone = phone ? this.byPhone.get(phone) : undefined;
    if (byPhone?.length === 1) return { registration: byPhone[0]!, by: 'phone' };

    let ambiguous: Candidate[] | undefined;
    for (const key of nameKeys(person.name)) {
      const found = this.byName.get(key);
      if (!found) continue;
      const narrowed = found.length === 1 ? found : narrow(found, person);
      if (narrowed.length === 1) return { registration: narrowed[0]!, by: 'name' };
      ambiguous ??= narrowed;
    }
    return ambiguous ? { ambiguous } : { unmatched: true };
  }
}

function narrow(candidates: Candidate[], person: { name: string; phone: string }): Candidate[] {
  let left = candidates;
  const four = lastFour(person.phone) ?? lastFour(person.name);
  if (four) {
    const same = left.filter((c) => c.phone?.endsWith(four));
    if (same.length > 0) left = same;
  }
  const suffix = suffixOf(person.name);
  if (left.length > 1 && suffix.length >= 2) {
    const same = left.filter((c) => nameKey(c.organization).includes(suffix));
    if (same.length > 0) left = same;
  }
  return left;
}

/** Adds a value to the list a key has in a map of lists. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
