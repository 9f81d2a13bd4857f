// The order page (/): a form built from GET /v1/menu, sent as POST /v1/order. Field errors from
// the problem document go next to their field; an accepted order opens its my-order page, which
// gets the order token in the URL fragment (never sent to the server) and this tab's session storage.

import { ApiProblem, el, getJson, markCurrentPage, money, sendJson } from './api.js';
import { createPaddockMap } from './map.js';

const form = document.getElementById('order-form');
const banner = document.getElementById('form-problem');
const mapSvg = document.getElementById('paddock-map');
let map = null;
let menu = null;
// One key per filled-in form: a double click or a retry after a lost answer is the same order.
let idempotencyKey = newKey();

function newKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

function field(name, labelText, control, hint = null) {
  const id = control.id || `f-${name}`;
  control.id = id;
  const wrapper = el('div', { class: 'field', 'data-field': name },
    el('label', { for: id, text: labelText }),
    hint ? el('p', { class: 'muted', id: `${id}-hint`, text: hint }) : null,
    control,
    errorSlot(name));
  if (hint) {
    control.setAttribute('aria-describedby', `${id}-hint`);
  }
  return wrapper;
}

function errorSlot(name) {
  return el('p', { class: 'error', 'data-error-for': name, role: 'alert', id: `error-${name}` });
}

function select(name, entries, { priced = true, placeholder = null } = {}) {
  const control = el('select', { name, id: `f-${name}` });
  if (placeholder) {
    control.append(el('option', { value: '', text: placeholder }));
  }
  for (const entry of entries) {
    const text = priced && entry.price_cents !== undefined
      ? `${entry.name}${entry.price_cents ? ` (${money(entry.price_cents)})` : ''}${entry.available === false ? ' (out)' : ''}`
      : entry.name;
    control.append(el('option', { value: entry.id, text, disabled: entry.available === false }));
  }
  return control;
}

const ORDER_TYPE_NAMES = { delivery: 'Delivery to a place in the paddock', takeout: 'Takeout at the counter', dine_in: 'Dine in' };

function build(menuDoc) {
  menu = menuDoc;
  form.replaceChildren();

  form.append(field('username', 'Your name', el('input', {
    type: 'text', name: 'username', autocomplete: 'nickname', maxlength: 64, required: true, placeholder: 'e.g. Charles',
  })));

  const pizza = el('fieldset', { class: 'pizza' }, el('legend', { text: 'Your pizza' }));
  pizza.append(field('size', 'Size', select('size', menu.pizza_sizes)));
  if (pizza.querySelector('select[name=size]').querySelector('option[value=medium]')) {
    pizza.querySelector('select[name=size]').value = 'medium';
  }

  const toppings = el('fieldset', { class: 'toppings', id: 'f-toppings', 'aria-describedby': 'toppings-hint' },
    el('legend', { text: 'Toppings' }),
    el('p', { class: 'muted', id: 'toppings-hint', text: `Up to ${menu.max_toppings}.` }));
  const choices = el('div', { class: 'choices' });
  for (const topping of menu.pizza_toppings) {
    const id = `topping-${topping.id}`;
    choices.append(el('div', { class: 'choice' },
      el('input', { type: 'checkbox', name: 'toppings', value: topping.id, id, disabled: topping.available === false }),
      el('label', { for: id, text: topping.name + (topping.available === false ? ' (out)' : '') }),
      el('span', { class: 'price', text: money(topping.price_cents) })));
  }
  toppings.append(choices, errorSlot('toppings'));
  pizza.append(toppings);
  pizza.append(field('border', 'Border', select('border', menu.pizza_borders)));
  pizza.append(field('quantity', 'How many of this pizza', el('input', {
    type: 'number', name: 'quantity', min: 1, max: menu.max_quantity, value: 1, inputmode: 'numeric', required: true,
  })));
  form.append(pizza);

  const extras = el('fieldset', { class: 'extras', id: 'f-extras' }, el('legend', { text: 'Drinks and desserts (optional)' }));
  const extraList = el('div', { class: 'choices' });
  for (const item of [...(menu.drinks || []), ...(menu.desserts || [])]) {
    const id = `extra-${item.id}`;
    extraList.append(el('div', { class: 'choice' },
      el('label', { for: id, text: item.name + (item.available === false ? ' (out)' : '') }),
      el('input', {
        type: 'number', id, name: 'extra', 'data-item': item.id, min: 0, max: menu.max_quantity, value: 0,
        inputmode: 'numeric', class: 'extra-quantity', disabled: item.available === false,
      }),
      el('span', { class: 'price', text: money(item.price_cents) })));
  }
  extras.append(extraList, errorSlot('extras'));
  form.append(extras);

  const types = menu.order_types.map((id) => ({ id, name: ORDER_TYPE_NAMES[id] || id }));
  form.append(field('order_type', 'How you get it', select('order_type', types, { priced: false })));

  const destination = field('destination', 'Deliver to',
    select('destination', menu.places, { priced: false, placeholder: 'Pick a place (or click it on the map)' }),
    `The driver brings it within ${menu.served_radius_km} km of the pizzeria.`);
  destination.id = 'destination-field';
  form.append(destination);

  form.append(el('p', { class: 'muted', id: 'estimate', 'aria-live': 'polite' }));
  form.append(errorSlot('items'));
  form.append(el('div', { class: 'actions' },
    el('button', { id: 'place-order', type: 'submit', class: 'primary', text: 'Place order' })));

  form.addEventListener('change', onChange);
  form.addEventListener('input', estimate);
  form.addEventListener('submit', onSubmit);
  onChange();

  map = createPaddockMap(mapSvg, { pizzeria: menu.pizzeria, places: menu.places, onPick: pick });
}

