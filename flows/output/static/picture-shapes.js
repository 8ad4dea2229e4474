/* adflows picture, shapes: the picture's constants, node glyphs and the geometry of boxes and Bezier
 * paths (window.adflowsPictureParts.shapes). No state. Loaded before the other picture-*.js scripts
 * and picture.js, in the page (flows/output/page.py PICTURE_SCRIPTS) and in the web editor.
 * Same safety rule as picture.js: model text only goes in through textContent. No innerHTML.
 */
(function () {
  'use strict';

  const parts = window.adflowsPictureParts || (window.adflowsPictureParts = {});

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
  const MIN_LABEL_PX = 12.5; // a projector needs 12 px; half a pixel of margin for rounding
  const MAX_SCALE = 1.6;
  const PHONE_WIDTH = 600; // CSS px: narrower pictures are on a phone
  const PHONE_LABEL_PX = 10;
  const USER_MIN_SCALE = 0.15;
  const TRANSITION_MS = 200;
  const LINE_HEIGHT = 1.25;
  const CURVE_SAMPLES = 10; // polyline pieces per cubic Bezier, for hit tests and geometry()
  const FIT_PAD = 28; // screen px kept free around what a fit shows
  const BADGE_R = 11;
  // A small glyph per node shape, drawn in the node box's corner, so kinds differ by more than colour.
  const GLYPHS = {
    star: 'M0,-5 L1.5,-1.6 5,-1.5 2.3,0.8 3.1,4.5 0,2.5 -3.1,4.5 -2.3,0.8 -5,-1.5 -1.5,-1.6Z',
    square: 'M-4,-4 H4 V4 H-4Z',
    triangle: 'M0,-4.5 L4.5,4 -4.5,4Z',
    triangleDown: 'M-4.5,-4 H4.5 L0,4.5Z',
    hexagon: 'M-2.5,-4.3 H2.5 L5,0 2.5,4.3 H-2.5 L-5,0Z',
    diamond: 'M0,-5 L5,0 0,5 -5,0Z',
    dot: 'M-4,0 A4,4 0 1,0 4,0 A4,4 0 1,0 -4,0Z',
    ellipse: 'M-5,0 A5,3.2 0 1,0 5,0 A5,3.2 0 1,0 -5,0Z',
    box: 'M-5,-3.5 H5 V3.5 H-5Z',
    database: 'M-4,-3 A4,1.5 0 0,1 4,-3 V3 A4,1.5 0 0,1 -4,3Z',
  };

  function svgEl(tag, attrs, parent) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.append(node);
    return node;
  }

  function hexLuminance(color) {
    const m = /^#([0-9a-f]{6})$/i.exec(String(color));
    if (!m) return 1;
    const n = parseInt(m[1], 16);
    return (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  }

  function safeColor(color) {
    return /^#[0-9a-f]{3,8}$/i.test(String(color)) ? String(color) : '#bbbbbb';
  }

  function dashArray(dashes) {
    if (!Array.isArray(dashes) || dashes.length === 0) return null;
    const nums = dashes.map(Number).filter((n) => Number.isFinite(n) && n >= 0);
    return nums.length ? nums.join(' ') : null;
  }

  /** Centre-based box {x, y, w, h} as [left, top, right, bottom]. */
  function edgesOf(b) {
    return [b.x - b.w / 2, b.y - b.h / 2, b.x + b.w / 2, b.y + b.h / 2];
  }

  function overlaps(a, b, pad) {
    const p = pad || 0;
    return a[0] < b[2] - p && b[0] < a[2] - p && a[1] < b[3] - p && b[1] < a[3] - p;
  }

  function inside(p, b) {
    return p[0] > b[0] && p[0] < b[2] && p[1] > b[1] && p[1] < b[3];
  }

  /** Points along a path given as a start point then Bezier triples (SVG "M p0 C p1 p2 p3 ..."). */
  function samplePath(path) {
    if (!Array.isArray(path) || path.length < 1) return [];
    const out = [path[0]];
    for (let i = 1; i + 2 < path.length; i += 3) {
      const [p0, p1, p2, p3] = [path[i - 1], path[i], path[i + 1], path[i + 2]];
      for (let k = 1; k <= CURVE_SAMPLES; k += 1) {
        const t = k / CURVE_SAMPLES;
        const u = 1 - t;
        const a = u * u * u;
        const b = 3 * u * u * t;
        const c = 3 * u * t * t;
        const d = t * t * t;
        out.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]]);
      }
    }
    return out;
  }

  function pathData(path) {
    if (!Array.isArray(path) || path.length < 1) return '';
    const parts = ['M' + path[0][0] + ',' + path[0][1]];
    for (let i = 1; i + 2 < path.length; i += 3) {
      parts.push('C' + [path[i], path[i + 1], path[i + 2]].map((p) => p[0] + ',' + p[1]).join(' '));
    }
    return parts.join(' ');
  }

  /** Does the polyline `pts` pass through box `b` (sampled finely enough for label boxes)? */
  function polylineHits(pts, b) {
    for (let i = 1; i < pts.length; i += 1) {
      const [x1, y1] = pts[i - 1];
      const [x2, y2] = pts[i];
      const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / 4));
      for (let k = 0; k <= steps; k += 1) {
        const t = k / steps;
        if (inside([x1 + (x2 - x1) * t, y1 + (y2 - y1) * t], b)) return true;
      }
    }
    return false;
  }

  function textLines(parent, lines, cx, cy, font, className) {
    const text = svgEl('text', { x: cx, 'text-anchor': 'middle', 'font-size': font, class: className || '' }, parent);
    const lh = font * LINE_HEIGHT;
    const first = cy - ((lines.length - 1) * lh) / 2 + font * 0.35;
    lines.forEach((line, i) => {
      const span = svgEl('tspan', { x: cx, y: first + i * lh }, text);
      span.textContent = String(line);
    });
    return text;
  }

  /**
   * The page's t() and tn() (i18n.js). The web editor loads the picture's scripts without it: there the
   * English message is shown, its `{name}` placeholders filled.
   */
  function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
  }
  function t(msgid, params) {
    const i18n = window.adflowsPage && window.adflowsPage.i18n;
    return i18n ? i18n.t(msgid, params) : fill(msgid, params);
  }
  function tn(singular, plural, n, params) {
    const i18n = window.adflowsPage && window.adflowsPage.i18n;
    return i18n ? i18n.tn(singular, plural, n, params) : fill(n === 1 ? singular : plural, Object.assign({ n: n }, params));
  }

  parts.shapes = Object.freeze({
    t: t,
    tn: tn,
    SVG_NS: SVG_NS,
    FONT: FONT,
    MIN_LABEL_PX: MIN_LABEL_PX,
    MAX_SCALE: MAX_SCALE,
    PHONE_WIDTH: PHONE_WIDTH,
    PHONE_LABEL_PX: PHONE_LABEL_PX,
    USER_MIN_SCALE: USER_MIN_SCALE,
    TRANSITION_MS: TRANSITION_MS,
    FIT_PAD: FIT_PAD,
    BADGE_R: BADGE_R,
    GLYPHS: GLYPHS,
    svgEl: svgEl,
    hexLuminance: hexLuminance,
    safeColor: safeColor,
    dashArray: dashArray,
    edgesOf: edgesOf,
    overlaps: overlaps,
    samplePath: samplePath,
    pathData: pathData,
    polylineHits: polylineHits,
    textLines: textLines,
  });
})();
