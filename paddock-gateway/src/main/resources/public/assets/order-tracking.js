// The my-order page (/order.html?id=<order id>): the order's live timeline from its SSE stream,
// the driver on the map with a trail and the ETA, a cancel button while cancelling is allowed,
// "why it took this long" from /v1/order/{id}/timeline, and its trace (a waterfall from the local
// trace keeper, or a link to Jaeger where there is no keeper).
//
// The order token arrives in the URL fragment (#token=..., never sent to a server) or in this
// tab's session storage; it is moved to session storage, taken out of the address bar, and only
// ever sent as the Authorization header of the DELETE that cancels the order.

import { ApiProblem, LiveStream, el, getJson, markCurrentPage, money, plainDuration, sendJson, stateLabel } from './api.js';
import { createPaddockMap } from './map.js';

const TERMINAL = new Set(['DELIVERED', 'READY_FOR_PICKUP', 'SERVED', 'CANCELLED', 'FAILED']);
const CANCELLABLE = new Set(['RECEIVED', 'QUEUED', 'WAITING_FOR_STOCK', 'WAITING_FOR_DOUGH', 'MAKING_DOUGH',
  'WAITING_FOR_CHEF', 'TOPPING']);
const PAST_THE_OVEN = new Set(['IN_OVEN', 'READY', 'WAITING_FOR_DRIVER', 'OUT_FOR_DELIVERY']);

const orderId = new URLSearchParams(location.search).get('id');
const timeline = document.getElementById('timeline');
const stateNode = document.getElementById('order-state');
const problem = document.getElementById('page-problem');
const cancelButton = document.getElementById('cancel-order');
const cancelResult = document.getElementById('cancel-result');
const etaNode = document.getElementById('eta');
const mapSvg = document.getElementById('order-map');

const order = {
  state: null,
  pastTheOven: false,
  finished: false,
  traceId: null,
  traceUrl: null,
  snapshot: null,
};
let map = null;
let driverMarker = null;
let whyTimer = null;
let live = null;

function tokenKey() {
  return `boxbox.order-token.${orderId}`;
}

/** Keep the token in this tab only, and out of the address bar and history. */
function adoptToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    try {
      sessionStorage.setItem(tokenKey(), token);
    } catch {
      // no storage: the token stays in memory for this page's life
    }
    history.replaceState(null, '', location.pathname + location.search);
  }
  let stored = null;
  try {
    stored = sessionStorage.getItem(tokenKey());
  } catch {
    stored = null;
  }
  return stored || token;
}

const orderToken = adoptToken();

function setLive(status) {
  document.body.dataset.live = status;
  const words = { open: 'live', reconnecting: 'reconnecting…', closed: order.finished ? 'finished' : 'not live' };
  document.getElementById('live-status').textContent = words[status] || status;
}

