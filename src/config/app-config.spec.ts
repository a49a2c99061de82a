import { loadConfig, parseTrustProxy } from './app-config';

describe('HOST, IMR_TRUST_PROXY and IMR_KEY_REQUESTS_PER_MINUTE (issue 14)', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise (the service used to listen on every interface)', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(() => loadConfig({ HOST: 'not a host!' })).toThrow(/HOST/);
  });

  it('trusts no proxy by default, and takes addresses and CIDRs of both families', () => {
    expect(loadConfig({}).http.trustProxy).toEqual([]);
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,::1,fd00::/8')).toEqual(['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8']);
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0.1/8/2', '::1/129', '*']) {
      expect(() => parseTrustProxy(bad)).toThrow(/IMR_TRUST_PROXY/);
    }
  });

  it('gives every key a budget of 600 requests a minute by default', () => {
    expect(loadConfig({}).http.keyRequestsPerMinute).toBe(600);
    expect(loadConfig({ IMR_KEY_REQUESTS_PER_MINUTE: '50' }).http.keyRequestsPerMinute).toBe(50);
    expect(() => loadConfig({ IMR_KEY_REQUESTS_PER_MINUTE: '0' })).toThrow(/IMR_KEY_REQUESTS_PER_MINUTE/);
  });

  it('lets two /api reads run at once on SQLite and any number on PostgreSQL, unless IMR_READ_CONCURRENCY says otherwise', () => {
    expect(loadConfig({}).http.readConcurrency).toBe(2);
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/imr' }).http.readConcurrency).toBe(0);
    expect(loadConfig({ IMR_READ_CONCURRENCY: '8' }).http.readConcurrency).toBe(8);
    expect(() => loadConfig({ IMR_READ_CONCURRENCY: 'many' })).toThrow(/IMR_READ_CONCURRENCY/);
  });
});

describe('IMR_EVENTS_RETENTION_DAYS', () => {
  it('keeps outbox events 30 days by default, at least one day, and refuses what is not a whole number', () => {
    expect(loadConfig({}).events.retentionDays).toBe(30);
    expect(loadConfig({ IMR_EVENTS_RETENTION_DAYS: '90' }).events.retentionDays).toBe(90);
    expect(() => loadConfig({ IMR_EVENTS_RETENTION_DAYS: '0' })).toThrow(/IMR_EVENTS_RETENTION_DAYS/);
    expect(() => loadConfig({ IMR_EVENTS_RETENTION_DAYS: 'a month' })).toThrow(/IMR_EVENTS_RETENTION_DAYS/);
  });
});

describe('IMR_SECRETS_KEY', () => {
  it('takes 32 bytes as hex or base64, is unset by default, and refuses anything else naming the variable', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({}).events.secretsKey).toBeNull();
    expect(loadConfig({ IMR_SECRETS_KEY: hex }).events.secretsKey).toEqual(Buffer.from(hex, 'hex'));
    expect(loadConfig({ IMR_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }).events.secretsKey).toEqual(Buffer.alloc(32, 7));
    for (const bad of ['short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64')]) {
      expect(() => loadConfig({ IMR_SECRETS_KEY: bad })).toThrow(/IMR_SECRETS_KEY/);
    }
  });
});
