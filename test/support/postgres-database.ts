/** Throwaway PostgreSQL databases for tests and benches (the server at PG_ADMIN_URL, default 127.0.0.1:5432). */
import { Client } from 'pg';

export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let counter = 0;

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `<prefix>_<pid>_<time>_<n>` and returns its URL; drop() removes it, closing any connections left. */
export async function throwawayPostgres(prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
