/* adflows page: the alternative accounts of what happens, each highlightable in the picture
 * (window.adflowsPage.accounts). Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button } = page.kit;
  const { evidenceBadge, evidenceLabel, sourceList } = page.sources;
  let shared = null;

  function highlightAccount(id) {
    const nodes = shared.view.nodes.filter((n) => n.account === id).map((n) => n.id);
    const edges = shared.view.edges.filter((e) => e.account === id).map((e) => e.id);
    page.story.stopPlaying();
    page.drawing.selectAndFit(nodes, edges, page.drawing.nodesAround(nodes, edges), true);
    const count = nodes.length + edges.length;
    byId('accounts-status').textContent = count
      ? tn('Highlighted {n} item in the picture for “{account}”.', 'Highlighted {n} items in the picture for “{account}”.',
        count, { account: shared.byId.accounts.get(id).title })
      : t('Nothing in the picture is marked as belonging to this account.');
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
        el('p', null, t('Strongest evidence:') + ' ', evidenceBadge(account.evidence, evidenceLabel(account.evidence))),
        sourceList(account.sources)));
    }
    const status = el('p', { className: 'source-meta' });
    status.id = 'accounts-status';
    status.setAttribute('aria-live', 'polite');
    list.append(status);
  }

  page.accounts = Object.freeze({
    init: (s) => { shared = s; renderAccounts(s.view); },
    highlightAccount: highlightAccount,
  });
})();
