// Race control: the gateway's fault injection (/admin/v1/...) as forms, sliders and buttons.
// The admin token lives only in sessionStorage; without it the request is still sent, so the
// page shows the gateway's own refusal (its problem's title and detail) rather than guessing.
import { getJson, sendJson, markCurrentPage } from './api.js';
import { words, clockTime } from './crew-words.js';

const TOKEN_KEY = 'boxbox.admin-token';
const SERVICES = ['panettiere', 'maestro', 'chef-sim', 'driver-sim'];
const KINDS = ['ASLEEP', 'AT_LUNCH', 'ON_BREAK', 'SMOKING', 'OFFLINE'];
/** The mishaps each service declares (AdminController); more are added if a service reports them. */
const MISHAPS = { panettiere: ['oversleep'], maestro: ['oversmoke'], 'chef-sim': ['burn'], 'driver-sim': ['detour'] };

const status = document.getElementById('race-control-status');
const tokenInput = document.getElementById('admin-token');
const tokenState = document.getElementById('token-state');

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

/** The problem in one line: "Refused (401 Admin token required): send Authorization: Bearer …". */
function refusal(problem) {
  if (!problem.status) {
    return problem.message;
  }
  const fields = problem.errors.map(e => `${e.field} ${e.message}`).join('; ');
  return `Refused (${problem.status}${problem.title ? ' ' + problem.title : ''})${problem.detail ? ': ' + problem.detail : ''}`
    + (fields ? ` — ${fields}` : '');
}

/** An admin call; {ok, body} or {ok: false, message} with the gateway's own words for a refusal. */
async function admin(method, path, body) {
  const headers = token() ? { Authorization: `Bearer ${token()}` } : {};
  try {
    return { ok: true, body: await sendJson(method, path, body, headers) };
  } catch (problem) {
    return { ok: false, status: problem.status, message: refusal(problem) };
  }
}

function showToken() {
  tokenState.textContent = token()
    ? 'A token is saved for this session (it is sent with every action and forgotten when the tab closes).'
    : 'No token saved: every action will be refused.';
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name in node && name !== 'list') {
      node[name] = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  node.append(...children);
  return node;
}

// ---- crews -------------------------------------------------------------------------------

function crewForm(service) {
  const id = `crew-${service}`;
  const kind = element('select', { name: 'kind', id: `${id}-kind` },
    ...KINDS.map(k => element('option', { value: k }, words(k))));
  const duration = element('input', { name: 'duration_s', id: `${id}-duration`, type: 'number', min: '1', max: '86400',
    step: '1', value: '120', required: true, inputMode: 'numeric' });
  const person = element('select', { name: 'person', id: `${id}-person` }, element('option', { value: '' }, 'the whole crew'));
  const button = element('button', { type: 'submit', dataset: { action: 'absence' } }, `Send ${service} away`);
  const form = element('form', { className: 'crew-form card', dataset: { crew: service } },
    element('h3', {}, service),
    element('label', { htmlFor: kind.id }, 'What'), kind,
    element('label', { htmlFor: duration.id }, 'For (simulated seconds)'), duration,
    element('label', { htmlFor: person.id }, 'Who'), person,
    button);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const request = { kind: kind.value, duration_s: Number(duration.value) };
    if (person.value) {
      request.person = person.value;
    }
    const who = person.value || `the whole ${service} crew`;
    button.disabled = true;
    say(`Sending ${who} ${words(kind.value)}…`);
    const result = await admin('POST', `/admin/v1/crew/${encodeURIComponent(service)}/absence`, request);
    button.disabled = false;
    if (result.ok) {
      const sent = result.body.instances.flatMap(i => i.affected ?? []);
      say(sent.length
        ? `${sent.join(', ')} ${sent.length === 1 ? 'is' : 'are'} now ${words(kind.value)} for ${request.duration_s} s (simulated).`
        : `No one was sent: ${service} has no ${person.value ? 'person called ' + person.value : 'crew'} on shift.`,
        sent.length ? 'ok' : 'error');
    } else {
      say(result.message, 'error');
    }
  });
  return form;
}

/** Keeps each crew's "who" list to the people the staff roster names, keeping the choice made. */
async function refreshPeople() {
  try {
    const { staff } = await getJson('/v1/staff');
    for (const service of SERVICES) {
      const select = document.querySelector(`[data-crew="${service}"] select[name=person]`);
      const names = [...new Set(staff.filter(p => p.service === service).map(p => p.name))].sort();
      const have = [...select.options].slice(1).map(o => o.value);
      if (names.join('\n') === have.join('\n')) {
        continue;
      }
      const chosen = select.value;
      select.replaceChildren(element('option', { value: '' }, 'the whole crew'),
        ...names.map(name => element('option', { value: name }, name)));
      select.value = names.includes(chosen) ? chosen : '';
    }
  } catch (e) {
    // The roster comes back on the next round; the forms work without it (whole crew).
  }
}

// ---- mishaps -----------------------------------------------------------------------------

function percent(probability) {
  return `${(probability * 100).toFixed(probability * 100 < 10 ? 1 : 0)} %`;
}

