/* adflows panels: "What if": switch off a phone permission, an app, an SDK or a sensor and see which
 * journeys break and which findings go away; greys out what it removes (window.adflowsPage.whatif).
 *
 * The effects of each switch were worked out in Python; with several switches on, the page adds them up.
 * Same safety rule as kit.js: model text is only ever inserted as text. Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, button, withId, note } = page.kit;
  const { nodeName } = page.sources;
  const GREY_NODE = { opacity: 0.22 };
  const GREY_EDGE = { dashes: [2, 8], color: { opacity: 0.2 } };
  let shared = null;
  let view = null;
  let switchById = null; // id -> switch
  const switchedOff = new Set();
  let greyNodes = new Set();
  let greyEdges = new Set();

  function switchLabel(sw) {
    if (sw.kind === 'control') {
      const control = (view.controls || []).find((c) => c.id === sw.target);
      return control ? control.name : sw.target;
    }
    if (sw.kind === 'flow') {
      const edge = shared.byId.edges.get(sw.target);
      return edge ? t('Permission: {route} ({label})', { route: nodeName(edge.source) + ' → ' + nodeName(edge.target), label: edge.label }) : sw.target;
    }
    const node = shared.byId.nodes.get(sw.target);
    return node ? node.label + ' (' + node.kind_label + ')' : sw.target;
  }

  function switchItem(sw) {
    const input = el('input', { type: 'checkbox' });
    input.setAttribute('role', 'switch');
    input.value = sw.id;
    input.dataset.switch = sw.id;
    // A control is switched on (it cuts what it stops); everything else is switched off.
    const control = sw.kind === 'control';
    input.setAttribute('aria-label', control ? t('Use {name}', { name: switchLabel(sw) }) : t('Turn off {name}', { name: switchLabel(sw) }));
    input.addEventListener('change', () => setSwitch(sw.id, input.checked));
    return el('li', null, el('label', { className: 'switch' }, input,
      el('span', null, (control ? t('Use') : t('Turn off')) + ' ', el('span', { className: 'switch-name', text: switchLabel(sw) }))));
  }

  function renderWhatif(body, whatif) {
    switchById = new Map(whatif.switches.map((s) => [s.id, s]));
    if (whatif.skipped) {
      body.append(note(whatif.skipped));
      return;
    }
    if (whatif.switches.length === 0) {
      body.append(note(t('This model has no phone permission, app, SDK or sensor to switch off, and no control that stops a flow.')));
      return;
    }
    body.append(note(t('Turn something off, or use a control, and see which journeys break and which findings go away. Worked out in advance for each switch on its own; with several on, the page adds their effects up.')));
    const groups = [
      [t('Phone permissions'), whatif.switches.filter((s) => s.kind === 'flow')],
      [t('Apps, SDKs and sensors'), whatif.switches.filter((s) => s.kind === 'node')],
      [t('Controls: what someone can do'), whatif.switches.filter((s) => s.kind === 'control')],
    ];
    for (const [title, switches] of groups) {
      if (switches.length) body.append(el('h3', { text: title }), el('ul', { className: 'switch-list' }, ...switches.map(switchItem)));
    }
    const result = withId(el('div', { className: 'whatif-result' }), 'whatif-result');
    result.setAttribute('aria-live', 'polite');
    body.append(result);
    renderWhatifResult();
  }

  /** Turn a switch on or off: grey out what it removes and list the journeys and findings it affects. */
  function setSwitch(id, off) {
    if (!switchById || !switchById.has(id)) return null;
    if (off) switchedOff.add(id); else switchedOff.delete(id);
    const box = document.querySelector('#tool-whatif input[data-switch="' + CSS.escape(id) + '"]');
    if (box) box.checked = off;
    greyOut();
    const result = renderWhatifResult();
    // controls.js keeps its "Switch it on" buttons in step with the switches here.
    document.dispatchEvent(new CustomEvent('adflows:whatif-switch', { detail: { id: id, on: off } }));
    return result;
  }

  function greyOut() {
    const nodes = new Set();
    const edges = new Set();
    for (const id of switchedOff) {
      const sw = switchById.get(id);
      sw.nodes.forEach((n) => nodes.add(n));
      sw.flows.forEach((f) => edges.add(f));
    }
    const nodeUpdates = [];
    const edgeUpdates = [];
    for (const id of nodes) if (!greyNodes.has(id)) nodeUpdates.push({ id: id, opacity: GREY_NODE.opacity });
    for (const id of greyNodes) if (!nodes.has(id)) nodeUpdates.push({ id: id, opacity: 1 });
    // Only what changes, in one update per DataSet. Large graphs draw flows without dashes (see
    // drawing.js edgeDashes), so there a greyed flow is only faded.
    const large = shared.large;
    for (const id of edges) {
      if (greyEdges.has(id)) continue;
      edgeUpdates.push({ id: id, dashes: large ? false : GREY_EDGE.dashes, color: GREY_EDGE.color });
    }
    for (const id of greyEdges) {
      if (!edges.has(id)) edgeUpdates.push({ id: id, dashes: page.drawing.edgeDashes(id), color: { opacity: 1 } });
    }
    greyNodes = nodes;
    greyEdges = edges;
    if (nodeUpdates.length) shared.nodes.update(nodeUpdates);
    if (edgeUpdates.length) shared.edges.update(edgeUpdates);
  }

  function renderWhatifResult() {
    const out = byId('whatif-result');
    const on = [...switchedOff].map((id) => switchById.get(id));
    const status = byId('whatif-status');
    if (on.length === 0) {
      out.replaceChildren(note(t('Nothing is switched off.')));
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
      const f = page.findings.get(key);
      if (!f) return el('li', { text: key });
      const b = button('', () => page.findings.show(key, { reveal: true, updateUrl: true }));
      b.append(page.findings.severityLabel(f.severity), ' ', f.title);
      return el('li', null, b);
    };
    const parts = [
      el('h3', { text: t('Journeys that break: {broken} of {total}', { broken: broken.length, total: journeys.length }) }),
      broken.length
        ? el('ul', { className: 'plain-list' }, ...broken.map((id) => {
          const j = page.journeys.get(id);
          const index = journeys.findIndex((x) => x.id === id);
          const b = button('', () => page.journeys.show(id, { reveal: true }));
          b.append(j ? page.journeys.label(j, index) : id);
          return el('li', null, b);
        }))
        : note(t('Every journey still reaches her.')),
      el('h3', { text: t('Findings that disappear: {count}', { count: gone.length }) }),
      gone.length ? el('ul', { className: 'plain-list' }, ...gone.map(findingButton)) : note(t('None: every finding is still reported.')),
    ];
    if (changed.length) parts.push(el('h3', { text: t('Still reported, through fewer or other flows: {count}', { count: changed.length }) }),
      el('ul', { className: 'plain-list' }, ...changed.map(findingButton)));
    if (added.size) {
      parts.push(el('h3', { text: t('New findings: {count}', { count: added.size }) }), el('ul', null, ...[...added.values()].map((f) =>
        el('li', null, page.findings.severityLabel(f.severity), ' ', f.title))));
    }
    out.replaceChildren(...parts);
    status.hidden = false;
    const journeysBroken = tn('{n} journey', '{n} journeys', broken.length);
    status.replaceChildren(el('span', {
      text: t('What if: {changes} (what they cut is greyed out); {journeys} broken', { changes: changesText(on), journeys: journeysBroken }) + ' — ',
    }), button(t('Undo all'), () => {
      for (const id of [...switchedOff]) setSwitch(id, false);
    }, 'status-button'));
    return { broken: broken, findings_gone: gone, findings_changed: changed };
  }

  /** "2 switches off, 1 control used": switching a control on is not switching something off. */
  function changesText(on) {
    const controls = on.filter((s) => s.kind === 'control').length;
    const off = on.length - controls;
    const parts = [];
    if (off) parts.push(tn('{n} switch off', '{n} switches off', off));
    if (controls) parts.push(tn('{n} control used', '{n} controls used', controls));
    return parts.join(', ');
  }

  page.whatif = Object.freeze({
    render: (body, data, s) => { shared = s; view = s.view; renderWhatif(body, data); },
    setSwitch: setSwitch,
  });
})();
