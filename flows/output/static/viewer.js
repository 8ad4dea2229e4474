/* adflows viewer: reads the view JSON embedded in the page and builds the graph, legend, details
 * panel, story player and text alternative, then hands over to panels.js for the analysis panels.
 * Plain JavaScript plus vis-network; nothing is fetched.
 *
 * Safety rule for this file: model text is untrusted. It is only ever inserted with textContent,
 * createTextNode or as vis-network string titles (shown as text). Never use innerHTML,
 * insertAdjacentHTML, outerHTML or document.write here. Links are created only for http(s) URLs.
 */
(function () {
  'use strict';

  const graph = window.adflowsGraph; // shared drawing rules (graph.js), also used by the web editor
  const SHAPES = new Set(['star', 'square', 'triangle', 'triangleDown', 'hexagon', 'box', 'database', 'diamond', 'dot', 'ellipse']);
  const STEP_DELAY_MS = 6000;
  const MAX_CHIPS = 3; // data chips beside a step's narration; the rest are counted
  const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  // From this size on the graph is drawn for speed: no edge labels until selected, no hover effects,
  // straight lines, edges hidden while dragging or zooming, and nodes sketched while dragging
  // (see networkOptions in graph.js and sketchWhileDragging).
  const LARGE_NODES = 1000;
  const LARGE_EDGES = 4000;
  // Long lists in the text version are built this many items at a time ("Show more").
  const PAGE_SIZE = 200;

  const state = {
    view: null,
    network: null,
    nodes: null,
    edges: null,
    byId: {},
    evidenceLevels: [],
    step: 0,
    timer: null,
    returnFocus: null,
    sort: { key: null, descending: false },
    large: false,
    labelled: new Set(), // edges whose label is shown on a large graph (the selected ones)
    pagers: [], // the text version's paged lists, completed before printing
  };

  /* ---------- small DOM helpers (text only) ---------- */

  function byId(id) {
    return document.getElementById(id);
  }

  /** Create an element; `props` may hold className, text and a few fixed attributes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    const p = props || {};
    if (p.className) node.className = p.className;
    if (p.text !== undefined && p.text !== null) node.textContent = String(p.text);
    if (p.type) node.type = p.type;
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function button(text, onClick, className) {
    const b = el('button', { type: 'button', text: text, className: className || 'link-button' });
    b.addEventListener('click', onClick);
    return b;
  }

  function indexById(list) {
    const map = new Map();
    for (const item of list || []) map.set(item.id, item);
    return map;
  }

  function humanise(slug) {
    const text = String(slug || '').replace(/-/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /* ---------- shared pieces: badges, swatches, sources ---------- */

  function evidenceBadge(level, label) {
    const badge = el('span', { className: 'badge', text: label || humanise(level) });
    if (state.evidenceLevels.includes(level)) badge.classList.add('badge--' + level);
    return badge;
  }

  function swatch(shape, color) {
    const s = el('span', { className: 'swatch' });
    s.classList.add('swatch--' + (SHAPES.has(shape) ? shape : 'dot'));
    s.style.backgroundColor = String(color || '');
    s.setAttribute('aria-hidden', 'true');
    return s;
  }

  /** A short name for a dash pattern, so the legend says in words what the line looks like. */
  function lineStyleName(dashes) {
    if (!Array.isArray(dashes) || dashes.length === 0) return 'solid';
    if (dashes[0] >= 8) return 'dashed';
    if (dashes[0] >= 2) return 'dotted';
    return 'sparse dots';
  }

  /** A short line drawn with the flow's own dash pattern (SVG stroke-dasharray, every number of it). */
  function lineSample(dashes) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'line-sample');
    svg.setAttribute('viewBox', '0 0 56 6');
    svg.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS(ns, 'line');
    for (const [k, v] of [['x1', 0], ['y1', 3], ['x2', 56], ['y2', 3], ['stroke', '#222'], ['stroke-width', 2.5]]) line.setAttribute(k, String(v));
    const pattern = Array.isArray(dashes) ? dashes.map(Number).filter((n) => Number.isFinite(n) && n >= 0) : [];
    if (pattern.length) line.setAttribute('stroke-dasharray', pattern.join(' '));
    svg.append(line);
    return svg;
  }

  function isWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function sourceTitle(source) {
    if (!isWebUrl(source.url)) return el('span', { text: source.title });
    const a = el('a', { text: source.title });
    a.href = source.url;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  function sourceItem(id) {
    const source = state.byId.sources.get(id);
    if (!source) return el('li', { text: id });
    const meta = [source.publisher, source.author, source.date].filter(Boolean).join(' · ');
    return el('li', null,
      sourceTitle(source),
      meta ? el('span', { className: 'source-meta', text: ' — ' + meta + ' ' }) : ' ',
      evidenceBadge(source.evidence, source.evidence_label),
      source.note ? el('p', { className: 'source-meta', text: source.note }) : null);
  }

  function sourceList(ids) {
    if (!ids || ids.length === 0) return el('p', { text: 'No source cited.' });
    return el('ul', null, ...ids.map(sourceItem));
  }

  function nodeName(id) {
    const node = state.byId.nodes.get(id);
    return node ? node.label : id;
  }

  /* ---------- header and legend ---------- */

  function renderHeader(view) {
    byId('model-title').textContent = view.model.title;
    byId('model-summary').textContent = view.model.summary;
  }

  function renderLegend(legend) {
    const kinds = byId('legend-kinds');
    for (const kind of legend.kinds) {
      kinds.append(el('li', null, swatch(kind.shape, kind.color), el('span', { text: kind.label }),
        el('span', { className: 'shape-name', text: kind.shape_name || humanise(kind.shape) })));
    }
    if (state.large) {
      // Large graphs draw flows as plain lines (visEdges in graph.js); only selected flows get their line style.
      byId('legend-evidence-heading').textContent = 'Evidence (border style; a flow’s line style when it is selected)';
      const noteText = byId('legend-evidence-note');
      noteText.textContent = 'This model is large, so flows are drawn as plain lines. A flow shows its line style ' +
        'and its data when you select it, or click a node it starts or ends at.';
      noteText.hidden = false;
    }
    const evidence = byId('legend-evidence');
    for (const level of legend.evidence) {
      evidence.append(el('li', null, lineSample(level.dashes), el('span', { text: level.label }),
        el('span', { className: 'shape-name', text: level.style || lineStyleName(level.dashes) })));
    }
  }

  /* ---------- the graph ---------- */

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
    if (view.drawing && !state.large && window.adflowsPicture) {
      buildPicture(view, then);
      return;
    }
    // A large model opens on its overview of groups (overview.js), drawn with the same SVG picture.
    if (view.overview && window.adflowsOverview && window.adflowsPicture) {
      buildPicture(view, then, window.adflowsOverview);
      return;
    }
    const container = byId('network');
    state.nodes = new vis.DataSet(view.nodes.map(graph.visNode));
    const nodeOf = (id) => state.byId.nodes.get(id);
    const edgeItems = graph.visEdges(view.edges, nodeOf, state.large);
    state.edges = new vis.DataSet(state.large ? [] : edgeItems);
    const network = new vis.Network(container, { nodes: state.nodes, edges: state.edges }, graph.networkOptions(state.large));
    state.network = network;
    preventFocusScroll(container.querySelector('.vis-network'));
    network.on('click', onGraphClick);
    if (state.large) {
      network.on('select', syncEdgeLabels);
      network.on('deselectNode', syncEdgeLabels);
      network.on('deselectEdge', syncEdgeLabels);
    }
    const body = document.body;
    if (!state.large) {
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
        state.edges.add(edgeItems);
        then();
        body.dataset.ready = '1';
      }, 0);
    });
    network.fit({ animation: false });
  }

  /**
   * Draw the picture from `view.drawing` as SVG (picture.js). The vis DataSets stay as the page's
   * record of what filters hide and what-if greys (panels.js updates them; the picture follows), so
   * `window.adflows.nodes` and `.edges` keep working; `window.adflows.network` is the SVG renderer.
   */
  function buildPicture(view, then, overview) {
    const container = byId('network');
    container.classList.add('network--picture');
    state.picture = true;
    const dataSets = () => {
      state.nodes = new vis.DataSet(view.nodes.map((n) => ({ id: n.id, label: n.label })));
      state.edges = new vis.DataSet(view.edges.map((e) => ({ id: e.id, from: e.source, to: e.target, label: e.label })));
      picture.bindData(state.nodes, state.edges);
    };
    const picture = (overview || window.adflowsPicture).create(container, view, {
      describe: (kind, item) => item.title || item.label,
      insets: pictureInsets,
    });
    state.network = picture;
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
    bar.setAttribute('aria-label', 'Zoom');
    const zoomIn = button('+', () => picture.zoom(1.25, null, true), 'zoom-button');
    zoomIn.setAttribute('aria-label', 'Zoom in');
    const zoomOut = button('−', () => picture.zoom(0.8, null, true), 'zoom-button');
    zoomOut.setAttribute('aria-label', 'Zoom out');
    const fitAll = button('Fit', () => refit(true), 'zoom-button');
    fitAll.setAttribute('aria-label', 'Frame the current step again, with legible labels');
    const whole = button('Whole', () => picture.fit({ anyZoom: true, animation: !REDUCED_MOTION }), 'zoom-button');
    whole.setAttribute('aria-label', 'Show the whole picture, even if its labels get small');
    bar.append(zoomIn, zoomOut, fitAll, whole);
    container.parentElement.append(bar);
  }

  /** Fit the camera again to what the story step (or the overview) shows, e.g. after filters. */
  function refit(animate) {
    if (!state.picture) return;
    const lit = state.spot;
    if (lit && (lit.fit.length || lit.edges.length)) state.network.fit({ nodes: lit.fit, edges: lit.edges, animation: animate });
    else state.network.fit({ animation: animate });
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
      for (const id of state.nodes.getIds({ filter: (n) => n.hidden !== true })) {
        sizes.set(id, graph.drawnHalfSize(state.byId.nodes.get(id), () => network.getBoundingBox(id)));
      }
      network.off('beforeDrawing', draw);
      network.on('beforeDrawing', draw);
    });
    network.on('dragEnd', () => network.off('beforeDrawing', draw));
  }

  /** How a flow's line is dashed in the graph now (large graphs: only while it is selected). */
  function edgeDashes(id) {
    const edge = state.byId.edges.get(id);
    if (!edge || (state.large && !state.labelled.has(id))) return false;
    return edge.dashes || false;
  }

  /**
   * Large graphs draw flows as plain lines without labels (see visEdges in graph.js); the selected flows get
   * their label and evidence line style, so a clicked node, a story step or a finding still reads
   * as "what data goes where, on what evidence". One batched update, only for flows that change.
   */
  function syncEdgeLabels() {
    if (!state.large || !state.network) return;
    const wanted = new Set(state.network.getSelectedEdges());
    const updates = [];
    for (const id of state.labelled) {
      // vis 9.1.2 keeps the old text for a null or empty label; a space draws nothing.
      if (!wanted.has(id)) updates.push({ id: id, label: ' ', dashes: false });
    }
    for (const id of wanted) {
      const edge = state.byId.edges.get(id);
      if (edge && !state.labelled.has(id)) updates.push({ id: id, label: edge.label, dashes: edge.dashes || false });
    }
    state.labelled = wanted;
    if (updates.length) state.edges.update(updates);
  }

  function onGraphClick(params) {
    if (params.nodes.length > 0) openPanel('node', params.nodes[0], { select: false, fromGraph: true });
    else if (params.edges.length > 0) openPanel('edge', params.edges[0], { select: false, fromGraph: true });
  }

  function setSelection(selection) {
    state.network.setSelection(selection, { unselectAll: true, highlightEdges: false });
    syncEdgeLabels();
  }

  /**
   * Select these nodes and edges, and zoom to `fitIds` (all nodes when empty). The SVG picture
   * instead spotlights them (everything else dimmed) and fits them; `chips` marks new data.
   */
  function selectAndFit(nodeIds, edgeIds, fitIds, animate, chips) {
    const network = state.network;
    if (state.picture) {
      const any = nodeIds.length > 0 || edgeIds.length > 0;
      state.spot = any ? { nodes: nodeIds, edges: edgeIds, fit: fitIds } : null;
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
    const ids = new Set(nodeIds.filter((id) => state.byId.nodes.has(id)));
    for (const id of edgeIds) {
      const edge = state.byId.edges.get(id);
      if (edge) { ids.add(edge.source); ids.add(edge.target); }
    }
    return [...ids];
  }

  /* ---------- details panel ---------- */

  function detailList(rows) {
    const dl = el('dl');
    for (const [term, value] of rows) {
      if (value === null || value === undefined || value === '') continue;
      dl.append(el('dt', { text: term }), el('dd', null, value));
    }
    return dl;
  }

  function commonParts(item) {
    const parts = [];
    if (item.assumption) {
      parts.push(el('p', { className: 'assumption' }, el('strong', { text: 'Assumption: ' }), item.assumption));
    }
    if (item.account) {
      const account = state.byId.accounts.get(item.account);
      parts.push(el('p', null, el('strong', { text: 'Belongs to the account: ' }),
        account ? account.title : item.account));
    }
    parts.push(el('h3', { text: 'Sources' }), sourceList(item.sources));
    return parts;
  }

  function flowButtons(edges, describe) {
    if (edges.length === 0) return null;
    return el('ul', null, ...edges.map((edge) =>
      el('li', null, button(describe(edge), () => openPanel('edge', edge.id)))));
  }

  function nodeBody(node) {
    const holds = (node.holds || []).map((id) => (state.byId.data.get(id) || { name: id }).name);
    const out = state.view.edges.filter((e) => e.source === node.id);
    const into = state.view.edges.filter((e) => e.target === node.id);
    return [
      el('p', { className: 'panel-kind' }, swatch(node.shape, node.color), ' ', node.kind_label + ' · ' + node.party_name),
      evidenceBadge(node.evidence, node.evidence_label),
      node.description ? el('p', { text: node.description }) : null,
      detailList([
        ['Kind', node.kind_label],
        ['Party', node.party_name],
        ['Inside', node.within ? nodeName(node.within) : null],
        ['Holds', holds.join(', ')],
      ]),
      out.length ? el('h3', { text: 'Sends' }) : null,
      flowButtons(out, (e) => '→ ' + nodeName(e.target) + ': ' + e.data_names.join(', ')),
      into.length ? el('h3', { text: 'Receives' }) : null,
      flowButtons(into, (e) => '← ' + nodeName(e.source) + ': ' + e.data_names.join(', ')),
      ...commonParts(node),
    ];
  }

  function edgeBody(edge) {
    return [
      el('p', { className: 'panel-kind', text: 'Data flow' }),
      evidenceBadge(edge.evidence, edge.evidence_label),
      edge.description ? el('p', { text: edge.description }) : null,
      detailList([
        ['From', button(nodeName(edge.source), () => openPanel('node', edge.source))],
        ['To', button(nodeName(edge.target), () => openPanel('node', edge.target))],
        ['Data carried', edge.data_names.join(', ')],
        ['Channel', edge.channel],
        ['Purpose', edge.purpose],
        ['What the person was told', edge.notice_label],
        ['Consent', edge.consent_label],
        ['Legal basis', humanise(edge.legal_basis)],
        ['Retention', edge.retention],
      ]),
      ...commonParts(edge),
    ];
  }

  /**
   * Show the details of a node or an edge. `options.select` (default true) also selects it in the
   * graph; `options.fromGraph` keeps the page from scrolling when the click came from the canvas.
   */
  function openPanel(kind, id, options) {
    const opts = options || {};
    const item = kind === 'node' ? state.byId.nodes.get(id) : state.byId.edges.get(id);
    if (!item) return false;
    const panel = byId('panel');
    if (panel.hidden) state.returnFocus = document.activeElement;
    byId('panel-title').textContent = kind === 'node'
      ? item.label
      : nodeName(item.source) + ' → ' + nodeName(item.target);
    byId('panel-body').replaceChildren(...(kind === 'node' ? nodeBody(item) : edgeBody(item)).filter(Boolean));
    panel.dataset.kind = kind;
    panel.dataset.id = id;
    panel.hidden = false;
    if (opts.select !== false) {
      setSelection(kind === 'node' ? { nodes: [id], edges: [] } : { nodes: [], edges: [id] });
    }
    panel.focus({ preventScroll: Boolean(opts.fromGraph) });
    if (state.picture) {
      // The panel floats over the right of the picture: move the camera so it does not cover the item.
      window.requestAnimationFrame(() => state.network.reveal(kind === 'node' ? [id] : [], kind === 'edge' ? [id] : [], !REDUCED_MOTION));
    }
    return true;
  }

  /** Close the details drawer; focus returns to where it was unless `options.restoreFocus` is false. */
  function closePanel(options) {
    const panel = byId('panel');
    if (panel.hidden) return;
    panel.hidden = true;
    const back = state.returnFocus;
    state.returnFocus = null;
    if (options && options.restoreFocus === false) return;
    if (back && document.contains(back) && back !== document.body) back.focus();
  }

  /* ---------- story player ---------- */

  /** `#step=N`, `#present` or `#present&step=N` (the presenter's share link). */
  function stepFromHash() {
    const m = /^#(?:present&)?step=(\d+)$/.exec(window.location.hash);
    if (m) return Number(m[1]);
    return window.location.hash === '#present' ? 0 : null;
  }

  function presentFromHash() {
    return /^#present(&step=\d+)?$/.test(window.location.hash);
  }

  function writeStepToUrl(n) {
    const presenting = document.body.classList.contains('presenting');
    const hash = presenting ? '#present&step=' + n : '#step=' + n;
    if (window.location.hash === hash) return;
    try {
      history.replaceState(null, '', hash);
    } catch (err) {
      window.location.hash = hash;
    }
  }

  /** Go to story step n (1-based; 0 is the overview). Returns the step actually shown. */
  function showStep(n, options) {
    const opts = options || {};
    const story = state.view.story;
    const index = Math.max(0, Math.min(story.length, Number(n) || 0));
    state.step = index;
    const box = byId('story-step');
    box.dataset.step = String(index);
    byId('story-prev').disabled = index === 0;
    byId('story-next').disabled = index === story.length;
    if (index === 0) {
      byId('story-counter').textContent = story.length ? `Overview · ${story.length} steps` : 'Overview';
      byId('story-title').textContent = 'The whole picture';
      byId('story-narration').textContent = story.length
        ? 'Press Next or the → key to step through the story. Click anything in the picture for details.'
        : 'This model has no story. Click anything in the picture for details.';
      selectAndFit([], [], [], opts.animate !== false);
    } else {
      const step = story[index - 1];
      byId('story-counter').textContent = `Step ${index} of ${story.length}`;
      byId('story-title').textContent = step.title;
      byId('story-narration').textContent = step.narration;
      const edges = step.flows.filter((id) => state.byId.edges.has(id));
      const around = nodesAround(step.nodes, edges);
      const chips = newDataOnStep(index);
      selectAndFit(around, edges, around, opts.animate !== false, chips);
      showNewData(chips);
    }
    if (index === 0) showNewData({});
    if (index > 0) revealStepAndPicture();
    if (opts.updateUrl !== false) writeStepToUrl(index);
    return index;
  }

  /**
   * Outside presenter mode the page header, the step box and Find come before the picture: on a
   * 1280x720 projector a step with new data pushed the picture below the fold. When less than half
   * of the picture is on screen, scroll so the step box is at the top, the picture right under it.
   */
  function revealStepAndPicture() {
    if (document.body.classList.contains('presenting')) return;
    const picture = byId('network').getBoundingClientRect();
    const onScreen = Math.min(picture.bottom, window.innerHeight) - Math.max(picture.top, 0);
    if (onScreen >= 0.5 * Math.min(picture.height, window.innerHeight)) return;
    const top = byId('story').getBoundingClientRect().top + window.scrollY;
    window.scrollTo({ top: Math.max(0, top - 8), behavior: 'auto' });
  }

  /**
   * Data a step adds where it joins: for each of the step's flows, the items that no flow brings into
   * its source node (flow id -> data ids). "Age, gender and spending" join the visit profile on the
   * platform's flow to it, so that step shows them, however often the flow was shown before.
   */
  function newDataOnStep(index) {
    if (!state.arriving) {
      state.arriving = new Map();
      for (const e of state.view.edges) {
        if (!state.arriving.has(e.target)) state.arriving.set(e.target, new Set());
        for (const d of e.data) state.arriving.get(e.target).add(d);
      }
    }
    const out = {};
    for (const id of state.view.story[index - 1].flows) {
      const edge = state.byId.edges.get(id);
      if (!edge) continue;
      const arriving = state.arriving.get(edge.source) || new Set();
      const fresh = edge.data.filter((d) => !arriving.has(d));
      if (fresh.length) out[id] = fresh;
    }
    return out;
  }

  /** "New here: age, gender, spending → Platform": what the step adds, beside its narration. */
  function showNewData(chips) {
    const box = byId('story-new');
    if (!box) return;
    const entries = Object.entries(chips);
    box.replaceChildren();
    box.hidden = entries.length === 0;
    if (box.hidden) return;
    box.append(el('span', { className: 'story-new-head', text: 'New in this step:' }));
    // One chip per set of items, naming where it goes (the same items on several flows: how many places).
    const bySet = new Map();
    for (const [id, items] of entries) {
      const key = items.join('\u0000');
      if (!bySet.has(key)) bySet.set(key, { items: items, flows: [] });
      bySet.get(key).flows.push(id);
    }
    const shown = [...bySet.values()];
    for (const { items, flows } of shown.slice(0, MAX_CHIPS)) {
      const chip = el('button', { type: 'button', className: 'data-chip' });
      for (const d of items) chip.append(el('span', { className: 'chip-item', text: (state.byId.data.get(d) || { name: d }).name }));
      const where = flows.length === 1 ? nodeName(state.byId.edges.get(flows[0]).target) : `${flows.length} places`;
      chip.append(el('span', { className: 'chip-route', text: ' → ' + where }));
      chip.addEventListener('click', () => openPanel('edge', flows[0]));
      box.append(chip);
    }
    if (shown.length > MAX_CHIPS) box.append(el('span', { className: 'chip-more', text: `and ${shown.length - MAX_CHIPS} more` }));
  }

  function nextStep() {
    if (state.step < state.view.story.length) showStep(state.step + 1);
    else stopPlaying();
  }

  function previousStep() {
    if (state.step > 0) showStep(state.step - 1);
  }

  function stopPlaying() {
    if (state.timer !== null) window.clearInterval(state.timer);
    state.timer = null;
    const play = byId('story-play');
    play.setAttribute('aria-pressed', 'false');
    play.textContent = 'Play';
  }

  function togglePlaying() {
    if (state.timer !== null) { stopPlaying(); return; }
    if (state.view.story.length === 0) return;
    if (state.step >= state.view.story.length) showStep(0);
    const play = byId('story-play');
    play.setAttribute('aria-pressed', 'true');
    play.textContent = 'Pause';
    nextStep();
    state.timer = window.setInterval(nextStep, STEP_DELAY_MS);
  }

  function setUpStory() {
    byId('story-prev').addEventListener('click', () => { stopPlaying(); previousStep(); });
    byId('story-next').addEventListener('click', () => { stopPlaying(); nextStep(); });
    byId('story-play').addEventListener('click', togglePlaying);
    byId('story-play').disabled = state.view.story.length === 0;
    byId('story-present').addEventListener('click', () => setPresenting(!document.body.classList.contains('presenting')));
    window.addEventListener('hashchange', () => {
      if (presentFromHash() !== document.body.classList.contains('presenting')) setPresenting(presentFromHash(), { updateUrl: false });
      const n = stepFromHash();
      if (n !== null && n !== state.step) showStep(n, { updateUrl: false });
    });
    if (presentFromHash()) setPresenting(true, { updateUrl: false, fit: false });
    const initial = stepFromHash();
    showStep(initial === null ? 0 : initial, { animate: false, updateUrl: false });
  }

  /**
   * Presenter mode: the picture fills the screen, the step's title and narration sit on top of it,
   * and the keyboard (or a clicker) steps through the story. `#present&step=N` opens it.
   */
  function setPresenting(on, options) {
    const opts = options || {};
    document.body.classList.toggle('presenting', on);
    const toggle = byId('story-present');
    toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    toggle.textContent = on ? 'Exit ✕' : 'Present';
    toggle.setAttribute('aria-label', on ? 'Leave presenter mode' : 'Present: the picture fills the screen');
    byId('presenter-help').hidden = !on;
    if (!on && document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    if (opts.updateUrl !== false) {
      const hash = on ? '#present&step=' + state.step : '#step=' + state.step;
      try { history.replaceState(null, '', hash); } catch (err) { window.location.hash = hash; }
    }
    if (on) window.scrollTo(0, 0);
    if (opts.fit !== false && state.network) window.requestAnimationFrame(() => refit(false));
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen().catch(() => {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  }

  /** Keys of presenter mode (clickers send PageDown / PageUp); returns true when it used the key. */
  function presenterKey(event) {
    const last = state.view.story.length;
    const actions = {
      ' ': nextStep, PageDown: nextStep, PageUp: previousStep,
      Home: () => showStep(0), End: () => showStep(last),
      f: toggleFullScreen, F: toggleFullScreen,
    };
    const action = actions[event.key];
    if (!action) return false;
    event.preventDefault();
    stopPlaying();
    action();
    return true;
  }

  function isTyping(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  }

  /**
   * ← and → always drive the story, even when the graph has focus (a teacher clicks a node, then
   * presses → on the clicker). Listening in the capture phase lets us stop vis-network's own
   * left/right panning; ↑/↓ panning and +/- zoom still reach the graph.
   */
  function onKeyDown(event) {
    if (event.key === 'Escape') {
      if (!byId('panel').hidden) closePanel();
      else if (document.body.classList.contains('presenting')) setPresenting(false);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (document.body.classList.contains('presenting') && presenterKey(event)) return;
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    event.stopPropagation();
    stopPlaying();
    if (event.key === 'ArrowRight') nextStep();
    else previousStep();
  }

  /* ---------- accounts ---------- */

  function highlightAccount(id) {
    const nodes = state.view.nodes.filter((n) => n.account === id).map((n) => n.id);
    const edges = state.view.edges.filter((e) => e.account === id).map((e) => e.id);
    stopPlaying();
    selectAndFit(nodes, edges, nodesAround(nodes, edges), true);
    const count = nodes.length + edges.length;
    byId('accounts-status').textContent = count
      ? `Highlighted ${count} item${count === 1 ? '' : 's'} in the picture for “${state.byId.accounts.get(id).title}”.`
      : 'Nothing in the picture is marked as belonging to this account.';
    return { nodes: nodes, edges: edges };
  }

  function renderAccounts(view) {
    const list = byId('accounts-list');
    if (!view.accounts || view.accounts.length === 0) {
      byId('accounts').hidden = true;
      return;
    }
    for (const account of view.accounts) {
      const heading = el('h3', null, button(account.title, () => highlightAccount(account.id)));
      list.append(el('div', { className: 'account' },
        heading,
        el('p', { text: account.summary }),
        el('p', null, 'Strongest evidence: ', evidenceBadge(account.evidence, evidenceLabel(account.evidence))),
        sourceList(account.sources)));
    }
    const status = el('p', { className: 'source-meta' });
    status.id = 'accounts-status';
    status.setAttribute('aria-live', 'polite');
    list.append(status);
  }

  function evidenceLabel(level) {
    const found = state.view.legend.evidence.find((e) => e.level === level);
    return found ? found.label : humanise(level);
  }

  /* ---------- text alternative: narrative, flow table, elements, sources ---------- */

  function renderNarrative(view) {
    const list = byId('narrative-list');
    if (view.story.length === 0) list.append(el('li', { text: 'This model has no story.' }));
    for (const step of view.story) {
      list.append(el('li', null,
        button(step.title, () => { stopPlaying(); showStep(step.index); byId('story').scrollIntoView(); }),
        el('p', { text: step.narration })));
    }
  }

  function flowColumns() {
    const rank = (level) => state.evidenceLevels.indexOf(level);
    const titles = (edge) => edge.sources.map((id) => (state.byId.sources.get(id) || { title: id }).title);
    return [
      { key: 'route', label: 'From → To', text: (e) => nodeName(e.source) + ' → ' + nodeName(e.target) },
      { key: 'data', label: 'Data', text: (e) => e.data_names.join(', ') },
      { key: 'purpose', label: 'Purpose', text: (e) => e.purpose || '' },
      { key: 'notice', label: 'What the person was told', text: (e) => e.notice_label },
      { key: 'consent', label: 'Consent', text: (e) => e.consent_label },
      { key: 'evidence', label: 'Evidence', text: (e) => e.evidence_label, order: (e) => rank(e.evidence) },
      { key: 'sources', label: 'Sources', text: (e) => titles(e).join('; ') },
    ];
  }

  /**
   * A long list in the text version, built PAGE_SIZE items at a time so a model with 20,000 flows
   * does not put 200,000 elements into the page before anyone asks for them. Under the list: how many
   * are shown, "Show N more" and "Show all" buttons (keyboard and screen-reader reachable; focus moves
   * to the first new item). `all()` completes the list, e.g. before printing.
   *
   * `container` receives the items; `controls` is where the status and buttons go; `make(item, i)`
   * builds one element; `noun` names the items ("flow", "thing").
   */
  function pager(container, controls, items, make, noun, nouns) {
    const self = { items: items, order: items.map((_, i) => i), shown: 0 };
    const status = el('p', { className: 'pager-status' });
    status.setAttribute('aria-live', 'polite');
    const more = button('', () => self.more(true), 'link-button pager-button');
    const all = button('', () => self.all(true), 'link-button pager-button');
    const box = el('div', { className: 'pager' }, status, more, ' ', all);
    controls.append(box);

    function update() {
      const total = self.order.length;
      const left = total - self.shown;
      box.hidden = total <= PAGE_SIZE;
      status.textContent = `Showing ${self.shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${total === 1 ? noun : nouns}.`;
      more.hidden = all.hidden = left === 0;
      more.textContent = `Show ${Math.min(PAGE_SIZE, left).toLocaleString('en')} more`;
      all.textContent = `Show all ${total.toLocaleString('en')}`;
    }

    function grow(upTo, focus) {
      const end = Math.min(upTo, self.order.length);
      if (end <= self.shown) return;
      const fragment = document.createDocumentFragment();
      for (let k = self.shown; k < end; k += 1) {
        const i = self.order[k];
        fragment.append(make(self.items[i], i));
      }
      const first = fragment.firstElementChild;
      container.append(fragment);
      self.shown = end;
      update();
      const target = focus && first ? first.querySelector('button, a') : null;
      if (target) target.focus();
    }

    self.more = (focus) => grow(self.shown + PAGE_SIZE, focus);
    self.all = (focus) => grow(self.order.length, focus);
    /** Show the items in a new order, as many as were shown before (at least one page). */
    self.reorder = (order) => {
      const count = Math.max(self.shown, Math.min(PAGE_SIZE, order.length));
      self.order = order;
      self.shown = 0;
      container.replaceChildren();
      grow(count, false);
    };
    grow(PAGE_SIZE, false);
    if (self.order.length === 0) update();
    state.pagers.push(self);
    return self;
  }

  function flowRow(columns) {
    return (edge, i) => {
      const row = el('tr');
      row.dataset.index = String(i);
      row.dataset.id = edge.id;
      for (const column of columns) {
        const text = column.text(edge);
        const cell = column.key === 'route'
          ? el('td', null, button(text, () => openPanel('edge', edge.id)))
          : el('td', { text: text });
        row.append(cell);
      }
      return row;
    };
  }

  function renderFlowTable(view) {
    const columns = flowColumns();
    const head = byId('flow-table-head');
    for (const column of columns) {
      const th = el('th', null, button(column.label, () => sortFlowTable(column), ''));
      th.scope = 'col';
      th.dataset.key = column.key;
      head.append(th);
    }
    state.flowPager = pager(byId('flow-table-body'), byId('flows'),
      view.edges, flowRow(columns), 'flow', 'flows');
  }

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  /** Sort every flow (not only the rows shown) by a column; a second click reverses the order. */
  function sortFlowTable(column) {
    const descending = state.sort.key === column.key ? !state.sort.descending : false;
    state.sort = { key: column.key, descending: descending };
    const edges = state.view.edges;
    const keys = edges.map((edge) => (column.order ? column.order(edge) : column.text(edge)));
    const order = edges.map((_, i) => i);
    order.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      const c = typeof ka === 'number' ? ka - kb : collator.compare(ka, kb);
      return (descending ? -c : c) || a - b;
    });
    state.flowPager.reorder(order);
    for (const th of byId('flow-table-head').children) {
      if (th.dataset.key === column.key) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }

  function renderElements(view) {
    const make = (node) => el('li', null, button(node.label, () => openPanel('node', node.id)),
      el('span', { className: 'source-meta', text: ' ' + node.kind_label + ' · ' + node.party_name }));
    pager(byId('elements-list'), byId('elements'), view.nodes, make, 'thing', 'things');
  }

  function renderSources(view) {
    const list = byId('sources-list');
    if (view.sources.length === 0) list.append(el('li', { text: 'This model cites no sources.' }));
    else pager(list, byId('sources'), view.sources, (source) => sourceItem(source.id), 'source', 'sources');
  }

  /** Before printing (or print preview), build every row: the printout must hold all of it. */
  function completeForPrint() {
    for (const p of state.pagers) p.all(false);
  }

  /**
   * Later analysis stages add optional view keys (findings, knowledge, journeys). Each entry here
   * renders one of them as an extra section when the key is present; a missing key is skipped.
   */
  const EXTRA_SECTIONS = [];

  function renderExtraSections(view) {
    const container = byId('extra-sections');
    for (const section of EXTRA_SECTIONS) {
      if (view[section.key] === undefined || view[section.key] === null) continue;
      const box = el('section', null, el('h2', { text: section.title }));
      box.id = 'section-' + section.key;
      section.render(view[section.key], box, view);
      container.append(box);
    }
  }

  /* ---------- start ---------- */

  /** The flow table, the element list, extra sections and the sources: built once. */
  function renderTextAlternative() {
    if (state.textBuilt) return;
    state.textBuilt = true;
    renderFlowTable(state.view);
    renderElements(state.view);
    renderExtraSections(state.view);
    renderSources(state.view);
  }

  /** Run `task` when the browser is idle (soon after the first frame), or after a short delay. */
  function whenIdle(task) {
    if (window.requestIdleCallback) window.requestIdleCallback(task, { timeout: 1000 });
    else window.setTimeout(task, 50);
  }

  function main() {
    const view = JSON.parse(byId('adflows-view').textContent);
    // A large model's nodes and flows arrive packed (flows/output/packed.py): rebuilt before anything reads them.
    if (view.packed && window.adflowsUnpack) window.adflowsUnpack(view);
    state.view = view;
    state.large = view.nodes.length >= LARGE_NODES || view.edges.length >= LARGE_EDGES;
    state.evidenceLevels = view.legend.evidence.map((e) => e.level);
    state.byId = {
      nodes: indexById(view.nodes),
      edges: indexById(view.edges),
      sources: indexById(view.sources),
      accounts: indexById(view.accounts),
      data: indexById(view.data),
    };
    renderHeader(view);
    renderLegend(view.legend);
    // Draw first; the panels and the long text version follow once the picture is on screen.
    buildNetwork(view, () => setUpPanels(view));
  }

  function setUpPanels(view) {
    renderAccounts(view);
    renderNarrative(view);
    byId('panel-close').addEventListener('click', () => closePanel());
    window.addEventListener('keydown', onKeyDown, true);
    setUpStory();
    // panels.js (findings, who knows what, journeys, filters, what-if) runs before us and waits here.
    const panels = window.adflowsPanels ? window.adflowsPanels.init({
      state: state,
      el: el,
      button: button,
      selectAndFit: selectAndFit,
      nodesAround: nodesAround,
      stopPlaying: stopPlaying,
      openPanel: openPanel,
      closePanel: () => closePanel({ restoreFocus: false }),
      evidenceLabel: evidenceLabel,
      nodeName: nodeName,
      humanise: humanise,
      sourceList: sourceList,
      whenIdle: whenIdle,
      edgeDashes: edgeDashes,
      refit: refit,
    }) : null;
    window.adflows = {
      panels: panels,
      network: state.network,
      nodes: state.nodes,
      edges: state.edges,
      view: view,
      showStep: showStep,
      openPanel: openPanel,
      closePanel: closePanel,
      highlightAccount: highlightAccount,
      showText: () => { renderTextAlternative(); completeForPrint(); },
      geometry: () => (state.picture ? state.network.geometry() : null),
      present: (on) => setPresenting(on !== false),
    };
    // Small models get their text version at once; large ones when the browser is idle.
    if (state.large) whenIdle(renderTextAlternative);
    else renderTextAlternative();
    const beforePrint = () => { renderTextAlternative(); completeForPrint(); };
    window.addEventListener('beforeprint', beforePrint);
    const print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', (e) => { if (e.matches) beforePrint(); });
  }

  main();
})();
