// "When to send" as the API wants it: a Vietnam date and time → ISO `at`; days and an hour → `cron`.
export const DAY_NAMES = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];

/** "2026-12-01" and "08:00" in Vietnam time → "2026-12-01T08:00:00+07:00". */
export const vietnamIso = (date, time) => date + 'T' + time + ':00+07:00';

/** Days (0 = Sunday … 6 = Saturday) and an hour → "0 8 * * 1,3" (node-cron runs it in Vietnam time). */
export function weeklyCron(days, hour) {
  const sorted = [...days].map(Number).sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return '0 ' + Number(hour) + ' * * ' + sorted.join(',');
}

/** A cron this page wrote, back in words ("Hàng tuần: T2, T4 lúc 8:00"); any other cron as it is. */
export function describeCron(cron) {
  const match = /^0 (\d{1,2}) \* \* ([0-7](?:,[0-7])*)$/.exec(cron);
  if (!match) return 'Lặp lại theo lịch cron "' + cron + '"';
  const days = match[2].split(',').map((d) => DAY_NAMES[Number(d) % 7]);
  return 'Hàng tuần: ' + days.join(', ') + ' lúc ' + match[1] + ':00';
}
