/* adflows panels beside the graph: wires up findings.js, knows.js, journeys.js, filters.js, find.js and
 * whatif.js, routes `#finding=`, `#party=` and `#focus=` links, and returns `window.adflows.panels`.
 *
 * viewer.js calls `window.adflowsPage.panels.init(shared)` once the graph exists.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { byId, whenIdle } = page.kit;
  const { findings, knows, journeys, filters, find, whatif } = page;

  /* ---------- links to a finding, a party or a focus ---------- */

  function route() {
    const hash = page.i18n.hash();
    let m = /^#finding=(.+)$/.exec(hash);
    if (m) { findings.show(safeDecode(m[1]), { reveal: true }); return; }
    m = /^#party=(.+)$/.exec(hash);
    if (m) { knows.showParty(safeDecode(m[1]), { reveal: true }); return; }
    m = /^#focus=(.+)$/.exec(hash);
    if (m) find.focusOn(null, safeDecode(m[1]), { updateUrl: false, animate: false });
  }

  function safeDecode(text) {
    try {
      return decodeURIComponent(text);
    } catch (err) {
      return text;
    }
  }

  /* ---------- start ---------- */

  // Each tool is a <details> panel in the page; `key` is its part of the view (none: always shown).
  const TOOLS = [
    { id: 'tool-findings', key: 'findings', render: findings.render },
    { id: 'tool-knows', key: 'knowledge', render: knows.render },
    { id: 'tool-journeys', key: 'journeys', render: journeys.render },
    { id: 'tool-filters', key: null, render: (body) => filters.render(body) },
    { id: 'tool-whatif', key: 'whatif', render: whatif.render },
  ];

  function init(shared) {
    const view = shared.view;
    page.panelKit.init(shared);
    filters.init(shared);
    for (const tool of TOOLS) {
      const details = byId(tool.id);
      const data = tool.key ? view[tool.key] : true;
      if (data === undefined || data === null) { details.hidden = true; continue; }
      if (tool.key === null && shared.large) {
        // Thousands of flows to count into checkbox groups: not before the first frame. Built when
        // the browser is idle, when the panel is opened, or when anything reads the filters.
        filters.defer(details.querySelector('.tool-body'));
        details.addEventListener('toggle', filters.ensure);
        whenIdle(filters.ensure);
        continue;
      }
      tool.render(details.querySelector('.tool-body'), data, shared);
    }
    find.init(shared);
    window.addEventListener('hashchange', route);
    route();
    return {
      showFinding: (key) => findings.show(key, { reveal: true }),
      showParty: (id) => knows.showParty(id, { reveal: true }),
      showJoin: knows.showJoin,
      showJourney: (id) => journeys.show(id, { reveal: true }),
      applyFilters: filters.apply,
      resetFilters: filters.reset,
      focus: (id, kind) => find.focusOn(kind || null, id),
      clearFocus: find.clearFocus,
      find: (text) => find.findMatches(text).matches.map((e) => ({ kind: e.kind, id: e.id, name: e.name })),
      lastFilterMs: filters.lastMs,
      setSwitch: whatif.setSwitch,
    };
  }

  page.panels = Object.freeze({ init: init });
})();
