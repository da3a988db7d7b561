#!/usr/bin/env python3
"""Edit-to-reload latency of `yomu serve` (see bench/serve.sh).

Starts `yomu serve --port 0` on SITE, connects to its reload websocket like
a browser tab would, then N times: appends a marker to a file and measures
(a) file written -> websocket message, and (b) file written -> the new HTML
served. Prints p50/p95 per edit kind, the server's own rebuild time, and
the serve process's memory; exits 1 when the requirement is not met.
Standard library only: the websocket client is the few lines it needs.
"""
import argparse, base64, json, os, re, socket, struct, subprocess, sys, threading, time, urllib.request


def ws_connect(host, port, path="/__yomu/ws"):
    s = socket.create_connection((host, port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    if b" 101 " not in head.split(b"\r\n")[0]:
        sys.exit(f"websocket handshake failed: {head!r}")
    return s


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError("websocket closed")
        data += chunk
    return data


def ws_message(s):
    """The next text message (server frames are unmasked, unfragmented)."""
    while True:
        b0, b1 = recv_exact(s, 2)
        length = b1 & 0x7F
        if length == 126:
            length = struct.unpack(">H", recv_exact(s, 2))[0]
        elif length == 127:
            length = struct.unpack(">Q", recv_exact(s, 8))[0]
        payload = recv_exact(s, length)
        if b0 & 0x0F == 1:
            return json.loads(payload)


def wait_message(s, kinds, timeout=10):
    s.settimeout(timeout)
    while True:
        msg = ws_message(s)
        if msg["type"] in kinds:
            return msg


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8", "replace")


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def rss_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure(sock, base, path, url, edits, label, rebuilds):
    """N edits of PATH; URL must show each. Returns {name: [ms]}."""
    to_msg, to_html, server = [], [], []
    for i in range(edits):
        marker = f"yomu-bench-{label.replace(' ', '-')}-{i}-{time.time_ns()}"
        with open(path) as f:
            text = f.read()
        if path.endswith(".html"):
            text = text.replace("</body>", f"<!-- {marker} --></body>", 1)
        else:
            text += f"\n\n{marker}\n"
        seen = len(rebuilds)
        start = time.perf_counter()
        with open(path, "w") as f:
            f.write(text)
        msg = wait_message(sock, ("reload", "error"))
        to_msg.append((time.perf_counter() - start) * 1000)
        if msg["type"] == "error":
            sys.exit(f"{label}: the build failed: {msg}")
        # The page reloads only if the message names it (or names none).
        if msg.get("paths") is not None and url not in msg["paths"]:
            sys.exit(f"{label}: the reload message does not name {url}: {msg}")
        deadline = start + 10
        while marker not in fetch(base + url):
            if time.perf_counter() > deadline:
                sys.exit(f"{label}: {url} never showed the edit")
            time.sleep(0.002)
        to_html.append((time.perf_counter() - start) * 1000)
        time.sleep(0.3)
        # The server's own figure for the rebuild (debounce excluded).
        server.extend(rebuilds[seen:])
    for name, values in (("-> websocket message", to_msg), ("-> new HTML served", to_html),
                         ("server rebuild", server)):
        if values:
            print(f"{label:<14} {name:<22} p50 {pct(values, .5):7.1f} ms   "
                  f"p95 {pct(values, .95):7.1f} ms   (n={len(values)})")
    return {"message": to_msg, "html": to_html, "server": server}


def drain(stream, rebuilds):
    """Reads the server's output so its pipe never fills; keeps the times
    of its `rebuilt after N changes in X` lines."""
    units = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}
    for line in stream:
        m = re.search(r"rebuilt after .* in ([\d.]+)(ns|µs|us|ms|s):", line)
        if m:
            rebuilds.append(float(m.group(1)) * units[m.group(2)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yomu", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--page", required=True, help="content file to edit, relative to the site")
    ap.add_argument("--url", required=True, help="URL path of that page")
    ap.add_argument("--template", default="themes/default/templates/page.html")
    args = ap.parse_args()

    started = time.perf_counter()
    proc = subprocess.Popen([args.yomu, "--site", args.site, "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            m = re.search(r"serving at (http://([\d.]+):(\d+)/)", line)
            if m:
                break
        else:
            sys.exit("yomu serve did not start")
        print(f"first build and start: {(time.perf_counter() - started):.2f} s; "
              f"memory {rss_kb(proc.pid, 'VmRSS') / 1024:.0f} MB")
        rebuilds = []
        threading.Thread(target=drain, args=(proc.stdout, rebuilds), daemon=True).start()
        base, host, port = m.group(1), m.group(2), int(m.group(3))
        base = base.rstrip("/")
        sock = ws_connect(host, port)
        time.sleep(0.5)
        page = measure(sock, base, os.path.join(args.site, args.page), args.url, args.edits,
                       "page edit", rebuilds)
        template = os.path.join(args.site, args.template)
        if os.path.exists(template):
            measure(sock, base, template, args.url, max(5, args.edits // 4), "template edit",
                    rebuilds)
        rss, hwm = rss_kb(proc.pid, "VmRSS") / 1024, rss_kb(proc.pid, "VmHWM") / 1024
        print(f"serve process memory: {rss:.0f} MB now, {hwm:.0f} MB peak")
        p50, p95 = pct(page["message"], .5), pct(page["message"], .95)
        h50, h95 = pct(page["html"], .5), pct(page["html"], .95)
        ok = max(p50, h50) <= 100 and max(p95, h95) <= 250 and hwm <= 400
        print(f"requirement (page edit p50 <= 100 ms, p95 <= 250 ms; memory <= 400 MB): "
              f"{'met' if ok else 'NOT met'}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
