// Box Box race-weekend load: the tifosi (and the team) ordering pizza from the paddock.
//
//   k6 run -e K6_SCENARIO=ferrari_is_winning -e PADDOCK_GATEWAY=http://localhost:8080 tifosi-load/script.js
//
// Scenarios (K6_SCENARIO, default ferrari_is_losing):
//   ferrari_is_losing   ramping-vus 0 → 10 over 10 s, back to 0 over 10 s; every VU keeps ordering.
//   ferrari_is_winning  ramping-vus at 10, spike to 100 in 2 s, hold 10 s, back to 10.
//   race_to_the_garage  a few VUs each place an order and poll GET /v1/order/{id} every 500 ms until
//                       a terminal state, recording order_to_delivery_ms and orders_completed.
//
// What is in an order (randomItems): most orders one or two pizzas, now and then a garage team order
// of 4–8 pizzas with drinks, sometimes drinks only or a dessert, and 30 % still in the single-pizza
// body so both request shapes stay exercised. Same shares as the Java TifosiOrders (mix "paddock").
//
// Plain ES module JavaScript with JSDoc types: `npm run typecheck` (tsc --checkJs against @types/k6)
// checks it without the k6 binary. See README.md.

import { check, sleep } from "k6";
import http from "k6/http";
import { Rate, Trend } from "k6/metrics";

/**
 * @typedef {{ id: string, name: string, lat: number, lon: number }} Place
 * @typedef {{
 *   sizes: string[],
 *   toppings: string[],
 *   borders: string[],
 *   order_types: string[],
 *   max_toppings: number,
 *   drinks: string[],
 *   desserts: string[],
 *   max_items: number,
 *   max_quantity: number,
 *   max_pizzas: number,
 *   pizzeria: Place,
 *   served_radius_km: number,
 *   places: Place[],
 * }} Menu
 * @typedef {{ lat: number, lon: number }} Coordinates
 * @typedef {{ kind: "pizza", size: string, toppings: string[], border: string, quantity: number }} PizzaLine
 * @typedef {{ kind: "item", id: string, quantity: number }} ExtraLine
 * @typedef {PizzaLine | ExtraLine} OrderLine
 * @typedef {"single_pizza" | "pizzas" | "drinks" | "dessert" | "team"} BasketKind
 * @typedef {{ kind: BasketKind, items: OrderLine[] }} Basket
 * @typedef {{
 *   username: string,
 *   order_type: string,
 *   destination?: string | Coordinates,
 * }} OrderCommon
 * @typedef {OrderCommon & { size: string, toppings: string[], border: string }} SinglePizzaRequest
 * @typedef {OrderCommon & { items: OrderLine[] }} ItemsRequest
 * @typedef {SinglePizzaRequest | ItemsRequest} OrderRequest
 * @typedef {import("k6/options").Options} Options
 * @typedef {import("k6/options").Scenario} Scenario
 */

const GATEWAY = (__ENV.PADDOCK_GATEWAY || "http://127.0.0.1:8080").replace(/\/+$/, "");
const SCENARIO = __ENV.K6_SCENARIO || "ferrari_is_losing";
/** How long race_to_the_garage follows one order before calling it lost (same default as `./boxbox order`). */
const ORDER_TIMEOUT_S = positiveNumber(__ENV.ORDER_TIMEOUT_S, 900);
const POLL_INTERVAL_S = 0.5;

const POST_ORDER = "POST /v1/order";
const GET_ORDER = "GET /v1/order/{id}";
const GET_MENU = "GET /v1/menu";

const TERMINAL_STATES = ["DELIVERED", "READY_FOR_PICKUP", "SERVED", "CANCELLED", "FAILED"];
const COMPLETED_STATES = ["DELIVERED", "READY_FOR_PICKUP", "SERVED"];

/** Who orders: the Scuderia's drivers, engineers and the team principal (plus an old friend). */
const USERNAMES = [
  "charles", "lewis", "carlos", "fred", "jerome", "loic", "riccardo", "bryan",
  "antonio", "oliver", "matteo", "xavier", "jock", "kimi", "seb", "michael",
];

