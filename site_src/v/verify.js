/*
 * shifan verify page (/v/): reads a plaque token from the URL fragment (or a check code /
 * unit id typed by hand), checks its ES256 signature with WebCrypto against the key set the
 * build inlined into the page (#shifan-keys; ../keys.json when absent or without the key's
 * kid), fetches the subject's status document and shows exactly one verdict in #verdict.
 * The token codec and the scanned token's status request, started before this script
 * arrives, live in boot.js (window.shifanBoot).
 *
 * Written for old engines (Chrome 80, Safari 13, in-app browsers): ES2017 only -- no `?.`,
 * `??`, BigInt, class fields, optional catch binding. Roster text is only ever inserted
 * with textContent. The token never leaves the fragment: requests name only the unit id.
 * Spec: docs/token.md (format), docs/api.md (JSON), docs/verify-page.md (verdicts, offline).
 */
(function () {
  'use strict';

  var boot = window.shifanBoot; // boot.js: the codec and the early status request
  var decodeDigits = boot.decodeDigits;
  var parseToken = boot.parseToken;
  var getJson = boot.getJson;
  var statusUrl = boot.statusUrl;
  var fragmentDigits = boot.fragmentDigits;
  var statusRequestFor = boot.statusRequestFor;

  var CONTEXT = 'SHIFAN-TOKEN\u0000';
  var NO_REVIEW = 0xffff;
  var CACHE_PREFIX = 'shifan.status.';

  var KIND_LABELS = {
    park: '电子商务示范园区（基地）',
    enterprise: '电子商务示范企业',
    training_base: '电子商务人才教育（培训）示范基地',
    township: '电子商务示范乡（镇）',
    figure: '电子商务领军人物'
  };
  var CLASS_LABELS = ['', '平台类(面向消费者)', '平台类(面向企业)', '应用类', '服务类'];
  var LEVEL_LABELS = ['市级', '省级', '国家级'];
  var DAMM = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9], [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5], [2, 5, 8, 1, 4, 3, 6, 7, 9, 0]
  ];

  // ------------------------------------------------------------------ check codes

  function damm(digits) {
    var interim = 0;
    for (var i = 0; i < digits.length; i++) interim = DAMM[interim][digits.charCodeAt(i) - 48];
    return interim;
  }

  function checkCode(serial) {
    var s = String(serial);
    while (s.length < 6) s = '0' + s;
    s += String(damm(s));
    return s.replace(/(\d{3})(?=\d)/g, '$1-');
  }

  var DAY_MS = 86400000;
  var EPOCH = Date.UTC(2000, 0, 1);

  function dayToIso(days) {
    return new Date(EPOCH + days * DAY_MS).toISOString().slice(0, 10);
  }

  function isoToDay(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
    if (!m) return null;
    return Math.round((Date.UTC(+m[1], +m[2] - 1, +m[3]) - EPOCH) / DAY_MS);
  }

  function cnDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ''));
    return m ? m[1] + '年' + +m[2] + '月' + +m[3] + '日' : '—';
  }

  // ------------------------------------------------------------------ signature

  function hasWebCrypto() {
    return !!(window.crypto && window.crypto.subtle && window.isSecureContext !== false &&
      typeof Uint8Array === 'function');
  }

  function findKey(keyset, kid) {
    var keys = keyset && keyset.keys;
    if (!keys || !keys.length) return null;
    for (var i = 0; i < keys.length; i++) {
      if (keys[i] && String(keys[i].kid) === kid) return keys[i];
    }
    return null;
  }

  /** Steps 2-4 of docs/token.md *Verdicts*: a verdict name, or 'genuine'. */
  async function checkSignature(tok, jwk) {
    if (!jwk) return 'unknown-key';
    var key;
    try {
      key = await window.crypto.subtle.importKey(
        'jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
        { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    } catch (err) {
      return 'forged'; // a published key that cannot verify anything
    }
    var data = new Uint8Array(CONTEXT.length + tok.signed.length);
    for (var i = 0; i < CONTEXT.length; i++) data[i] = CONTEXT.charCodeAt(i);
    data.set(tok.signed, CONTEXT.length);
    var ok = false;
    try {
      ok = await window.crypto.subtle.verify(
        { name: 'ECDSA', hash: { name: 'SHA-256' } }, key, tok.signature, data);
    } catch (err) {
      ok = false;
    }
    if (!ok) return 'forged';
    if (jwk.status === 'compromised') return 'compromised-key';
    return 'genuine';
  }

  /** The plaque's issue date lies inside the key's window, one day of slack each side. */
  function insideWindow(jwk, issuedOn) {
    var day = isoToDay(issuedOn);
    var from = isoToDay(jwk.not_before);
    var until = jwk.not_after ? isoToDay(jwk.not_after) : null;
    if (day === null || from === null) return false;
    return day + 1 >= from && (until === null || day - 1 <= until);
  }

  // ------------------------------------------------------------------ network

  /** The key set the build inlined into the page, or null (the unbuilt source page). */
  function builtKeys() {
    var node = document.getElementById('shifan-keys');
    if (!node) return null;
    try {
      var doc = JSON.parse(node.textContent);
      return doc && typeof doc === 'object' ? doc : null;
    } catch (err) {
      return null;
    }
  }

  /** {ok, doc} with a key set that has `kid` if any does: the page's own, else (a page
   * cached from before a new key was published, or no inlined set) ../keys.json. */
  function keySetFor(kid) {
    var built = builtKeys();
    if (built && findKey(built, kid)) return Promise.resolve({ ok: true, doc: built });
    return getJson('../keys.json', !!built);
  }

  function cacheStatus(doc) {
    try {
      window.localStorage.setItem(CACHE_PREFIX + doc.id, JSON.stringify({
        id: doc.id, name: doc.name, status: doc.status, status_label: doc.status_label,
        as_of: doc.as_of, plaques: doc.plaques, revoked: doc.revoked
      }));
    } catch (err) { /* storage disabled (private mode, in-app browser): no cache */ }
  }

  function cachedStatus(id) {
    try {
      var raw = window.localStorage.getItem(CACHE_PREFIX + id);
      var doc = raw ? JSON.parse(raw) : null;
      return doc && doc.id === id ? doc : null;
    } catch (err) {
      return null;
    }
  }

  // ------------------------------------------------------------------ verdicts

  function findPlaque(doc, serial) {
    var plaques = doc.plaques || [];
    for (var i = 0; i < plaques.length; i++) {
      if (plaques[i] && plaques[i].serial === serial) return plaques[i];
    }
    return null;
  }

  /** Steps 5-10 of docs/token.md *Verdicts*, for a genuine token and its status document. */
  function statusVerdict(doc, tok, jwk) {
    if (!doc || doc.id !== tok.subject) return 'not-on-record';
    var plaque = findPlaque(doc, tok.serial);
    if (!plaque || String(plaque.kid) !== tok.kid) return 'not-on-record';
    if (!insideWindow(jwk, plaque.issued_on)) return 'forged';
    if (doc.status === 'revoked' || (doc.revoked && typeof doc.revoked === 'object')) return 'revoked';
    // Any plaque status but "active" (voided, withdrawn, superseded) means it no longer stands.
    if (plaque.status !== 'active' || (plaque.voided && typeof plaque.voided === 'object')) {
      return 'voided';
    }
    if (doc.status === 'review_overdue') return 'overdue';
    if (doc.status === 'awarded' || doc.status === 'review_due') return 'valid';
    return 'not-on-record';
  }

  var TONE = {
    valid: 'ok', overdue: 'warn', revoked: 'bad', voided: 'bad', forged: 'bad',
    'unknown-key': 'bad', 'compromised-key': 'bad', malformed: 'info', offline: 'warn',
    'not-on-record': 'bad', unverified: 'info'
  };
  var HEADLINES = {
    valid: ['真实有效', 'Genuine and valid'],
    overdue: ['牌匾真实，但已逾期未复审', 'Genuine, but the re-review is overdue'],
    revoked: ['牌匾真实，但称号已被撤销', 'Genuine, but the title has been revoked'],
    voided: ['此牌匾已作废', 'This plaque has been voided'],
    forged: ['不是郑州市商务局签发的', 'Not issued by the Bureau of Commerce: forged or altered'],
    'unknown-key': ['不是郑州市商务局签发的', 'Not issued by the Bureau of Commerce: unknown signing key'],
    'compromised-key': ['签名密钥已泄露，此码不可信', 'Signed with a compromised key: not trusted'],
    malformed: ['这不是本登记册的核验码', 'Not a code of this registry'],
    offline: ['签名真实，但暂时无法查询当前状态', 'Genuine signature; today\'s status could not be checked'],
    'not-on-record': ['签名真实，但登记册中没有这块牌匾', 'Genuine signature, but this plaque is not on the register'],
    unverified: ['未核验签名，以下是网站登记的状态', 'Signature not checked; the registry status is shown']
  };

  var box = null;

  // ------------------------------------------------------------------ reporting channel

  var SITE_CACHE = 'shifan.site';
  var siteInfo = null; // Promise of ../api/site.json's document (or the last one seen)

  /** Fetched only for a verdict that needs it: a valid plaque costs no extra request. */
  function channel() {
    if (!siteInfo) {
      siteInfo = loadSiteInfo();
      fillFooter();
    }
    return siteInfo;
  }

  /** The bureau's reporting channel (registry/site.yaml, built into ../api/site.json). */
  function loadSiteInfo() {
    return getJson('../api/site.json', false).then(function (result) {
      if (result.ok && result.doc.contact) {
        try {
          window.localStorage.setItem(SITE_CACHE, JSON.stringify(result.doc));
        } catch (err) { /* storage full or disabled: the channel still shows this time */ }
        return result.doc;
      }
      try {
        var cached = JSON.parse(window.localStorage.getItem(SITE_CACHE) || 'null');
        return cached && cached.contact ? cached : null;
      } catch (err) {
        return null;
      }
    });
  }

  /** A link whose target is a tel: or mailto: URL built at build time, else plain text. */
  function contactLink(text, href, scheme) {
    if (typeof href === 'string' && href.indexOf(scheme) === 0) {
      var a = el('a', null, text);
      a.setAttribute('href', href);
      return a;
    }
    return document.createTextNode(String(text));
  }

  /** "department；电话：…；邮箱：…" into `node` (text and tappable links only). */
  function fillContact(node, doc) {
    var c = doc.contact;
    node.appendChild(document.createTextNode(String(c.department || doc.host || '')));
    if (c.phone) {
      node.appendChild(document.createTextNode('；电话：'));
      node.appendChild(contactLink(c.phone, c.phone_href, 'tel:'));
    }
    if (c.email) {
      node.appendChild(document.createTextNode('；邮箱：'));
      node.appendChild(contactLink(c.email, c.email_href, 'mailto:'));
    }
    if (c.address) node.appendChild(document.createTextNode('；地址：' + c.address));
    if (c.hours) node.appendChild(document.createTextNode('（' + c.hours + '）'));
  }

  /** Under a red or amber verdict: where to report it, once the channel is known. */
  function reportBlock() {
    var block = el('div', 'report');
    block.hidden = true;
    channel().then(function (doc) {
      if (!doc) return;
      var p = el('p', null, '举报与咨询：');
      fillContact(p, doc);
      block.appendChild(p);
      block.hidden = false;
    });
    return block;
  }

  function fillFooter() {
    var foot = document.getElementById('report-footer');
    if (!foot) return;
    siteInfo.then(function (doc) {
      if (!doc) return;
      foot.appendChild(document.createTextNode('主办单位：' + (doc.host || '') + '。举报假冒牌匾与咨询：'));
      fillContact(foot, doc);
      foot.hidden = false;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function icon(tone) {
    var source = document.getElementById('icon-' + tone);
    var node = source.cloneNode(true);
    node.removeAttribute('id');
    node.setAttribute('aria-hidden', 'true');
    return node;
  }

  function facts(rows) {
    var dl = el('dl', 'facts');
    for (var i = 0; i < rows.length; i++) {
      if (rows[i][1] === null || rows[i][1] === undefined || rows[i][1] === '') continue;
      dl.appendChild(el('dt', null, rows[i][0]));
      dl.appendChild(el('dd', null, rows[i][1]));
    }
    return dl;
  }

  /** Replace #verdict's content: icon, Chinese headline, English line, then `parts`. */
  function show(verdict, parts, extra) {
    var tone = TONE[verdict];
    var head = el('div', 'head');
    head.appendChild(icon(tone));
    var words = el('div', 'words');
    words.appendChild(el('h2', 'zh', HEADLINES[verdict][0]));
    var en = el('p', 'en', HEADLINES[verdict][1]);
    en.setAttribute('lang', 'en');
    words.appendChild(en);
    head.appendChild(words);
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(head);
    for (var i = 0; i < parts.length; i++) {
      box.appendChild(typeof parts[i] === 'string' ? el('p', null, parts[i]) : parts[i]);
    }
    if (tone === 'bad' || tone === 'warn') box.appendChild(reportBlock());
    box.className = 'verdict ' + tone;
    var attrs = extra || {};
    box.removeAttribute('data-status');
    box.removeAttribute('data-reason');
    box.removeAttribute('data-log');
    for (var name in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, name) && attrs[name]) {
        box.setAttribute('data-' + name, attrs[name]);
      }
    }
    box.setAttribute('data-verdict', verdict);
    if (window.performance && typeof window.performance.mark === 'function') {
      window.performance.mark('shifan-verdict'); // read by benchmarks/verify_page.py
    }
  }

  function showPending() {
    while (box.firstChild) box.removeChild(box.firstChild);
    var head = el('div', 'head');
    head.appendChild(icon('wait'));
    var words = el('div', 'words');
    words.appendChild(el('h2', 'zh', '正在核验……'));
    var en = el('p', 'en', 'Checking…');
    en.setAttribute('lang', 'en');
    words.appendChild(en);
    head.appendChild(words);
    box.appendChild(head);
    box.className = 'verdict pending';
    box.removeAttribute('data-verdict');
    box.removeAttribute('data-status');
    box.removeAttribute('data-reason');
  }

  function titleOf(doc) {
    var title = doc.kind_label || KIND_LABELS[doc.kind] || '';
    return doc.enterprise_class_label ? title + '·' + doc.enterprise_class_label : title;
  }

  function tokenTitle(tok) {
    var title = KIND_LABELS[tok.kind];
    return tok.cls ? title + '·' + CLASS_LABELS[tok.cls] : title;
  }

  /** The subject's public page, relative like every URL here (any base path works). */
  function unitLink(doc) {
    if (typeof doc.id !== 'string' || !/^[A-Z0-9-]{1,32}$/.test(doc.id)) return null;
    var p = el('p', 'more');
    var a = el('a', null, doc.kind === 'figure' ? '查看该人物的公开登记页' : '查看该单位的公开登记页');
    a.setAttribute('href', (doc.kind === 'figure' ? '../figures/' : '../units/') + doc.id + '/');
    p.appendChild(a);
    return p;
  }

  function unitFacts(doc, plaque) {
    return facts([
      ['登记名称', doc.name],
      ['称号', titleOf(doc)],
      ['级别', doc.level_label],
      ['所在地区', doc.district_name],
      ['授牌日期', doc.awarded_on ? cnDate(doc.awarded_on) : null],
      ['下次复审', doc.next_review_due ? cnDate(doc.next_review_due) : null],
      ['当前状态', doc.status_label],
      ['核验码', plaque ? plaque.check_code : null]
    ]);
  }

  function compareNote() {
    return el('p', 'compare',
      '请核对：牌匾上的单位名称必须与上面的“登记名称”一字不差。名称不一致，说明二维码被复制到了别的牌匾上，请勿相信，并向郑州市商务局反映。');
  }

  function asOf(doc) {
    return el('p', 'asof', '以上为本网站截至' + cnDate(doc.as_of) + '的登记信息。');
  }

  function revokedFacts(doc) {
    var r = doc.revoked || {};
    return facts([
      ['撤销日期', r.date ? cnDate(r.date) : null],
      ['撤销原因', r.reason_label || r.reason],
      ['撤销文号', r.document],
      ['当前状态', r.date ? null : doc.status_label]
    ]);
  }

  var FORGED_NOTE = '这个二维码的数字签名与郑州市商务局公布的公钥不符：二维码可能是伪造或被改动过的。' +
    '请勿相信这块牌匾（证书），并向郑州市商务局反映。';
  var WINDOW_NOTE = '签署这个二维码的密钥只能在规定期间内使用，而登记的发放日期不在这个期间内，按伪造处理。' +
    '请勿相信这块牌匾（证书），并向郑州市商务局反映。';
  var COMPROMISED_NOTE = '签署这个二维码的密钥已被宣布泄露，用它签署的任何二维码都不能证明由商务局签发。' +
    '请以单位的公开登记页为准。';

  /** The verdict for a genuine token (steps 5-10), rendered from its status document. */
  function showGenuine(tok, doc, jwk) {
    var verdict = statusVerdict(doc, tok, jwk);
    if (verdict === 'not-on-record' && !(doc && doc.id === tok.subject)) {
      show(verdict, ['这块牌匾（证书）的签名真实，但本网站登记册中没有编号为' + tok.subject +
        '的单位或人物。请勿把它当作有效的称号证明，并向郑州市商务局反映。',
        facts([['二维码记载的编号', tok.subject], ['核验码', checkCode(tok.serial)]])]);
      return;
    }
    var plaque = findPlaque(doc, tok.serial);
    var attrs = { status: doc.status };
    var name = el('p', 'name', doc.name);
    var parts;
    if (verdict === 'forged') {
      show(verdict, [WINDOW_NOTE]);
      return;
    } else if (verdict === 'valid') {
      parts = [name, unitFacts(doc, plaque), compareNote(), asOf(doc)];
      if (jwk.status === 'retired') {
        parts.push(el('p', 'asof', '签名密钥已停用，但这块牌匾在该密钥的有效期内签发，仍然真实。'));
      }
    } else if (verdict === 'overdue') {
      parts = [name, '该单位没有在规定期限内完成复审（每2年复审1次），称号目前处于逾期未复审状态。',
        unitFacts(doc, plaque), asOf(doc)];
    } else if (verdict === 'revoked') {
      parts = [name, '该单位的示范称号已被撤销，牌匾应予收回。', revokedFacts(doc), asOf(doc)];
    } else if (verdict === 'voided') {
      var v = plaque.voided || {};
      parts = [name, '这块牌匾（证书）已失效，不能再证明称号。', facts([
        ['失效日期', v.date ? cnDate(v.date) : null],
        ['作废原因', v.reason_label || v.reason],
        ['核验码', checkCode(tok.serial)]
      ]), '该单位的称号状态请以其公开登记页为准。', asOf(doc)];
    } else {
      parts = [name, plaque
        ? '签名真实，但该单位目前不持有示范称号（当前状态：' + (doc.status_label || doc.status) + '）。'
        : '签名真实，但本网站没有这块牌匾（证书）的登记记录，不能证明称号。',
      facts([['核验码', checkCode(tok.serial)], ['当前状态', doc.status_label]]), asOf(doc)];
    }
    parts.push(unitLink(doc));
    show(verdict, parts.filter(Boolean), attrs);
  }

  function showOffline(tok, keyset) {
    var cached = cachedStatus(tok.subject);
    var parts = ['这块牌匾（证书）确由郑州市商务局签发。但现在无法连接本网站，查不到它今天的状态。'];
    var attrs = {};
    if (cached) {
      attrs.status = cached.status;
      parts.push(el('p', 'stale', '本机曾于' + cnDate(cached.as_of) + '查到：' +
        (cached.name || tok.subject) + '，状态为“' + (cached.status_label || cached.status) + '”。'));
      parts.push(el('p', 'en', 'On ' + cached.as_of + ' its status was ' + cached.status +
        '; connect to check today\'s status.'));
    } else {
      var generated = keyset && keyset.generated;
      parts.push(el('p', 'stale', '本机没有查询记录。二维码记载：' + tokenTitle(tok) + '（' +
        LEVEL_LABELS[tok.level] + '），编号 ' + tok.subject + '，授牌日期' +
        cnDate(dayToIso(tok.awarded)) +
        (tok.validUntil === NO_REVIEW ? '' : '，复审期限' + cnDate(dayToIso(tok.validUntil))) +
        '。' + (generated ? '网站数据更新于' + cnDate(generated) + '。' : '')));
      parts.push(el('p', 'en', 'Genuine; its status on ' + (generated || 'the build date') +
        ' could not be read; connect to check today\'s status.'));
    }
    parts.push(el('p', 'compare', '请联网后刷新本页，查看今天的状态。在此之前，请不要把它当作“有效”。'));
    show('offline', parts, attrs);
  }

  function showMalformed(message) {
    show('malformed', [message || '这个二维码或编号不是郑州市电子商务示范体系的核验码，可能来自别的系统，或扫描不完整。',
      '可以重新扫描，或在下方输入牌匾上印的核验码；也可以按名称查找单位。']);
  }

  function showUnverified(reason, doc, note) {
    var parts = [note];
    if (doc) {
      parts.push(el('p', 'name', doc.name));
      parts.push(unitFacts(doc, null));
      if (doc.revoked) parts.push(revokedFacts(doc));
      parts.push(asOf(doc));
      var link = unitLink(doc);
      if (link) parts.push(link);
    } else {
      parts.push('现在也无法连接本网站查询状态，请联网后刷新本页。');
    }
    show('unverified', parts, { reason: reason, status: doc ? doc.status : null });
  }

  var NO_CRYPTO_NOTE = '这个浏览器不能核对数字签名（需要 https 网址和较新的浏览器），所以无法证明牌匾是否由商务局签发。' +
    '下面是网站登记的状态，请用系统浏览器打开本页再核验一次。';

  // ------------------------------------------------------------------ flows

  var run = 0; // a newer check supersedes an older one still waiting on the network

  async function verifyToken(digits) {
    var mine = ++run;
    showPending();
    var tok = parseToken(decodeDigits(digits));
    if (!tok) {
      showMalformed();
      return;
    }
    // The status request names only the unit id; it runs while the signature is checked.
    var statusRequest = statusRequestFor(tok, digits);
    if (!hasWebCrypto()) {
      var plain = await statusRequest;
      if (mine !== run) return;
      showUnverified('no-webcrypto', plain.ok ? plain.doc : null, NO_CRYPTO_NOTE);
      return;
    }
    var keys = await keySetFor(tok.kid);
    if (mine !== run) return;
    if (!keys.ok) {
      var st = await statusRequest;
      if (mine !== run) return;
      showUnverified('keys-unreachable', st.ok ? st.doc : null,
        '无法取得本网站公布的签名公钥，暂时不能核对签名。下面是网站登记的状态（如能取得）。');
      return;
    }
    var jwk = findKey(keys.doc, tok.kid);
    var outcome = await checkSignature(tok, jwk);
    if (mine !== run) return;
    if (outcome !== 'genuine') {
      show(outcome, [outcome === 'compromised-key' ? COMPROMISED_NOTE : outcome === 'forged'
        ? FORGED_NOTE
        : '签署这个二维码的密钥（编号 ' + tok.kid + '）不在本网站公布的公钥中，无法证明由郑州市商务局签发。' +
          '请勿相信这块牌匾（证书），并向郑州市商务局反映。']);
      return;
    }
    var status = await statusRequest;
    if (mine !== run) return;
    if (status.ok) {
      if (status.doc.id === tok.subject) cacheStatus(status.doc);
      showGenuine(tok, status.doc, jwk);
      if (status.doc.id === tok.subject) showLogEntry(mine, digits, tok, status.doc);
    } else if (status.missing) {
      showGenuine(tok, null, jwk);
    } else {
      showOffline(tok, keys.doc);
    }
  }

  // ------------------------------------------------------------------ public log

  /* The plaque's entry in the public log (docs/log.md): its leaf must name this record,
   * serial and token; its RFC 9162 inclusion proof must lead, with WebCrypto SHA-256, to the
   * root of /log/checkpoint, whose ECDSA signature (signed-note type 0x02: key ID, then DER)
   * is checked with /log/key.json. Anything that does not hold shows no line at all. */

  /** GET a same-site text file: {ok, doc: text} or {ok: false} (missing, offline, slow). */
  function getText(url) {
    var request = fetch(url, { credentials: 'same-origin', cache: 'no-cache' })
      .then(function (response) {
        if (!response.ok) return { ok: false };
        return response.text().then(function (text) { return { ok: true, doc: text }; });
      }).catch(function () {
        return { ok: false };
      });
    var timeout = new Promise(function (resolve) {
      setTimeout(function () { resolve({ ok: false }); }, 15000);
    });
    return Promise.race([request, timeout]);
  }

  function bytesOf(text) {
    return new TextEncoder().encode(text);
  }

  function b64Bytes(text) {
    var raw = window.atob(text);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function join(parts) {
    var length = 0;
    var i;
    for (i = 0; i < parts.length; i++) length += parts[i].length;
    var out = new Uint8Array(length);
    var at = 0;
    for (i = 0; i < parts.length; i++) {
      out.set(parts[i], at);
      at += parts[i].length;
    }
    return out;
  }

  async function sha256(data) {
    return new Uint8Array(await window.crypto.subtle.digest('SHA-256', data));
  }

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }

  /** RFC 9162 2.1.3.2, step by step. */
  async function inclusionHolds(index, size, leaf, path, root) {
    if (index < 0 || index >= size) return false;
    var fn = index;
    var sn = size - 1;
    var r = leaf;
    for (var i = 0; i < path.length; i++) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(join([new Uint8Array([1]), path[i], r]));
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = await sha256(join([new Uint8Array([1]), r, path[i]]));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && sameBytes(r, root);
  }

  /** An ASN.1 DER ECDSA signature as WebCrypto's raw r||s (64 bytes), or null. */
  function derToRaw(der) {
    if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
    var out = new Uint8Array(64);
    var at = 2;
    for (var part = 0; part < 2; part++) {
      if (der[at] !== 0x02) return null;
      var len = der[at + 1];
      var value = der.subarray(at + 2, at + 2 + len);
      if (len < 1 || value.length !== len) return null;
      while (value.length > 32 && value[0] === 0) value = value.subarray(1);
      if (value.length > 32) return null;
      out.set(value, part * 32 + 32 - value.length);
      at += 2 + len;
    }
    return at === der.length ? out : null;
  }

  /** 'signed', 'unsigned' or null (no such checkpoint, or a signature that fails). */
  async function checkpointState(text, key, size, root) {
    var split = text.lastIndexOf('\n\n');
    var body = split >= 0 ? text.slice(0, split + 1) : text;
    var lines = body.split('\n');
    if (lines.length !== 4 || lines[3] !== '' || lines[1] !== String(size) || lines[2] !== root) {
      return null;
    }
    if (split < 0) return 'unsigned';
    if (!key || typeof key.key_id !== 'string') return null;
    var sigs = text.slice(split + 2).split('\n');
    var verified = false;
    for (var i = 0; i < sigs.length; i++) {
      var m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(sigs[i]);
      if (!m) continue;
      var sig = b64Bytes(m[2]);
      if (m[1] !== key.name || hex(sig.subarray(0, 4)) !== key.key_id) continue;
      var raw = derToRaw(sig.subarray(4));
      if (!raw) return null;
      var pub = await window.crypto.subtle.importKey(
        'jwk', { kty: 'EC', crv: 'P-256', x: key.x, y: key.y, ext: true },
        { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      var ok = await window.crypto.subtle.verify(
        { name: 'ECDSA', hash: { name: 'SHA-256' } }, pub, raw, bytesOf(body));
      if (!ok) return null;
      verified = true;
    }
    return verified ? 'signed' : null;
  }

  /** The plaque's log entry number if everything holds: {seq, state}, else null. */
  async function logEntry(digits, tok, doc) {
    var log = doc.log;
    if (!log || !log.entries || typeof log.tree_size !== 'number') return null;
    var tokenHash = hex(await sha256(bytesOf(digits)));
    for (var i = 0; i < log.entries.length; i++) {
      var item = log.entries[i];
      var fields = JSON.parse(item.leaf);
      if (fields.event !== 'plaque_issued' || fields.record !== doc.id ||
          fields.serial !== tok.serial || fields.token_sha256 !== tokenHash ||
          fields.seq !== item.seq) continue;
      var leaf = await sha256(join([new Uint8Array([0]), bytesOf(item.leaf)]));
      var path = item.proof.map(b64Bytes);
      if (!await inclusionHolds(item.seq - 1, log.tree_size, leaf, path, b64Bytes(log.root_hash))) {
        return null;
      }
      var note = await getText('../log/checkpoint');
      if (!note.ok) return null;
      // The log key is asked for only when the checkpoint carries a signature to check.
      var key = note.doc.indexOf('\n\n') >= 0 ? await getJson('../log/key.json', true) : null;
      var state = await checkpointState(note.doc, key && key.ok ? key.doc : null, log.tree_size,
        log.root_hash);
      return state ? { seq: item.seq, state: state } : null;
    }
    return null;
  }

  async function showLogEntry(mine, digits, tok, doc) {
    var found = null;
    try {
      found = await logEntry(digits, tok, doc);
    } catch (err) {
      found = null; // a malformed proof or document: no line, never a false "recorded"
    }
    if (mine !== run) return;
    box.setAttribute('data-log', found ? found.state : 'none');
    if (!found) return;
    var line = el('p', 'asof log', '已记入');
    var link = el('a', null, '公开日志');
    link.setAttribute('href', '../log/');
    line.appendChild(link);
    line.appendChild(document.createTextNode('第 ' + found.seq + ' 条' +
      (found.state === 'unsigned' ? '（日志检查点未签名）' : '') + '。'));
    var en = el('p', 'en log', 'Recorded in the public log as entry ' + found.seq +
      (found.state === 'unsigned' ? ' (the log checkpoint is unsigned).' : '.'));
    en.setAttribute('lang', 'en');
    line.setAttribute('data-log-entry', String(found.seq));
    box.appendChild(line);
    box.appendChild(en);
  }

  async function checkTypedCode(compact, typed) {
    var mine = ++run;
    showPending();
    if (damm(compact) !== 0) {
      showMalformed('核验码“' + (typed || compact) + '”的校验位不对，可能输错了。请逐位核对牌匾上印的核验码后重试。');
      return;
    }
    var serial = parseInt(compact.slice(0, -1), 10);
    var plaque = await getJson('../api/plaques/' + serial + '.json', true);
    if (mine !== run) return;
    if (!plaque.ok) {
      if (plaque.missing) showMalformed('登记册中没有核验码为' + checkCode(serial) + '的牌匾或证书。');
      else showUnverified('unreachable', null, '现在无法连接本网站，查不到这个核验码。');
      return;
    }
    var digits = String(plaque.doc.token || '');
    var tok = parseToken(decodeDigits(digits));
    if (!tok || tok.serial !== serial) {
      showMalformed('本网站为这个核验码登记的数据不完整，请向郑州市商务局反映。');
      return;
    }
    await verifyToken(digits);
  }

  async function checkTypedId(id) {
    var mine = ++run;
    showPending();
    var kind = /-FIG-/.test(id) ? 'figure' : 'unit';
    var result = await getJson(statusUrl(kind, id), true);
    if (mine !== run) return;
    var note = '按编号查询：不涉及牌匾签名，下面是本网站登记的状态。如手边有牌匾，请扫描它的二维码核验。';
    if (result.ok && result.doc.id === id) {
      cacheStatus(result.doc);
      showUnverified('typed-id', result.doc, note);
    } else if (result.missing) {
      showMalformed('登记册中没有编号为' + id + '的单位或人物。请核对编号，或按名称查找。');
    } else {
      showUnverified('unreachable', null, '现在无法连接本网站，查不到这个编号。');
    }
  }

  /** Typed input: a check code (000-042-7), a unit id (ZZ-ENT-0042) or token digits. */
  function checkTyped(raw) {
    var text = String(raw).replace(/^\s+|\s+$/g, '');
    var compact = text.replace(/[\s\-\u2010-\u2015\uff0d]/g, '');
    if (/^[0-9]+$/.test(compact)) {
      return compact.length <= 11 ? checkTypedCode(compact, text) : verifyToken(compact);
    }
    var id = text.toUpperCase().replace(/\s+/g, '');
    if (/^[A-Z0-9-]{1,32}$/.test(id) && /[A-Z]/.test(id)) return checkTypedId(id);
    showMalformed('请输入牌匾上印的核验码（例如 000-042-7）或单位编号（例如 ZZ-ENT-0042）。按名称查找请用下面的搜索框。');
    return Promise.resolve();
  }

  function queryParam(name) {
    var match = new RegExp('[?&]' + name + '=([^&]*)').exec(window.location.search);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1].replace(/\+/g, ' '));
    } catch (err) {
      return null;
    }
  }

  function start() {
    var fragment = fragmentDigits();
    if (fragment || window.location.href.indexOf('#') >= 0) { // `/v/#` alone: an empty code
      verifyToken(fragment);
      return;
    }
    var q = queryParam('q');
    if (q) {
      document.getElementById('code-input').value = q;
      checkTyped(q);
    }
  }

  function init() {
    box = document.getElementById('verdict');
    document.getElementById('code-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var value = document.getElementById('code-input').value;
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', '?q=' + encodeURIComponent(value));
      }
      checkTyped(value);
    });
    window.addEventListener('hashchange', start);
    start();
  }

  window.shifanVerify = { decodeDigits: decodeDigits, parseToken: parseToken, damm: damm,
    checkCode: checkCode };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
