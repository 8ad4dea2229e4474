/* adflows overview: semantic zoom for large models (view.overview, built by flows/view/overview.py).
 *
 * A thousand vendors drawn at once are a grey bar; a researcher first wants the groups, then one group's
 * members, then one vendor with its own flows. This draws three levels with picture.js, one at a time:
 *   1. the overview: the groups as nodes with their counts and the flows between them merged (dot's
 *      drawing from Python, at most view.overview.max_drawn nodes plus flows);
 *   2. a group: a page of its members in a column, the groups that send to them on the left and those
 *      they send to on the right, one line per member and group;
 *   3. a focus: any nodes and flows of the model (Find, a finding, a story step, a click on a member),
 *      with their own flows and neighbours, in columns by the model's layers.
 * `create` returns an object with picture.js's API (so drawing.js and the panels use it as the picture)
 * that forwards to the picture drawn now, switches to a focus when asked to select, spotlight or fit
 * ids that are not drawn, and keeps the listeners the page registered across switches. A bar above the
 * picture says where you are and leads back; `#group=ID` and `#node=ID` open a group or a node.
 * The drawing of a group or a focus comes from overview-columns.js, loaded before this file.
 * Model text only reaches the page through textContent (picture.js and here).
 */
(function () {
  'use strict';

  const PAGE = 20; // members drawn at once in a group
  const FOCUS_NODES = 60; // nodes drawn at most in a focus
  const FOCUS_EDGES = 120;
  const PROXY = 'overview:'; // ids of group stand-ins and merged lines in a group's picture
  const { columnsDrawing } = window.adflowsPage.overviewColumns;
  const i18n = window.adflowsPage.i18n;
  const { t, tn } = i18n;

  function create(container, view, options) {
    const opts = options || {};
    const ov = view.overview;
    const groups = new Map(ov.groups.map((g) => [g.id, g]));
    const groupOf = new Int32Array(view.nodes.length);
    ov.groups.forEach((g, gi) => { for (const i of g.members) groupOf[i] = gi; });
    const nodeIndex = new Map(view.nodes.map((n, i) => [n.id, i]));
    let adjacency = null; // node index -> edge indices, built on first need

    const listeners = new Map();
    let data = null; // the page's vis DataSets (filters, what-if), bound to the members' pictures
    const dataWatchers = [];
    let current = null;
    let currentView = null; // the view drawn now: its drawing says which ids are on screen
    let level = { kind: 'overview' };
    let lastSelection = { nodes: [], edges: [] };

    const bar = document.createElement('nav');
    bar.className = 'overview-bar';
    bar.setAttribute('aria-label', t('Where you are in the overview'));
    Object.assign(bar.style, { position: 'absolute', bottom: '6px', left: '6px', zIndex: '1', display: 'flex',
      flexWrap: 'wrap', gap: '6px', alignItems: 'center', maxWidth: 'calc(100% - 260px)', background: 'rgba(255,255,255,0.92)',
      padding: '4px 6px', borderRadius: '4px' });
    if (window.getComputedStyle(container).position === 'static') container.style.position = 'relative';
    container.append(bar);

    /** The page's insets (panel, presenter card), plus the bar over the bottom of the picture. */
    function insets() {
      const out = Object.assign({ top: 0, right: 0, bottom: 0, left: 0 }, opts.insets ? opts.insets() : {});
      out.bottom = Math.max(out.bottom, bar.offsetHeight + 8);
      return out;
    }

    function edgesOf(i) {
      if (!adjacency) {
        adjacency = new Map();
        view.edges.forEach((e, k) => {
          for (const end of [nodeIndex.get(e.source), nodeIndex.get(e.target)]) {
            if (!adjacency.has(end)) adjacency.set(end, []);
            adjacency.get(end).push(k);
          }
        });
      }
      return adjacency.get(i) || [];
    }

    function button(text, onClick) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'overview-button';
      b.textContent = text;
      b.addEventListener('click', onClick);
      return b;
    }

    function say(text) {
      const s = document.createElement('span');
      s.className = 'overview-where';
      s.textContent = text;
      return s;
    }

    function renderBar() {
      const parts = [];
      if (level.kind === 'overview') {
        const total = i18n.number(view.nodes.length);
        parts.push(say(t('Overview: {nodes} nodes in {groups} groups (by {level}). Open a group to see its members.', { nodes: total, groups: ov.groups.length, level: ov.level })));
      } else {
        parts.push(button(t('← Overview'), () => { leaveFind(); showOverview(); }));
        if (level.kind === 'group') {
          const g = groups.get(level.id);
          const last = Math.min(g.count, level.start + PAGE);
          parts.push(say(t('{group} · members {first}–{last} of {total}', { group: g.label, first: level.start + 1, last: last, total: i18n.number(g.count) })));
          if (level.start > 0) parts.push(button(t('Previous'), () => showGroup(level.id, level.start - PAGE)));
          if (last < g.count) parts.push(button(t('Next'), () => showGroup(level.id, level.start + PAGE)));
        } else {
          const back = level.group;
          if (back) parts.push(button(t('Group: {group}', { group: groups.get(back).label }), () => { leaveFind(); showGroup(back, 0); }));
          parts.push(say(level.title));
        }
      }
      bar.replaceChildren(...parts);
    }

    /** Going back up from a Find focus ends it: its filter would otherwise hide the group's members. */
    function leaveFind() {
      const panels = window.adflows && window.adflows.panels;
      if (panels && panels.clearFocus) panels.clearFocus({ fit: false });
    }

    function writeHash(hash) {
      if (/^#(step|present|focus)/.test(i18n.hash()) && !hash) return;
      i18n.writeHash(hash);
    }

    function draw(subView, bind) {
      if (current) current.destroy();
      currentView = subView;
      current = window.adflowsPicture.create(container, subView, { describe: opts.describe, insets: insets });
      for (const [name, fns] of listeners) for (const fn of fns) current.on(name, fn);
      current.on('click', intercept);
      dataWatchers.length = 0;
      if (bind && data) current.bindData(watched(data.nodes), watched(data.edges));
      container.append(bar);
      renderBar();
      current.fit({ animation: false });
      document.body.dataset.overviewLevel = level.kind;
    }

    /** A DataSet stand-in whose change events reach only the picture drawn now. */
    function watched(set) {
      return {
        get: () => set.get(),
        on: (name, fn) => dataWatchers.push(fn),
      };
    }

    function intercept(params) {
      // Clicks on groups and merged lines are the overview's own; real nodes and flows go to the page.
      const id = (params.nodes && params.nodes[0]) || (params.edges && params.edges[0]);
      if (!id) return;
      if (level.kind === 'overview') {
        const g = groups.get(id) ? id : String(id).split('--')[0];
        if (groups.has(g)) showGroup(g, 0);
      } else if (String(id).startsWith(PROXY)) {
        const rest = String(id).slice(PROXY.length);
        const g = rest.includes('>') ? rest.split('>').find((part) => groups.has(part)) : rest;
        if (groups.has(g)) showGroup(g, 0);
      } else if (level.kind === 'group' && params.nodes && params.nodes[0]) {
        showFocus([params.nodes[0]], []); // a member: drawn with its own flows and neighbours
      }
    }

    function isProxyClick(params) {
      const id = (params.nodes && params.nodes[0]) || (params.edges && params.edges[0]);
      return level.kind === 'overview' || String(id || '').startsWith(PROXY);
    }

    function showOverview() {
      level = { kind: 'overview' };
      lastSelection = { nodes: [], edges: [] };
      draw(ov.view, false);
      writeHash('');
      return true;
    }

    function groupNode(g) {
      const n = ov.view.nodes.find((x) => x.id === g.id);
      return Object.assign({}, n, { id: PROXY + g.id, label: g.label, title: g.label + '\n' + t('Group: open to see its members') });
    }

    function showGroup(id, start) {
      const g = groups.get(id);
      if (!g) return false;
      const from = Math.max(0, Math.min(start || 0, Math.max(0, g.count - 1)));
      level = { kind: 'group', id: id, start: from - (from % PAGE) };
      const members = g.members.slice(level.start, level.start + PAGE);
      const gi = ov.groups.indexOf(g);
      const left = new Map();
      const right = new Map();
      const lines = new Map();
      for (const i of members) {
        for (const k of edgesOf(i)) {
          const e = view.edges[k];
          const out = e.source === view.nodes[i].id;
          const other = nodeIndex.get(out ? e.target : e.source);
          const og = groupOf[other];
          if (og === gi) continue;
          const other_g = ov.groups[og];
          (out ? right : left).set(other_g.id, other_g);
          const key = out ? view.nodes[i].id + '>' + other_g.id : other_g.id + '>' + view.nodes[i].id;
          lines.set(key, (lines.get(key) || 0) + 1);
        }
      }
      for (const k of right.keys()) if (left.has(k)) right.delete(k);
      const memberNodes = members.map((i) => view.nodes[i]);
      const nodes = [...[...left.values()].map(groupNode), ...memberNodes, ...[...right.values()].map(groupNode)];
      const edges = [];
      for (const [key, count] of lines) {
        const [a, b] = key.split('>');
        const source = groups.has(a) ? PROXY + a : a;
        const target = groups.has(b) ? PROXY + b : b;
        edges.push({ id: PROXY + key, source: source, target: target, label: '', data: [], data_names: [],
          dashes: false, title: count + (count === 1 ? ' flow' : ' flows') });
      }
      const columns = [[...left.values()].map(groupNode), memberNodes, [...right.values()].map(groupNode)].filter((c) => c.length);
      draw({ nodes: nodes, edges: edges, drawing: columnsDrawing(columns, edges) }, true);
      writeHash('#group=' + encodeURIComponent(id));
      return true;
    }

    /** Draw these nodes and flows; a few nodes without flows come with their own flows and neighbours. */
    function showFocus(nodeIds, edgeIds) {
      const nodeSet = new Set(nodeIds.filter((id) => nodeIndex.has(id)).slice(0, FOCUS_NODES));
      const edgeSet = new Set();
      const byEdgeId = edgeIds.length ? new Map(view.edges.map((e, k) => [e.id, k])) : null;
      for (const id of edgeIds) {
        const k = byEdgeId.get(id);
        if (k === undefined || edgeSet.size >= FOCUS_EDGES) continue;
        edgeSet.add(k);
        nodeSet.add(view.edges[k].source);
        nodeSet.add(view.edges[k].target);
      }
      if (!nodeSet.size) return false;
      const own = edgeIds.length === 0;
      for (const id of [...nodeSet]) {
        for (const k of edgesOf(nodeIndex.get(id))) {
          const e = view.edges[k];
          const inside = nodeSet.has(e.source) && nodeSet.has(e.target);
          if (edgeSet.size >= FOCUS_EDGES) break;
          if (inside || (own && nodeSet.size < FOCUS_NODES)) {
            edgeSet.add(k);
            nodeSet.add(e.source);
            nodeSet.add(e.target);
          }
        }
      }
      const nodes = [...nodeSet].map((id) => view.nodes[nodeIndex.get(id)]);
      const edges = [...edgeSet].map((k) => view.edges[k]);
      const xs = [...new Set(nodes.map((n) => n.x))].sort((a, b) => a - b);
      const columns = xs.map((x) => nodes.filter((n) => n.x === x).sort((a, b) => a.y - b.y));
      const first = nodeIds[0] && nodeIndex.has(nodeIds[0]) ? view.nodes[nodeIndex.get(nodeIds[0])] : nodes[0];
      level = {
        kind: 'focus', ids: nodes.map((n) => n.id),
        group: ov.groups[groupOf[nodeIndex.get(first.id)]].id,
        title: nodeIds.length === 1 && own ? t('{node} with its own flows', { node: first.label })
          : t('{nodes} nodes and {flows} flows', { nodes: nodes.length, flows: edges.length }),
      };
      draw({ nodes: nodes, edges: edges, drawing: columnsDrawing(columns, edges) }, true);
      if (nodeIds.length === 1 && own && !/^#(step|present|focus)/.test(i18n.hash())) writeHash('#node=' + encodeURIComponent(first.id));
      return true;
    }

    function drawn(nodeIds, edgeIds) {
      const d = current ? currentDrawing() : null;
      return Boolean(d) && (nodeIds || []).every((id) => id in d.nodes) && (edgeIds || []).every((id) => id in d.edges);
    }

    function currentDrawing() { return currentView && currentView.drawing; }

    function ensure(nodeIds, edgeIds) {
      const nodes = nodeIds || [];
      const edges = edgeIds || [];
      if ((!nodes.length && !edges.length) || drawn(nodes, edges)) return;
      showFocus(nodes, edges);
    }

    const overrides = {
      kind: 'overview',
      on: (name, fn) => {
        if (!listeners.has(name)) listeners.set(name, new Set());
        const wrapped = name === 'click' ? (p) => { if (!isProxyClick(p)) fn(p); } : fn;
        wrapped.original = fn;
        listeners.get(name).add(wrapped);
        if (current) current.on(name, wrapped);
      },
      off: (name, fn) => {
        for (const w of [...(listeners.get(name) || [])]) {
          if (w === fn || w.original === fn) { listeners.get(name).delete(w); if (current) current.off(name, w); }
        }
      },
      once: (name, fn) => {
        const one = (p) => { overrides.off(name, one); fn(p); };
        overrides.on(name, one);
      },
      bindData: (nodes, edges) => {
        data = { nodes: nodes, edges: edges };
        const notify = () => { for (const fn of dataWatchers.slice()) fn(); };
        for (const set of [nodes, edges]) for (const ev of ['add', 'update', 'remove']) set.on(ev, notify);
        if (level.kind !== 'overview') current.bindData(watched(nodes), watched(edges));
      },
      setSelection: (sel) => {
        lastSelection = { nodes: (sel && sel.nodes) || [], edges: (sel && sel.edges) || [] };
        ensure(lastSelection.nodes, lastSelection.edges);
        current.setSelection(lastSelection);
      },
      spotlight: (nodes, edges, chips) => {
        if (nodes || edges) ensure(nodes, edges);
        const d = currentDrawing();
        const keep = (ids, table) => (ids ? ids.filter((id) => id in table) : ids);
        current.spotlight(keep(nodes, d.nodes), keep(edges, d.edges), chips);
      },
      fit: (o) => {
        if (o && (o.nodes || o.edges)) ensure(o.nodes, o.edges);
        const d = currentDrawing();
        const keep = (ids, table) => (ids ? ids.filter((id) => id in table) : ids);
        current.fit(o ? Object.assign({}, o, { nodes: keep(o.nodes, d.nodes), edges: keep(o.edges, d.edges) }) : o);
      },
      reveal: (nodes, edges, animate) => {
        ensure(nodes, edges);
        current.reveal(nodes, edges, animate);
      },
      showOverview: showOverview,
      showGroup: (id, start) => showGroup(id, start),
      showNode: (id) => showFocus([id], []),
      level: () => Object.assign({}, level),
      destroy: () => { if (current) current.destroy(); bar.remove(); },
    };

    const api = new Proxy(overrides, {
      get(target, key) {
        if (key in target) return target[key];
        if (key === 'element') return current && current.element;
        const value = current ? current[key] : undefined;
        return typeof value === 'function' ? (...args) => current[key](...args) : value;
      },
    });

    function fromHash() {
      const m = /^#(group|node)=(.+)$/.exec(i18n.hash());
      if (!m) return false;
      const id = decodeURIComponent(m[2]);
      return m[1] === 'group' ? showGroup(id, 0) : showFocus([id], []);
    }

    if (!fromHash()) showOverview();
    window.addEventListener('hashchange', fromHash);
    return api;
  }

  window.adflowsOverview = Object.freeze({ create: create, columnsDrawing: columnsDrawing, PAGE: PAGE });
})();
