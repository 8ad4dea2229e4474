/* adflows panels: what the analysis panels share (window.adflowsPage.panelKit): evidence wording
 * ("Reportedly ..."), the "contested" badge, flow lists, names of data items and parties, highlighting
 * in the picture and opening a panel. Everything shown was computed in Python (flows/view/page_view.py)
 * and embedded in the view: the page runs no analysis itself.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button } = page.kit;
  const { nodeName, evidenceLabel } = page.sources;
  let shared = null;
  let view = null;

  /* ---------- evidence wording ---------- */

  const rank = (level) => {
    const i = shared.evidenceLevels.indexOf(level);
    return i < 0 ? 999 : i;
  };

  function strongest(levels) {
    const known = levels.filter(Boolean);
    if (known.length === 0) return 'unsourced';
    return known.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  }

  function edgeEvidence(ids) {
    return strongest(ids.map((id) => (shared.byId.edges.get(id) || {}).evidence));
  }

  /** A chain of flows is only as well evidenced as its weakest link. */
  function weakestEvidence(ids) {
    const levels = ids.map((id) => (shared.byId.edges.get(id) || {}).evidence || 'unsourced');
    return levels.reduce((a, b) => (rank(b) > rank(a) ? b : a), shared.evidenceLevels[0]);
  }

  /** `text`, preceded by a hedge such as "Reportedly" when the evidence for it is weak. */
  function hedged(level, text, sentence) {
    // How weak evidence is hedged comes with the table of kinds (view.legend.evidence); documented
    // elements are stated plainly.
    const hedge = view.legend.evidence.find((e) => e.level === level && e.hedge);
    const span = el('span', { className: 'hedged' });
    if (hedge) {
      const h = el('span', { className: 'hedge', text: sentence ? hedge.hedge : hedge.hedge_short });
      h.dataset.evidence = level;
      h.setAttribute('title', t('Evidence: {level}', { level: evidenceLabel(level) }));
      span.append(h, ' ');
    }
    span.append(String(text));
    return span;
  }

  /** "Contested — one of N accounts" for elements that belong to one of several alternative accounts. */
  function contested(accountId) {
    const accounts = view.accounts || [];
    if (!accountId || accounts.length < 2) return null;
    const account = shared.byId.accounts.get(accountId);
    const badge = el('span', { className: 'badge badge--contested', text: t('Contested — one of {count} accounts', { count: accounts.length }) });
    if (account) badge.setAttribute('title', t('Only in the account: {account}', { account: account.title }));
    return badge;
  }

  function flowText(edge) {
    return nodeName(edge.source) + ' → ' + nodeName(edge.target) + ': ' + edge.data_names.join(', ');
  }

  /** One flow as a list item: hedged by its evidence; the button opens its details. */
  function flowItem(id) {
    const edge = shared.byId.edges.get(id);
    if (!edge) return el('li', { text: id });
    const open = button('', () => page.details.openPanel('edge', id));
    open.append(hedged(edge.evidence, flowText(edge)));
    return el('li', null, open, ' ', contested(edge.account));
  }

  function flowList(ids, className) {
    const list = el('ol', { className: className || 'flow-list' }, ...ids.map(flowItem));
    return list;
  }

  function dataName(id) {
    return (shared.byId.data.get(id) || { name: id }).name;
  }

  function partyName(id) {
    return (shared.byId.parties.get(id) || { name: id }).name;
  }

  /** Select and fit nodes and flows, as the story does; `extraNodes` adds nodes that have no flow. */
  function highlight(nodeIds, edgeIds) {
    page.story.stopPlaying();
    page.details.closePanel({ restoreFocus: false });
    const around = page.drawing.nodesAround(nodeIds, edgeIds);
    page.drawing.selectAndFit(around, edgeIds.filter((id) => shared.byId.edges.has(id)), around, true);
    return { nodes: around, edges: edgeIds };
  }

  function openTool(id) {
    const details = byId(id);
    details.open = true;
    details.scrollIntoView({ block: 'nearest' });
  }

  page.panelKit = Object.freeze({
    init: (s) => { shared = s; view = s.view; },
    edgeEvidence: edgeEvidence,
    weakestEvidence: weakestEvidence,
    hedged: hedged,
    contested: contested,
    flowList: flowList,
    dataName: dataName,
    partyName: partyName,
    highlight: highlight,
    openTool: openTool,
  });
})();