function time(at) {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function showState(state) {
  order.state = state;
  stateNode.textContent = state;
  stateNode.dataset.state = state;
  stateNode.setAttribute('aria-label', `State: ${stateLabel(state)}`);
  if (PAST_THE_OVEN.has(state)) {
    order.pastTheOven = true;
  }
  const allowed = !order.finished && CANCELLABLE.has(state) && !order.pastTheOven;
  cancelButton.hidden = !allowed;
  cancelButton.disabled = !allowed || !orderToken;
  cancelButton.title = orderToken ? '' : 'Only the browser tab that placed the order can cancel it';
}

function onStateEvent(event, id) {
  if (id && timeline.querySelector(`li[data-event-id="${CSS.escape(id)}"]`)) {
    return;   // belt and braces: LiveStream already drops ids it has seen
  }
  // the actor names the person ("Pina (panettiere-1)"); the instance that wrote the entry goes in a tooltip
  const who = event.actor || '';
  const item = el('li', { dataset: { state: event.state, eventId: id || '' } },
    el('span', { class: 'state', text: stateLabel(event.state) }),
    ' ',
    el('time', { class: 'when', datetime: event.at, text: time(event.at) }),
    el('div', {},
      who ? el('span', { class: 'who', text: `by ${who}`, title: event.instance ? `recorded by ${event.instance}` : null }) : null,
      event.pizza ? el('span', { class: 'pizza', text: ` · pizza ${event.pizza}` }) : null,
      event.attempt > 1 ? el('span', { class: 'attempt', text: ` · attempt ${event.attempt}` }) : null),
    event.detail ? el('div', { class: 'detail muted', text: event.detail }) : null);
  timeline.append(item);
  if (TERMINAL.has(event.state)) {
    order.finished = true;
  }
  showState(event.state);
  if (event.state === 'DELIVERED') {
    etaNode.textContent = 'delivered';
    etaNode.dataset.etaS = '0';
  }
  if (event.state === 'OUT_FOR_DELIVERY' && order.snapshot && !order.snapshot.driver && event.actor) {
    driverMarker.setLabel(event.actor);
  }
  scheduleWhy(order.finished ? 0 : 1500);
  if (order.finished && !traceAsked) {
    traceAsked = true;
    setTimeout(refreshTrace, 2500);
  }
}

function onLocation(fix) {
  if (!driverMarker) {
    return;
  }
  driverMarker.setLabel(fix.driver);
  const count = driverMarker.moveTo(fix.lat, fix.lon, fix.heading);
  mapSvg.dataset.positions = String(count);
  if (fix.eta_seconds === undefined || fix.eta_seconds === null) {
    etaNode.dataset.etaS = '';
    etaNode.textContent = 'stopped';
  } else {
    etaNode.dataset.etaS = String(fix.eta_seconds);
    etaNode.textContent = fix.eta_seconds === 0 ? 'at your door' : `about ${plainDuration(fix.eta_seconds * 1000)}`;
  }
}

function fact(term, value) {
  return [el('dt', { text: term }), el('dd', { text: value })];
}

function showSnapshot(snapshot) {
  order.snapshot = snapshot;
  order.traceId = snapshot.trace_id || null;
  order.traceUrl = snapshot.trace_url || null;
  order.pastTheOven = order.pastTheOven || Boolean(snapshot.past_the_oven);
  document.getElementById('order-number').textContent = snapshot.order_number || orderId;
  document.title = `${snapshot.order_number || 'My order'} · Box Box`;
  const facts = document.getElementById('order-facts');
  const lines = (snapshot.bill && snapshot.bill.lines) || [];
  facts.replaceChildren(
    ...fact('For', snapshot.username),
    ...fact('How', stateLabel(snapshot.order_type)),
    ...(snapshot.destination ? fact('To', snapshot.destination.name) : []),
    ...lines.flatMap((line) => fact(`${line.quantity} ×`, `${line.description} — ${money(line.total_cents)}`)),
    ...(snapshot.bill ? fact('Total', money(snapshot.bill.total_cents, snapshot.bill.currency)) : []),
    ...fact('Ordered at', time(snapshot.ordered_at)));

  const delivery = snapshot.order_type === 'delivery';
  document.getElementById('ride').hidden = !delivery;
  if (!map) {
    const destination = snapshot.destination;
    map = createPaddockMap(mapSvg, {
      pizzeria: { id: 'pizzeria', name: 'Pizzeria Box Box', lat: 45.6205, lon: 9.2822 },
      places: destination ? [{ id: destination.place_id || 'destination', name: destination.name, lat: destination.lat, lon: destination.lon }] : [],
      include: destination ? [destination] : [],
    });
    if (destination) {
      map.markPlace(destination.place_id || 'destination');
    }
    driverMarker = map.driver('order-driver', { markerId: 'driver-marker', trailId: 'driver-trail', label: snapshot.driver || 'driver' });
    mapSvg.dataset.positions = '0';
  }
  if (snapshot.driver) {
    driverMarker.setLabel(snapshot.driver);
  }
  if (snapshot.eta_seconds !== undefined && snapshot.eta_seconds !== null && !TERMINAL.has(snapshot.state)) {
    etaNode.dataset.etaS = String(snapshot.eta_seconds);
    etaNode.textContent = `about ${plainDuration(snapshot.eta_seconds * 1000)}`;
  }
}

// ---- why it took this long ----

function scheduleWhy(delayMs) {
  clearTimeout(whyTimer);
  whyTimer = setTimeout(refreshWhy, delayMs);
}

async function refreshWhy() {
  let answer;
  try {
    answer = await getJson(`/v1/order/${encodeURIComponent(orderId)}/timeline`);
  } catch (e) {
    return;   // the live timeline still shows what happened; this is refreshed on the next event
  }
  const reasons = document.getElementById('why-reasons');
  const why = answer.why && answer.why.length ? answer.why : [order.finished ? `Nothing held it up: ${plainDuration(answer.total_ms)} in all.` : 'Nothing has held it up so far.'];
  reasons.replaceChildren(...why.map((reason) => el('li', { text: reason })));
  if (answer.why && answer.why.length) {
    reasons.append(el('li', { class: 'muted', text: `${plainDuration(answer.total_ms)} in all${order.finished ? '' : ' so far'}.` }));
  }
  const rows = (answer.stages || []).map((stage) => el('tr', { dataset: { state: stage.state } },
    el('td', { text: stateLabel(stage.state) }),
    el('td', { text: `${plainDuration(stage.duration_ms)}${stage.to ? '' : ' (now)'}` }),
    el('td', { text: [stage.actor, ...(stage.reasons || [])].filter(Boolean).join(': ') })));
  document.querySelector('#stages tbody').replaceChildren(...rows);
}

// ---- the trace ----

let traceTries = 0;
let traceAsked = false;

async function refreshTrace() {
  const section = document.getElementById('trace');
  const note = document.getElementById('trace-note');
  if (!order.traceId) {
    try {
      showSnapshot(await getJson(`/v1/order/${encodeURIComponent(orderId)}`));
    } catch {
      return;
    }
    if (!order.traceId) {
      note.textContent = 'This order was not traced.';
      return;
    }
  }
  try {
    const trace = await getJson(`/v1/traces/${encodeURIComponent(order.traceId)}`);
    drawWaterfall(section, note, trace);
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 404 && e.title === 'No local traces') {
      // no local keeper here: the spans went to a collector, so Jaeger has them
      if (order.traceUrl) {
        showJaegerLink(section, note);
      } else {
        note.textContent = 'This gateway keeps no traces and knows no Jaeger.';
      }
      return;
    }
    if (!document.getElementById('trace-waterfall')) {
      note.textContent = 'The trace is not in yet: the services send their spans every few seconds.';
    }
  }
  // the services send their spans in batches: look again a little later for the last ones
  if (order.finished && traceTries < 3) {
    traceTries += 1;
    setTimeout(refreshTrace, 4000 * traceTries);
  }
}

