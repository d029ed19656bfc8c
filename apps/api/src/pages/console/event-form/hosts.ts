import type { Actor } from '@tongxin/accounts';
import { normalizeName } from '@tongxin/common';
import type { OrganizationsService, OrganizationView } from '@tongxin/organizations';
import type { FieldErrors } from '../../forms';
import { Form, rowIndexes, str } from './form-values';

/** The event form's hosts: organizations typed by name, each with its role. */

export interface HostRow {
  index: number;
  name: string;
  role: string;
  /** The organization chosen for this row (kept from the event, or picked among same-named ones). */
  id: string;
  /** Same-named organizations to pick from, when the name alone does not say which. */
  choices?: { id: string; label: string }[];
}

export function hostRowsOf(form: Form): HostRow[] {
  return rowIndexes(form, 'hosts').map((i) => ({
    index: i,
    name: str(form[`hosts.${i}.name`]).trim(),
    role: str(form[`hosts.${i}.role`]),
    id: str(form[`hosts.${i}.id`]),
  }));
}

/** Organizations whose name is the typed one (Chinese or English), found through the same search as the API's. */
async function sameNamed(organizations: OrganizationsService, actor: Actor, name: string) {
  const page = await organizations.list(actor, { q: name, limit: 20 });
  const wanted = normalizeName(name);
  return page.items
    .map((i) => i.organization)
    .filter((o) => o.nameNormalized === wanted || (o.nameEn !== null && normalizeName(o.nameEn) === wanted));
}

const labelOf = (o: OrganizationView) => `${o.name}（${o.region.nameZh}${o.city ? ` ${o.city}` : ''}）`;

/** Hosts typed by name: each row's organization (kept, picked, or the one organization of that name). */
export async function resolveHosts(
  organizations: OrganizationsService,
  actor: Actor,
  rows: HostRow[],
  paths: Map<string, string>,
  errors: FieldErrors,
): Promise<{ organizationId: string; role: string }[]> {
  const hosts: { organizationId: string; role: string }[] = [];
  for (const row of rows) {
    if (!row.name) continue;
    const found = await sameNamed(organizations, actor, row.name);
    const picked = found.find((o) => o.id === row.id);
    const verified = found.filter((o) => o.verified);
    const one = picked ?? (found.length === 1 ? found[0] : verified.length === 1 ? verified[0] : undefined);
    if (!one) {
      errors[`hosts.${row.index}.name`] = [found.length ? 'console.rule.hostAmbiguous' : 'console.rule.hostNotFound'];
      if (found.length) row.choices = found.map((o) => ({ id: o.id, label: labelOf(o) }));
      continue;
    }
    row.id = one.id;
    paths.set(`hosts.${hosts.length}`, `hosts.${row.index}`);
    hosts.push({ organizationId: one.id, role: row.role });
  }
  return hosts;
}
