"""HTTP limits against a tiny threaded server on the loopback: a server that drips its headers or body a
byte at a time meets the request's total deadline, and a small gzip that inflates past the size cap is
refused; neither is retried, neither stalls, and a run that meets them saves nothing."""
from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time

import pytest

from collectors import http, runner
from collectors.http import FetchError
from indicators.model.catalogue import load_catalogue
from tests.collectors.conftest import no_internet  # noqa: F401 - autouse: loopback only
from tests.collectors.helpers import counts

RUN_LIMIT_S = 20  # no handler of this file talks for longer than this, whatever the client does


class Server:
    """A loopback server that answers every connection with `behave(conn, stop)`; bounded in time."""

    def __init__(self, behave):
        self.connections = 0
        self.stop = threading.Event()
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                outer.connections += 1
                self.request.settimeout(RUN_LIMIT_S)
                buf = b""
                while b"\r\n\r\n" not in buf:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                try:
                    behave(self.request, outer.stop)
                except OSError:
                    pass

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path="/x") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(behave) -> Server:
        servers.append(Server(behave))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def drip(conn: socket.socket, stop: threading.Event, data: bytes, every: float = 0.05) -> None:
    deadline = time.monotonic() + RUN_LIMIT_S
    for i in range(len(data)):
        if stop.is_set() or time.monotonic() > deadline:
            return
        conn.sendall(data[i:i + 1])
        time.sleep(every)


def drip_headers(conn, stop):
    drip(conn, stop, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"a" * 8000)


def drip_body(conn, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n")
    drip(conn, stop, b"[" + b" " * 9998 + b"]")


def gzip_bomb(size: int):
    packed = gzip.compress(b"\0" * size, 9)

    def behave(conn, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(packed) + packed)
    return behave, packed


@pytest.mark.parametrize("behave", [drip_headers, drip_body], ids=["dripped headers", "dripped body"])
def test_a_server_dripping_bytes_meets_the_deadline_and_is_not_retried(serve, behave):
    server = serve(behave)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"nbrb: .* did not answer in full within 1 s \(the limit for one request\)"):
        http.get("nbrb", server.url(), retries=3, sleep=lambda s: None, deadline=1.0)
    assert time.monotonic() - started < 5  # the per-read timeout (30 s) never came into it
    assert server.connections == 1


def test_a_small_gzip_inflating_past_the_cap_is_refused_early(serve):
    behave, packed = gzip_bomb(64 * 2 ** 20)
    server = serve(behave)
    assert len(packed) < 100_000
    with pytest.raises(FetchError, match=r"larger than 1,048,576 bytes once decompressed"):
        http.get("nbrb", server.url(), retries=3, sleep=lambda s: None, max_bytes=2 ** 20)
    assert server.connections == 1


def test_a_plain_body_past_the_cap_is_refused_too(serve):
    def big(conn, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n" + b"x" * 3_000_000)
    with pytest.raises(FetchError, match="larger than 1,000,000 bytes"):
        http.get("nbrb", serve(big).url(), max_bytes=1_000_000)


def test_a_compressed_body_within_the_cap_comes_back_decoded(serve):
    body = b'[{"Cur_ID": 170}]' * 1000
    packed = gzip.compress(body)

    def behave(conn, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(packed)
                     + packed)
    raw = http.get("nbrb", serve(behave).url(), max_bytes=len(body))
    assert raw.body == body


def test_a_run_meeting_a_limit_fails_and_saves_nothing(serve, store, monkeypatch):
    behave, _ = gzip_bomb(8 * 2 ** 20)
    server = serve(behave)
    monkeypatch.setenv("BAROMETER_NBRB_URL", server.url("/nbrb"))
    monkeypatch.setenv("BAROMETER_HTTP_MAX_BYTES", str(2 ** 20))
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "0")
    catalogue = load_catalogue()
    store.sync_catalogue(catalogue)
    before = counts(store)
    from datetime import date
    (result,) = runner.run_collect(store, catalogue, ["nbrb"], since=date(2020, 8, 1), until=date(2020, 8, 2))
    assert result.status == "failed" and "larger than 1,048,576 bytes" in result.error
    assert counts(store) == before  # no observation, no archived payload
    assert store.runs("nbrb")[0]["status"] == "failed"
