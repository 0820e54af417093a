import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Flattens nested class-validator errors into `field.sub: reason` lines. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => {
      // class-validator's messages name the bare property; name the full path instead.
      if (text.startsWith('property ')) return text.replace(/^property \S+/, `property ${path}`);
      if (text.startsWith(`${error.property} `)) return `${path}${text.slice(error.property.length)}`;
      return `${path}: ${text}`;
    });
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors).join('; ')),
  });
}
