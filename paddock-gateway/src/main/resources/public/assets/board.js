// The pit wall: every live order as a card in its state's column, counts per state, orders per
// minute and stage times as a chart, every driver on one map. The cards come from GET /v1/orders
// (the live states, then the last minutes of every state) and then the firehose SSE of every order
// event; the stream is opened first and buffered, so nothing between the list and the stream is lost,
// and an event is applied only when its sequence is past the card's (no double counting).
import { KitchenStats, STAGE_OF, WINDOW_MIN, drawThroughput, drawLatency, legend } from './board-chart.js';
import { getJson, LiveStream, markCurrentPage, plainDuration } from './api.js';
import { followFleet } from './board-fleet.js';

const STATES = ['RECEIVED', 'QUEUED', 'WAITING_FOR_STOCK', 'WAITING_FOR_DOUGH', 'MAKING_DOUGH', 'WAITING_FOR_CHEF',
  'TOPPING', 'IN_OVEN', 'REMAKING', 'READY', 'WAITING_FOR_DRIVER', 'OUT_FOR_DELIVERY', 'DELIVERED', 'READY_FOR_PICKUP',
  'SERVED', 'CANCELLED', 'FAILED'];
const TERMINAL = new Set(['DELIVERED', 'READY_FOR_PICKUP', 'SERVED', 'CANCELLED', 'FAILED']);
const COMPLETED = new Set(['DELIVERED', 'READY_FOR_PICKUP', 'SERVED']);
const LIVE = STATES.filter(s => !TERMINAL.has(s));
/** How long a finished order stays in its column. */
const TERMINAL_KEEP_MS = 90_000;
/** Cards drawn per column; the count says how many there are in all. */
const MAX_CARDS = 40;
/** Orders read at start, per list (live ones; the last minutes of every state). */
const MAX_LOADED = 3000;

const status = document.getElementById('board-status');
const columns = document.getElementById('board-columns');
const stats = new KitchenStats();
/** order id → card model */
const orders = new Map();
const dirty = new Set();
let streamState = 'connecting';
let drawScheduled = false;

function words(state) {
  return state.toLowerCase().replaceAll('_', ' ');
}

function buildColumns() {
  for (const state of STATES) {
    const column = document.createElement('section');
    column.dataset.column = state;
    column.className = `board-column${TERMINAL.has(state) ? ' terminal' : ''}`;
    column.setAttribute('aria-labelledby', `column-${state}`);
    const heading = document.createElement('h3');
    heading.id = `column-${state}`;
    const name = document.createElement('span');
    name.textContent = words(state);
    const count = document.createElement('span');
    count.className = 'count';
    count.dataset.countFor = state;
    count.textContent = '0';
    count.setAttribute('aria-label', `${words(state)}: 0 orders`);
    heading.append(name, ' ', count);
    const cards = document.createElement('div');
    cards.className = 'cards';
    const more = document.createElement('p');
    more.className = 'more hint';
    more.hidden = true;
    column.append(heading, cards, more);
    columns.append(column);
  }
}

function schedule(state) {
  dirty.add(state);
  if (!drawScheduled) {
    drawScheduled = true;
    requestAnimationFrame(draw);
  }
}

/** A card from GET /v1/orders; returns true when the order was new to the board. */
function fromList(card) {
  const known = orders.get(card.order_id);
  if (known && known.seq >= card.seq) {
    Object.assign(known, details(card));
    return false;
  }
  const updatedAt = Date.parse(card.updated_at);
  const order = known ?? { id: card.order_id };
  if (!known || known.state !== card.state) {
    order.enteredAt = updatedAt;
    order.stageEnteredAt = updatedAt;
  }
  if (known) {
    schedule(known.state);
  }
  Object.assign(order, details(card), { state: card.state, seq: card.seq, updatedAt });
  if (TERMINAL.has(card.state)) {
    order.terminalAt = updatedAt;
  }
  orders.set(order.id, order);
  schedule(order.state);
  return !known;
}

function details(card) {
  return {
    number: card.order_number ?? card.order_id.slice(0, 8), username: card.username, type: card.order_type,
    pizzas: card.pizzas, driver: card.driver, orderedAt: Date.parse(card.ordered_at),
  };
}

