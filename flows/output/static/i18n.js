/* adflows page: the page's languages (window.adflowsPage.i18n): t() and tn() for the chrome, `#lang=xx`,
 * the view block for that language, the language switch, fallback marking and right-to-left views.
 *
 * Loaded first (PAGE_SCRIPTS in flows/output/page.py), so every other script can call t() at any time.
 * The chrome's messages come from the `adflows-messages` JSON block (compiled by `make messages` from the
 * gettext catalogs under flows/locale, domain `page`): {lang: {msgid: msgstr | [plural forms], "":
 * {plural: expr}}}, translated entries only. A missing message, or a page without the block (the web
 * editor loads the picture scripts alone), shows the English msgid. docs/languages.md.
 * Same safety rule as kit.js: model text only ever as text.
 */
(function () {
  'use strict';

  const page = window.adflowsPage || (window.adflowsPage = {});
  // Each language in its own name, for the switch; a code not listed here is shown as its code.
  const NAMES = {
    en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', it: 'Italiano', nl: 'Nederlands',
    pt: 'Português', 'pt-BR': 'Português (Brasil)', pl: 'Polski', sv: 'Svenska', da: 'Dansk', fi: 'Suomi',
    cs: 'Čeština', el: 'Ελληνικά', tr: 'Türkçe', ru: 'Русский', uk: 'Українська', ja: '日本語', zh: '中文',
    ko: '한국어', ar: 'العربية', fa: 'فارسی', he: 'עברית', ur: 'اردو',
  };
  const LANG_PARAM = /(^|&)lang=([^&]*)/;
  const CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
  const own = (table, key) => Object.prototype.hasOwnProperty.call(table, key);
  const MESSAGES = readMessages();
  let lang = hashLang() || 'en';
  let catalog = own(MESSAGES, lang) ? MESSAGES[lang] : {};
  let pluralIndex = pluralRule(catalog['']);

  function readMessages() {
    const block = document.getElementById('adflows-messages');
    if (!block) return {};
    try {
      const parsed = JSON.parse(block.textContent);
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch (err) {
      return {};
    }
  }

  /** The language `#lang=xx` asks for (among the other hash parameters), or null. */
  function hashLang() {
    const m = LANG_PARAM.exec(window.location.hash.slice(1));
    if (!m) return null;
    let code = '';
    try { code = decodeURIComponent(m[2]); } catch (err) { return null; }
    return CODE.test(code) ? code : null;
  }

  /** The location hash without its `lang=` parameter ('' when nothing else is left): what the other scripts read. */
  function hash() {
    // Every `lang=` goes (a link may carry two): one left behind would win over the language chosen next.
    const rest = window.location.hash.slice(1).replace(new RegExp(LANG_PARAM.source, 'g'), '').replace(/^&/, '');
    return rest ? '#' + rest : '';
  }

  /** `hash` with the page's `lang=` parameter kept at its end, when the page was opened with one. */
  function withLang(newHash) {
    const code = hashLang();
    const rest = String(newHash || '').replace(/^#/, '');
    if (!code) return rest ? '#' + rest : '';
    return '#' + (rest ? rest + '&' : '') + 'lang=' + code;
  }

  /** Replace the hash (keeping `lang=`) without a history entry; file: pages in some browsers refuse. */
  function writeHash(newHash) {
    const full = withLang(newHash);
    if (window.location.hash === full) return;
    try {
      history.replaceState(null, '', full || window.location.pathname + window.location.search);
    } catch (err) {
      window.location.hash = full;
    }
  }

  function fill(text, params) {
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
  }

  /** The chrome text for `msgid` in the page's language, `{name}` placeholders filled from `params`. */
  function t(msgid, params) {
    const found = own(catalog, msgid) ? catalog[msgid] : undefined;
    return fill(typeof found === 'string' && found ? found : msgid, params);
  }

  /** The singular or plural form for the number `n` (also available as `{n}`, written for the language). */
  function tn(singular, plural, n, params) {
    const all = Object.assign({ n: number(n) }, params || {});
    const forms = own(catalog, singular) ? catalog[singular] : undefined;
    if (Array.isArray(forms) && forms.length) {
      const form = forms[Math.min(forms.length - 1, Math.max(0, pluralIndex(n)))];
      if (form) return fill(form, all);
    }
    return fill(n === 1 ? singular : plural, all);
  }

  /**
   * A gettext plural expression (`(n != 1)`, `(n > 1)`, `n%10==1 && n%100!=11 ? 0 : …`) as a function of
   * n, read by a small parser: the page's CSP allows no eval. Anything it cannot read counts as n != 1.
   */
  function pluralRule(header) {
    const english = (n) => (n === 1 ? 0 : 1);
    const source = header && typeof header.plural === 'string' ? header.plural : '';
    const tokens = source.match(/\d+|n|&&|\|\||[=!<>]=|[-+*/%<>!?:()]/g);
    if (!tokens || tokens.join('') !== source.replace(/\s+/g, '')) return english;
    let at = 0;
    const peek = () => tokens[at];
    const BINARY = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
    const APPLY = {
      '||': (a, b) => a || b, '&&': (a, b) => a && b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
      '<': (a, b) => a < b, '>': (a, b) => a > b, '<=': (a, b) => a <= b, '>=': (a, b) => a >= b,
      '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => Math.trunc(a / b), '%': (a, b) => a % b,
    };
    function primary() {
      const tok = tokens[at++];
      if (tok === '(') { const inner = ternary(); if (tokens[at++] !== ')') throw new Error(')'); return inner; }
      if (tok === '!') { const inner = primary(); return (n) => (inner(n) ? 0 : 1); }
      if (tok === 'n') return (n) => n;
      if (/^\d+$/.test(tok || '')) { const value = Number(tok); return () => value; }
      throw new Error('unexpected ' + tok);
    }
    function binary(level) {
      if (level === BINARY.length) return primary();
      let left = binary(level + 1);
      while (BINARY[level].includes(peek())) {
        const op = APPLY[tokens[at++]];
        const a = left;
        const b = binary(level + 1);
        left = (n) => Number(op(a(n), b(n)));
      }
      return left;
    }
    function ternary() {
      const test = binary(0);
      if (peek() !== '?') return test;
      at++;
      const yes = ternary();
      if (tokens[at++] !== ':') throw new Error(':');
      const no = ternary();
      return (n) => (test(n) ? yes(n) : no(n));
    }
    try {
      const rule = ternary();
      return at === tokens.length ? (n) => Number(rule(Math.abs(Math.trunc(Number(n) || 0)))) : english;
    } catch (err) {
      return english;
    }
  }

  /** A number written the way the chrome's language writes it (1,234 or 1.234). */
  function number(n) {
    return Number(n).toLocaleString(lang);
  }

  /**
   * The chrome's language: `code` when there is a catalog for it, else English, which the chrome then
   * is (an Arabic view of the model can come with English chrome until someone writes ar/page.po).
   */
  function setLanguage(code) {
    const primary = code.split('-')[0];
    lang = own(MESSAGES, code) ? code : own(MESSAGES, primary) ? primary : 'en';
    catalog = own(MESSAGES, lang) ? MESSAGES[lang] : {};
    pluralIndex = pluralRule(catalog['']);
    document.documentElement.lang = lang;
  }

  /** The template's own texts: `data-t` elements (their text is the msgid) and `data-t-attr` attributes. */
  function translateTemplate() {
    for (const node of document.querySelectorAll('[data-t]')) {
      if (!node.dataset.tSource) node.dataset.tSource = node.textContent.replace(/\s+/g, ' ').trim();
      node.textContent = t(node.dataset.tSource);
    }
    for (const node of document.querySelectorAll('[data-t-attr]')) {
      for (const name of node.dataset.tAttr.split(/\s+/).filter(Boolean)) {
        const key = 'tSource' + name.replace(/(^|-)([a-z])/g, (m, dash, c) => c.toUpperCase());
        if (!node.dataset[key]) node.dataset[key] = node.getAttribute(name) || '';
        node.setAttribute(name, t(node.dataset[key]));
      }
    }
  }

  function languageName(code) {
    return own(NAMES, code) ? NAMES[code] : String(code);
  }

  /** The view block for the chosen language: `adflows-view-xx` when the page has it, else `adflows-view`. */
  function viewBlock() {
    const code = hashLang();
    const block = (c) => document.getElementById('adflows-view-' + c);
    // `#lang=de-AT` opens a model's German view when it has no Austrian one, as the chrome does.
    const own = code && (block(code) || block(code.split('-')[0]));
    return own || document.getElementById('adflows-view');
  }

  /** Once the viewer has read the view: the chrome's language, the switch, the notice, RTL and fallbacks. */
  function useView(view) {
    const info = view.language || {};
    const original = CODE.test(info.original || '') ? info.original : 'en';
    const viewCode = CODE.test(info.code || '') ? info.code : original;
    const code = hashLang() || viewCode;
    setLanguage(code);
    translateTemplate();
    const listed = Array.isArray(info.available) ? info.available.filter((c) => typeof c === 'string' && CODE.test(c)) : [];
    const available = listed.length ? listed : [viewCode];
    buildSwitch(code, available);
    const notice = document.getElementById('language-notice');
    const shown = (c) => c === viewCode || available.includes(c);
    if (notice && !shown(code) && !shown(code.split('-')[0])) {
      notice.textContent = t('This model has no translation into {language}. Its own text is shown in {original}.',
        { language: languageName(code), original: languageName(viewCode) });
      notice.hidden = false;
    }
    page.languageView = Object.freeze({ code: viewCode, original: original, rtl: info.rtl === true });
    setModelLanguage(viewCode, info.rtl === true);
    const fallback = Array.isArray(info.fallback) ? info.fallback.filter((s) => typeof s === 'string' && s.trim()) : [];
    if (fallback.length && viewCode !== original) page.fallbacks.watch(new Set(fallback.map((s) => s.trim())), original);
  }

  // Where only the model's text is shown: these carry the view's language and its direction. The picture
  // keeps its own geometry (a direction would flip text-anchor); the browser orders an Arabic label anyway.
  const MODEL_TEXT = ['model-title', 'model-summary', 'story-title', 'story-narration', 'panel-title', 'narrative-list', 'network'];
  // Where the model's text sits among the chrome's words. In a right-to-left view each paragraph there
  // takes the direction of its own first letter (CSS unicode-bidi: plaintext, class bidi-mixed), so an
  // English sentence of the chrome keeps its full stop at its end and an Arabic description reads right to left.
  const MIXED_TEXT = ['story-new', 'panel-body', 'flow-table-body', 'elements-list', 'accounts-list', 'sources-list', 'tools'];

  function setModelLanguage(code, rtl) {
    for (const id of MODEL_TEXT) {
      const node = document.getElementById(id);
      if (node) modelText(node, id === 'network');
    }
    for (const id of MIXED_TEXT) {
      const node = document.getElementById(id);
      if (node) node.classList.toggle('bidi-mixed', rtl);
    }
  }

  /** Mark an element as showing the model's text: the view's language and direction (`keepDir`: language only). */
  function modelText(node, keepDir) {
    const view = page.languageView || { code: lang, rtl: false };
    node.setAttribute('lang', view.code);
    if (!keepDir) node.setAttribute('dir', view.rtl ? 'rtl' : 'auto');
    return node;
  }

  /** Mark an element of a model-text container as showing the chrome's words for now (the story's overview). */
  function chromeText(node) {
    node.setAttribute('lang', lang);
    node.setAttribute('dir', 'auto');
    return node;
  }

  function buildSwitch(code, available) {
    const select = document.getElementById('language-select');
    if (!select) return;
    const codes = ['en', ...Object.keys(MESSAGES), ...available];
    const primary = code.split('-')[0];
    if (!codes.includes(code) && codes.includes(primary)) code = primary;  // de-AT: Deutsch is chosen
    if (!codes.includes(code)) codes.push(code);
    select.replaceChildren();
    for (const c of [...new Set(codes)]) {
      const option = document.createElement('option');
      option.value = c;
      option.textContent = languageName(c);
      option.lang = c;
      option.selected = c === code;
      select.append(option);
    }
    document.getElementById('language-switch').hidden = false;
    select.addEventListener('change', () => switchTo(select.value));
    // Opened again by the switch: the focus goes back to it, so a keyboard user's next arrow key goes on
    // through the list instead of starting again from the top of the page after every language.
    if (remembered(SWITCHED, null)) select.focus();
  }

  // sessionStorage: this tab only, nothing leaves the machine; a browser that refuses it just loses the focus.
  const SWITCHED = 'adflows-language-switched';
  function remembered(key, value) {
    try {
      const store = window.sessionStorage;
      if (value !== null) { store.setItem(key, value); return true; }
      const found = store.getItem(key) !== null;
      store.removeItem(key);
      return found;
    } catch (err) {
      return false;
    }
  }

  /** Open the page again in another language, presenter mode and step kept (they live in the hash). */
  function switchTo(code) {
    if (!CODE.test(code)) return;
    const rest = hash().slice(1);
    const full = '#' + (rest ? rest + '&' : '') + 'lang=' + code;
    try {
      history.replaceState(null, '', full);
    } catch (err) {
      window.location.hash = full;
    }
    remembered(SWITCHED, '1');
    window.location.reload();
  }

  // A link or a typed `#lang=` to another language opens the page again in it (a hash change alone would not).
  const openedIn = hashLang();
  window.addEventListener('hashchange', () => {
    if (hashLang() !== openedIn) window.location.reload();
  });

  page.i18n = Object.freeze({
    t: t,
    tn: tn,
    lang: () => lang,
    number: number,
    modelText: modelText,
    chromeText: chromeText,
    languageName: languageName,
    hash: hash,
    withLang: withLang,
    writeHash: writeHash,
    viewBlock: viewBlock,
    useView: useView,
    pluralRule: pluralRule,
  });
})();
