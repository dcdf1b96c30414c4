"""A stand-in Speedtest Mini server on 127.0.0.1, serving what speedtest-cli's mini mode asks for.

speedtest-cli 2.1.3 (``set_mini_server``, ``download``, ``upload``) requests:
``GET /`` (looks for ``upload_extension: "php"``), ``GET /speedtest/upload.php`` as a fallback
check (``size=N``), ``GET /speedtest/randomNxN.jpg`` (download) and ``POST /speedtest/upload.php``
(upload; answers ``size=N``). It also knows ``/speedtest/latency.txt`` (``test=test``).

Modes: ``ok``; ``refuse`` (HTTP 403 to everything, as speedtest.net does to some clients);
``stall`` (accepts connections and never answers); ``stall_data`` (answers, then goes quiet in the
middle of the download). Run as a script for the benchmark:
``python tests/standin_server.py [rate_mbps]`` prints the URL and serves until killed.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = b"0123456789ABCDEF" * 4096  # 64 KB, reused: the server holds no big buffers
RANDOM = re.compile(r"^/speedtest/random(\d+)x(\d+)\.jpg$")


def image_size(n: int) -> int:
    """Bytes served for randomNxN.jpg (about the size of speedtest.net's own files)."""
    return n * n * 2


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _stall_or_refuse(self) -> bool:
        mode = self.server.mode
        if mode == "stall":
            self.server.stop.wait(120)
            return True
        if mode == "refuse":
            self.send_error(403, "Forbidden")
            return True
        return False

    def _text(self, body: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _pace(self, nbytes: int, direction: str) -> None:
        bucket = self.server.buckets.get(direction)
        if bucket is not None:
            bucket.take(nbytes)

    def do_GET(self) -> None:  # noqa: N802
        if self._stall_or_refuse():
            return
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html", "/speedtest/", "/speedtest"):
            self._text('<html><script>var upload_extension: "php";</script>Speedtest Mini</html>')
        elif path == "/speedtest/latency.txt":
            self._text("test=test")
        elif path == "/speedtest/upload.php":
            self._text("size=0")
        elif m := RANDOM.match(path):
            size = image_size(int(m.group(1)))
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.server.mode == "stall_data":  # answers, then goes quiet mid-download
                self.wfile.write(CHUNK[:1000])
                self.wfile.flush()
                self.server.stop.wait(120)
                return
            sent = 0
            try:
                while sent < size and not self.server.stop.is_set():
                    part = CHUNK[: min(len(CHUNK), size - sent)]
                    self.wfile.write(part)
                    sent += len(part)
                    self._pace(len(part), "down")
            except OSError:
                pass
            with self.server.lock:
                self.server.bytes_served += sent
        else:
            self.send_error(404)

    def do_POST(self) -> None:  # noqa: N802
        if self._stall_or_refuse():
            return
        length = int(self.headers.get("Content-Length") or 0)
        got = 0
        try:
            while got < length:
                part = self.rfile.read(min(65536, length - got))
                if not part:
                    break
                got += len(part)
                self._pace(len(part), "up")
        except OSError:
            pass
        with self.server.lock:
            self.server.bytes_received += got
        self._text(f"size={got}")


class Bucket:
    """A token bucket shared by all connections: the whole server is a line of *rate* bits/s."""

    def __init__(self, rate_bps: float, burst: int = 131072) -> None:
        self.rate = rate_bps / 8
        self.burst = burst
        self.tokens = float(burst)
        self.at = time.perf_counter()
        self.lock = threading.Lock()

    def take(self, nbytes: int) -> None:
        with self.lock:
            now = time.perf_counter()
            self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
            self.at = now
            self.tokens -= nbytes
            wait = -self.tokens / self.rate if self.tokens < 0 else 0.0
        if wait > 0:
            time.sleep(wait)


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: on a loaded machine the accepting thread fell behind,
    # a latency connect's SYN was dropped and counted as packet loss (seen once in a CI run).
    request_queue_size = 128

    def __init__(self, mode: str = "ok", rate_mbps: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode = mode
        self.buckets = (
            {"down": Bucket(rate_mbps * 1e6), "up": Bucket(rate_mbps * 1e6)} if rate_mbps else {}
        )
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.bytes_served = 0
        self.bytes_received = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> StandinServer:
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def close(self) -> None:
        self.stop.set()
        self.shutdown()
        self.server_close()


if __name__ == "__main__":
    server = StandinServer(rate_mbps=float(sys.argv[1]) if len(sys.argv) > 1 else 0.0)
    print(server.url, flush=True)
    server.serve_forever(poll_interval=0.05)
