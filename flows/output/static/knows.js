/* adflows panels: who knows what about the person, per company, and the chains that link a store visit
 * to her online identity (window.adflowsPage.knows). `#party=ID` links here.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, add, withId, note, writeHash } = page.kit;
  const { nodeName } = page.sources;
  const { hedged, contested, flowList, dataName, partyName, highlight, openTool, edgeEvidence, weakestEvidence } = page.panelKit;
  const HOW = [
    { how: 'receives', title: () => t('Receives from others') },
    { how: 'own', title: () => t('Through its own nodes (held or produced)') },
    { how: 'derives', title: () => t('Works out itself') },
  ];
  // How a derived item is made (the model's `transform`), worded to fit "by {transform} from {data}".
  const TRANSFORM_WORDS = {
    hash: () => t('hashing'), 'keyed-hash': () => t('a keyed hash'), truncate: () => t('truncation'),
    aggregate: () => t('aggregation'), match: () => t('matching'), infer: () => t('inference'),
    enrich: () => t('enrichment'), encrypt: () => t('encryption'), none: () => t('copying'),
  };
  const transformWords = (id) => (Object.prototype.hasOwnProperty.call(TRANSFORM_WORDS, id) ? TRANSFORM_WORDS[id]() : String(id));
  // A name that starts with its article ("The customer", "Die Kundin") reads inside the sentences below
  // with the article in lower case. Only articles that stay as they are after "about" in that language
  // (German "über" takes the accusative: die and das, not der; French "de" makes "du" of "le").
  const LEADING_ARTICLE = { en: /^The (?=\S)/, de: /^(Die|Das) (?=\S)/, fr: /^(La |L['’])(?=\S)/ };
  const own = (table, key) => Object.prototype.hasOwnProperty.call(table, key);
  let shared = null;
  let view = null;
  const byParty = new Map(); // party id -> what it knows

  function personName() {
    const people = new Set(view.legend.party_kinds.filter((k) => k.person).map((k) => k.kind));
    const person = (view.parties || []).find((p) => people.has(p.kind));
    if (!person) return t('the person');
    const code = String((page.languageView || {}).code || 'en').split('-')[0];
    const article = own(LEADING_ARTICLE, code) ? LEADING_ARTICLE[code] : null;
    return article ? person.name.replace(article, (word) => word.toLowerCase()) : person.name;
  }

  function knownItem(item) {
    let level;
    let detail = null;
    if (item.how === 'derives') {
      level = (shared.byId.data.get(item.item) || {}).evidence;
      detail = item.transform
        ? t('by {transform} from {data}', { transform: transformWords(item.transform), data: item.derived_from.map(dataName).join(', ') })
        : t('by combining from {data}', { data: item.derived_from.map(dataName).join(', ') });
    } else {
      level = item.flows.length ? edgeEvidence(item.flows) : (shared.byId.data.get(item.item) || {}).evidence;
      if (item.how === 'receives') detail = t('from {parties}', { parties: item.from_parties.map(partyName).join(', ') });
      else if (item.how === 'holds') detail = t('held from the start');
      else detail = t('its own nodes produce it');
    }
    const li = el('li', null, hedged(level, item.name));
    if (item.sensitive) li.append(' ', el('span', { className: 'badge badge--sensitive', text: t('Sensitive') }));
    add(li, ' ', contested((shared.byId.data.get(item.item) || {}).account));
    li.append(el('span', { className: 'known-how', text: ' — ' + detail }));
    return li;
  }

  function joinSummary(join) {
    const flows = join.onward_flows.map((id) => shared.byId.edges.get(id)).filter(Boolean);
    const end = flows.length ? nodeName(flows[flows.length - 1].target) : null;
    return [dataName(join.offline[0]), join.device ? nodeName(join.device) : null, dataName(join.online), end]
      .filter(Boolean).join(' → ');
  }

  function joinItem(party, join, index) {
    const li = el('li', { className: 'join' });
    const show = button('', () => showJoin(party.party, index), 'join-button');
    show.append(hedged(weakestEvidence(join.flows), joinSummary(join)));
    const contestedBy = join.flows.map((id) => (shared.byId.edges.get(id) || {}).account).find(Boolean);
    add(li, show, ' ', contested(contestedBy),
      el('p', { className: 'known-how', text: t('Links {offline} (from the store visit) to {online} (used to aim ads at her).',
        { offline: join.offline.map(dataName).join(', '), online: dataName(join.online) }) }));
    const parts = [
      [t('In the store'), join.capture_flows],
      [t('The ad identifier reaches {party}', { party: party.party_name }), join.identifier_flows],
      [t('Where it goes to aim an ad'), join.onward_flows],
    ];
    for (const [title, ids] of parts) {
      if (ids.length) li.append(el('h5', { text: title }), flowList(ids, 'flow-list chain'));
    }
    return li;
  }

  function showJoin(partyId, index) {
    const party = byParty.get(partyId);
    const join = party && party.joins[index];
    if (!join) return null;
    return highlight(join.device ? [join.device] : [], join.flows);
  }

  function renderParty(partyId) {
    const party = byParty.get(partyId);
    const out = byId('knows-result');
    if (!party) { out.replaceChildren(); return; }
    byId('knows-party').value = partyId;
    const groups = HOW.map((g) => ({
      title: g.title(),
      items: party.items.filter((i) => (g.how === 'own' ? i.how === 'holds' || i.how === 'produces' : i.how === g.how)),
    }));
    const parts = [
      el('h3', { className: 'knows-question', text: t('What does {party} know about {person}?', { party: party.party_name, person: personName() }) }),
      note(tn('{n} data item', '{n} data items', party.items_total || party.items.length) + ' · ' +
        tn('{n} join', '{n} joins', party.joins_total !== undefined ? party.joins_total : party.joins.length)),
    ];
    if (party.items_total !== undefined) parts.push(note(t('Lists are cut short for this large model.')));
    if (party.items.length === 0) parts.push(note(t('Nothing about {person} reaches this party in the model.', { person: personName() })));
    for (const g of groups) {
      if (g.items.length) parts.push(el('h4', { text: g.title }), el('ul', { className: 'known-list' }, ...g.items.map(knownItem)));
    }
    if (party.audiences.length) {
      const names = party.audiences.map((id) => ((view.audiences || []).find((a) => a.id === id) || { name: id }).name);
      parts.push(el('h4', { text: t('Audiences it holds') }), el('ul', null, ...names.map((n) => el('li', { text: n }))));
    }
    if (party.joins.length) {
      parts.push(el('h4', { text: t('Can link a store visit to her online identity') }),
        note(t('Choose a chain to show it in the picture.')),
        el('ol', { className: 'join-list' }, ...party.joins.map((j, i) => joinItem(party, j, i))));
    }
    out.replaceChildren(...parts);
    return party;
  }

  /** Pick a party in the "who knows what" panel and highlight its nodes. */
  function showParty(partyId, options) {
    const opts = options || {};
    if (!renderParty(partyId)) return null;
    if (opts.updateUrl) writeHash('#party=' + encodeURIComponent(partyId));
    if (opts.reveal) openTool('tool-knows');
    if (opts.highlight === false) return null;
    const nodes = view.nodes.filter((n) => n.party === partyId).map((n) => n.id);
    page.story.stopPlaying();
    page.details.closePanel({ restoreFocus: false });
    page.drawing.selectAndFit(nodes, [], nodes, true);
    return { nodes: nodes, edges: [] };
  }

  function renderKnowledge(body, knowledge) {
    for (const party of knowledge) byParty.set(party.party, party);
    if (knowledge.length === 0) {
      body.append(note(t('This model has no parties besides the person.')));
      return;
    }
    const select = withId(el('select'), 'knows-party');
    select.setAttribute('aria-label', t('Party: what does it know about {person}?', { person: personName() }));
    for (const party of knowledge) {
      const option = el('option', { text: party.joins.length ? t('{party} · links visit to ad ID', { party: party.party_name }) : party.party_name });
      option.value = party.party;
      select.append(option);
    }
    select.addEventListener('change', () => showParty(select.value, { updateUrl: true }));
    const label = el('label', { className: 'field', text: t('Company') + ' ' });
    label.append(select);
    const limits = view.limits || {};
    body.append(label);
    if (limits.knowledge_parties_shown < limits.knowledge_parties_total) {
      body.append(note(t('Showing {shown} of {total} parties: those that can link a visit to an ad identity, then those that know most.',
        { shown: limits.knowledge_parties_shown, total: limits.knowledge_parties_total })));
    }
    body.append(withId(el('div', { className: 'knows-result' }), 'knows-result'));
    const first = knowledge.find((p) => p.joins.length > 0) || knowledge[0];
    renderParty(first.party);
  }

  page.knows = Object.freeze({
    render: (body, list, s) => { shared = s; view = s.view; renderKnowledge(body, list); },
    showParty: showParty,
    showJoin: showJoin,
  });
})();
