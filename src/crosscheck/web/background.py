"""The app served by uvicorn in a background thread on a free port of 127.0.0.1: for benchmarks and browser tests,
which need a real server (real sockets, real HTTP) in the same process as the store they fill."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from crosscheck.store import Store
from crosscheck.web.app import create_app


@dataclass
class BackgroundServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread
    sock: socket.socket

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def serve_in_background(store: Store, timeout: float = 30.0) -> BackgroundServer:
    """Starts the app over ``store`` and returns once it answers (RuntimeError if it has not started in time)."""
    sock = socket.socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as uvicorn's own sockets: no 40 ms Nagle stalls
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(store), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        server.should_exit = True
        sock.close()
        raise RuntimeError("uvicorn did not start")
    return BackgroundServer(f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread, sock)