/** An SSE state frame. */
function fromEvent(event) {
  const at = Date.parse(event.at);
  let order = orders.get(event.order_id);
  if (order && event.seq <= order.seq) {
    return;
  }
  if (!order) {
    order = { id: event.order_id, number: event.order_number ?? event.order_id.slice(0, 8), state: event.state,
      enteredAt: at, stageEnteredAt: at, seq: event.seq };
    orders.set(order.id, order);
    if (event.state === 'RECEIVED' && !seenInStats.has(order.id)) {
      seenInStats.add(order.id);
      stats.orderPlaced(at);
      order.orderedAt = at;
    }
    wantDetails(order, at);
  } else if (order.state !== event.state) {
    schedule(order.state);
    const was = STAGE_OF[order.state];
    if (was !== STAGE_OF[event.state]) {
      stats.stageEnded(was, at, at - order.stageEnteredAt);
      order.stageEnteredAt = at;
    }
    order.state = event.state;
    order.enteredAt = at;
  }
  if (event.order_number) {
    order.number = event.order_number;
  }
  order.seq = event.seq;
  order.updatedAt = at;
  order.detail = [event.actor, event.pizza ? `pizza ${event.pizza}` : null, event.detail].filter(Boolean).join(' · ');
  if (TERMINAL.has(event.state) && !order.terminalAt) {
    order.terminalAt = at;
    if (COMPLETED.has(event.state)) {
      stats.orderFinished(at);
    }
  }
  schedule(order.state);
}

// Orders first seen on the stream have no username or pizza count: one list read fills them in.
const needDetails = new Map();
let detailsTimer = null;

function wantDetails(order, at) {
  needDetails.set(order.id, at);
  if (!detailsTimer) {
    detailsTimer = setTimeout(fillDetails, 1500);
  }
}

async function fillDetails() {
  const since = Math.min(...needDetails.values()) - 5000;
  const wanted = new Set(needDetails.keys());
  needDetails.clear();
  try {
    const page = await getJson(`/v1/orders?since=${encodeURIComponent(new Date(since).toISOString())}&limit=200`);
    for (const card of page.orders) {
      const order = orders.get(card.order_id);
      if (order && wanted.has(card.order_id)) {
        Object.assign(order, details(card));
        schedule(order.state);
      }
    }
  } catch (e) {
    // The card keeps its number and state; details come with the next list read.
  } finally {
    detailsTimer = needDetails.size ? setTimeout(fillDetails, 1500) : null;
  }
}

function cardFor(order) {
  const card = document.createElement('article');
  card.className = 'card order-card';
  card.dataset.orderId = order.id;
  const title = document.createElement('h4');
  const link = document.createElement('a');
  link.href = `/order.html?id=${encodeURIComponent(order.id)}`;
  title.append(link);
  const who = document.createElement('p');
  who.className = 'who';
  const age = document.createElement('p');
  age.className = 'age';
  const detail = document.createElement('p');
  detail.className = 'detail hint';
  card.append(title, who, age, detail);
  return card;
}

function fillCard(card, order, now) {
  card.dataset.state = order.state;
  const link = card.querySelector('h4 a');
  setText(link, order.number);
  const who = [order.username, order.pizzas ? `${order.pizzas} pizza${order.pizzas === 1 ? '' : 's'}` : null,
    order.type?.replace('_', ' '), order.driver ? `driver ${order.driver}` : null].filter(Boolean).join(' · ');
  setText(card.querySelector('.who'), who);
  setText(card.querySelector('.age'), TERMINAL.has(order.state)
    ? `${words(order.state)} ${plainDuration(now - order.enteredAt)} ago`
    : `${plainDuration(now - order.enteredAt)} in this state`);
  setText(card.querySelector('.detail'), order.detail ?? '');
}

