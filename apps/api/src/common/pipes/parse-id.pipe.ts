import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Route ids are UUIDs; anything else (path tricks included) is a 400 before any lookup. */
export const ParseId = (name = 'id') => new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(`${name} must be a UUID`) });
