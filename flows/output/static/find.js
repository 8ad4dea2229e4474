/* adflows panels: "Find" above the picture (nodes, parties, data items) and the focus it sets, which
 * shows only what touches the found thing (window.adflowsPage.find). `#focus=ID` links here.
 *
 * Owns the focus; the filters (filters.js) apply it.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, writeHash } = page.kit;
  const { nodeName } = page.sources;
  const { dataName, partyName } = page.panelKit;
  const FIND_LIMIT = 20;
  let shared = null;
  let view = null;
  let focus = null; // what "Find" focused on: { kind, id, name, nodes, edge }
  let searchable = null; // built on the first search (findMatches)

  /** Everything "Find" can reach: nodes, parties (unless they are one node of the same name), data items. */
  function findEntries() {
    const nodesOf = new Map();
    for (const n of view.nodes) {
      if (!nodesOf.has(n.party)) nodesOf.set(n.party, []);
      nodesOf.get(n.party).push(n);
    }
    const carried = new Map();
    for (const e of view.edges) for (const d of e.data) carried.set(d, (carried.get(d) || 0) + 1);
    const entries = [];
    for (const n of view.nodes) {
      entries.push({ kind: 'node', id: n.id, name: n.label, detail: n.kind_label + ' · ' + n.party_name });
    }
    for (const p of view.parties || []) {
      const own = nodesOf.get(p.id) || [];
      if (own.length === 0 || (own.length === 1 && own[0].label === p.name)) continue;
      entries.push({ kind: 'party', id: p.id, name: p.name, detail: tn('Party · {n} thing in the picture', 'Party · {n} things in the picture', own.length) });
    }
    for (const d of view.data || []) {
      entries.push({ kind: 'data', id: d.id, name: d.name, detail: tn('Data item · carried by {n} flow', 'Data item · carried by {n} flows', carried.get(d.id) || 0) });
    }
    for (const entry of entries) entry.key = String(entry.name).toLowerCase();
    return entries;
  }

  /** Case-insensitive substring match; names starting with the text come first; at most FIND_LIMIT. */
  function findMatches(text) {
    const q = String(text || '').trim().toLowerCase();
    if (!q) return { matches: [], total: 0 };
    const starts = [];
    const contains = [];
    if (!searchable) searchable = findEntries();
    for (const entry of searchable) {
      const at = entry.key.indexOf(q);
      if (at === 0) starts.push(entry);
      else if (at > 0) contains.push(entry);
    }
    const all = starts.concat(contains);
    return { matches: all.slice(0, FIND_LIMIT), total: all.length };
  }

  /** What focusing on an id means: the nodes it is about, and which flows stay. */
  function focusTarget(kind, id) {
    if (kind === 'node' && shared.byId.nodes.has(id)) {
      const nodes = new Set([id]);
      return { kind: kind, id: id, name: nodeName(id), nodes: nodes, edge: (e) => nodes.has(e.source) || nodes.has(e.target) };
    }
    if (kind === 'party' && shared.byId.parties.has(id)) {
      const nodes = new Set(view.nodes.filter((n) => n.party === id).map((n) => n.id));
      if (nodes.size === 0) return null;
      return { kind: kind, id: id, name: partyName(id), nodes: nodes, edge: (e) => nodes.has(e.source) || nodes.has(e.target) };
    }
    if (kind === 'data' && shared.byId.data.has(id)) {
      const nodes = new Set(view.nodes.filter((n) => (n.holds || []).includes(id)).map((n) => n.id));
      return { kind: kind, id: id, name: dataName(id), nodes: nodes, edge: (e) => e.data.includes(id) };
    }
    return null;
  }

  /** `#focus=ID`: a node id, else a party id, else a data item id; `party:ID` / `data:ID` say which. */
  function resolveFocus(text) {
    const m = /^(node|party|data):(.+)$/.exec(text);
    if (m) return focusTarget(m[1], m[2]);
    return focusTarget('node', text) || focusTarget('party', text) || focusTarget('data', text);
  }

  function focusHash(target) {
    const plain = resolveFocus(target.id);
    const sameAsPlain = plain && plain.kind === target.kind ||
      (plain && plain.kind === 'node' && target.kind === 'party' && target.nodes.size === 1 && target.nodes.has(plain.id));
    return '#focus=' + encodeURIComponent(sameAsPlain ? target.id : target.kind + ':' + target.id);
  }

  /**
   * Show only a node (or a party's nodes, or the flows carrying a data item), its direct neighbours
   * and the flows that touch it; fit the view to them and open its details. Other filters still apply.
   */
  function focusOn(kind, id, options) {
    const target = kind ? focusTarget(kind, id) : resolveFocus(id);
    if (!target) return null;
    const opts = options || {};
    page.story.stopPlaying();
    focus = target;
    const result = page.filters.apply();
    if (opts.updateUrl !== false) writeHash(focusHash(target));
    const visible = [...target.nodes].filter((n) => !page.filters.nodeHidden(n));
    const around = view.nodes.filter((n) => !page.filters.nodeHidden(n.id)).map((n) => n.id);
    const single = target.kind === 'node' ? target.id : (target.nodes.size === 1 ? [...target.nodes][0] : null);
    if (single && !page.filters.nodeHidden(single)) page.details.openPanel('node', single, { fromGraph: true });
    else {
      page.details.closePanel({ restoreFocus: false });
      shared.network.setSelection({ nodes: visible, edges: [] }, { unselectAll: true, highlightEdges: false });
    }
    fitAround(around, opts.animate !== false);
    return { kind: target.kind, id: target.id, nodes: result.shownNodes, edges: result.shownEdges };
  }

  /**
   * Zoom to these nodes in the part of the graph the details drawer does not cover (vis `fit` would
   * centre them under the drawer).
   */
  function fitAround(ids, animate) {
    const network = shared.network;
    if (ids.length === 0) return;
    if (shared.picture) {
      // The SVG picture leaves the details panel's side free itself (its insets), with bounded zoom.
      network.fit({ nodes: ids, animation: animate });
      return;
    }
    const positions = network.getPositions(ids);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const id of ids) {
      const p = positions[id];
      if (!p) continue;
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
    if (!Number.isFinite(minX)) return;
    const pad = 90; // room for node shapes and labels around the centres
    const box = byId('network');
    const drawer = byId('panel');
    const covered = !drawer.hidden && window.getComputedStyle(drawer).position === 'absolute' ? drawer.offsetWidth + 20 : 0;
    const width = Math.max(box.clientWidth - covered, box.clientWidth * 0.4);
    const height = Math.max(box.clientHeight - 50, 100); // the status line sits over the top
    const scale = Math.min(1.4, width / (maxX - minX + 2 * pad), height / (maxY - minY + 2 * pad));
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    network.moveTo({
      position: { x: (minX + maxX) / 2 + covered / 2 / scale, y: (minY + maxY) / 2 - 25 / scale },
      scale: scale,
      animation: animate && !reduced ? { duration: 500, easingFunction: 'easeInOutQuad' } : false,
    });
  }

  function clearFocus(options) {
    if (!focus) return null;
    focus = null;
    const result = page.filters.apply();
    const input = byId('find-input');
    if (input) input.value = '';
    if (/^#focus=/.test(page.i18n.hash())) page.i18n.writeHash('');
    if (!options || options.fit !== false) shared.network.fit({ animation: false });
    return result;
  }

  function updateFocusStatus(shown, filtered) {
    const status = byId('focus-status');
    if (!focus) {
      status.hidden = true;
      status.replaceChildren();
      return;
    }
    const what = focus.kind === 'data' ? t('where “{name}” goes', { name: focus.name }) : t('“{name}”', { name: focus.name });
    const reset = button(t('Show everything'), () => clearFocus(), 'status-button');
    reset.id = 'focus-reset';
    status.hidden = false;
    const counts = { what: what, things: tn('{n} thing', '{n} things', shown.nodes.size), flows: tn('{n} flow', '{n} flows', shown.edges.size) };
    status.replaceChildren(el('span', {
      text: (filtered ? t('Focused on {what}: {things}, {flows} (filters on)', counts) : t('Focused on {what}: {things}, {flows}', counts)) + ' — ',
    }), reset);
  }

  function setUpFind() {
    const input = byId('find-input');
    const list = byId('find-results');
    const count = byId('find-count');
    if (!input || !list) return;
    let matches = [];
    let active = -1;

    const close = () => {
      list.replaceChildren();
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const mark = (index) => {
      active = index;
      list.querySelectorAll('[role="option"]').forEach((li, i) => {
        li.setAttribute('aria-selected', String(i === index));
        if (i === index) {
          input.setAttribute('aria-activedescendant', li.id);
          li.scrollIntoView({ block: 'nearest' });
        }
      });
    };
    const choose = (entry) => {
      if (!entry) return;
      input.value = entry.name;
      close();
      count.textContent = '';
      focusOn(entry.kind, entry.id);
    };
    const update = () => {
      const found = findMatches(input.value);
      matches = found.matches;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (!input.value.trim()) {
        close();
        count.textContent = '';
        return;
      }
      const items = matches.map((entry, i) => {
        const li = el('li', { className: 'find-option' },
          el('span', { className: 'find-name', text: entry.name }),
          el('span', { className: 'find-detail', text: entry.detail }));
        li.id = 'find-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.addEventListener('click', () => choose(entry));
        return li;
      });
      if (items.length === 0) items.push(el('li', { className: 'find-empty', text: t('Nothing matches.') }));
      list.replaceChildren(...items);
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      count.textContent = found.total === 0 ? t('No matches.')
        : found.total > matches.length ? t('First {shown} of {total} matches.', { shown: matches.length, total: found.total })
          : tn('{n} match.', '{n} matches.', found.total);
    };

    input.addEventListener('input', update);
    input.addEventListener('focus', () => { if (input.value.trim()) update(); });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (list.hidden) update();
        if (matches.length === 0) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        mark((active + step + matches.length) % matches.length);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (list.hidden) update();
        choose(matches[active >= 0 ? active : 0]);
      } else if (event.key === 'Escape') {
        input.value = '';
        close();
        count.textContent = '';
      }
    });
    // Picking with the mouse must not blur the input first (which would close the list).
    list.addEventListener('mousedown', (event) => event.preventDefault());
    input.addEventListener('blur', close);
  }

  page.find = Object.freeze({
    init: (s) => { shared = s; view = s.view; setUpFind(); },
    target: () => focus,
    focusOn: focusOn,
    clearFocus: clearFocus,
    findMatches: findMatches,
    updateFocusStatus: updateFocusStatus,
  });
})();
