/* adflows picture: draws `view.drawing` (positions placed in Python by the layout engine) as SVG.
 *
 * The page (viewer.js) and the web editor's live preview both draw models below the large-model
 * threshold with this renderer; larger ones keep vis-network. Exposes window.adflowsPicture.create,
 * which returns the renderer object the page publishes as `window.adflows.network` (see docs/web.md:
 * fit, focusOn, spotlight, setSelection, zoom, geometry, ...; deliberately no `.body`).
 *
 * Safety rule: model text is untrusted. The SVG is built with createElementNS, and text only ever goes
 * in through textContent (labels and <title> tooltips). No innerHTML, no markup strings.
 *
 * Legibility rules, measured by geometry() and bench/legibility.py: labels are drawn at the drawing's
 * font size times the zoom, and the camera never zooms out below MIN_LABEL_PX / font_px on its own
 * (a person may still zoom out with the wheel or the − button); an edge label that would collide with
 * another label, a node or another flow's line yields to a small count badge, shown in full on hover
 * or focus.
 */
(function () {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
  const MIN_LABEL_PX = 12.5; // a projector needs 12 px; half a pixel of margin for rounding
  const MAX_SCALE = 1.6;
  const PHONE_WIDTH = 600; // CSS px: narrower pictures are on a phone
  const PHONE_LABEL_PX = 10;
  const USER_MIN_SCALE = 0.15;
  const TRANSITION_MS = 200;
  const LINE_HEIGHT = 1.25;
  const CURVE_SAMPLES = 10; // polyline pieces per cubic Bezier, for hit tests and geometry()
  const FIT_PAD = 28; // screen px kept free around what a fit shows
  const BADGE_R = 11;
  // A small glyph per node shape, drawn in the node box's corner, so kinds differ by more than colour.
  const GLYPHS = {
    star: 'M0,-5 L1.5,-1.6 5,-1.5 2.3,0.8 3.1,4.5 0,2.5 -3.1,4.5 -2.3,0.8 -5,-1.5 -1.5,-1.6Z',
    square: 'M-4,-4 H4 V4 H-4Z',
    triangle: 'M0,-4.5 L4.5,4 -4.5,4Z',
    triangleDown: 'M-4.5,-4 H4.5 L0,4.5Z',
    hexagon: 'M-2.5,-4.3 H2.5 L5,0 2.5,4.3 H-2.5 L-5,0Z',
    diamond: 'M0,-5 L5,0 0,5 -5,0Z',
    dot: 'M-4,0 A4,4 0 1,0 4,0 A4,4 0 1,0 -4,0Z',
    ellipse: 'M-5,0 A5,3.2 0 1,0 5,0 A5,3.2 0 1,0 -5,0Z',
    box: 'M-5,-3.5 H5 V3.5 H-5Z',
    database: 'M-4,-3 A4,1.5 0 0,1 4,-3 V3 A4,1.5 0 0,1 -4,3Z',
  };

  function svgEl(tag, attrs, parent) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.append(node);
    return node;
  }

  function hexLuminance(color) {
    const m = /^#([0-9a-f]{6})$/i.exec(String(color));
    if (!m) return 1;
    const n = parseInt(m[1], 16);
    return (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  }

  function safeColor(color) {
    return /^#[0-9a-f]{3,8}$/i.test(String(color)) ? String(color) : '#bbbbbb';
  }

  function dashArray(dashes) {
    if (!Array.isArray(dashes) || dashes.length === 0) return null;
    const nums = dashes.map(Number).filter((n) => Number.isFinite(n) && n >= 0);
    return nums.length ? nums.join(' ') : null;
  }

  /** Centre-based box {x, y, w, h} as [left, top, right, bottom]. */
  function edgesOf(b) {
    return [b.x - b.w / 2, b.y - b.h / 2, b.x + b.w / 2, b.y + b.h / 2];
  }

  function overlaps(a, b, pad) {
    const p = pad || 0;
    return a[0] < b[2] - p && b[0] < a[2] - p && a[1] < b[3] - p && b[1] < a[3] - p;
  }

  function inside(p, b) {
    return p[0] > b[0] && p[0] < b[2] && p[1] > b[1] && p[1] < b[3];
  }

  /** Points along a path given as a start point then Bezier triples (SVG "M p0 C p1 p2 p3 ..."). */
  function samplePath(path) {
    if (!Array.isArray(path) || path.length < 1) return [];
    const out = [path[0]];
    for (let i = 1; i + 2 < path.length; i += 3) {
      const [p0, p1, p2, p3] = [path[i - 1], path[i], path[i + 1], path[i + 2]];
      for (let k = 1; k <= CURVE_SAMPLES; k += 1) {
        const t = k / CURVE_SAMPLES;
        const u = 1 - t;
        const a = u * u * u;
        const b = 3 * u * u * t;
        const c = 3 * u * t * t;
        const d = t * t * t;
        out.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]]);
      }
    }
    return out;
  }

  function pathData(path) {
    if (!Array.isArray(path) || path.length < 1) return '';
    const parts = ['M' + path[0][0] + ',' + path[0][1]];
    for (let i = 1; i + 2 < path.length; i += 3) {
      parts.push('C' + [path[i], path[i + 1], path[i + 2]].map((p) => p[0] + ',' + p[1]).join(' '));
    }
    return parts.join(' ');
  }

  /** Does the polyline `pts` pass through box `b` (sampled finely enough for label boxes)? */
  function polylineHits(pts, b) {
    for (let i = 1; i < pts.length; i += 1) {
      const [x1, y1] = pts[i - 1];
      const [x2, y2] = pts[i];
      const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / 4));
      for (let k = 0; k <= steps; k += 1) {
        const t = k / steps;
        if (inside([x1 + (x2 - x1) * t, y1 + (y2 - y1) * t], b)) return true;
      }
    }
    return false;
  }

  function textLines(parent, lines, cx, cy, font, className) {
    const text = svgEl('text', { x: cx, 'text-anchor': 'middle', 'font-size': font, class: className || '' }, parent);
    const lh = font * LINE_HEIGHT;
    const first = cy - ((lines.length - 1) * lh) / 2 + font * 0.35;
    lines.forEach((line, i) => {
      const span = svgEl('tspan', { x: cx, y: first + i * lh }, text);
      span.textContent = String(line);
    });
    return text;
  }

  /**
   * Build the renderer in `container` for `view` (its `drawing`, nodes and edges).
   * `options.describe(kind, item)` gives a tooltip text; `options.insets()` gives screen px covered on
   * each side ({top, right, bottom, left}) by overlays, so fits leave those parts free;
   * `options.legibleZoom: false` lets fits zoom out below legible labels (an editor's preview).
   */
  function create(container, view, options) {
    const opts = options || {};
    const drawing = view.drawing;
    const font = Number(drawing.font_px) || 14;
    // `legibleZoom: false` (the editor's small preview) lets fits show everything, however small.
    // A phone is held close to the eyes: there the floor is PHONE_LABEL_PX, so a step shows more context.
    const minScaleNow = () => {
      if (opts.legibleZoom === false) return USER_MIN_SCALE;
      return (root.clientWidth && root.clientWidth < PHONE_WIDTH ? PHONE_LABEL_PX : MIN_LABEL_PX) / font;
    };
    const nodeById = new Map(view.nodes.map((n) => [n.id, n]));
    const edgeById = new Map(view.edges.map((e) => [e.id, e]));
    const listeners = new Map();
    const items = { nodes: new Map(), edges: new Map() };
    const state = {
      s: 1, tx: 0, ty: 0, anim: null, moving: false,
      selected: { nodes: new Set(), edges: new Set() },
      lit: null, // {nodes:Set, edges:Set} of a spotlight (story step, finding), or null
      hover: null,
      chips: new Map(), // edge id -> Set of data ids new on this step
    };

    const root = svgEl('svg', {
      class: 'picture', role: 'group', 'font-family': FONT,
      'aria-label': 'Picture of who sends which data to whom. The text version below has the same content.',
    });
    container.append(root);
    const camera = svgEl('g', { class: 'camera' }, root);
    const edgeLayer = svgEl('g', { class: 'edges' }, camera);
    const nodeLayer = svgEl('g', { class: 'nodes' }, camera);
    const labelLayer = svgEl('g', { class: 'edge-labels' }, camera);

    /* ---------- building ---------- */

    for (const node of view.nodes) {
      const d = drawing.nodes[node.id];
      if (!d) continue;
      const g = svgEl('g', { class: 'node', tabindex: 0, role: 'button', 'data-id': node.id }, nodeLayer);
      g.setAttribute('aria-label', node.label + ' (' + (node.kind_label || node.kind) + ')');
      svgEl('title', {}, g).textContent = opts.describe ? opts.describe('node', node) : node.label;
      const color = safeColor(node.color);
      const box = edgesOf(d);
      const shape = node.shape;
      const rx = shape === 'ellipse' ? Math.min(d.h / 2, 18) : shape === 'box' ? 2 : 7;
      const rect = svgEl('rect', {
        x: box[0], y: box[1], width: d.w, height: d.h, rx: rx, fill: color, class: 'node-box',
      }, g);
      const dash = dashArray(node.dashes);
      if (dash) rect.setAttribute('stroke-dasharray', dash);
      if (shape === 'database') {
        svgEl('path', { d: `M${box[0]},${box[1] + 6} Q${d.x},${box[1] + 13} ${box[2]},${box[1] + 6}`, class: 'node-rim' }, g);
      }
      const glyph = GLYPHS[shape] || GLYPHS.dot;
      svgEl('path', { d: glyph, transform: `translate(${box[0] + 7},${box[1] + 7}) scale(0.75)`, class: 'node-glyph' }, g);
      const ink = hexLuminance(color) < 0.55 ? '#ffffff' : '#111111';
      const text = textLines(g, d.lines || [node.label], d.x, d.y, font, 'node-text');
      text.setAttribute('fill', ink);
      items.nodes.set(node.id, { g: g, d: d, box: box, text: text, textBox: null });
      g.addEventListener('click', (ev) => { ev.stopPropagation(); clicked({ nodes: [node.id], edges: [] }); });
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); ev.stopPropagation(); clicked({ nodes: [node.id], edges: [] }); }
      });
    }

    for (const edge of view.edges) {
      const d = drawing.edges[edge.id];
      if (!d) continue;
      const g = svgEl('g', { class: 'edge', 'data-id': edge.id }, edgeLayer);
      svgEl('title', {}, g).textContent = opts.describe ? opts.describe('edge', edge) : edge.label;
      const data = pathData(d.path);
      svgEl('path', { d: data, class: 'edge-hit' }, g);
      const line = svgEl('path', { d: data, class: 'edge-line' }, g);
      const dash = dashArray(edge.dashes);
      if (dash) line.setAttribute('stroke-dasharray', dash);
      if (Array.isArray(d.head) && d.head.length === 2) {
        const [[x0, y0], [x1, y1]] = d.head;
        const len = Math.hypot(x1 - x0, y1 - y0) || 1;
        const nx = -(y1 - y0) / len;
        const ny = (x1 - x0) / len;
        const w = 4.5;
        svgEl('path', { d: `M${x1},${y1} L${x0 + nx * w},${y0 + ny * w} L${x0 - nx * w},${y0 - ny * w}Z`, class: 'edge-head' }, g);
      }
      const pts = samplePath(d.path);
      if (Array.isArray(d.head) && d.head.length === 2) pts.push(d.head[1]);
      const entry = { g: g, d: d, pts: pts, label: null, badge: null, box: null, yielded: false };
      if (d.label) {
        const lg = svgEl('g', { class: 'edge-label', 'data-id': edge.id, tabindex: 0, role: 'button' }, labelLayer);
        lg.setAttribute('aria-label', 'Flow: ' + (edge.data_names || []).join(', '));
        svgEl('title', {}, lg).textContent = opts.describe ? opts.describe('edge', edge) : edge.label;
        const b = edgesOf(d.label);
        svgEl('rect', { x: b[0], y: b[1], width: d.label.w, height: d.label.h, rx: 3, class: 'edge-label-box' }, lg);
        entry.text = textLines(lg, d.label.lines || [edge.label], d.label.x, d.label.y, font, 'edge-text');
        entry.label = lg;
        entry.box = b;
        const badge = svgEl('g', { class: 'edge-badge', 'data-id': edge.id, tabindex: 0, role: 'button' }, labelLayer);
        badge.setAttribute('aria-label', 'Flow with ' + (edge.data || []).length + ' data items: ' + (edge.data_names || []).join(', '));
        svgEl('title', {}, badge).textContent = opts.describe ? opts.describe('edge', edge) : edge.label;
        svgEl('circle', { cx: d.label.x, cy: d.label.y, r: BADGE_R, class: 'edge-badge-dot' }, badge);
        textLines(badge, [String((edge.data || []).length || '…')], d.label.x, d.label.y, font, 'edge-badge-text');
        entry.badge = badge;
        entry.badgeBox = [d.label.x - BADGE_R, d.label.y - BADGE_R, d.label.x + BADGE_R, d.label.y + BADGE_R];
        for (const target of [lg, badge]) {
          target.addEventListener('click', (ev) => { ev.stopPropagation(); clicked({ nodes: [], edges: [edge.id] }); });
          target.addEventListener('keydown', (ev) => {
            if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); ev.stopPropagation(); clicked({ nodes: [], edges: [edge.id] }); }
          });
          target.addEventListener('pointerenter', () => setHover(edge.id));
          target.addEventListener('pointerleave', () => setHover(null));
          target.addEventListener('focus', () => setHover(edge.id));
          target.addEventListener('blur', () => setHover(null));
        }
      }
      items.edges.set(edge.id, entry);
      g.addEventListener('click', (ev) => { ev.stopPropagation(); clicked({ nodes: [], edges: [edge.id] }); });
      g.addEventListener('pointerenter', () => setHover(edge.id));
      g.addEventListener('pointerleave', () => setHover(null));
    }

    /* ---------- events ---------- */

    function emit(name, payload) {
      for (const fn of listeners.get(name) || []) fn(payload);
    }

    function on(name, fn) {
      if (!listeners.has(name)) listeners.set(name, []);
      listeners.get(name).push(fn);
    }

    function off(name, fn) {
      const list = listeners.get(name) || [];
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    }

    function once(name, fn) {
      const wrap = (p) => { off(name, wrap); fn(p); };
      on(name, wrap);
    }

    function clicked(sel) {
      setSelection(sel);
      emit('click', sel);
      emit('select', sel);
    }

    /* ---------- visibility, selection, spotlight, yielding labels ---------- */

    function isHidden(kind, id) {
      const entry = items[kind].get(id);
      return !entry || entry.g.classList.contains('is-hidden');
    }

    function setSelection(sel) {
      state.selected = {
        nodes: new Set((sel && sel.nodes || []).filter((id) => items.nodes.has(id))),
        edges: new Set((sel && sel.edges || []).filter((id) => items.edges.has(id))),
      };
      for (const [id, e] of items.nodes) e.g.classList.toggle('is-selected', state.selected.nodes.has(id));
      for (const [id, e] of items.edges) {
        const on = state.selected.edges.has(id);
        e.g.classList.toggle('is-selected', on);
        if (e.label) e.label.classList.toggle('is-selected', on);
      }
      placeLabels();
    }

    /**
     * Draw these nodes and flows normally and dim everything else (dimmed, never hidden); `chips` maps
     * flow ids to data ids that are new there, which get marked in the flow's label. null clears it.
     */
    function spotlight(nodes, edges, chips) {
      const lit = nodes || edges ? { nodes: new Set(nodes || []), edges: new Set(edges || []) } : null;
      state.lit = lit && (lit.nodes.size || lit.edges.size) ? lit : null;
      state.chips = new Map(Object.entries(chips || {}).map(([k, v]) => [k, new Set(v)]));
      root.classList.toggle('has-spotlight', Boolean(state.lit));
      for (const [id, e] of items.nodes) {
        e.g.classList.toggle('is-lit', Boolean(state.lit && state.lit.nodes.has(id)));
        e.g.classList.toggle('is-dim', Boolean(state.lit && !state.lit.nodes.has(id)));
      }
      for (const [id, e] of items.edges) {
        const on = Boolean(state.lit && state.lit.edges.has(id));
        const dim = Boolean(state.lit && !on);
        e.g.classList.toggle('is-lit', on);
        e.g.classList.toggle('is-dim', dim);
        if (e.label) {
          e.label.classList.toggle('is-lit', on);
          e.label.classList.toggle('is-dim', dim);
          e.badge.classList.toggle('is-dim', dim);
          e.label.classList.toggle('has-new', state.chips.has(id));
        }
      }
      placeLabels();
    }

    function setHover(id) {
      state.hover = id;
      for (const [eid, e] of items.edges) {
        if (!e.label) continue;
        e.label.classList.toggle('is-hover', eid === id && e.yielded);
      }
    }

    /**
     * Which edge labels show in full: the spotlit and selected ones first, then the others in the
     * model's order; a label yields (to its count badge) when its box meets a label already placed,
     * a node box, or another shown flow's line.
     */
    /**
     * What each edge label's box (and its badge's) meets in the drawing, which never moves: the nodes
     * and the other flows' lines. Computed once, so a step only compares boxes (a step settles in time).
     */
    function computeClashes() {
      for (const [id, e] of items.edges) {
        if (!e.label) continue;
        const meets = (b) => ({
          nodes: [...items.nodes].filter(([, n]) => overlaps(n.box, b, 1)).map(([nid]) => nid),
          lines: [...items.edges].filter(([other, o]) => other !== id && polylineHits(o.pts, b)).map(([oid]) => oid),
        });
        e.clash = meets(e.box);
        e.badgeClash = meets(e.badgeBox);
      }
    }

    function placeLabels() {
      if (!state.clashesReady) { computeClashes(); state.clashesReady = true; }
      const order = [];
      for (const [id, e] of items.edges) {
        if (!e.label) continue;
        const shown = !isHidden('edges', id);
        if (!shown) { e.label.classList.add('is-hidden'); e.badge.classList.add('is-hidden'); continue; }
        const rank = (state.lit && state.lit.edges.has(id)) || state.selected.edges.has(id) ? 0 : 1;
        order.push([rank, id, e]);
      }
      order.sort((a, b) => a[0] - b[0]);
      const placed = [];
      const clash = (b, meets) => placed.some((p) => overlaps(p, b, 1)) ||
        meets.nodes.some((n) => !isHidden('nodes', n)) || meets.lines.some((l) => !isHidden('edges', l));
      for (const [rank, id, e] of order) {
        let yielded = rank > 0 && clash(e.box, e.clash);
        if (!yielded) placed.push(e.box);
        else if (clash(e.badgeBox, e.badgeClash)) yielded = 'fully';
        else placed.push(e.badgeBox);
        e.yielded = Boolean(yielded);
        e.label.classList.toggle('is-hidden', Boolean(yielded));
        e.label.classList.toggle('is-hover', Boolean(yielded) && state.hover === id);
        e.badge.classList.toggle('is-hidden', yielded !== true);
      }
    }

    /** Keep the picture in step with the page's vis DataSets (filters hide, what-if greys). */
    function bindData(nodes, edges) {
      const sync = () => {
        for (const n of nodes.get()) {
          const e = items.nodes.get(n.id);
          if (!e) continue;
          e.g.classList.toggle('is-hidden', n.hidden === true);
          e.g.classList.toggle('is-grey', typeof n.opacity === 'number' && n.opacity < 1);
        }
        for (const x of edges.get()) {
          const e = items.edges.get(x.id);
          if (!e) continue;
          e.g.classList.toggle('is-hidden', x.hidden === true);
          e.g.classList.toggle('is-grey', Boolean(x.color && typeof x.color.opacity === 'number' && x.color.opacity < 1));
        }
        placeLabels();
      };
      for (const set of [nodes, edges]) for (const ev of ['add', 'update', 'remove']) set.on(ev, sync);
      sync();
    }

    /* ---------- camera ---------- */

    function size() {
      const r = root.getBoundingClientRect();
      return { w: r.width || container.clientWidth || 800, h: r.height || container.clientHeight || 600, rect: r };
    }

    function apply() {
      camera.setAttribute('transform', `translate(${state.tx},${state.ty}) scale(${state.s})`);
      root.dataset.scale = state.s.toFixed(3);
    }

    function setCamera(target, animate) {
      if (state.anim) cancelAnimationFrame(state.anim.frame);
      const reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      if (!animate || reduced) {
        state.s = target.s; state.tx = target.tx; state.ty = target.ty;
        state.anim = null;
        apply();
        settle();
        return;
      }
      const from = { s: state.s, tx: state.tx, ty: state.ty };
      const start = performance.now();
      const { w, h } = size();
      const mid = { x: w / 2, y: h / 2 };
      const c0 = { x: (mid.x - from.tx) / from.s, y: (mid.y - from.ty) / from.s };
      const c1 = { x: (mid.x - target.tx) / target.s, y: (mid.y - target.ty) / target.s };
      state.moving = true;
      root.dataset.moving = '1';
      const stepFrame = (now) => {
        const t = Math.min(1, (now - start) / TRANSITION_MS);
        const k = t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
        // Zoom geometrically and move the graph point under the screen centre in a straight line.
        state.s = from.s * Math.pow(target.s / from.s, k);
        const cx = c0.x + (c1.x - c0.x) * k;
        const cy = c0.y + (c1.y - c0.y) * k;
        state.tx = mid.x - cx * state.s;
        state.ty = mid.y - cy * state.s;
        apply();
        if (t < 1) state.anim = { frame: requestAnimationFrame(stepFrame) };
        else { state.anim = null; settle(); }
      };
      state.anim = { frame: requestAnimationFrame(stepFrame) };
    }

    function settle() {
      state.moving = false;
      root.dataset.moving = '0';
      emit('settled', {});
    }

    function insets() {
      const i = opts.insets ? opts.insets() : null;
      return { top: 0, right: 0, bottom: 0, left: 0, ...(i || {}) };
    }

    /** Box of some nodes and flows in drawing units ([l, t, r, b]); everything when both are empty. */
    function boundsOf(nodeIds, edgeIds) {
      const b = [Infinity, Infinity, -Infinity, -Infinity];
      const grow = (x) => { b[0] = Math.min(b[0], x[0]); b[1] = Math.min(b[1], x[1]); b[2] = Math.max(b[2], x[2]); b[3] = Math.max(b[3], x[3]); };
      const all = nodeIds.length === 0 && edgeIds.length === 0;
      for (const [id, e] of items.nodes) if ((all && !isHidden('nodes', id)) || nodeIds.includes(id)) grow(e.box);
      for (const [id, e] of items.edges) {
        if (!((all && !isHidden('edges', id)) || edgeIds.includes(id))) continue;
        if (e.box) grow(e.box);
        for (const p of e.pts) grow([p[0], p[1], p[0], p[1]]);
      }
      return Number.isFinite(b[0]) ? b : null;
    }

    /**
     * Zoom and pan so box `b` fills the free part of the screen (insets excluded), never below the
     * legible zoom. When it cannot fit at that zoom, the journey's start (left) and top stay in view.
     */
    function cameraFor(b, maxScale, anyZoom) {
      const { w, h } = size();
      const ins = insets();
      const free = { l: ins.left + FIT_PAD, t: ins.top + FIT_PAD, r: w - ins.right - FIT_PAD, b: h - ins.bottom - FIT_PAD };
      const fw = Math.max(50, free.r - free.l);
      const fh = Math.max(50, free.b - free.t);
      const bw = Math.max(1, b[2] - b[0]);
      const bh = Math.max(1, b[3] - b[1]);
      const floor = anyZoom ? USER_MIN_SCALE : minScaleNow();
      const s = Math.max(floor, Math.min(maxScale || MAX_SCALE, fw / bw, fh / bh));
      const tx = bw * s <= fw ? free.l + (fw - bw * s) / 2 - b[0] * s : free.l - b[0] * s;
      const ty = bh * s <= fh ? free.t + (fh - bh * s) / 2 - b[1] * s : free.t - b[1] * s;
      return { s: s, tx: tx, ty: ty };
    }

    /**
     * vis-style fit: `{nodes, edges, animation, maxZoomLevel}`; no ids = the whole (shown) picture.
     * `anyZoom: true` (the "Whole picture" button) may zoom below legible labels to show everything.
     */
    function fit(o) {
      const f = o || {};
      let b = boundsOf(f.nodes || [], f.edges || []);
      if (!b) return;
      if (f.anyZoom) {
        setCamera(cameraFor(b, f.maxZoomLevel, true), Boolean(f.animation));
        return;
      }
      const first = cameraFor(b, f.maxZoomLevel);
      const { w } = size();
      const ins = insets();
      const span = (w - ins.left - ins.right - 2 * FIT_PAD) / first.s;
      if (b[2] - b[0] > span + 1) {
        // Too wide to show legibly: show where the journey starts, framed on what lies there.
        b = startOfJourney(f.nodes || [], f.edges || [], b[0], b[0] + span) || b;
      }
      setCamera(cameraFor(b, f.maxZoomLevel), Boolean(f.animation));
    }

    /** Bounds of the given (or all shown) nodes that lie between x0 and x1, and their flows' labels. */
    function startOfJourney(nodeIds, edgeIds, x0, x1) {
      const all = nodeIds.length === 0 && edgeIds.length === 0;
      const ids = [];
      for (const [id, e] of items.nodes) {
        if (!(all ? !isHidden('nodes', id) : nodeIds.includes(id))) continue;
        if (e.box[0] >= x0 - 1 && e.box[2] <= x1 + 1) ids.push(id);
      }
      const near = new Set(ids);
      const labels = [];
      for (const [id, e] of items.edges) {
        const edge = edgeById.get(id);
        if (!e.box || isHidden('edges', id) || !(all || edgeIds.includes(id))) continue;
        if (near.has(edge.source) && near.has(edge.target) && e.box[2] <= x1 + 1) labels.push(id);
      }
      if (ids.length === 0) return null;
      const b = boundsOf(ids, []);
      for (const id of labels) {
        const lb = items.edges.get(id).box;
        b[1] = Math.min(b[1], lb[1]); b[3] = Math.max(b[3], lb[3]);
      }
      b[0] = x0;
      return b;
    }

    /**
     * Pan (not zoom) so these elements are inside the free part of the screen, e.g. after the details
     * panel opened over the right side. Does nothing when they are already in view.
     */
    function reveal(nodeIds, edgeIds, animate) {
      const b = boundsOf(nodeIds || [], edgeIds || []);
      if (!b) return;
      const { w, h } = size();
      const ins = insets();
      const free = [ins.left + 8, ins.top + 8, w - ins.right - 8, h - ins.bottom - 8];
      const sb = [b[0] * state.s + state.tx, b[1] * state.s + state.ty, b[2] * state.s + state.tx, b[3] * state.s + state.ty];
      let dx = 0;
      let dy = 0;
      if (sb[2] > free[2]) dx = free[2] - sb[2];
      if (sb[0] + dx < free[0]) dx = free[0] - sb[0];
      if (sb[3] > free[3]) dy = free[3] - sb[3];
      if (sb[1] + dy < free[1]) dy = free[1] - sb[1];
      if (dx === 0 && dy === 0) return;
      setCamera({ s: state.s, tx: state.tx + dx, ty: state.ty + dy }, animate);
    }

    /** Zoom by `factor` around a screen point (default: the centre). */
    function zoom(factor, at, animate) {
      const { w, h } = size();
      const p = at || { x: w / 2, y: h / 2 };
      const s = Math.max(USER_MIN_SCALE, Math.min(MAX_SCALE * 2, state.s * factor));
      const gx = (p.x - state.tx) / state.s;
      const gy = (p.y - state.ty) / state.s;
      setCamera({ s: s, tx: p.x - gx * s, ty: p.y - gy * s }, animate);
    }

    function moveTo(o) {
      const { w, h } = size();
      const s = o && o.scale ? o.scale : state.s;
      const pos = o && o.position ? o.position : { x: (w / 2 - state.tx) / state.s, y: (h / 2 - state.ty) / state.s };
      setCamera({ s: s, tx: w / 2 - pos.x * s, ty: h / 2 - pos.y * s }, Boolean(o && o.animation));
    }

    /* ---------- pointer: pan by dragging, zoom with the wheel ---------- */

    let drag = null;
    root.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, tx: state.tx, ty: state.ty, moved: false, id: ev.pointerId };
    });
    root.addEventListener('pointermove', (ev) => {
      if (!drag || drag.id !== ev.pointerId) return;
      const dx = ev.clientX - drag.x;
      const dy = ev.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) { drag.moved = true; root.setPointerCapture(ev.pointerId); root.classList.add('is-dragging'); }
      state.tx = drag.tx + dx;
      state.ty = drag.ty + dy;
      apply();
    });
    const endDrag = (ev) => {
      if (!drag || drag.id !== ev.pointerId) return;
      if (drag.moved) {
        root.classList.remove('is-dragging');
        // The click that ends a drag must not select what is under the pointer.
        root.addEventListener('click', (c) => c.stopPropagation(), { capture: true, once: true });
      }
      drag = null;
    };
    root.addEventListener('pointerup', endDrag);
    root.addEventListener('pointercancel', endDrag);
    root.addEventListener('click', () => clicked({ nodes: [], edges: [] }));
    root.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const r = root.getBoundingClientRect();
      zoom(Math.exp(-ev.deltaY * 0.0015), { x: ev.clientX - r.left, y: ev.clientY - r.top }, false);
    }, { passive: false });

    /* ---------- reading the picture back (tests, benchmark, compatibility) ---------- */

    function toScreen(b, r) {
      return [b[0] * state.s + state.tx + r.left, b[1] * state.s + state.ty + r.top,
        b[2] * state.s + state.tx + r.left, b[3] * state.s + state.ty + r.top];
    }

    function textBox(entry) {
      if (!entry.textBox) {
        const bb = entry.text.getBBox();
        entry.textBox = [bb.x, bb.y, bb.x + bb.width, bb.y + bb.height];
      }
      return entry.textBox;
    }

    /**
     * What is drawn now, in CSS pixels of the page: node boxes, labels (node and edge labels and
     * count badges, with their drawn font size) and every shown flow as a polyline of short segments.
     */
    function geometry() {
      const r = root.getBoundingClientRect();
      const nodes = [];
      const labels = [];
      const segs = [];
      const px = font * state.s;
      for (const [id, e] of items.nodes) {
        if (isHidden('nodes', id)) continue;
        nodes.push({ id: id, box: toScreen(e.box, r) });
        labels.push({ id: 'n:' + id, owner: id, box: toScreen(textBox(e), r), font: px });
      }
      for (const [id, e] of items.edges) {
        if (isHidden('edges', id)) continue;
        const edge = edgeById.get(id);
        for (let i = 1; i < e.pts.length; i += 1) {
          const a = e.pts[i - 1];
          const b = e.pts[i];
          segs.push({ id: id, from: edge.source, to: edge.target,
            a: [a[0] * state.s + state.tx + r.left, a[1] * state.s + state.ty + r.top],
            b: [b[0] * state.s + state.tx + r.left, b[1] * state.s + state.ty + r.top] });
        }
        if (!e.label) continue;
        const full = !e.yielded || e.label.classList.contains('is-hover');
        if (full) labels.push({ id: 'e:' + id, owner: id, edge: true, box: toScreen(e.box, r), font: px });
        else if (!e.badge.classList.contains('is-hidden')) {
          labels.push({ id: 'b:' + id, owner: id, edge: true, badge: true, box: toScreen(e.badgeBox, r), font: px });
        }
      }
      return { viewport: [window.innerWidth, window.innerHeight], canvas: [r.left, r.top, r.right, r.bottom],
        scale: state.s, moving: state.moving, nodes: nodes, labels: labels, segs: segs };
    }

    function getPositions(ids) {
      const out = {};
      for (const id of ids || [...items.nodes.keys()]) {
        const e = items.nodes.get(id);
        if (e) out[id] = { x: e.d.x, y: e.d.y };
      }
      return out;
    }

    function canvasToDOM(p) {
      return { x: p.x * state.s + state.tx, y: p.y * state.s + state.ty };
    }

    function DOMtoCanvas(p) {
      return { x: (p.x - state.tx) / state.s, y: (p.y - state.ty) / state.s };
    }

    /** The node or flow drawn on top at a point given relative to the picture (as canvasToDOM gives). */
    function hitAt(p) {
      const r = root.getBoundingClientRect();
      const hit = document.elementFromPoint(p.x + r.left, p.y + r.top);
      const g = hit && hit.closest ? hit.closest('.node, .edge, .edge-label, .edge-badge') : null;
      if (!g || !root.contains(g)) return null;
      return { kind: g.classList.contains('node') ? 'node' : 'edge', id: g.getAttribute('data-id') };
    }

    /**
     * A static copy of the picture with these nodes and flows spotlit (none: the whole picture),
     * framed on them: the print handout's picture of a step. The live picture is left as it was.
     */
    function snapshot(nodeIds, edgeIds) {
      const before = state.lit;
      const chips = state.chips;
      const any = nodeIds.length > 0 || edgeIds.length > 0;
      spotlight(any ? nodeIds : null, any ? edgeIds : null, null);
      const b = boundsOf(nodeIds, edgeIds) || [0, 0, drawing.width, drawing.height];
      const copy = svgEl('svg', { class: 'picture picture--print', 'font-family': FONT, role: 'img',
        viewBox: [b[0] - 20, b[1] - 20, b[2] - b[0] + 40, b[3] - b[1] + 40].join(' '),
        preserveAspectRatio: 'xMidYMid meet' });
      copy.setAttribute('aria-label', root.getAttribute('aria-label'));
      for (const layer of [edgeLayer, nodeLayer, labelLayer]) copy.append(layer.cloneNode(true));
      for (const t of copy.querySelectorAll('[tabindex]')) t.removeAttribute('tabindex');
      spotlight(before ? [...before.nodes] : null, before ? [...before.edges] : null,
        Object.fromEntries([...chips].map(([k, v]) => [k, [...v]])));
      return copy;
    }

    const api = {
      kind: 'svg',
      snapshot: snapshot,
      fit: fit,
      moveTo: moveTo,
      reveal: reveal,
      zoom: zoom,
      spotlight: spotlight,
      setSelection: (sel) => setSelection(sel),
      unselectAll: () => setSelection({ nodes: [], edges: [] }),
      getSelection: () => ({ nodes: [...state.selected.nodes], edges: [...state.selected.edges] }),
      getSelectedNodes: () => [...state.selected.nodes],
      getSelectedEdges: () => [...state.selected.edges],
      getPositions: getPositions,
      getScale: () => state.s,
      getViewPosition: () => DOMtoCanvas({ x: size().w / 2, y: size().h / 2 }),
      canvasToDOM: canvasToDOM,
      DOMtoCanvas: DOMtoCanvas,
      getNodeAt: (p) => { const h = hitAt(p); return h && h.kind === 'node' ? h.id : undefined; },
      getEdgeAt: (p) => { const h = hitAt(p); return h && h.kind === 'edge' ? h.id : undefined; },
      getConnectedNodes: (id) => { const e = edgeById.get(id); return e ? [e.source, e.target] : []; },
      geometry: geometry,
      isMoving: () => state.moving,
      minScale: minScaleNow,
      bindData: bindData,
      element: root,
      focusNode: (id) => { const e = items.nodes.get(id); if (e) e.g.focus({ preventScroll: true }); },
      on: on,
      off: off,
      once: once,
      redraw: () => { apply(); placeLabels(); },
      destroy: () => { root.remove(); listeners.clear(); },
    };
    apply();
    placeLabels();
    return api;
  }

  window.adflowsPicture = Object.freeze({ create: create, MIN_LABEL_PX: MIN_LABEL_PX, GLYPHS: GLYPHS });
})();
