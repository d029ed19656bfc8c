import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/**
 * Mainland China mobile numbers: 11 digits starting with 1, optionally written with +86 / 0086 and spaces or
 * dashes. Returns the 11 digits, or undefined when it is not such a number.
 */
export function normalizeMainlandMobile(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '');
  const match = /^(?:\+86|0086)?(1\d{10})$/.exec(compact);
  return match?.[1];
}

/** class-validator/transformer decorator: accepts +86 and spacing, stores the 11 digits. */
export function IsMainlandMobile(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (normalizeMainlandMobile(value) ?? value) : value,
    ),
    Matches(/^1\d{10}$/, {
      message: '$property must be a mainland mobile number: 11 digits starting with 1, +86 allowed',
    }),
  );
}
