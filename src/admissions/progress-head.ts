import { EntityManager } from 'typeorm';

/** What a progress answer is remembered by: the stay's row as it stands and its ward's clock. */
export interface ProgressHead {
  id: string;
  wardId: string;
  /** The stay: updatedAt, status, admittedOn, expectedDischargeOn, dischargedOn, planned modules. */
  stay: (string | null)[];
  wardUpdatedAt: string;
  timezone: string;
}

// Plain SQL, one statement and no entity mapping on every progress read: text columns only (simple-json is text on both databases).
const HEAD = `SELECT a.id AS "id", a."wardId" AS "wardId", a."updatedAt" AS "updatedAt", a.status AS "status", a."admittedOn" AS "admittedOn",
  a."expectedDischargeOn" AS "expectedDischargeOn", a."dischargedOn" AS "dischargedOn", a."plannedModules" AS "plannedModules",
  w."updatedAt" AS "wardUpdatedAt", w.timezone AS "timezone"
FROM admissions a INNER JOIN wards w ON w.id = a."wardId" WHERE a.id = $1`;

export async function progressHead(em: EntityManager, admissionId: string): Promise<ProgressHead | null> {
  const rows: Record<string, string | null>[] = await em.query(HEAD, [admissionId]);
  const r = rows[0];
  if (!r) return null;
  const planned = (r.plannedModules === null ? [] : JSON.parse(r.plannedModules)) as number[];
  return {
    id: String(r.id),
    wardId: String(r.wardId),
    stay: [r.updatedAt, r.status, r.admittedOn, r.expectedDischargeOn, r.dischargedOn, planned.join(',')],
    wardUpdatedAt: String(r.wardUpdatedAt),
    timezone: String(r.timezone),
  };
}
