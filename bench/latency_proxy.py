"""A loopback HTTP proxy that adds a fixed delay to every request.

A local moto server answers in a few milliseconds from one Python process, so
it measures moto more than the scanner. Real AWS answers in tens of
milliseconds from everywhere at once; this proxy imitates that latency, so a
bench can show what worker threads buy.
"""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class LatencyProxy:
    """Forwards 127.0.0.1:<port> to ``target`` after ``delay`` seconds."""

    def __init__(self, target: str, delay: float) -> None:
        parsed = urlparse(target)
        host, port, pause = parsed.hostname or "127.0.0.1", parsed.port, delay

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length) if length else None
                time.sleep(pause)
                upstream = http.client.HTTPConnection(host, port, timeout=120)
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() != "connection"
                }
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LatencyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
