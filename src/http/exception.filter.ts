import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, UnprocessableError } from '../common/errors';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function statusOfDomainError(error: DomainError): number {
  if (error instanceof InvalidInputError) return HttpStatus.BAD_REQUEST;
  if (error instanceof NotFoundError) return HttpStatus.NOT_FOUND;
  if (error instanceof ForbiddenError) return HttpStatus.FORBIDDEN;
  if (error instanceof ConflictError) return HttpStatus.CONFLICT;
  if (error instanceof UnprocessableError) return HttpStatus.UNPROCESSABLE_ENTITY;
  return HttpStatus.BAD_REQUEST;
}

function isUniqueViolation(error: QueryFailedError): boolean {
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError ?? {};
  return driverError.code === '23505' || /UNIQUE constraint failed/.test(error.message);
}

/**
 * What a server error leaves in the log: its name, and for anything but a database error its stack.
 * Database errors carry SQL parameters (which may hold a patient reference), so only the driver's
 * message and the code path go to the log; the client never sees either.
 */
export function describeForLog(exception: unknown): string {
  if (!(exception instanceof Error)) return 'non-error thrown';
  if (exception instanceof QueryFailedError) {
    const frames = (exception.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    const code = (exception as { driverError?: { code?: string } }).driverError?.code ?? 'unknown';
    return `QueryFailedError (${code}): ${exception.message.split('\n')[0].slice(0, 200)}\n${frames.join('\n')}`;
  }
  return `${exception.name}: ${exception.stack}`;
}

/** Maps domain errors, Nest's HTTP errors and database constraint errors to one shape; nothing else leaks. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const { status, message } = this.describe(exception);
    if (status >= 500) this.logger.error(describeForLog(exception));
    // Always a list, one sentence per problem, so clients read every error the same way.
    const body = { statusCode: status, error: REASONS[status] ?? 'Error', message: [message].flat() };
    reply.status(status).send(body);
  }

  private describe(exception: unknown): { status: number; message: string | string[] } {
    if (exception instanceof DomainError) {
      return { status: statusOfDomainError(exception), message: exception.message };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : exception.message;
      return { status: exception.getStatus(), message };
    }
    if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      return { status: HttpStatus.CONFLICT, message: 'conflicts with an existing record' };
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, message: (exception as Error).message };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  }
}
