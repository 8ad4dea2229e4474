/* adflows page: the header (title, summary) and the legend of kinds and evidence line styles
 * (window.adflowsPage.legend). Same safety rule as kit.js.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const { byId, el, humanise } = page.kit;
  const { swatch } = page.sources;
  let shared = null;

  function lineStyleName(dashes) {
    if (!Array.isArray(dashes) || dashes.length === 0) return t('solid');
    if (dashes[0] >= 8) return t('dashed');
    if (dashes[0] >= 2) return t('dotted');
    return t('sparse dots');
  }

  /** A short line drawn with the flow's own dash pattern (SVG stroke-dasharray, every number of it). */
  function lineSample(dashes) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'line-sample');
    svg.setAttribute('viewBox', '0 0 56 6');
    svg.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS(ns, 'line');
    for (const [k, v] of [['x1', 0], ['y1', 3], ['x2', 56], ['y2', 3], ['stroke', '#222'], ['stroke-width', 2.5]]) line.setAttribute(k, String(v));
    const pattern = Array.isArray(dashes) ? dashes.map(Number).filter((n) => Number.isFinite(n) && n >= 0) : [];
    if (pattern.length) line.setAttribute('stroke-dasharray', pattern.join(' '));
    svg.append(line);
    return svg;
  }

  function renderHeader(view) {
    byId('model-title').textContent = view.model.title;
    byId('model-summary').textContent = view.model.summary;
  }

  function renderLegend(legend) {
    const kinds = byId('legend-kinds');
    for (const kind of legend.kinds) {
      kinds.append(el('li', null, swatch(kind.shape, kind.color), el('span', { text: kind.label }),
        el('span', { className: 'shape-name', text: kind.shape_name || humanise(kind.shape) })));
    }
    if (shared.large) {
      // Large graphs draw flows as plain lines (visEdges in graph.js); only selected flows get their line style.
      byId('legend-evidence-heading').textContent = t('Evidence (border style; a flow’s line style when it is selected)');
      const noteText = byId('legend-evidence-note');
      noteText.textContent = t('This model is large, so flows are drawn as plain lines. A flow shows its line style and its data when you select it, or click a node it starts or ends at.');
      noteText.hidden = false;
    }
    const evidence = byId('legend-evidence');
    for (const level of legend.evidence) {
      evidence.append(el('li', null, lineSample(level.dashes), el('span', { text: level.label }),
        el('span', { className: 'shape-name', text: level.style || lineStyleName(level.dashes) })));
    }
  }

  page.legend = Object.freeze({
    init: (s) => {
      shared = s;
      renderHeader(s.view);
      renderLegend(s.view.legend);
    },
  });
})();