/** Used when GET /v1/menu cannot be read; mirrors pacchetto's PaddockMap. */
const PIZZERIA = { id: "pizzeria", name: "Pizzeria Box Box (paddock hospitality)", lat: 45.6205, lon: 9.2822 };
/** @type {Menu} */
const FALLBACK_MENU = {
  sizes: ["small", "medium", "large"],
  toppings: [
    "tomato", "mozzarella", "basil", "pepperoni", "mushrooms", "ham", "prosciutto", "olives", "onions",
    "peppers", "anchovies", "rucola", "gorgonzola", "nduja", "artichokes", "pineapple",
  ],
  borders: ["none", "cream_cheese", "cheddar", "chocolate"],
  order_types: ["delivery", "takeout", "dine_in"],
  max_toppings: 10,
  // pacchetto's Catalogue: what the pizzeria sells besides pizza
  drinks: ["acqua_frizzante", "acqua_naturale", "chinotto", "aranciata", "birra_moretti", "espresso"],
  desserts: ["tiramisu", "panna_cotta", "cannoli", "gelato"],
  max_items: 20,
  max_quantity: 10,
  max_pizzas: 30,
  pizzeria: PIZZERIA,
  served_radius_km: 8,
  places: [
    { id: "ferrari_garage", name: "Scuderia Ferrari garage", lat: 45.6187, lon: 9.2812 },
    { id: "red_bull_garage", name: "Red Bull Racing garage", lat: 45.6196, lon: 9.2809 },
    { id: "mercedes_garage", name: "Mercedes garage", lat: 45.6178, lon: 9.2815 },
    { id: "mclaren_garage", name: "McLaren garage", lat: 45.6169, lon: 9.2817 },
    { id: "race_control", name: "Race control tower", lat: 45.6183, lon: 9.2803 },
    { id: "media_centre", name: "Media centre", lat: 45.6212, lon: 9.2838 },
    { id: "paddock_gate", name: "Paddock gate (Vedano entrance)", lat: 45.6228, lon: 9.2849 },
  ],
};

// --- custom metrics ---------------------------------------------------------------------------

/** POST → terminal state as seen by polling (resolution: the 500 ms poll), completed orders only. */
const orderToDelivery = new Trend("order_to_delivery_ms", true);
/** Share of followed orders that ended DELIVERED, READY_FOR_PICKUP or SERVED (not FAILED, CANCELLED, lost). */
const ordersCompleted = new Rate("orders_completed");

// --- scenarios and thresholds -----------------------------------------------------------------

/** @type {{ [name: string]: Scenario }} */
const SCENARIOS = {
  ferrari_is_losing: {
    executor: "ramping-vus",
    startVUs: 0,
    stages: [
      { duration: "10s", target: 10 },
      { duration: "10s", target: 0 },
    ],
    gracefulRampDown: "5s",
    exec: "orderPizza",
  },
  ferrari_is_winning: {
    executor: "ramping-vus",
    startVUs: 10,
    stages: [
      { duration: "5s", target: 10 },
      { duration: "2s", target: 100 }, // Charles takes the lead: everybody orders
      { duration: "10s", target: 100 },
      { duration: "2s", target: 10 },
      { duration: "5s", target: 10 },
    ],
    gracefulRampDown: "5s",
    exec: "orderPizza",
  },
  race_to_the_garage: {
    executor: "per-vu-iterations",
    vus: 3,
    iterations: 2,
    maxDuration: `${Math.ceil((2 * ORDER_TIMEOUT_S) / 60) + 1}m`,
    exec: "raceToTheGarage",
  },
};

const selected = SCENARIOS[SCENARIO];
if (selected === undefined) {
  throw new Error(`unknown K6_SCENARIO '${SCENARIO}'; choose one of: ${Object.keys(SCENARIOS).join(", ")}`);
}

