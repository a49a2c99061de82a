import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { isStableNamespace } from '../referrals/documents/fhir-identifiers';
import { parseSecretsKey } from '../common/secret-box';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export interface AppConfig {
  port: number;
  /** Listen address (HOST). */
  host: string;
  database: DatabaseConfig;
  publicUrl: string;
  /** FHIR identifier namespace of this installation; null: generated once and kept in the database. */
  fhirNamespace: string | null;
  bootstrapAdminKey: string | null;
  catalogue: { edition: string; coreModules: number[] | null };
  stay: { shortStayMonths: number };
  groups: { horizonWeeks: number; defaultCapacity: number };
  rota: { bufferMinutes: number };
  calendar: { refreshMinutes: number; pastWeeks: number; rateLimitPerMinute: number };
  referrals: { draftReminderDays: number };
  jobs: { enabled: boolean };
  /** Webhook deliveries and the in-process event feed. */
  events: {
    allowPrivateTargets: boolean;
    pollMs: number;
    deliveryTimeoutMs: number;
    leaseMs: number;
    /** Days an outbox event and a delivered webhook delivery are kept (events still pending delivery stay). */
    retentionDays: number;
    /** IMR_SECRETS_KEY: seals webhook secrets at rest (common/secret-box.ts); null: stored as they are. */
    secretsKey: Buffer | null;
  };
  board: { idleMinutes: number; absoluteHours: number };
  http: {
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    corsOrigins: string[];
    authFailuresPerMinute: number;
    /** Addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: none. */
    trustProxy: string[];
    /** Requests per key per minute on /api before 429. */
    keyRequestsPerMinute: number;
    /**
     * /api reads handled at once, 0 for no limit; more wait their turn while writes go ahead
     * (ApiInterceptor). By default 2 on SQLite (one connection and one write lock for every request)
     * and no limit on PostgreSQL (reads run beside writes in the server's own processes).
     */
    readConcurrency: number;
  };
  /**
   * How long an instance may answer from what it cached (API keys, expanded session windows) before
   * it sees a change another instance made; changes made on this instance take effect at once. 0: no caching.
   */
  cacheSeconds: number;
}

export class ConfigError extends Error {
  constructor(variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

export const CONFIG_DIR = join(__dirname, '..', '..', 'config');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loadConfig validates every field it reads
function readDefaults(): any {
  return JSON.parse(readFileSync(join(CONFIG_DIR, 'default.json'), 'utf8'));
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function secretsKey(env: Env): Buffer | null {
  const raw = env.IMR_SECRETS_KEY;
  if (raw === undefined || raw === '') return null;
  const key = parseSecretsKey(raw);
  if (!key) throw new ConfigError('IMR_SECRETS_KEY', 'must be 32 bytes as 64 hex digits or base64 (openssl rand -hex 32)');
  return key;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function parseDatabaseUrl(raw: string, variable = 'DATABASE_URL'): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(variable, 'is not a valid postgres:// URL');
    }
    return { type: 'postgres', url: raw };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new ConfigError(variable, 'must be postgres://… or sqlite:PATH (or a plain file path)');
  }
  const path = raw.startsWith('sqlite:') ? raw.slice('sqlite:'.length) : raw;
  if (!path) throw new ConfigError(variable, 'names no SQLite file');
  return { type: 'sqlite', path };
}

/** IMR_TRUST_PROXY: comma-separated IPv4/IPv6 addresses or CIDRs (10.0.0.0/8, ::1). */
export function parseTrustProxy(raw: string | undefined): string[] {
  if (!raw) return [];
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const badBits = bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max);
    if (!family || badBits || rest.length) {
      throw new ConfigError('IMR_TRUST_PROXY', `must list IP addresses or CIDRs (e.g. 10.0.0.0/8,::1), got "${entry}"`);
    }
  }
  return entries;
}

function host(env: Env): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (!isIP(raw) && !/^[A-Za-z0-9.-]{1,253}$/.test(raw)) throw new ConfigError('HOST', `must be an IP address or host name, got "${raw}"`);
  return raw;
}

