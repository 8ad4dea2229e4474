/* adflows page: marks the model's texts a translated view shows untranslated (window.adflowsPage.fallbacks).
 *
 * The view lists them (`language.fallback`, the original texts). Wherever the page shows one as the whole
 * text of an element (panels, story, text version, details, the picture's labels), the element gets the
 * class `fallback`, the original language in `lang`, and a tooltip saying it is not translated (in the
 * SVG picture a <title> on the label's group). Parts draw at different times (the panels when idle, the
 * details drawer on a click), so a MutationObserver marks what they add. Only pages whose view has
 * fallbacks pay for it. Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const SVG = 'http://www.w3.org/2000/svg';
  let texts = new Set();
  let original = 'en';

  function tooltip() {
    const name = page.i18n.languageName(original);
    return page.i18n.t('Not translated: shown in {language}, the original language.', { language: name });
  }

  function isMarked(node) {
    return node.classList.contains('fallback');
  }

  /** Mark or unmark one element whose only content is text (a reused element, like the story's title, changes). */
  function check(node) {
    if (node.children.length || node.closest('select, script, style, title')) return;
    const hit = texts.has(node.textContent.trim());
    // A part may have set the element's language again since (the story does on every step).
    if (hit && isMarked(node)) node.setAttribute('lang', original);
    if (hit === isMarked(node)) return;
    node.classList.toggle('fallback', hit);
    if (hit) {
      node.dataset.langBefore = node.getAttribute('lang') || '';
      node.setAttribute('lang', original);
    } else if (node.dataset.langBefore !== undefined) {
      if (node.dataset.langBefore) node.setAttribute('lang', node.dataset.langBefore);
      else node.removeAttribute('lang');
    }
    if (node.namespaceURI === SVG) {
      markSvgLabel(node, hit);
    } else if (hit) {
      node.title = tooltip();
    } else {
      node.removeAttribute('title');
    }
  }

  /**
   * A label in the picture: SVG has no title attribute, so its group's <title> (the tooltip the picture
   * already gives it, or a new one) gets the note on a line of its own; the label's text is left as it is.
   */
  function markSvgLabel(node, hit) {
    const group = node.parentNode && node.parentNode.closest('g');
    if (!group) return;
    let title = [...group.children].find((c) => c.tagName === 'title');
    if (!title) {
      if (!hit) return;
      title = document.createElementNS(SVG, 'title');
      group.prepend(title);
    }
    if (title.dataset.before === undefined) title.dataset.before = title.textContent;
    const before = title.dataset.before;
    title.textContent = hit ? (before ? before + '\n' : '') + tooltip() : before;
  }

  function sweep(root) {
    if (!(root instanceof Element)) {
      if (root && root.parentElement) check(root.parentElement);
      return;
    }
    check(root);
    for (const node of root.querySelectorAll('*')) check(node);
  }

  /** Start marking: the texts to look for and the language they are written in. */
  function watch(fallbackTexts, originalLanguage) {
    texts = fallbackTexts;
    original = originalLanguage;
    sweep(document.body);
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'characterData') { sweep(record.target); continue; }
        if (record.target instanceof Element) check(record.target);
        for (const added of record.addedNodes) sweep(added);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  page.fallbacks = Object.freeze({ watch: watch });
})();
