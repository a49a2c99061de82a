/**
 * Identifier systems of FHIR exports. Every system hangs under one namespace per installation,
 * never under a host name or port: configured (IMR_FHIR_NAMESPACE, e.g. https://fhir.sykehuset.no/imr
 * or urn:oid:2.16.578.1.…), or generated once as `urn:uuid:<random>` and kept in the database. So two
 * hospitals never share a patient-reference system, and moving the service to another host keeps
 * every system as it was. Norwegian register numbers use the HL7 Norway OIDs instead.
 */
import { uuidV5 } from './fhir-uuid';

/** A URI that names an installation: urn:… or https://…, with no localhost, IP literal or port. */
export function isStableNamespace(uri: string): boolean {
  if (/\s/.test(uri)) return false;
  if (/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(uri)) return !/localhost/i.test(uri);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.search || url.hash) return false;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) return false;
  return true;
}

/**
 * The system for `role` (e.g. 'referral', 'patient-ref/POST3'). Under an https namespace it is a
 * path; under a URN a name-based urn:uuid (URNs cannot carry paths), stable for the same inputs.
 */
export function identifierSystem(namespace: string, role: string): string {
  const base = namespace.replace(/\/+$/, '');
  if (base.startsWith('https://')) return `${base}/${role.split('/').map(encodeURIComponent).join('/')}`;
  return `urn:uuid:${uuidV5(`${base}#${role}`)}`;
}
