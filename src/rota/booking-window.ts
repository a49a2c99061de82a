const DAY_MS = 86_400_000;

/**
 * The span of a person's other bookings that can bear on sessions between two instants. The weekly
 * cap counts every session of the same ward-local ISO week, which can lie up to six days away; wards
 * sit up to fourteen hours from UTC, and the clash buffer adds minutes. Eight days on each side
 * covers all of that, so no booking the rules need is left out of the query.
 */
export function bookingWindow(startsAt: string, endsAt: string): { from: string; to: string } {
  return {
    from: new Date(Date.parse(startsAt) - 8 * DAY_MS).toISOString(),
    to: new Date(Date.parse(endsAt) + 8 * DAY_MS).toISOString(),
  };
}

/** The booking window around every session on the ward-local dates [from, to]. */
export function bookingWindowForDates(from: string, to: string): { from: string; to: string } {
  return bookingWindow(`${from}T00:00:00.000Z`, new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS).toISOString());
}
