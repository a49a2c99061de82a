import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Validate } from 'class-validator';
import { CalendarDate } from '../http/validators';

export class CalendarLinkDto {
  @ApiProperty({
    example: 'https://rota.example.org/calendar/3q2-7wYk…Xw.ics',
    description: 'Subscription URL; the token in it is shown only in this response',
  })
  url: string;

  @ApiProperty({ example: 'webcal://rota.example.org/calendar/3q2-7wYk…Xw.ics', description: 'The same feed for calendar apps' })
  webcalUrl: string;
}

export function mapCalendarLink(publicUrl: string, token: string): CalendarLinkDto {
  const url = `${publicUrl}/calendar/${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:\/\//, 'webcal://') };
}

export class WardRotaQueryDto {
  @ApiPropertyOptional({ example: '2027-03-29', description: 'Ward-local date, inclusive; default today' })
  @IsOptional()
  @Validate(CalendarDate)
  from?: string;

  @ApiPropertyOptional({ example: '2027-06-20', description: 'Ward-local date, inclusive; default the planning horizon' })
  @IsOptional()
  @Validate(CalendarDate)
  to?: string;
}
