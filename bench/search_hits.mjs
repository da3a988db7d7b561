// Drives yomu's search client and Pagefind's in headless Chromium on one
// built site (bench/search.sh): bytes a first query downloads, and for a
// fixed query list the hits, how many of them contain the query (correct)
// and how many pages contain it at all; then the time from a keystroke in
// yomu's search box to its results shown, measured in the page. Node 20 with
// --experimental-websocket; no npm packages.
// Usage: node --experimental-websocket bench/search_hits.mjs SITE CHROMIUM
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { spawn } from "node:child_process";

const [site, chromium] = process.argv.slice(2);
// The corpus's language folders (gen_corpus.py sets no `path:`).
const FOLDER = { ja: "ja-JP", en: "en-US" };
const QUERIES = {
  ja: ["ドキュメント", "テンプレート", "設定ファイル", "変更履歴", "ミスキー", "キャッシュ"],
  en: ["templates", "configuration", "request", "cache", "misskey"],
};
// What a correct English result contains (the query's stem).
const NEEDLE = { templates: "template", configuration: "configur", request: "request", cache: "cache", misskey: "misskey" };

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
const server = http.createServer((req, res) => {
  let file = path.join(site, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (file.endsWith("/")) file += "index.html";
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bench-chromium-"));
const browser = spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"]);
const wsUrl = await new Promise((resolve) => {
  browser.stderr.on("data", (d) => { const m = /DevTools listening on (ws:\/\/\S+)/.exec(String(d)); if (m) resolve(m[1]); });
});
const port = new URL(wsUrl).port;
const pages = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(pages.find((p) => p.type === "page").webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener("open", r));
let nextId = 0;
const pending = new Map();
ws.addEventListener("message", (e) => {
  const msg = JSON.parse(e.data);
  if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
});
const send = (method, params = {}) => new Promise((resolve) => { const id = ++nextId; pending.set(id, resolve); ws.send(JSON.stringify({ id, method, params })); });
const evaluate = async (expression) => {
  const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  if (r.result.exceptionDetails) throw new Error(JSON.stringify(r.result.exceptionDetails));
  return r.result.result.value;
};
const open = async (url) => {
  await send("Page.navigate", { url });
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if ((await evaluate("location.href")) === url && (await evaluate("document.readyState")) === "complete") return;
  }
  throw new Error(`${url} did not load`);
};
await send("Page.enable");
await send("Network.setCacheDisabled", { cacheDisabled: true });

// Bytes of resources whose URL matches `re`, loaded so far (uncompressed).
const bytes = (re) => evaluate(`performance.getEntriesByType('resource').filter(e => ${re}.test(e.name)).reduce((n, e) => n + e.decodedBodySize, 0)`);
const YOMU = "/\\/search[./]/";
const PAGEFIND = "/\\/pagefind\\//";
const yomuScript = (lang) => `(async () => { const q = ${JSON.stringify(QUERIES[lang][0])}; document.querySelector('.search-button').click(); const i = document.querySelector('#yomu-search-input'); i.value = q; i.dispatchEvent(new Event('input')); for (let n = 0; n < 200 && document.querySelector('.search-dialog').dataset.query !== q; n++) await new Promise(r => setTimeout(r, 25)); })()`;
const pagefindFirst = (lang) => `(async () => { const pf = await import('/pagefind/pagefind.js'); await pf.options({}); const r = await pf.search(${JSON.stringify(QUERIES[lang][0])}); await Promise.all(r.results.slice(0, 10).map(x => x.data())); })()`;

// Pages (by URL) whose content (the <article>: no navigation, table of
// contents or pager; nor a folder page's list of its pages, which is
// navigation too) contains each query: the right answers.
const mainText = (html) => (/<article[\s\S]*<\/article>/.exec(html)?.[0] || "").replace(/<ul class="children">[\s\S]*?<\/ul>/, "").replace(/<[^>]+>/g, " ").normalize("NFKC").toLowerCase();
const texts = {};
for (const lang of ["ja", "en"]) {
  texts[lang] = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== "search" && entry.name !== "page") walk(full); }
      else if (entry.name === "index.html") texts[lang].set("/" + path.relative(site, dir).split(path.sep).join("/") + "/", mainText(fs.readFileSync(full, "utf8")));
    }
  };
  walk(path.join(site, FOLDER[lang]));
}
const normalize = (url) => new URL(url, origin).pathname.replace(/index\.html$/, "");