function pick(placeId) {
  const control = form.elements.destination;
  form.elements.order_type.value = 'delivery';
  control.value = placeId;
  onChange();
  clearError('destination');
}

function onChange() {
  const delivery = form.elements.order_type.value === 'delivery';
  document.getElementById('destination-field').hidden = !delivery;
  mapSvg.closest('section').classList.toggle('muted', !delivery);
  if (map) {
    map.markPlace(delivery ? form.elements.destination.value || null : null);
  }
  estimate();
}

/** What the order will cost, from the menu's prices; the gateway's bill is what counts. */
function estimate() {
  const price = (list, id) => (list.find((entry) => entry.id === id) || {}).price_cents || 0;
  const quantity = Number(form.elements.quantity.value) || 0;
  let cents = price(menu.pizza_sizes, form.elements.size.value) + price(menu.pizza_borders, form.elements.border.value);
  for (const box of form.querySelectorAll('input[name=toppings]:checked')) {
    cents += price(menu.pizza_toppings, box.value);
  }
  cents *= quantity;
  for (const input of form.querySelectorAll('input.extra-quantity')) {
    cents += (Number(input.value) || 0) * price([...menu.drinks, ...menu.desserts], input.dataset.item);
  }
  if (form.elements.order_type.value === 'delivery') {
    cents += menu.delivery_fee_cents || 0;
  }
  document.getElementById('estimate').textContent = `About ${money(cents, menu.currency)}; the bill comes with the confirmation.`;
}

function orderBody() {
  const elements = form.elements;
  const quantity = Number(elements.quantity.value);
  const items = [{
    kind: 'pizza',
    size: elements.size.value,
    toppings: [...form.querySelectorAll('input[name=toppings]:checked')].map((box) => box.value),
    border: elements.border.value,
    // anything that is not a whole number goes as typed: the gateway names the field
    quantity: Number.isInteger(quantity) && elements.quantity.value.trim() !== '' ? quantity : elements.quantity.value,
  }];
  const extraSlots = [];
  for (const input of form.querySelectorAll('input.extra-quantity')) {
    const count = Number(input.value);
    if (input.value.trim() !== '' && count !== 0) {
      items.push({ kind: 'item', id: input.dataset.item, quantity: Number.isInteger(count) ? count : input.value });
      extraSlots.push(input);
    }
  }
  const body = { username: elements.username.value, order_type: elements.order_type.value, items };
  if (body.order_type === 'delivery' && elements.destination.value) {
    body.destination = elements.destination.value;
  }
  return { body, extraSlots };
}

