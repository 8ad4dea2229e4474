/* adflows picture, camera: zoom and pan (fit, reveal, zoom, moveTo, animated within TRANSITION_MS),
 * never below legible labels on its own; dragging pans, the wheel zooms (window.adflowsPictureParts.camera).
 * One instance per picture, made by picture.js's create() from the picture's shared parts (`pic`).
 */
(function () {
  'use strict';

  const parts = window.adflowsPictureParts || (window.adflowsPictureParts = {});
  const { MAX_SCALE, USER_MIN_SCALE, TRANSITION_MS, FIT_PAD } = parts.shapes;

  parts.camera = function (pic) {
    const { state, items, root, container, opts, edgeById, minScaleNow, isHidden, clicked, emit } = pic;
    const camera = pic.cameraLayer;

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

    return { size: size, apply: apply, boundsOf: boundsOf, fit: fit, reveal: reveal, zoom: zoom, moveTo: moveTo };
  };
})();
