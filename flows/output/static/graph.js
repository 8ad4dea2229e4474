/* adflows graph drawing: how view nodes and edges become vis-network items, and the network options.
 * Shared by the single-file page (drawing.js) and the web editor's live preview, so both draw a model
 * the same way. Plain JavaScript; exposes window.adflowsGraph. Model text only goes into vis-network
 * labels and string titles, which vis shows as text.
 */
(function () {
  'use strict';

  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
  const LABEL_INSIDE = new Set(['box', 'database', 'ellipse']);
  const BACK_EDGE_ROUNDNESS = 0.25;
  const EDGE_COLOR = '#555555';
  const EDGE_WIDTH = 1.6;
  const NODE_SIZE = 22;

  function hexLuminance(color) {
    const m = /^#([0-9a-f]{6})$/i.exec(String(color));
    if (!m) return 1;
    const n = parseInt(m[1], 16);
    return (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  }

  function visNode(node) {
    const inside = LABEL_INSIDE.has(node.shape);
    return {
      id: node.id,
      label: node.label,
      title: node.title,
      x: node.x,
      y: node.y,
      shape: node.shape,
      color: {
        background: node.color,
        border: '#333333',
        highlight: { background: node.color, border: '#000000' },
        hover: { background: node.color, border: '#000000' },
      },
      font: inside ? { color: hexLuminance(node.color) < 0.55 ? '#ffffff' : '#111111', strokeWidth: 0 } : {},
      shapeProperties: { borderDashes: node.dashes || false },
    };
  }

  /**
   * Straight lines by default (fast on big models), with two exceptions that would otherwise hide
   * flows: flows sharing a pair of nodes (a->b and b->a, or two a->b flows) bend apart, and flows
   * running right to left (the ad delivered back to the phone) arc instead of running over the chain.
   * `nodeOf(id)` returns the view node (for its x position).
   */
  function edgeCurves(edges, nodeOf) {
    const groups = new Map();
    for (const edge of edges) {
      const key = [edge.source, edge.target].sort().join('\u0000');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(edge);
    }
    const smooth = new Map();
    for (const group of groups.values()) {
      group.forEach((edge, i) => {
        const from = nodeOf(edge.source);
        const to = nodeOf(edge.target);
        const backwards = from && to && to.x < from.x;
        if (group.length < 2 && !backwards) return;
        const forward = edge.source <= edge.target;
        const clockwise = group.length < 2 || (i % 2 === 0) === forward;
        smooth.set(edge.id, {
          enabled: true,
          type: clockwise ? 'curvedCW' : 'curvedCCW',
          roundness: group.length < 2 ? BACK_EDGE_ROUNDNESS : 0.2 * (1 + Math.floor(i / 2)),
        });
      });
    }
    return smooth;
  }

  function visEdges(edges, nodeOf, large) {
    if (large) {
      // Plain straight lines without labels: vis would measure and draw 20,000 labels, and canvas
      // dashes are laid out in graph units, so a long dashed flow costs hundreds of dash segments
      // per frame. The page gives selected flows their label and line style back.
      return edges.map((edge) => ({ id: edge.id, from: edge.source, to: edge.target, title: edge.title }));
    }
    const smooth = edgeCurves(edges, nodeOf);
    return edges.map((edge) => ({
      id: edge.id,
      from: edge.source,
      to: edge.target,
      label: edge.label,
      title: edge.title,
      dashes: edge.dashes || false,
      smooth: smooth.get(edge.id) || false,
      // vis-network 9.1.2 draws a curved edge's 'middle'-aligned label at the origin; keep it level.
      font: smooth.has(edge.id) ? { align: 'horizontal' } : {},
    }));
  }

  /**
   * Every flow as a straight line, all in one canvas path: a large graph's first frame, drawn before
   * vis-network has built its own object per flow (drawing.js). Same colour and width as vis's plain
   * lines; `ctx` is in graph coordinates, as vis passes it to 'beforeDrawing'.
   */
  function sketchFlows(ctx, edges, nodeOf) {
    ctx.save();
    ctx.beginPath();
    for (const edge of edges) {
      const from = nodeOf(edge.source);
      const to = nodeOf(edge.target);
      if (!from || !to) continue;
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
    }
    ctx.strokeStyle = EDGE_COLOR;
    // As vis does: never thinner than 0.3 screen pixels when zoomed far out.
    ctx.lineWidth = Math.max(EDGE_WIDTH, 0.3 / ctx.getTransform().a);
    ctx.stroke();
    ctx.restore();
  }

  /**
   * Every node as a rectangle of its colour and size (`drawnHalfSize`), one canvas path per colour:
   * what a large graph shows of its nodes while it is dragged, in place of vis-network's 5,000 shapes
   * with dashed borders and labels (a tenth of a second per frame in software rendering).
   * `extentOf(id)` gives a node's centre now and half its width and height, or nothing if hidden.
   */
  function sketchNodes(ctx, nodes, extentOf) {
    const byColor = new Map();
    for (const node of nodes) {
      const extent = extentOf(node.id);
      if (!extent) continue;
      const extents = byColor.get(node.color);
      if (extents) extents.push(extent); else byColor.set(node.color, [extent]);
    }
    ctx.save();
    for (const [color, extents] of byColor) {
      ctx.beginPath();
      for (const e of extents) ctx.rect(e.x - e.halfWidth, e.y - e.halfHeight, 2 * e.halfWidth, 2 * e.halfHeight);
      ctx.fillStyle = color;
      ctx.fill();
    }
    ctx.restore();
  }

  /**
   * Half the width and height of a node as drawn, for `sketchNodes`: vis's bounding box where the
   * label sits inside the shape (and sizes it), the shape alone where the label hangs below it.
   * `boxOf()` is only called for the former.
   */
  function drawnHalfSize(node, boxOf) {
    if (!LABEL_INSIDE.has(node.shape)) return [NODE_SIZE, NODE_SIZE];
    const box = boxOf();
    return box ? [(box.right - box.left) / 2, (box.bottom - box.top) / 2] : [NODE_SIZE, NODE_SIZE];
  }

  function networkOptions(large) {
    return {
      autoResize: true,
      physics: false,
      // Positions come from Python. (vis 9.1.2 would skip its Kamada-Kawai pre-layout anyway when
      // at least half the nodes have x/y, but say so rather than rely on it.)
      layout: { improvedLayout: false },
      interaction: {
        // On large graphs hover effects cost a hit test over every edge per mouse move, and
        // hiding edges while dragging or zooming keeps panning smooth; tooltips still show.
        hover: !large,
        hideEdgesOnDrag: large,
        hideEdgesOnZoom: large,
        // While a large graph is dragged the page sketches its nodes in their place (drawing.js).
        hideNodesOnDrag: large,
        // Bound to the graph, not the window, so +/- on the rest of the page do not zoom it.
        keyboard: { enabled: true, bindToWindow: false },
        navigationButtons: false,
        tooltipDelay: large ? 300 : 150,
        multiselect: false,
      },
      nodes: {
        size: NODE_SIZE,
        borderWidth: 2,
        borderWidthSelected: 4,
        margin: 10,
        // Long names wrap instead of stretching box and database shapes over their neighbours.
        // Not on large graphs: wrapping measures every word of 5,000 labels before the first frame.
        widthConstraint: large ? false : { maximum: 190 },
        font: { size: 20, face: FONT, color: '#111111', strokeWidth: 4, strokeColor: '#ffffff' },
      },
      edges: {
        smooth: false,
        arrows: { to: { enabled: true, scaleFactor: 0.8 } },
        width: EDGE_WIDTH,
        selectionWidth: 2.5,
        color: { color: EDGE_COLOR, highlight: '#000000', hover: '#222222', inherit: false },
        font: { size: 15, face: FONT, color: '#222222', align: 'middle', strokeWidth: 4, strokeColor: '#ffffff' },
      },
    };
  }

  window.adflowsGraph = Object.freeze({ FONT, hexLuminance, visNode, visEdges, sketchFlows, sketchNodes, drawnHalfSize, networkOptions });
})();
