/* adflows viewer: reads the view JSON embedded in the page and wires up the page's parts.
 *
 * Every part is a plain script inlined before this one (the order is PAGE_SCRIPTS in
 * flows/output/page.py) that registers itself on the private namespace window.adflowsPage: kit.js (DOM
 * helpers), sources.js, legend.js, drawing.js (the picture), details.js, story.js, presenter.js,
 * accounts.js, text-version.js, then the analysis panels (panel-kit.js, findings.js, knows.js,
 * journeys.js, filters.js, find.js, whatif.js, wired by panels.js). Each part owns its own state; what
 * they share is the one small `shared` object below, passed to each init(), and their named functions.
 * This file also publishes window.adflows, the page's public interface (docs/web.md).
 *
 * Plain JavaScript plus vis-network; nothing is fetched. Safety rule (every page script): model text
 * is untrusted and only ever inserted as text (see kit.js). Never innerHTML or its relatives.
 */
(function () {
  'use strict';

  const page = window.adflowsPage;
  const { byId, indexById, whenIdle } = page.kit;
  // From this size on the graph is drawn for speed: no edge labels until selected, no hover effects,
  // straight lines, edges hidden while dragging or zooming, and nodes sketched while dragging
  // (see networkOptions in graph.js and sketchWhileDragging in drawing.js).
  const LARGE_NODES = 1000;
  const LARGE_EDGES = 4000;

  /**
   * What the parts share: the view and its lookups (set here, read-only), and the drawing
   * (`network`, `nodes`, `edges`, `picture`: set by drawing.js when it draws).
   */
  function sharedState(view) {
    return {
      view: view,
      large: view.nodes.length >= LARGE_NODES || view.edges.length >= LARGE_EDGES,
      evidenceLevels: view.legend.evidence.map((e) => e.level),
      byId: {
        nodes: indexById(view.nodes),
        edges: indexById(view.edges),
        sources: indexById(view.sources),
        accounts: indexById(view.accounts),
        data: indexById(view.data),
        parties: indexById(view.parties),
      },
      network: null,
      nodes: null,
      edges: null,
      picture: false,
    };
  }

  function main() {
    // The view for the page's language (`#lang=xx`: its own block when the model has that translation).
    const view = JSON.parse(page.i18n.viewBlock().textContent);
    page.i18n.useView(view);
    // A large model's nodes and flows arrive packed (flows/output/packed.py): rebuilt before anything reads them.
    if (view.packed && window.adflowsUnpack) window.adflowsUnpack(view);
    const shared = sharedState(view);
    page.sources.init(shared);
    page.legend.init(shared);
    // Draw first; the panels and the long text version follow once the picture is on screen.
    page.drawing.init(shared, () => setUpPanels(shared));
  }

  function setUpPanels(shared) {
    const view = shared.view;
    const { story, details, textVersion } = page;
    page.accounts.init(shared);
    textVersion.init(shared);
    details.init(shared);
    page.presenter.init(shared);
    story.init(shared);
    // The analysis panels (findings, who knows what, journeys, filters, find, what-if).
    const panels = page.panels ? page.panels.init(shared) : null;
    window.adflows = {
      panels: panels,
      network: shared.network,
      nodes: shared.nodes,
      edges: shared.edges,
      view: view,
      showStep: story.showStep,
      openPanel: details.openPanel,
      closePanel: details.closePanel,
      highlightAccount: page.accounts.highlightAccount,
      showText: textVersion.complete,
      geometry: () => (shared.picture ? shared.network.geometry() : null),
      present: (on) => page.presenter.setPresenting(on !== false),
    };
    // Small models get their text version at once; large ones when the browser is idle.
    if (shared.large) whenIdle(textVersion.build);
    else textVersion.build();
    window.addEventListener('beforeprint', textVersion.complete);
    const print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', (e) => { if (e.matches) textVersion.complete(); });
  }

  main();
})();
