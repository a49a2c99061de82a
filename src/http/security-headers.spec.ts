import { SECURITY_HEADERS, setSecurityHeaders } from './security-headers';

describe('security headers computed once', () => {
  it('are exactly what helmet writes for our CSP directives, in the same order', () => {
    // helmet is what @fastify/helmet ran per request before; it stays installed as its dependency.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const helmet = require('helmet') as (o: unknown) => (req: unknown, res: unknown, next: () => void) => void;
    const written: [string, string][] = [];
    const middleware = helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          scriptSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    });
    middleware({}, { setHeader: (n: string, v: string) => written.push([n, v]), removeHeader: () => undefined }, () => undefined);
    expect(SECURITY_HEADERS).toEqual(written);
  });

  it('sets each on the raw response', () => {
    const set: string[] = [];
    setSecurityHeaders({ setHeader: (n) => set.push(n) });
    expect(set).toEqual(SECURITY_HEADERS.map(([n]) => n));
  });
});
