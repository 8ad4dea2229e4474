/* adflows panels: the filters (parties, kinds, data items, evidence, legal basis, notice, consent,
 * "flows into") and the one visibility function that combines them with the focus of "Find"
 * (window.adflowsPage.filters). Hides through the vis DataSets (`hidden`), which the picture follows.
 *
 * Owns the checkboxes and what is hidden; reads the focus from find.js. Large graphs build the
 * checkboxes after the first frame.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, humanise, add, note } = page.kit;
  const { nodeName } = page.sources;
  let shared = null;
  let view = null;
  const hiddenNodes = new Set();
  const hiddenEdges = new Set();
  const filterBoxes = []; // party, kind, data, evidence, legal, notice, consent: ticked = shown
  const intoBoxes = []; // "flows into": none ticked = no restriction
  let filtersBody = null; // large graphs: the Filters panel body, until its checkboxes are built
  let lastApplyMs = 0;

  // Flow attributes filtered by a checkbox group each; unticking hides flows only, never nodes.
  const LEGAL_BASIS_LABELS = {
    consent: () => t('Consent'),
    'legitimate-interest': () => t('Legitimate interest'),
    contract: () => t('Contract'),
    'legal-obligation': () => t('Legal obligation'),
    'none-stated': () => t('None stated'),
    unknown: () => t('Unknown'),
  };
  const FLOW_GROUPS = [
    { group: 'legal', key: 'legal_basis', title: () => t('Legal basis'),
      label: (e) => legalBasisLabel(e.legal_basis) },
    { group: 'notice', key: 'notice', title: () => t('What the person was told'), label: (e) => e.notice_label },
    { group: 'consent', key: 'consent', title: () => t('Consent'), label: (e) => e.consent_label },
  ];
  const INTO_LIMIT = 60;

  function legalBasisLabel(basis) {
    return Object.prototype.hasOwnProperty.call(LEGAL_BASIS_LABELS, basis) ? LEGAL_BASIS_LABELS[basis]() : humanise(basis);
  }

  function checkbox(group, value, text, extra, checked) {
    const input = el('input', { type: 'checkbox' });
    input.checked = checked !== false;
    input.value = value;
    input.dataset.group = group;
    input.addEventListener('change', applyFilters);
    if (group === 'into') intoBoxes.push(input); else filterBoxes.push(input);
    return el('li', null, el('label', null, input, ' ', extra || null, text));
  }

  function filterGroup(group, title, options, actions) {
    const setAll = (on) => {
      for (const box of filterBoxes) if (box.dataset.group === group) box.checked = on;
      applyFilters();
    };
    let buttons = actions;
    if (!buttons) {
      const all = button(t('All'), () => setAll(true));
      const none = button(t('None'), () => setAll(false));
      all.setAttribute('aria-label', t('Show all: {group}', { group: title }));
      none.setAttribute('aria-label', t('Hide all: {group}', { group: title }));
      buttons = [all, ' ', none];
    }
    const fieldset = el('fieldset', { className: 'filter-group' },
      el('legend', { text: title }),
      el('div', { className: 'filter-actions' }, ...buttons),
      el('ul', { className: 'filter-options' }, ...options));
    fieldset.dataset.group = group;
    return fieldset;
  }

  /**
   * Build the filter checkboxes now if they were put off (large graphs build them after the first
   * frame, or when the panel is opened): with no boxes, every group would read as "nothing ticked".
   */
  function ensureFilters() {
    const body = filtersBody;
    if (!body) return;
    filtersBody = null;
    renderFilters(body);
  }

  /** The ticked values of every checkbox group, and which groups have something unticked. */
  function filterSelection() {
    ensureFilters();
    const chosen = {};
    const narrowed = new Set();
    for (const box of filterBoxes) {
      const group = box.dataset.group;
      if (!chosen[group]) chosen[group] = new Set();
      if (box.checked) chosen[group].add(box.value);
      else narrowed.add(group);
    }
    for (const group of ['party', 'kind', 'data', 'evidence', 'legal', 'notice', 'consent']) {
      if (!chosen[group]) chosen[group] = new Set();
    }
    const into = new Set(intoBoxes.filter((b) => b.checked).map((b) => b.value));
    return { chosen: chosen, narrowed: narrowed, into: into };
  }

  /**
   * What the picture shows, from every filter and the focus at once: returns the node and flow ids
   * to show. A flow shows when both its ends pass the node filters (party, kind, evidence) and it
   * passes every flow filter (evidence, data item, legal basis, notice, consent, "flows into", the
   * focus). Legal basis, notice and consent hide flows only. The data item filter, "flows into" and
   * the focus also hide the nodes they leave without a flow, except the ones they are about (nodes
   * holding a chosen item, the chosen targets, the focused nodes); the focused nodes always stay.
   */
  function computeVisibility(selection, focus) {
    const { chosen, narrowed, into } = selection;
    const dataFiltered = narrowed.has('data');
    const flowGroups = FLOW_GROUPS.filter((g) => narrowed.has(g.group));
    const nodeOk = new Set();
    for (const n of view.nodes) {
      if (chosen.party.has(n.party) && chosen.kind.has(n.kind) && chosen.evidence.has(n.evidence)) nodeOk.add(n.id);
    }
    const edgeShown = new Set();
    const touched = new Set();
    for (const e of view.edges) {
      if (!nodeOk.has(e.source) || !nodeOk.has(e.target) || !chosen.evidence.has(e.evidence)) continue;
      if (e.data.length === 0 ? dataFiltered : !e.data.some((d) => chosen.data.has(d))) continue;
      if (flowGroups.some((g) => !chosen[g.group].has(e[g.key]))) continue;
      if (into.size && !into.has(e.target)) continue;
      if (focus && !focus.edge(e)) continue;
      edgeShown.add(e.id);
      touched.add(e.source);
      touched.add(e.target);
    }
    // Each restriction that hides flowless nodes keeps the nodes it is about; all of them must agree.
    // The focused nodes themselves always stay (when the node filters let them), even with no flow left.
    const keeps = [];
    if (dataFiltered) keeps.push((n) => (n.holds || []).some((d) => chosen.data.has(d)));
    if (into.size) keeps.push((n) => into.has(n.id));
    if (focus) keeps.push((n) => focus.nodes.has(n.id));
    const nodeShown = new Set();
    for (const id of nodeOk) {
      if (keeps.length && !touched.has(id) && !(focus && focus.nodes.has(id)) &&
        !keeps.every((keep) => keep(shared.byId.nodes.get(id)))) continue;
      nodeShown.add(id);
    }
    return { nodes: nodeShown, edges: edgeShown };
  }

  /** Hide what the filters and the focus leave out (vis `hidden`): one batched update per DataSet. */
  function applyFilters() {
    const started = performance.now();
    const selection = filterSelection();
    const shown = computeVisibility(selection, currentFocus());
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const n of view.nodes) {
      const hide = !shown.nodes.has(n.id);
      if (hide !== hiddenNodes.has(n.id)) nodeUpdates.push({ id: n.id, hidden: hide });
      if (hide) hiddenNodes.add(n.id); else hiddenNodes.delete(n.id);
    }
    for (const e of view.edges) {
      const hide = !shown.edges.has(e.id);
      if (hide !== hiddenEdges.has(e.id)) edgeUpdates.push({ id: e.id, hidden: hide });
      if (hide) hiddenEdges.add(e.id); else hiddenEdges.delete(e.id);
    }
    if (nodeUpdates.length) shared.nodes.update(nodeUpdates);
    if (edgeUpdates.length) shared.edges.update(edgeUpdates);
    // The SVG picture re-fits to what is left (a focus fits itself, in focusOn).
    if ((nodeUpdates.length || edgeUpdates.length) && !currentFocus() && page.drawing.refit) page.drawing.refit(true);
    // Counts for the status lines: what the filters alone hide, and what the focus shows.
    const filtered = currentFocus() ? computeVisibility(selection, null) : shown;
    updateFilterStatus(selection, view.nodes.length - filtered.nodes.size, view.edges.length - filtered.edges.size);
    page.find.updateFocusStatus(shown, selection.narrowed.size > 0 || selection.into.size > 0);
    lastApplyMs = performance.now() - started;
    return {
      nodes: hiddenNodes.size,
      edges: hiddenEdges.size,
      shownNodes: shown.nodes.size,
      shownEdges: shown.edges.size,
    };
  }

  function resetFilters() {
    ensureFilters();
    for (const box of filterBoxes) box.checked = true;
    for (const box of intoBoxes) box.checked = false;
    return applyFilters();
  }

  function updateFilterStatus(selection, nodes, edges) {
    const status = byId('filter-status');
    const active = selection.narrowed.size > 0 || selection.into.size > 0;
    if (!active && nodes + edges === 0) {
      status.hidden = true;
      status.replaceChildren();
      return;
    }
    const things = tn('{n} thing', '{n} things', nodes);
    const flows = tn('{n} flow', '{n} flows', edges);
    let text = t('{things} and {flows} hidden by filters', { things: things, flows: flows });
    if (FLOW_GROUPS.some((g) => selection.narrowed.has(g.group))) {
      text += ' ' + t('(legal basis, notice and consent filters hide flows only; every thing stays)');
    }
    status.hidden = false;
    status.replaceChildren(el('span', { text: text + ' — ' }),
      button(t('Reset filters'), resetFilters, 'status-button'));
  }

  /** Checkbox groups over the values present on flows (legal basis, notice, consent). */
  function flowFilterGroups() {
    const groups = [];
    for (const g of FLOW_GROUPS) {
      const values = new Map();
      for (const e of view.edges) {
        const value = e[g.key];
        if (!values.has(value)) values.set(value, { label: g.label(e), count: 0 });
        values.get(value).count += 1;
      }
      // Legal basis is always offered; notice and consent only when flows differ in them.
      if (values.size === 0 || (g.group !== 'legal' && values.size < 2)) continue;
      const order = g.group === 'legal' ? Object.keys(LEGAL_BASIS_LABELS) : [];
      const keys = [...values.keys()].sort((a, b) => {
        const ia = order.indexOf(a);
        const ib = order.indexOf(b);
        return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || values.get(b).count - values.get(a).count;
      });
      groups.push(filterGroup(g.group, g.title(), keys.map((value) => {
        const li = checkbox(g.group, value, values.get(value).label);
        li.querySelector('label').append(el('span', { className: 'filter-count', text: ' (' + tn('{n} flow', '{n} flows', values.get(value).count) + ')' }));
        return li;
      })));
    }
    return groups;
  }

  /**
   * "Flows into": nodes that receive flows and are data sets, audiences or ads (the purposes and
   * features of an imported vendor list). Ticking some shows only the flows into them and the nodes
   * at the other end. At most INTO_LIMIT, those receiving most flows, in model order.
   */
  function intoFilterGroup() {
    // Where data ends up (data sets, audiences, ads): the `destination` kinds of the table of kinds.
    const into = new Set(view.legend.kinds.filter((k) => k.destination).map((k) => k.kind));
    const counts = new Map();
    for (const e of view.edges) {
      const target = shared.byId.nodes.get(e.target);
      if (target && into.has(target.kind)) counts.set(e.target, (counts.get(e.target) || 0) + 1);
    }
    if (counts.size === 0) return null;
    let ids = [...counts.keys()];
    if (ids.length > INTO_LIMIT) {
      const top = new Set(ids.sort((a, b) => counts.get(b) - counts.get(a)).slice(0, INTO_LIMIT));
      ids = view.nodes.filter((n) => top.has(n.id)).map((n) => n.id);
    } else {
      const order = new Map(view.nodes.map((n, i) => [n.id, i]));
      ids.sort((a, b) => order.get(a) - order.get(b));
    }
    const clear = button(t('Clear'), () => {
      for (const box of intoBoxes) box.checked = false;
      applyFilters();
    });
    clear.setAttribute('aria-label', t('Clear: flows into'));
    const options = ids.map((id) => {
      const li = checkbox('into', id, nodeName(id), null, false);
      li.querySelector('label').append(el('span', { className: 'filter-count', text: ' (' + tn('{n} flow', '{n} flows', counts.get(id)) + ')' }));
      return li;
    });
    const group = filterGroup('into', t('Flows into (purposes, data sets, audiences, ads)'), options, [clear]);
    group.querySelector('legend').after(note(t('Tick one or more to see only the flows into them and who sends them.') +
      (counts.size > INTO_LIMIT ? ' ' + t('Showing the {shown} that receive most flows of {total}; use “Find” above the picture for the others.',
        { shown: INTO_LIMIT, total: counts.size }) : '')));
    return group;
  }

  function renderFilters(body) {
    const present = (values) => new Set(values);
    const kinds = present(view.nodes.map((n) => n.kind));
    const levels = present([...view.nodes.map((n) => n.evidence), ...view.edges.map((e) => e.evidence)]);
    const partyNodes = present(view.nodes.map((n) => n.party));
    add(body,
      note(t('Untick to hide things from the picture. Filters combine with each other and with “Find”.')),
      intoFilterGroup(),
      ...flowFilterGroups(),
      filterGroup('party', t('Parties'), view.parties.filter((p) => partyNodes.has(p.id)).map((p) => checkbox('party', p.id, p.name))),
      filterGroup('kind', t('Kinds of thing'), view.legend.kinds.filter((k) => kinds.has(k.kind))
        .map((k) => checkbox('kind', k.kind, k.label))),
      filterGroup('data', t('Data items'), view.data.map((d) => checkbox('data', d.id, d.name))),
      filterGroup('evidence', t('Evidence'), view.legend.evidence.filter((e) => levels.has(e.level))
        .map((e) => checkbox('evidence', e.level, e.label))),
      button(t('Reset filters'), resetFilters));
  }

  const currentFocus = () => page.find.target();

  page.filters = Object.freeze({
    init: (s) => { shared = s; view = s.view; },
    render: renderFilters,
    /** Large graphs: build the checkboxes of `body` later (when idle, opened or read). */
    defer: (body) => { filtersBody = body; },
    ensure: ensureFilters,
    apply: applyFilters,
    reset: resetFilters,
    /** A legal basis in the page's language ("legitimate-interest" -> "Legitimate interest"). */
    legalBasisLabel: legalBasisLabel,
    computeVisibility: computeVisibility,
    nodeHidden: (id) => hiddenNodes.has(id),
    lastMs: () => lastApplyMs,
  });
})();
