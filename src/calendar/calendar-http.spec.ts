import { acceptsGzip } from './calendar-http';
import { etagOf, httpDate, isNotModified, nextLastModified, truncateToSecond } from './calendar-http';

describe('etagOf', () => {
  it('is the quoted hex SHA-256 of the bytes (strong, 66 characters)', () => {
    expect(etagOf('abc')).toBe('"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"');
    expect(etagOf(Buffer.from('abc'))).toBe(etagOf('abc'));
    expect(etagOf('abc')).toHaveLength(66);
    expect(etagOf('abd')).not.toBe(etagOf('abc'));
  });
});

describe('isNotModified', () => {
  const etag = etagOf('body');
  const lastModified = '2027-03-01T10:00:00.000Z';

  it('matches If-None-Match exactly, in a list, weakly, or with *', () => {
    expect(isNotModified({ ifNoneMatch: etag }, etag, lastModified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `"x", ${etag}` }, etag, lastModified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `W/${etag}` }, etag, lastModified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '*' }, etag, lastModified)).toBe(true);
    expect(isNotModified({ ifNoneMatch: [`"x"`, etag] }, etag, lastModified)).toBe(true);
  });

  it('does not match another tag, and then ignores If-Modified-Since', () => {
    expect(isNotModified({ ifNoneMatch: etagOf('old') }, etag, lastModified)).toBe(false);
    expect(isNotModified({ ifNoneMatch: '"x"', ifModifiedSince: httpDate('2030-01-01T00:00:00Z') }, etag, lastModified)).toBe(false);
    expect(isNotModified({}, etag, lastModified)).toBe(false);
  });

  it('answers If-Modified-Since by the second when there is no If-None-Match', () => {
    expect(isNotModified({ ifModifiedSince: 'Mon, 01 Mar 2027 10:00:00 GMT' }, etag, '2027-03-01T10:00:00.900Z')).toBe(true);
    expect(isNotModified({ ifModifiedSince: 'Mon, 01 Mar 2027 09:59:59 GMT' }, etag, lastModified)).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'not a date' }, etag, lastModified)).toBe(false);
  });
});

describe('nextLastModified', () => {
  const a = etagOf('a');
  const b = etagOf('b');

  it('starts at the content’s latest change, to the second', () => {
    expect(nextLastModified({ etag: null, lastModified: null }, a, '2027-03-01T10:00:00.750Z', '2027-03-02T00:00:00Z')).toBe(
      '2027-03-01T10:00:00.000Z',
    );
  });

  it('keeps the date of an unchanged body, whatever the clock says', () => {
    expect(nextLastModified({ etag: a, lastModified: '2027-03-01T10:00:00.000Z' }, a, '2027-02-01T00:00:00Z', '2027-05-01T00:00:00Z')).toBe(
      '2027-03-01T10:00:00.000Z',
    );
  });

  it('moves to a newer content change', () => {
    expect(nextLastModified({ etag: a, lastModified: '2027-03-01T10:00:00.000Z' }, b, '2027-03-05T08:00:00Z', '2027-03-06T00:00:00Z')).toBe(
      '2027-03-05T08:00:00.000Z',
    );
  });

  it('never moves back when the body changed without a newer change time: it takes now', () => {
    expect(
      nextLastModified({ etag: a, lastModified: '2027-03-01T10:00:00.000Z' }, b, '2027-02-01T00:00:00Z', '2027-03-06T12:34:56.789Z'),
    ).toBe('2027-03-06T12:34:56.000Z');
    // a clock behind the stored date: keep the stored date
    expect(nextLastModified({ etag: a, lastModified: '2027-03-01T10:00:00.000Z' }, b, '2027-02-01T00:00:00Z', '2027-02-15T00:00:00Z')).toBe(
      '2027-03-01T10:00:00.000Z',
    );
  });
});

describe('httpDate and truncateToSecond', () => {
  it('format an IMF-fixdate and drop milliseconds', () => {
    expect(httpDate('2027-03-29T08:00:00.000Z')).toBe('Mon, 29 Mar 2027 08:00:00 GMT');
    expect(truncateToSecond('2027-03-29T08:00:00.999Z')).toBe('2027-03-29T08:00:00.000Z');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *;q=1', false],
    ['identity', false],
    ['deflate, br', false],
    ['', false],
  ] as const)('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('reads no header as no gzip', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
