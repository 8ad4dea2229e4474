/* adflows page: the text version of the picture (narrative, sortable flow table, elements, sources),
 * built in pages of PAGE_SIZE items and completed before printing (window.adflowsPage.textVersion).
 *
 * Owns its paged lists and the flow table's sort order. Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn, number } = page.i18n;
  const { byId, el, button } = page.kit;
  const { sourceItem, nodeName } = page.sources;
  // Long lists in the text version are built this many items at a time ("Show more").
  const PAGE_SIZE = 200;
  let shared = null;
  let sort = { key: null, descending: false };
  let flowPager = null;
  let built = false;
  const pagers = []; // the paged lists, completed before printing

  function renderNarrative(view) {
    const list = byId('narrative-list');
    if (view.story.length === 0) list.append(page.i18n.chromeText(el('li', { text: t('This model has no story.') })));
    for (const step of view.story) {
      list.append(el('li', null,
        button(step.title, () => { page.story.stopPlaying(); page.story.showStep(step.index); byId('story').scrollIntoView(); }),
        el('p', { text: step.narration })));
    }
  }

  function flowColumns() {
    const rank = (level) => shared.evidenceLevels.indexOf(level);
    const titles = (edge) => edge.sources.map((id) => (shared.byId.sources.get(id) || { title: id }).title);
    return [
      { key: 'route', label: t('From → To'), text: (e) => nodeName(e.source) + ' → ' + nodeName(e.target) },
      { key: 'data', label: t('Data'), text: (e) => e.data_names.join(', ') },
      { key: 'purpose', label: t('Purpose'), text: (e) => e.purpose || '' },
      { key: 'notice', label: t('What the person was told'), text: (e) => e.notice_label },
      { key: 'consent', label: t('Consent'), text: (e) => e.consent_label },
      { key: 'evidence', label: t('Evidence'), text: (e) => e.evidence_label, order: (e) => rank(e.evidence) },
      { key: 'sources', label: t('Sources'), text: (e) => titles(e).join('; ') },
    ];
  }

  /**
   * A long list in the text version, built PAGE_SIZE items at a time so a model with 20,000 flows
   * does not put 200,000 elements into the page before anyone asks for them. Under the list: how many
   * are shown, "Show N more" and "Show all" buttons (keyboard and screen-reader reachable; focus moves
   * to the first new item). `all()` completes the list, e.g. before printing.
   *
   * `container` receives the items; `controls` is where the status and buttons go; `make(item, i)`
   * builds one element; `showing(shown, total)` says how many are shown ("Showing 200 of 3,000 flows.").
   */
  function pager(container, controls, items, make, showing) {
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
      status.textContent = showing(number(self.shown), total);
      more.hidden = all.hidden = left === 0;
      more.textContent = tn('Show {n} more', 'Show {n} more', Math.min(PAGE_SIZE, left));
      all.textContent = tn('Show all {n}', 'Show all {n}', total);
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
    pagers.push(self);
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
    flowPager = pager(byId('flow-table-body'), byId('flows'),
      view.edges, flowRow(columns), (shown, n) => tn('Showing {shown} of {n} flow.', 'Showing {shown} of {n} flows.', n, { shown: shown }));
  }

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  /** Sort every flow (not only the rows shown) by a column; a second click reverses the order. */
  function sortFlowTable(column) {
    const descending = sort.key === column.key ? !sort.descending : false;
    sort = { key: column.key, descending: descending };
    const edges = shared.view.edges;
    const keys = edges.map((edge) => (column.order ? column.order(edge) : column.text(edge)));
    const order = edges.map((_, i) => i);
    order.sort((a, b) => {
      const ka = keys[a];
      const kb = keys[b];
      const c = typeof ka === 'number' ? ka - kb : collator.compare(ka, kb);
      return (descending ? -c : c) || a - b;
    });
    flowPager.reorder(order);
    for (const th of byId('flow-table-head').children) {
      if (th.dataset.key === column.key) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }

  function renderElements(view) {
    const make = (node) => el('li', null, button(node.label, () => openPanel('node', node.id)),
      el('span', { className: 'source-meta', text: ' ' + node.kind_label + ' · ' + node.party_name }));
    pager(byId('elements-list'), byId('elements'), view.nodes, make,
      (shown, n) => tn('Showing {shown} of {n} thing.', 'Showing {shown} of {n} things.', n, { shown: shown }));
  }

  function renderSources(view) {
    const list = byId('sources-list');
    if (view.sources.length === 0) list.append(el('li', { text: t('This model cites no sources.') }));
    else pager(list, byId('sources'), view.sources, (source) => sourceItem(source.id),
      (shown, n) => tn('Showing {shown} of {n} source.', 'Showing {shown} of {n} sources.', n, { shown: shown }));
  }

  /** Before printing (or print preview), build every row: the printout must hold all of it. */
  function completeForPrint() {
    for (const p of pagers) p.all(false);
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

  /** The flow table, the element list, extra sections and the sources: built once. */
  function renderTextAlternative() {
    if (built) return;
    built = true;
    renderFlowTable(shared.view);
    renderElements(shared.view);
    renderExtraSections(shared.view);
    renderSources(shared.view);
  }

  const openPanel = (kind, id) => page.details.openPanel(kind, id);

  page.textVersion = Object.freeze({
    init: (s) => { shared = s; renderNarrative(s.view); },
    build: renderTextAlternative,
    /** Build everything, every row too: the printout must hold all of it. */
    complete: () => { renderTextAlternative(); completeForPrint(); },
  });
})();
