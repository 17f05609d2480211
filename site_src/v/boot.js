/*
 * shifan verify page (/v/), first script: the token codec (docs/token.md) and the scanned
 * token's status request. The build inlines this file at the top of the page's <head>, so
 * the request starts while the rest of the page (verify.js at the end of <body>) is still
 * arriving: a verdict costs two round trips, the page and the status. verify.js takes what
 * it needs from window.shifanBoot.
 *
 * ES2017 only, like verify.js (Chrome 64/80, Safari 13, in-app browsers).
 */
(function () {
  'use strict';

  var CHUNK_DIGITS = [0, 3, 5, 8, 10, 13, 15]; // decimal width of a chunk of n bytes
  var MAX_TOKEN_DIGITS = 400;
  var FETCH_TIMEOUT_MS = 15000;
  var KINDS = ['park', 'enterprise', 'training_base', 'township', 'figure'];

  // ------------------------------------------------------------------ token codec

  /** Decimal text form -> bytes, or null when no byte string has this text form. */
  function decodeDigits(text) {
    if (!/^[0-9]+$/.test(text) || text.length > MAX_TOKEN_DIGITS) return null;
    var full = Math.floor(text.length / 15);
    var lastBytes = CHUNK_DIGITS.indexOf(text.length - full * 15);
    if (lastBytes < 0) return null;
    var out = new Uint8Array(full * 6 + lastBytes);
    var pos = 0;
    var at = 0;
    for (var c = 0; c <= full; c++) {
      var n = c < full ? 6 : lastBytes;
      if (n === 0) break;
      var value = parseInt(text.substr(at, CHUNK_DIGITS[n]), 10); // < 10^15 < 2^53: exact
      at += CHUNK_DIGITS[n];
      if (value >= Math.pow(256, n)) return null;
      for (var i = n - 1; i >= 0; i--) {
        out[pos + i] = value % 256;
        value = Math.floor(value / 256);
      }
      pos += n;
    }
    return out;
  }

  /** Bytes -> token fields, or null when malformed (docs/token.md, *Bytes*). */
  function parseToken(b) {
    if (!b || b.length < 13 + 1 + 64) return null;
    var version = b[0] >> 4;
    var form = b[0] & 15;
    var kind = b[7] >> 5;
    var cls = (b[7] >> 2) & 7;
    var level = b[7] & 3;
    var idLength = b[12];
    if (version !== 1 || form > 1 || kind > 4 || cls > 4 || level > 2) return null;
    if (idLength < 1 || idLength > 32 || b.length !== 13 + idLength + 64) return null;
    var serial = ((b[3] * 256 + b[4]) * 256 + b[5]) * 256 + b[6];
    if (serial === 0) return null;
    var subject = '';
    for (var i = 13; i < 13 + idLength; i++) subject += String.fromCharCode(b[i]);
    if (!/^[A-Z0-9-]+$/.test(subject)) return null;
    return {
      form: form,
      kid: String(b[1] * 256 + b[2]),
      serial: serial,
      kind: KINDS[kind],
      cls: cls,
      level: level,
      awarded: b[8] * 256 + b[9],
      validUntil: b[10] * 256 + b[11],
      subject: subject,
      signed: b.subarray(0, 13 + idLength),
      signature: b.subarray(13 + idLength)
    };
  }

  /** GET a same-site JSON document: {ok, doc} or {ok: false, missing} (404) / offline. */
  function getJson(url, fresh) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var init = { credentials: 'same-origin', cache: fresh ? 'no-cache' : 'default' };
    if (controller) init.signal = controller.signal;
    var request = fetch(url, init).then(function (response) {
      if (response.status === 404) return { ok: false, missing: true };
      if (!response.ok) return { ok: false, missing: false };
      return response.json().then(function (doc) {
        return doc && typeof doc === 'object' ? { ok: true, doc: doc } : { ok: false };
      });
    }).catch(function () {
      return { ok: false, missing: false };
    });
    var timeout = new Promise(function (resolve) {
      setTimeout(function () {
        if (controller) controller.abort();
        resolve({ ok: false, missing: false, timeout: true });
      }, FETCH_TIMEOUT_MS);
    });
    return Promise.race([request, timeout]);
  }

  function statusUrl(kind, id) {
    return (kind === 'figure' ? '../api/figures/' : '../api/units/') + id + '.json';
  }

  /** The scanned token's digits: the URL fragment without white space. */
  function fragmentDigits() {
    return window.location.hash.replace(/^#/, '').replace(/\s+/g, '');
  }

  // The status request of the scanned token, started when this script runs (in <head>,
  // before the body arrives): {digits, request}, taken once by verify.js.
  var early = null;

  function startEarly() {
    var digits = fragmentDigits();
    var tok = digits ? parseToken(decodeDigits(digits)) : null;
    if (tok) early = { digits: digits, request: getJson(statusUrl(tok.kind, tok.subject), true) };
  }

  function statusRequestFor(tok, digits) {
    var found = early && early.digits === digits ? early.request : null;
    early = null;
    return found || getJson(statusUrl(tok.kind, tok.subject), true);
  }

  window.shifanBoot = {
    decodeDigits: decodeDigits, parseToken: parseToken, getJson: getJson, statusUrl: statusUrl,
    fragmentDigits: fragmentDigits, statusRequestFor: statusRequestFor
  };
  startEarly();
})();
