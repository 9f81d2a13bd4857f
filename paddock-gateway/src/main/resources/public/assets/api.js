// Box Box pit wall: talking to the gateway. Every page imports this; it has no state of its own
// beyond the objects it returns.
//
// - getJson / sendJson: fetch JSON, and turn an application/problem+json answer into a thrown
//   ApiProblem carrying the problem's status, title, detail and errors[{field, message}].
// - LiveStream: an EventSource that keeps going. The browser already resumes a dropped stream with
//   Last-Event-ID; when it gives up (the gateway answered an error, or was down), LiveStream opens
//   a new one after a pause. Either way each frame with an id is delivered once: ids the stream has
//   handed out before are dropped, so a replay after a reconnect never doubles an entry.
// - fieldRoot: the form field a problem's path belongs to ("items[0].toppings[1]" -> "toppings").

/** A problem document (RFC 9457) the gateway answered with, or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.title = problem.title || '';
    this.detail = problem.detail || '';
    this.type = problem.type || 'about:blank';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

async function readAnswer(response) {
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204) {
    return null;
  }
  if (type.includes('json')) {
    const body = await response.json();
    if (!response.ok || type.includes('problem+json')) {
      throw new ApiProblem(response.status, body || {});
    }
    return body;
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ApiProblem(response.status, { title: response.statusText, detail: text.slice(0, 200) });
  }
  return text;
}

async function call(url, init) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch (e) {
    throw new ApiProblem(0, { title: 'The gateway cannot be reached', detail: `The gateway cannot be reached (${e.message}).` });
  }
  return readAnswer(response);
}

/** GET a JSON document; throws ApiProblem on a problem answer. */
export function getJson(url, headers = {}) {
  return call(url, { method: 'GET', headers: { Accept: 'application/json', ...headers } });
}

/** Send a JSON body (POST, PUT, ...) or none (DELETE); throws ApiProblem on a problem answer. */
export function sendJson(method, url, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return call(url, init);
}

/** The form field a problem's field path belongs to: "items[0].toppings[1]" -> "toppings", "destination.lat" -> "destination". */
export function fieldRoot(path) {
  if (!path) {
    return '';
  }
  const parts = String(path).split('.').map((part) => part.replace(/\[\d+\]/g, ''));
  // items[n].<field> is a field of a line of the order; the field is what the form shows
  if (parts[0] === 'items' && parts.length > 1) {
    return parts[1];
  }
  return parts[0];
}

/**
 * A Server-Sent Events stream that survives dropped connections.
 *
 *   const live = new LiveStream('/v1/order/<id>/sse', {
 *     events: { state: (data, id) => ..., location: (data) => ... },
 *     onStatus: (status) => ...,          // "open" | "reconnecting" | "closed"
 *     isFinished: () => boolean,          // true once nothing more will come: stop for good
 *   });
 *   live.close();
 *
 * Frames with an id are handed over once per id (the id of a state frame is its stream sequence,
 * which only grows); frames without one (locations) always. Data is parsed as JSON.
 */
export class LiveStream {
  constructor(url, { events = {}, onStatus = () => {}, isFinished = () => false, retryMs = 1500, maxRetryMs = 15000 } = {}) {
    this.url = url;
    this.events = events;
    this.onStatus = onStatus;
    this.isFinished = isFinished;
    this.retryMs = retryMs;
    this.maxRetryMs = maxRetryMs;
    this.seen = new Set();
    this.lastId = null;
    this.failures = 0;
    this.source = null;
    this.timer = null;
    this.closed = false;
    this.status = null;
    this.open();
  }

  open() {
    if (this.closed) {
      return;
    }
    // A new EventSource cannot set Last-Event-ID itself; the gateway then replays from the first
    // frame, and the seen ids keep the replay out.
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.setStatus('open');
    };
    source.onerror = () => this.onError(source);
    for (const name of Object.keys(this.events)) {
      source.addEventListener(name, (event) => this.deliver(name, event));
    }
  }

  deliver(name, event) {
    const id = event.lastEventId;
    // lastEventId stays at the last id seen on frames without one, so only frames of kinds that
    // carry ids are checked against it: location frames never have one.
    if (name !== 'location' && id) {
      if (this.seen.has(id)) {
        return;
      }
      this.seen.add(id);
      this.lastId = id;
    }
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      data = event.data;
    }
    this.events[name](data, name !== 'location' ? id : null);
  }

  onError(source) {
    if (this.closed || source !== this.source) {
      return;
    }
    if (this.isFinished()) {
      this.close();
      return;
    }
    if (source.readyState === EventSource.CONNECTING) {
      // the browser is resuming by itself, with Last-Event-ID
      this.setStatus('reconnecting');
      return;
    }
    // The browser gave up (an error answer, or a 204 that ended the stream): try again later.
    source.close();
    this.failures += 1;
    this.setStatus('reconnecting');
    const delay = Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.min(this.failures - 1, 4));
    this.timer = setTimeout(() => this.open(), delay);
  }

  setStatus(status) {
    if (this.status !== status) {
      this.status = status;
      this.onStatus(status);
    }
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.source) {
      this.source.close();
    }
    this.setStatus('closed');
  }
}

/** Mark the nav link of this page (aria-current) so the nav says where you are. */
export function markCurrentPage() {
  const here = location.pathname === '/' ? '/index.html' : location.pathname;
  for (const link of document.querySelectorAll('#site-nav a.nav-link')) {
    const target = new URL(link.href, location.href).pathname;
    if ((target === '/' ? '/index.html' : target) === here) {
      link.setAttribute('aria-current', 'page');
    }
  }
}

/** "2 min 40 s", "45 s", "1 h 3 min": durations as people say them. */
export function plainDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes ? `${hours} h ${restMinutes} min` : `${hours} h`;
}

/** A state name as people read it: WAITING_FOR_DOUGH -> "Waiting for dough". */
export function stateLabel(state) {
  const words = String(state || '').toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Euro cents as money: 1450 -> "€14.50". */
export function money(cents, currency = 'EUR') {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency }).format((cents || 0) / 100);
}

/** Set text safely (never innerHTML with data from the server). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'text') {
      node.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}
