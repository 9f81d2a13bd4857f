// How the operator pages say crew states and times in plain words (staff page, race control).
// Durations: api.js's plainDuration.

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
