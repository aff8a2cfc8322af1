const shanghaiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Asia/Shanghai, YYYY-MM-DD (DOMAIN.md: every date is a Shanghai calendar day). */
export function shanghaiToday(now: Date = new Date()): string {
  return shanghaiDay.format(now);
}

/** The instant a Shanghai calendar day begins (China keeps UTC+8 all year). */
export function startOfShanghaiDay(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
