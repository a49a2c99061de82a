import pino from 'pino';
import { Writable } from 'node:stream';
import { accessLineWriter, notedJson, requestIdOf } from './access-log';

/** Lines written to a stream, as they arrive. */
function sink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
  return { stream, lines };
}

const masked = (line: string) => line.replace(/"time":\d+/, '"time":0');

describe('the access line built by hand', () => {
  it('is the line pino writes for the same fields, byte for byte but the time', async () => {
    const viaPino = sink();
    // As createApp configures Fastify's logger (serializers only for req and res, which the line never has).
    const logger = pino({ level: 'info', serializers: { req: () => undefined, res: () => undefined } }, viaPino.stream);
    logger.info(
      { reqId: 'req-19', method: 'GET', route: '/calendar/:file', status: 304, ms: 0, feedToken: 'a1b2', cached: true },
      'request',
    );
    const byHand = sink();
    accessLineWriter(byHand.stream)(
      'req-19',
      'GET',
      JSON.stringify('/calendar/:file'),
      304,
      0,
      notedJson({ feedToken: 'a1b2', cached: true }),
    );
    await new Promise((r) => setImmediate(r));
    expect(byHand.lines.map(masked)).toEqual(viaPino.lines.map(masked));
    expect(JSON.parse(byHand.lines[0]).time).toBeGreaterThan(0);
  });

  it('hands the lines of one turn to the stream as one write, in order, and what is held at flush', async () => {
    const out = sink();
    const line = accessLineWriter(out.stream);
    line('a', 'GET', '"/calendar/:file"', 200, 1, '');
    line('b', 'GET', '"/calendar/:file"', 304, 0, '');
    expect(out.lines).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(out.lines).toHaveLength(1);
    const ids = (chunk: string) =>
      chunk
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).reqId);
    expect(ids(out.lines[0])).toEqual(['a', 'b']);
    line('c', 'GET', '"/calendar/:file"', 304, 0, '');
    line.flush();
    expect(out.lines.map(ids)).toEqual([['a', 'b'], ['c']]);
    await new Promise((r) => setImmediate(r));
    expect(out.lines).toHaveLength(2);
  });

  it('adds nothing for no noted fields', () => {
    expect(notedJson({})).toBe('');
    expect(notedJson({ cached: false })).toBe(',"cached":false');
  });
});

describe('the request id', () => {
  it('is a well-formed X-Request-Id as given, else a new UUID', () => {
    expect(requestIdOf({ 'x-request-id': 'abc.DEF_1-2' })).toBe('abc.DEF_1-2');
    for (const bad of ['has space', 'quote"', 'x'.repeat(65), '', undefined]) {
      expect(requestIdOf({ 'x-request-id': bad })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(requestIdOf({ 'x-request-id': ['a', 'b'] as unknown as string })).not.toBe('a');
  });
});
