/* adflows handout: what printing the page gives (and Chromium's page.pdf()): one landscape page for
 * the overview and one per story step, each with that step's picture, its narration and the sources it
 * rests on, then the findings. Built once, hidden on screen, shown by the print styles (viewer.css).
 *
 * Same safety rule as every page script (kit.js): model text only goes in through textContent; the
 * pictures are clones of the SVG the page drew (picture.js), never markup strings.
 */
(function () {
  'use strict';

  const { t, tn } = window.adflowsPage.i18n;
  const MAX_SOURCES = 8; // per page; the full list stays in the page's Sources section
  const MAX_FINDINGS = 14; // one page of findings; the rest are counted

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Source ids behind some nodes and flows, in first-seen order. */
  function sourcesOf(view, nodeIds, edgeIds) {
    const seen = new Set();
    const byNode = new Map(view.nodes.map((n) => [n.id, n]));
    const byEdge = new Map(view.edges.map((e) => [e.id, e]));
    for (const id of edgeIds) for (const s of (byEdge.get(id) || { sources: [] }).sources) seen.add(s);
    for (const id of nodeIds) for (const s of (byNode.get(id) || { sources: [] }).sources) seen.add(s);
    return [...seen];
  }

  function sourceList(view, ids) {
    const byId = new Map(view.sources.map((s) => [s.id, s]));
    const list = el('ul', 'handout-sources');
    for (const id of ids.slice(0, MAX_SOURCES)) {
      const s = byId.get(id);
      if (!s) continue;
      const meta = [s.publisher, s.date, s.evidence_label].filter(Boolean).join(' · ');
      const li = el('li', null, s.title);
      if (meta) li.append(el('span', 'handout-meta', ' — ' + meta));
      list.append(li);
    }
    if (ids.length > MAX_SOURCES) list.append(el('li', 'handout-meta', tn('and {n} more (see the Sources list)', 'and {n} more (see the Sources list)', ids.length - MAX_SOURCES)));
    if (ids.length === 0) list.append(el('li', 'handout-meta', t('No source cited for this step.')));
    return list;
  }

  function severityName(level) {
    const names = { high: t('High'), medium: t('Medium'), low: t('Low'), info: t('Info') };
    return names[level] || level;
  }

  function page(title, counter, narration) {
    const section = el('section', 'handout-page');
    section.append(el('p', 'handout-counter', counter), el('h2', null, title));
    if (narration) section.append(el('p', 'handout-narration', narration));
    return section;
  }

  function findingsPage(view) {
    const findings = view.findings || [];
    const section = el('section', 'handout-page handout-findings');
    section.append(el('p', 'handout-counter', view.model.title), el('h2', null, t('What the checks found')));
    if (findings.length === 0) {
      section.append(el('p', null, t('The checks found nothing to report in this model.')));
      return section;
    }
    const list = el('ol', 'handout-finding-list');
    for (const f of findings.slice(0, MAX_FINDINGS)) {
      const li = el('li');
      li.append(el('strong', null, f.title), el('span', 'handout-meta', ' (' + severityName(f.severity) + ')'));
      list.append(li);
    }
    section.append(list);
    if (findings.length > MAX_FINDINGS) {
      section.append(el('p', 'handout-meta', tn('and {n} more finding in the page’s Findings panel', 'and {n} more findings in the page’s Findings panel', findings.length - MAX_FINDINGS)));
    }
    return section;
  }

  /**
   * Build the handout into `container` from the view and the drawn picture. `nodesAround(nodes, flows)`
   * gives the nodes a step shows (its nodes plus both ends of its flows).
   */
  function build(container, view, picture, nodesAround) {
    container.replaceChildren();
    const overview = page(view.model.title, t('Overview'), view.model.summary);
    overview.append(picture.snapshot([], []));
    container.append(overview);
    for (const step of view.story) {
      const edges = step.flows.filter((id) => view.edges.some((e) => e.id === id));
      const nodes = nodesAround(step.nodes, edges);
      const section = page(step.title, t('Step {step} of {total}', { step: step.index, total: view.story.length }), step.narration);
      section.append(picture.snapshot(nodes, edges), el('h3', null, t('Sources for this step')),
        sourceList(view, sourcesOf(view, nodes, edges)));
      container.append(section);
    }
    container.append(findingsPage(view));
    container.hidden = false;
    document.body.classList.add('has-handout');
  }

  window.adflowsHandout = Object.freeze({ build: build });
})();