function mishapSlider(service, mishap) {
  const id = `mishap-${service}-${mishap}`;
  const output = element('output', { htmlFor: id, id: `${id}-value` }, 'unknown');
  const slider = element('input', { type: 'range', id, min: '0', max: '1', step: '0.01', value: '0',
    dataset: { mishap: `${service}/${mishap}` } });
  slider.setAttribute('aria-describedby', output.id);
  slider.addEventListener('input', () => {
    output.textContent = percent(Number(slider.value));
  });
  const button = element('button', { type: 'submit', dataset: { action: 'mishap' } }, `Set ${mishap}`);
  const form = element('form', { className: 'mishap-form card', dataset: { mishapForm: `${service}/${mishap}` } },
    element('label', { htmlFor: id }, `${mishap} (${service})`), slider, output, button);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const probability = Number(slider.value);
    button.disabled = true;
    say(`Setting ${mishap} odds to ${percent(probability)}…`);
    const result = await admin('PUT', `/admin/v1/mishaps/${encodeURIComponent(service)}/${encodeURIComponent(mishap)}`,
      { probability });
    button.disabled = false;
    if (result.ok) {
      const instances = result.body.instances.length;
      say(`${mishap} now happens with probability ${percent(probability)} on ${instances} ${service} instance${instances === 1 ? '' : 's'}.`, 'ok');
    } else {
      say(result.message, 'error');
    }
  });
  return form;
}

/** Reads the odds in force from every service (GET /admin/v1/mishaps/{service}) into the sliders. */
async function readMishaps() {
  const hint = document.getElementById('mishap-hint');
  if (!token()) {
    hint.textContent = 'Save the admin token to read the current odds.';
    return;
  }
  const unreadable = [];
  for (const service of SERVICES) {
    const result = await admin('GET', `/admin/v1/mishaps/${encodeURIComponent(service)}`);
    if (!result.ok) {
      unreadable.push(`${service}: ${result.message}`);
      continue;
    }
    for (const instance of result.body.instances) {
      for (const [mishap, probability] of Object.entries(instance.mishaps ?? {})) {
        let slider = document.querySelector(`input[data-mishap="${service}/${mishap}"]`);
        if (!slider) {
          document.getElementById('mishap-sliders').append(mishapSlider(service, mishap));
          slider = document.querySelector(`input[data-mishap="${service}/${mishap}"]`);
        }
        slider.value = String(probability);
        document.getElementById(`${slider.id}-value`).textContent = percent(probability);
      }
    }
  }
  hint.textContent = unreadable.length ? `Could not read every service's odds: ${unreadable.join(' · ')}`
    : `The odds in force, read at ${clockTime(new Date(), true)}.`;
}

// ---- pantry ------------------------------------------------------------------------------

function shelfRow(shelf) {
  const id = `shelf-${shelf.ingredient}`;
  const input = element('input', { type: 'number', id, name: 'stock', min: '0', step: '1', value: String(shelf.stock),
    inputMode: 'numeric' });
  // Once someone types a number it stays until it is sent; until then the field follows the stock.
  input.addEventListener('input', () => {
    input.dataset.edited = 'yes';
  });
  const set = element('button', { type: 'submit', dataset: { action: 'stock' } }, 'Set');
  const empty = element('button', { type: 'button', dataset: { action: 'empty' } }, 'Empty');
  const fill = element('button', { type: 'button', dataset: { action: 'fill' } }, 'Fill');
  const form = element('form', { className: 'inline-form' },
    element('label', { htmlFor: id, className: 'visually-hidden' }, `Stock of ${shelf.ingredient}`), input, set, empty, fill);
  const apply = async stock => {
    say(`Setting ${shelf.ingredient} to ${stock}…`);
    const result = await admin('PUT', `/admin/v1/pantry/${encodeURIComponent(shelf.ingredient)}`, { stock });
    if (result.ok) {
      delete input.dataset.edited;
      say(`${shelf.ingredient}: ${result.body.stock} of ${result.body.capacity} in stock.`, 'ok');
      refreshPantry();
    } else {
      say(result.message, 'error');
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    apply(Number(input.value));
  });
  empty.addEventListener('click', () => apply(0));
  fill.addEventListener('click', () => apply(shelf.capacity));
  const row = element('tr', { dataset: { shelf: shelf.ingredient } },
    element('th', { scope: 'row' }, shelf.ingredient),
    element('td', { className: 'stock' }, ''), element('td', { className: 'threshold' }, ''),
    element('td', { className: 'expected' }, ''), element('td', {}, form));
  return row;
}

async function refreshPantry() {
  try {
    const { shelves } = await getJson('/v1/pantry');
    const body = document.querySelector('#pantry-table tbody');
    for (const shelf of shelves) {
      let row = body.querySelector(`tr[data-shelf="${CSS.escape(shelf.ingredient)}"]`);
      if (!row) {
        row = shelfRow(shelf);
        body.append(row);
      }
      row.querySelector('.stock').textContent = `${shelf.stock} / ${shelf.capacity}`;
      const input = row.querySelector('input[name=stock]');
      if (document.activeElement !== input && !input.dataset.edited) {
        input.value = String(shelf.stock);
      }
      row.querySelector('.threshold').textContent = String(shelf.threshold);
      row.querySelector('.expected').textContent = shelf.expected_back ? clockTime(new Date(shelf.expected_back), true) : '';
      row.classList.toggle('low', shelf.stock <= shelf.threshold);
    }
  } catch (e) {
    // Shown again on the next round.
  }
}

// ---- start -------------------------------------------------------------------------------

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  const value = tokenInput.value.trim();
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
    say('Admin token saved for this session.', 'ok');
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
    say('No token entered: every action will be refused.', 'error');
  }
  showToken();
  readMishaps();
});
document.getElementById('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  tokenInput.value = '';
  showToken();
  say('Admin token forgotten.');
});

markCurrentPage();
tokenInput.value = token();
showToken();
document.getElementById('crew-forms').append(...SERVICES.map(crewForm));
document.getElementById('mishap-sliders').append(
  ...SERVICES.flatMap(service => MISHAPS[service].map(mishap => mishapSlider(service, mishap))));
refreshPeople();
setInterval(refreshPeople, 5000);
refreshPantry();
setInterval(refreshPantry, 3000);
readMishaps();
