/* jieshui offline search.
 *
 * Loads the index that `search: true` writes (search/manifest.js, search/t-N.js, search/d-N.js)
 * with <script> elements, never fetch/XHR, so it works over http(s), under a subpath, with
 * relative URLs and from file://. Results are built with DOM APIs and textContent only.
 * Tokenisation mirrors src/search/tokenize.rs and the format src/search/mod.rs: change them
 * together.
 */
(function () {
  'use strict';

  var FORMAT = 1;
  var ALPHABET = "#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}";
  var HALF = 45;
  var MAX_WORD_CHARS = 40;
  var PAGE = 10;
  var TITLE_WEIGHT = 6;
  var BODY_WEIGHT = [0, 1, 1.5, 2];
  var EXCERPT_BEFORE = 30;
  var EXCERPT_LENGTH = 140;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

  var DIGITS = new Int8Array(128).fill(-1);
  for (var d = 0; d < ALPHABET.length; d++) DIGITS[ALPHABET.charCodeAt(d)] = d;

  var hasOwn = Object.prototype.hasOwnProperty;

  /* The index lies beside this script (search.js and search/ are both at the output root);
     pages are found from the page's data-search-root link, which may differ (elder mode). */
  var scriptUrl = document.currentScript ? document.currentScript.src : '';

  /* ---------- the index registry: every index file calls add(kind, n, data) ---------- */

  var store = { m: null, t: [], d: [] };
  var loading = {};

  window.__jieshuiSearch = {
    add: function (kind, n, data) {
      if (kind === 'm') store.m = data;
      else if (kind === 't') store.t[n] = data;
      else if (kind === 'd') store.d[n] = data;
    }
  };

  function loadScript(url, key, isLoaded) {
    if (isLoaded()) return Promise.resolve();
    if (loading[key]) return loading[key];
    loading[key] = new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = url;
      s.async = true;
      s.onload = function () {
        if (isLoaded()) resolve();
        else reject(new Error('index file did not register: ' + url));
      };
      s.onerror = function () {
        delete loading[key];
        reject(new Error('cannot load ' + url));
      };
      document.head.appendChild(s);
    });
    return loading[key];
  }

  /* ---------- tokens, as in src/search/tokenize.rs ---------- */

  function isGram(u) {
    return (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x1100 && (
      u === 0x3007 || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0xF900 && u <= 0xFAFF) ||
      (u >= 0x20000 && u <= 0x3134F) || (u >= 0x3040 && u <= 0x30FF) ||
      (u >= 0x31F0 && u <= 0x31FF) || (u >= 0xFF66 && u <= 0xFF9D) ||
      (u >= 0x1100 && u <= 0x11FF) || (u >= 0x3130 && u <= 0x318F) ||
      (u >= 0xAC00 && u <= 0xD7AF)));
  }

  /* One character in, one character of the same UTF-16 length out, so positions agree. */
  function normalize(ch) {
    var u = ch.codePointAt(0);
    if (u >= 0xFF01 && u <= 0xFF5E) ch = String.fromCharCode(u - 0xFEE0);
    else if (u === 0x3000) ch = ' ';
    var lower = ch.toLowerCase();
    return lower.length === ch.length && Array.from(lower).length === 1 ? lower : ch;
  }

  function isWordChar(ch) {
    return !isGram(ch.codePointAt(0)) && WORD_CHAR.test(ch);
  }

  /* The query's pieces: CJK runs and words, normalised. */
  function pieces(query) {
    var out = [];
    var run = '';
    var runKind = null;
    function flush() {
      if (run && (runKind === 'gram' || Array.from(run).length <= MAX_WORD_CHARS)) {
        out.push({ kind: runKind, text: run });
      }
      run = '';
      runKind = null;
    }
    Array.from(query).forEach(function (raw) {
      var ch = normalize(raw);
      var kind = isGram(ch.codePointAt(0)) ? 'gram' : isWordChar(ch) ? 'word' : null;
      if (kind !== runKind) flush();
      if (kind) {
        run += ch;
        runKind = kind;
      }
    });
    flush();
    return out;
  }

  /* Terms to look up: a lone CJK character, the bigrams of a longer run, each word. */
  function termsOf(parts) {
    var terms = [];
    parts.forEach(function (p) {
      if (p.kind === 'word') {
        terms.push(p.text);
        return;
      }
      var chars = Array.from(p.text);
      if (chars.length === 1) terms.push(chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
    });
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }

  /* ---------- the index format, as in src/search/encode.rs and shards.rs ---------- */

  var encoder = new TextEncoder();

  function termHash(term) {
    var bytes = encoder.encode(term);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    return h >>> 0;
  }

  function varints(s) {
    var out = [];
    var acc = 0;
    var mul = 1;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var dg = c < 128 ? DIGITS[c] : -1;
      if (dg < 0) throw new Error('bad index data');
      if (dg >= HALF) {
        acc += (dg - HALF) * mul;
        mul *= HALF;
      } else {
        out.push(acc + dg * mul);
        acc = 0;
        mul = 1;
      }
    }
    return out;
  }

  function readManifest(m) {
    if (!m || m.v !== FORMAT) throw new Error('search index format ' + (m && m.v));
    var nums = varints(m.termShards);
    var lo = [];
    var hi = [];
    var prev = 0;
    for (var i = 0; i + 1 < nums.length; i += 2) {
      lo.push(prev + nums[i]);
      prev = prev + nums[i] + nums[i + 1];
      hi.push(prev);
    }
    var starts = [];
    var first = 0;
    varints(m.docShards).forEach(function (n) {
      starts.push(first);
      first += n;
    });
    return { id: m.id, docs: m.docs, lo: lo, hi: hi, starts: starts };
  }

  function termShards(index, h) {
    var a = 0;
    var b = index.hi.length;
    while (a < b) {
      var mid = (a + b) >> 1;
      if (index.hi[mid] < h) a = mid + 1;
      else b = mid;
    }
    var out = [];
    for (var i = a; i < index.lo.length && index.lo[i] <= h; i++) out.push(i);
    return out;
  }

  function docShard(index, id) {
    var a = 0;
    var b = index.starts.length - 1;
    while (a < b) {
      var mid = (a + b + 1) >> 1;
      if (index.starts[mid] <= id) a = mid;
      else b = mid - 1;
    }
    return a;
  }

  /* ---------- the page ---------- */

  function start(page) {
    var rootLink = page.querySelector('a[data-search-root]');
    var form = page.querySelector('form');
    var input = page.querySelector('input[name="q"]');
    var status = page.querySelector('.search-status');
    var list = page.querySelector('.search-results');
    var more = page.querySelector('.search-more');
    if (!rootLink || !form || !input || !status || !list) return;

    /* In relative mode url(path="") became a relative path ending in index.html. */
    var rawRoot = rootLink.getAttribute('href') || '';
    var root = rootLink.href.replace(/[?#].*$/, '').replace(/index\.html$/, '');
    var indexHtml = /(^|\/)index\.html$/.test(rawRoot) || location.protocol === 'file:';
    var indexRoot = scriptUrl ? scriptUrl.replace(/[?#].*$/, '').replace(/[^\/]*$/, '') : root;

    var index = null;
    var seq = 0;
    var ranked = [];
    var shown = 0;
    var current = null;

    function fileUrl(name, version) {
      return indexRoot + 'search/' + name + (version ? '?v=' + encodeURIComponent(version) : '');
    }

    function pageUrl(path) {
      var url = root + path.replace(/^\/+/, '');
      return indexHtml && /\/$/.test(url) ? url + 'index.html' : url;
    }

    function ensureIndex() {
      if (index) return Promise.resolve(index);
      return loadScript(fileUrl('manifest.js', String(Date.now())), 'm', function () {
        return store.m !== null;
      }).then(function () {
        index = readManifest(store.m);
        return index;
      });
    }

    function loadTermShard(i) {
      return loadScript(fileUrl('t-' + i + '.js', index.id), 't' + i, function () {
        return store.t[i] !== undefined;
      });
    }

    function loadDocShard(i) {
      return loadScript(fileUrl('d-' + i + '.js', index.id), 'd' + i, function () {
        return store.d[i] !== undefined;
      });
    }

    function setStatus(text) {
      status.textContent = text;
    }

    function run(query, push) {
      var my = ++seq;
      var parts = pieces(query);
      var terms = termsOf(parts);
      if (push) remember(query);
      list.textContent = '';
      if (more) more.hidden = true;
      ranked = [];
      shown = 0;
      if (!terms.length) {
        setStatus(query.trim() ? '没有找到与“' + query.trim() + '”相关的内容。' : '');
        return;
      }
      setStatus('正在搜索…');
      ensureIndex().then(function (ix) {
        var need = {};
        var where = terms.map(function (t) {
          var shards = termShards(ix, termHash(t));
          shards.forEach(function (i) { need[i] = true; });
          return shards;
        });
        return Promise.all(Object.keys(need).map(function (i) {
          return loadTermShard(Number(i));
        })).then(function () {
          if (my !== seq) return;
          ranked = rank(ix, terms, where);
          current = { query: query.trim(), parts: parts, terms: terms };
          if (!ranked.length) {
            setStatus('没有找到与“' + query.trim() + '”相关的内容。');
            return;
          }
          return showMore(my);
        });
      }).catch(function (e) {
        if (my !== seq) return;
        setStatus('搜索索引加载失败，请稍后重试。');
        if (window.console) console.error(e);
      });
    }

    function rank(ix, terms, where) {
      var scores = new Map();
      terms.forEach(function (t, k) {
        var postings = '';
        where[k].forEach(function (i) {
          var shard = store.t[i];
          if (shard && hasOwn.call(shard, t)) postings += shard[t];
        });
        if (!postings) return;
        var nums = varints(postings);
        var idf = Math.log(1 + ix.docs / nums.length);
        var next = 0;
        nums.forEach(function (v) {
          var id = next + Math.floor(v / 7);
          var w = (v % 7) + 1;
          next = id + 1;
          var s = scores.get(id);
          if (!s) {
            s = { id: id, hits: 0, score: 0 };
            scores.set(id, s);
          }
          s.hits += 1;
          s.score += idf * ((w & 4 ? TITLE_WEIGHT : 0) + BODY_WEIGHT[w & 3]);
        });
      });
      var minHits = Math.max(1, Math.ceil(terms.length / 2));
      return Array.from(scores.values())
        .filter(function (s) { return s.hits >= minHits; })
        .sort(function (a, b) {
          return b.hits - a.hits || b.score - a.score || a.id - b.id;
        });
    }

    function showMore(my) {
      var batch = ranked.slice(shown, shown + PAGE);
      var need = {};
      batch.forEach(function (r) { need[docShard(index, r.id)] = true; });
      return Promise.all(Object.keys(need).map(function (i) {
        return loadDocShard(Number(i));
      })).then(function () {
        if (my !== seq) return;
        batch.forEach(function (r) {
          var shard = docShard(index, r.id);
          var entry = (store.d[shard] || [])[r.id - index.starts[shard]];
          if (entry) list.appendChild(result(entry, current));
        });
        shown += batch.length;
        setStatus('找到 ' + ranked.length + ' 个结果' +
          (shown < ranked.length ? '，显示前 ' + shown + ' 个。' : '。'));
        if (more) more.hidden = shown >= ranked.length;
      });
    }

    function remember(query) {
      try {
        var url = new URL(location.href);
        if (query) url.searchParams.set('q', query);
        else url.searchParams.delete('q');
        history.replaceState(null, '', url.href);
      } catch (e) {
        /* file:// in some browsers: keep the address as it is */
      }
    }

    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value, true); }, 200);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run(input.value, true);
    });
    if (more) {
      more.addEventListener('click', function () {
        showMore(seq).catch(function () { setStatus('搜索索引加载失败，请稍后重试。'); });
      });
    }

    var initial = new URLSearchParams(location.search).get('q') || '';
    if (initial) {
      input.value = initial;
      run(initial, false);
    }

    /* ---------- one result, with DOM APIs only ---------- */

    function result(entry, q) {
      var path = String(entry[0]);
      var li = document.createElement('li');
      li.className = 'search-result';
      var a = document.createElement('a');
      a.className = 'search-result-title';
      a.setAttribute('href', pageUrl(path));
      marked(a, String(entry[1] || path), q.parts, 0, Infinity);
      var h = document.createElement('h2');
      h.appendChild(a);
      li.appendChild(h);
      var meta = document.createElement('p');
      meta.className = 'search-result-meta';
      var url = document.createElement('span');
      url.className = 'search-result-url';
      url.textContent = decodePath(path);
      meta.appendChild(url);
      if (entry[2]) {
        var section = document.createElement('span');
        section.className = 'search-result-section';
        section.textContent = String(entry[2]);
        meta.appendChild(section);
      }
      if (entry[3]) {
        var time = document.createElement('time');
        time.setAttribute('datetime', String(entry[3]));
        time.textContent = String(entry[3]);
        meta.appendChild(time);
      }
      li.appendChild(meta);
      var text = String(entry[4] || '');
      if (text) {
        var p = document.createElement('p');
        p.className = 'search-result-excerpt';
        excerpt(p, text, q.parts);
        li.appendChild(p);
      }
      return li;
    }
  }

  function decodePath(path) {
    try {
      return decodeURI(path);
    } catch (e) {
      return path;
    }
  }

  /* The strings to highlight: bigrams of CJK runs (or the lone character), and words. */
  function needles(parts) {
    var out = [];
    parts.forEach(function (p) {
      var chars = Array.from(p.text);
      if (p.kind === 'word' || chars.length === 1) out.push({ text: p.text, word: p.kind === 'word' });
      else for (var i = 0; i + 1 < chars.length; i++) out.push({ text: chars[i] + chars[i + 1], word: false });
    });
    return out;
  }

  function normalized(text) {
    return Array.from(text).map(normalize).join('');
  }

  /* Highlighted ranges of `text` (UTF-16 offsets), merged and sorted. */
  function matches(text, parts) {
    var norm = normalized(text);
    var ranges = [];
    needles(parts).forEach(function (n) {
      var from = 0;
      for (;;) {
        var at = norm.indexOf(n.text, from);
        if (at < 0) break;
        from = at + 1;
        var end = at + n.text.length;
        if (n.word && (isWordChar(charBefore(norm, at)) || isWordChar(charAt(norm, end)))) continue;
        ranges.push([at, end]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return { norm: norm, ranges: merged };
  }

  function charAt(s, i) {
    return i < s.length ? String.fromCodePoint(s.codePointAt(i)) : ' ';
  }

  function charBefore(s, i) {
    if (i <= 0) return ' ';
    var lowSurrogate = i >= 2 && /[\uDC00-\uDFFF]/.test(s[i - 1]);
    return String.fromCodePoint(s.codePointAt(i - (lowSurrogate ? 2 : 1)));
  }

  /* Appends text[from..to] to `el`, with <mark> around the query's matches. */
  function marked(el, text, parts, from, to) {
    var m = matches(text, parts);
    appendRanges(el, text, m.ranges, from, Math.min(to, text.length));
  }

  function appendRanges(el, text, ranges, from, to) {
    var pos = from;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], from);
      var b = Math.min(r[1], to);
      if (a >= b) return;
      if (a > pos) el.appendChild(document.createTextNode(text.slice(pos, a)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(a, b);
      el.appendChild(mark);
      pos = b;
    });
    if (pos < to) el.appendChild(document.createTextNode(text.slice(pos, to)));
  }

  /* A window of the text around the first match of the whole query (or of any of its
     terms), with the matches marked. */
  function excerpt(el, text, parts) {
    var m = matches(text, parts);
    var anchor = -1;
    parts.forEach(function (p) {
      var at = m.norm.indexOf(p.text);
      if (at >= 0 && (anchor < 0 || at < anchor)) anchor = at;
    });
    if (anchor < 0 && m.ranges.length) anchor = m.ranges[0][0];
    var from = Math.max(0, anchor - EXCERPT_BEFORE);
    /* Start after a nearby sentence or clause break rather than mid-phrase. */
    if (from > 0) {
      var cut = text.slice(from, Math.max(from, anchor)).search(/[。！？；，、.!?;,\s][^。！？；，、.!?;,\s]/);
      if (cut >= 0) from += cut + 1;
    }
    var to = Math.min(text.length, from + EXCERPT_LENGTH);
    if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from])) from--;
    if (to < text.length && /[\uDC00-\uDFFF]/.test(text[to])) to++;
    if (from > 0) el.appendChild(document.createTextNode('…'));
    appendRanges(el, text, m.ranges, from, to);
    if (to < text.length) el.appendChild(document.createTextNode('…'));
  }

  function init() {
    var page = document.querySelector('[data-jieshui-search]');
    if (page) start(page);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
