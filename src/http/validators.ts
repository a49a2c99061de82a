import { ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isOrganizationNumber } from '../common/norwegian-identifiers';
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

@ValidatorConstraint({ name: 'organizationNumber' })
export class OrganizationNumber implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isOrganizationNumber(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a nine-digit organisation number with a valid modulus-11 check digit`;
  }
}
