import { TransformFnParams } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** Query strings carry text: only the exact words `true` and `false` become booleans. */
export const toBoolean = ({ value }: TransformFnParams): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Plain decimal digits become a number; anything else stays text and fails `IsWholeNumber`. */
export const toInteger = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;

/** Postgres' integer range, so a huge number is a clear 400 rather than a database error. */
export const MAX_INT = 2_147_483_647;

/** One check and one message, so `page=abc` is not reported three times over. */
export const IsWholeNumber = (min: number, max: number) =>
  ValidateBy({
    name: 'isWholeNumber',
    validator: {
      validate: (value: unknown) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
      defaultMessage: (args) => `${args?.property} must be a whole number from ${min} to ${max}`,
    },
  });
