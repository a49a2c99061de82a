import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { isValidDate } from '../common/time';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id: 400 naming the parameter when it is not a UUID. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new BadRequestException(`${metadata.data ?? 'id'} must be a UUID`);
    }
    return value.toLowerCase();
  }
}

/** An optional id in a query string. */
@Injectable()
export class OptionalIdPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(value: string | undefined, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined || value === '') return undefined;
    return new IdPipe().transform(value, metadata);
  }
}

/** A required ward-local date in a query string: 400 naming the parameter otherwise. */
@Injectable()
export class DateQueryPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isValidDate(value)) {
      throw new BadRequestException(`${metadata.data ?? 'date'} must be a calendar date YYYY-MM-DD`);
    }
    return value;
  }
}
