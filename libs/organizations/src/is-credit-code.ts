import { ValidateBy } from 'class-validator';
import { isValidCreditCode, normalizeCreditCode } from './credit-code';

/** class-validator decorator: an 18-character unified social credit code with a valid check character. */
export function IsCreditCode(): PropertyDecorator {
  return ValidateBy({
    name: 'isCreditCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidCreditCode(normalizeCreditCode(value)),
      defaultMessage: () =>
        'creditCode must be an 18-character unified social credit code with a valid check character (GB 32100-2015)',
    },
  });
}
