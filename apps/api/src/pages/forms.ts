import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError, ErrorCode } from '@tongxin/common';
import { hasMessage } from './i18n';
import type { PageLocals } from './view-engine';

/** field (dotted path, e.g. `organization.name`) → message keys. */
export type FieldErrors = Record<string, string[]>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

/** Form fields left empty are absent, as an API client would leave them out. */
export function compact<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(
      ([, v]) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === ''),
    ),
  ) as Partial<T>;
}

/** Whether a checkbox of a posted form is ticked: browsers send `on`; a script or a test may send `true`. */
export function ticked(form: Record<string, unknown>, name: string): boolean {
  return form[name] === 'on' || form[name] === 'true';
}

function collect(errors: ValidationError[], parent: string, into: FieldErrors): FieldErrors {
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const keys = Object.keys(error.constraints ?? {}).map((constraint) =>
      hasMessage(`validation.${constraint}`) ? `validation.${constraint}` : 'validation.default',
    );
    // One message a field: "fill this in" when it is missing (it breaks its type and length rules too), else the
    // first rule it broke.
    const missing = error.value === undefined || error.value === null || error.value === '';
    if (keys.length) into[field] = [missing ? 'validation.isNotEmpty' : keys[0]!];
    collect(error.children ?? [], field, into);
  }
  return into;
}

/**
 * Checks what a page form built against the same DTO class the JSON API validates with (same rules, same
 * whitelist), and says which fields are wrong, as message keys the page shows beside each field.
 */
export async function readForm<T extends object>(
  dto: new () => T,
  input: Record<string, unknown>,
): Promise<FormResult<T>> {
  const value = plainToInstance(dto, input, { enableImplicitConversion: false });
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length ? { ok: false, fieldErrors: collect(errors, '', {}) } : { ok: true, value };
}

/**
 * A domain error a form can show (its code as the message above the form; the fields it names beside them); any
 * other error is thrown on, to the page filter.
 */
export function formErrorOf(error: unknown, fieldOfCode: Partial<Record<ErrorCode, string>> = {}): Partial<PageLocals> {
  if (!(error instanceof DomainError) || error.code === ErrorCode.INTERNAL_ERROR) throw error;
  const key = `errors.${error.code}`;
  const fieldErrors: FieldErrors = {};
  const named = fieldOfCode[error.code];
  if (named) fieldErrors[named] = [key];
  const fields = (error.details?.fields ?? []) as { field: string }[];
  for (const { field } of fields) fieldErrors[field] ??= ['validation.default'];
  return { formError: { key }, fieldErrors };
}
