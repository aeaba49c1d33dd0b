const DAY = 86_400_000;

/** ISO week of a day number (days since 1970-01-01, Vietnam time), as "2026-W05". */
export function isoWeek(day: number): string {
  const date = new Date(day * DAY);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week =
    1 + Math.round(((date.getTime() - firstThursday.getTime()) / DAY - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const short = (day: number) => {
  const d = new Date(day * DAY);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}`;
};

/**
 * The Monday-to-Sunday range of the week that holds a day: ISO dates for files and a label
 * people read at a glance ("24/11–30/11"), since "2026-W48" means nothing to most of them.
 */
export function weekRange(day: number): { from: string; to: string; label: string } {
  const monday = day - ((new Date(day * DAY).getUTCDay() + 6) % 7);
  return { from: isoDate(monday), to: isoDate(monday + 6), label: `${short(monday)}–${short(monday + 6)}` };
}
