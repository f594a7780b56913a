"""Shared parts of the browser tests: the server on a fresh SQLite file,
headless Chromium offline, and a session with helpers for screenshots,
phone-width checks and HTTP statuses."""

import argparse
import base64
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

PASSWORD = "wuye2026"
UUID = r"[0-9a-fA-F-]{36}"
MOBILE = (360, 780)  # the narrowest phone the issue names
DESKTOP = (1280, 900)


class BrowserFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise BrowserFailure(message)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The wuye binary on a fresh SQLite file; always stopped on exit."""

    def __init__(self, binary, out):
        self.binary = os.path.abspath(binary)
        self.tmp = tempfile.mkdtemp(prefix="wuye-browser-")
        self.database = "sqlite:" + os.path.join(self.tmp, "browser.sqlite")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(out, "server.log")
        self.process = None

    def env(self):
        env = dict(os.environ)
        env["WUYE_DATABASE_URL"] = self.database
        return env

    def start(self, timeout=90):
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(self.port)],
            env=self.env(), stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserFailure(f"server exited with {self.process.returncode} before answering; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.3)
        raise BrowserFailure(f"/healthz did not answer within {timeout}s; see {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(10)
        if getattr(self, "log_file", None):
            self.log_file.close()

    def cleanup(self):
        for name in os.listdir(self.tmp):
            os.remove(os.path.join(self.tmp, name))
        os.rmdir(self.tmp)


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=zh-CN", f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--hide-scrollbars"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    # The browser console, to catch anything the Content-Security-Policy blocked.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver



# Every clickable thing a finger taps on a phone is at least this tall.
TAP = 44

TAP_CHECK = """
const TAP = arguments[0];
const small = [];
const width = document.documentElement.clientWidth;
const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('[hidden]'); };
for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
  if (!visible(el) || el.closest('.skip') || el.classList.contains('skip')) continue;
  // A check box or radio is tapped through its label.
  const target = (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('label') || el) : el;
  const r = target.getBoundingClientRect();
  if (r.height < TAP - 0.5) {
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '') +
      ' "' + (el.textContent || el.value || '').trim().slice(0, 20) + '"';
    small.push(name + ' ' + Math.round(r.height) + 'px');
  }
}
return {small: small.slice(0, 12), count: small.length, scroll: document.documentElement.scrollWidth, width: width};
"""


class Browser:
    """One Chromium, signed in as one person at a time."""

    def __init__(self, server, out):
        self.server = server
        self.out = out
        self.driver = make_driver()
        self.files = []

    def wait(self, timeout=15):
        # A condition that reads the page while a submitted form navigates away sees a stale node; it is asked again.
        return WebDriverWait(self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,))

    def wait_url(self, pattern, timeout=15):
        try:
            # The new URL and a finished document: elements found before the load completes can go stale.
            self.wait(timeout).until(lambda d: re.search(pattern, d.current_url)
                                     and d.execute_script("return document.readyState") == "complete")
        except Exception:
            raise BrowserFailure(f"expected URL matching {pattern!r}, at {self.driver.current_url}")
        return re.search(pattern, self.driver.current_url)

    def wait_text(self, text, timeout=15):
        """Waits until the page says `text`. While a submitted form navigates, the body can be
        missing or stale for a moment (seen in CI); such a look counts as not yet."""
        def says(d):
            try:
                return text in d.find_element(By.TAG_NAME, "body").text
            except WebDriverException:
                return False
        try:
            self.wait(timeout).until(says)
        except Exception:
            raise BrowserFailure(f"the page never said {text!r}, at {self.driver.current_url}")

    def find(self, selector):
        try:
            return self.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))
        except Exception:
            raise BrowserFailure(f"no {selector} on {self.driver.current_url}")

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def go(self, path):
        self.driver.get(self.server.base + path)

    def body_text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def viewport(self, size, mobile=False):
        width, height = size
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile,
        })
        time.sleep(0.2)

    def desktop(self):
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def screenshot(self, name, size, mobile=False, full_page=False):
        """A screenshot at the given viewport; with full_page, also the whole page height."""
        self.viewport(size, mobile)
        path = os.path.join(self.out, name + ".png")
        self.driver.save_screenshot(path)
        self.files.append(path)
        if full_page:
            metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
            content = metrics.get("cssContentSize") or metrics["contentSize"]
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size[0], "height": min(content["height"], 6000), "scale": 1},
            })
            full = os.path.join(self.out, name + "-full.png")
            with open(full, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            self.files.append(full)
        self.desktop()
        return path

    def pdf(self, name, **options):
        """The page printed to PDF by Chromium, kept with the artifacts."""
        data = self.driver.execute_cdp_cmd("Page.printToPDF", options)["data"]
        path = os.path.join(self.out, name + ".pdf")
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        check(os.path.getsize(path) > 1000, f"{name}.pdf is empty")
        self.files.append(path)
        return path

    def phone_check(self, name):
        """At 360 px: every clickable element at least 44 px high, and no sideways scroll."""
        self.viewport(MOBILE, mobile=True)
        report = self.driver.execute_script(TAP_CHECK, TAP)
        self.desktop()
        check(report["scroll"] <= report["width"] + 1, f"{name} scrolls sideways at 360 px ({report['scroll']}px wide)")
        check(report["count"] == 0, f"{name}: {report['count']} clickable elements under {TAP}px at 360 px: {report['small']}")

    def sign_in(self, username):
        self.driver.delete_all_cookies()
        self.go("/login")
        self.find("input#username").send_keys(username)
        self.find("input#password").send_keys(PASSWORD)
        self.find("button#sign-in").click()
        try:
            self.wait().until(lambda d: "/login" not in d.current_url)
        except Exception:
            raise BrowserFailure(f"sign-in as {username} failed; the page says: {self.body_text()[:300]!r}")

    def http_status(self, path):
        """The HTTP status of a GET with this browser's cookies (Selenium cannot see status codes)."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        request = urllib.request.Request(self.server.base + path, headers={"Cookie": cookies})
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def csp_violations(self):
        return [entry["message"] for entry in self.driver.get_log("browser")
                if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]

    def save_failure(self, name):
        try:
            self.driver.save_screenshot(os.path.join(self.out, f"failure-{name}.png"))
            with open(os.path.join(self.out, f"failure-{name}.html"), "w") as f:
                f.write(self.driver.page_source)
            log(f"failure page: {self.driver.current_url} (failure-{name}.png/.html)")
        except Exception:
            pass

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass
