// The staff page: every person of every service with their state and a live countdown.
// GET /v1/staff is polled (there is no staff stream); the countdowns tick every second in between.
import { getJson, markCurrentPage, plainDuration } from './api.js';
import { words, clockTime, overrunWord } from './crew-words.js';

const POLL_MS = 1500;
const roster = document.getElementById('staff-roster');
const status = document.getElementById('staff-status');
/** The people last heard of, by key, with the server's clock offset applied once per poll. */
let people = new Map();

function key(person) {
  return `${person.service}/${person.instance}/${person.name}`;
}

/** "asleep until 12:41 · 1 min 20 s left, oversleeping"; empty while on shift (IDLE, WORKING). */
export function countdown(person, now) {
  if (person.state === 'IDLE' || person.state === 'WORKING') {
    return '';
  }
  const what = words(person.state);
  let text;
  if (person.until) {
    const until = new Date(person.until);
    const left = until.getTime() - now;
    text = `${what} until ${clockTime(until)} · ${left > 0 ? plainDuration(left) + ' left' : 'due back now'}`;
  } else if (person.since) {
    text = `${what} since ${clockTime(new Date(person.since))}`;
  } else {
    text = what;
  }
  if (person.overrun) {
    text += `, ${overrunWord(person.state)}`;
  }
  return text;
}

function groupFor(service) {
  let group = roster.querySelector(`section[data-service-group="${CSS.escape(service)}"]`);
  if (!group) {
    group = document.createElement('section');
    group.dataset.serviceGroup = service;
    group.className = 'staff-group';
    const heading = document.createElement('h2');
    heading.textContent = service;
    const list = document.createElement('ul');
    list.className = 'staff-list';
    group.append(heading, list);
    const after = [...roster.children].find(g => g.dataset.serviceGroup > service);
    roster.insertBefore(group, after ?? null);
  }
  return group.querySelector('ul');
}

function rowFor(person) {
  const id = key(person);
  let row = roster.querySelector(`li[data-key="${CSS.escape(id)}"]`);
  if (!row) {
    row = document.createElement('li');
    row.dataset.key = id;
    row.dataset.person = person.name;
    row.dataset.service = person.service;
    const name = document.createElement('span');
    name.className = 'person-name';
    name.textContent = person.name;
    const instance = document.createElement('span');
    instance.className = 'person-instance';
    instance.textContent = person.instance;
    const state = document.createElement('span');
    state.className = 'state-badge';
    const left = document.createElement('span');
    left.className = 'countdown';
    row.append(name, ' ', state, ' ', left, ' ', instance);
    groupFor(person.service).append(row);
  }
  return row;
}

function render(now = Date.now()) {
  for (const person of people.values()) {
    const row = rowFor(person);
    row.dataset.state = person.state;
    row.classList.toggle('away', person.state !== 'IDLE' && person.state !== 'WORKING');
    row.classList.toggle('overrun', Boolean(person.overrun));
    const badge = row.querySelector('.state-badge');
    const state = words(person.state);
    if (badge.textContent !== state) {
      badge.textContent = state;
    }
    const text = countdown(person, now);
    const span = row.querySelector('.countdown');
    if (span.textContent !== text) {
      span.textContent = text;
    }
  }
  for (const row of roster.querySelectorAll('li[data-key]')) {
    if (!people.has(row.dataset.key)) {
      row.remove();
    }
  }
  for (const group of roster.querySelectorAll('section[data-service-group]')) {
    if (!group.querySelector('li')) {
      group.remove();
    }
  }
}

async function poll() {
  try {
    const body = await getJson('/v1/staff');
    people = new Map(body.staff.map(person => [key(person), person]));
    const away = body.staff.filter(p => p.state !== 'IDLE' && p.state !== 'WORKING').length;
    status.textContent = `${body.staff.length} people, ${away} away · updated ${clockTime(new Date(), true)}`;
    render();
  } catch (problem) {
    status.textContent = `The roster is unavailable: ${problem.message}. Retrying…`;
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

markCurrentPage();
setInterval(() => render(), 1000);
poll();
