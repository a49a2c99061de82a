import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** Shape only ("core", "full" or 1–50 whole numbers); the service checks the numbers against the ward's edition. */
@ValidatorConstraint({ name: 'curriculum' })
export class CurriculumValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === 'core' || value === 'full') return true;
    return Array.isArray(value) && value.length >= 1 && value.length <= 50 && value.every((n) => Number.isInteger(n) && n >= 1 && n <= 99);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be "core", "full" or a list of module numbers`;
  }
}
