// Box Box pit wall: the paddock map, drawn as plain SVG with no tiles (no request leaves the machine).
//
// Places and the pizzeria come from GET /v1/menu (pacchetto's PaddockMap, real coordinates); the
// Monza circuit is a hand-drawn outline at real coordinates (close to the track, not survey-exact).
// One projection for every page: equirectangular around the pizzeria, 1 SVG unit = 4 m, north up,
// so the same lat/lon lands on the same spot on the order page, the my-order page and the board.
//
//   const map = createPaddockMap(svg, { pizzeria, places, onPick: (id) => ..., view: 'paddock' });
//   map.markPlace('ferrari_garage');               // the chosen destination
//   const kimi = map.driver('kimi', { markerId: 'driver-marker', trailId: 'driver-trail' });
//   kimi.moveTo(45.62, 9.28, 90);                   // draws the marker and adds to its trail
//   map.removeDriver('kimi');

const SVG = 'http://www.w3.org/2000/svg';
const ORIGIN = { lat: 45.6205, lon: 9.2822 };   // the pizzeria (PaddockMap.PIZZERIA)
const METRES_PER_UNIT = 4;
const METRES_PER_DEGREE = 111320;
const LON_FACTOR = Math.cos((ORIGIN.lat * Math.PI) / 180);
const MARGIN = 45;

// The Autodromo Nazionale Monza, clockwise from the Parabolica exit: the main straight north past
// the pit wall, the Rettifilo chicane, Curva Grande, Roggia, the two Lesmos, Serraglio, Ascari, the
// back straight south and the Parabolica back onto the straight.
export const MONZA_CIRCUIT = [
  [45.6130, 9.2786], [45.6160, 9.2793], [45.6190, 9.2800], [45.6220, 9.2807], [45.6245, 9.2813],
  [45.6251, 9.2820], [45.6256, 9.2818], [45.6262, 9.2824],
  [45.6276, 9.2840], [45.6288, 9.2860], [45.6296, 9.2876],
  [45.6300, 9.2886], [45.6304, 9.2884], [45.6308, 9.2892],
  [45.6318, 9.2905], [45.6323, 9.2918], [45.6321, 9.2930],
  [45.6315, 9.2940], [45.6306, 9.2947], [45.6297, 9.2944],
  [45.6290, 9.2936], [45.6285, 9.2928], [45.6279, 9.2930], [45.6271, 9.2922],
  [45.6240, 9.2906], [45.6200, 9.2886], [45.6160, 9.2866], [45.6140, 9.2855],
  [45.6128, 9.2843], [45.6120, 9.2828], [45.6117, 9.2812], [45.6120, 9.2797], [45.6130, 9.2786],
];

/** Where a lat/lon lands on every map: {x, y} in SVG units. */
export function project(lat, lon) {
  return {
    x: ((lon - ORIGIN.lon) * METRES_PER_DEGREE * LON_FACTOR) / METRES_PER_UNIT,
    y: ((ORIGIN.lat - lat) * METRES_PER_DEGREE) / METRES_PER_UNIT,
  };
}

function node(tag, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) {
      element.setAttribute(key, String(value));
    }
  }
  if (parent) {
    parent.append(element);
  }
  return element;
}

