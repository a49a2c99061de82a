import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { WebSessionEntity } from '../database/schema/web-session.entity';
import { hashApiKey, looksLikeApiKey } from '../keys/key-crypto';
import { KeysService } from '../keys/keys.service';
import { AuthContext } from './auth-context';

export const SESSION_COOKIE = 'imr_session';
/** lastSeenAt is written at most this often, so reading the board is not a write per request. */
const TOUCH_EVERY_MS = 30_000;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface StartedWebSession {
  token: string;
  auth: AuthContext;
  /** Seconds until the absolute end, for the cookie's Max-Age. */
  maxAgeSeconds: number;
}

/**
 * Board sign-ins. A key is checked once; the browser then holds a random token in an HttpOnly cookie and
 * the table keeps its hash and the key's hash, so the session has the key's role and ward scope exactly and
 * ends when the key is revoked, after the idle timeout, at the absolute timeout, or at sign-out.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly keys: KeysService,
  ) {}

  async start(key: string): Promise<StartedWebSession | null> {
    if (!looksLikeApiKey(key)) return null;
    const keyHash = hashApiKey(key);
    const auth = await this.keys.authenticateDigest(keyHash);
    if (!auth) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const absoluteMs = this.config.board.absoluteHours * 3_600_000;
    const expiresAt = new Date(now.getTime() + absoluteMs).toISOString();
    await this.db.transaction(async (em) => {
      // Ended and expired rows are of no use to anyone: sweep them while we are writing anyway.
      await em.delete(WebSessionEntity, { expiresAt: LessThan(now.toISOString()) });
      await em.insert(WebSessionEntity, {
        id: digest(token),
        keyHash,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt,
        endedAt: null,
      });
    });
    return { token, auth, maxAgeSeconds: Math.floor(absoluteMs / 1000) };
  }

  /** The key's context for a live session, or null (unknown, ended, idle too long, past its end, key revoked). */
  async resolve(token: string | undefined): Promise<AuthContext | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const id = digest(token);
    const row = await this.db.repo(WebSessionEntity).findOne({ where: { id, endedAt: IsNull() } });
    if (!row) return null;
    const now = this.clock.now();
    const idleMs = this.config.board.idleMinutes * 60_000;
    if (now.getTime() - Date.parse(row.lastSeenAt) > idleMs || now.toISOString() >= row.expiresAt) {
      await this.end(token);
      return null;
    }
    const auth = await this.keys.authenticateDigest(row.keyHash);
    if (!auth) return null;
    if (now.getTime() - Date.parse(row.lastSeenAt) >= TOUCH_EVERY_MS) {
      await this.db.transaction((em) => em.update(WebSessionEntity, { id, endedAt: IsNull() }, { lastSeenAt: now.toISOString() }));
    }
    return auth;
  }

  async end(token: string | undefined): Promise<void> {
    if (!token) return;
    const id = digest(token);
    await this.db.transaction((em) => em.update(WebSessionEntity, { id, endedAt: IsNull() }, { endedAt: this.clock.now().toISOString() }));
  }
}
