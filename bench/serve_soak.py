#!/usr/bin/env python3
"""Serve soak (see bench/harden.sh): `yomu serve` under load while its pages
are edited, broken and fixed.

Starts `yomu serve --port 0` on SITE. For SECONDS, 50 HTTP clients GET the
site's pages and 20 websocket clients hold /__yomu/ws open (reconnecting
when closed), all on 127.0.0.1, while one editor saves pages every 0.25 s:
plain edits, an unclosed container, and a page that once crashed yomu,
each broken page fixed on a later save. Every loop stops by itself at the
deadline. Then it checks that serve still follows edits, and prints:
panics (Rust panic text on the server's output, or the process dying),
hangs (requests or handshakes with no answer in 10 s), errors (5xx,
connection errors, failed handshakes), and the serve process's RSS growth.
Exits 1 unless panics, hangs and errors are all 0.
Standard library only.
"""
import argparse, base64, collections, http.client, os, random, re, socket, struct, subprocess
import sys, threading, time

TIMEOUT = 10
CRASH_PAGE = ">,\n>  {}\n>-\n"
UNCLOSED = "# Broken\n\n:::tip\nnever closed\n"


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.c = collections.Counter()
        self.samples = collections.defaultdict(list)

    def add(self, key, n=1, sample=None):
        with self.lock:
            self.c[key] += n
            if sample is not None and len(self.samples[key]) < 5:
                self.samples[key].append(sample)


