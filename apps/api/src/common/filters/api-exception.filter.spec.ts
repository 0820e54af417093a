import { ConflictException, Logger } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  it('keeps the domain message of typed exceptions', () => {
    expect(filter.toApiError(new ConflictException("Recording RE1 is under legal hold 'Case 42'"))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: "Recording RE1 is under legal hold 'Case 42'",
    });
  });

  it('answers unexpected errors with a bare 500 and no internals', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const body = filter.toApiError(new TypeError('Cannot read properties of undefined (reading "x") at /srv/app.js:1'));
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });

  it('turns body-parser failures into 4xx with a plain message', () => {
    expect(filter.toApiError(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413, limit: 1024 }))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large (limit 1024 bytes)',
    });
  });
});