/** @type {{ [metric: string]: string[] }} */
const thresholds = {
  http_req_failed: ["rate<0.01"],
  [`http_req_duration{name:${POST_ORDER}}`]: ["p(95)<500", "p(99)<1000"],
};
if (SCENARIO === "race_to_the_garage") {
  thresholds.orders_completed = ["rate>0.99"];
}

/** @type {Options} */
export const options = {
  scenarios: { [SCENARIO]: selected },
  thresholds,
};

// --- lifecycle --------------------------------------------------------------------------------

/** Reads the menu once; every VU orders from it. Falls back to the built-in menu if the call fails. */
export function setup() {
  const res = http.get(`${GATEWAY}/v1/menu`, { tags: { name: GET_MENU } });
  const menu = res.status === 200 ? parseMenu(safeJson(res)) : null;
  check(res, { "menu is readable": () => menu !== null });
  return menu ?? FALLBACK_MENU;
}

/**
 * ferrari_is_losing / ferrari_is_winning: place one order, then think for a moment.
 * @param {Menu} menu
 */
export function orderPizza(menu) {
  placeOrder(randomOrder(menu));
  sleep(0.5 + Math.random());
}

/**
 * race_to_the_garage: place an order and follow it until the kitchen is done with it.
 * @param {Menu} menu
 */
export function raceToTheGarage(menu) {
  const order = randomOrder(menu);
  const startedAt = Date.now();
  const orderId = placeOrder(order);
  if (orderId === null) {
    ordersCompleted.add(false, { order_type: order.order_type, basket: order.basket, state: "NOT_PLACED" });
    return;
  }
  const state = followToTerminalState(orderId, startedAt + ORDER_TIMEOUT_S * 1000);
  const completed = state !== null && COMPLETED_STATES.includes(state);
  const tags = { order_type: order.order_type, basket: order.basket, state: state ?? "TIMED_OUT" };
  ordersCompleted.add(completed, tags);
  if (completed) {
    orderToDelivery.add(Date.now() - startedAt, tags);
  }
  check(state, { "order completed": () => completed });
}

export default orderPizza;

// --- the order ------------------------------------------------------------------------------

/**
 * Posts an order; returns its id when the gateway accepted it.
 * @param {{ request: OrderRequest, basket: BasketKind, order_type: string }} order
 * @returns {string | null}
 */
function placeOrder(order) {
  const res = http.post(`${GATEWAY}/v1/order`, JSON.stringify(order.request), {
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    tags: { name: POST_ORDER, order_type: order.order_type, basket: order.basket },
  });
  const body = safeJson(res);
  const orderId = isObject(body) && typeof body.order_id === "string" ? body.order_id : null;
  check(res, {
    "order accepted (202)": (r) => r.status === 202,
    "response has order_id": () => orderId !== null,
  });
  return res.status === 202 ? orderId : null;
}

/**
 * Polls the order's snapshot until it reaches a terminal state or the deadline passes.
 * A 404 right after the POST is tolerated: the queue holds the order before its first snapshot.
 * @param {string} orderId
 * @param {number} deadline epoch milliseconds
 * @returns {string | null} the terminal state, or null when the deadline passed first
 */
function followToTerminalState(orderId, deadline) {
  const params = {
    headers: { Accept: "application/json" },
    tags: { name: GET_ORDER },
    responseCallback: http.expectedStatuses(200, 404),
  };
  while (Date.now() < deadline) {
    const res = http.get(`${GATEWAY}/v1/order/${encodeURIComponent(orderId)}`, params);
    const body = res.status === 200 ? safeJson(res) : null;
    const state = isObject(body) && typeof body.state === "string" ? body.state : null;
    if (state !== null && TERMINAL_STATES.includes(state)) {
      return state;
    }
    sleep(POLL_INTERVAL_S);
  }
  return null;
}

/**
 * A realistic order: what is in it (randomItems), mostly deliveries, sometimes raw coordinates near
 * the pizzeria; a delivered garage team order goes to a garage. Never a price: the gateway bills.
 * @param {Menu} menu
 * @returns {{ request: OrderRequest, basket: BasketKind, order_type: string }}
 */