def rss_mb(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def url_of(rel):
    # content/en-US/docs/01.section-1/03.page-3.md -> /en-US/docs/section-1/page-3/
    path = re.sub(r"/[0-9]+\.", "/", "/" + rel[len("content/"):])
    path = re.sub(r"(/index|/_index)?\.md$", "/", path)
    return path


def http_client(host, port, urls, deadline, counts):
    while time.monotonic() < deadline:
        url = random.choice(urls)
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        try:
            conn.request("GET", url, headers={"Host": f"127.0.0.1:{port}"})
            resp = conn.getresponse()
            resp.read()
            counts.add("requests")
            if resp.status >= 500:
                counts.add("http 5xx", sample=f"{resp.status} {url}")
            elif resp.status != 200:
                counts.add(f"http {resp.status} (not an error)")
        except socket.timeout:
            counts.add("hung requests", sample=url)
        except OSError as e:
            counts.add("connection errors", sample=f"{url}: {e}")
        except http.client.HTTPException as e:
            counts.add("connection errors", sample=f"{url}: {e!r}")
        finally:
            conn.close()


def ws_connect(host, port):
    s = socket.create_connection((host, port), timeout=TIMEOUT)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /__yomu/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Origin: http://127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    status = head.split(b"\r\n")[0]
    if b" 101 " not in status:
        s.close()
        raise ConnectionError(f"handshake refused: {status!r}")
    return s


def ws_frames(s):
    """Yields (opcode, payload) of server frames (unmasked)."""
    buf = b""

    def need(n):
        nonlocal buf
        while len(buf) < n:
            chunk = s.recv(65536)
            if not chunk:
                raise ConnectionError("websocket closed")
            buf += chunk

    while True:
        need(2)
        b0, b1 = buf[0], buf[1]
        length, at = b1 & 0x7F, 2
        if length == 126:
            need(4)
            length, at = struct.unpack(">H", buf[2:4])[0], 4
        elif length == 127:
            need(10)
            length, at = struct.unpack(">Q", buf[2:10])[0], 10
        need(at + length)
        payload, buf = buf[at:at + length], buf[at + length:]
        yield b0 & 0x0F, payload


def ws_client(host, port, deadline, counts):
    while time.monotonic() < deadline:
        try:
            s = ws_connect(host, port)
        except socket.timeout:
            counts.add("hung websocket handshakes")
            continue
        except OSError as e:
            counts.add("websocket errors", sample=str(e))
            time.sleep(0.2)
            continue
        counts.add("websocket connections")
        # Short reads, so the loop sees the deadline; silence is not a hang.
        s.settimeout(1)
        try:
            frames = ws_frames(s)
            while time.monotonic() < deadline:
                try:
                    opcode, payload = next(frames)
                except socket.timeout:
                    frames = ws_frames(s)
                    continue
                if opcode == 1:
                    kind = re.search(rb'"type"\s*:\s*"(\w+)"', payload)
                    counts.add(f"ws '{kind.group(1).decode() if kind else '?'}' messages")
                elif opcode == 8:
                    counts.add("websocket closed by the server (not an error)")
                    break
        except OSError as e:
            counts.add("websocket errors", sample=str(e))
        finally:
            s.close()


def editor(site, pages, deadline, counts):
    """Saves pages until the deadline; a broken page is fixed 1-3 saves later."""
    originals = {}
    broken = []
    i = 0
    while time.monotonic() < deadline:
        i += 1
        rel = random.choice(pages)
        path = os.path.join(site, rel)
        originals.setdefault(rel, open(path, encoding="utf-8").read())
        if broken and (i % 3 == 0 or len(broken) > 2):
            fix = broken.pop(0)
            with open(os.path.join(site, fix), "w", encoding="utf-8") as f:
                f.write(originals[fix] + f"\n\nfixed {i}\n")
            counts.add("fixes")
        elif i % 7 == 0:
            with open(path, "w", encoding="utf-8") as f:
                f.write(CRASH_PAGE)
            broken.append(rel)
            counts.add("saves of the crash page")
        elif i % 5 == 0:
            with open(path, "w", encoding="utf-8") as f:
                f.write(UNCLOSED)
            broken.append(rel)
            counts.add("saves with an unclosed container")
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(originals[rel] + f"\n\nsoak edit {i}\n")
            counts.add("plain edits")
        time.sleep(0.25)
    for rel, text in originals.items():
        with open(os.path.join(site, rel), "w", encoding="utf-8") as f:
            f.write(text)


def drain(stream, lines):
    for line in stream:
        lines.append(line)


def still_follows_edits(site, host, port, rel):
    """After the soak, a save must show up: serve did not stop rebuilding."""
    marker = f"soak-final-{time.time_ns()}"
    path = os.path.join(site, rel)
    text = open(path, encoding="utf-8").read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + f"\n\n{marker}\n")
    url = url_of(rel)
    end = time.monotonic() + 20
    try:
        while time.monotonic() < end:
            conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
            try:
                conn.request("GET", url, headers={"Host": f"127.0.0.1:{port}"})
                if marker in conn.getresponse().read().decode("utf-8", "replace"):
                    return True
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.2)
        return False
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yomu", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--http-clients", type=int, default=50)
    ap.add_argument("--ws-clients", type=int, default=20)
    args = ap.parse_args()

    pages = sorted(os.path.relpath(os.path.join(d, f), args.site)
                   for d, _, fs in os.walk(os.path.join(args.site, "content"))
                   for f in fs if f.endswith(".md"))
    urls = sorted({url_of(p) for p in pages})
    proc = subprocess.Popen([args.yomu, "--site", args.site, "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        for line in proc.stdout:
            output.append(line)
            m = re.search(r"serving at http://([\d.]+):(\d+)/", line)
            if m:
                break
        else:
            sys.exit("yomu serve did not start:\n" + "".join(output))
        threading.Thread(target=drain, args=(proc.stdout, output), daemon=True).start()
        host, port = m.group(1), int(m.group(2))
        time.sleep(1)
        rss_start = rss_mb(proc.pid)
        counts = Counts()
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=http_client, args=(host, port, urls, deadline, counts))
                   for _ in range(args.http_clients)]
        threads += [threading.Thread(target=ws_client, args=(host, port, deadline, counts))
                    for _ in range(args.ws_clients)]
        edit_pages = [p for p in pages if "/docs/" in p] or pages
        threads.append(threading.Thread(target=editor,
                                        args=(args.site, edit_pages, deadline, counts)))
        for t in threads:
            t.start()
        rss_peak_soak = rss_start
        while any(t.is_alive() for t in threads):
            rss_peak_soak = max(rss_peak_soak, rss_mb(proc.pid))
            time.sleep(0.5)
        for t in threads:
            t.join()
        time.sleep(1)
        rss_end = rss_mb(proc.pid)
        died = proc.poll() is not None
        follows = not died and still_follows_edits(args.site, host, port, edit_pages[0])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    text = "".join(output)
    panics = text.count("panicked at") + (1 if died else 0)
    hangs = counts.c["hung requests"] + counts.c["hung websocket handshakes"]
    errors = (counts.c["http 5xx"] + counts.c["connection errors"]
              + counts.c["websocket errors"] + (0 if follows else 1))
    print(f"soak: {args.seconds:.0f} s, {args.http_clients} HTTP + {args.ws_clients} websocket "
          f"clients, {len(pages)} pages")
    for key, n in sorted(counts.c.items()):
        print(f"  {key:<45} {n}")
        for sample in counts.samples.get(key, []):
            print(f"      e.g. {sample}")
    print(f"  {'error[internal] lines printed by serve':<45} {text.count('error[internal]')}")
    print(f"  {'serve still follows edits afterwards':<45} {'yes' if follows else 'NO'}")
    print(f"panics: {panics}   hangs: {hangs}   errors: {errors}")
    print(f"serve RSS: {rss_start:.0f} MB after the first build, {rss_peak_soak:.0f} MB peak, "
          f"{rss_end:.0f} MB at the end (growth {rss_end - rss_start:+.0f} MB)")
    if panics:
        for line in text.splitlines():
            if "panicked at" in line:
                print("  " + line)
    sys.exit(0 if panics == hangs == errors == 0 else 1)


if __name__ == "__main__":
    main()
