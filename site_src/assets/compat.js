/* shifan: what Material's search needs and old engines lack (Chromium 64-75: the WebViews of
 * older Android phones and in-app browsers). Loaded in <head>, before Material's bundle
 * (mkdocs.yml, extra.polyfills). ES5 only. Each shim is installed only where the engine lacks
 * the feature, so newer engines run Material exactly as shipped.
 *
 * On a page:
 *   - Blob.prototype.text (Chromium 76): Material reads the search index and every other JSON
 *     file as a Blob and calls blob.text().
 *   - Without RegExp Unicode property escapes (\p{...}), Material's search worker fails on its
 *     first query; the search worker is then started through this same file, which shims them.
 * In the search worker (this file, started as `compat.js?<the worker's URL>`):
 *   - RegExp accepts \p{sc=Han} (with the u flag) as the Han script's code point ranges;
 *   - importScripts resolves relative URLs against Material's worker, then the worker runs.
 * Nothing is fetched from another host: the worker's URL must be on this site's origin.
 */
(function (global) {
  "use strict";

  // Script=Han (Unicode 15.1), for engines without \p{sc=Han}; \u{...} needs the u flag.
  var HAN = "[\\u2E80-\\u2E99\\u2E9B-\\u2EF3\\u2F00-\\u2FD5\\u3005\\u3007\\u3021-\\u3029" +
    "\\u3038-\\u303B\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFA6D\\uFA70-\\uFAD9" +
    "\\u{16FE2}\\u{16FE3}\\u{16FF0}\\u{16FF1}\\u{20000}-\\u{2A6DF}\\u{2A700}-\\u{2EBE0}" +
    "\\u{2F800}-\\u{2FA1D}\\u{30000}-\\u{323AF}]";
  var HAN_ESCAPE = /\\p\{(?:sc|Script|scx|Script_Extensions)=(?:Han|Hani)\}/g;

  function hasPropertyEscapes() {
    try {
      return new RegExp("\\p{L}", "u").test("a");
    } catch (e) {
      return false;
    }
  }

  function shimRegExp() {
    var Native = global.RegExp;
    function RegExp(pattern, flags) {
      if (typeof pattern === "string" && typeof flags === "string" && flags.indexOf("u") >= 0) {
        pattern = pattern.replace(HAN_ESCAPE, HAN);
      }
      return flags === undefined ? new Native(pattern) : new Native(pattern, flags);
    }
    RegExp.prototype = Native.prototype;
    global.RegExp = RegExp;
  }

  function shimBlobText() {
    Object.defineProperty(Blob.prototype, "text", {
      configurable: true,
      writable: true,
      value: function text() {
        var blob = this;
        return new Promise(function (resolve, reject) {
          var reader = new FileReader();
          reader.onload = function () { resolve(reader.result); };
          reader.onerror = function () { reject(reader.error); };
          reader.readAsText(blob, "utf-8");
        });
      }
    });
  }

  /* Start Material's search worker through this file (see the comment at the top). */
  function shimSearchWorker(self) {
    var Native = global.Worker;
    function Worker(url, options) {
      var target = new URL(String(url), global.location.href);
      if (/\/workers\/search\.[^\/]*\.js$/.test(target.pathname) &&
          target.origin === global.location.origin) {
        url = self + "?" + encodeURIComponent(target.href);
      }
      return options === undefined ? new Native(url) : new Native(url, options);
    }
    Worker.prototype = Native.prototype;
    global.Worker = Worker;
  }

  function runSearchWorker() {
    var target = new URL(decodeURIComponent(global.location.search.slice(1)));
    if (target.origin !== global.location.origin) {
      throw new Error("compat.js: refusing a worker from another origin: " + target.origin);
    }
    shimRegExp();
    var importNative = global.importScripts;
    global.importScripts = function () {
      var urls = Array.prototype.map.call(arguments, function (u) {
        return new URL(u, target.href).href;
      });
      return importNative.apply(global, urls);
    };
    importNative(target.href);
  }

  if (typeof document === "undefined") {
    if (typeof importScripts === "function" && global.location.search.length > 1) {
      runSearchWorker();
    }
    return;
  }
  if (typeof Blob !== "undefined" && typeof Blob.prototype.text !== "function") {
    shimBlobText();
  }
  if (!hasPropertyEscapes() && typeof global.Worker === "function" && document.currentScript) {
    shimSearchWorker(document.currentScript.src.split("?")[0]);
  }
})(this);