function setText(node, text) {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

/** Redraws the columns whose orders changed: each card in its state's column, longest waiting first. */
function draw() {
  drawScheduled = false;
  const now = Date.now();
  const byState = new Map([...dirty].map(state => [state, []]));
  dirty.clear();
  for (const order of orders.values()) {
    byState.get(order.state)?.push(order);
  }
  // Cards are moved first and stale ones removed last, so a card changing columns is the same
  // element throughout (moved, never dropped and drawn again).
  const stale = [];
  for (const [state, list] of byState) {
    const column = columns.querySelector(`section[data-column="${state}"]`);
    if (!column) {
      continue;
    }
    list.sort((a, b) => a.enteredAt - b.enteredAt);
    const shown = list.slice(0, MAX_CARDS);
    const holder = column.querySelector('.cards');
    const existing = new Map([...holder.children].map(card => [card.dataset.orderId, card]));
    let previous = null;
    for (const order of shown) {
      const card = existing.get(order.id) ?? columns.querySelector(`article[data-order-id="${CSS.escape(order.id)}"]`)
        ?? cardFor(order);
      existing.delete(order.id);
      fillCard(card, order, now);
      const want = previous ? previous.nextSibling : holder.firstChild;
      if (card !== want) {
        holder.insertBefore(card, want);
      }
      previous = card;
    }
    stale.push(...[...existing.values()].map(card => [card, holder]));
    const count = column.querySelector('[data-count-for]');
    setText(count, String(list.length));
    count.setAttribute('aria-label', `${words(state)}: ${list.length} order${list.length === 1 ? '' : 's'}`);
    column.classList.toggle('empty', list.length === 0);
    const more = column.querySelector('.more');
    more.hidden = list.length <= MAX_CARDS;
    setText(more, `and ${list.length - MAX_CARDS} more`);
  }
  for (const [card, holder] of stale) {
    // Still where it was and not wanted there (expired, or past the column's first cards); a card
    // that moved to its new column has another parent by now and stays.
    if (card.parentNode === holder) {
      card.remove();
    }
  }
  showStatus();
}

function tick() {
  const now = Date.now();
  for (const order of orders.values()) {
    if (order.terminalAt && now - order.terminalAt > TERMINAL_KEEP_MS) {
      orders.delete(order.id);
      schedule(order.state);
    }
  }
  for (const card of columns.querySelectorAll('article[data-order-id]')) {
    const order = orders.get(card.dataset.orderId);
    if (order) {
      fillCard(card, order, now);
    }
  }
  stats.forget(now);
  drawThroughput(document.getElementById('throughput-chart'), document.getElementById('throughput-summary'), stats, now);
  drawLatency(document.getElementById('latency-chart'), document.getElementById('latency-summary'), stats, now);
}

function showStatus() {
  let live = 0;
  for (const order of orders.values()) {
    if (!TERMINAL.has(order.state)) {
      live++;
    }
  }
  // The gateway sends a stream's headers with its first frame, so a quiet kitchen stays "connecting".
  const stream = { open: 'live', connecting: 'listening', reconnecting: 'reconnecting…', closed: 'stopped' }[streamState] ?? streamState;
  setText(status, `${live} order${live === 1 ? '' : 's'} in progress · updates: ${stream}`);
  document.body.dataset.live = streamState;
}

async function readAll(query) {
  const all = [];
  let cursor = null;
  do {
    const page = await getJson(`/v1/orders?${query}&limit=200${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
    all.push(...page.orders);
    cursor = page.next_cursor;
  } while (cursor && all.length < MAX_LOADED);
  return all;
}

/** Reads the board from the list; the stream's frames wait in {@code buffered} meanwhile. */
async function load() {
  const since = new Date(Date.now() - WINDOW_MIN * 60_000).toISOString();
  const [live, recent] = await Promise.all([
    readAll(`state=${LIVE.join(',')}`),
    readAll(`since=${encodeURIComponent(since)}`),
  ]);
  const now = Date.now();
  for (const card of recent) {
    const isNew = !orders.has(card.order_id);
    if (TERMINAL.has(card.state) && now - Date.parse(card.updated_at) > TERMINAL_KEEP_MS) {
      // Counted in the chart, not shown as a card any more.
      if (isNew && !seenInStats.has(card.order_id)) {
        countFromList(card);
      }
      continue;
    }
    if (fromList(card) && !seenInStats.has(card.order_id)) {
      countFromList(card);
    }
  }
  for (const card of live) {
    fromList(card);
  }
}

/** Orders already counted in the chart (list reads after a lost stream read them again). */
const seenInStats = new Set();

function countFromList(card) {
  seenInStats.add(card.order_id);
  stats.orderPlaced(Date.parse(card.ordered_at));
  if (COMPLETED.has(card.state)) {
    stats.orderFinished(Date.parse(card.updated_at));
  }
}

// ---- the firehose ------------------------------------------------------------------------

let buffered = [];
let loaded = false;
let opened = 0;

function openStream() {
  new LiveStream('/v1/order/sse', {
    events: {
      state: event => (loaded ? fromEvent(event) : buffered.push(event)),
    },
    onStatus: state => {
      streamState = state;
      showStatus();
      if (state === 'open' && ++opened > 1 && loaded) {
        // A stream opened anew (not resumed by the browser) starts from now: read the list again so
        // nothing that changed while it was down is missing. Cards only move forward (by seq).
        load().catch(() => {});
      }
    },
  });
}

async function start() {
  try {
    await load();
    loaded = true;
    for (const event of buffered) {
      fromEvent(event);
    }
    buffered = [];
    for (const state of STATES) {
      schedule(state);
    }
  } catch (e) {
    setText(status, `Cannot read the orders: ${e.message}. Retrying…`);
    setTimeout(start, 3000);
  }
}

markCurrentPage();
buildColumns();
legend(document.getElementById('latency-legend'));
openStream();
start();
tick();
setInterval(tick, 1000);
followFleet(document.getElementById('fleet-map'), document.getElementById('fleet-status'));
