import { normalizeMainlandMobile } from '@tongxin/registrations';
import type { DoorSearch } from './door.queries';

/**
 * How the door reads what staff typed: always as part of a name or an organization; as a whole email address when it
 * has an @; as a whole mainland mobile number, or as its last four digits, when it is one. Parts of an address or a
 * number are never matched: the checkin role must not be able to read them back a character at a time.
 */
export function doorSearchTerms(q: string): DoorSearch {
  const text = q.trim();
  const digits = text.replace(/[\s-]/g, '');
  return {
    text,
    email: text.includes('@') ? text : null,
    phone: normalizeMainlandMobile(text) ?? null,
    phoneLast4: /^\d{4}$/.test(digits) ? digits : null,
  };
}
