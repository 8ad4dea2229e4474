/* adflows page: the graph on screen, as the SVG picture (picture.js) or with vis-network (graph.js) on
 * large models; selection, fitting and the zoom buttons (window.adflowsPage.drawing).
 *
 * init() draws and sets `shared.network`, `shared.nodes`, `shared.edges` (vis DataSets: the record of
 * what filters hide and what-if greys) and `shared.picture`. Owns which flows show their labels on a
 * large graph and the lit part of the picture. Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, REDUCED_MOTION } = page.kit;
  const graph = window.adflowsGraph; // shared drawing rules (graph.js), also used by the web editor
  let shared = null;
  let labelled = new Set(); // edges whose label is shown on a large graph (the selected ones)
  let spot = null; // what the picture spotlights and fits: { nodes, edges, fit }, or null

  /**
   * With the keyboard bound to the graph, vis-network calls frame.focus() on every mouse move; when
   * the graph is partly off screen that scrolls the page under the pointer, and a click lands on the
   * wrong spot. Focus without scrolling instead.
   */
  function preventFocusScroll(frame) {
    if (!frame) return;
    frame.focus = () => HTMLElement.prototype.focus.call(frame, { preventScroll: true });
  }

  /**
   * Draw the graph, then call `then` to set up everything else.
   *
   * On a large graph vis-network builds an object per flow (options, label, arrow) before it draws
   * anything: half the time to the first frame at 5,000 nodes and 20,000 flows. So its first frame
   * shows the nodes over a sketch of every flow as a plain line (what a large graph draws anyway),
   * and vis takes the flows over right after. `data-drawn` marks the first frame, `data-ready` the
   * page fully set up; on a small graph both come with the first frame.
   */
  function buildNetwork(view, then) {
    if (view.drawing && !shared.large && window.adflowsPicture) {
      buildPicture(view, then);
      return;
    }
    // A large model opens on its overview of groups (overview.js), drawn with the same SVG picture.
    if (view.overview && window.adflowsOverview && window.adflowsPicture) {
      buildPicture(view, then, window.adflowsOverview);
      return;
    }
    const container = byId('network');
    shared.nodes = new vis.DataSet(view.nodes.map(graph.visNode));
    const nodeOf = (id) => shared.byId.nodes.get(id);
    const edgeItems = graph.visEdges(view.edges, nodeOf, shared.large);
    shared.edges = new vis.DataSet(shared.large ? [] : edgeItems);
    const network = new vis.Network(container, { nodes: shared.nodes, edges: shared.edges }, graph.networkOptions(shared.large));
    shared.network = network;
    preventFocusScroll(container.querySelector('.vis-network'));
    network.on('click', onGraphClick);
    if (shared.large) {
      network.on('select', syncEdgeLabels);
      network.on('deselectNode', syncEdgeLabels);
      network.on('deselectEdge', syncEdgeLabels);
    }
    const body = document.body;
    if (!shared.large) {
      // vis draws on the next animation frame (the data and the fit below request it); one draw, not
      // a synchronous one here and another on that frame.
      network.once('afterDrawing', () => { body.dataset.drawn = '1'; body.dataset.ready = '1'; });
      network.fit({ animation: false });
      then();
      return;
    }
    const sketch = (ctx) => graph.sketchFlows(ctx, view.edges, nodeOf);
    network.on('beforeDrawing', sketch);
    sketchWhileDragging(network, view);
    network.once('afterDrawing', () => {
      body.dataset.drawn = '1';
      window.setTimeout(() => {
        network.off('beforeDrawing', sketch);
        shared.edges.add(edgeItems);
        then();
        body.dataset.ready = '1';
      }, 0);
    });
    network.fit({ animation: false });
  }

  /**
   * Draw the picture from `view.drawing` as SVG (picture.js). The vis DataSets stay as the page's
   * record of what filters hide and what-if greys (filters.js and whatif.js update them; the picture
   * follows), so `window.adflows.nodes` and `.edges` keep working; `window.adflows.network` is the SVG
   * renderer.
   */
  function buildPicture(view, then, overview) {
    const container = byId('network');
    container.classList.add('network--picture');
    shared.picture = true;
    const dataSets = () => {
      shared.nodes = new vis.DataSet(view.nodes.map((n) => ({ id: n.id, label: n.label })));
      shared.edges = new vis.DataSet(view.edges.map((e) => ({ id: e.id, from: e.source, to: e.target, label: e.label })));
      picture.bindData(shared.nodes, shared.edges);
    };
    const picture = (overview || window.adflowsPicture).create(container, view, {
      describe: (kind, item) => item.title || item.label,
      insets: pictureInsets,
    });
    shared.network = picture;
    picture.on('click', onGraphClick);
    addZoomButtons(container, picture);
    picture.fit({ animation: false });
    if (overview) {
      // The overview draws a few groups: on screen first; the DataSets of every node and flow (filters,
      // what-if) and the panels follow, as on a large vis-network graph.
      window.requestAnimationFrame(() => {
        document.body.dataset.drawn = '1';
        window.setTimeout(() => { dataSets(); then(); document.body.dataset.ready = '1'; }, 0);
      });
      return;
    }
    dataSets();
    then();
    window.requestAnimationFrame(() => {
      document.body.dataset.drawn = '1';
      // The print handout (handout.js) clones the drawn picture once per story step.
      if (window.adflowsHandout && !overview) window.adflowsHandout.build(byId('handout'), view, picture, nodesAround);
      document.body.dataset.ready = '1';
    });
  }

  /** Screen px of the picture covered by overlays: the presenter's step card, the details panel. */
  function pictureInsets() {
    const box = byId('network').getBoundingClientRect();
    const out = { top: 0, right: 0, bottom: 0, left: 0 };
    if (document.body.classList.contains('presenting')) {
      const card = byId('story').getBoundingClientRect();
      if (card.height > 0) out.top = Math.max(0, card.bottom - box.top);
      out.bottom = 30; // the key help line and the zoom buttons
    }
    const panel = byId('panel');
    if (!panel.hidden && window.getComputedStyle(panel).position !== 'static') {
      const r = panel.getBoundingClientRect();
      if (r.width > 0 && r.width < box.width * 0.8) out.right = Math.max(0, box.right - r.left);
      else if (r.height > 0) out.bottom = Math.max(0, box.bottom - r.top);
    }
    return out;
  }

  function addZoomButtons(container, picture) {
    const bar = el('div', { className: 'zoom-buttons' });
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', t('Zoom'));
    const zoomIn = button('+', () => picture.zoom(1.25, null, true), 'zoom-button');
    zoomIn.setAttribute('aria-label', t('Zoom in'));
    const zoomOut = button('−', () => picture.zoom(0.8, null, true), 'zoom-button');
    zoomOut.setAttribute('aria-label', t('Zoom out'));
    const fitAll = button(t('Fit'), () => refit(true), 'zoom-button');
    fitAll.setAttribute('aria-label', t('Frame the current step again, with legible labels'));
    const whole = button(t('Whole'), () => picture.fit({ anyZoom: true, animation: !REDUCED_MOTION }), 'zoom-button');
    whole.setAttribute('aria-label', t('Show the whole picture, even if its labels get small'));
    bar.append(zoomIn, zoomOut, fitAll, whole);
    container.parentElement.append(bar);
  }

  /** Fit the camera again to what the story step (or the overview) shows, e.g. after filters. */
  function refit(animate) {
    if (!shared.picture) return;
    const lit = spot;
    if (lit && (lit.fit.length || lit.edges.length)) shared.network.fit({ nodes: lit.fit, edges: lit.edges, animation: animate });
    else shared.network.fit({ animation: animate });
  }

  /**
   * While a large graph is dragged (the view or a node), vis-network hides its flows and nodes
   * (networkOptions in graph.js), and this draws every shown node as a rectangle of its colour and
   * size, at its place now: 60 frames a second at 5,000 and 20,000 nodes, where vis's own
   * shapes managed about 10 and 3 in software rendering (a sketch of the flows as well halved that
   * again, so they stay hidden, as before). Which nodes are shown and their sizes are read once per
   * drag; positions every frame, as a dragged node moves.
   */
  function sketchWhileDragging(network, view) {
    let sizes = new Map();
    const draw = (ctx) => {
      const positions = network.getPositions();
      graph.sketchNodes(ctx, view.nodes, (id) => {
        const size = sizes.get(id);
        return size && { x: positions[id].x, y: positions[id].y, halfWidth: size[0], halfHeight: size[1] };
      });
    };
    network.on('dragStart', () => {
      sizes = new Map();
      for (const id of shared.nodes.getIds({ filter: (n) => n.hidden !== true })) {
        sizes.set(id, graph.drawnHalfSize(shared.byId.nodes.get(id), () => network.getBoundingBox(id)));
      }
      network.off('beforeDrawing', draw);
      network.on('beforeDrawing', draw);
    });
    network.on('dragEnd', () => network.off('beforeDrawing', draw));
  }

  /** How a flow's line is dashed in the graph now (large graphs: only while it is selected). */
  function edgeDashes(id) {
    const edge = shared.byId.edges.get(id);
    if (!edge || (shared.large && !labelled.has(id))) return false;
    return edge.dashes || false;
  }

  /**
   * Large graphs draw flows as plain lines without labels (see visEdges in graph.js); the selected flows get
   * their label and evidence line style, so a clicked node, a story step or a finding still reads
   * as "what data goes where, on what evidence". One batched update, only for flows that change.
   */
  function syncEdgeLabels() {
    if (!shared.large || !shared.network) return;
    const wanted = new Set(shared.network.getSelectedEdges());
    const updates = [];
    for (const id of labelled) {
      // vis 9.1.2 keeps the old text for a null or empty label; a space draws nothing.
      if (!wanted.has(id)) updates.push({ id: id, label: ' ', dashes: false });
    }
    for (const id of wanted) {
      const edge = shared.byId.edges.get(id);
      if (edge && !labelled.has(id)) updates.push({ id: id, label: edge.label, dashes: edge.dashes || false });
    }
    labelled = wanted;
    if (updates.length) shared.edges.update(updates);
  }

  function onGraphClick(params) {
    if (params.nodes.length > 0) openPanel('node', params.nodes[0], { select: false, fromGraph: true });
    else if (params.edges.length > 0) openPanel('edge', params.edges[0], { select: false, fromGraph: true });
  }

  function setSelection(selection) {
    shared.network.setSelection(selection, { unselectAll: true, highlightEdges: false });
    syncEdgeLabels();
  }

  /**
   * Select these nodes and edges, and zoom to `fitIds` (all nodes when empty). The SVG picture
   * instead spotlights them (everything else dimmed) and fits them; `chips` marks new data.
   */
  function selectAndFit(nodeIds, edgeIds, fitIds, animate, chips) {
    const network = shared.network;
    if (shared.picture) {
      const any = nodeIds.length > 0 || edgeIds.length > 0;
      spot = any ? { nodes: nodeIds, edges: edgeIds, fit: fitIds } : null;
      network.setSelection({ nodes: nodeIds, edges: edgeIds });
      network.spotlight(any ? nodeIds : null, any ? edgeIds : null, chips);
      refit(animate && !REDUCED_MOTION);
      return;
    }
    setSelection({ nodes: nodeIds, edges: edgeIds });
    const animation = animate && !REDUCED_MOTION ? { duration: 500, easingFunction: 'easeInOutQuad' } : false;
    if (fitIds.length > 0) network.fit({ nodes: fitIds, animation: animation, maxZoomLevel: 1.4 });
    else network.fit({ animation: animation });
  }

  /** Node ids to show for some flows and nodes: the nodes plus both ends of every flow. */
  function nodesAround(nodeIds, edgeIds) {
    const ids = new Set(nodeIds.filter((id) => shared.byId.nodes.has(id)));
    for (const id of edgeIds) {
      const edge = shared.byId.edges.get(id);
      if (edge) { ids.add(edge.source); ids.add(edge.target); }
    }
    return [...ids];
  }

  const openPanel = (kind, id, options) => page.details.openPanel(kind, id, options);

  page.drawing = Object.freeze({
    /** Draw the graph for `shared.view`, then call `then` to set up everything else. */
    init: (s, then) => { shared = s; buildNetwork(s.view, then); },
    edgeDashes: edgeDashes,
    setSelection: setSelection,
    selectAndFit: selectAndFit,
    nodesAround: nodesAround,
    refit: refit,
  });
})();
