/* adflows page kit: the small DOM helpers every page script uses (text only), on window.adflowsPage.kit.
 *
 * The page is one offline file, so its scripts are plain browser scripts inlined in the order that
 * flows/output/page.py (PAGE_SCRIPTS) gives; each registers one part on the private namespace
 * window.adflowsPage, and viewer.js, loaded last, wires them up. This one has no state.
 *
 * Safety rule for every page script: model text is untrusted. It is only ever inserted with textContent,
 * createTextNode, setAttribute on text attributes or as vis-network string titles (shown as text).
 * Never innerHTML, insertAdjacentHTML, outerHTML or document.write. Links only for http(s) URLs.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  const { t, tn } = page.i18n;
  const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  function byId(id) {
    return document.getElementById(id);
  }

  /** Create an element; `props` may hold className, text, id and type. A null, undefined or false child
   * is skipped, so `cond && node` can be passed. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    const p = props || {};
    if (p.className) node.className = p.className;
    if (p.text !== undefined && p.text !== null) node.textContent = String(p.text);
    if (p.id) node.id = p.id;
    if (p.type) node.type = p.type;
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function button(text, onClick, className) {
    const b = el('button', { type: 'button', text: text, className: className || 'link-button' });
    b.addEventListener('click', onClick);
    return b;
  }

  function indexById(list) {
    const map = new Map();
    for (const item of list || []) map.set(item.id, item);
    return map;
  }

  function humanise(slug) {
    const text = String(slug || '').replace(/-/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** Append children, skipping null and undefined (native append would print "null"). */
  function add(parent, ...children) {
    parent.append(...children.filter((c) => c !== null && c !== undefined));
    return parent;
  }

  function withId(node, id) {
    node.id = id;
    return node;
  }

  /** Replace the hash without a history entry, keeping the page's `lang=` (i18n.js). */
  function writeHash(hash) {
    page.i18n.writeHash(hash);
  }

  function note(text) {
    return el('p', { className: 'tool-note', text: text });
  }

  /** Run `task` when the browser is idle (soon after the first frame), or after a short delay. */
  function whenIdle(task) {
    if (window.requestIdleCallback) window.requestIdleCallback(task, { timeout: 1000 });
    else window.setTimeout(task, 50);
  }

  page.kit = Object.freeze({
    REDUCED_MOTION: REDUCED_MOTION,
    byId: byId,
    el: el,
    button: button,
    indexById: indexById,
    humanise: humanise,
    add: add,
    withId: withId,
    writeHash: writeHash,
    note: note,
    whenIdle: whenIdle,
  });
})();
