// The pit wall's fleet map: every driver's last position and a short trail, from GET /v1/drivers/sse
// (first each driver's last fix, then every new one), drawn on the shared paddock map (map.js).
import { getJson, LiveStream, plainDuration } from './api.js';
import { createPaddockMap } from './map.js';

/** Positions kept per driver's trail: enough to see where they came from, bounded for a long day. */
const TRAIL = 40;

export async function followFleet(svg, status) {
  let menu = {};
  try {
    menu = await getJson('/v1/menu');
  } catch (problem) {
    // The map draws without the places; the drivers still show.
  }
  const map = createPaddockMap(svg, { pizzeria: menu.pizzeria ?? null, places: menu.places ?? [], view: 'paddock' });
  const heard = new Map();
  const show = () => {
    if (!heard.size) {
      status.textContent = 'No driver heard yet.';
      return;
    }
    const now = Date.now();
    status.textContent = [...heard.entries()].sort()
      .map(([driver, fix]) => `${driver}${fix.order_id ? ' (order ' + fix.order_id.slice(0, 8) + ')' : ''}, `
        + `${Math.round(fix.speed_kmh ?? 0)} km/h, ${plainDuration(now - Date.parse(fix.ts))} ago`)
      .join(' · ');
  };
  new LiveStream('/v1/drivers/sse', {
    events: {
      location: fix => {
        heard.set(fix.driver, fix);
        map.driver(fix.driver, { label: fix.driver, trailLength: TRAIL }).moveTo(fix.lat, fix.lon, fix.heading);
      },
    },
  });
  show();
  setInterval(show, 2000);
}
