import { ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isValidDate, isValidZone } from '../common/time';

@ValidatorConstraint({ name: 'ianaZone' })
export class IanaZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidZone(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be an IANA time zone such as Europe/Oslo`;
  }
}

@ValidatorConstraint({ name: 'calendarDate' })
export class CalendarDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidDate(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar date YYYY-MM-DD`;
  }
}

/** Optional, but never null: for PATCH fields whose column is NOT NULL (IsOptional would let null through). */
export const IsOmittedOrValid = () => ValidateIf((_, value) => value !== undefined);
