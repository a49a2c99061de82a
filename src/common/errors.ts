/**
 * Domain errors. Services throw these; one exception filter maps them to HTTP,
 * so services never import HTTP concerns.
 */
export class DomainError extends Error {}

/** 400: a field of the request is wrong. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** 404: unknown id, or outside the caller's ward scope (deliberately indistinguishable). */
export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super(id ? `${entity} ${id} not found` : `${entity} not found`);
  }
}

/** 403: the key may use the route, but not for this. */
export class ForbiddenError extends DomainError {}

/** 409: the request clashes with the current state. */
export class ConflictError extends DomainError {}

/** 422: well-formed, but the domain rules refuse it. */
export class UnprocessableError extends DomainError {}

/**
 * The language of API error messages: English, like the field names they cite (a client shows its
 * own words for a status). A broken rule's sentence inside a 409 is in it too; a conflict's or a
 * candidate's `detail` is data a coordinator reads, in the ward's language.
 */
export const API_ERROR_LANGUAGE = 'en' as const;
