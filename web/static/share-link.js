/*
 * Share links: a model's YAML, deflate-raw compressed and base64url-encoded, in the URL fragment after
 * `#yaml=` (browsers never send the fragment to a server). Used by the editor (`/editor#yaml=...`) and by
 * story links (`/story#yaml=...&present&step=N`), which open the model's story page instead.
 * Exposes window.adflowsShareLink. No inline script, no eval: CSP `script-src 'self'`.
 */
(function () {
  'use strict';

  const PREFIX = '#yaml=';
  const MAX_FRAGMENT = 32 * 1024; // characters after '#'; longer links break in mail clients and chats

  class LinkError extends Error {}

  function toBase64Url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64Url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
      throw new LinkError('it contains characters that a share link never has');
    }
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }

  async function readAll(stream, limit) {
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        reader.cancel().catch(() => {});
        throw new LinkError(`the model in it is larger than ${limit.toLocaleString('en')} bytes`);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) { out.set(chunk, at); at += chunk.length; }
    return out;
  }

  /** The fragment for a model's text: `#yaml=` and the compressed, encoded text. */
  async function encode(text) {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return PREFIX + toBase64Url(await readAll(stream, Infinity));
  }

  /**
   * Split a fragment into the model's encoded text and the rest (`present`, `step=N`):
   * `#yaml=ABC&present&step=2` gives { payload: 'ABC', rest: 'present&step=2' }; null without `#yaml=`.
   */
  function parse(hash) {
    if (!hash.startsWith(PREFIX)) return null;
    const body = hash.slice(PREFIX.length);
    const cut = body.indexOf('&');
    return cut < 0 ? { payload: body, rest: '' } : { payload: body.slice(0, cut), rest: body.slice(cut + 1) };
  }

  /** The model's text from an encoded payload; throws LinkError with a reason a person can act on. */
  async function decode(payload, maxBytes) {
    const bytes = fromBase64Url(payload);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    let raw;
    try {
      raw = await readAll(stream, maxBytes);
    } catch (error) {
      if (error instanceof LinkError) throw error;
      throw new LinkError('its compressed data is damaged (was it cut short when copied?)');
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch (_) {
      throw new LinkError('its text is not valid UTF-8');
    }
  }

  window.adflowsShareLink = { PREFIX, MAX_FRAGMENT, LinkError, encode, parse, decode };
})();
