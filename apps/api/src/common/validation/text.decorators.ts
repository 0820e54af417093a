import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

/**
 * A required piece of text: surrounding spaces trimmed first, so "   " counts as blank.
 * `minLength` > 1 asks for a real explanation (reasons for deletions and holds).
 */
export function RequiredText(field: string, { max, minLength = 1 }: { max: number; minLength?: number }) {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString({ message: `${field} must be text` }),
    MinLength(minLength, {
      message: minLength > 1 ? `${field} must say why (at least ${minLength} characters)` : `${field} must not be blank`,
    }),
    MaxLength(max, { message: `${field} must be at most ${max} characters` }),
  );
}
