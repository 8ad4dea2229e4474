/* adflows picture, reading back: what is drawn now in page pixels (geometry(), for tests and
 * bench/legibility.py), positions, hit tests and the static snapshot the print handout uses
 * (window.adflowsPictureParts.readback). One instance per picture, made by picture.js's create().
 * Same safety rule as picture.js: model text only goes in through textContent. No innerHTML.
 */
(function () {
  'use strict';

  const parts = window.adflowsPictureParts || (window.adflowsPictureParts = {});
  const { FONT, svgEl } = parts.shapes;

  parts.readback = function (pic) {
    const { state, items, root, font, drawing, edgeById, isHidden, spotlight, boundsOf } = pic;
    const [edgeLayer, nodeLayer, labelLayer] = pic.layers;

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

    return { geometry: geometry, getPositions: getPositions, canvasToDOM: canvasToDOM, DOMtoCanvas: DOMtoCanvas,
      hitAt: hitAt, snapshot: snapshot };
  };
})();