function randomOrder(menu) {
  const basket = randomItems(menu);
  const orderType = weightedOrderType(menu.order_types);
  /** @type {OrderCommon} */
  const common = {
    // one person per virtual user, so the per-person rate limit (120/min) never trips a race weekend
    username: `${pick(USERNAMES)}-${__VU}`,
    order_type: orderType,
  };
  if (orderType === "delivery") {
    const garages = menu.places.filter((p) => p.id.endsWith("_garage"));
    const places = basket.kind === "team" && garages.length > 0 ? garages : menu.places;
    common.destination = places.length > 0 && (basket.kind === "team" || Math.random() < 0.8)
      ? pick(places).id
      : nearby(menu.pizzeria, 0.6);
  }
  const first = basket.items[0];
  /** @type {OrderRequest} */
  const request = basket.kind === "single_pizza" && first.kind === "pizza"
    ? { ...common, size: first.size, toppings: first.toppings, border: first.border }
    : { ...common, items: basket.items };
  return { request, basket: basket.kind, order_type: orderType };
}

/**
 * What goes into one order. Shares (the same as the Java TifosiOrders, mix "paddock"):
 *   30 % one pizza in the single-pizza body (size, toppings, border at the top level), as before items;
 *   50 % one or two pizzas as items (60 % one, 40 % two: the same twice or two different), a drink
 *        per pizza 40 % of the time, a dessert 15 %;
 *    8 % drinks only (one or two kinds, 1–3 of each);
 *    6 % a dessert (1–2), with a drink half the time;
 *    6 % a garage team order: 4–8 pizzas over 2–4 kinds, about a drink per pizza over 2–3 kinds,
 *        desserts half the time.
 * With no drink or dessert available, those orders become pizzas.
 * @param {Menu} menu
 * @returns {Basket}
 */
function randomItems(menu) {
  const roll = Math.random();
  if (roll < 0.30) {
    return { kind: "single_pizza", items: [pizzaLine(menu, 1)] };
  }
  if (roll < 0.38 && menu.drinks.length > 0) {
    const items = pickSome(menu.drinks, randomInt(1, 2)).map((id) => extraLine(id, randomInt(1, 3)));
    return withinLimits(menu, { kind: "drinks", items });
  }
  if (roll >= 0.38 && roll < 0.44 && menu.desserts.length > 0) {
    /** @type {OrderLine[]} */
    const items = [extraLine(pick(menu.desserts), randomInt(1, 2))];
    if (menu.drinks.length > 0 && Math.random() < 0.5) {
      items.push(extraLine(pick(menu.drinks), 1));
    }
    return withinLimits(menu, { kind: "dessert", items });
  }
  if (roll >= 0.94) {
    return withinLimits(menu, teamOrder(menu));
  }
  /** @type {OrderLine[]} */
  const items = [];
  const pizzas = Math.random() < 0.6 ? 1 : 2;
  if (pizzas === 1) {
    items.push(pizzaLine(menu, 1));
  } else if (Math.random() < 0.5) {
    items.push(pizzaLine(menu, 2));
  } else {
    items.push(pizzaLine(menu, 1), pizzaLine(menu, 1));
  }
  if (menu.drinks.length > 0 && Math.random() < 0.4) {
    items.push(extraLine(pick(menu.drinks), pizzas));
  }
  if (menu.desserts.length > 0 && Math.random() < 0.15) {
    items.push(extraLine(pick(menu.desserts), randomInt(1, pizzas)));
  }
  return withinLimits(menu, { kind: "pizzas", items });
}

/**
 * The garage orders for the crew: 4–8 pizzas of 2–4 kinds, a drink each (roughly), desserts to share.
 * @param {Menu} menu
 * @returns {Basket}
 */
