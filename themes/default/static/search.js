// yomu search: opens a dialog from the header's search button (or `/`,
// Ctrl/⌘-K) and queries the language's index, built by `yomu build` under
// search/<lang>/ (see src/search/). Matching is the same as
// src/search/query.rs: CJK and Thai runs as chains of character bigrams at
// consecutive positions (exact substrings), other words folded and mapped
// to the index's stems, the last word of the query as a prefix.
(() => {
  const button = document.querySelector(".search-button[data-index]");
  if (!button || !window.HTMLDialogElement) return;
  const indexUrl = new URL(button.dataset.index, location.href);
  const SHOWN = 10;
  // Short: a query over loaded shards takes a few milliseconds, so the
  // wait is what a reader feels (issue 15: results within 50 ms of a
  // keystroke); it still folds a burst of input events into one search.
  const DEBOUNCE_MS = 20;
  const HEADING = 2, CODE = 0;

  // The index format this script reads: "version" in meta.json
  // (src/search/shards.rs, INDEX_VERSION). A page older or newer than the
  // deployed index (a cached page after a deploy) says so, not misreads it.
  const INDEX_VERSION = 3;

  // --- the index files, fetched once each ---
  const files = new Map();
  const fetchJson = (name, init) => {
    if (!files.has(name)) {
      files.set(name, fetch(new URL(name, indexUrl), init).then((r) => {
        if (!r.ok) throw new Error(`${r.status} ${name}`);
        return r.json();
      }));
    }
    return files.get(name);
  };
  // Numbers packed as src/search/packed.rs writes them: base64url digits
  // of five bits each, the sixth bit meaning "more follows".
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const unpack = (text) => {
    const out = [];
    let n = 0, shift = 0;
    for (const ch of text) {
      const digit = DIGITS.indexOf(ch);
      n += (digit & 31) * 2 ** shift;
      if (digit & 32) shift += 5; else { out.push(n); n = 0; shift = 0; }
    }
    return out;
  };
  let metaPromise = null;
  // meta.json, with its packed lists unpacked: `pages` (sections per
  // page) and `chunks` (first section of each chunk, absolute).
  // meta.json keeps its name from build to build, and names the folder of
  // the others, which a new deploy replaces: it is revalidated with the
  // host on every page load, never taken from cache unasked.
  const meta = () => metaPromise ??= fetchJson(indexUrl.pathname.split("/").pop(), { cache: "no-cache" }).then((m) => {
    if (m.version !== INDEX_VERSION) throw new Error(`index version ${m.version}, expected ${INDEX_VERSION}`);
    let first = 0;
    const chunks = unpack(m.chunks).map((delta) => (first += delta));
    return { ...m, pages: unpack(m.pages), chunks };
  });

  // Code point order, as the index sorts (UTF-16 order differs above U+FFFF).
  const compare = (a, b) => {
    const x = [...a], y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  };
  // The range that holds `key`, given each range's start: the last one
  // starting at or before it.
  const rangeOf = (starts, key, cmp) => {
    let lo = 0, hi = starts.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(starts[mid], key) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  // Tokens equal to `token`, or starting with it when `prefix`: token →
  // its postings, one piece per shard that holds it.
  const lookup = async (m, token, prefix) => {
    let first = rangeOf(m.tokens, token, compare);
    // A token split over several shards starts each of them.
    while (first > 0 && m.tokens[first] === token && m.tokens[first - 1] === token) first--;
    let last = first;
    while (last + 1 < m.tokens.length && m.tokens[last + 1] === token) last++;
    while (prefix && last + 1 < m.tokens.length && m.tokens[last + 1].startsWith(token)) last++;
    const found = new Map();
    for (let i = first; i <= last; i++) {
      const shard = await fetchJson(`${m.files}t${i}.json`);
      for (const [name, list] of Object.entries(shard)) {
        if (prefix ? name.startsWith(token) : name === token) found.set(name, [...(found.get(name) || []), list]);
      }
    }
    return found;
  };
  // Packed [section delta, count, position deltas…]… → Map(section →
  // positions).
  const decode = (packed, into) => {
    const list = unpack(packed);
    let section = 0;
    for (let i = 0; i + 1 < list.length;) {
      section += list[i];
      const count = list[i + 1];
      const positions = into.get(section) || [];
      let p = 0;
      for (let j = 0; j < count; j++) { p += list[i + 2 + j]; positions.push(p); }
      into.set(section, positions);
      i += 2 + count;
    }
    return into;
  };

  // --- tokenizing, as src/search/tokenize.rs ---
  const UNSPACED = /[\u0E00-\u0E7F\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF\u3005-\u3007\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
  const WORD = /[\p{Alphabetic}\p{N}]/u;
  const MARKS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g;
  const fold = (word) => word.normalize("NFD").replace(MARKS, "").toLowerCase();
  // Tokens of one query part: {text, pos, word (folded, for words), single}.
  const tokenize = (text) => {
    const out = [];
    let pos = 0, word = "", run = [];
    const flushWord = () => {
      if (word) out.push({ text: fold(word), pos: pos++, word: true });
      word = "";
    };
    const flushRun = () => {
      if (run.length === 1) out.push({ text: run[0], pos, single: true });
      for (let i = 0; i + 1 < run.length; i++) out.push({ text: run[i] + run[i + 1], pos: pos + i });
      pos += run.length;
      run = [];
    };
    for (const c of text.normalize("NFKC")) {
      if (UNSPACED.test(c)) { flushWord(); run.push(c); }
      else if (WORD.test(c)) { flushRun(); word += c; }
      else { flushWord(); flushRun(); }
    }
    flushWord();
    flushRun();
    return out;
  };
  // The query's terms: quoted phrases and space-separated parts.
  const parse = (query) => {
    const typing = !/\s$/.test(query) && (query.split('"').length % 2 === 1);
    const parts = [];
    query.split('"').forEach((piece, i) => {
      if (i % 2) parts.push(piece); else parts.push(...piece.split(/\s+/).filter(Boolean));
    });
    const lastIsWord = !query.trimEnd().endsWith('"');
    return parts.map((part, i) => ({
      tokens: tokenize(part),
      prefix: typing && lastIsWord && i === parts.length - 1,
    })).filter((t) => t.tokens.length);
  };
  // A word's stem: the longest of it and its forms under the site's rules
  // that the index has (see `stem_of` in query.rs).
  const stemOf = async (m, word) => {
    const candidates = [word];
    for (const [from, to] of m.rules) if (word.endsWith(from)) candidates.push(word.slice(0, word.length - from.length) + to);
    let best = null;
    for (const c of candidates) {
      if ((await lookup(m, c, false)).has(c) && (!best || [...c].length > [...best].length || ([...c].length === [...best].length && c < best))) best = c;
    }
    return best;
  };
  // Section → positions of everything one query token may be.
  const postingsOf = async (m, token, isLast, prefix) => {
    const at = new Map();
    let names = [];
    if (token.single) names = [...(await lookup(m, token.text, true)).keys()];
    else if (token.word) {
      const stem = await stemOf(m, token.text);
      if (stem) names.push(stem);
      if (prefix && isLast) names.push(...(await lookup(m, token.text, true)).keys());
    } else names = [token.text];
    for (const name of new Set(names)) {
      const found = await lookup(m, name, false);
      for (const piece of found.get(name) || []) decode(piece, at);
    }
    return { offset: token.pos, at, mark: token.word ? names[0] || token.text : token.text };
  };
  // Section → [weighted count, best field] where the term's tokens line up.
  const matchTerm = (tokens) => {
    const [first, ...rest] = tokens;
    const out = new Map();
    for (const [section, positions] of first.at) {
      let tf = 0, best = -1;
      for (const encoded of positions) {
        const pos = Math.floor(encoded / 4), field = encoded % 4;
        const all = rest.every((t) => (t.at.get(section) || []).some((p) => Math.floor(p / 4) === pos + t.offset - first.offset));
        if (all) { tf += field === CODE ? 0.5 : 1; best = Math.max(best, field); }
      }
      if (best >= 0) out.set(section, [tf, best]);
    }
    return out;
  };

  // Lexicographic order of two equally long arrays of numbers.
  const greater = (a, b) => {
    const i = a.findIndex((v, j) => v !== b[j]);
    return i >= 0 && a[i] > b[i];
  };
  // Pages, best first: {section, tier, score}; the same ranking as query.rs.
  const search = async (query) => {
    const m = await meta();
    const terms = parse(query);
    if (!terms.length) return { hits: [], marks: [] };
    const pageOf = [];
    m.pages.forEach((count, page) => { for (let i = 0; i < count; i++) pageOf.push(page); });
    const marks = [];
    const matched = [];
    for (const term of terms) {
      const tokens = term.tokens;
      const resolved = [];
      for (const [j, t] of tokens.entries()) resolved.push(await postingsOf(m, t, j === tokens.length - 1, term.prefix));
      matched.push(matchTerm(resolved));
      marks.push(...resolved.filter((r, j) => tokens[j].word || tokens[j].single).map((r) => r.mark));
      const runs = term.tokens.filter((t) => !t.word && !t.single);
      if (runs.length) marks.push(runs.map((t, j) => (j ? t.text.slice(-1) : t.text)).join(""));
    }
    const pages = new Map();
    matched.forEach((sections, t) => {
      const df = sections.size;
      const idf = Math.log(1 + (m.sections - df + 0.5) / (df + 0.5));
      const seen = new Set();
      for (const [section, [tf, field]] of sections) {
        const page = pageOf[section];
        const entry = pages.get(page) || { terms: 0, sections: new Map() };
        pages.set(page, entry);
        if (!seen.has(page) && entry.terms === t) entry.terms++;
        seen.add(page);
        const s = entry.sections.get(section) || [0, 0, 0];
        s[0]++; s[1] += idf * tf * 2.2 / (tf + 1.2); s[2] = Math.max(s[2], field);
        entry.sections.set(section, s);
      }
    });
    const hits = [];
    for (const [page, { terms: count, sections }] of pages) {
      if (count !== terms.length) continue;
      let best = null, tier = 0, score = 0;
      for (const [section, s] of sections) {
        tier = Math.max(tier, s[2]);
        score += s[1];
        // The section to link: a title match alone is the page top.
        const key = [s[0], Math.min(s[2], HEADING), s[1], -section];
        if (!best || greater(key, best.key)) best = { section, key };
      }
      hits.push({ page, section: best.section, tier, score });
    }
    hits.sort((a, b) => b.tier - a.tier || b.score - a.score || a.page - b.page);
    return { hits, marks };
  };

  // The stored text of a section: [url, title, heading, anchor, text, notice].
  // A chunk holds its sections by page: [url, title, notice, [heading, anchor, text]…].
  const sectionRecord = async (m, section) => {
    const i = rangeOf(m.chunks, section, (a, b) => a - b);
    let at = section - m.chunks[i];
    for (const [url, title, notice, ...sections] of await fetchJson(`${m.files}d${i}.json`)) {
      if (at < sections.length) return [url, title, ...sections[at], notice];
      at -= sections.length;
    }
  };

  // For tools and benchmarks (bench/search_hits.mjs): every hit's page URL.
  window.yomuSearch = async (query) => {
    const m = await meta();
    const { hits } = await search(query);
    return Promise.all(hits.map(async (hit) => (await sectionRecord(m, hit.section))[0]));
  };

  // --- the dialog ---
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  // `text` around the first match, with every match in <mark>.
  const excerpt = (text, marks) => {
    const chars = [...text];
    let folded = "";
    const origin = [];
    [...text].forEach((c, i) => { for (const f of fold(c)) { folded += f; origin.push(i); } });
    const found = [];
    for (const mark of marks.map(fold).filter(Boolean)) {
      // A word's stem is marked to the end of the word (server → servers).
      const word = !UNSPACED.test([...mark].pop());
      for (let at = folded.indexOf(mark); at >= 0; at = folded.indexOf(mark, at + 1)) {
        let to = origin[at + mark.length - 1] + 1;
        while (word && to < chars.length && WORD.test(chars[to]) && !UNSPACED.test(chars[to])) to++;
        found.push([origin[at], to]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const start = found.length ? Math.max(0, found[0][0] - 40) : 0;
    const end = Math.min(chars.length, start + 160);
    const p = el("p", { className: "search-excerpt" });
    if (start > 0) p.append("…");
    let at = start;
    for (const [from, to] of found) {
      if (from < at || from >= end) continue;
      p.append(chars.slice(at, from).join(""), el("mark", {}, chars.slice(from, Math.min(to, end)).join("")));
      at = Math.min(to, end);
    }
    p.append(chars.slice(at, end).join(""));
    if (end < chars.length) p.append("…");
    return p;
  };

  let dialog, input, status, list;
  const build = () => {
    const d = button.dataset;
    input = el("input", { type: "search", id: "yomu-search-input", autocomplete: "off", spellcheck: false });
    status = el("p", { className: "search-status", role: "status" });
    list = el("ul", { className: "search-results", id: "yomu-search-results" });
    const close = el("button", { type: "button", className: "search-close" }, d.close);
    close.addEventListener("click", () => dialog.close());
    dialog = el("dialog", { className: "search-dialog" },
      el("div", { className: "search-bar" },
        el("label", { htmlFor: "yomu-search-input", id: "yomu-search-label" }, d.label), close),
      input, status, list);
    dialog.setAttribute("aria-labelledby", "yomu-search-label");
    dialog.addEventListener("close", () => button.focus());
    dialog.addEventListener("click", (e) => { if (e.target === dialog) dialog.close(); });
    let timer, latest = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => show(input.value, ++latest, () => latest), DEBOUNCE_MS);
    });
    dialog.addEventListener("keydown", onKey);
    document.body.append(dialog);
  };
  const show = async (query, id, latest) => {
    try {
      const m = await meta();
      const { hits, marks } = await search(query);
      const items = [];
      for (const hit of hits.slice(0, SHOWN)) {
        const [url, title, heading, anchor, text, notice] = await sectionRecord(m, hit.section);
        const link = el("a", { href: anchor ? `${url}#${anchor}` : url },
          el("span", { className: "search-title" }, title));
        if (heading && heading !== title) link.append(el("span", { className: "search-heading" }, heading));
        if (notice) link.append(el("span", { className: "search-notice" }, notice));
        link.append(excerpt(text, marks));
        items.push(el("li", {}, link));
      }
      if (id !== latest()) return;
      list.replaceChildren(...items);
      const d = button.dataset;
      status.textContent = !query.trim() ? "" : hits.length ? d.count.replace("{count}", hits.length) : d.empty;
      dialog.dataset.query = query;
    } catch (err) {
      // A reader can act on "reload"; the cause is for whoever debugs it.
      console.error("yomu search:", err);
      list.replaceChildren();
      // A theme's own button from before `data-failed` shows the cause.
      status.textContent = button.dataset.failed ?? String(err);
    }
  };
  const onKey = (e) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (e.key === "Escape") {
      // Also when the browser would not cancel (no user activation yet).
      e.preventDefault();
      dialog.close();
    } else if (e.key === "ArrowDown" && links.length) {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (e.key === "Enter" && e.target === input && links.length) {
      e.preventDefault();
      links[0].click();
    }
  };
  const open = () => {
    if (!dialog) build();
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  };

  button.setAttribute("role", "button");
  button.setAttribute("aria-haspopup", "dialog");
  button.addEventListener("click", (e) => { e.preventDefault(); open(); });
  document.addEventListener("keydown", (e) => {
    const typing = e.target.closest?.("input, textarea, select, [contenteditable]");
    if ((e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) ||
         (e.key?.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      open();
    }
  });
})();
