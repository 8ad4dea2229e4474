/* adflows picture: draws `view.drawing` (positions placed in Python by the layout engine) as SVG.
 *
 * The page (drawing.js) and the web editor's live preview both draw models below the large-model
 * threshold with this renderer; larger ones keep vis-network. Exposes window.adflowsPicture.create,
 * which returns the renderer object the page publishes as `window.adflows.network` (see docs/web.md:
 * fit, focusOn, spotlight, setSelection, zoom, geometry, ...; deliberately no `.body`).
 *
 * Safety rule: model text is untrusted. The SVG is built with createElementNS, and text only ever goes
 * in through textContent (labels and <title> tooltips). No innerHTML, no markup strings.
 * Its parts are separate scripts loaded before this one (flows/output/page.py PICTURE_SCRIPTS, also the
 * web editor's): picture-shapes.js (constants, glyphs, path geometry), picture-labels.js (hidden,
 * selected, spotlit, yielding labels), picture-camera.js (zoom and pan) and picture-readback.js
 * (geometry(), hit tests, the handout's snapshot). create() here builds the SVG and joins them.
 *
 *
 * Legibility rules, measured by geometry() and bench/legibility.py: labels are drawn at the drawing's
 * font size times the zoom, and the camera never zooms out below MIN_LABEL_PX / font_px on its own
 * (a person may still zoom out with the wheel or the − button); an edge label that would collide with
 * another label, a node or another flow's line yields to a small count badge, shown in full on hover
 * or focus.
 */
(function () {
  'use strict';

  const parts = window.adflowsPictureParts;
  const { FONT, MIN_LABEL_PX, PHONE_WIDTH, PHONE_LABEL_PX, USER_MIN_SCALE, BADGE_R, GLYPHS } = parts.shapes;
  const { svgEl, hexLuminance, safeColor, dashArray, edgesOf, samplePath, pathData, textLines, t, tn } = parts.shapes;

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
      'aria-label': t('Picture of who sends which data to whom. The text version below has the same content.'),
    });
    container.append(root);
    const camera = svgEl('g', { class: 'camera' }, root);
    const edgeLayer = svgEl('g', { class: 'edges' }, camera);
    const nodeLayer = svgEl('g', { class: 'nodes' }, camera);
    const labelLayer = svgEl('g', { class: 'edge-labels' }, camera);


    // The picture's parts share this: its state, its items, its elements and its events.
    const pic = {
      container: container, opts: opts, drawing: drawing, font: font, root: root, cameraLayer: camera,
      layers: [edgeLayer, nodeLayer, labelLayer], items: items, state: state, edgeById: edgeById,
      minScaleNow: minScaleNow, emit: emit, clicked: clicked,
    };
    const { isHidden, setSelection, spotlight, setHover, placeLabels, bindData } = parts.labels(pic);
    Object.assign(pic, { isHidden: isHidden, spotlight: spotlight });
    const { size, apply, boundsOf, fit, reveal, zoom, moveTo } = parts.camera(pic);
    Object.assign(pic, { size: size, boundsOf: boundsOf });
    const { geometry, getPositions, canvasToDOM, DOMtoCanvas, hitAt, snapshot } = parts.readback(pic);


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
        lg.setAttribute('aria-label', t('Flow: {data}', { data: (edge.data_names || []).join(', ') }));
        svgEl('title', {}, lg).textContent = opts.describe ? opts.describe('edge', edge) : edge.label;
        const b = edgesOf(d.label);
        svgEl('rect', { x: b[0], y: b[1], width: d.label.w, height: d.label.h, rx: 3, class: 'edge-label-box' }, lg);
        entry.text = textLines(lg, d.label.lines || [edge.label], d.label.x, d.label.y, font, 'edge-text');
        entry.label = lg;
        entry.box = b;
        const badge = svgEl('g', { class: 'edge-badge', 'data-id': edge.id, tabindex: 0, role: 'button' }, labelLayer);
        badge.setAttribute('aria-label', tn('Flow with {n} data item: {data}', 'Flow with {n} data items: {data}', (edge.data || []).length, { data: (edge.data_names || []).join(', ') }));
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
