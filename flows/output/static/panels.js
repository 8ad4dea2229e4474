/* adflows panels beside the graph: findings, who knows what, journeys, filters and what-if.
 *
 * Loaded before viewer.js, which calls `window.adflowsPanels.init(api)` once the graph exists; `api`
 * holds the viewer's helpers (element builders, selection, the details drawer). Everything shown was
 * computed in Python (flows/view/page_view.py) and embedded in the view: the page runs no analysis itself.
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
    filterBoxes: [], // party, kind, data, evidence, legal, notice, consent: ticked = shown
    intoBoxes: [], // "flows into": none ticked = no restriction
    focus: null, // what "Find" focused on: { kind, id, name, nodes, edge }
    findEntries: null, // built on the first search (findMatches)
    filtersBody: null, // large graphs: the Filters panel body, until its checkboxes are built
    lastApplyMs: 0,
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
    return levels.reduce((a, b) => (rank(b) > rank(a) ? b : a), api.state.evidenceLevels[0]);
  }

  /** `text`, preceded by a hedge such as "Reportedly" when the evidence for it is weak. */
  function hedged(level, text, sentence) {
    // How weak evidence is hedged comes with the table of kinds (view.legend.evidence); documented
    // elements are stated plainly.
    const hedge = view.legend.evidence.find((e) => e.level === level && e.hedge);
    const span = api.el('span', { className: 'hedged' });
    if (hedge) {
      const h = api.el('span', { className: 'hedge', text: sentence ? hedge.hedge : hedge.hedge_short });
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

  /** A small badge beside the severity: how sure the finding is (its weakest evidence), in words. */
  function confidenceBadge(finding) {
    if (!finding.confidence) return '';
    return api.el('span', { className: 'badge badge--confidence badge--confidence-' + finding.confidence, text: finding.confidence_label || finding.confidence });
  }

  function confidenceText(finding) {
    const basis = (finding.confidence_basis || []).map((b) => b.kind + ' ' + b.id).join(', ');
    return (finding.confidence_label || finding.confidence) + (basis ? ' — set by ' + basis : '');
  }

  function findingDetails(finding) {
    const claims = (finding.claims || []).map((id) => {
      const claim = (view.claims || []).find((c) => c.id === id);
      if (!claim) return api.el('li', { text: id });
      const quote = claim.paraphrase ? api.el('span', { className: 'paraphrase', text: 'In paraphrase: ' + claim.quote }) : api.el('q', { text: claim.quote });
      return api.el('li', null, quote, ' — ' + partyName(claim.party));
    });
    const more = finding.more || {};
    const moreNote = (key) => (more[key] ? note('… and ' + plural(more[key], 'more') + ' not listed here.') : null);
    return [
      finding.plain ? api.el('p', { className: 'finding-plain' }, api.el('strong', { text: 'In plain words: ' }), finding.plain) : null,
      api.el('p', { className: 'finding-explanation', text: finding.explanation }),
      finding.accepted
        ? api.el('p', { className: 'accepted-note' }, api.el('strong', { text: 'Accepted by the model’s authors: ' }),
          finding.justification || '(no justification given)')
        : null,
      finding.confidence ? api.el('p', { className: 'finding-confidence', text: 'Confidence: ' + confidenceText(finding) }) : null,
      api.el('p', { className: 'finding-status', text: 'Status: ' + (finding.accepted ? 'Accepted' : 'Open') }),
      expertDetails(finding),
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
    head.append(severityLabel(finding.severity, undefined, true), ' ', confidenceBadge(finding), ' ', api.el('span', { className: 'finding-title', text: finding.title }));
    const body = api.el('div', { className: 'finding-body' });
    body.hidden = true;
    add(li, head,
      finding.accepted ? api.el('span', { className: 'badge badge--accepted', text: '✓ Accepted' }) : null,
      api.el('p', { className: 'finding-lead', text: finding.plain || leadSentence(finding.explanation) }),
      body);
    return li;
  }

  /** The explanation's first sentence: what the list shows under each finding's title, in plain words. */
  function leadSentence(text) {
    const plain = String(text || '');
    const m = /^(.{20,260}?[.!?])(\s|$)/.exec(plain);
    if (m) return m[1];
    return plain.length > 200 ? plain.slice(0, 197) + '…' : plain;
  }

  /** Rule id, finding key and threat category: behind a "For experts" disclosure. */
  function expertDetails(finding) {
    const box = api.el('details', { className: 'for-experts' });
    box.append(api.el('summary', { text: 'For experts: rule and threat category' }),
      api.el('dl', { className: 'finding-meta' },
        api.el('dt', { text: 'Rule' }), api.el('dd', null, api.el('code', { text: finding.rule })),
        api.el('dt', { text: 'Finding key' }), api.el('dd', null, api.el('code', { className: 'finding-key', text: finding.key })),
        api.el('dt', { text: 'Threat (LINDDUN)' }), api.el('dd', { text: api.humanise(finding.linddun) })));
    return box;
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
    if (limits.findings_by_rule) {
      body.append(note('A rule with more than ' + limits.findings_grouped_above + ' findings is listed once, with its count and ' +
        'its first findings as examples; ' + total.toLocaleString('en') + ' findings in all (run “adflows check” for each).'));
    } else if (findings.length < total) {
      body.append(note('Showing the ' + findings.length + ' most serious of ' + total.toLocaleString('en') +
        ' findings; run “adflows check” for all of them.'));
    }
    for (const s of SEVERITIES) {
      const group = findings.filter((f) => f.severity === s.level);
      if (group.length === 0) continue;
      const list = api.el('ol', { className: 'finding-list' });
      const byRule = limits.findings_by_rule || {};
      const ruleShown = new Set();
      for (const finding of group) {
        // A large model lists a rule with many findings once, with its count, then a few examples.
        if (byRule[finding.rule] > limits.findings_grouped_above && !ruleShown.has(finding.rule)) {
          ruleShown.add(finding.rule);
          const shown = findings.filter((f) => f.rule === finding.rule).length;
          list.append(api.el('li', { className: 'finding-rule-group' }, api.el('strong', {
            text: byRule[finding.rule].toLocaleString('en') + ' findings of the rule “' + finding.rule +
              '”; the first ' + shown + ' as examples (“adflows check” lists them all):' })));
        }
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
    const people = new Set(view.legend.party_kinds.filter((k) => k.person).map((k) => k.kind));
    const person = (view.parties || []).find((p) => people.has(p.kind));
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

  /* ---------- filters, "flows into" and focus: one visibility function ---------- */

  // Flow attributes filtered by a checkbox group each; unticking hides flows only, never nodes.
  const LEGAL_BASIS_LABELS = {
    consent: 'Consent',
    'legitimate-interest': 'Legitimate interest',
    contract: 'Contract',
    'legal-obligation': 'Legal obligation',
    'none-stated': 'None stated',
    unknown: 'Unknown',
  };
  const FLOW_GROUPS = [
    { group: 'legal', key: 'legal_basis', title: 'Legal basis', label: (e) => LEGAL_BASIS_LABELS[e.legal_basis] || api.humanise(e.legal_basis) },
    { group: 'notice', key: 'notice', title: 'What the person was told', label: (e) => e.notice_label },
    { group: 'consent', key: 'consent', title: 'Consent', label: (e) => e.consent_label },
  ];
  const INTO_LIMIT = 60;
  const FIND_LIMIT = 20;

  function checkbox(group, value, text, extra, checked) {
    const input = api.el('input', { type: 'checkbox' });
    input.checked = checked !== false;
    input.value = value;
    input.dataset.group = group;
    input.addEventListener('change', applyFilters);
    if (group === 'into') panel.intoBoxes.push(input); else panel.filterBoxes.push(input);
    return api.el('li', null, api.el('label', null, input, ' ', extra || null, text));
  }

  function filterGroup(group, title, options, actions) {
    const setAll = (on) => {
      for (const box of panel.filterBoxes) if (box.dataset.group === group) box.checked = on;
      applyFilters();
    };
    let buttons = actions;
    if (!buttons) {
      const all = api.button('All', () => setAll(true));
      const none = api.button('None', () => setAll(false));
      all.setAttribute('aria-label', 'Show all: ' + title);
      none.setAttribute('aria-label', 'Hide all: ' + title);
      buttons = [all, ' ', none];
    }
    const fieldset = api.el('fieldset', { className: 'filter-group' },
      api.el('legend', { text: title }),
      api.el('div', { className: 'filter-actions' }, ...buttons),
      api.el('ul', { className: 'filter-options' }, ...options));
    fieldset.dataset.group = group;
    return fieldset;
  }

  /**
   * Build the filter checkboxes now if they were put off (large graphs build them after the first
   * frame, or when the panel is opened): with no boxes, every group would read as "nothing ticked".
   */
  function ensureFilters() {
    const body = panel.filtersBody;
    if (!body) return;
    panel.filtersBody = null;
    renderFilters(body);
  }

  /** The ticked values of every checkbox group, and which groups have something unticked. */
  function filterSelection() {
    ensureFilters();
    const chosen = {};
    const narrowed = new Set();
    for (const box of panel.filterBoxes) {
      const group = box.dataset.group;
      if (!chosen[group]) chosen[group] = new Set();
      if (box.checked) chosen[group].add(box.value);
      else narrowed.add(group);
    }
    for (const group of ['party', 'kind', 'data', 'evidence', 'legal', 'notice', 'consent']) {
      if (!chosen[group]) chosen[group] = new Set();
    }
    const into = new Set(panel.intoBoxes.filter((b) => b.checked).map((b) => b.value));
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
        !keeps.every((keep) => keep(api.state.byId.nodes.get(id)))) continue;
      nodeShown.add(id);
    }
    return { nodes: nodeShown, edges: edgeShown };
  }

  /** Hide what the filters and the focus leave out (vis `hidden`): one batched update per DataSet. */
  function applyFilters() {
    const started = performance.now();
    const selection = filterSelection();
    const shown = computeVisibility(selection, panel.focus);
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const n of view.nodes) {
      const hide = !shown.nodes.has(n.id);
      if (hide !== panel.hiddenNodes.has(n.id)) nodeUpdates.push({ id: n.id, hidden: hide });
      if (hide) panel.hiddenNodes.add(n.id); else panel.hiddenNodes.delete(n.id);
    }
    for (const e of view.edges) {
      const hide = !shown.edges.has(e.id);
      if (hide !== panel.hiddenEdges.has(e.id)) edgeUpdates.push({ id: e.id, hidden: hide });
      if (hide) panel.hiddenEdges.add(e.id); else panel.hiddenEdges.delete(e.id);
    }
    if (nodeUpdates.length) api.state.nodes.update(nodeUpdates);
    if (edgeUpdates.length) api.state.edges.update(edgeUpdates);
    // The SVG picture re-fits to what is left (a focus fits itself, in focusOn).
    if ((nodeUpdates.length || edgeUpdates.length) && !panel.focus && api.refit) api.refit(true);
    // Counts for the status lines: what the filters alone hide, and what the focus shows.
    const filtered = panel.focus ? computeVisibility(selection, null) : shown;
    updateFilterStatus(selection, view.nodes.length - filtered.nodes.size, view.edges.length - filtered.edges.size);
    updateFocusStatus(shown, selection.narrowed.size > 0 || selection.into.size > 0);
    panel.lastApplyMs = performance.now() - started;
    return {
      nodes: panel.hiddenNodes.size,
      edges: panel.hiddenEdges.size,
      shownNodes: shown.nodes.size,
      shownEdges: shown.edges.size,
    };
  }

  function resetFilters() {
    ensureFilters();
    for (const box of panel.filterBoxes) box.checked = true;
    for (const box of panel.intoBoxes) box.checked = false;
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
    let text = plural(nodes, 'thing') + ' and ' + plural(edges, 'flow') + ' hidden by filters';
    if (FLOW_GROUPS.some((g) => selection.narrowed.has(g.group))) {
      text += ' (legal basis, notice and consent filters hide flows only; every thing stays)';
    }
    status.hidden = false;
    status.replaceChildren(api.el('span', { text: text + ' — ' }),
      api.button('Reset filters', resetFilters, 'status-button'));
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
      groups.push(filterGroup(g.group, g.title, keys.map((value) => {
        const li = checkbox(g.group, value, values.get(value).label);
        li.querySelector('label').append(api.el('span', { className: 'filter-count', text: ' (' + plural(values.get(value).count, 'flow') + ')' }));
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
      const target = api.state.byId.nodes.get(e.target);
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
    const clear = api.button('Clear', () => {
      for (const box of panel.intoBoxes) box.checked = false;
      applyFilters();
    });
    clear.setAttribute('aria-label', 'Clear: flows into');
    const options = ids.map((id) => {
      const li = checkbox('into', id, api.nodeName(id), null, false);
      li.querySelector('label').append(api.el('span', { className: 'filter-count', text: ' (' + plural(counts.get(id), 'flow') + ')' }));
      return li;
    });
    const group = filterGroup('into', 'Flows into (purposes, data sets, audiences, ads)', options, [clear]);
    group.querySelector('legend').after(note('Tick one or more to see only the flows into them and who sends them.' +
      (counts.size > INTO_LIMIT ? ' Showing the ' + INTO_LIMIT + ' that receive most flows of ' + counts.size +
        '; use “Find” above the picture for the others.' : '')));
    return group;
  }

  function renderFilters(body) {
    const present = (values) => new Set(values);
    const kinds = present(view.nodes.map((n) => n.kind));
    const levels = present([...view.nodes.map((n) => n.evidence), ...view.edges.map((e) => e.evidence)]);
    const partyNodes = present(view.nodes.map((n) => n.party));
    add(body,
      note('Untick to hide things from the picture. Filters combine with each other and with “Find”.'),
      intoFilterGroup(),
      ...flowFilterGroups(),
      filterGroup('party', 'Parties', view.parties.filter((p) => partyNodes.has(p.id)).map((p) => checkbox('party', p.id, p.name))),
      filterGroup('kind', 'Kinds of thing', view.legend.kinds.filter((k) => kinds.has(k.kind))
        .map((k) => checkbox('kind', k.kind, k.label))),
      filterGroup('data', 'Data items', view.data.map((d) => checkbox('data', d.id, d.name))),
      filterGroup('evidence', 'Evidence', view.legend.evidence.filter((e) => levels.has(e.level))
        .map((e) => checkbox('evidence', e.level, e.label))),
      api.button('Reset filters', resetFilters));
  }

  /* ---------- find and focus ---------- */

  /** Everything "Find" can reach: nodes, parties (unless they are one node of the same name), data items. */
  function findEntries() {
    const nodesOf = new Map();
    for (const n of view.nodes) {
      if (!nodesOf.has(n.party)) nodesOf.set(n.party, []);
      nodesOf.get(n.party).push(n);
    }
    const carried = new Map();
    for (const e of view.edges) for (const d of e.data) carried.set(d, (carried.get(d) || 0) + 1);
    const entries = [];
    for (const n of view.nodes) {
      entries.push({ kind: 'node', id: n.id, name: n.label, detail: n.kind_label + ' · ' + n.party_name });
    }
    for (const p of view.parties || []) {
      const own = nodesOf.get(p.id) || [];
      if (own.length === 0 || (own.length === 1 && own[0].label === p.name)) continue;
      entries.push({ kind: 'party', id: p.id, name: p.name, detail: 'Party · ' + plural(own.length, 'thing') + ' in the picture' });
    }
    for (const d of view.data || []) {
      entries.push({ kind: 'data', id: d.id, name: d.name, detail: 'Data item · carried by ' + plural(carried.get(d.id) || 0, 'flow') });
    }
    for (const entry of entries) entry.key = String(entry.name).toLowerCase();
    return entries;
  }

  /** Case-insensitive substring match; names starting with the text come first; at most FIND_LIMIT. */
  function findMatches(text) {
    const q = String(text || '').trim().toLowerCase();
    if (!q) return { matches: [], total: 0 };
    const starts = [];
    const contains = [];
    if (!panel.findEntries) panel.findEntries = findEntries();
    for (const entry of panel.findEntries) {
      const at = entry.key.indexOf(q);
      if (at === 0) starts.push(entry);
      else if (at > 0) contains.push(entry);
    }
    const all = starts.concat(contains);
    return { matches: all.slice(0, FIND_LIMIT), total: all.length };
  }

  /** What focusing on an id means: the nodes it is about, and which flows stay. */
  function focusTarget(kind, id) {
    if (kind === 'node' && api.state.byId.nodes.has(id)) {
      const nodes = new Set([id]);
      return { kind: kind, id: id, name: api.nodeName(id), nodes: nodes, edge: (e) => nodes.has(e.source) || nodes.has(e.target) };
    }
    if (kind === 'party' && api.state.byId.parties.has(id)) {
      const nodes = new Set(view.nodes.filter((n) => n.party === id).map((n) => n.id));
      if (nodes.size === 0) return null;
      return { kind: kind, id: id, name: partyName(id), nodes: nodes, edge: (e) => nodes.has(e.source) || nodes.has(e.target) };
    }
    if (kind === 'data' && api.state.byId.data.has(id)) {
      const nodes = new Set(view.nodes.filter((n) => (n.holds || []).includes(id)).map((n) => n.id));
      return { kind: kind, id: id, name: dataName(id), nodes: nodes, edge: (e) => e.data.includes(id) };
    }
    return null;
  }

  /** `#focus=ID`: a node id, else a party id, else a data item id; `party:ID` / `data:ID` say which. */
  function resolveFocus(text) {
    const m = /^(node|party|data):(.+)$/.exec(text);
    if (m) return focusTarget(m[1], m[2]);
    return focusTarget('node', text) || focusTarget('party', text) || focusTarget('data', text);
  }

  function focusHash(target) {
    const plain = resolveFocus(target.id);
    const sameAsPlain = plain && plain.kind === target.kind ||
      (plain && plain.kind === 'node' && target.kind === 'party' && target.nodes.size === 1 && target.nodes.has(plain.id));
    return '#focus=' + encodeURIComponent(sameAsPlain ? target.id : target.kind + ':' + target.id);
  }

  /**
   * Show only a node (or a party's nodes, or the flows carrying a data item), its direct neighbours
   * and the flows that touch it; fit the view to them and open its details. Other filters still apply.
   */
  function focusOn(kind, id, options) {
    const target = kind ? focusTarget(kind, id) : resolveFocus(id);
    if (!target) return null;
    const opts = options || {};
    api.stopPlaying();
    panel.focus = target;
    const result = applyFilters();
    if (opts.updateUrl !== false) writeHash(focusHash(target));
    const visible = [...target.nodes].filter((n) => !panel.hiddenNodes.has(n));
    const around = view.nodes.filter((n) => !panel.hiddenNodes.has(n.id)).map((n) => n.id);
    const single = target.kind === 'node' ? target.id : (target.nodes.size === 1 ? [...target.nodes][0] : null);
    if (single && !panel.hiddenNodes.has(single)) api.openPanel('node', single, { fromGraph: true });
    else {
      api.closePanel();
      api.state.network.setSelection({ nodes: visible, edges: [] }, { unselectAll: true, highlightEdges: false });
    }
    fitAround(around, opts.animate !== false);
    return { kind: target.kind, id: target.id, nodes: result.shownNodes, edges: result.shownEdges };
  }

  /**
   * Zoom to these nodes in the part of the graph the details drawer does not cover (vis `fit` would
   * centre them under the drawer).
   */
  function fitAround(ids, animate) {
    const network = api.state.network;
    if (ids.length === 0) return;
    if (api.state.picture) {
      // The SVG picture leaves the details panel's side free itself (its insets), with bounded zoom.
      network.fit({ nodes: ids, animation: animate });
      return;
    }
    const positions = network.getPositions(ids);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const id of ids) {
      const p = positions[id];
      if (!p) continue;
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
    if (!Number.isFinite(minX)) return;
    const pad = 90; // room for node shapes and labels around the centres
    const box = byId('network');
    const drawer = byId('panel');
    const covered = !drawer.hidden && window.getComputedStyle(drawer).position === 'absolute' ? drawer.offsetWidth + 20 : 0;
    const width = Math.max(box.clientWidth - covered, box.clientWidth * 0.4);
    const height = Math.max(box.clientHeight - 50, 100); // the status line sits over the top
    const scale = Math.min(1.4, width / (maxX - minX + 2 * pad), height / (maxY - minY + 2 * pad));
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    network.moveTo({
      position: { x: (minX + maxX) / 2 + covered / 2 / scale, y: (minY + maxY) / 2 - 25 / scale },
      scale: scale,
      animation: animate && !reduced ? { duration: 500, easingFunction: 'easeInOutQuad' } : false,
    });
  }

  function clearFocus(options) {
    if (!panel.focus) return null;
    panel.focus = null;
    const result = applyFilters();
    const input = byId('find-input');
    if (input) input.value = '';
    if (/^#focus=/.test(window.location.hash)) {
      try {
        history.replaceState(null, '', window.location.pathname + window.location.search);
      } catch (err) {
        window.location.hash = '';
      }
    }
    if (!options || options.fit !== false) api.state.network.fit({ animation: false });
    return result;
  }

  function updateFocusStatus(shown, filtered) {
    const status = byId('focus-status');
    const focus = panel.focus;
    if (!focus) {
      status.hidden = true;
      status.replaceChildren();
      return;
    }
    const what = focus.kind === 'data' ? 'where “' + focus.name + '” goes' : '“' + focus.name + '”';
    const reset = api.button('Show everything', () => clearFocus(), 'status-button');
    reset.id = 'focus-reset';
    status.hidden = false;
    status.replaceChildren(api.el('span', {
      text: 'Focused on ' + what + ': ' + plural(shown.nodes.size, 'thing') + ', ' + plural(shown.edges.size, 'flow') +
        (filtered ? ' (filters on)' : '') + ' — ',
    }), reset);
  }

  function setUpFind() {
    const input = byId('find-input');
    const list = byId('find-results');
    const count = byId('find-count');
    if (!input || !list) return;
    let matches = [];
    let active = -1;

    const close = () => {
      list.replaceChildren();
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const mark = (index) => {
      active = index;
      list.querySelectorAll('[role="option"]').forEach((li, i) => {
        li.setAttribute('aria-selected', String(i === index));
        if (i === index) {
          input.setAttribute('aria-activedescendant', li.id);
          li.scrollIntoView({ block: 'nearest' });
        }
      });
    };
    const choose = (entry) => {
      if (!entry) return;
      input.value = entry.name;
      close();
      count.textContent = '';
      focusOn(entry.kind, entry.id);
    };
    const update = () => {
      const found = findMatches(input.value);
      matches = found.matches;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (!input.value.trim()) {
        close();
        count.textContent = '';
        return;
      }
      const items = matches.map((entry, i) => {
        const li = api.el('li', { className: 'find-option' },
          api.el('span', { className: 'find-name', text: entry.name }),
          api.el('span', { className: 'find-detail', text: entry.detail }));
        li.id = 'find-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.addEventListener('click', () => choose(entry));
        return li;
      });
      if (items.length === 0) items.push(api.el('li', { className: 'find-empty', text: 'Nothing matches.' }));
      list.replaceChildren(...items);
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      count.textContent = found.total === 0 ? 'No matches.'
        : found.total > matches.length ? 'First ' + matches.length + ' of ' + found.total + ' matches.'
          : plural(found.total, 'match', 'matches') + '.';
    };

    input.addEventListener('input', update);
    input.addEventListener('focus', () => { if (input.value.trim()) update(); });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (list.hidden) update();
        if (matches.length === 0) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        mark((active + step + matches.length) % matches.length);
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (list.hidden) update();
        choose(matches[active >= 0 ? active : 0]);
      } else if (event.key === 'Escape') {
        input.value = '';
        close();
        count.textContent = '';
      }
    });
    // Picking with the mouse must not blur the input first (which would close the list).
    list.addEventListener('mousedown', (event) => event.preventDefault());
    input.addEventListener('blur', close);
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
    if (m) { showParty(safeDecode(m[1]), { reveal: true }); return; }
    m = /^#focus=(.+)$/.exec(hash);
    if (m) focusOn(null, safeDecode(m[1]), { updateUrl: false, animate: false });
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
      if (tool.key === null && api.state.large) {
        // Thousands of flows to count into checkbox groups: not before the first frame. Built when
        // the browser is idle, when the panel is opened, or when anything reads the filters.
        panel.filtersBody = details.querySelector('.tool-body');
        details.addEventListener('toggle', ensureFilters);
        api.whenIdle(ensureFilters);
        continue;
      }
      tool.render(details.querySelector('.tool-body'), data);
    }
    setUpFind();
    window.addEventListener('hashchange', route);
    route();
    return {
      showFinding: (key) => showFinding(key, { reveal: true }),
      showParty: (id) => showParty(id, { reveal: true }),
      showJoin: showJoin,
      showJourney: (id) => showJourney(id, { reveal: true }),
      applyFilters: applyFilters,
      resetFilters: resetFilters,
      focus: (id, kind) => focusOn(kind || null, id),
      clearFocus: clearFocus,
      find: (text) => findMatches(text).matches.map((e) => ({ kind: e.kind, id: e.id, name: e.name })),
      lastFilterMs: () => panel.lastApplyMs,
      setSwitch: setSwitch,
    };
  }

  window.adflowsPanels = { init: init };
})();
