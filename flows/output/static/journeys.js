/* adflows panels: every path from the person's visit to an ad shown to her, followed hop by hop
 * (window.adflowsPage.journeys).
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, withId, note } = page.kit;
  const { nodeName } = page.sources;
  const { hedged, contested, highlight, openTool, edgeEvidence } = page.panelKit;
  let view = null;
  const journeyById = new Map(); // id -> journey

  function journeyHops(journey) {
    return el('ol', { className: 'hop-list' }, ...journey.hops.map((hop) => {
      const hopButton = button('', () => highlight([hop.source, hop.target], hop.flows));
      hopButton.append(nodeName(hop.source) + ' → ' + nodeName(hop.target));
      return el('li', null, hopButton,
        el('div', { className: 'hop-data' }, hedged(edgeEvidence(hop.flows), hop.data_names.join(', ') || t('the ad itself'))));
    }));
  }

  function showJourney(id, options) {
    const journey = journeyById.get(id);
    if (!journey) return null;
    const opts = options || {};
    for (const li of byId('journey-list').children) {
      const active = li.dataset.id === id;
      li.classList.toggle('is-active', active);
      li.querySelector('.journey-button').setAttribute('aria-expanded', String(active));
      const hops = li.querySelector('.hop-list');
      if (active && !hops) li.append(journeyHops(journey));
      else if (!active && hops) hops.remove();
    }
    if (opts.reveal) openTool('tool-journeys');
    return highlight(journey.nodes, journey.flows);
  }

  /** "Journey 2: Her smartphone → Capture point, fitting room → … → Cartier ad (9 hops)". */
  function journeyLabel(journey, index) {
    const names = journey.nodes.map(nodeName);
    const ad = nodeName(journey.ad);
    const short = names.length <= 4 ? names : [names[0], names[1], '…', ad];
    const label = el('span', null, el('strong', { text: t('Journey {number}:', { number: index + 1 }) + ' ' }),
      tn('{route} ({n} hop)', '{route} ({n} hops)', journey.hops.length, { route: short.join(' → ') }));
    if (!journey.delivered) label.append(' ', el('span', { className: 'badge', text: t('ad not seen delivered') }));
    return label;
  }

  function renderJourneys(body, journeys) {
    byId('tool-journeys-count').textContent = '(' + journeys.length + (view.journeys_capped ? '+' : '') + ')';
    if (journeys.length === 0) {
      body.append(note(t('No path in this model leads from the person to an ad shown to her.')));
      return;
    }
    body.append(note(t('Every path from her visit to an ad shown to her. Choose one to follow it hop by hop.')));
    if (view.journeys_capped) body.append(note(t('There are more; the list stops at {count}.', { count: journeys.length })));
    const list = withId(el('ol', { className: 'journey-list' }), 'journey-list');
    journeys.forEach((journey, i) => {
      journeyById.set(journey.id, journey);
      const open = button('', () => showJourney(journey.id), 'journey-button');
      open.setAttribute('aria-expanded', 'false');
      open.append(journeyLabel(journey, i));
      const li = el('li', null, open, ...journey.accounts.map((a) => contested(a)));
      li.dataset.id = journey.id;
      list.append(li);
    });
    body.append(list);
  }

  page.journeys = Object.freeze({
    render: (body, list, s) => { view = s.view; renderJourneys(body, list); },
    get: (id) => journeyById.get(id),
    show: showJourney,
    label: journeyLabel,
  });
})();
