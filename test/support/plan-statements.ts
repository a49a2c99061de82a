/**
 * The SQL statements one `POST /api/wards/:wardId/rota/plan` of a ward's window sends (issue 19),
 * the same however many sessions it changes. test/write-sweep.e2e-spec.ts asserts these on SQLite
 * and PostgreSQL; the routes bench prints what it measured beside them.
 */
export interface PlanStatementOptions {
  /** Did the plan change any session? */
  changed: boolean;
  /** Did a changed session have a published calendar (so the change raises outbox events)? */
  events?: boolean;
  /** Does a live webhook want those events (one INSERT of their deliveries)? */
  webhooks?: boolean;
  postgres?: boolean;
  /** Does the window hold sessions the plan does not plan (started, cancelled)? Their people are read for the answer (1). */
  unplanned?: boolean;
  /** Has any session of the window started? Only those can have outcomes, read for the answer (1). */
  started?: boolean;
}

/**
 * Nothing to change, on SQLite (8): the window's stored sessions (nothing to materialise; the
 * ward row is remembered); BEGIN IMMEDIATE; the pool, the window, its assignments together with every booking
 * of the people on it and of the pool (one query), the people with their wards and absences (one); the
 * audit row; COMMIT. The answer shows the planned sessions with the people and names the plan
 * read and wrote; it reads the people of the window's other sessions, if any, and the outcomes of
 * those that have started, if any (groups and conflicts come from the read caches).
 *
 * Something changed, one session or a hundred: one sweep (assignments deleted and inserted, the
 * sessions' SEQUENCE, the history rows: 4); with published sessions the webhooks and one INSERT of
 * the outbox events (2, sent together on SQLite), one more for their deliveries. Who runs a session is no input of the ward's
 * planned windows or groups, so the answer reads them from the caches still; its conflicts are the
 * plan's own summary, as checked inside the transaction (none read).
 *
 * PostgreSQL adds the ward's advisory lock, the window's assignments read to know whom to lock, the
 * people's advisory locks (one statement however many); the outbox lock comes with the webhooks read.
 */
export function planStatements(o: PlanStatementOptions): number {
  let n = 8 + (o.unplanned ? 1 : 0) + (o.started ? 1 : 0);
  if (o.changed) n += 4;
  if (o.changed && o.events) n += 2 + (o.webhooks ? 1 : 0);
  if (o.postgres) n += 3;
  return n;
}
