#!/usr/bin/env python3
"""Drives the playground page of `consensus serve` (GET /) in headless Chromium over the DevTools
protocol, and checks what a person would see. Python's standard library only: the WebSocket
client below is the few lines of RFC 6455 that the protocol needs.

Usage (scripts/playground-test.sh runs it):
  playground_browser.py --local URL --gateway URL --key KEY --out DIR [--chromium PATH]

--local is a server over the local model without an API key; --gateway is a ranking gateway
(`serve --engine <local>`) with --api-key KEY. Prints one line per check and, last,
"N passed, N failed"; exits 1 when a check failed.
"""

import argparse
import base64
import json
import os
import re
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import urlparse

RED_PLANET = "Which planet is known as the Red Planet?"
CANDIDATES = ["Mars", "Venus", "Jupiter", "Saturn"]


class WebSocket:
    """A client WebSocket (RFC 6455) over a plain TCP socket: text frames, masked, no extensions."""

    def __init__(self, url, timeout=180):
        parts = urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (("?" + parts.query) if parts.query else "")
        handshake = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(handshake.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("the DevTools socket closed during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError("the DevTools socket refused the upgrade: " + head.decode(errors="replace"))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("the DevTools socket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            opcode, n = first & 0x0F, second & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:  # ping
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("the DevTools socket was closed by the browser")
            if opcode in (0x1, 0x2, 0x0):
                message += payload
                if first & 0x80:
                    return message.decode()


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, chromium, profile):
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            if self.process.poll() is not None:
                raise RuntimeError("chromium exited before it opened the DevTools port")
            time.sleep(0.1)
        else:
            raise RuntimeError("chromium did not open the DevTools port within 30 s")
        port = int(open(port_file).read().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])
        self.next_id = 0
        self.script_errors = []  # uncaught JavaScript exceptions of the page
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("method") == "Runtime.exceptionThrown":
                details = message["params"]["exceptionDetails"]
                self.script_errors.append(details.get("exception", {}).get("description") or details.get("text"))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}…: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def open(self, url):
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && document.getElementById('rank-form') !== null", 30)

    def wait_for(self, condition, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(f"Boolean({condition})"):
                return True
            time.sleep(0.1)
        return False

    def type_into(self, selector, text):
        """Clears a field and types `text` into it, as the keyboard does (input events fire)."""
        self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus(); e.select(); }})()")
        self.call("Input.dispatchKeyEvent", type="keyDown", key="Delete", code="Delete", windowsVirtualKeyCode=46)
        self.call("Input.dispatchKeyEvent", type="keyUp", key="Delete", code="Delete", windowsVirtualKeyCode=46)
        if text:
            self.call("Input.insertText", text=text)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).dispatchEvent(new Event('change'))")

    def click(self, selector):
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, path):
        """A PNG of the whole page."""
        height = int(self.evaluate("Math.ceil(document.documentElement.scrollHeight)"))
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok    {name}")
        else:
            self.failed += 1
            print(f"FAIL  {name}" + (f": {detail}" if detail else ""))
        return ok


def text(browser, selector):
    return browser.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''")


def count(browser, selector):
    return browser.evaluate(f"document.querySelectorAll({json.dumps(selector)}).length")


def fill_red_planet(browser):
    browser.type_into("#question", RED_PLANET)
    browser.evaluate("""(() => { const list = document.getElementById('candidates');
        while (list.children.length > 2) list.lastElementChild.querySelector('button.remove').click(); })()""")
    while count(browser, "#candidates input.candidate") < len(CANDIDATES):
        browser.click("#add-candidate")
    for i, candidate in enumerate(CANDIDATES):
        browser.type_into(f"#candidates li:nth-child({i + 1}) input.candidate", candidate)


def submit(browser, seconds=180):
    """Clicks Rank and waits for the answer or an error (the button is enabled again)."""
    browser.evaluate("document.getElementById('answer').hidden = true")
    browser.click("#rank-button")
    browser.wait_for("document.getElementById('rank-button').disabled", 5)
    return browser.wait_for("!document.getElementById('rank-button').disabled", seconds)


