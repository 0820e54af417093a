import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ApiError } from '@callrec/contracts';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { Prisma } from '../../generated/prisma/client';
import { asError, errorMessage } from '../errors/error-message';

/** Errors raised by Express's body parser carry these fields. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': 'Request body is too large',
  'encoding.unsupported': 'Request body has an unsupported content encoding',
  'charset.unsupported': 'Request body has an unsupported charset',
  'request.aborted': 'Request was aborted by the client',
  'entity.verify.failed': 'Request body could not be verified',
  'request.size.invalid': 'Request body size does not match Content-Length',
};

/**
 * The single place where errors become HTTP answers: always `{statusCode, error, message}`,
 * never a stack trace. Unexpected errors are logged with their stack and answered as 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  public catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toApiError(exception);
    if (response.headersSent) {
      // A stream failed midway; the status line is gone, so end the connection.
      response.destroy();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  public toApiError(exception: unknown): ApiError {
    // Nest wraps body-parser failures in an HttpException whose cause keeps the parser's type.
    const parserError = ((exception instanceof HttpException ? exception.cause : undefined) ?? exception) as BodyParserError;
    if (parserError?.type && BODY_PARSER_MESSAGES[parserError.type]) {
      const status = parserError.status ?? parserError.statusCode ?? HttpStatus.BAD_REQUEST;
      const limit = parserError.type === 'entity.too.large' && parserError.limit ? ` (limit ${parserError.limit} bytes)` : '';
      return { statusCode: status, error: reason(status), message: `${BODY_PARSER_MESSAGES[parserError.type]}${limit}` };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { statusCode: status, error: reason(status), message: messageOf(exception) };
    }
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      if (exception.code === 'P2025') {
        return { statusCode: 404, error: reason(404), message: 'The requested record does not exist' };
      }
      if (exception.code === 'P2002') {
        return { statusCode: 409, error: reason(409), message: 'A record with the same unique value already exists' };
      }
    }
    if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
      return { statusCode: parserError.status, error: reason(parserError.status), message: errorMessage(exception) };
    }
    const error = asError(exception);
    this.logger.error(error.message, error.stack);
    return { statusCode: 500, error: reason(500), message: 'Internal server error' };
  }
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}
