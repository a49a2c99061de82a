import { ConfigError } from '../config/app-config';
import { backupTimestamp, BackupPlanError, planBackup, redactPassword } from './backup-plan';

const NOW = new Date('2027-03-01T09:00:05.123Z');

describe('backupTimestamp', () => {
  it('is the UTC instant to the second, without separators', () => {
    expect(backupTimestamp(NOW)).toBe('20270301T090005Z');
    expect(backupTimestamp(new Date('2027-12-31T23:59:59.999Z'))).toBe('20271231T235959Z');
  });
});

describe('redactPassword', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactPassword('postgres://imr:s3cret@db.example:5432/imr')).toBe('postgres://imr:****@db.example:5432/imr');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactPassword('postgres://postgres@127.0.0.1:5432/imr')).toBe('postgres://postgres@127.0.0.1:5432/imr');
  });
});

describe('planBackup', () => {
  it('backs up a SQLite file to backups/imr-<UTC timestamp>.sqlite by default', () => {
    expect(planBackup('sqlite:data/imr.sqlite', undefined, NOW)).toEqual({
      kind: 'sqlite',
      source: 'data/imr.sqlite',
      target: 'backups/imr-20270301T090005Z.sqlite',
    });
  });

  it('takes the target from the argument, and a plain path as the database', () => {
    expect(planBackup('/var/lib/imr/imr.sqlite', '/mnt/backup/imr.sqlite', NOW)).toEqual({
      kind: 'sqlite',
      source: '/var/lib/imr/imr.sqlite',
      target: '/mnt/backup/imr.sqlite',
    });
  });

  it('refuses an in-memory database', () => {
    expect(() => planBackup('sqlite::memory:', undefined, NOW)).toThrow(BackupPlanError);
  });

  it('rejects what is not a database URL, naming DATABASE_URL', () => {
    expect(() => planBackup('mysql://x@y/z', undefined, NOW)).toThrow(ConfigError);
    expect(() => planBackup('mysql://x@y/z', undefined, NOW)).toThrow(/DATABASE_URL/);
  });

  it('gives pg_dump and pg_restore commands for PostgreSQL, without the password', () => {
    const plan = planBackup('postgres://imr:s3cret@db.example:5432/imr', undefined, NOW);
    expect(plan).toEqual({
      kind: 'postgres',
      dumpCommand:
        "pg_dump --format=custom --no-owner --file='backups/imr-20270301T090005Z.dump' 'postgres://imr:****@db.example:5432/imr'",
      restoreCommand:
        "pg_restore --clean --if-exists --no-owner --single-transaction --dbname='postgres://imr:****@db.example:5432/imr' 'backups/imr-20270301T090005Z.dump'",
    });
    expect(JSON.stringify(plan)).not.toContain('s3cret');
  });

  it('quotes a target path with a quote in it for the shell', () => {
    const plan = planBackup('postgresql://u@h/db', "/tmp/it's.dump", NOW);
    expect(plan.kind === 'postgres' && plan.dumpCommand).toContain(`--file='/tmp/it'\\''s.dump'`);
  });
});
