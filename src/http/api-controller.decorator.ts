import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuditWritesInterceptor } from '../audit/audit.interceptor';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AllExceptionsFilter } from './exception.filter';
import { InFlightRequests } from './in-flight';
import { BodyTextPipe } from './body-text.pipe';

export const VALIDATION_PIPE = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
});

/**
 * Every controller of the service carries its guard, validation, write audit and error mapping itself, so the
 * module behaves the same standalone and mounted in a host app (where global pipes are the host's).
 */
export function ApiController(path: string, tag: string) {
  return applyDecorators(
    Controller(path),
    UseGuards(ApiKeyGuard),
    UsePipes(new BodyTextPipe(), VALIDATION_PIPE),
    UseFilters(AllExceptionsFilter),
    UseInterceptors(InFlightRequests, AuditWritesInterceptor),
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No key, or a revoked or unknown key' }),
    ApiForbiddenResponse({ description: 'The key’s role may not use this route' }),
  );
}
