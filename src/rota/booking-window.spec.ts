import { bookingWindow, bookingWindowForDates } from './booking-window';

describe('bookingWindow', () => {
  it('reaches eight days before a session starts and eight days after it ends', () => {
    expect(bookingWindow('2027-03-10T09:00:00.000Z', '2027-03-10T10:30:00.000Z')).toEqual({
      from: '2027-03-02T09:00:00.000Z',
      to: '2027-03-18T10:30:00.000Z',
    });
  });

  it('for ward-local dates, eight days before the first day and eight after the last one ends', () => {
    expect(bookingWindowForDates('2027-03-01', '2027-03-31')).toEqual({ from: '2027-02-21T00:00:00.000Z', to: '2027-04-09T00:00:00.000Z' });
  });
});
