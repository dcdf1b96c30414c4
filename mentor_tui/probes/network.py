"""Latency, jitter, loss and bandwidth: speedtest-cli's Python API, bounded and cancellable.

What speedtest-cli 2.1.3 does that we work around:

* ``Speedtest()`` always downloads speedtest.net's config, even for a Speedtest Mini server, so
  offline (or against a mini server) it fails before testing. :class:`_BoundedSpeedtest` builds
  the config locally when a mini server is given.
* Its ``timeout`` bounds each socket operation, not the run, and not DNS. :func:`run_probe` runs
  the test in a daemon thread and returns at the overall deadline or on cancel, setting
  ``shutdown_event`` so the library's own threads stop soon after.
* speedtest.net answers plain HTTP with 403 for many clients: we use its secure (HTTPS) mode.
* It reports half the round trip as "ping" (and 3,600 s for a failure) and measures neither jitter
  nor loss, so latency comes from our own series of TCP connects to the chosen server.
* A default run pre-allocates ~180 MB of upload data; our sizes keep the probe to a few MB.
"""

from __future__ import annotations

import io
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import urlparse


def _import_speedtest():
    """Import speedtest-cli without it wrapping file descriptors 1 and 2.

    At import it builds ``FileIO(sys.stdout.fileno())``: under Textual (stdout redirected, fileno
    -1) that raises ValueError and the import fails. Given streams whose ``fileno()`` raises
    ``io.UnsupportedOperation`` (an OSError) it falls back to keeping them, which is harmless: it
    only prints in its own command-line ``shell()``.
    """
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        import speedtest as module
    finally:
        sys.stdout, sys.stderr = saved
    return module


speedtest = _import_speedtest()


class _CalmTime:
    """speedtest-cli's view of ``timeit.time``: its 1 ms polling sleeps become 20 ms ones."""

    time = staticmethod(time.time)

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(max(seconds, 0.02))


class _CalmTimeit:
    default_timer = staticmethod(time.perf_counter)
    time = _CalmTime


def _calm_is_alive(thread: threading.Thread) -> bool:
    """Its loops call ``join(timeout=0.001)`` while this says alive: wait up to 20 ms here instead
    (join returns as soon as the thread ends, so nothing is measured later)."""
    thread.join(0.02)
    return thread.is_alive()


# speedtest-cli polls its threads every millisecond from three threads at once; that CPU and GIL
# churn is what makes a UI beside it lag. Only the speedtest module's own names are replaced.
speedtest.timeit = _CalmTimeit
speedtest.thread_is_alive = _calm_is_alive

Progress = Callable[[str, float], None]
"""``progress(phase, fraction_of_whole_probe)``; phase: connect, latency, download, upload."""

LATENCY_SAMPLES = 10
LATENCY_GAP = 0.05  # seconds between connects

# Probe sizes: small enough to run beside a video call (a few MB of upload buffers, downloads are
# streamed in 10 KB reads and never held), large enough to fill a typical home line for seconds.
MINI_SIZES = {
    "download": [350, 500, 750, 1000, 1500, 2000],
    "upload": [262144, 524288, 1048576],
}
MINI_COUNTS = {"download": 2, "upload": 4}
MINI_THREADS = {"download": 4, "upload": 2}
MAX_UPLOAD_CHUNK = 1048576
MAX_UPLOAD_BYTES = 24 * 1048576
PHASE_SECONDS = 10.0

# Share of the progress bar per phase.
_SPAN = {"connect": (0.0, 0.05), "latency": (0.05, 0.15), "download": (0.15, 0.55), "upload": (0.55, 1.0)}


@dataclass
class ProbeResult:
    """What the probe found. ``status``: ok, cancelled, timeout, unreachable, refused, error."""

    status: str
    message: str = ""
    server: str = ""
    download_mbps: float | None = None
    upload_mbps: float | None = None
    bytes_received: int = 0
    bytes_sent: int = 0
    latency_ms: float | None = None  # average TCP-connect round trip
    latency_min_ms: float | None = None
    latency_max_ms: float | None = None
    jitter_ms: float | None = None
    loss_pct: float | None = None
    samples: list[float | None] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class _Shutdown(threading.Event):
    """speedtest-cli calls the old ``isSet`` name; answer it without a DeprecationWarning."""

    def isSet(self) -> bool:  # noqa: N802 - the library's spelling
        return self.is_set()


