import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { ApiError } from '@callrec/contracts';

/** The body of every error answer (see ApiExceptionFilter), as a schema for the OpenAPI document. */
export class ApiErrorBody implements ApiError {
  @ApiProperty({ example: 404 })
  public readonly statusCode!: number;

  @ApiProperty({ example: 'Not Found' })
  public readonly error!: string;

  @ApiProperty({ example: 'No such recording' })
  public readonly message!: string;
}

const ERROR_DESCRIPTIONS = {
  400: 'The request is not valid; the message says what is wrong',
  401: 'No valid bearer token, or its session has ended',
  403: 'The signed-in role may not do this',
  404: 'Nothing with this id',
  409: 'Refused in the current state; the message says why',
  410: 'Deleted: only its tombstone remains',
  413: 'The body is larger than the limit the message names',
  415: 'The body is not of a type this route reads; the message says which it reads',
  429: 'Too many requests; Retry-After says when to try again',
} as const;

export type ApiErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Declares the error answers a route may give, each with the shared error body. */
export const ApiErrors = (...statuses: ApiErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ApiErrorBody })));
