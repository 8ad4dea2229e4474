/* adflows panels: the findings, by severity, each opening to its explanation, flows, claims and
 * sources and lighting them up in the picture (window.adflowsPage.findings). `#finding=KEY` links here.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, humanise, add, note, writeHash } = page.kit;
  const { sourceList } = page.sources;
  const { flowList, partyName, highlight, openTool } = page.panelKit;
  // Text plus a distinct symbol for each severity, so colour never carries the meaning alone.
  const SEVERITIES = [
    { level: 'high', label: () => t('High'), icon: '▲' },
    { level: 'medium', label: () => t('Medium'), icon: '◆' },
    { level: 'low', label: () => t('Low'), icon: '▽' },
    { level: 'info', label: () => t('Info'), icon: '○' },
  ];
  let view = null;
  const byKey = new Map(); // key -> finding
  const itemByKey = new Map(); // key -> <li>

  /** Icon and word for a severity; `compact` hides the word visually (screen readers still read it). */
  function severityLabel(level, count, compact) {
    const s = SEVERITIES.find((x) => x.level === level) || { label: () => level, icon: '•' };
    const label = el('span', { className: 'severity severity--' + s.level });
    label.append(el('span', { className: 'severity-icon', text: s.icon }),
      el('span', { className: compact ? 'visually-hidden' : '', text: ' ' + s.label() + (compact ? ':' : '') }));
    if (count !== undefined) label.append(' ', el('span', { className: 'count', text: String(count) }));
    label.firstChild.setAttribute('aria-hidden', 'true');
    return label;
  }

  /** A small badge beside the severity: how sure the finding is (its weakest evidence), in words. */
  function confidenceBadge(finding) {
    if (!finding.confidence) return '';
    return el('span', { className: 'badge badge--confidence badge--confidence-' + finding.confidence, text: finding.confidence_label || finding.confidence });
  }

  function confidenceText(finding) {
    const basis = (finding.confidence_basis || []).map((b) => b.kind + ' ' + b.id).join(', ');
    return (finding.confidence_label || finding.confidence) + (basis ? ' — ' + t('set by {basis}', { basis: basis }) : '');
  }

  function findingDetails(finding) {
    const claims = (finding.claims || []).map((id) => {
      const claim = (view.claims || []).find((c) => c.id === id);
      if (!claim) return el('li', { text: id });
      const quote = claim.paraphrase ? el('span', { className: 'paraphrase', text: t('In paraphrase: {quote}', { quote: claim.quote }) }) : el('q', { text: claim.quote });
      return el('li', null, quote, ' — ' + partyName(claim.party));
    });
    const more = finding.more || {};
    const moreNote = (key) => (more[key] ? note(tn('… and {n} more not listed here.', '… and {n} more not listed here.', more[key])) : null);
    return [
      finding.plain ? el('p', { className: 'finding-plain' }, el('strong', { text: t('In plain words:') + ' ' }), finding.plain) : null,
      el('p', { className: 'finding-explanation', text: finding.explanation }),
      finding.accepted
        ? el('p', { className: 'accepted-note' }, el('strong', { text: t('Accepted by the model’s authors:') + ' ' }),
          finding.justification || t('(no justification given)'))
        : null,
      finding.confidence ? el('p', { className: 'finding-confidence', text: t('Confidence: {confidence}', { confidence: confidenceText(finding) }) }) : null,
      el('p', { className: 'finding-status', text: finding.accepted ? t('Status: Accepted') : t('Status: Open') }),
      expertDetails(finding),
      finding.flows.length ? el('h4', { text: t('Flows') }) : null,
      finding.flows.length ? flowList(finding.flows) : null,
      moreNote('flows'),
      claims.length ? el('h4', { text: t('Claims it checks') }) : null,
      claims.length ? el('ul', null, ...claims) : null,
      el('h4', { text: t('Sources') }),
      sourceList(finding.sources),
      moreNote('sources'),
    ];
  }

  function findingItem(finding) {
    const li = el('li', { className: 'finding' });
    li.dataset.key = finding.key;
    const head = button('', () => showFinding(finding.key, { updateUrl: true }), 'finding-button');
    head.setAttribute('aria-expanded', 'false');
    head.append(severityLabel(finding.severity, undefined, true), ' ', confidenceBadge(finding), ' ', el('span', { className: 'finding-title', text: finding.title }));
    const body = el('div', { className: 'finding-body' });
    body.hidden = true;
    add(li, head,
      finding.accepted ? el('span', { className: 'badge badge--accepted', text: t('✓ Accepted') }) : null,
      el('p', { className: 'finding-lead', text: finding.plain || leadSentence(finding.explanation) }),
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
    const box = el('details', { className: 'for-experts' });
    box.append(el('summary', { text: t('For experts: rule and threat category') }),
      el('dl', { className: 'finding-meta' },
        el('dt', { text: t('Rule') }), el('dd', null, el('code', { text: finding.rule })),
        el('dt', { text: t('Finding key') }), el('dd', null, el('code', { className: 'finding-key', text: finding.key })),
        el('dt', { text: t('Threat (LINDDUN)') }), el('dd', { text: humanise(finding.linddun) })));
    return box;
  }

  /** Highlight a finding's nodes and flows and show its explanation; returns what was selected. */
  function showFinding(key, options) {
    const finding = byKey.get(key);
    if (!finding) return null;
    const opts = options || {};
    for (const [other, li] of itemByKey) {
      const active = other === key;
      li.classList.toggle('is-active', active);
      li.querySelector('.finding-button').setAttribute('aria-expanded', String(active));
      const body = li.querySelector('.finding-body');
      if (active && body.childElementCount === 0) body.append(...findingDetails(finding).filter(Boolean));
      body.hidden = !active;
    }
    if (opts.updateUrl) writeHash('#finding=' + encodeURIComponent(key).replace(/%40/g, '@'));
    if (opts.reveal) {
      openTool('tool-findings');
      itemByKey.get(key).scrollIntoView({ block: 'start' });
    }
    return highlight(finding.nodes, finding.flows);
  }

  function renderFindings(body, findings) {
    const limits = view.limits || {};
    const counts = Object.assign({}, limits.findings_by_severity || {});
    if (!limits.findings_by_severity) for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    const total = limits.findings_total !== undefined ? limits.findings_total : findings.length;
    byId('tool-findings-count').textContent = '(' + total + ')';
    body.append(el('ul', { className: 'severity-counts' },
      ...SEVERITIES.map((s) => el('li', null, severityLabel(s.level, counts[s.level] || 0)))));
    if (findings.length === 0) {
      body.append(note(t('No rule found a problem in this model.')));
      return;
    }
    body.append(note(t('Choose a finding to show its flows in the picture.')));
    if (limits.findings_by_rule) {
      body.append(note(tn('A rule with more than {limit} findings is listed once, with its count and its first findings as examples; {n} finding in all (run “adflows check” for each).',
        'A rule with more than {limit} findings is listed once, with its count and its first findings as examples; {n} findings in all (run “adflows check” for each).',
        total, { limit: limits.findings_grouped_above })));
    } else if (findings.length < total) {
      body.append(note(tn('Showing the {shown} most serious of {n} finding; run “adflows check” for all of them.',
        'Showing the {shown} most serious of {n} findings; run “adflows check” for all of them.', total, { shown: findings.length })));
    }
    for (const s of SEVERITIES) {
      const group = findings.filter((f) => f.severity === s.level);
      if (group.length === 0) continue;
      const list = el('ol', { className: 'finding-list' });
      const byRule = limits.findings_by_rule || {};
      const ruleShown = new Set();
      for (const finding of group) {
        // A large model lists a rule with many findings once, with its count, then a few examples.
        if (byRule[finding.rule] > limits.findings_grouped_above && !ruleShown.has(finding.rule)) {
          ruleShown.add(finding.rule);
          const shown = findings.filter((f) => f.rule === finding.rule).length;
          list.append(el('li', { className: 'finding-rule-group' }, el('strong', {
            text: tn('{n} finding of the rule “{rule}”; the first {shown} as examples (“adflows check” lists them all):',
              '{n} findings of the rule “{rule}”; the first {shown} as examples (“adflows check” lists them all):',
              byRule[finding.rule], { rule: finding.rule, shown: shown }) })));
        }
        byKey.set(finding.key, finding);
        const li = findingItem(finding);
        itemByKey.set(finding.key, li);
        list.append(li);
      }
      body.append(el('h3', { className: 'severity-heading' }, severityLabel(s.level, group.length)), list);
    }
  }

  page.findings = Object.freeze({
    render: (body, list, s) => { view = s.view; renderFindings(body, list); },
    get: (key) => byKey.get(key),
    show: showFinding,
    severityLabel: severityLabel,
  });
})();
