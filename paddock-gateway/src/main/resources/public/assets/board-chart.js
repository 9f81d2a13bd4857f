// The pit wall's chart: orders placed and finished per minute, and the average time each stage
// took, per minute the stage ended, over the last WINDOW minutes. Plain SVG, no library.
import { plainDuration } from './api.js';

export const WINDOW_MIN = 15;
const SVG = 'http://www.w3.org/2000/svg';
/** The chart is drawn in CSS pixels (its viewBox follows its width), so text keeps its size on a phone. */
const H = 180;
let W = 600;

function fit(svg) {
  W = Math.max(280, Math.round(svg.clientWidth || 600));
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
}
const PAD = { left: 34, right: 6, top: 10, bottom: 20 };

/** Each state's stage on the chart; states not listed (the final ones) end an order. */
export const STAGE_OF = {
  RECEIVED: 'queue', QUEUED: 'queue',
  WAITING_FOR_STOCK: 'stock',
  WAITING_FOR_DOUGH: 'dough', MAKING_DOUGH: 'dough',
  WAITING_FOR_CHEF: 'topping', TOPPING: 'topping',
  IN_OVEN: 'oven', REMAKING: 'oven',
  READY: 'pass', WAITING_FOR_DRIVER: 'pass',
  OUT_FOR_DELIVERY: 'ride',
};
export const STAGES = ['queue', 'stock', 'dough', 'topping', 'oven', 'pass', 'ride'];

function minuteOf(ms) {
  return Math.floor(ms / 60_000);
}

/** Counts per minute, kept for the window only. */
export class KitchenStats {
  constructor() {
    this.placed = new Map();
    this.finished = new Map();
    /** minute → stage → [sum ms, count] */
    this.stageTimes = new Map();
  }

  orderPlaced(atMs) {
    bump(this.placed, minuteOf(atMs));
  }

  orderFinished(atMs) {
    bump(this.finished, minuteOf(atMs));
  }

  stageEnded(stage, endedAtMs, durationMs) {
    if (!stage || !(durationMs >= 0)) {
      return;
    }
    const minute = minuteOf(endedAtMs);
    let stages = this.stageTimes.get(minute);
    if (!stages) {
      stages = new Map();
      this.stageTimes.set(minute, stages);
    }
    const sum = stages.get(stage) ?? [0, 0];
    sum[0] += durationMs;
    sum[1] += 1;
    stages.set(stage, sum);
  }

  forget(nowMs) {
    const oldest = minuteOf(nowMs) - WINDOW_MIN;
    for (const map of [this.placed, this.finished, this.stageTimes]) {
      for (const minute of map.keys()) {
        if (minute < oldest) {
          map.delete(minute);
        }
      }
    }
  }

  minutes(nowMs) {
    const last = minuteOf(nowMs);
    return Array.from({ length: WINDOW_MIN }, (_, i) => last - WINDOW_MIN + 1 + i);
  }

  averageStage(minute, stage) {
    const sum = this.stageTimes.get(minute)?.get(stage);
    return sum ? sum[0] / sum[1] : null;
  }
}

function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Removes everything but the chart's <title>. */
function clear(svg) {
  for (const child of [...svg.children]) {
    if (child.tagName !== 'title') {
      child.remove();
    }
  }
}

function axes(svg, minutes, max, format) {
  const plotH = H - PAD.top - PAD.bottom;
  const group = el('g', { class: 'axes' });
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotH * (1 - fraction);
    group.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'gridline' }));
    group.append(el('text', { x: PAD.left - 4, y: y + 4, 'text-anchor': 'end', class: 'tick' }, format(max * fraction)));
  }
  const step = (W - PAD.left - PAD.right) / minutes.length;
  minutes.forEach((minute, i) => {
    if ((W >= 420 ? i % 5 === 4 : i % 7 === 0) || i === minutes.length - 1) {
      const label = i === minutes.length - 1 ? 'now' : `−${minutes.length - 1 - i} min`;
      group.append(el('text', { x: PAD.left + step * (i + 0.5), y: H - 5, 'text-anchor': 'middle', class: 'tick' }, label));
    }
  });
  svg.append(group);
  return step;
}

export function drawThroughput(svg, caption, stats, nowMs) {
  const minutes = stats.minutes(nowMs);
  const placed = minutes.map(m => stats.placed.get(m) ?? 0);
  const finished = minutes.map(m => stats.finished.get(m) ?? 0);
  const max = Math.max(4, ...placed, ...finished);
  clear(svg);
  fit(svg);
  const step = axes(svg, minutes, max, v => String(Math.round(v)));
  const plotH = H - PAD.top - PAD.bottom;
  const bars = el('g', { class: 'bars' });
  minutes.forEach((minute, i) => {
    const x = PAD.left + step * i;
    const width = Math.max(1, step / 2 - 2);
    const hp = plotH * placed[i] / max;
    const hf = plotH * finished[i] / max;
    bars.append(el('rect', { x: x + 1, y: PAD.top + plotH - hp, width, height: hp, class: 'bar-placed' }));
    bars.append(el('rect', { x: x + 1 + width, y: PAD.top + plotH - hf, width, height: hf, class: 'bar-finished' }));
  });
  svg.append(bars);
  const current = placed.at(-1);
  const previous = placed.at(-2);
  caption.textContent = `Orders per minute — placed: ${previous} last minute, ${current} so far this minute; `
    + `finished: ${finished.at(-2)} last minute, ${finished.at(-1)} so far. `
    + `In ${WINDOW_MIN} min: ${placed.reduce((a, b) => a + b, 0)} placed, ${finished.reduce((a, b) => a + b, 0)} finished.`;
}

export function drawLatency(svg, caption, stats, nowMs) {
  const minutes = stats.minutes(nowMs);
  const series = STAGES.map(stage => minutes.map(m => stats.averageStage(m, stage)));
  const max = Math.max(10_000, ...series.flat().filter(v => v !== null));
  clear(svg);
  fit(svg);
  const step = axes(svg, minutes, max, v => plainDuration(v).replace(' min ', 'm').replace(' min', 'm').replace(' s', 's'));
  const plotH = H - PAD.top - PAD.bottom;
  STAGES.forEach((stage, s) => {
    let d = '';
    series[s].forEach((value, i) => {
      if (value === null) {
        return;
      }
      const x = PAD.left + step * (i + 0.5);
      const y = PAD.top + plotH * (1 - value / max);
      d += `${d && series[s][i - 1] !== null ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    });
    if (d) {
      const line = el('path', { d, class: `stage-line stage-${stage}` });
      line.append(el('title', {}, stage));
      svg.append(line);
      series[s].forEach((value, i) => {
        if (value !== null) {
          svg.append(el('circle', { cx: PAD.left + step * (i + 0.5), cy: PAD.top + plotH * (1 - value / max), r: 2.5,
            class: `stage-dot stage-${stage}` }));
        }
      });
    }
  });
  const latest = STAGES.map(stage => {
    for (let i = minutes.length - 1; i >= 0; i--) {
      const value = stats.averageStage(minutes[i], stage);
      if (value !== null) {
        return `${stage} ${plainDuration(value)}`;
      }
    }
    return null;
  }).filter(Boolean);
  caption.textContent = latest.length ? `Latest average time per stage: ${latest.join(', ')}.` : 'Stage times: none yet.';
}

export function legend(list) {
  list.replaceChildren(...STAGES.map(stage => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch stage-${stage}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, stage);
    return item;
  }));
}
