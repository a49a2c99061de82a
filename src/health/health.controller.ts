import { Controller, Get, HttpCode, Inject, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { AllExceptionsFilter } from '../http/exception.filter';
import { Database, IMR_DATABASE } from '../database/database';

@Controller('health')
@ApiTags('health')
@UseFilters(AllExceptionsFilter)
export class HealthController {
  constructor(@Inject(IMR_DATABASE) private readonly db: Database) {}

  @Get()
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: '{"status":"ok","database":"up"}' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async health(@Res({ passthrough: true }) reply: { status(code: number): unknown }) {
    const up = await this.db.ping();
    if (!up) reply.status(503);
    return { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', driver: this.db.dataSource.options.type };
  }
}
