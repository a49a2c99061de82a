import { Body, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext } from '../../auth/auth-context';
import { CurrentAuth, Roles } from '../../auth/auth.decorators';
import { InvalidInputError } from '../../common/errors';
import { ApiController } from '../../http/api-controller.decorator';
import { IdPipe } from '../../http/pipes';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDeliveryDto, WebhookDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiController('api/webhooks', 'events')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({
    type: CreatedWebhookDto,
    description:
      'Deliveries are POSTs of JSON {id, type, occurredAt, wardId, data} with X-IMR-Signature: sha256=<hex HMAC-SHA256 of the body>; ' +
      'retried with back-off until a 2xx, in order per ward, at least once (de-duplicate on id). The secret is shown only here.',
  })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(auth, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [WebhookDto] })
  list(): Promise<WebhookDto[]> {
    return this.webhooks.list();
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'No further deliveries; the log stays' })
  remove(@Param('id', IdPipe) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @Roles('admin')
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered'] })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 200; newest first' })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  deliveries(
    @Param('id', IdPipe) id: string,
    @Query('status') status?: string,
    @Query('limit', new ParseIntPipe({ optional: true })) limit?: number,
  ): Promise<WebhookDeliveryDto[]> {
    if (status !== undefined && status !== 'pending' && status !== 'delivered')
      throw new InvalidInputError('status', 'must be pending or delivered');
    if (limit !== undefined && (limit < 1 || limit > 1000)) throw new InvalidInputError('limit', 'must be between 1 and 1000');
    return this.webhooks.deliveries(id, status, limit);
  }
}
