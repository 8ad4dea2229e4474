/* adflows picture, labels: what is hidden, selected and spotlit, and which flow labels show in full or
 * yield to a count badge (window.adflowsPictureParts.labels). One instance per picture, made by
 * picture.js's create() from the picture's shared parts (`pic`: its state, items and root).
 * Same safety rule as picture.js: model text only goes in through textContent. No innerHTML.
 */
(function () {
  'use strict';

  const parts = window.adflowsPictureParts || (window.adflowsPictureParts = {});
  const { overlaps, polylineHits } = parts.shapes;

  parts.labels = function (pic) {
    const { state, items, root } = pic;

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

    return { isHidden: isHidden, setSelection: setSelection, spotlight: spotlight, setHover: setHover,
      placeLabels: placeLabels, bindData: bindData };
  };
})();