class ProbeFailed(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


class _BoundedSpeedtest(speedtest.Speedtest):
    """Speedtest that builds its config locally for a mini server and caps sizes otherwise."""

    def __init__(self, mini: str | None, **kwargs) -> None:
        self._mini = mini
        super().__init__(**kwargs)

    def get_config(self):
        if self._mini is None:
            config = super().get_config()
            if config is None:
                raise ProbeFailed("refused", "speedtest.net sent no configuration")
            _cap(config)
            return config
        self.config.update(
            {
                "client": {"ip": "", "isp": "", "lat": "0", "lon": "0", "country": ""},
                "ignore_servers": [],
                "sizes": {k: list(v) for k, v in MINI_SIZES.items()},
                "counts": dict(MINI_COUNTS),
                "threads": dict(MINI_THREADS),
                "length": {"download": PHASE_SECONDS, "upload": PHASE_SECONDS},
                "upload_max": MINI_COUNTS["upload"] * len(MINI_SIZES["upload"]),
            }
        )
        self.lat_lon = (0.0, 0.0)
        return self.config


def _cap(config: dict) -> None:
    """Keep speedtest.net's upload data to a few MB (it would pre-allocate ~180 MB)."""
    sizes = [s for s in config["sizes"]["upload"] if s <= MAX_UPLOAD_CHUNK] or [MAX_UPLOAD_CHUNK]
    per_round = sum(sizes)
    count = max(1, min(config["counts"]["upload"], MAX_UPLOAD_BYTES // per_round))
    config["sizes"]["upload"] = sizes
    config["counts"]["upload"] = count
    config["upload_max"] = count * len(sizes)
    config["threads"]["download"] = min(config["threads"]["download"], 8)
    config["threads"]["upload"] = min(config["threads"]["upload"], 4)


def _describe(exc: BaseException | None) -> tuple[str, str]:
    """Map the library's and urllib's errors to (status, one readable line)."""
    inner = exc.args[0] if isinstance(exc, speedtest.SpeedtestException) and exc.args else exc
    if isinstance(inner, HTTPError):
        return "refused", f"the server refused the test (HTTP {inner.code})"
    if isinstance(inner, URLError):
        reason = inner.reason
        if isinstance(reason, socket.gaierror):
            return "unreachable", "no network: the server's name cannot be resolved"
        if isinstance(reason, TimeoutError | socket.timeout):
            return "timeout", "the server did not answer in time"
        return "unreachable", f"cannot reach the server ({reason})"
    if isinstance(inner, TimeoutError | socket.timeout):
        return "timeout", "the server did not answer in time"
    if isinstance(inner, OSError):
        return "unreachable", f"cannot reach the server ({inner.strerror or inner})"
    return "error", str(inner) or type(inner).__name__


def latency_series(
    host: str, port: int, samples: int = LATENCY_SAMPLES, timeout: float = 1.0,
    stop: threading.Event | None = None,
) -> list[float | None]:
    """Round trips (ms) of *samples* TCP connects; None for a connect that failed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ProbeFailed("unreachable", f"no network: cannot resolve {host}") from exc
    family, stype, proto, _, addr = infos[0]
    out: list[float | None] = []
    for i in range(samples):
        if stop is not None and stop.is_set():
            break
        sock = socket.socket(family, stype, proto)
        sock.settimeout(timeout)
        start = time.perf_counter()
        try:
            sock.connect(addr)
            out.append((time.perf_counter() - start) * 1000.0)
        except OSError:
            out.append(None)
        finally:
            sock.close()
        if i < samples - 1:
            time.sleep(LATENCY_GAP)
    return out


def summarize_latency(result: ProbeResult, samples: list[float | None]) -> None:
    """min/avg/max round trip, jitter (mean difference of consecutive samples) and loss."""
    result.samples = samples
    good = [s for s in samples if s is not None]
    if samples:
        result.loss_pct = round(100.0 * (len(samples) - len(good)) / len(samples), 1)
    if good:
        result.latency_ms = round(statistics.fmean(good), 2)
        result.latency_min_ms = round(min(good), 2)
        result.latency_max_ms = round(max(good), 2)
        diffs = [abs(b - a) for a, b in zip(good, good[1:])]
        result.jitter_ms = round(statistics.fmean(diffs), 2) if diffs else 0.0


class _State:
    """Shared between the probe thread and the watcher: phase and how far it got."""

    def __init__(self) -> None:
        self.phase = "connect"
        self.phase_started = time.monotonic()
        self.phase_length = 1.0
        self.done = 0
        self.total = 1
        self.result = ProbeResult(status="error", message="the probe did not finish")

    def enter(self, phase: str, length: float = 1.0, total: int = 1) -> None:
        self.phase, self.phase_length, self.total, self.done = phase, max(length, 0.1), max(total, 1), 0
        self.phase_started = time.monotonic()

    def fraction(self) -> float:
        lo, hi = _SPAN[self.phase]
        by_count = self.done / self.total
        by_time = (time.monotonic() - self.phase_started) / self.phase_length
        return lo + (hi - lo) * min(1.0, max(by_count, by_time))


def _body(state: _State, mini: str | None, deadline: float, sock_timeout: float, shutdown: _Shutdown) -> None:
    result = state.result
    try:
        if mini:
            parts = urlparse(mini)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ProbeFailed("error", f"not a server URL: {mini}")
            host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
            state.enter("latency", LATENCY_SAMPLES * 0.06, LATENCY_SAMPLES)
            samples = latency_series(host, port, timeout=min(1.0, sock_timeout), stop=shutdown)
            summarize_latency(result, samples)
            if samples and all(s is None for s in samples):
                raise ProbeFailed("unreachable", f"cannot connect to {host}:{port}")
            state.enter("connect")
            st = _BoundedSpeedtest(mini, timeout=sock_timeout, secure=False, shutdown_event=shutdown)
            # set_mini_server hides why it failed: ask once ourselves to tell stall from refusal.
            answer, err = speedtest.catch_request(speedtest.build_request(mini), opener=st._opener)
            if err:
                status, message = _describe(err)
                raise ProbeFailed(status, message)
            answer.close()
            try:
                servers = st.set_mini_server(mini)
            except speedtest.SpeedtestMiniConnectFailure:
                raise ProbeFailed("refused", f"{host}:{port} answered but refused the test") from None
            except speedtest.InvalidSpeedtestMiniServer:
                raise ProbeFailed("refused", f"{mini} is not a Speedtest Mini server") from None
            st._best.update(servers[0])  # skip its own latency test: ours is better
            st.results.server = st._best
            result.server = f"Speedtest Mini at {host}:{port}"
        else:
            state.enter("connect", 3.0)
            st = _BoundedSpeedtest(None, timeout=sock_timeout, secure=True, shutdown_event=shutdown)
            st.get_servers()
            best = st.get_best_server()
            parts = urlparse(best["url"])
            result.server = f"{best.get('sponsor', '')} ({best.get('name', '')})".strip()
            port = parts.port or (443 if parts.scheme == "https" else 80)
            state.enter("latency", LATENCY_SAMPLES * 0.06, LATENCY_SAMPLES)
            summarize_latency(result, latency_series(parts.hostname, port, timeout=1.0, stop=shutdown))
            if result.latency_ms is None:  # our connects failed; fall back to its half-RTT ping
                ping = float(best.get("latency", 0)) * 2
                result.latency_ms = ping if ping < 60_000 else None

        def counter(i, total, start=False, end=False):
            if end:
                state.done += 1

        for phase in ("download", "upload"):
            if shutdown.is_set():
                return
            left = deadline - time.monotonic()
            length = max(1.0, min(PHASE_SECONDS, left * (0.45 if phase == "download" else 0.85)))
            st.config["length"][phase] = length
            count = (
                len(st.config["sizes"]["download"]) * st.config["counts"]["download"]
                if phase == "download" else st.config["upload_max"]
            )
            state.enter(phase, length, count)
            if phase == "download":
                began = time.monotonic()
                bps = st.download(callback=counter)
                result.bytes_received = st.results.bytes_received
                if result.bytes_received == 0 and not shutdown.is_set():
                    if time.monotonic() - began >= sock_timeout * 0.9:  # its reads timed out
                        raise ProbeFailed("timeout", "the server stopped sending during the download test")
                    raise ProbeFailed("refused", "the server sent no data for the download test")
                result.download_mbps = round(bps / 1e6, 2)
            else:
                bps = st.upload(callback=counter, pre_allocate=False)
                result.bytes_sent = st.results.bytes_sent
                if result.bytes_sent == 0 and not shutdown.is_set():
                    raise ProbeFailed("refused", "the server accepted no data for the upload test")
                result.upload_mbps = round(bps / 1e6, 2)
        result.status, result.message = "ok", "measured"
    except ProbeFailed as exc:
        result.status, result.message = exc.status, str(exc)
    except speedtest.ConfigRetrievalError as exc:
        result.status, result.message = _describe(exc)
        if result.status == "refused":
            result.message = "speedtest.net " + result.message.removeprefix("the server ")
    except (speedtest.SpeedtestException, OSError) as exc:
        result.status, result.message = _describe(exc)
    except Exception as exc:  # a probe must never take the app down
        result.status, result.message = "error", f"{type(exc).__name__}: {exc}"


def run_probe(
    mini: str | None = None,
    timeout: float = 30.0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    tick: float = 0.1,
) -> ProbeResult:
    """Measure latency, jitter, loss, download and upload; never longer than *timeout* seconds.

    Returns within ~*tick* s of *cancel* being set. The work runs in a daemon thread: on cancel or
    deadline we set speedtest's ``shutdown_event`` and return at once with what was measured.
    """
    cancel = cancel or threading.Event()
    shutdown = _Shutdown()
    state = _State()
    deadline = time.monotonic() + timeout
    sock_timeout = max(0.5, min(5.0, timeout / 3))
    thread = threading.Thread(
        target=_body, args=(state, mini or None, deadline, sock_timeout, shutdown),
        name="mentor-tui-probe", daemon=True,
    )
    thread.start()
    while thread.is_alive():
        if progress is not None:
            progress(state.phase, state.fraction())
        thread.join(tick)
        if cancel.is_set():
            shutdown.set()
            state.result.status, state.result.message = "cancelled", "cancelled"
            return state.result
        if time.monotonic() >= deadline and thread.is_alive():
            shutdown.set()
            thread.join(min(0.5, tick * 3))
            r = state.result
            if r.status != "ok":
                r.status = "timeout"
                r.message = f"no result within the {timeout:g} s limit (while testing {state.phase})"
            return r
    if progress is not None and state.result.ok:
        progress("upload", 1.0)
    return state.result


# -- the probe in its own process ---------------------------------------------------------------
#
# speedtest-cli's threads poll in 1 ms loops (``join(timeout=0.001)``) and read in 10 KB chunks:
# in the app's process they hold the GIL often enough to double key-press latency. The app
# therefore runs the probe in a child process; cancel and the deadline simply end that process.


def run_probe_isolated(
    mini: str | None = None,
    timeout: float = 30.0,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    tick: float = 0.1,
) -> ProbeResult:
    """:func:`run_probe` in a child process (same arguments and result); killed on cancel."""
    import json
    import queue
    import subprocess
    from dataclasses import fields

    cancel = cancel or threading.Event()
    args = [sys.executable, "-m", "mentor_tui.probes.network", "--timeout", str(timeout)]
    if mini:
        args += ["--mini", mini]
    try:
        child = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True
        )
    except OSError as exc:
        return ProbeResult(status="error", message=f"cannot start the probe: {exc}")
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        try:
            for line in child.stdout:
                lines.put(line)
        except (ValueError, OSError):  # the pipe closed under the read: cancelled or timed out
            pass
        lines.put(None)

    threading.Thread(target=pump, name="mentor-tui-probe-pipe", daemon=True).start()
    deadline = time.monotonic() + timeout + 1.0  # the child keeps its own deadline; this is a backstop
    result: ProbeResult | None = None
    phase = "connect"
    try:
        while True:
            if cancel.is_set():
                return ProbeResult(status="cancelled", message="cancelled")
            if time.monotonic() >= deadline:
                return ProbeResult(status="timeout", message=f"no result within the {timeout:g} s limit "
                                   f"(while testing {phase})")
            try:
                line = lines.get(timeout=tick)
            except queue.Empty:
                continue
            if line is None:
                break
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "progress" in msg and progress is not None:
                phase = msg["progress"][0]
                progress(phase, float(msg["progress"][1]))
            elif "result" in msg:
                known = {f.name for f in fields(ProbeResult)}
                result = ProbeResult(**{k: v for k, v in msg["result"].items() if k in known})
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
    return result or ProbeResult(status="error", message=f"the probe process ended without a result "
                                 f"(exit {child.returncode})")


def _main(argv: list[str] | None = None) -> int:
    """Child-process entry: JSON lines on stdout, ``{"progress": [phase, f]}`` then ``{"result": ...}``."""
    import argparse
    import json
    from dataclasses import asdict

    parser = argparse.ArgumentParser(prog="python -m mentor_tui.probes.network")
    parser.add_argument("--mini")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    out = sys.stdout
    try:  # a background measurement: the learner's editor and call come first
        import os

        os.nice(5)
    except (AttributeError, OSError):
        pass

    def progress(phase: str, fraction: float) -> None:
        out.write(json.dumps({"progress": [phase, round(fraction, 4)]}) + "\n")
        out.flush()

    result = run_probe(args.mini, args.timeout, progress=progress)
    out.write(json.dumps({"result": asdict(result)}) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_main())