function teamOrder(menu) {
  const pizzas = randomInt(4, 8);
  /** @type {OrderLine[]} */
  const items = split(pizzas, randomInt(2, 4)).map((quantity) => pizzaLine(menu, quantity));
  if (menu.drinks.length > 0) {
    const drinks = pickSome(menu.drinks, randomInt(2, 3));
    split(pizzas, drinks.length).forEach((quantity, i) => items.push(extraLine(drinks[i], quantity)));
  }
  if (menu.desserts.length > 0 && Math.random() < 0.5) {
    for (const id of pickSome(menu.desserts, randomInt(1, 2))) {
      items.push(extraLine(id, randomInt(1, 3)));
    }
  }
  return { kind: "team", items };
}

/**
 * `quantity` pizzas of one random kind: a size, 0–4 toppings and a border.
 * @param {Menu} menu
 * @param {number} quantity
 * @returns {PizzaLine}
 */
function pizzaLine(menu, quantity) {
  return {
    kind: "pizza",
    size: pick(menu.sizes),
    toppings: pickSome(menu.toppings, randomInt(0, Math.min(4, menu.max_toppings))),
    border: pick(menu.borders),
    quantity,
  };
}

/**
 * @param {string} id a drink or dessert id from the menu
 * @param {number} quantity
 * @returns {ExtraLine}
 */
function extraLine(id, quantity) {
  return { kind: "item", id, quantity };
}

/**
 * `total` split into `parts` quantities of at least 1 each (fewer parts when total is smaller).
 * @param {number} total
 * @param {number} parts
 * @returns {number[]}
 */
function split(total, parts) {
  const quantities = new Array(Math.min(parts, total)).fill(1);
  for (let left = total - quantities.length; left > 0; left--) {
    quantities[randomInt(0, quantities.length - 1)]++;
  }
  return quantities;
}

/**
 * The baskets above stay well inside the gateway's limits (at most 9 items, quantity 8, 8 pizzas);
 * this only matters when a menu announces tighter ones: at most max_items lines, each quantity
 * 1..max_quantity, at most max_pizzas pizzas (later pizza lines shrink first).
 * @param {Menu} menu
 * @param {Basket} basket
 * @returns {Basket}
 */
function withinLimits(menu, basket) {
  const items = basket.items.slice(0, menu.max_items).map((line) => ({
    ...line,
    quantity: Math.max(1, Math.min(line.quantity, menu.max_quantity)),
  }));
  let excess = items.reduce((n, line) => n + (line.kind === "pizza" ? line.quantity : 0), 0) - menu.max_pizzas;
  for (let i = items.length - 1; i >= 0 && excess > 0; i--) {
    const line = items[i];
    if (line.kind === "pizza" && line.quantity > 1) {
      const less = Math.min(excess, line.quantity - 1);
      line.quantity -= less;
      excess -= less;
    }
  }
  return { kind: basket.kind, items };
}

/**
 * delivery 75 %, takeout 15 %, dine_in 10 %, restricted to what the menu offers.
 * @param {string[]} offered
 * @returns {string}
 */
function weightedOrderType(offered) {
  const r = Math.random();
  const wanted = r < 0.75 ? "delivery" : r < 0.9 ? "takeout" : "dine_in";
  return offered.includes(wanted) ? wanted : pick(offered);
}

/**
 * A point within about `km` kilometres of `centre`, well inside the served radius.
 * @param {Place} centre
 * @param {number} km
 * @returns {Coordinates}
 */
function nearby(centre, km) {
  const dLat = ((Math.random() * 2 - 1) * km) / 111.32;
  const dLon = ((Math.random() * 2 - 1) * km) / (111.32 * Math.cos((centre.lat * Math.PI) / 180));
  return { lat: round6(centre.lat + dLat), lon: round6(centre.lon + dLon) };
}

// --- parsing the menu -------------------------------------------------------------------------

/**
 * @param {unknown} value the parsed body of GET /v1/menu
 * @returns {Menu | null} null when something the script needs is missing
 */
