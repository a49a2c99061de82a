import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Subscription } from 'rxjs';
import { In, IsNull } from 'typeorm';
import { AuthContext, Role } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { InvalidInputError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database, IMR_DATABASE } from '../database/database';
import { DomainEvents } from '../events/domain-events';
import { FacilitatorEntity } from '../database/schema/facilitator.entity';
import { WardEntity } from '../database/schema/ward.entity';
import { ApiKeyEntity } from '../database/schema/api-key.entity';
import { digestsEqual, generateApiKey, hashApiKey, looksLikeApiKey } from './key-crypto';
import { CreatedKeyDto, CreateKeyDto, KeyDto, mapKey } from './keys.dto';

/** Enough for every key a hospital would issue; past it the cache starts over rather than grow. */
const MAX_CACHED_KEYS = 10_000;

@Injectable()
export class KeysService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Keys');
  private readonly bootstrapDigest: string | null;
  /**
   * Keys that authenticated, by digest, for `cacheSeconds` (monotonic time). A revocation here drops
   * its entry at once; one made by another instance is seen here within `cacheSeconds`.
   */
  private readonly cache = new Map<string, { auth: AuthContext; until: number }>();
  private readonly cacheMs: number;
  /** Bumped by every invalidation, so a lookup that raced one does not cache what it read. */
  private generation = 0;

  private subscription: Subscription | null = null;

  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {
    this.bootstrapDigest = config.bootstrapAdminKey ? hashApiKey(config.bootstrapAdminKey) : null;
    this.cacheMs = config.cacheSeconds * 1000;
  }

  /** A facilitator's change (deactivation among others) may change what their keys may do: look them up again. */
  onModuleInit(): void {
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'facilitator-changed' || event.type === 'facilitator-rules-changed')
        this.forget((auth) => auth.facilitatorId === event.facilitatorId);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async authenticate(key: string): Promise<AuthContext | null> {
    if (!looksLikeApiKey(key)) return null;
    return this.authenticateDigest(hashApiKey(key));
  }

  /** The same check from the key's SHA-256, for a board session that keeps only the digest. */
  async authenticateDigest(digest: string): Promise<AuthContext | null> {
    if (this.bootstrapDigest && digestsEqual(digest, this.bootstrapDigest)) {
      return { keyId: null, role: 'admin', wardIds: null, facilitatorId: null };
    }
    const hit = this.cache.get(digest);
    if (hit && hit.until > performance.now()) return { ...hit.auth };
    const generation = this.generation;
    // The lookup is by digest, so timing reveals nothing about the key; compare again in constant time.
    const row = await this.db.repo(ApiKeyEntity).findOne({ where: { keyHash: digest, revokedAt: IsNull() } });
    if (!row || !digestsEqual(row.keyHash, digest)) {
      this.cache.delete(digest);
      return null;
    }
    // A deactivated facilitator's own key stops working with them (and works again if they return).
    if (row.facilitatorId !== null) {
      const person = await this.db
        .repo(FacilitatorEntity)
        .findOne({ select: { id: true, active: true }, where: { id: row.facilitatorId } });
      if (!person?.active) return null;
    }
    const auth: AuthContext = { keyId: row.id, role: row.role as Role, wardIds: row.wardIds, facilitatorId: row.facilitatorId };
    if (this.cacheMs > 0 && generation === this.generation) {
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(digest, { auth, until: performance.now() + this.cacheMs });
    }
    return { ...auth };
  }

  /** Forgets cached keys that match (after a revocation, or a change to the facilitator a key belongs to). */
  forget(match: (auth: AuthContext) => boolean): void {
    this.generation++;
    for (const [digest, entry] of this.cache) if (match(entry.auth)) this.cache.delete(digest);
  }

  async create(dto: CreateKeyDto): Promise<CreatedKeyDto> {
    // Admin routes (keys, audit) are not ward-bound: a ward-scoped admin could mint an unscoped key.
    if (dto.role === 'admin' && dto.wardIds) throw new InvalidInputError('wardIds', 'cannot scope an admin key to wards');
    const key = generateApiKey();
    const row = await this.db.transaction(async (em) => {
      const wardIds = dto.wardIds ? [...new Set(dto.wardIds)] : null;
      if (wardIds?.length) {
        const found = await em.count(WardEntity, { where: { id: In(wardIds) } });
        if (found !== wardIds.length) throw new InvalidInputError('wardIds', 'names a ward that does not exist');
      }
      if (dto.facilitatorId !== undefined) {
        if (dto.role !== 'facilitator') throw new InvalidInputError('facilitatorId', 'is only for keys of role facilitator');
        const person = await em.findOne(FacilitatorEntity, { where: { id: dto.facilitatorId } });
        if (!person) throw new InvalidInputError('facilitatorId', 'names a facilitator that does not exist');
        if (!person.active) throw new InvalidInputError('facilitatorId', 'names a deactivated facilitator');
        // The person's own key acts on the person, so its scope must cover the ward that manages them.
        if (wardIds !== null && (person.homeWardId === null || !wardIds.includes(person.homeWardId))) {
          throw new InvalidInputError('facilitatorId', "names a facilitator whose home ward is outside the key's wardIds");
        }
      }
      const entity = em.create(ApiKeyEntity, {
        id: newId(),
        role: dto.role,
        label: dto.label,
        wardIds,
        facilitatorId: dto.facilitatorId ?? null,
        keyHash: hashApiKey(key),
        createdAt: this.clock.now().toISOString(),
        revokedAt: null,
      });
      return em.save(entity);
    });
    return { ...mapKey(row), key };
  }

  async list(): Promise<KeyDto[]> {
    const rows = await this.db.repo(ApiKeyEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(mapKey);
  }

  async revoke(id: string): Promise<void> {
    this.forget((auth) => auth.keyId === id);
    try {
      await this.db.transaction(async (em) => {
        const row = await em.findOne(ApiKeyEntity, { where: { id } });
        if (!row) throw new NotFoundError('key', id);
        if (!row.revokedAt) await em.update(ApiKeyEntity, { id }, { revokedAt: this.clock.now().toISOString() });
      });
    } finally {
      this.forget((auth) => auth.keyId === id);
    }
  }

  /**
   * First start with no keys and no IMR_BOOTSTRAP_ADMIN_KEY: create an admin key and print it once,
   * straight to stdout (never through the logger, whose output may be shipped elsewhere).
   */
  async bootstrapAdminKey(): Promise<string | null> {
    if (this.bootstrapDigest) return null;
    const key = generateApiKey();
    const created = await this.db.transaction(async (em) => {
      if ((await em.count(ApiKeyEntity)) > 0) return false;
      await em.insert(ApiKeyEntity, {
        id: newId(),
        role: 'admin',
        label: 'bootstrap admin (first start)',
        wardIds: null,
        facilitatorId: null,
        keyHash: hashApiKey(key),
        createdAt: this.clock.now().toISOString(),
        revokedAt: null,
      });
      return true;
    });
    if (!created) return null;
    process.stdout.write(
      `\n  First start: an admin key was generated. It is shown only now; store it safely.\n\n  IMR admin key: ${key}\n\n`,
    );
    this.logger.log('generated the first admin key (printed once to stdout)');
    return key;
  }
}