function showJaegerLink(section, note) {
  note.textContent = '';
  if (!document.getElementById('jaeger-link')) {
    section.append(el('p', {}, el('a', { id: 'jaeger-link', href: order.traceUrl, rel: 'noopener', target: '_blank', text: 'Open the trace in Jaeger' })));
  }
}

function flatten(spans, depth, out) {
  for (const span of spans) {
    out.push({ span, depth });
    flatten(span.children || [], depth + 1, out);
  }
  return out;
}

function drawWaterfall(section, note, trace) {
  const rows = flatten(trace.roots || [], 0, []).slice(0, 400);
  const end = Math.max(1, ...rows.map(({ span }) => span.start_offset_ms + span.duration_ms));
  note.textContent = `${trace.span_count} spans across ${trace.services.join(', ')}; ${plainDuration(end)} from first to last.`;
  const list = el('ul', { id: 'trace-waterfall', class: 'waterfall', 'aria-label': 'Spans of the order’s trace, by start time' });
  for (const { span, depth } of rows) {
    const label = `${span.service}: ${span.name}`;
    const detail = [span.person, span.wait_reason].filter(Boolean).join(' · ');
    const bar = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    bar.setAttribute('viewBox', '0 0 1000 10');
    bar.setAttribute('preserveAspectRatio', 'none');
    bar.setAttribute('aria-hidden', 'true');
    const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    rect.setAttribute('x', ((span.start_offset_ms / end) * 1000).toFixed(1));
    rect.setAttribute('width', Math.max(2, (span.duration_ms / end) * 1000).toFixed(1));
    rect.setAttribute('y', '0');
    rect.setAttribute('height', '10');
    bar.append(rect);
    const name = el('span', { class: 'span-name', title: `${label} — ${span.duration_ms.toFixed(1)} ms${detail ? ` (${detail})` : ''}`,
      text: `${label}${detail ? ` (${detail})` : ''}` });
    name.style.paddingLeft = `${Math.min(depth, 8) * 0.6}rem`;
    list.append(el('li', { dataset: { span: span.span_id, ...(span.wait_reason ? { wait: span.wait_reason } : {}) } },
      name,
      el('span', { class: 'span-track', role: 'img', 'aria-label': `starts at ${span.start_offset_ms.toFixed(0)} ms, lasts ${span.duration_ms.toFixed(0)} ms` }, bar)));
  }
  const old = document.getElementById('trace-waterfall');
  if (old) {
    old.replaceWith(list);
  } else {
    section.append(list);
  }
}

// ---- cancel ----

async function cancel() {
  cancelButton.disabled = true;
  cancelResult.textContent = 'Cancelling…';
  try {
    await sendJson('DELETE', `/v1/order/${encodeURIComponent(orderId)}`, undefined, { Authorization: `Bearer ${orderToken}` });
    cancelResult.textContent = 'Cancelled.';
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 409) {
      const now = (e.errors.find((error) => error.field === 'state') || {}).message;
      cancelResult.textContent = `Too late to cancel${now ? `: it is ${stateLabel(now).toLowerCase()}` : ''}.`;
      order.pastTheOven = true;
      showState(order.state);
    } else if (e instanceof ApiProblem && e.status === 403) {
      cancelResult.textContent = 'This tab does not hold the order’s token, so it cannot cancel it.';
    } else {
      cancelResult.textContent = `Not cancelled: ${e.message}`;
      cancelButton.disabled = false;
    }
  }
}

async function start() {
  markCurrentPage();
  if (!orderId) {
    problem.textContent = 'No order given: open this page from the order form, or add ?id=<order id>.';
    return;
  }
  cancelButton.addEventListener('click', cancel);
  try {
    const snapshot = await getJson(`/v1/order/${encodeURIComponent(orderId)}`);
    showSnapshot(snapshot);
    showState(snapshot.state);
  } catch (e) {
    problem.textContent = e instanceof ApiProblem && e.status === 404 ? 'There is no such order.' : `The order could not be loaded: ${e.message}`;
    if (e instanceof ApiProblem && e.status === 404) {
      return;
    }
  }
  live = new LiveStream(`/v1/order/${encodeURIComponent(orderId)}/sse`, {
    events: { state: onStateEvent, location: onLocation },
    onStatus: setLive,
    isFinished: () => order.finished,
  });
  refreshWhy();
}

window.addEventListener('pagehide', () => live && live.close());
start();