function parseMenu(value) {
  if (!isObject(value)) {
    return null;
  }
  const sizes = strings(value.sizes);
  // the priced entries say what is in stock; an older gateway has only the plain id lists
  const toppings = Array.isArray(value.pizza_toppings) ? availableIds(value.pizza_toppings) : strings(value.toppings);
  const borders = strings(value.borders);
  const orderTypes = strings(value.order_types);
  const places = Array.isArray(value.places) ? value.places.map(parsePlace).filter(isPlace) : [];
  if (sizes.length === 0 || borders.length === 0 || orderTypes.length === 0) {
    return null;
  }
  return {
    sizes,
    toppings,
    borders,
    order_types: orderTypes,
    max_toppings: typeof value.max_toppings === "number" ? value.max_toppings : 4,
    drinks: Array.isArray(value.drinks) ? availableIds(value.drinks) : FALLBACK_MENU.drinks,
    desserts: Array.isArray(value.desserts) ? availableIds(value.desserts) : FALLBACK_MENU.desserts,
    max_items: positiveInteger(value.max_items, FALLBACK_MENU.max_items),
    max_quantity: positiveInteger(value.max_quantity, FALLBACK_MENU.max_quantity),
    max_pizzas: positiveInteger(value.max_pizzas, FALLBACK_MENU.max_pizzas),
    pizzeria: parsePlace(value.pizzeria) ?? PIZZERIA,
    served_radius_km: typeof value.served_radius_km === "number" ? value.served_radius_km : 8,
    places,
  };
}

/**
 * The ids of the entries that can be ordered now: `[{id, name, price_cents, available}]`.
 * @param {unknown} value
 * @returns {string[]}
 */
function availableIds(value) {
  /** @type {string[]} */
  const out = [];
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (isObject(entry) && typeof entry.id === "string" && entry.available !== false) {
        out.push(entry.id);
      }
    }
  }
  return out;
}

/**
 * @param {unknown} value
 * @param {number} fallback
 * @returns {number}
 */
function positiveInteger(value, fallback) {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * @param {unknown} value
 * @returns {Place | null}
 */
function parsePlace(value) {
  if (!isObject(value)) {
    return null;
  }
  const { id, name, lat, lon } = value;
  if (typeof id !== "string" || typeof lat !== "number" || typeof lon !== "number") {
    return null;
  }
  return { id, name: typeof name === "string" ? name : id, lat, lon };
}

/**
 * @param {Place | null} place
 * @returns {place is Place}
 */
function isPlace(place) {
  return place !== null;
}

// --- small helpers ----------------------------------------------------------------------------

/**
 * The JSON body of a response, or null when it has none or it is not JSON.
 * @param {import("k6/http").Response} res
 * @returns {unknown}
 */
function safeJson(res) {
  try {
    return res.json();
  } catch {
    return null;
  }
}

/**
 * @param {unknown} value
 * @returns {value is { [key: string]: unknown }}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @returns {string[]}
 */
function strings(value) {
  /** @type {string[]} */
  const out = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === "string") {
        out.push(item);
      }
    }
  }
  return out;
}

/**
 * @template T
 * @param {T[]} items non-empty
 * @returns {T}
 */
function pick(items) {
  return items[Math.floor(Math.random() * items.length)];
}

/**
 * `count` distinct items (fewer if there are not that many).
 * @template T
 * @param {T[]} items
 * @param {number} count
 * @returns {T[]}
 */
function pickSome(items, count) {
  const pool = items.slice();
  /** @type {T[]} */
  const chosen = [];
  while (chosen.length < count && pool.length > 0) {
    chosen.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]);
  }
  return chosen;
}

/**
 * @param {number} min
 * @param {number} max inclusive
 * @returns {number}
 */
function randomInt(min, max) {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/**
 * @param {number} x
 * @returns {number}
 */
function round6(x) {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * @param {string | undefined} raw
 * @param {number} fallback
 * @returns {number}
 */
function positiveNumber(raw, fallback) {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n > 0 ? n : fallback;
}
