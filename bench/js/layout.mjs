// Lays out one graph with ELK (layered) or dagre, for the engine comparison in docs/layout.md.
// Reads {engine, nodes: [{id, w, h}], edges: [{id, source, target, lw, lh}]} as JSON on stdin and writes
// {width, height, nodes: {id: {x, y}}, edges: {id: {points: [[x, y], ...], label: {x, y} | null}}}:
// centres, in the same pixels as the input sizes. Measurement only: adflows never runs node.
import ELK from 'elkjs/lib/elk.bundled.js';
import dagre from '@dagrejs/dagre';

const NODE_GAP = 21.6; // the vertical gap dot gets (nodesep 0.3 in)
const RANK_GAP = 18; // the horizontal gap dot gets (ranksep 0.25 in)
const LABEL_GAP = 4; // what flows/drawing.py keeps clear around a label

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function elk(input) {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.edgeLabels.centerLabelPlacementStrategy': 'MEDIAN_LAYER',
      'elk.spacing.nodeNode': String(NODE_GAP),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(RANK_GAP),
      'elk.spacing.edgeLabel': String(LABEL_GAP),
      'elk.spacing.edgeNode': '10',
      'elk.spacing.edgeEdge': '8',
      'elk.edgeLabels.placement': 'CENTER',
    },
    children: input.nodes.map((n) => ({ id: n.id, width: n.w, height: n.h })),
    edges: input.edges.map((e) => ({
      id: e.id, sources: [e.source], targets: [e.target],
      labels: e.lw ? [{ id: e.id + ':label', text: 'x', width: e.lw, height: e.lh }] : [],
    })),
  };
  const laid = await new ELK().layout(graph);
  const out = { width: laid.width, height: laid.height, nodes: {}, edges: {} };
  for (const n of laid.children) out.nodes[n.id] = { x: n.x + n.width / 2, y: n.y + n.height / 2 };
  for (const e of laid.edges) {
    const points = [];
    for (const s of e.sections || []) {
      points.push([s.startPoint.x, s.startPoint.y]);
      for (const b of s.bendPoints || []) points.push([b.x, b.y]);
      points.push([s.endPoint.x, s.endPoint.y]);
    }
    const label = e.labels && e.labels[0];
    out.edges[e.id] = { points, label: label ? { x: label.x + label.width / 2, y: label.y + label.height / 2 } : null };
  }
  return out;
}

function layoutDagre(input) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.w, height: n.h });
  for (const e of input.edges) {
    g.setEdge(e.source, e.target, { width: e.lw ? e.lw + 2 * LABEL_GAP : 0, height: e.lw ? e.lh + 2 * LABEL_GAP : 0, labelpos: 'c' }, e.id);
  }
  dagre.layout(g);
  const out = { width: g.graph().width, height: g.graph().height, nodes: {}, edges: {} };
  for (const n of input.nodes) { const d = g.node(n.id); out.nodes[n.id] = { x: d.x, y: d.y }; }
  for (const e of input.edges) {
    const d = g.edge({ v: e.source, w: e.target, name: e.id });
    out.edges[e.id] = { points: d.points.map((p) => [p.x, p.y]), label: e.lw ? { x: d.x, y: d.y } : null };
  }
  return out;
}

const input = await readStdin();
const result = input.engine === 'elk' ? await elk(input) : layoutDagre(input);
process.stdout.write(JSON.stringify(result));
