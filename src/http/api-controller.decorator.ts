import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AllExceptionsFilter } from './exception.filter';
import { ApiInterceptor } from './api.interceptor';
import { NoNulCharactersPipe } from './no-nul.pipe';

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
    UsePipes(new NoNulCharactersPipe(), VALIDATION_PIPE),
    UseFilters(AllExceptionsFilter),
    UseInterceptors(ApiInterceptor),
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No key, or a revoked or unknown key' }),
    ApiForbiddenResponse({ description: 'The key’s role may not use this route' }),
  );
}
