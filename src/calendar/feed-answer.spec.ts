import { tokenOfUrl } from './feed-answer';

describe('the token of a feed URL, as the router would read it', () => {
  const token = 'a'.repeat(42) + 'A';

  it('is the token of /calendar/<token>.ics, with or without a query', () => {
    expect(tokenOfUrl(`/calendar/${token}.ics`)).toBe(token);
    expect(tokenOfUrl(`/calendar/${token}.ics?x=1`)).toBe(token);
  });

  it('is empty for any URL the feed route does not match', () => {
    for (const url of [
      `/calendar/${token}`,
      `/calendar/${token}.ics/`,
      `/calendar/x/${token}.ics`,
      `/calendarx/${token}.ics`,
      `/imr/calendar/${token}.ics`,
      `/calendar/${token}.ICS`,
      `/calendar/?${token}.ics`,
      '/calendar/',
    ]) {
      expect(tokenOfUrl(url)).toBe('');
    }
  });
});
