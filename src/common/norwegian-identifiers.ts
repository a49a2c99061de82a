/**
 * Norwegian identifiers a referral routes on, with the HL7 Norway identifier systems (no-basis,
 * HL7Norway/kodeverk). An organisasjonsnummer has nine digits, the last a modulus-11 check digit
 * over the first eight with weights 3 2 7 6 5 4 3 2 (remainder 1 gives no valid number).
 */
import { mod11CheckDigit } from '../admissions/stay/national-id';

export const NO_OID = {
  fodselsnummer: 'urn:oid:2.16.578.1.12.4.1.4.1',
  dNumber: 'urn:oid:2.16.578.1.12.4.1.4.2',
  hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  organizationNumber: 'urn:oid:2.16.578.1.12.4.1.4.101',
  resh: 'urn:oid:2.16.578.1.12.4.1.4.102',
  herId: 'urn:oid:2.16.578.1.12.4.1.2',
} as const;

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

export function isOrganizationNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  return mod11CheckDigit(digits, ORG_WEIGHTS) === digits[8];
}

/** HPR-nummer, RESH-id and HER-id are plain positive numbers of at most nine digits. */
export const REGISTER_NUMBER = /^[1-9]\d{0,8}$/;
