/* adflows panels beside the graph: findings, who knows what, journeys, filters and what-if.
 *
 * Loaded before viewer.js, which calls `window.adflowsPanels.init(api)` once the graph exists; `api`
 * holds the viewer's helpers (element builders, selection, the details drawer). Everything shown was
 * computed in Python (flows/page.py) and embedded in the view: the page runs no analysis itself.
 *
 * Same safety rule as viewer.js: model text is untrusted and only ever inserted with textContent,
 * createTextNode or setAttribute on text attributes. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  // Text plus a distinct symbol for each severity, so colour never carries the meaning alone.
  const SEVERITIES = [
    { level: 'high', label: 'High', icon: '▲' },
    { level: 'medium', label: 'Medium', icon: '◆' },
    { level: 'low', label: 'Low', icon: '▽' },
    { level: 'info', label: 'Info', icon: '○' },
  ];
  // How panels hedge what weak evidence supports (documented elements are stated plainly).
  const HEDGES = {
    'company-claim': { short: 'Claimed:', sentence: 'According to the company,' },
    press: { short: 'Reportedly', sentence: 'Reportedly,' },
    'ngo-estimate': { short: 'NGO estimate:', sentence: 'By an NGO estimate,' },
    secondary: { short: 'Reportedly (low-quality source)', sentence: 'Reportedly (low-quality source),' },
    assumption: { short: 'Assumed:', sentence: 'Assumed:' },
    unsourced: { short: 'Unsourced:', sentence: 'Unsourced:' },
  };
  const HOW = [
    { how: 'receives', title: 'Receives from others' },
    { how: 'own', title: 'Through its own nodes (held or produced)' },
    { how: 'derives', title: 'Works out itself' },
  ];
  const GREY_NODE = { opacity: 0.22 };
  const GREY_EDGE = { dashes: [2, 8], color: { opacity: 0.2 } };

  let api = null;
  let view = null;
  const panel = {
    findings: new Map(), // key -> finding
    findingItems: new Map(), // key -> <li>
    journeys: new Map(),
    knowledge: new Map(),
    activeFinding: null,
    activeJourney: null,
    hiddenNodes: new Set(),
    hiddenEdges: new Set(),
    switchedOff: new Set(),
    greyNodes: new Set(),
    greyEdges: new Set(),
    filterBoxes: [],
  };

  function byId(id) {
    return document.getElementById(id);
  }

  function plural(n, word, many) {
    return n.toLocaleString('en') + ' ' + (n === 1 ? word : many || word + 's');
  }

  /** Append children, skipping null and undefined (native append would print "null"). */
  function add(parent, ...children) {
    parent.append(...children.filter((c) => c !== null && c !== undefined));
    return parent;
  }

  function withId(node, id) {
    node.id = id;
    return node;
  }

  /* ---------- evidence wording ---------- */

  const rank = (level) => {
    const i = api.state.evidenceLevels.indexOf(level);
    return i < 0 ? 999 : i;
  };

  function strongest(levels) {
    const known = levels.filter(Boolean);
    if (known.length === 0) return 'unsourced';
    return known.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  }

  function edgeEvidence(ids) {
    return strongest(ids.map((id) => (api.state.byId.edges.get(id) || {}).evidence));
  }

  /** A chain of flows is only as well evidenced as its weakest link. */
  function weakestEvidence(ids) {
    const levels = ids.map((id) => (api.state.byId.edges.get(id) || {}).evidence || 'unsourced');
    return levels.reduce((a, b) => (rank(b) > rank(a) ? b : a), 'documented');
  }

  /** `text`, preceded by a hedge such as "Reportedly" when the evidence for it is weak. */
  function hedged(level, text, sentence) {
    const hedge = HEDGES[level];
    const span = api.el('span', { className: 'hedged' });
    if (hedge) {
      const h = api.el('span', { className: 'hedge', text: sentence ? hedge.sentence : hedge.short });
      h.dataset.evidence = level;
      h.setAttribute('title', 'Evidence: ' + api.evidenceLabel(level));
      span.append(h, ' ');
    }
    span.append(String(text));
    return span;
  }

  /** "Contested — one of N accounts" for elements that belong to one of several alternative accounts. */
  function contested(accountId) {
    const accounts = view.accounts || [];
    if (!accountId || accounts.length < 2) return null;
    const account = api.state.byId.accounts.get(accountId);
    const badge = api.el('span', { className: 'badge badge--contested', text: 'Contested — one of ' + accounts.length + ' accounts' });
    if (account) badge.setAttribute('title', 'Only in the account: ' + account.title);
    return badge;
  }

  function flowText(edge) {
    return api.nodeName(edge.source) + ' → ' + api.nodeName(edge.target) + ': ' + edge.data_names.join(', ');
  }

  /** One flow as a list item: hedged by its evidence; the button opens its details. */
  function flowItem(id) {
    const edge = api.state.byId.edges.get(id);
    if (!edge) return api.el('li', { text: id });
    const open = api.button('', () => api.openPanel('edge', id));
    open.append(hedged(edge.evidence, flowText(edge)));
    return api.el('li', null, open, ' ', contested(edge.account));
  }

  function flowList(ids, className) {
    const list = api.el('ol', { className: className || 'flow-list' }, ...ids.map(flowItem));
    return list;
  }

  function dataName(id) {
    return (api.state.byId.data.get(id) || { name: id }).name;
  }

  function partyName(id) {
    return (api.state.byId.parties.get(id) || { name: id }).name;
  }

  /** Select and fit nodes and flows, as the story does; `extraNodes` adds nodes that have no flow. */
  function highlight(nodeIds, edgeIds) {
    api.stopPlaying();
    api.closePanel();
    const around = api.nodesAround(nodeIds, edgeIds);
    api.selectAndFit(around, edgeIds.filter((id) => api.state.byId.edges.has(id)), around, true);
    return { nodes: around, edges: edgeIds };
  }

  function writeHash(hash) {
    if (window.location.hash === hash) return;
    try {
      history.replaceState(null, '', hash);
    } catch (err) {
      window.location.hash = hash;
    }
  }

  function note(text) {
    return api.el('p', { className: 'tool-note', text: text });
  }

  function openTool(id) {
    const details = byId(id);
    details.open = true;
    details.scrollIntoView({ block: 'nearest' });
  }

  /* ---------- findings ---------- */

  /** Icon and word for a severity; `compact` hides the word visually (screen readers still read it). */
  function severityLabel(level, count, compact) {
    const s = SEVERITIES.find((x) => x.level === level) || { label: level, icon: '•' };
    const label = api.el('span', { className: 'severity severity--' + s.level });
    label.append(api.el('span', { className: 'severity-icon', text: s.icon }),
      api.el('span', { className: compact ? 'visually-hidden' : '', text: ' ' + s.label + (compact ? ':' : '') }));
    if (count !== undefined) label.append(' ', api.el('span', { className: 'count', text: String(count) }));
    label.firstChild.setAttribute('aria-hidden', 'true');
    return label;
  }

  function findingDetails(finding) {
    const claims = (finding.claims || []).map((id) => {
      const claim = (view.claims || []).find((c) => c.id === id);
      if (!claim) return api.el('li', { text: id });
      return api.el('li', null, api.el('q', { text: claim.quote }), ' — ' + partyName(claim.party));
    });
    const more = finding.more || {};
    const moreNote = (key) => (more[key] ? note('… and ' + plural(more[key], 'more') + ' not listed here.') : null);
    return [
      api.el('p', { className: 'finding-explanation', text: finding.explanation }),
      finding.accepted
        ? api.el('p', { className: 'accepted-note' }, api.el('strong', { text: 'Accepted by the model’s authors: ' }),
          finding.justification || '(no justification given)')
        : null,
      api.el('dl', { className: 'finding-meta' },
        api.el('dt', { text: 'Rule' }), api.el('dd', null, api.el('code', { text: finding.rule })),
        api.el('dt', { text: 'Threat (LINDDUN)' }), api.el('dd', { text: api.humanise(finding.linddun) }),
        api.el('dt', { text: 'Status' }), api.el('dd', { text: finding.accepted ? 'Accepted' : 'Open' })),
      finding.flows.length ? api.el('h4', { text: 'Flows' }) : null,
      finding.flows.length ? flowList(finding.flows) : null,
      moreNote('flows'),
      claims.length ? api.el('h4', { text: 'Claims it checks' }) : null,
      claims.length ? api.el('ul', null, ...claims) : null,
      api.el('h4', { text: 'Sources' }),
      api.sourceList(finding.sources),
      moreNote('sources'),
    ];
  }

  function findingItem(finding) {
    const li = api.el('li', { className: 'finding' });
    li.dataset.key = finding.key;
    const head = api.button('', () => showFinding(finding.key, { updateUrl: true }), 'finding-button');
    head.setAttribute('aria-expanded', 'false');
    head.append(severityLabel(finding.severity, undefined, true), ' ', api.el('span', { className: 'finding-title', text: finding.title }));
    const body = api.el('div', { className: 'finding-body' });
    body.hidden = true;
    add(li, head,
      finding.accepted ? api.el('span', { className: 'badge badge--accepted', text: '✓ Accepted' }) : null,
      api.el('code', { className: 'finding-key', text: finding.key }),
      body);
    return li;
  }

  /** Highlight a finding's nodes and flows and show its explanation; returns what was selected. */
  function showFinding(key, options) {
    const finding = panel.findings.get(key);
    if (!finding) return null;
    const opts = options || {};
    for (const [other, li] of panel.findingItems) {
      const active = other === key;
      li.classList.toggle('is-active', active);
      li.querySelector('.finding-button').setAttribute('aria-expanded', String(active));
      const body = li.querySelector('.finding-body');
      if (active && body.childElementCount === 0) body.append(...findingDetails(finding).filter(Boolean));
      body.hidden = !active;
    }
    panel.activeFinding = key;
    if (opts.updateUrl) writeHash('#finding=' + encodeURIComponent(key).replace(/%40/g, '@'));
    if (opts.reveal) {
      openTool('tool-findings');
      panel.findingItems.get(key).scrollIntoView({ block: 'start' });
    }
    return highlight(finding.nodes, finding.flows);
  }

  function renderFindings(body, findings) {
    const limits = view.limits || {};
    const counts = Object.assign({}, limits.findings_by_severity || {});
    if (!limits.findings_by_severity) for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    const total = limits.findings_total !== undefined ? limits.findings_total : findings.length;
    byId('tool-findings-count').textContent = '(' + total + ')';
    body.append(api.el('ul', { className: 'severity-counts' },
      ...SEVERITIES.map((s) => api.el('li', null, severityLabel(s.level, counts[s.level] || 0)))));
    if (findings.length === 0) {
      body.append(note('No rule found a problem in this model.'));
      return;
    }
    body.append(note('Choose a finding to show its flows in the picture.'));
    if (findings.length < total) {
      body.append(note('Showing the ' + findings.length + ' most serious of ' + total.toLocaleString('en') +
        ' findings; run “adflows check” for all of them.'));
    }
    for (const s of SEVERITIES) {
      const group = findings.filter((f) => f.severity === s.level);
      if (group.length === 0) continue;
      const list = api.el('ol', { className: 'finding-list' });
      for (const finding of group) {
        panel.findings.set(finding.key, finding);
        const li = findingItem(finding);
        panel.findingItems.set(finding.key, li);
        list.append(li);
      }
      body.append(api.el('h3', { className: 'severity-heading' }, severityLabel(s.level, group.length)), list);
    }
  }

  /* ---------- who knows what ---------- */

  function personName() {
    const person = (view.parties || []).find((p) => p.kind === 'person');
    if (!person) return 'the person';
    return person.name.replace(/^The /, 'the ');
  }

  function knownItem(item) {
    let level;
    let detail = null;
    if (item.how === 'derives') {
      level = (api.state.byId.data.get(item.item) || {}).evidence;
      detail = 'by ' + (item.transform || 'combining') + ' from ' + item.derived_from.map(dataName).join(', ');
    } else {
      level = item.flows.length ? edgeEvidence(item.flows) : (api.state.byId.data.get(item.item) || {}).evidence;
      if (item.how === 'receives') detail = 'from ' + item.from_parties.map(partyName).join(', ');
      else if (item.how === 'holds') detail = 'held from the start';
      else detail = 'its own nodes produce it';
    }
    const li = api.el('li', null, hedged(level, item.name));
    if (item.sensitive) li.append(' ', api.el('span', { className: 'badge badge--sensitive', text: 'Sensitive' }));
    add(li, ' ', contested((api.state.byId.data.get(item.item) || {}).account));
    li.append(api.el('span', { className: 'known-how', text: ' — ' + detail }));
    return li;
  }

  function joinSummary(join) {
    const flows = join.onward_flows.map((id) => api.state.byId.edges.get(id)).filter(Boolean);
    const end = flows.length ? api.nodeName(flows[flows.length - 1].target) : null;
    return [dataName(join.offline[0]), join.device ? api.nodeName(join.device) : null, dataName(join.online), end]
      .filter(Boolean).join(' → ');
  }

  function joinItem(party, join, index) {
    const li = api.el('li', { className: 'join' });
    const show = api.button('', () => showJoin(party.party, index), 'join-button');
    show.append(hedged(weakestEvidence(join.flows), joinSummary(join)));
    const contestedBy = join.flows.map((id) => (api.state.byId.edges.get(id) || {}).account).find(Boolean);
    add(li, show, ' ', contested(contestedBy),
      api.el('p', { className: 'known-how', text: 'Links ' + join.offline.map(dataName).join(', ') +
        ' (from the store visit) to ' + dataName(join.online) + ' (used to aim ads at her).' }));
    const parts = [
      ['In the store', join.capture_flows],
      ['The ad identifier reaches ' + party.party_name, join.identifier_flows],
      ['Where it goes to aim an ad', join.onward_flows],
    ];
    for (const [title, ids] of parts) {
      if (ids.length) li.append(api.el('h5', { text: title }), flowList(ids, 'flow-list chain'));
    }
    return li;
  }

  function showJoin(partyId, index) {
    const party = panel.knowledge.get(partyId);
    const join = party && party.joins[index];
    if (!join) return null;
    return highlight(join.device ? [join.device] : [], join.flows);
  }

  function renderParty(partyId) {
    const party = panel.knowledge.get(partyId);
    const out = byId('knows-result');
    if (!party) { out.replaceChildren(); return; }
    byId('knows-party').value = partyId;
    const groups = HOW.map((g) => ({
      title: g.title,
      items: party.items.filter((i) => (g.how === 'own' ? i.how === 'holds' || i.how === 'produces' : i.how === g.how)),
    }));
    const parts = [
      api.el('h3', { className: 'knows-question', text: 'What does ' + party.party_name + ' know about ' + personName() + '?' }),
      note(plural(party.items_total || party.items.length, 'data item') + ' · ' +
        plural(party.joins_total !== undefined ? party.joins_total : party.joins.length, 'join')),
    ];
    if (party.items_total !== undefined) parts.push(note('Lists are cut short for this large model.'));
    if (party.items.length === 0) parts.push(note('Nothing about ' + personName() + ' reaches this party in the model.'));
    for (const g of groups) {
      if (g.items.length) parts.push(api.el('h4', { text: g.title }), api.el('ul', { className: 'known-list' }, ...g.items.map(knownItem)));
    }
    if (party.audiences.length) {
      const names = party.audiences.map((id) => ((view.audiences || []).find((a) => a.id === id) || { name: id }).name);
      parts.push(api.el('h4', { text: 'Audiences it holds' }), api.el('ul', null, ...names.map((n) => api.el('li', { text: n }))));
    }
    if (party.joins.length) {
      parts.push(api.el('h4', { text: 'Can link a store visit to her online identity' }),
        note('Choose a chain to show it in the picture.'),
        api.el('ol', { className: 'join-list' }, ...party.joins.map((j, i) => joinItem(party, j, i))));
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
    api.stopPlaying();
    api.closePanel();
    api.selectAndFit(nodes, [], nodes, true);
    return { nodes: nodes, edges: [] };
  }

  function renderKnowledge(body, knowledge) {
    for (const party of knowledge) panel.knowledge.set(party.party, party);
    if (knowledge.length === 0) {
      body.append(note('This model has no parties besides the person.'));
      return;
    }
    const select = withId(api.el('select'), 'knows-party');
    select.setAttribute('aria-label', 'Party: what does it know about ' + personName() + '?');
    for (const party of knowledge) {
      const option = api.el('option', { text: party.party_name + (party.joins.length ? ' · links visit to ad ID' : '') });
      option.value = party.party;
      select.append(option);
    }
    select.addEventListener('change', () => showParty(select.value, { updateUrl: true }));
    const label = api.el('label', { className: 'field', text: 'Company ' });
    label.append(select);
    const limits = view.limits || {};
    body.append(label);
    if (limits.knowledge_parties_shown < limits.knowledge_parties_total) {
      body.append(note('Showing ' + limits.knowledge_parties_shown + ' of ' + limits.knowledge_parties_total +
        ' parties: those that can link a visit to an ad identity, then those that know most.'));
    }
    body.append(withId(api.el('div', { className: 'knows-result' }), 'knows-result'));
    const first = knowledge.find((p) => p.joins.length > 0) || knowledge[0];
    renderParty(first.party);
  }

  /* ---------- journeys ---------- */

  function journeyHops(journey) {
    return api.el('ol', { className: 'hop-list' }, ...journey.hops.map((hop) => {
      const button = api.button('', () => highlight([hop.source, hop.target], hop.flows));
      button.append(api.nodeName(hop.source) + ' → ' + api.nodeName(hop.target));
      return api.el('li', null, button,
        api.el('div', { className: 'hop-data' }, hedged(edgeEvidence(hop.flows), hop.data_names.join(', ') || 'the ad itself')));
    }));
  }

  function showJourney(id, options) {
    const journey = panel.journeys.get(id);
    if (!journey) return null;
    const opts = options || {};
    panel.activeJourney = id;
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
    const names = journey.nodes.map(api.nodeName);
    const ad = api.nodeName(journey.ad);
    const short = names.length <= 4 ? names : [names[0], names[1], '…', ad];
    const label = api.el('span', null, api.el('strong', { text: 'Journey ' + (index + 1) + ': ' }),
      short.join(' → ') + ' (' + plural(journey.hops.length, 'hop') + ')');
    if (!journey.delivered) label.append(' ', api.el('span', { className: 'badge', text: 'ad not seen delivered' }));
    return label;
  }

  function renderJourneys(body, journeys) {
    byId('tool-journeys-count').textContent = '(' + journeys.length + (view.journeys_capped ? '+' : '') + ')';
    if (journeys.length === 0) {
      body.append(note('No path in this model leads from the person to an ad shown to her.'));
      return;
    }
    body.append(note('Every path from her visit to an ad shown to her. Choose one to follow it hop by hop.'));
    if (view.journeys_capped) body.append(note('There are more; the list stops at ' + journeys.length + '.'));
    const list = withId(api.el('ol', { className: 'journey-list' }), 'journey-list');
    journeys.forEach((journey, i) => {
      panel.journeys.set(journey.id, journey);
      const button = api.button('', () => showJourney(journey.id), 'journey-button');
      button.setAttribute('aria-expanded', 'false');
      button.append(journeyLabel(journey, i));
      const li = api.el('li', null, button, ...journey.accounts.map((a) => contested(a)));
      li.dataset.id = journey.id;
      list.append(li);
    });
    body.append(list);
  }

  /* ---------- filters ---------- */

  function checkbox(group, value, text, extra) {
    const input = api.el('input', { type: 'checkbox' });
    input.checked = true;
    input.value = value;
    input.dataset.group = group;
    input.addEventListener('change', applyFilters);
    panel.filterBoxes.push(input);
    return api.el('li', null, api.el('label', null, input, ' ', extra || null, text));
  }

  function filterGroup(group, title, options) {
    const setAll = (on) => {
      for (const box of panel.filterBoxes) if (box.dataset.group === group) box.checked = on;
      applyFilters();
    };
    const all = api.button('All', () => setAll(true));
    const none = api.button('None', () => setAll(false));
    all.setAttribute('aria-label', 'Show all: ' + title);
    none.setAttribute('aria-label', 'Hide all: ' + title);
    const fieldset = api.el('fieldset', { className: 'filter-group' },
      api.el('legend', { text: title }),
      api.el('div', { className: 'filter-actions' }, all, ' ', none),
      api.el('ul', { className: 'filter-options' }, ...options));
    fieldset.dataset.group = group;
    return fieldset;
  }

  function filterSelection() {
    const chosen = { party: new Set(), kind: new Set(), data: new Set(), evidence: new Set() };
    for (const box of panel.filterBoxes) if (box.checked) chosen[box.dataset.group].add(box.value);
    return chosen;
  }

  /** Hide the nodes and flows the filters leave out (vis `hidden`), and say how many are hidden. */
  function applyFilters() {
    const chosen = filterSelection();
    const dataFiltered = panel.filterBoxes.some((b) => b.dataset.group === 'data' && !b.checked);
    const nodeShown = new Set(view.nodes.filter((n) =>
      chosen.party.has(n.party) && chosen.kind.has(n.kind) && chosen.evidence.has(n.evidence)).map((n) => n.id));
    const edgeShown = new Set(view.edges.filter((e) =>
      nodeShown.has(e.source) && nodeShown.has(e.target) && chosen.evidence.has(e.evidence) &&
      (e.data.length === 0 ? !dataFiltered : e.data.some((d) => chosen.data.has(d)))).map((e) => e.id));
    if (dataFiltered) {
      // Filtering by data item shows where those items go: nodes left without a flow are hidden too.
      const touched = new Set();
      for (const id of edgeShown) {
        const e = api.state.byId.edges.get(id);
        touched.add(e.source); touched.add(e.target);
      }
      for (const id of [...nodeShown]) {
        const node = api.state.byId.nodes.get(id);
        if (!touched.has(id) && !(node.holds || []).some((d) => chosen.data.has(d))) nodeShown.delete(id);
      }
    }
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const n of view.nodes) {
      const hide = !nodeShown.has(n.id);
      if (hide !== panel.hiddenNodes.has(n.id)) nodeUpdates.push({ id: n.id, hidden: hide });
      if (hide) panel.hiddenNodes.add(n.id); else panel.hiddenNodes.delete(n.id);
    }
    for (const e of view.edges) {
      const hide = !edgeShown.has(e.id);
      if (hide !== panel.hiddenEdges.has(e.id)) edgeUpdates.push({ id: e.id, hidden: hide });
      if (hide) panel.hiddenEdges.add(e.id); else panel.hiddenEdges.delete(e.id);
    }
    if (nodeUpdates.length) api.state.nodes.update(nodeUpdates);
    if (edgeUpdates.length) api.state.edges.update(edgeUpdates);
    updateFilterStatus();
    return { nodes: panel.hiddenNodes.size, edges: panel.hiddenEdges.size };
  }

  function resetFilters() {
    for (const box of panel.filterBoxes) box.checked = true;
    return applyFilters();
  }

  function updateFilterStatus() {
    const status = byId('filter-status');
    const nodes = panel.hiddenNodes.size;
    const edges = panel.hiddenEdges.size;
    if (nodes + edges === 0) {
      status.hidden = true;
      status.replaceChildren();
      return;
    }
    status.hidden = false;
    status.replaceChildren(
      api.el('span', { text: plural(nodes, 'thing') + ' and ' + plural(edges, 'flow') + ' hidden by filters — ' }),
      api.button('Reset filters', resetFilters, 'status-button'));
  }

  function renderFilters(body) {
    const present = (values) => new Set(values);
    const kinds = present(view.nodes.map((n) => n.kind));
    const levels = present([...view.nodes.map((n) => n.evidence), ...view.edges.map((e) => e.evidence)]);
    const partyNodes = present(view.nodes.map((n) => n.party));
    body.append(
      note('Untick to hide things from the picture.'),
      filterGroup('party', 'Parties', view.parties.filter((p) => partyNodes.has(p.id)).map((p) => checkbox('party', p.id, p.name))),
      filterGroup('kind', 'Kinds of thing', view.legend.kinds.filter((k) => kinds.has(k.kind))
        .map((k) => checkbox('kind', k.kind, k.label))),
      filterGroup('data', 'Data items', view.data.map((d) => checkbox('data', d.id, d.name))),
      filterGroup('evidence', 'Evidence', view.legend.evidence.filter((e) => levels.has(e.level))
        .map((e) => checkbox('evidence', e.level, e.label))),
      api.button('Reset filters', resetFilters));
  }

  /* ---------- what if ---------- */

  function switchLabel(sw) {
    if (sw.kind === 'flow') {
      const edge = api.state.byId.edges.get(sw.target);
      return edge ? 'Permission: ' + api.nodeName(edge.source) + ' → ' + api.nodeName(edge.target) + ' (' + edge.label + ')' : sw.target;
    }
    const node = api.state.byId.nodes.get(sw.target);
    return node ? node.label + ' (' + node.kind_label + ')' : sw.target;
  }

  function switchItem(sw) {
    const input = api.el('input', { type: 'checkbox' });
    input.setAttribute('role', 'switch');
    input.value = sw.id;
    input.dataset.switch = sw.id;
    input.setAttribute('aria-label', 'Turn off ' + switchLabel(sw));
    input.addEventListener('change', () => setSwitch(sw.id, input.checked));
    return api.el('li', null, api.el('label', { className: 'switch' }, input,
      api.el('span', null, 'Turn off ', api.el('span', { className: 'switch-name', text: switchLabel(sw) }))));
  }

  function renderWhatif(body, whatif) {
    panel.switches = new Map(whatif.switches.map((s) => [s.id, s]));
    if (whatif.skipped) {
      body.append(note(whatif.skipped));
      return;
    }
    if (whatif.switches.length === 0) {
      body.append(note('This model has no phone permission, app, SDK or sensor to switch off.'));
      return;
    }
    body.append(note('Turn something off and see which journeys break and which findings go away. ' +
      'Worked out in advance for each switch on its own; with several on, the page adds their effects up.'));
    const groups = [
      ['Phone permissions', whatif.switches.filter((s) => s.kind === 'flow')],
      ['Apps, SDKs and sensors', whatif.switches.filter((s) => s.kind === 'node')],
    ];
    for (const [title, switches] of groups) {
      if (switches.length) body.append(api.el('h3', { text: title }), api.el('ul', { className: 'switch-list' }, ...switches.map(switchItem)));
    }
    const result = withId(api.el('div', { className: 'whatif-result' }), 'whatif-result');
    result.setAttribute('aria-live', 'polite');
    body.append(result);
    renderWhatifResult();
  }

  /** Turn a switch on or off: grey out what it removes and list the journeys and findings it affects. */
  function setSwitch(id, off) {
    if (!panel.switches || !panel.switches.has(id)) return null;
    if (off) panel.switchedOff.add(id); else panel.switchedOff.delete(id);
    const box = document.querySelector('#tool-whatif input[data-switch="' + CSS.escape(id) + '"]');
    if (box) box.checked = off;
    greyOut();
    return renderWhatifResult();
  }

  function greyOut() {
    const nodes = new Set();
    const edges = new Set();
    for (const id of panel.switchedOff) {
      const sw = panel.switches.get(id);
      sw.nodes.forEach((n) => nodes.add(n));
      sw.flows.forEach((f) => edges.add(f));
    }
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const id of nodes) if (!panel.greyNodes.has(id)) nodeUpdates.push({ id: id, opacity: GREY_NODE.opacity });
    for (const id of panel.greyNodes) if (!nodes.has(id)) nodeUpdates.push({ id: id, opacity: 1 });
    // Only what changes, in one update per DataSet. Large graphs draw flows without dashes (see
    // viewer.js edgeDashes), so there a greyed flow is only faded.
    const large = api.state.large;
    for (const id of edges) {
      if (panel.greyEdges.has(id)) continue;
      edgeUpdates.push({ id: id, dashes: large ? false : GREY_EDGE.dashes, color: GREY_EDGE.color });
    }
    for (const id of panel.greyEdges) {
      if (!edges.has(id)) edgeUpdates.push({ id: id, dashes: api.edgeDashes(id), color: { opacity: 1 } });
    }
    panel.greyNodes = nodes;
    panel.greyEdges = edges;
    if (nodeUpdates.length) api.state.nodes.update(nodeUpdates);
    if (edgeUpdates.length) api.state.edges.update(edgeUpdates);
  }

  function renderWhatifResult() {
    const out = byId('whatif-result');
    const on = [...panel.switchedOff].map((id) => panel.switches.get(id));
    const status = byId('whatif-status');
    if (on.length === 0) {
      out.replaceChildren(note('Nothing is switched off.'));
      status.hidden = true;
      return { broken: [], findings_gone: [] };
    }
    const union = (key) => [...new Set(on.flatMap((s) => s[key]))];
    const broken = union('broken');
    const gone = union('findings_gone');
    const changed = union('findings_changed').filter((k) => !gone.includes(k));
    const added = new Map(on.flatMap((s) => s.findings_new.map((f) => [f.key, f])));
    const journeys = view.journeys || [];
    const findingButton = (key) => {
      const f = panel.findings.get(key);
      if (!f) return api.el('li', { text: key });
      const b = api.button('', () => showFinding(key, { reveal: true, updateUrl: true }));
      b.append(severityLabel(f.severity), ' ', f.title);
      return api.el('li', null, b);
    };
    const parts = [
      api.el('h3', { text: 'Journeys that break: ' + broken.length + ' of ' + journeys.length }),
      broken.length
        ? api.el('ul', { className: 'plain-list' }, ...broken.map((id) => {
          const j = panel.journeys.get(id);
          const index = journeys.findIndex((x) => x.id === id);
          const b = api.button('', () => showJourney(id, { reveal: true }));
          b.append(j ? journeyLabel(j, index) : id);
          return api.el('li', null, b);
        }))
        : note('Every journey still reaches her.'),
      api.el('h3', { text: 'Findings that disappear: ' + gone.length }),
      gone.length ? api.el('ul', { className: 'plain-list' }, ...gone.map(findingButton)) : note('None: every finding is still reported.'),
    ];
    if (changed.length) parts.push(api.el('h3', { text: 'Still reported, through fewer or other flows: ' + changed.length }),
      api.el('ul', { className: 'plain-list' }, ...changed.map(findingButton)));
    if (added.size) {
      parts.push(api.el('h3', { text: 'New findings: ' + added.size }), api.el('ul', null, ...[...added.values()].map((f) =>
        api.el('li', null, severityLabel(f.severity), ' ', f.title))));
    }
    out.replaceChildren(...parts);
    status.hidden = false;
    status.replaceChildren(api.el('span', {
      text: 'What if: ' + plural(on.length, 'switch', 'switches') + ' off (greyed out); ' +
        plural(broken.length, 'journey') + ' broken — ',
    }), api.button('Switch all back on', () => {
      for (const id of [...panel.switchedOff]) setSwitch(id, false);
    }, 'status-button'));
    return { broken: broken, findings_gone: gone, findings_changed: changed };
  }

  /* ---------- links to a finding or a party ---------- */

  function route() {
    const hash = window.location.hash;
    let m = /^#finding=(.+)$/.exec(hash);
    if (m) { showFinding(safeDecode(m[1]), { reveal: true }); return; }
    m = /^#party=(.+)$/.exec(hash);
    if (m) showParty(safeDecode(m[1]), { reveal: true });
  }

  function safeDecode(text) {
    try {
      return decodeURIComponent(text);
    } catch (err) {
      return text;
    }
  }

  /* ---------- start ---------- */

  const TOOLS = [
    { id: 'tool-findings', key: 'findings', render: renderFindings },
    { id: 'tool-knows', key: 'knowledge', render: renderKnowledge },
    { id: 'tool-journeys', key: 'journeys', render: renderJourneys },
    { id: 'tool-filters', key: null, render: renderFilters },
    { id: 'tool-whatif', key: 'whatif', render: renderWhatif },
  ];

  function init(viewerApi) {
    api = viewerApi;
    view = api.state.view;
    api.state.byId.parties = new Map((view.parties || []).map((p) => [p.id, p]));
    for (const tool of TOOLS) {
      const details = byId(tool.id);
      const data = tool.key ? view[tool.key] : true;
      if (data === undefined || data === null) { details.hidden = true; continue; }
      tool.render(details.querySelector('.tool-body'), data);
    }
    window.addEventListener('hashchange', route);
    route();
    return {
      showFinding: (key) => showFinding(key, { reveal: true }),
      showParty: (id) => showParty(id, { reveal: true }),
      showJoin: showJoin,
      showJourney: (id) => showJourney(id, { reveal: true }),
      applyFilters: applyFilters,
      resetFilters: resetFilters,
      setSwitch: setSwitch,
    };
  }

  window.adflowsPanels = { init: init };
})();
