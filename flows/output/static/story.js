/* adflows page: the story player (steps, Play, the new data of a step, `#step=N` links), window.adflowsPage.story.
 *
 * Owns the step shown and the play timer; presenter.js drives it from the keyboard. Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el } = page.kit;
  const { nodeName } = page.sources;
  const STEP_DELAY_MS = 6000;
  const MAX_CHIPS = 3; // data chips beside a step's narration; the rest are counted
  let shared = null;
  let current = 0; // the step shown (0: the overview)
  let timer = null;
  let arrivingAt = null; // node id -> data ids some flow brings into it, built on the first step

  /** `#step=N`, `#present` or `#present&step=N` (the presenter's share link). */
  function stepFromHash() {
    const m = /^#(?:present&)?step=(\d+)$/.exec(page.i18n.hash());
    if (m) return Number(m[1]);
    return page.i18n.hash() === '#present' ? 0 : null;
  }

  function presentFromHash() {
    return /^#present(&step=\d+)?$/.test(page.i18n.hash());
  }

  function writeStepToUrl(n) {
    const presenting = document.body.classList.contains('presenting');
    page.i18n.writeHash(presenting ? '#present&step=' + n : '#step=' + n);
  }

  /** Go to story step n (1-based; 0 is the overview). Returns the step actually shown. */
  function showStep(n, options) {
    const opts = options || {};
    const story = shared.view.story;
    const index = Math.max(0, Math.min(story.length, Number(n) || 0));
    current = index;
    const box = byId('story-step');
    box.dataset.step = String(index);
    byId('story-prev').disabled = index === 0;
    byId('story-next').disabled = index === story.length;
    for (const id of ['story-title', 'story-narration']) {
      if (index === 0) page.i18n.chromeText(byId(id)); else page.i18n.modelText(byId(id));
    }
    if (index === 0) {
      byId('story-counter').textContent = story.length
        ? tn('Overview · {n} step', 'Overview · {n} steps', story.length) : t('Overview');
      byId('story-title').textContent = t('The whole picture');
      byId('story-narration').textContent = story.length
        ? t('Press Next or the → key to step through the story. Click anything in the picture for details.')
        : t('This model has no story. Click anything in the picture for details.');
      selectAndFit([], [], [], opts.animate !== false);
    } else {
      const step = story[index - 1];
      byId('story-counter').textContent = t('Step {step} of {total}', { step: index, total: story.length });
      byId('story-title').textContent = step.title;
      byId('story-narration').textContent = step.narration;
      const edges = step.flows.filter((id) => shared.byId.edges.has(id));
      const around = nodesAround(step.nodes, edges);
      const chips = newDataOnStep(index);
      selectAndFit(around, edges, around, opts.animate !== false, chips);
      showNewData(chips);
    }
    if (index === 0) showNewData({});
    if (index > 0) revealStepAndPicture();
    if (opts.updateUrl !== false) writeStepToUrl(index);
    return index;
  }

  /**
   * Outside presenter mode the page header, the step box and Find come before the picture: on a
   * 1280x720 projector a step with new data pushed the picture below the fold. When less than half
   * of the picture is on screen, scroll so the step box is at the top, the picture right under it.
   */
  function revealStepAndPicture() {
    if (document.body.classList.contains('presenting')) return;
    const picture = byId('network').getBoundingClientRect();
    const onScreen = Math.min(picture.bottom, window.innerHeight) - Math.max(picture.top, 0);
    if (onScreen >= 0.5 * Math.min(picture.height, window.innerHeight)) return;
    const top = byId('story').getBoundingClientRect().top + window.scrollY;
    window.scrollTo({ top: Math.max(0, top - 8), behavior: 'auto' });
  }

  /**
   * Data a step adds where it joins: for each of the step's flows, the items that no flow brings into
   * its source node (flow id -> data ids). "Age, gender and spending" join the visit profile on the
   * platform's flow to it, so that step shows them, however often the flow was shown before.
   */
  function newDataOnStep(index) {
    if (!arrivingAt) {
      arrivingAt = new Map();
      for (const e of shared.view.edges) {
        if (!arrivingAt.has(e.target)) arrivingAt.set(e.target, new Set());
        for (const d of e.data) arrivingAt.get(e.target).add(d);
      }
    }
    const out = {};
    for (const id of shared.view.story[index - 1].flows) {
      const edge = shared.byId.edges.get(id);
      if (!edge) continue;
      const arriving = arrivingAt.get(edge.source) || new Set();
      const fresh = edge.data.filter((d) => !arriving.has(d));
      if (fresh.length) out[id] = fresh;
    }
    return out;
  }

  /** "New here: age, gender, spending → Platform": what the step adds, beside its narration. */
  function showNewData(chips) {
    const box = byId('story-new');
    if (!box) return;
    const entries = Object.entries(chips);
    box.replaceChildren();
    box.hidden = entries.length === 0;
    if (box.hidden) return;
    box.append(el('span', { className: 'story-new-head', text: t('New in this step:') }));
    // One chip per set of items, naming where it goes (the same items on several flows: how many places).
    const bySet = new Map();
    for (const [id, items] of entries) {
      const key = items.join('\u0000');
      if (!bySet.has(key)) bySet.set(key, { items: items, flows: [] });
      bySet.get(key).flows.push(id);
    }
    const shown = [...bySet.values()];
    for (const { items, flows } of shown.slice(0, MAX_CHIPS)) {
      const chip = el('button', { type: 'button', className: 'data-chip' });
      for (const d of items) chip.append(el('span', { className: 'chip-item', text: (shared.byId.data.get(d) || { name: d }).name }));
      const where = flows.length === 1 ? nodeName(shared.byId.edges.get(flows[0]).target) : tn('{n} place', '{n} places', flows.length);
      chip.append(el('span', { className: 'chip-route', text: ' → ' + where }));
      chip.addEventListener('click', () => openPanel('edge', flows[0]));
      box.append(chip);
    }
    if (shown.length > MAX_CHIPS) box.append(el('span', { className: 'chip-more', text: tn('and {n} more', 'and {n} more', shown.length - MAX_CHIPS) }));
  }

  function nextStep() {
    if (current < shared.view.story.length) showStep(current + 1);
    else stopPlaying();
  }

  function previousStep() {
    if (current > 0) showStep(current - 1);
  }

  function stopPlaying() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    const play = byId('story-play');
    play.setAttribute('aria-pressed', 'false');
    play.textContent = t('Play');
  }

  function togglePlaying() {
    if (timer !== null) { stopPlaying(); return; }
    if (shared.view.story.length === 0) return;
    if (current >= shared.view.story.length) showStep(0);
    const play = byId('story-play');
    play.setAttribute('aria-pressed', 'true');
    play.textContent = t('Pause');
    nextStep();
    timer = window.setInterval(nextStep, STEP_DELAY_MS);
  }

  function setUpStory() {
    byId('story-prev').addEventListener('click', () => { stopPlaying(); previousStep(); });
    byId('story-next').addEventListener('click', () => { stopPlaying(); nextStep(); });
    byId('story-play').addEventListener('click', togglePlaying);
    byId('story-play').disabled = shared.view.story.length === 0;
    byId('story-present').addEventListener('click', () => setPresenting(!document.body.classList.contains('presenting')));
    window.addEventListener('hashchange', () => {
      if (presentFromHash() !== document.body.classList.contains('presenting')) setPresenting(presentFromHash(), { updateUrl: false });
      const n = stepFromHash();
      if (n !== null && n !== current) showStep(n, { updateUrl: false });
    });
    if (presentFromHash()) setPresenting(true, { updateUrl: false, fit: false });
    const initial = stepFromHash();
    showStep(initial === null ? 0 : initial, { animate: false, updateUrl: false });
  }

  const selectAndFit = (...args) => page.drawing.selectAndFit(...args);
  const nodesAround = (...args) => page.drawing.nodesAround(...args);
  const openPanel = (kind, id) => page.details.openPanel(kind, id);
  const setPresenting = (on, options) => page.presenter.setPresenting(on, options);

  page.story = Object.freeze({
    init: (s) => { shared = s; setUpStory(); },
    current: () => current,
    showStep: showStep,
    nextStep: nextStep,
    previousStep: previousStep,
    stopPlaying: stopPlaying,
  });
})();
