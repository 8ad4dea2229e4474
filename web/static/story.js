/*
 * The story-link opener (`/story#yaml=...&present&step=N`): reads the model from the fragment in this
 * browser and POSTs it with the page's own form to `/story`, whose answer is the model's story page. The
 * rest of the fragment (`present`, `step=N`) goes with the form's action, so the page opens in presenter
 * mode at that step. A broken link is explained here; nothing is sent. CSP `script-src 'self'`.
 */
(function () {
  'use strict';

  const links = window.adflowsShareLink;
  const root = document.getElementById('story-open');
  const status = document.getElementById('story-status');
  const form = document.getElementById('story-form');
  const editorLink = document.getElementById('story-editor-link');
  // This page's words in its language (web/script_words.py fills data-words; English when empty).
  const words = JSON.parse(root.dataset.words || '{}');
  function t(text, values) {
    return String(words[text] || text).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? String(values[k]) : m));
  }

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
    if (isError) status.setAttribute('role', 'alert');
  }

  async function open() {
    const parsed = links.parse(window.location.hash);
    if (editorLink && parsed) editorLink.href = '/editor' + links.PREFIX + parsed.payload;
    if (!status) return; // the answer page listing a model's problems: nothing to open
    if (!parsed) {
      say(t('This address holds no story: a story link ends in #yaml= followed by the model. Make one with "Share link" in the editor.'), true);
      return;
    }
    let text;
    try {
      text = await links.decode(parsed.payload, Number(root.dataset.maxBytes) || 1048576);
    } catch (error) {
      const why = error instanceof links.LinkError ? error.message : t('it could not be read');
      say(t('This story link cannot be opened: {why}. Ask for the link again, or for the YAML file.', { why }), true);
      return;
    }
    // Only the presentation words go on: `present`, `step=N` (digits) and `lang=xx` (a language code, the
    // page's language: docs/languages.md), never anything else of the link.
    const LANG = /^lang=[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
    const kept = parsed.rest.split('&').filter((part) => part === 'present' || /^step=\d{1,4}$/.test(part) ||
      LANG.test(part));
    // A link that names no language opens the page in this page's own (the reader's Accept-Language or
    // ?lang=), as the gallery does: the story page reads its language only from the link.
    const own = 'lang=' + (document.documentElement.lang || 'en');
    if (!kept.some((part) => LANG.test(part)) && own !== 'lang=en' && LANG.test(own)) kept.push(own);
    form.action = '/story' + (kept.length ? '#' + kept.join('&') : '');
    form.elements.yaml.value = text;
    form.submit();
  }

  open();
})();
