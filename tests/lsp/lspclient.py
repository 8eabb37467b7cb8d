"""A small scripted LSP client (stdlib only) for mtlint's tests and benchmark.

It starts `mtlint lsp`, frames JSON-RPC messages with Content-Length, and
reads the server's messages with a deadline, so a server that hangs makes
the test fail instead of blocking it.
"""
import json
import os
import select
import subprocess
import time


class LspError(Exception):
    pass


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    def __init__(self, argv, cwd=None, env=None, stderr_path=None):
        self.stderr = open(stderr_path or os.devnull, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, cwd=cwd, env=env, bufsize=0)
        self.buf = b""
        self.next_id = 0
        self.inbox = []  # messages read but not yet consumed

    # -- sending --
    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.send_raw(frame(obj))

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    # -- receiving --
    def _parse_one(self):
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return None
        length = None
        for line in self.buf[:end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise LspError("server sent a header without Content-Length: %r" % self.buf[:end])
        if len(self.buf) < end + 4 + length:
            return None
        body = self.buf[end + 4:end + 4 + length]
        self.buf = self.buf[end + 4 + length:]
        return json.loads(body.decode("utf-8"))

    def read(self, timeout=10.0):
        """The next message, or LspError after timeout seconds."""
        if self.inbox:
            return self.inbox.pop(0)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._parse_one()
            if msg is not None:
                return msg
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError("no message from the server within %.1fs" % timeout)
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise LspError("the server closed its output")
                self.buf += chunk

    def wait(self, pred, timeout=10.0):
        """The first message for which pred is true; others are kept."""
        for i, m in enumerate(self.inbox):
            if pred(m):
                return self.inbox.pop(i)
        deadline = time.monotonic() + timeout
        skipped = []
        try:
            while True:
                m = self.read(max(0.0, deadline - time.monotonic()))
                if pred(m):
                    return m
                skipped.append(m)
        finally:
            self.inbox.extend(skipped)

    def response(self, rid, timeout=10.0):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def call(self, method, params=None, timeout=10.0):
        m = self.response(self.request(method, params), timeout)
        if "error" in m:
            raise LspError("%s failed: %s" % (method, m["error"]))
        return m["result"]

    def diagnostics(self, uri, version=None, timeout=10.0):
        def ok(m):
            return (m.get("method") == "textDocument/publishDiagnostics" and
                    m["params"]["uri"] == uri and
                    (version is None or m["params"].get("version") == version))
        return self.wait(ok, timeout)["params"]["diagnostics"]

    def initialize(self, root=None, encodings=None, options=None, text_document=None):
        caps = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": False}}}
        if encodings:
            caps["general"] = {"positionEncodings": encodings}
        if text_document is not None:
            caps["textDocument"] = text_document
        params = {"processId": os.getpid(), "capabilities": caps,
                  "rootUri": ("file://" + root) if root else None}
        if options is not None:
            params["initializationOptions"] = options
        res = self.call("initialize", params)
        self.notify("initialized", {})
        return res

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": version, "text": text}})

    def shutdown(self, timeout=10.0):
        self.call("shutdown")
        self.notify("exit")
        return self.proc.wait(timeout)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()
