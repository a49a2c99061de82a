import {
  applyDecorators,
  BadRequestException,
  Controller,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AllExceptionsFilter } from './exception.filter';
import { ApiInterceptor } from './api.interceptor';
import { BodyTextPipe } from './body-text.pipe';
import { JsonBodyGuard } from './json-body.guard';
import { validationMessages } from './validation-messages';

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: false };

export const VALIDATION_PIPE = new ValidationPipe({
  ...VALIDATOR_OPTIONS,
  transform: true,
  // The message builder needs both to find which array items break an `each` rule.
  validationError: { target: true, value: true },
  exceptionFactory: (errors) => new BadRequestException(validationMessages(errors, VALIDATOR_OPTIONS)),
});

/**
 * Every controller of the service carries its guard, validation, write audit and error mapping itself, so the
 * module behaves the same standalone and mounted in a host app (where global pipes are the host's).
 */
export function ApiController(path: string, tag: string) {
  return applyDecorators(
    Controller(path),
    UseGuards(ApiKeyGuard, JsonBodyGuard),
    UsePipes(new BodyTextPipe(), VALIDATION_PIPE),
    UseFilters(AllExceptionsFilter),
    UseInterceptors(ApiInterceptor),
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No key, or a revoked or unknown key' }),
    ApiForbiddenResponse({ description: 'The key’s role may not use this route' }),
  );
}
