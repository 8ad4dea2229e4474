/* adflows: rebuild `view.nodes` and `view.edges` from a large model's packed payload (flows/output/packed.py).
 *
 * The page of a large model carries nodes and flows as columns, and no text the page can build itself
 * (flow labels, data names, tooltips, the labels of kinds, notices, consents and evidence levels), so
 * a 20,000-node page is a fraction of its old size. This runs before anything reads the view and builds
 * each node and flow with the same fields, in the same order, as flows.view.graph_view.to_view: the rest of the
 * page, and `window.adflows.view`, see the documented view. Model text stays data: nothing here is
 * parsed as HTML.
 */
(function () {
  'use strict';

  function column(col, count) {
    if (col.values) return col.values;
    if ('all' in col) return new Array(count).fill(col.all);
    const out = new Array(count);
    for (let i = 0; i < count; i += 1) out[i] = col.table[col.index[i]];
    return out;
  }

  function copy(value) {
    return Array.isArray(value) ? value.slice() : value;
  }

  function tooltip(lines) {
    return lines.filter((line) => line).join('\n');
  }

  function unpack(view) {
    const packed = view.packed;
    if (!packed || packed.version !== 1) return view;
    const n = packed.count.nodes;
    const m = packed.count.edges;
    const kinds = new Map(view.legend.kinds.map((k) => [k.kind, k]));
    const evidence = new Map(view.legend.evidence.map((e) => [e.level, e]));
    const unsourced = view.legend.evidence[view.legend.evidence.length - 1];
    const levelOf = (level) => evidence.get(level) || unsourced;
    const parties = new Map(view.parties.map((p) => [p.id, p.name]));
    const dataIds = view.data.map((d) => d.id);
    const dataNames = view.data.map((d) => d.name);
    const limit = packed.edge_label_limit;

    const nc = {};
    for (const [field, col] of Object.entries(packed.nodes)) nc[field] = column(col, n);
    const nodes = new Array(n);
    for (let i = 0; i < n; i += 1) {
      const style = kinds.get(nc.kind[i]);
      const level = levelOf(nc.evidence[i]);
      const party = parties.get(nc.party[i]);
      nodes[i] = {
        id: nc.id[i], label: nc.label[i], kind: nc.kind[i], kind_label: style.label,
        party: nc.party[i], party_name: party, description: nc.description[i], within: nc.within[i],
        holds: copy(nc.holds[i]), evidence: nc.evidence[i], evidence_label: level.label,
        sources: copy(nc.sources[i]), assumption: nc.assumption[i], account: nc.account[i],
        x: nc.x[i], y: nc.y[i], color: style.color, shape: style.shape, dashes: level.dashes,
        title: tooltip([nc.label[i], style.label + ' · ' + party, 'Evidence: ' + level.label]),
      };
    }

    const ec = {};
    for (const [field, col] of Object.entries(packed.edges)) {
      if (field === 'id' && col.sequence) {
        const seq = col.sequence;
        ec.id = Array.from({ length: m }, (_, i) => seq.prefix + (seq.start + i));
      } else ec[field] = col.nodes || column(col, m);
    }
    const joinedOf = new Map(); // a data list -> [names, joined, label, ids], built once per list
    const edges = new Array(m);
    for (let i = 0; i < m; i += 1) {
      const key = ec.data[i].join(',');
      let names = joinedOf.get(key);
      if (!names) {
        const list = ec.data[i].map((d) => dataNames[d]);
        const joined = list.join(', ');
        const label = [...joined].length <= limit ? joined : list[0] + ' +' + (list.length - 1) + ' more';
        names = [list, joined, label, ec.data[i].map((d) => dataIds[d])];
        joinedOf.set(key, names);
      }
      const source = nodes[ec.source[i]];
      const target = nodes[ec.target[i]];
      const level = levelOf(ec.evidence[i]);
      edges[i] = {
        id: ec.id[i] === null ? source.id + '-' + target.id : ec.id[i], source: source.id, target: target.id, label: names[2], data: names[3].slice(),
        data_names: names[0].slice(), channel: ec.channel[i], purpose: ec.purpose[i],
        notice: ec.notice[i], notice_label: packed.labels.notice[ec.notice[i]],
        consent: ec.consent[i], consent_label: packed.labels.consent[ec.consent[i]],
        legal_basis: ec.legal_basis[i], retention: ec.retention[i], description: ec.description[i],
        evidence: ec.evidence[i], evidence_label: level.label, sources: copy(ec.sources[i]),
        assumption: ec.assumption[i], account: ec.account[i], dashes: level.dashes,
        title: source.label + ' → ' + target.label + '\nData: ' + names[1] + '\nEvidence: ' + level.label,
      };
    }
    delete view.packed;
    view.nodes = nodes;
    view.edges = edges;
    return view;
  }

  window.adflowsUnpack = unpack;
})();
