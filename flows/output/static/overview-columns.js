/* adflows overview, columns: the drawing (docs/drawing.md) of a group's or a focus's picture, its nodes
 * in columns with straight flows between box borders, laid out in the browser because the overview
 * draws only a few dozen nodes at a time (window.adflowsPage.overviewColumns). No state; overview.js uses it.
 * Labels are only measured and wrapped here; picture.js draws them as text.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const WRAP = 16; // characters a line of a node label here
  const MAX_LINES = 3;
  const CHAR_PX = 7.6;
  const LINE_PX = 18;
  const COLUMN_GAP = 140;
  const ROW_GAP = 14;
  const ARROW = 7;

  function wrap(text, chars, maxLines) {
    const words = String(text || '').split(/\s+/).filter(Boolean);
    const lines = [];
    let line = '';
    for (const word of words) {
      if (line && line.length + 1 + word.length > chars) { lines.push(line); line = word; } else line = line ? line + ' ' + word : word;
    }
    if (line) lines.push(line);
    if (lines.length > maxLines) {
      const cut = lines.slice(0, maxLines);
      cut[maxLines - 1] = cut[maxLines - 1].slice(0, chars - 1) + '…';
      return cut;
    }
    return lines.length ? lines : ['?'];
  }

  /** A drawing (docs/drawing.md) of columns of nodes with straight flows between box borders. */
  function columnsDrawing(columns, edges) {
    const nodes = {};
    let x = 10;
    const heights = columns.map((col) => col.reduce((h, n) => h + wrap(n.label, WRAP, MAX_LINES).length * LINE_PX + 12 + ROW_GAP, 0));
    const tallest = Math.max(0, ...heights);
    columns.forEach((col, c) => {
      const boxes = col.map((n) => {
        const lines = wrap(n.label, WRAP, MAX_LINES);
        const w = Math.max(64, Math.max(...lines.map((l) => l.length)) * CHAR_PX + 20);
        return { id: n.id, lines: lines, w: w, h: lines.length * LINE_PX + 12 };
      });
      const width = Math.max(0, ...boxes.map((b) => b.w));
      let y = 10 + (tallest - heights[c]) / 2;
      for (const b of boxes) {
        nodes[b.id] = { x: x + width / 2, y: y + b.h / 2, w: b.w, h: b.h, lines: b.lines };
        y += b.h + ROW_GAP;
      }
      x += width + COLUMN_GAP;
    });
    const drawnEdges = {};
    for (const e of edges) {
      const a = nodes[e.source];
      const b = nodes[e.target];
      if (!a || !b) continue;
      const dir = b.x >= a.x ? 1 : -1;
      const start = a.x === b.x ? [a.x, a.y + (b.y > a.y ? a.h / 2 : -a.h / 2)] : [a.x + dir * a.w / 2, a.y];
      const tip = a.x === b.x ? [b.x, b.y + (b.y > a.y ? -b.h / 2 : b.h / 2)] : [b.x - dir * b.w / 2, b.y];
      const len = Math.hypot(tip[0] - start[0], tip[1] - start[1]) || 1;
      const back = Math.min(ARROW, len / 2) / len;
      const end = [tip[0] - (tip[0] - start[0]) * back, tip[1] - (tip[1] - start[1]) * back];
      const path = [0, 1, 2, 3].map((t) => [start[0] + (end[0] - start[0]) * t / 3, start[1] + (end[1] - start[1]) * t / 3]);
      drawnEdges[e.id] = { source: e.source, target: e.target, path: path, head: [end, tip], label: null };
    }
    return { engine: 'columns', width: x - COLUMN_GAP + 10, height: tallest + 20, font_px: 14, line_px: LINE_PX, nodes: nodes, edges: drawnEdges };
  }

  page.overviewColumns = Object.freeze({ wrap: wrap, columnsDrawing: columnsDrawing });
})();