def check_answer(checks, browser, where):
    checks.check(f"{where}: the answer view is shown, no banner",
                 browser.evaluate("!document.getElementById('answer').hidden && document.getElementById('banner').hidden"),
                 text(browser, "#banner"))
    er_d = text(browser, 'tr.method[data-method="ER-D"] td.pick-name')
    checks.check(f"{where}: ER-D picks Mars", er_d == "Mars", f"ER-D picks {er_d!r}")
    checks.check(f"{where}: ER-D's pick is marked in its row",
                 text(browser, 'tr.method[data-method="ER-D"] td.pick') != "" and count(browser, 'tr.method[data-method="ER-D"] td.pick') == 1)
    rows = count(browser, "#methods tr.method")
    methods = browser.evaluate("[...document.querySelectorAll('#methods tr.method')].map(r => r.dataset.method).join(' ')")
    checks.check(f"{where}: a row per method (at least 6)", rows >= 6, f"{rows} rows: {methods}")
    checks.check(f"{where}: P(correct) has a bar per candidate", count(browser, "#probability-correct .bar") == len(CANDIDATES))
    checks.check(f"{where}: the policies show initial and equilibrium for both players",
                 count(browser, "#policies .policy") == 2 and count(browser, "#policies .bar.initial") == 2 * len(CANDIDATES)
                 and count(browser, "#policies .bar.equilibrium") == 2 * len(CANDIDATES))
    points = browser.evaluate("(document.querySelector('#exploitability-chart polyline.trajectory') || {getAttribute: () => ''}).getAttribute('points')")
    checks.check(f"{where}: the exploitability chart has a line", len((points or "").split()) >= 2, f"points {points!r}")
    checks.check(f"{where}: the cost is shown", "tokens evaluated" in text(browser, "#cost") and " ms" in text(browser, "#cost"))
    print(f"      methods: {methods}; model: {text(browser, '#model-name')}")


def run_curl(command, key):
    """Runs the copied curl command with the real key in place of the page's mask."""
    if shutil.which("curl") is None:
        return None
    argv = [f"Authorization: Bearer {key}" if a == "Authorization: Bearer …" else a for a in shlex.split(command)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    return json.loads(result.stdout) if result.stdout.strip().startswith("{") else {"raw": result.stdout + result.stderr}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--local", required=True)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    checks = Checks()
    profile = tempfile.mkdtemp(prefix="consensus-playground-chromium.")
    browser = Browser(args.chromium, profile)
    try:
        # 1. The local model, no API key: the Red Planet question.
        browser.open(args.local + "/")
        checks.check("local: the page loads and asks for no key", browser.evaluate("document.getElementById('key-field').hidden"))
        browser.wait_for("document.getElementById('model-name').textContent !== '…'", 10)
        fill_red_planet(browser)
        checks.check("local: the answer comes", submit(browser))
        check_answer(checks, browser, "local")
        browser.screenshot(os.path.join(args.out, "playground-answer.png"))

        # Copy as curl: the exact request, which answers the same.
        browser.click("#copy-curl")
        browser.wait_for("!document.getElementById('curl').hidden", 5)
        command = text(browser, "#curl")
        checks.check("local: copy as curl shows the request", command.startswith("curl -s ") and "/v1/rank" in command and RED_PLANET in command)
        answer = run_curl(command, args.key)
        if answer is not None:
            checks.check("local: the curl command answers the same pick", answer.get("pick", {}).get("ER-D") == 0, str(answer)[:300])

        # Chat formatting: the box sends options.apply_chat_template, and the answer's prompts were
        # wrapped in the model's chat template (its `formatting`).
        browser.click("#apply-chat-template")
        checks.check("local: with the chat template, the answer comes", submit(browser))
        kind = browser.evaluate("(() => { try { return JSON.parse(document.getElementById('raw').textContent).formatting.kind; } catch (e) { return String(e); } })()")
        checks.check("local: with the chat template, the answer's prompts are chat-formatted", kind == "chat", f"formatting.kind is {kind!r}")
        browser.click("#apply-chat-template")

        # 2. An empty question: the API's error, next to the question field.
        browser.type_into("#question", "")
        submit(browser)
        message = text(browser, '[data-param="question"] > .field-error')
        checks.check("local: an empty question shows the API's error next to the question field",
                     message == "the question is empty" and browser.evaluate("document.querySelector('[data-param=\"question\"]').classList.contains('invalid')"),
                     f"field error {message!r}, banner {text(browser, '#banner')!r}")
        browser.screenshot(os.path.join(args.out, "playground-empty-question.png"))

        # 3. The ranking gateway in front of the local server, with an API key.
        browser.open(args.gateway + "/")
        checks.check("gateway: the page is served without the key, and asks for it",
                     browser.wait_for("!document.getElementById('key-field').hidden", 10))
        fill_red_planet(browser)
        browser.type_into("#api-key", "not-the-key")
        submit(browser)
        banner = text(browser, "#banner")
        checks.check("gateway: a wrong API key shows the 401 banner", "401" in banner and "the API key is not right" in banner, f"banner {banner!r}")
        browser.screenshot(os.path.join(args.out, "playground-401.png"))
        browser.type_into("#api-key", args.key)
        checks.check("gateway: with the key, the answer comes", submit(browser))
        check_answer(checks, browser, "gateway")
        checks.check("gateway: the key is in no URL", args.key not in browser.evaluate("location.href"))
        browser.screenshot(os.path.join(args.out, "playground-gateway.png"))
        checks.check("no JavaScript error on the page", not browser.script_errors, "; ".join(browser.script_errors)[:500])
    except Exception as error:  # a broken page or browser is a failed check, with its reason
        checks.check("the browser session", False, f"{type(error).__name__}: {error}")
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"screenshots in {args.out}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