/** Reads the environment once, over the defaults in config/, and fails fast naming the bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const d = readDefaults();
  const port = int(env, 'PORT', d.port, 0, 65535);
  const publicUrl = env.IMR_PUBLIC_URL || d.publicUrl || `http://localhost:${port}`;
  try {
    const u = new URL(publicUrl);
    if (!['http:', 'https:'].includes(u.protocol)) throw new Error();
  } catch {
    throw new ConfigError('IMR_PUBLIC_URL', `must be an http(s) URL, got "${publicUrl}"`);
  }
  const fhirNamespace = env.IMR_FHIR_NAMESPACE || d.fhirNamespace || null;
  if (fhirNamespace !== null && !isStableNamespace(fhirNamespace)) {
    throw new ConfigError(
      'IMR_FHIR_NAMESPACE',
      `must be a urn: or https:// URI naming this installation, without localhost, an IP address or a port, got "${fhirNamespace}"`,
    );
  }
  const bootstrapAdminKey = env.IMR_BOOTSTRAP_ADMIN_KEY || null;
  if (bootstrapAdminKey !== null && bootstrapAdminKey.length < 32) {
    throw new ConfigError('IMR_BOOTSTRAP_ADMIN_KEY', 'must be at least 32 characters');
  }
  let coreModules: number[] | null = d.catalogue.coreModules;
  if (env.IMR_CORE_MODULES) {
    const parts = env.IMR_CORE_MODULES.split(',').map((s) => s.trim());
    if (!parts.every((p) => /^\d+$/.test(p))) {
      throw new ConfigError('IMR_CORE_MODULES', 'must be a comma-separated list of module numbers, e.g. 2,4,5,7');
    }
    coreModules = parts.map(Number);
  }
  const corsRaw = env.IMR_CORS_ORIGINS;
  const database = parseDatabaseUrl(env.DATABASE_URL || d.databaseUrl);
  return {
    port,
    host: host(env),
    database,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    fhirNamespace: fhirNamespace && fhirNamespace.replace(/\/+$/, ''),
    bootstrapAdminKey,
    catalogue: { edition: env.IMR_EDITION || d.catalogue.edition, coreModules },
    stay: { shortStayMonths: int(env, 'IMR_SHORT_STAY_MONTHS', d.stay.shortStayMonths, 1, 24) },
    groups: {
      horizonWeeks: int(env, 'IMR_HORIZON_WEEKS', d.groups.horizonWeeks, 1, 104),
      defaultCapacity: d.groups.defaultCapacity,
    },
    rota: { bufferMinutes: int(env, 'IMR_BUFFER_MINUTES', d.rota.bufferMinutes, 0, 240) },
    calendar: {
      refreshMinutes: d.calendar.refreshMinutes,
      pastWeeks: d.calendar.pastWeeks,
      rateLimitPerMinute: int(env, 'IMR_CALENDAR_RATE_LIMIT', d.calendar.rateLimitPerMinute, 1, 1_000_000_000),
    },
    referrals: { draftReminderDays: int(env, 'IMR_REFERRAL_REMINDER_DAYS', d.referrals.draftReminderDays, 1, 365) },
    jobs: { enabled: bool(env, 'IMR_JOBS_ENABLED', d.jobs.enabled) },
    events: {
      allowPrivateTargets: bool(env, 'IMR_WEBHOOK_ALLOW_PRIVATE', false),
      pollMs: int(env, 'IMR_EVENTS_POLL_MS', 500, 20, 60_000),
      deliveryTimeoutMs: int(env, 'IMR_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      leaseMs: int(env, 'IMR_EVENTS_LEASE_MS', 15_000, 500, 600_000),
      retentionDays: int(env, 'IMR_EVENTS_RETENTION_DAYS', 30, 1, 3650),
      secretsKey: secretsKey(env),
    },
    board: {
      idleMinutes: int(env, 'IMR_BOARD_IDLE_MINUTES', d.board.idleMinutes, 1, 24 * 60),
      absoluteHours: int(env, 'IMR_BOARD_ABSOLUTE_HOURS', d.board.absoluteHours, 1, 24 * 7),
    },
    http: {
      bodyLimitBytes: d.http.bodyLimitBytes,
      requestTimeoutMs: d.http.requestTimeoutMs,
      corsOrigins: corsRaw
        ? corsRaw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : d.http.corsOrigins,
      authFailuresPerMinute: int(env, 'IMR_AUTH_FAILURES_PER_MINUTE', d.http.authFailuresPerMinute, 1, 1000000),
      trustProxy: parseTrustProxy(env.IMR_TRUST_PROXY),
      keyRequestsPerMinute: int(env, 'IMR_KEY_REQUESTS_PER_MINUTE', d.http.keyRequestsPerMinute ?? 600, 1, 1000000),
      readConcurrency: int(env, 'IMR_READ_CONCURRENCY', database.type === 'sqlite' ? 2 : 0, 0, 1000),
    },
    cacheSeconds: int(env, 'IMR_CACHE_SECONDS', d.cacheSeconds ?? 5, 0, 60),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