function shortName(name) {
  return String(name).split(/ \(|, /)[0];
}

class Box {
  constructor() {
    this.minX = Infinity; this.minY = Infinity; this.maxX = -Infinity; this.maxY = -Infinity;
  }
  add({ x, y }) {
    this.minX = Math.min(this.minX, x); this.maxX = Math.max(this.maxX, x);
    this.minY = Math.min(this.minY, y); this.maxY = Math.max(this.maxY, y);
    return this;
  }
  contains({ x, y }, margin = 0) {
    return x >= this.minX - margin && x <= this.maxX + margin && y >= this.minY - margin && y <= this.maxY + margin;
  }
  grown(margin) {
    const box = new Box();
    box.add({ x: this.minX - margin, y: this.minY - margin });
    box.add({ x: this.maxX + margin, y: this.maxY + margin });
    return box;
  }
}

/**
 * Draws the map into `svg` (emptied first) and returns its handle.
 * options: pizzeria {id?, name, lat, lon}; places [{id, name, lat, lon}]; onPick(id) makes places
 * clickable and keyboard-operable; view 'paddock' (the circuit; farther places are shown as
 * arrows at the edge) or 'all'; include: [{lat, lon}] more points the first view must show.
 */
export function createPaddockMap(svg, { pizzeria = null, places = [], onPick = null, view = 'paddock', include = [] } = {}) {
  return new PaddockMapView(svg, { pizzeria, places, onPick, view, include });
}

class PaddockMapView {
  constructor(svg, { pizzeria, places, onPick, view, include }) {
    this.svg = svg;
    this.places = places;
    this.onPick = onPick;
    this.drivers = new Map();
    svg.replaceChildren();
    svg.classList.add('paddock-map');
    svg.setAttribute('xmlns', SVG);
    if (!svg.hasAttribute('role')) {
      svg.setAttribute('role', 'img');
    }

    const circuit = MONZA_CIRCUIT.map(([lat, lon]) => project(lat, lon));
    const box = new Box();
    circuit.forEach((p) => box.add(p));
    if (pizzeria) {
      box.add(project(pizzeria.lat, pizzeria.lon));
    }
    include.filter(Boolean).forEach((p) => box.add(project(p.lat, p.lon)));
    if (view === 'all') {
      places.forEach((p) => box.add(project(p.lat, p.lon)));
    }
    this.view = box.grown(MARGIN);
    this.applyView();

    this.layers = {
      ground: node('g', { class: 'ground' }, svg),
      places: node('g', { class: 'places' }, svg),
      trails: node('g', { class: 'trails' }, svg),
      drivers: node('g', { class: 'drivers' }, svg),
    };
    this.drawGround(circuit);
    if (pizzeria) {
      this.drawPizzeria(pizzeria);
    }
    this.placeNodes = new Map();
    this.drawPlaces();
  }

  applyView() {
    const { minX, minY, maxX, maxY } = this.view;
    this.svg.setAttribute('viewBox', `${minX.toFixed(1)} ${minY.toFixed(1)} ${(maxX - minX).toFixed(1)} ${(maxY - minY).toFixed(1)}`);
  }

  /** Grow the view so this point shows (a driver's detour can leave the first view). */
  reveal(lat, lon) {
    const p = project(lat, lon);
    if (!this.view.contains(p, -10)) {
      this.view.add({ x: p.x - MARGIN, y: p.y - MARGIN }).add({ x: p.x + MARGIN, y: p.y + MARGIN });
      this.applyView();
    }
  }

  drawGround(circuit) {
    const { minX, minY, maxX, maxY } = this.view;
    node('rect', { class: 'park', x: minX, y: minY, width: maxX - minX, height: maxY - minY }, this.layers.ground);
    const points = circuit.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    node('polygon', { class: 'circuit', points }, this.layers.ground);
    node('polygon', { class: 'circuit-kerb', points }, this.layers.ground);
    const label = project(45.6255, 9.2875);
    const text = node('text', { class: 'label', x: label.x, y: label.y, 'text-anchor': 'middle' }, this.layers.ground);
    text.textContent = 'Autodromo di Monza';
    // north arrow and a 200 m scale bar, bottom left
    const x = maxX - 12 - 200 / METRES_PER_UNIT;
    const y = maxY - 10;
    node('line', { x1: x, y1: y, x2: x + 200 / METRES_PER_UNIT, y2: y, stroke: 'currentColor', 'stroke-width': 2, class: 'scale' }, this.layers.ground);
    const scale = node('text', { class: 'label', x, y: y - 4 }, this.layers.ground);
    scale.textContent = '200 m  ↑N';
  }

  drawPizzeria(pizzeria) {
    const p = project(pizzeria.lat, pizzeria.lon);
    const group = node('g', { class: 'pizzeria', 'data-place': pizzeria.id || 'pizzeria' }, this.layers.places);
    node('title', {}, group).textContent = pizzeria.name;
    node('rect', { x: p.x - 6, y: p.y - 6, width: 12, height: 12, rx: 2 }, group);
    const text = node('text', { x: p.x + 9, y: p.y + 4 }, group);
    text.textContent = 'Box Box';
  }

  drawPlaces() {
    const taken = [];
    let offView = 0;
    for (const place of this.places) {
      let p = project(place.lat, place.lon);
      const inside = this.view.contains(p, -8);
      let suffix = '';
      if (!inside) {
        // Off the first view: listed along its edge with an arrow and the distance, still a place
        // you can pick; stacked so that two in the same direction do not cover each other.
        const km = Math.hypot(p.x, p.y) * METRES_PER_UNIT / 1000;
        suffix = ` ${p.y > this.view.maxY ? '↓' : p.y < this.view.minY ? '↑' : p.x > this.view.maxX ? '→' : '←'} ${km.toFixed(1)} km`;
        p = {
          x: Math.min(this.view.maxX - 10, Math.max(this.view.minX + 10, p.x)),
          y: Math.min(this.view.maxY - 14 - offView * 18, Math.max(this.view.minY + 10, p.y)),
        };
        offView += 1;
      }
      const group = node('g', { class: 'place', 'data-place': place.id }, this.layers.places);
      if (!inside) {
        group.classList.add('off-view');
      }
      node('title', {}, group).textContent = place.name + suffix;
      node('circle', { cx: p.x, cy: p.y, r: 6 }, group);
      const label = shortName(place.name) + suffix;
      const width = label.length * 6.7;
      // labels to the right, else to the left, else only in the tooltip: no label over another
      const right = { x1: p.x + 9, x2: p.x + 9 + width, y1: p.y - 9, y2: p.y + 5 };
      const left = { x1: p.x - 9 - width, x2: p.x - 9, y1: p.y - 9, y2: p.y + 5 };
      const below = { x1: p.x - width / 2, x2: p.x + width / 2, y1: p.y + 8, y2: p.y + 19, anchor: 'middle', tx: p.x, ty: p.y + 17 };
      const above = { x1: p.x - width / 2, x2: p.x + width / 2, y1: p.y - 19, y2: p.y - 8, anchor: 'middle', tx: p.x, ty: p.y - 10 };
      Object.assign(right, { anchor: 'start', tx: right.x1, ty: p.y + 3.5 });
      Object.assign(left, { anchor: 'end', tx: left.x2, ty: p.y + 3.5 });
      const free = (r) => r.x1 >= this.view.minX && r.x2 <= this.view.maxX
        && !taken.some((t) => r.x1 < t.x2 && r.x2 > t.x1 && r.y1 < t.y2 && r.y2 > t.y1);
      const spot = [right, left, below, above].find(free);
      taken.push({ x1: p.x - 6, x2: p.x + 6, y1: p.y - 6, y2: p.y + 6 });
      if (spot) {
        taken.push(spot);
        const text = node('text', { x: spot.tx, y: spot.ty, 'text-anchor': spot.anchor }, group);
        text.textContent = label;
      }
      if (this.onPick) {
        group.setAttribute('data-clickable', '');
        group.setAttribute('tabindex', '0');
        group.setAttribute('role', 'button');
        group.setAttribute('aria-label', `Deliver to ${place.name}`);
        group.setAttribute('aria-pressed', 'false');
        group.addEventListener('click', () => this.onPick(place.id));
        group.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            this.onPick(place.id);
          }
        });
      }
      this.placeNodes.set(place.id, group);
    }
  }

  /** Show one place as chosen (null: none). */
  markPlace(id) {
    for (const [placeId, group] of this.placeNodes) {
      const chosen = placeId === id;
      group.classList.toggle('destination', chosen);
      if (group.hasAttribute('aria-pressed')) {
        group.setAttribute('aria-pressed', String(chosen));
      }
    }
  }

  /**
   * A driver on this map (created on first use); ids let a page name the marker and trail;
   * trailLength keeps only the last positions (the board's fleet map runs all day).
   */
  driver(name, { markerId = null, trailId = null, label = name, trailLength = Infinity } = {}) {
    if (!this.drivers.has(name)) {
      this.drivers.set(name, new DriverMarker(this, name, { markerId, trailId, label, trailLength }));
    }
    return this.drivers.get(name);
  }

  removeDriver(name) {
    const driver = this.drivers.get(name);
    if (driver) {
      driver.remove();
      this.drivers.delete(name);
    }
  }
}

