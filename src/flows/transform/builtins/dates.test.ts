import { describe, expect, it } from 'vitest';

import {
  addMonths,
  dateInZone,
  endOfMonth,
  formatInZone,
  postingPeriod,
  startOfMonth,
} from './dates.js';

describe('formatInZone', () => {
  it.each([
    { instant: '2026-11-15T10:00:00Z', zone: 'Europe/Berlin', want: '2026-11-15T11:00:00+01:00' },
    {
      instant: '2026-11-15T10:00:00Z',
      zone: 'America/New_York',
      want: '2026-11-15T05:00:00-05:00',
    },
    { instant: '2026-11-15T10:00:00Z', zone: 'Asia/Kolkata', want: '2026-11-15T15:30:00+05:30' },
    { instant: '2026-11-15T10:00:00Z', zone: 'UTC', want: '2026-11-15T10:00:00Z' },
    // Europe/Berlin springs forward at 01:00 UTC on 29 March 2026: 02:00 local becomes 03:00.
    { instant: '2026-03-29T00:59:59Z', zone: 'Europe/Berlin', want: '2026-03-29T01:59:59+01:00' },
    { instant: '2026-03-29T01:00:00Z', zone: 'Europe/Berlin', want: '2026-03-29T03:00:00+02:00' },
    // and falls back at 01:00 UTC on 25 October 2026: 02:30 local happens twice.
    { instant: '2026-10-25T00:30:00Z', zone: 'Europe/Berlin', want: '2026-10-25T02:30:00+02:00' },
    { instant: '2026-10-25T01:30:00Z', zone: 'Europe/Berlin', want: '2026-10-25T02:30:00+01:00' },
    { instant: '2026-11-15T10:00:00+02:00', zone: 'UTC', want: '2026-11-15T08:00:00Z' },
  ])('shows $instant in $zone as $want', ({ instant, zone, want }) => {
    expect(formatInZone(instant, zone)).toBe(want);
  });

  it('refuses a zone that is not an IANA time zone', () => {
    expect(() => formatInZone('2026-11-15T10:00:00Z', 'Mars/Olympus')).toThrow(
      `expected an IANA time zone such as 'Europe/Berlin', got "Mars/Olympus"`,
    );
  });

  it.each(['2026-11-15', 'yesterday', '2026-13-45T00:00:00Z'])(
    'refuses %j as an instant',
    (instant) => {
      expect(() => formatInZone(instant, 'UTC')).toThrow(
        `expected an RFC 3339 date-time such as '2026-11-15T10:00:00Z', got ${JSON.stringify(instant)}`,
      );
    },
  );
});

describe('dateInZone and postingPeriod', () => {
  it.each([
    {
      instant: '2026-11-30T23:30:00Z',
      zone: 'Europe/Berlin',
      date: '2026-12-01',
      period: 'Dec 2026',
    },
    { instant: '2026-11-30T23:30:00Z', zone: 'UTC', date: '2026-11-30', period: 'Nov 2026' },
    {
      instant: '2027-01-01T02:00:00Z',
      zone: 'America/Los_Angeles',
      date: '2026-12-31',
      period: 'Dec 2026',
    },
  ])('puts $instant on $date in $zone, period $period', ({ instant, zone, date, period }) => {
    expect([dateInZone(instant, zone), postingPeriod(instant, zone)]).toStrictEqual([date, period]);
  });
});

describe('startOfMonth and endOfMonth', () => {
  it.each([
    {
      instant: '2026-11-15T10:00:00Z',
      zone: 'Europe/Berlin',
      start: '2026-10-31T23:00:00.000Z',
      end: '2026-11-30T22:59:59.999Z',
    },
    // March starts in winter time and ends in summer time in Berlin.
    {
      instant: '2026-03-15T10:00:00Z',
      zone: 'Europe/Berlin',
      start: '2026-02-28T23:00:00.000Z',
      end: '2026-03-31T21:59:59.999Z',
    },
    // Just before midnight UTC on 31 October is already November in Berlin.
    {
      instant: '2026-10-31T23:30:00Z',
      zone: 'Europe/Berlin',
      start: '2026-10-31T23:00:00.000Z',
      end: '2026-11-30T22:59:59.999Z',
    },
    {
      instant: '2026-12-15T00:00:00Z',
      zone: 'Pacific/Auckland',
      start: '2026-11-30T11:00:00.000Z',
      end: '2026-12-31T10:59:59.999Z',
    },
    {
      instant: '2026-02-10T00:00:00Z',
      zone: 'UTC',
      start: '2026-02-01T00:00:00.000Z',
      end: '2026-02-28T23:59:59.999Z',
    },
    // Cuba sprang forward at midnight on 1 April 2012: that month starts at 01:00 local.
    {
      instant: '2012-04-15T12:00:00Z',
      zone: 'America/Havana',
      start: '2012-04-01T05:00:00.000Z',
      end: '2012-05-01T03:59:59.999Z',
    },
  ])('bounds the month of $instant in $zone', ({ instant, zone, start, end }) => {
    expect([startOfMonth(instant, zone), endOfMonth(instant, zone)]).toStrictEqual([start, end]);
  });
});

describe('addMonths', () => {
  it.each([
    { value: '2026-01-31', months: 1, want: '2026-02-28' },
    { value: '2024-01-31', months: 1, want: '2024-02-29' },
    { value: '2026-03-31', months: -1, want: '2026-02-28' },
    { value: '2026-11-15', months: 14, want: '2028-01-15' },
    { value: '2026-01-15', months: -13, want: '2024-12-15' },
    { value: '2026-05-31', months: 0, want: '2026-05-31' },
    { value: '2026-01-31T10:00:00Z', months: 1, want: '2026-02-28T10:00:00.000Z' },
  ])('moves $value by $months months to $want', ({ value, months, want }) => {
    expect(addMonths(value, months)).toBe(want);
  });

  it('refuses a fraction of a month', () => {
    expect(() => addMonths('2026-01-31', 1.5)).toThrow(
      'expected a whole number of months, got 1.5',
    );
  });
});
