/* adflows page: presenter mode (the picture fills the screen, a clicker steps through the story) and
 * the page's keys (window.adflowsPage.presenter). Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId } = page.kit;
  let shared = null;
  const story = () => page.story;
  const showStep = (n) => story().showStep(n);
  const nextStep = () => story().nextStep();
  const previousStep = () => story().previousStep();
  const stopPlaying = () => story().stopPlaying();
  const refit = (animate) => page.drawing.refit(animate);
  const closePanel = () => page.details.closePanel();

  /**
   * Presenter mode: the picture fills the screen, the step's title and narration sit on top of it,
   * and the keyboard (or a clicker) steps through the story. `#present&step=N` opens it.
   */
  function setPresenting(on, options) {
    const opts = options || {};
    document.body.classList.toggle('presenting', on);
    const toggle = byId('story-present');
    toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    toggle.textContent = on ? t('Exit ✕') : t('Present');
    toggle.setAttribute('aria-label', on ? t('Leave presenter mode') : t('Present: the picture fills the screen'));
    byId('presenter-help').hidden = !on;
    if (!on && document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    if (opts.updateUrl !== false) {
      const hash = on ? '#present&step=' + page.story.current() : '#step=' + page.story.current();
      page.i18n.writeHash(hash);
    }
    if (on) window.scrollTo(0, 0);
    if (opts.fit !== false && shared.network) window.requestAnimationFrame(() => refit(false));
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen().catch(() => {});
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  }

  /** Keys of presenter mode (clickers send PageDown / PageUp); returns true when it used the key. */
  function presenterKey(event) {
    const last = shared.view.story.length;
    const actions = {
      ' ': nextStep, PageDown: nextStep, PageUp: previousStep,
      Home: () => showStep(0), End: () => showStep(last),
      f: toggleFullScreen, F: toggleFullScreen,
    };
    const action = actions[event.key];
    if (!action) return false;
    event.preventDefault();
    stopPlaying();
    action();
    return true;
  }

  function isTyping(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  }

  /**
   * ← and → always drive the story, even when the graph has focus (a teacher clicks a node, then
   * presses → on the clicker). Listening in the capture phase lets us stop vis-network's own
   * left/right panning; ↑/↓ panning and +/- zoom still reach the graph.
   */
  function onKeyDown(event) {
    if (event.key === 'Escape') {
      if (!byId('panel').hidden) closePanel();
      else if (document.body.classList.contains('presenting')) setPresenting(false);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (document.body.classList.contains('presenting') && presenterKey(event)) return;
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    event.stopPropagation();
    stopPlaying();
    if (event.key === 'ArrowRight') nextStep();
    else previousStep();
  }

  page.presenter = Object.freeze({
    init: (s) => {
      shared = s;
      window.addEventListener('keydown', onKeyDown, true);
    },
    setPresenting: setPresenting,
  });
})();