/** The error slot a problem's field path belongs to: items[0].toppings[1] -> toppings, items[2].quantity -> extras. */
function slotFor(path) {
  const match = /^items\[(\d+)\]\.?([a-z_]*)/.exec(path || '');
  if (match) {
    return Number(match[1]) === 0 ? (match[2] || 'items') : 'extras';
  }
  return String(path || '').split(/[.[]/)[0];
}

const SUBJECTS = { username: 'Your name', destination: 'The place', order_type: 'The order type', size: 'The size',
  border: 'The border', toppings: 'The toppings', quantity: 'The number of pizzas', items: 'The order' };

/** The gateway's messages read after their field ("is required: ..."): give them their subject. */
function sentence(path, message) {
  const text = String(message || '');
  if (!/^(is|are|must|has|have|cannot|may)\b/.test(text)) {
    return text;
  }
  const extra = /^items\[(\d+)\]\.?/.exec(path || '');
  const subject = extra && Number(extra[1]) > 0 ? `Line ${Number(extra[1]) + 1}` : SUBJECTS[slotFor(path)] || path;
  return `${subject} ${text}`;
}

function controlFor(slot) {
  if (slot === 'toppings') {
    return document.getElementById('f-toppings');
  }
  if (slot === 'extras') {
    return document.getElementById('f-extras');
  }
  return form.elements[slot] instanceof Element ? form.elements[slot] : null;
}

function clearErrors() {
  banner.textContent = '';
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    clearError(slot.dataset.errorFor);
  }
}

function clearError(name) {
  const slot = form.querySelector(`[data-error-for="${name}"]`);
  if (slot) {
    slot.textContent = '';
  }
  const control = controlFor(name);
  if (control) {
    control.removeAttribute('aria-invalid');
  }
}

function showProblem(problem) {
  const unplaced = [];
  let first = null;
  for (const error of problem.errors) {
    const slotName = slotFor(error.field);
    const slot = form.querySelector(`[data-error-for="${slotName}"]`);
    if (!slot) {
      unplaced.push(`${error.field}: ${error.message}`);
      continue;
    }
    if (slotName === 'destination') {
      document.getElementById('destination-field').hidden = false;
    }
    const text = sentence(error.field, error.message);
    const before = slot.textContent;
    slot.textContent = before ? `${before}${/[.!?)]$/.test(before) ? '' : '.'} ${text}` : text;
    const control = controlFor(slotName);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-errormessage', slot.id);
      first = first || control;
    }
  }
  if (!problem.errors.length || unplaced.length) {
    banner.textContent = [problem.detail || problem.title || 'The order was not accepted.', ...unplaced].join(' ');
  } else {
    banner.textContent = 'Please fix the fields marked below.';
  }
  const focusTarget = first && (first.matches('fieldset') ? first.querySelector('input:not([disabled])') : first);
  if (focusTarget) {
    focusTarget.focus();
  }
}

async function onSubmit(event) {
  event.preventDefault();
  clearErrors();
  const button = document.getElementById('place-order');
  button.disabled = true;
  button.textContent = 'Placing your order…';
  try {
    const { body } = orderBody();
    const accepted = await sendJson('POST', '/v1/order', body, { 'Idempotency-Key': idempotencyKey });
    idempotencyKey = newKey();
    try {
      sessionStorage.setItem(`boxbox.order-token.${accepted.order_id}`, accepted.order_token);
    } catch {
      // no session storage (private mode): the fragment alone carries it
    }
    const page = accepted.page_url || `/order.html?id=${encodeURIComponent(accepted.order_id)}`;
    location.assign(`${page}#token=${encodeURIComponent(accepted.order_token)}`);
  } catch (e) {
    if (e instanceof ApiProblem) {
      if (e.status === 422 && e.errors.some((error) => /Idempotency-Key/i.test(error.field || ''))) {
        idempotencyKey = newKey();
      }
      showProblem(e);
    } else {
      banner.textContent = `Something went wrong: ${e.message}`;
    }
    button.disabled = false;
    button.textContent = 'Place order';
  }
}

async function start() {
  markCurrentPage();
  try {
    build(await getJson('/v1/menu'));
  } catch (e) {
    banner.textContent = `The menu could not be loaded: ${e.message}`;
  }
}

// A change to a field takes its error away.
form.addEventListener('input', (event) => {
  const target = event.target;
  const name = target.name === 'extra' ? 'extras' : target.name;
  if (name) {
    clearError(name);
  }
});

start();
