/* adflows page: evidence badges, kind swatches, source lists and names, shared by the details panel,
 * the legend, the text version and the analysis panels (window.adflowsPage.sources).
 *
 * Reads the shared facts of the view (`shared.byId`, `shared.evidenceLevels`) given to init().
 * Same safety rule as kit.js: model text goes in as text only; links only for http(s) URLs.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { el, humanise } = page.kit;
  const SHAPES = new Set(['star', 'square', 'triangle', 'triangleDown', 'hexagon', 'box', 'database', 'diamond', 'dot', 'ellipse']);
  let shared = null;

  function evidenceBadge(level, label) {
    const badge = el('span', { className: 'badge', text: label || humanise(level) });
    if (shared.evidenceLevels.includes(level)) badge.classList.add('badge--' + level);
    return badge;
  }

  function swatch(shape, color) {
    const s = el('span', { className: 'swatch' });
    s.classList.add('swatch--' + (SHAPES.has(shape) ? shape : 'dot'));
    s.style.backgroundColor = String(color || '');
    s.setAttribute('aria-hidden', 'true');
    return s;
  }

  function isWebUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function sourceTitle(source) {
    if (!isWebUrl(source.url)) return el('span', { text: source.title });
    const a = el('a', { text: source.title });
    a.href = source.url;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  function sourceItem(id) {
    const source = shared.byId.sources.get(id);
    if (!source) return el('li', { text: id });
    const meta = [source.publisher, source.author, source.date].filter(Boolean).join(' · ');
    return el('li', null,
      sourceTitle(source),
      meta ? el('span', { className: 'source-meta', text: ' — ' + meta + ' ' }) : ' ',
      evidenceBadge(source.evidence, source.evidence_label),
      source.note ? el('p', { className: 'source-meta', text: source.note }) : null);
  }

  function sourceList(ids) {
    if (!ids || ids.length === 0) return el('p', { text: t('No source cited.') });
    return el('ul', null, ...ids.map(sourceItem));
  }

  function nodeName(id) {
    const node = shared.byId.nodes.get(id);
    return node ? node.label : id;
  }

  function evidenceLabel(level) {
    const found = shared.view.legend.evidence.find((e) => e.level === level);
    return found ? found.label : humanise(level);
  }

  page.sources = Object.freeze({
    init: (s) => { shared = s; },
    evidenceBadge: evidenceBadge,
    evidenceLabel: evidenceLabel,
    swatch: swatch,
    sourceItem: sourceItem,
    sourceList: sourceList,
    nodeName: nodeName,
  });
})();