/** A driver's marker (a dot with a heading arrow) and the trail of every position drawn so far. */
class DriverMarker {
  constructor(map, name, { markerId, trailId, label, trailLength = Infinity }) {
    this.map = map;
    this.positions = [];
    this.trailLength = trailLength;
    this.trail = node('polyline', { class: 'trail', id: trailId, points: '', 'data-driver': name }, map.layers.trails);
    this.group = node('g', { class: 'driver', id: markerId, 'data-driver': name }, map.layers.drivers);
    this.title = node('title', {}, this.group);
    this.title.textContent = `Driver ${label}`;
    this.arrow = node('path', { d: 'M0,-5 L3.5,3 L0,1.5 L-3.5,3 Z' }, this.group);
    node('circle', { r: 7, cx: 0, cy: 0 }, this.group).after(this.arrow);
    this.label = node('text', { x: 10, y: 4 }, this.group);
    this.label.textContent = label;
    this.group.setAttribute('visibility', 'hidden');
  }

  /** Name the driver (a page may learn who carries the order after drawing the marker). */
  setLabel(label) {
    this.label.textContent = label;
    this.title.textContent = `Driver ${label}`;
  }

  /** Move to a fix; the trail gains the point. Returns the number of positions drawn. */
  moveTo(lat, lon, heading = 0) {
    this.map.reveal(lat, lon);
    const p = project(lat, lon);
    this.positions.push(p);
    if (this.positions.length > this.trailLength) {
      this.positions.splice(0, this.positions.length - this.trailLength);
    }
    this.trail.setAttribute('points', this.positions.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' '));
    this.group.setAttribute('transform', `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`);
    this.arrow.setAttribute('transform', `rotate(${Number(heading) || 0})`);
    this.group.setAttribute('visibility', 'visible');
    return this.positions.length;
  }

  remove() {
    this.trail.remove();
    this.group.remove();
  }
}
