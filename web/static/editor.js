/*
 * The model editor: YAML on the left (CodeMirror 5, vendored), the live graph on the right (vis-network,
 * the same file the single-file page inlines). As you type, the text is POSTed to /api/validate?view=true
 * (debounced); the answer is either the view to draw or the located problems, which are listed and marked in the
 * gutter at their lines. Share links (static/share-link.js) carry the model compressed in the URL fragment,
 * which browsers never send to a server; a story link opens the same model's story page in presenter mode. No inline script, no eval, no third-party request: CSP `script-src 'self'`.
 */
(function () {
  'use strict';

  const DEBOUNCE_MS = 400;
  const graph = window.adflowsGraph; // the page's own drawing rules (served from flows/output/static/graph.js)

  const root = document.getElementById('editor');
  const maxBytes = Number(root.dataset.maxBytes) || 1048576;
  const state = {
    cm: null, network: null, nodes: null, edges: null, view: null,
    timer: null, controller: null, seq: 0, problems: [], escaped: false, fitted: false,
  };

  function byId(id) { return document.getElementById(id); }

  // The editor's own words in the page's language (web/script_words.py fills data-words; English when empty).
  const words = JSON.parse(root.dataset.words || '{}');
  const locale = document.documentElement.lang || 'en';
  /** `text` translated, its `{name}` placeholders filled from `values`. */
  function t(text, values) {
    return String(words[text] || text).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));
  }

  function setState(name) { root.dataset.state = name; }

  function setStatus(text) { byId('status').textContent = text; }

  function showNotice(text) {
    const notice = byId('notice');
    notice.textContent = text;
    notice.hidden = false;
  }

  function hideNotice() { byId('notice').hidden = true; }

  function plural(n, one, many) { return t(n === 1 ? one : many, { count: n }); }

  /* ---------- share links (static/share-link.js): the model in the fragment ---------- */

  const links = window.adflowsShareLink;

  /** The model in the address's fragment, or null; a damaged link shows a message, never throws. */
  async function modelFromLink() {
    const parsed = links.parse(window.location.hash);
    if (parsed === null) return null;
    try {
      return await links.decode(parsed.payload, maxBytes);
    } catch (error) {
      const why = error instanceof links.LinkError ? error.message : t('it could not be read');
      showNotice(t('This share link cannot be opened: {why}. The editor shows the model it had before; ask for the link again, or for the YAML file.', { why }));
      return null;
    }
  }

  /** Fill the editor's link and the story link (presenter mode) for the model being edited. */
  async function makeShareLink() {
    const fragment = await links.encode(state.cm.getValue());
    if (fragment.length - 1 > links.MAX_FRAGMENT) {
      showNotice(t('This model is too large for a share link: it needs {size} KB and links are limited to {limit} KB. Download the YAML and send the file instead.',
        { size: Math.ceil((fragment.length - 1) / 1024), limit: links.MAX_FRAGMENT / 1024 }));
      byId('share').hidden = true;
      return null;
    }
    hideNotice();
    const url = window.location.origin + window.location.pathname + fragment;
    window.history.replaceState(null, '', url);
    byId('story-url').value = window.location.origin + '/story' + fragment + '&present';
    const input = byId('share-url');
    input.value = url;
    byId('share').hidden = false;
    input.focus();
    input.select();
    const note = byId('share-note');
    note.textContent = t('{size} KB. Anyone with the link sees this model; no server keeps a copy.', { size: Math.ceil(url.length / 1024) });
    try {
      await navigator.clipboard.writeText(url);
      note.textContent = t('Copied.') + ' ' + note.textContent;
    } catch (_) { /* no clipboard permission: the selected link can be copied by hand */ }
    return url;
  }

  /* ---------- the graph ---------- */

  /** Replace what the graph shows; refit only when the set of nodes changed, so typing does not jump. */
  function drawView(view) {
    const before = state.nodes.getIds().sort().join('\n');
    const viewNodes = new Map(view.nodes.map((n) => [n.id, n]));
    const nodes = view.nodes.map(graph.visNode);
    const edges = graph.visEdges(view.edges, (id) => viewNodes.get(id), false);
    state.nodes.update(nodes);
    state.nodes.remove(state.nodes.getIds().filter((id) => !nodes.some((n) => n.id === id)));
    state.edges.clear();
    state.edges.add(edges);
    if (!state.fitted || before !== state.nodes.getIds().sort().join('\n')) {
      state.network.fit({ animation: false });
      state.fitted = true;
    }
    drawPicture(view, before === state.nodes.getIds().sort().join('\n'));
    root.dataset.nodes = String(nodes.length);
    root.dataset.edges = String(edges.length);
  }

  /**
   * Draw the model as the page does (picture.js, from the view's `drawing`) over the vis preview,
   * which stays for views without a drawing. The camera stays put while the same nodes are edited.
   */
  function drawPicture(view, sameNodes) {
    const host = byId('graph');
    const old = state.picture;
    const camera = old && sameNodes ? { position: old.getViewPosition(), scale: old.getScale() } : null;
    if (old) old.destroy();
    state.picture = null;
    host.classList.toggle('has-picture', Boolean(view.drawing && window.adflowsPicture));
    if (!view.drawing || !window.adflowsPicture) return;
    state.picture = window.adflowsPicture.create(host, view, {
      describe: (kind, item) => item.title || item.label,
      legibleZoom: false, // an author's preview: the whole model at once
    });
    state.picture.on('click', onGraphClick);
    if (camera) state.picture.moveTo(camera);
    else state.picture.fit({ animation: false });
  }

  /** Clicking a node or a flow puts the cursor on its `id:` line in the YAML. */
  function onGraphClick(params) {
    const id = params.nodes[0] || params.edges[0];
    if (!id) return;
    const pattern = new RegExp('^\\s*-?\\s*id:\\s*["\']?' + id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '["\']?\\s*(#.*)?$');
    for (let line = 0; line < state.cm.lineCount(); line += 1) {
      if (pattern.test(state.cm.getLine(line))) { jumpTo(line + 1, 1, false); return; }
    }
  }

  /* ---------- problems ---------- */

  function jumpTo(line, col, focus) {
    const pos = { line: Math.max(0, line - 1), ch: Math.max(0, col - 1) };
    state.cm.setCursor(pos);
    state.cm.scrollIntoView(pos, 80);
    if (focus !== false) state.cm.focus();
  }

  function clearProblems() {
    state.cm.clearGutter('cm-problems');
    // Line handles, not numbers: lines move as text is inserted above them.
    for (const handle of state.problems) state.cm.removeLineClass(handle, 'background', 'problem-line');
    state.problems = [];
    byId('problems').replaceChildren();
    byId('problem-count').textContent = '0';
  }

  function problemText(p) {
    return p.message + (p.hint ? ` (${p.hint})` : '');
  }

  function showProblems(problems, more) {
    clearProblems();
    const list = byId('problems');
    const lastLine = state.cm.lineCount();
    const marked = new Set();
    for (const p of problems) {
      const line = Math.min(Math.max(1, Number(p.line) || 1), lastLine) - 1;
      if (!marked.has(line)) {
        marked.add(line);
        const marker = document.createElement('span');
        marker.className = 'problem-marker';
        marker.textContent = '\u2716';
        marker.title = problemText(p);
        state.cm.setGutterMarker(line, 'cm-problems', marker);
        state.problems.push(state.cm.addLineClass(line, 'background', 'problem-line'));
      }
      const item = document.createElement('li');
      item.className = 'problem';
      item.dataset.line = String(line + 1);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = t('Line {line}, column {col}', { line: p.line || 1, col: p.col || 1 });
      button.addEventListener('click', () => jumpTo(p.line || 1, p.col || 1));
      const text = document.createElement('span');
      text.textContent = ': ' + problemText(p);
      item.append(button, text);
      list.append(item);
    }
    if (more > 0) {  // the server lists the first problems only (issue 15): say how many are left out
      const item = document.createElement('li');
      item.className = 'problem more';
      item.textContent = t('… and {count} more, not listed: fix these first.', { count: more.toLocaleString(locale) });
      list.append(item);
    }
    byId('problem-count').textContent = String(problems.length + more);
  }

  /* ---------- talking to the server ---------- */

  function scheduleUpdate() {
    window.clearTimeout(state.timer);
    setStatus(t('Checking…'));
    state.timer = window.setTimeout(update, DEBOUNCE_MS);
  }

  function findingsSummary(view) {
    const counts = { high: 0, medium: 0, low: 0, info: 0 };
    for (const f of view.findings || []) if (!f.accepted && f.severity in counts) counts[f.severity] += 1;
    const parts = Object.entries(counts).filter(([, n]) => n).map(([s, n]) => `${n} ${t(s)}`);
    return parts.length ? parts.join(', ') : t('none');
  }

  async function update() {
    const seq = ++state.seq;
    if (state.controller) state.controller.abort();
    state.controller = new AbortController();
    const text = state.cm.getValue();
    if (new TextEncoder().encode(text).length > maxBytes) {
      showProblems([{ line: 1, col: 1, message: t('the model is larger than {bytes} bytes', { bytes: maxBytes.toLocaleString(locale) }), hint: t('split it') }], 0);
      setState('invalid');
      setStatus(t('Too large to check.'));
      return;
    }
    let response;
    let body;
    try {
      // /api/validate answers 200 for an invalid model too: a typo must not be a failed request.
      response = await fetch('/api/validate?view=true', {
        method: 'POST', headers: { 'Content-Type': 'text/yaml; charset=utf-8' }, body: text,
        signal: state.controller.signal,
      });
      body = await response.json();
    } catch (error) {
      if (seq !== state.seq || (error && error.name === 'AbortError')) return;
      setState('offline');
      setStatus(t('Cannot reach the adflows server; the graph shows the last valid version.'));
      return;
    }
    if (seq !== state.seq) return;
    if (response.ok && body.valid) {
      const view = body.view;
      state.view = view;
      clearProblems();
      drawView(view);
      setState('valid');
      byId('graph-note').textContent = '';
      setStatus(t('Valid · {nodes} · {flows} · findings: {findings}', {
        nodes: plural(view.nodes.length, '{count} node', '{count} nodes'),
        flows: plural(view.edges.length, '{count} flow', '{count} flows'),
        findings: findingsSummary(view),
      }));
    } else if (response.ok) {
      const more = Number(body.more_errors) || 0;
      showProblems(body.errors, more);
      setState('invalid');
      byId('graph-note').textContent = state.view ? t('(last valid version)') : '';
      setStatus(t('{problems}: see the list under the YAML and the marks in the margin.', {
        problems: plural(body.errors.length + more, '{count} problem', '{count} problems'),
      }));
    } else {
      setState('error');
      setStatus(t('The server refused the model: {error}', { error: body && body.error ? body.error : response.status }));
    }
  }

  /* ---------- downloads ---------- */

  function fileStem() {
    return (state.view && state.view.model && state.view.model.id) || 'model';
  }

  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function needView() {
    if (state.view && root.dataset.state === 'valid') return true;
    setStatus(t('Fix the problems first: downloads need a valid model.'));
    return false;
  }

  async function downloadHtml() {
    if (!needView()) return;
    setStatus(t('Rendering the page…'));
    try {
      const response = await fetch('/api/render', {
        method: 'POST', headers: { 'Content-Type': 'text/yaml; charset=utf-8' }, body: state.cm.getValue(),
      });
      if (!response.ok) { setStatus(t('The page could not be rendered; see the problems.')); return; }
      download(await response.blob(), `${fileStem()}.html`);
      setStatus(t('Downloaded the page: one HTML file that works offline.'));
    } catch (_) {
      setStatus(t('Cannot reach the adflows server to render the page.'));
    }
  }

  function downloadPng() {
    if (!needView()) return;
    const source = byId('graph').querySelector('canvas');
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    canvas.toBlob((blob) => download(blob, `${fileStem()}.png`), 'image/png');
  }

  function setUpButtons() {
    byId('share-button').addEventListener('click', () => { makeShareLink(); });
    byId('download-html').addEventListener('click', () => { downloadHtml(); });
    byId('download-yaml').addEventListener('click', () => {
      download(new Blob([state.cm.getValue()], { type: 'text/yaml' }), `${fileStem()}.yaml`);
    });
    byId('download-json').addEventListener('click', () => {
      if (needView()) download(new Blob([JSON.stringify(state.view, null, 2)], { type: 'application/json' }), `${fileStem()}.view.json`);
    });
    byId('download-png').addEventListener('click', downloadPng);
  }

  /* ---------- start ---------- */

  function makeEditor() {
    const cm = window.CodeMirror.fromTextArea(byId('yaml'), {
      mode: 'yaml',
      screenReaderLabel: t('The model as YAML'), // CodeMirror's own input replaces the labelled textarea
      lineNumbers: true,
      gutters: ['cm-problems', 'CodeMirror-linenumbers'],
      indentUnit: 2,
      tabSize: 2,
      indentWithTabs: false,
      lineWrapping: false,
      extraKeys: {
        // YAML forbids tabs: Tab indents with spaces. Esc then Tab leaves the editor (no keyboard trap).
        Tab: (ed) => {
          if (state.escaped) return window.CodeMirror.Pass;
          if (ed.somethingSelected()) ed.indentSelection('add');
          else ed.replaceSelection('  ', 'end');
          return undefined;
        },
        'Shift-Tab': (ed) => (state.escaped ? window.CodeMirror.Pass : ed.indentSelection('subtract')),
        Esc: () => { state.escaped = true; },
      },
    });
    cm.on('keydown', (_, event) => { if (event.key !== 'Escape' && event.key !== 'Tab') state.escaped = false; });
    cm.on('focus', () => { state.escaped = false; });
    // A long model scrolls: keyboard users reach the scrolling area too and scroll it with the arrow keys.
    const scroller = cm.getScrollerElement();
    scroller.setAttribute('tabindex', '0');
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-label', t('The model as YAML, scrollable'));
    return cm;
  }

  async function main() {
    state.cm = makeEditor();
    state.nodes = new window.vis.DataSet([]);
    state.edges = new window.vis.DataSet([]);
    state.network = new window.vis.Network(byId('graph'), { nodes: state.nodes, edges: state.edges }, graph.networkOptions(false));
    state.network.on('click', onGraphClick);
    setUpButtons();
    window.adflowsEditor = { state: state, update: update, makeShareLink: makeShareLink };
    const linked = await modelFromLink();
    if (linked !== null) state.cm.setValue(linked);
    state.cm.on('change', scheduleUpdate);
    window.addEventListener('hashchange', async () => {
      const text = await modelFromLink();
      if (text !== null && text !== state.cm.getValue()) { hideNotice(); state.cm.setValue(text); }
    });
    await update();
  }

  main();
})();
