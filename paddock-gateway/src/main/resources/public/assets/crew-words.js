// How the pages say crew states and durations in plain words (staff page, race control).

const STATES = {
  ASLEEP: 'asleep',
  AT_LUNCH: 'at lunch',
  SMOKING: 'smoking',
  ON_BREAK: 'on a break',
  OFFLINE: 'offline',
  IDLE: 'idle',
  WORKING: 'working',
};

const OVERRUNS = {
  ASLEEP: 'oversleeping',
  AT_LUNCH: 'a long lunch',
  SMOKING: 'one more cigarette',
  ON_BREAK: 'a long break',
};

/** ASLEEP → "asleep"; an unknown state in lower case words. */
export function words(state) {
  return STATES[state] ?? String(state ?? '').toLowerCase().replaceAll('_', ' ');
}

export function overrunWord(state) {
  return OVERRUNS[state] ?? 'running over';
}

/** 12:41 (or 12:41:05), in the viewer's time zone. */
export function clockTime(date, seconds = false) {
  return date.toLocaleTimeString('en-GB', seconds
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' });
}

/** 80_000 → "1 min 20 s"; 3_700_000 → "1 h 1 min"; under a second → "0 s". */
export function plainDuration(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) {
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  if (m > 0) {
    return s > 0 ? `${m} min ${s} s` : `${m} min`;
  }
  return `${s} s`;
}