const rows = [];
for (const lang of ["ja", "en"]) {
  await open(`${origin}/${FOLDER[lang]}/`);
  await evaluate(yomuScript(lang));
  const yomuFirst = await bytes(YOMU);
  await open(`${origin}/${FOLDER[lang]}/`);
  await evaluate(pagefindFirst(lang));
  const pagefindFirstBytes = await bytes(PAGEFIND);
  console.log(`${lang}: first query ${JSON.stringify(QUERIES[lang][0])}: yomu ${yomuFirst} bytes (client script and stylesheet included), Pagefind ${pagefindFirstBytes} bytes (10 results' fragments included)`);
  for (const query of QUERIES[lang]) {
    const needle = (NEEDLE[query] || query).normalize("NFKC").toLowerCase();
    const relevant = [...texts[lang]].filter(([, text]) => text.includes(needle)).map(([url]) => url);
    const yomu = (await evaluate(`window.yomuSearch(${JSON.stringify(query + (lang === "en" ? " " : ""))})`)).map(normalize);
    const pagefind = (await evaluate(`(async () => { const pf = await import('/pagefind/pagefind.js'); const r = await pf.search(${JSON.stringify(query)}); return Promise.all(r.results.map(async x => (await x.data()).url)); })()`)).map(normalize);
    const score = (found) => { const set = new Set(found); const ok = relevant.filter((u) => set.has(u)).length; return `${found.length} hits, ${ok} correct, ${found.length - ok} wrong`; };
    if (process.env.SHOW_MISSED) console.log(query, "missed:", relevant.filter((u) => !yomu.includes(u)).slice(0, 5));
    rows.push(`| ${lang} | ${query} | ${relevant.length} | ${score(yomu)} | ${score(pagefind)} |`);
  }
}
console.log("\n| lang | query | pages containing it | yomu | Pagefind 1.6.0 extended |\n|---|---|---|---|---|\n" + rows.join("\n"));

// Keystroke to results shown, once the first query has loaded its shards:
// the first query is typed again a character at a time, five times over
// (cleared in between), and each keystroke is timed from its input event
// to the first animation frame that sees that query's results in the
// dialog, the frame that paints them (debounce included, as a reader
// feels it; frames come every 16.7 ms, which bounds the precision).
const keystrokes = (query) => `(async () => {
  const q = ${JSON.stringify(query)};
  const input = document.querySelector('#yomu-search-input');
  const dialog = document.querySelector('.search-dialog');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const shown = async (value) => { while (dialog.dataset.query !== value) await frame(); };
  const type = async (value) => { const t0 = performance.now(); input.value = value; input.dispatchEvent(new Event('input')); await shown(value); return performance.now() - t0; };
  const times = [];
  for (let round = 0; round < 6; round++) {
    await type('');
    for (let k = 1; k <= q.length; k++) { const ms = await type(q.slice(0, k)); if (round > 0) times.push(ms); }
  }
  return times;
})()`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const [lang, query] of [["ja", QUERIES.ja[0]], ["en", QUERIES.en[0]]]) {
  await open(`${origin}/${FOLDER[lang]}/`);
  await evaluate(yomuScript(lang));
  const times = await evaluate(keystrokes(query));
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${lang}: keystroke to results shown, typing ${JSON.stringify(query)} (${times.length} keystrokes): ` +
    `p50 ${median(times).toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} ms (the client's debounce included)`);
}
ws.close();
const exited = new Promise((r) => browser.on("exit", r));
browser.kill();
await exited;
server.close();
fs.rmSync(profile, { recursive: true, force: true });
