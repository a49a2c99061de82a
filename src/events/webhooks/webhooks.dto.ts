import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { WebhookDeliveryEntity, WebhookEntity } from '../../database/schema/outbox.entity';
import { EVENT_TYPES } from '../core/event-types';

const SUBSCRIBABLE = [...EVENT_TYPES, '*'];

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://integration.example.org/imr-events', description: 'http(s); private and loopback targets refused' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ type: [String], enum: SUBSCRIBABLE, example: ['rota.published', 'session.changed'], description: "'*' for every type" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, { each: true })
  events: string[];

  @ApiPropertyOptional({ type: [String], description: 'Only events of these wards (default: every ward the key sees)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  wardIds?: string[];
}

export class WebhookDto {
  @ApiProperty() id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ type: [String], nullable: true }) wardIds: string[] | null;
  @ApiProperty() createdAt: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'HMAC-SHA256 key for X-IMR-Signature. Shown only in this response.' })
  secret: string;
}

export class WebhookDeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty() wardId: string;
  @ApiProperty({ enum: ['pending', 'delivered'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, description: 'HTTP status of the last attempt' }) lastStatus: number | null;
  @ApiProperty({ nullable: true }) lastError: string | null;
  @ApiProperty({ nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true }) deliveredAt: string | null;
}

export function mapWebhook(h: WebhookEntity): WebhookDto {
  return { id: h.id, url: h.url, events: h.events, wardIds: h.wardIds, createdAt: h.createdAt };
}

export function mapDelivery(d: WebhookDeliveryEntity): WebhookDeliveryDto {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    wardId: d.wardId,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: d.lastAttemptAt,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
  };
}
