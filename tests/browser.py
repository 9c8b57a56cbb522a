"""A small driver for headless Chromium over the DevTools protocol.

It talks to the browser through ``--remote-debugging-pipe`` (file descriptors 3
and 4, messages separated by NUL bytes), so it needs nothing beyond the
standard library and no network port. It is enough for the view tests and the
view benchmark: open a page, collect JavaScript errors and the addresses the
page requested, evaluate expressions, take screenshots.

Typical use::

    with Browser() as browser:
        page = browser.open(Path("view.html"))
        assert page.evaluate("network.body.data.nodes.length") == 12
        assert not page.errors
        png = page.screenshot()

``find_chromium()`` returns None when no browser is installed; tests skip then.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import io
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

__all__ = ["Browser", "BrowserError", "Page", "find_chromium", "png_colours"]

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    """The browser could not be started, or a protocol command failed."""


def find_chromium() -> str | None:
    """The path of a Chromium executable, or None.

    ``RESGRAPH_CHROMIUM`` overrides the search.
    """
    override = os.environ.get("RESGRAPH_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _high_fd(fd: int) -> int:
    """A duplicate of ``fd`` numbered 10 or more (so it cannot clash with 3 and 4)."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Browser:
    """One headless Chromium process, driven over a pipe.

    ``timeout`` bounds every protocol command (seconds). Use as a context
    manager; :meth:`close` ends the process and removes its profile directory.
    """

    def __init__(self, executable: str | None = None, timeout: float = 60.0) -> None:
        exe = executable or find_chromium()
        if exe is None:
            raise BrowserError("Chromium is not installed")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="resgraph-chromium-")
        cmd_read, cmd_write = (_high_fd(fd) for fd in os.pipe())
        res_read, res_write = (_high_fd(fd) for fd in os.pipe())

        # The browser reads commands on descriptor 3 and writes on 4; bash moves
        # the pipe ends there (no preexec_fn, which is unsafe with threads; dash
        # cannot name descriptors above 9).
        shell = shutil.which("bash")
        if shell is None:
            raise BrowserError("bash is needed to start the browser")
        redirect = f'exec "$@" 3<&{cmd_read} 4>&{res_write} {cmd_read}<&- {res_write}>&-'
        args = [exe, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"]
        self._proc = subprocess.Popen(
            [shell, "-c", redirect, "bash", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(cmd_read, res_write),
        )
        os.close(cmd_read)
        os.close(res_write)
        self._out = os.fdopen(cmd_write, "wb", buffering=0)
        self._in = os.fdopen(res_read, "rb", buffering=0)
        self._ids = itertools.count(1)
        self._lock = threading.Condition()
        self._replies: dict[int, dict[str, Any]] = {}
        self._listeners: dict[str, list[Callable[[dict[str, Any]], None]]] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        self.version = self.send("Browser.getVersion")

    # -- protocol -----------------------------------------------------------
    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._in.read(1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._closed = True
                    self._lock.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        self._replies[message["id"]] = message
                        self._lock.notify_all()
                else:
                    key = f"{message.get('sessionId', '')}:{message.get('method')}"
                    for listener in list(self._listeners.get(key, ())):
                        listener(message.get("params", {}))

    def on(self, session: str, method: str, listener: Callable[[dict[str, Any]], None]) -> None:
        """Call ``listener(params)`` on every ``method`` event of ``session``."""
        self._listeners.setdefault(f"{session}:{method}", []).append(listener)

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send one command and return its result; raise :class:`BrowserError` on failure."""
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._lock:
            while ident not in self._replies:
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise BrowserError(f"{method}: no reply (browser closed or timed out)")
                self._lock.wait(remaining)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    # -- pages --------------------------------------------------------------
    def open(
        self, target: Path | str, width: int = 1280, height: int = 800, wait: bool = True
    ) -> Page:
        """Open a file (a :class:`~pathlib.Path`) or an address in a new page."""
        page = Page(self, width, height)
        page.navigate(target, wait=wait)
        return page

    def close(self) -> None:
        """End the browser and remove its profile directory."""
        if self._proc.poll() is None:
            with contextlib.suppress(BrowserError):
                self.send("Browser.close", timeout=5)
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        for stream in (self._out, self._in):
            with contextlib.suppress(OSError):
                stream.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """A page (tab) of a :class:`Browser`.

    ``errors`` collects uncaught exceptions, ``console.error`` calls and browser
    log entries of level error (failed loads among them); ``requests`` every
    address the page asked for.
    """

    def __init__(self, browser: Browser, width: int, height: int) -> None:
        self.browser = browser
        self.errors: list[str] = []
        self.requests: list[str] = []
        self._loaded = threading.Event()
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.target = target
        self.session = browser.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        s = self.session
        browser.on(s, "Runtime.exceptionThrown", self._exception)
        browser.on(s, "Runtime.consoleAPICalled", self._console)
        browser.on(s, "Log.entryAdded", self._log)
        browser.on(s, "Network.requestWillBeSent", self._request)
        browser.on(s, "Page.loadEventFired", lambda _: self._loaded.set())
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=s)
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=s,
        )

    def _exception(self, params: dict[str, Any]) -> None:
        details = params.get("exceptionDetails", {})
        text = details.get("exception", {}).get("description") or details.get("text", "")
        self.errors.append(f"exception: {text}")

    def _console(self, params: dict[str, Any]) -> None:
        if params.get("type") in ("error", "assert"):
            args = params.get("args", [])
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in args)
            self.errors.append(f"console.{params.get('type')}: {text}")

    def _log(self, params: dict[str, Any]) -> None:
        entry = params.get("entry", {})
        if entry.get("level") == "error":
            self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())

    def _request(self, params: dict[str, Any]) -> None:
        self.requests.append(params.get("request", {}).get("url", ""))

    def send(self, method: str, params: dict[str, Any] | None = None,
             timeout: float | None = None) -> dict[str, Any]:
        """A protocol command in this page's session."""
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def navigate(self, target: Path | str, wait: bool = True) -> None:
        """Load ``target``; with ``wait``, return after the load event."""
        url = target.resolve().as_uri() if isinstance(target, Path) else target
        self._loaded.clear()
        self.send("Page.navigate", {"url": url})
        if wait and not self._loaded.wait(self.browser.timeout):
            raise BrowserError(f"{url}: no load event in {self.browser.timeout} s")

    def evaluate(self, expression: str, timeout: float | None = None) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"evaluate {expression!r}: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Wait until ``expression`` is truthy in the page; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression!r}")
            time.sleep(0.05)

    def screenshot(self, path: Path | None = None) -> bytes:
        """A PNG of the viewport; written to ``path`` when given."""
        data = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
        if path is not None:
            path.write_bytes(data)
        return data

    def close(self) -> None:
        """Close the page."""
        self.browser.send("Target.closeTarget", {"targetId": self.target})


def png_colours(png: bytes, limit: int = 256) -> int:
    """How many distinct colours a PNG has (counting stops at ``limit``)."""
    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    return min(len(colours), limit)
