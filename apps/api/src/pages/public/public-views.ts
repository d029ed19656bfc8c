import { DomainError, ErrorCode } from '@tongxin/common';
import { HOST_ROLES } from '@tongxin/events';
import { formatWhen } from '@tongxin/messages';
import { ORGANIZATION_TYPES, RegionView } from '@tongxin/organizations';
import { randomUUID } from 'node:crypto';
import type { PublicEventDto } from '../../events/dto/event.dto';
import { compact, FieldErrors, formErrorOf } from '../forms';
import { Lang, translate } from '../i18n';
import type { PageLocals } from '../view-engine';

/**
 * What the public pages show, shaped for their templates from the same DTOs and views the JSON API uses. Shaping only:
 * every rule (who may register, when, with which status) stays in the services.
 */

export type Body = Record<string, unknown>;

/** One form value as posted (a repeated field gives its first value; absent is undefined). */
export function field(body: Body, name: string): string | undefined {
  const value = body[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A field repeated once per row (rows of attendees): always a list, in the order posted. */
export function fieldList(body: Body, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : ''));
  return typeof value === 'string' ? [value] : [];
}

/** Where registration stands, as the event page says it. */
export type EventState = 'open' | 'full' | 'notYetOpen' | 'closed' | 'ended' | 'cancelled';

/**
 * From the public event DTO (whose registrationOpen is the registration window the service enforces): full means no
 * seat is left, where a registration is still taken and put on the waitlist (or held for approval).
 */
export function eventState(event: PublicEventDto, now = new Date()): EventState {
  if (event.status === 'cancelled') return 'cancelled';
  if (event.registrationOpen) return event.seatsLeft === 0 ? 'full' : 'open';
  if (event.endsAt <= now) return 'ended';
  if (event.registrationOpensAt && event.registrationOpensAt > now) return 'notYetOpen';
  return 'closed';
}

/** The event's title, time and place in the page's language, as the public pages head it. */
export function eventInLanguage(
  event: {
    title: string;
    titleEn: string | null;
    startsAt: Date | string;
    endsAt: Date | string;
    timezone: string;
    kind: string;
    venue: string | null;
  },
  lang: Lang,
) {
  return {
    title: lang === 'en' && event.titleEn ? event.titleEn : event.title,
    when: formatWhen(new Date(event.startsAt), new Date(event.endsAt), event.timezone, lang),
    where: event.kind === 'online' ? translate(lang, 'public.event.online') : (event.venue ?? ''),
  };
}

/** The event's hosts, one line per role in the order of HOST_ROLES. */
export function hostsByRole(event: PublicEventDto, lang: Lang) {
  return HOST_ROLES.map((role) => ({
    role,
    key: `public.host.${role}`,
    names: event.hosts
      .filter((h) => h.role === role)
      .map((h) => (lang === 'en' && h.organization.nameEn ? h.organization.nameEn : h.organization.name)),
  })).filter((line) => line.names.length > 0);
}

/** The agenda's times in the event's zone: the time alone when the item is on the event's first day. */
export function agendaOf(event: PublicEventDto) {
  const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: event.timezone });
  const firstDay = day(new Date(event.startsAt));
  return event.agenda.map((item) => {
    const at = new Date(item.startsAt).toLocaleString('sv-SE', { timeZone: event.timezone }).slice(0, 16);
    return { ...item, time: day(new Date(item.startsAt)) === firstDay ? at.slice(11) : at.slice(5) };
  });
}

export function paragraphs(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The choices of the organization fields, labelled in the page's language by the template. */
export function organizationChoices(regions: RegionView[]) {
  return {
    regions,
    organizationTypes: ORGANIZATION_TYPES.map((code) => ({ code, key: `public.org.type.${code}` })),
  };
}

/** A fresh Idempotency-Key for a form: a double click (or a resend of the same form) registers once. */
export function formKey(): string {
  return randomUUID();
}

/** The organization as a registration form posts it: a picked organization's id, or a new one's facts. */
export function organizationOf(body: Body, prefix = 'organization') {
  const id = field(body, `${prefix}.id`)?.trim();
  if (id) return { id };
  return compact({
    name: field(body, `${prefix}.name`),
    type: field(body, `${prefix}.type`),
    regionCode: field(body, `${prefix}.regionCode`),
    creditCode: field(body, `${prefix}.creditCode`),
  });
}

/** A person's fields as posted (empty ones left out, as an API client would). */
export function personOf(body: Body, prefix = '') {
  return compact({
    name: field(body, `${prefix}name`),
    email: field(body, `${prefix}email`),
    phone: field(body, `${prefix}phone`),
    jobTitle: field(body, `${prefix}jobTitle`),
  });
}

/** The form's values shown again after an error (only what the person typed: never a token). */
export function valuesOf(body: Body, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, field(body, name) ?? '']));
}

/**
 * Field errors said the way a person reads them: an empty required field is "please fill this in" (not every
 * constraint it fails), a phone in the wrong format is "enter a valid phone number".
 */
export function friendlyErrors(errors: FieldErrors, values: Record<string, unknown>): FieldErrors {
  const out: FieldErrors = {};
  for (const [name, keys] of Object.entries(errors)) {
    const value = values[name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      out[name] = ['validation.isNotEmpty'];
    } else if (/(^|\.)phone$/.test(name)) {
      out[name] = ['validation.isPhone'];
    } else if (/regionCode$/.test(name)) {
      out[name] = ['validation.isIn'];
    } else {
      out[name] = keys;
    }
  }
  return out;
}

/**
 * A domain error of a registration form as the page shows it: GROUP_DOES_NOT_FIT with its numbers, the emails
 * already registered beside their rows, an email listed twice beside the second row; others as formErrorOf does.
 */
export function registrationFormError(
  error: unknown,
  rowOfEmail: (email: string) => number | undefined = () => undefined,
): Partial<PageLocals> {
  const shown = formErrorOf(error);
  if (!(error instanceof DomainError)) return shown;
  const details = error.details ?? {};
  const fieldErrors = { ...(shown.fieldErrors ?? {}) };
  if (error.code === ErrorCode.GROUP_DOES_NOT_FIT) {
    return {
      formError: {
        key: 'public.group.doesNotFit',
        vars: { requested: details.requested, available: details.available },
      },
    };
  }
  if (error.code === ErrorCode.IDEMPOTENCY_KEY_REUSED) return { formError: { key: 'public.register.keyReused' } };
  if (error.code === ErrorCode.ALREADY_REGISTERED) {
    for (const email of (details.emails ?? []) as string[]) {
      const row = rowOfEmail(email);
      if (row !== undefined) fieldErrors[`attendees.${row}.email`] = ['errors.ALREADY_REGISTERED'];
    }
  }
  if (error.code === ErrorCode.VALIDATION_FAILED) {
    for (const { field: name, errors } of (details.fields ?? []) as { field: string; errors: string[] }[]) {
      if (/^attendees\.\d+\.email$/.test(name) && errors.some((e) => e.includes('twice'))) {
        fieldErrors[name] = ['public.group.emailTwice'];
      } else if (name === 'organization.regionCode') {
        fieldErrors[name] = ['validation.isIn'];
      } else if (name === 'organization.id') {
        fieldErrors['organization.name'] = ['errors.ORGANIZATION_NOT_FOUND'];
        delete fieldErrors[name];
      }
    }
  }
  return { ...shown, fieldErrors };
}
