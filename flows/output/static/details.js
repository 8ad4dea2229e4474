/* adflows page: the details drawer of a node or a flow (window.adflowsPage.details).
 *
 * Owns where focus returns when the drawer closes. Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, REDUCED_MOTION } = page.kit;
  const { evidenceBadge, swatch, sourceList, nodeName } = page.sources;
  let shared = null;
  let returnFocus = null;

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
      parts.push(el('p', { className: 'assumption' }, el('strong', { text: t('Assumption:') + ' ' }), item.assumption));
    }
    if (item.account) {
      const account = shared.byId.accounts.get(item.account);
      parts.push(el('p', null, el('strong', { text: t('Belongs to the account:') + ' ' }),
        account ? account.title : item.account));
    }
    parts.push(el('h3', { text: t('Sources') }), sourceList(item.sources));
    return parts;
  }

  function flowButtons(edges, describe) {
    if (edges.length === 0) return null;
    return el('ul', null, ...edges.map((edge) =>
      el('li', null, button(describe(edge), () => openPanel('edge', edge.id)))));
  }

  function nodeBody(node) {
    const holds = (node.holds || []).map((id) => (shared.byId.data.get(id) || { name: id }).name);
    const out = shared.view.edges.filter((e) => e.source === node.id);
    const into = shared.view.edges.filter((e) => e.target === node.id);
    return [
      el('p', { className: 'panel-kind' }, swatch(node.shape, node.color), ' ', node.kind_label + ' · ' + node.party_name),
      evidenceBadge(node.evidence, node.evidence_label),
      node.description ? el('p', { text: node.description }) : null,
      detailList([
        [t('Kind'), node.kind_label],
        [t('Party'), node.party_name],
        [t('Inside'), node.within ? nodeName(node.within) : null],
        [t('Holds'), holds.join(', ')],
      ]),
      out.length ? el('h3', { text: t('Sends') }) : null,
      flowButtons(out, (e) => '→ ' + nodeName(e.target) + ': ' + e.data_names.join(', ')),
      into.length ? el('h3', { text: t('Receives') }) : null,
      flowButtons(into, (e) => '← ' + nodeName(e.source) + ': ' + e.data_names.join(', ')),
      ...commonParts(node),
    ];
  }

  function edgeBody(edge) {
    return [
      el('p', { className: 'panel-kind', text: t('Data flow') }),
      evidenceBadge(edge.evidence, edge.evidence_label),
      edge.description ? el('p', { text: edge.description }) : null,
      detailList([
        [t('From'), button(nodeName(edge.source), () => openPanel('node', edge.source))],
        [t('To'), button(nodeName(edge.target), () => openPanel('node', edge.target))],
        [t('Data carried'), edge.data_names.join(', ')],
        [t('Channel'), edge.channel],
        [t('Purpose'), edge.purpose],
        [t('What the person was told'), edge.notice_label],
        [t('Consent'), edge.consent_label],
        [t('Legal basis'), page.filters.legalBasisLabel(edge.legal_basis)],
        [t('Retention'), edge.retention],
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
    const item = kind === 'node' ? shared.byId.nodes.get(id) : shared.byId.edges.get(id);
    if (!item) return false;
    const panel = byId('panel');
    if (panel.hidden) returnFocus = document.activeElement;
    byId('panel-title').textContent = kind === 'node'
      ? item.label
      : nodeName(item.source) + ' → ' + nodeName(item.target);
    byId('panel-body').replaceChildren(...(kind === 'node' ? nodeBody(item) : edgeBody(item)).filter(Boolean));
    panel.dataset.kind = kind;
    panel.dataset.id = id;
    panel.hidden = false;
    if (opts.select !== false) {
      page.drawing.setSelection(kind === 'node' ? { nodes: [id], edges: [] } : { nodes: [], edges: [id] });
    }
    panel.focus({ preventScroll: Boolean(opts.fromGraph) });
    if (shared.picture) {
      // The panel floats over the right of the picture: move the camera so it does not cover the item.
      window.requestAnimationFrame(() => shared.network.reveal(kind === 'node' ? [id] : [], kind === 'edge' ? [id] : [], !REDUCED_MOTION));
    }
    return true;
  }

  /** Close the details drawer; focus returns to where it was unless `options.restoreFocus` is false. */
  function closePanel(options) {
    const panel = byId('panel');
    if (panel.hidden) return;
    panel.hidden = true;
    const back = returnFocus;
    returnFocus = null;
    if (options && options.restoreFocus === false) return;
    if (back && document.contains(back) && back !== document.body) back.focus();
  }

  page.details = Object.freeze({
    init: (s) => {
      shared = s;
      byId('panel-close').addEventListener('click', () => closePanel());
    },
    openPanel: openPanel,
    closePanel: closePanel,
  });
})();
