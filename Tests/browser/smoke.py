#!/usr/bin/env python3
"""Browser smoke test for Wuye's key cabinet.

    python3 Tests/browser/smoke.py --binary .build/debug/wuye --out artifacts/

Starts the server itself (fresh SQLite file, demo data) on a free local port
and drives headless Chromium through it:

  1. kf.lingban signs in and lands on the cabinet;
  2. opens a key that is in the cabinet and issues it to a colleague, with a
     signature drawn on the canvas;
  3. takes it back (condition good);
  4. finds the checkout in the ledger, opens the print view and saves it as
     a PDF;
  5. kf.yuangong, in a fresh session, is refused the issue form.

Screenshots, the PDF, the server log and (on failure) the page source go to
--out. The last line of output is "1 passed, 0 failed" or "0 passed, 1 failed".
"""

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
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

PASSWORD = "wuye2026"
UUID = r"[0-9a-fA-F-]{36}"
MOBILE = (360, 780)  # the narrowest phone the issue names
DESKTOP = (1280, 900)


class SmokeFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise SmokeFailure(message)


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
        self.tmp = tempfile.mkdtemp(prefix="wuye-smoke-")
        self.database = "sqlite:" + os.path.join(self.tmp, "smoke.sqlite")
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
                raise SmokeFailure(f"server exited with {self.process.returncode} before answering; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.3)
        raise SmokeFailure(f"/healthz did not answer within {timeout}s; see {self.log_path}")

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


class Smoke:
    def __init__(self, server, out):
        self.server = server
        self.out = out
        self.driver = None
        self.warnings = []
        self.files = []

    # -- helpers ---------------------------------------------------------

    def wait(self, timeout=15):
        return WebDriverWait(self.driver, timeout)

    def wait_url(self, pattern, timeout=15):
        try:
            self.wait(timeout).until(lambda d: re.search(pattern, d.current_url))
        except Exception:
            raise SmokeFailure(f"expected URL matching {pattern!r}, at {self.driver.current_url}")
        return re.search(pattern, self.driver.current_url)

    def find(self, selector):
        try:
            return self.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))
        except Exception:
            raise SmokeFailure(f"no {selector} on {self.driver.current_url}")

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

    def screenshot(self, name, size, mobile=False, full_page=False):
        """A screenshot at the given viewport; with full_page, also the whole
        page height (to see what is below the fold)."""
        self.viewport(size, mobile)
        self.check_overflow(name, size)
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
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def check_overflow(self, name, size):
        """Warns (does not fail) when the page scrolls sideways or an element
        sticks out of the viewport."""
        report = self.driver.execute_script("""
            const width = document.documentElement.clientWidth;
            const wide = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
                    let id = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                             (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
                    wide.push(id + ' right=' + Math.round(r.right));
                }
            }
            return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 8)};
        """)
        if report["scroll"] > report["width"] + 1 or report["wide"]:
            message = (f"{name} at {size[0]}x{size[1]}: page is {report['scroll']}px wide for a "
                       f"{report['width']}px viewport; sticking out: {', '.join(report['wide']) or 'none'}")
            self.warnings.append(message)
            log("WARN " + message)

    def sign_in(self, username):
        self.go("/login")
        self.find("input#username").send_keys(username)
        self.find("input#password").send_keys(PASSWORD)
        self.find("button#sign-in").click()
        try:
            self.wait().until(lambda d: "/login" not in d.current_url)
        except Exception:
            raise SmokeFailure(f"sign-in as {username} failed; the page says: {self.body_text()[:300]!r}")

    def http_status(self, path):
        """The HTTP status of a GET with this browser session's cookies
        (Selenium cannot see status codes)."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        request = urllib.request.Request(self.server.base + path, headers={"Cookie": cookies})
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    # -- the scenario ----------------------------------------------------

    def run(self):
        self.driver = make_driver()
        d = self.driver
        d.set_window_size(*DESKTOP)

        log("sign in as kf.lingban")
        self.sign_in("kf.lingban")
        match = self.wait_url(rf"/properties/({UUID})/keys(\?|$)")
        property_id = match.group(1)
        self.find("table#cabinet")
        check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", "cabinet page is not in Chinese")
        check("钥匙柜" in self.body_text(), "cabinet page lacks 钥匙柜")
        self.screenshot("cabinet-1280x900", DESKTOP, full_page=True)
        self.screenshot("cabinet-360x780", MOBILE, mobile=True, full_page=True)

        log("open a key that is in the cabinet")
        self.go(f"/properties/{property_id}/keys?status=in_cabinet")
        # A room key: a customer's spare key needs security first (KY-6).
        rows = d.find_elements(By.CSS_SELECTOR, "table#cabinet tbody tr[data-tag][data-kind=room]")
        check(rows, "no room key in the cabinet (status=in_cabinet lists none)")
        tag = rows[0].get_attribute("data-tag")
        link = rows[0].find_element(By.CSS_SELECTOR, "td:first-child a")
        href = link.get_attribute("href")
        check(re.search(rf"/keys/{UUID}$", href), f"first cell link is {href}")
        link.click()
        key_id = self.wait_url(rf"/keys/({UUID})$").group(1)
        log(f"key {tag} ({key_id})")

        log("issue it")
        self.find("a#issue-key").click()
        self.wait_url(rf"/keys/{key_id}/issue$")
        form = self.find("form#issue-form")
        staff_radio = form.find_element(By.CSS_SELECTOR, "input[name=borrowerKind][value=staff]")
        check(staff_radio.is_selected(), "the staff borrower is not the default")
        self.screenshot("issue-form-360x780", MOBILE, mobile=True, full_page=True)
        d.set_window_size(*DESKTOP)
        select = Select(self.find("select#borrowerStaffID"))
        options = [o for o in select.options if o.get_attribute("value")]
        check(options, "no colleague to issue the key to")
        borrower = options[0].text.strip()
        select.select_by_value(options[0].get_attribute("value"))
        purpose = f"冒烟测试 {time.strftime('%H%M%S')}"
        self.find("input#purpose").send_keys(purpose)
        check(self.find("input#expectedReturnAt").get_attribute("value"), "expectedReturnAt has no default")
        self.draw_signature()
        self.find("button#issue-submit").click()
        checkout_id = self.wait_url(rf"/checkouts/({UUID})$").group(1)
        facts = self.find("dl#checkout-facts").text
        check(tag in facts and borrower in facts, f"checkout facts lack {tag}/{borrower}: {facts!r}")
        log(f"issued to {borrower}: checkout {checkout_id}")

        log("take it back")
        return_form = self.find("form#return-form")
        check(return_form.find_element(By.CSS_SELECTOR, "input[name=condition][value=good]").is_selected(),
              "condition good is not the default")
        self.find("button#return-submit").click()
        self.wait().until(lambda d: not d.find_elements(By.CSS_SELECTOR, "form#return-form"))
        self.go(f"/keys/{key_id}")
        check(self.find("a#issue-key"), "key is not back in the cabinet")

        log("ledger")
        ledger_link = self.find(f"header nav a[href='/properties/{property_id}/ledger']")
        ledger_link.click()
        self.wait_url(rf"/properties/{property_id}/ledger")
        self.check_ledger(tag, borrower, purpose)

        log("ledger print view and PDF")
        self.find("a#print-view").click()
        self.wait_url(r"print=1")
        self.check_ledger(tag, borrower, purpose)
        self.screenshot("ledger-print-1280x900", DESKTOP, full_page=True)
        pdf = d.execute_cdp_cmd("Page.printToPDF", {
            "printBackground": True, "preferCSSPageSize": True, "landscape": True,
        })
        pdf_path = os.path.join(self.out, "ledger.pdf")
        with open(pdf_path, "wb") as f:
            f.write(base64.b64decode(pdf["data"]))
        check(os.path.getsize(pdf_path) > 1000, "ledger.pdf is empty")
        self.files.append(pdf_path)
        # What the printed page looks like, as a picture.
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        self.screenshot("ledger-print-media-1123x794", (1123, 794), full_page=True)
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

        log("kf.yuangong may not issue keys")
        d.delete_all_cookies()
        self.sign_in("kf.yuangong")
        self.go(f"/keys/{key_id}/issue")
        text = self.body_text()
        check("没有权限" in text or "Not allowed" in text, f"kf.yuangong was not refused: {text[:300]!r}")
        check(not d.find_elements(By.CSS_SELECTOR, "form#issue-form"), "kf.yuangong sees the issue form")
        status = self.http_status(f"/keys/{key_id}/issue")
        check(status == 403, f"GET /keys/{key_id}/issue as kf.yuangong answered {status}, not 403")
        self.screenshot("not-allowed-360x780", MOBILE, mobile=True)

        log("no Content-Security-Policy violations in the console")
        blocked = [entry["message"] for entry in d.get_log("browser")
                   if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]
        check(not blocked, f"the page broke its own Content-Security-Policy: {blocked[:3]}")

    def draw_signature(self):
        canvas = self.find("canvas#sig")
        d = self.driver
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
        width = canvas.size["width"]
        # Offsets are from the centre of the canvas.
        x0 = -int(width * 0.35)
        chain = ActionChains(d).move_to_element_with_offset(canvas, x0, 10).click_and_hold()
        for step in range(1, 13):
            chain.move_by_offset(int(width * 0.06), -22 if step % 2 else 22)
        chain.release().perform()
        value = self.find("input#signature").get_attribute("value") or ""
        if not value.startswith("data:image/png"):
            self.warnings.append("the drawn signature did not reach input#signature")
            log("WARN the drawn signature did not reach input#signature")

    def check_ledger(self, tag, borrower, purpose):
        table = self.find("table#ledger")
        text = table.text
        check(tag in text, f"ledger lacks the tag {tag}")
        check(borrower in text, f"ledger lacks the borrower {borrower}")
        rows = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
        check(any(tag in r and borrower in r and purpose in r for r in rows),
              f"no ledger row has {tag}, {borrower} and {purpose!r}")

    def save_failure(self):
        if not self.driver:
            return
        try:
            self.driver.save_screenshot(os.path.join(self.out, "failure.png"))
            with open(os.path.join(self.out, "failure.html"), "w") as f:
                f.write(self.driver.page_source)
            log(f"failure page: {self.driver.current_url} (failure.png, failure.html)")
        except Exception:
            pass

    def quit(self):
        if self.driver:
            try:
                self.driver.quit()
            except Exception:
                pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/debug/wuye")
    parser.add_argument("--out", default="artifacts")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    server = Server(args.binary, args.out)
    # SIGTERM (e.g. a CI timeout) goes through the finally blocks too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    smoke = Smoke(server, args.out)
    passed = False
    started = time.monotonic()
    try:
        check(os.access(server.binary, os.X_OK), f"{server.binary} is not an executable")
        log(f"starting {server.binary} on {server.base}")
        server.start()
        try:
            smoke.run()
        except Exception:
            smoke.save_failure()
            raise
        finally:
            smoke.quit()
            server.stop()
        log("audit verify")
        verify = subprocess.run([server.binary, "audit", "verify"], env=server.env(),
                                capture_output=True, text=True, timeout=120)
        print(verify.stdout.strip() or verify.stderr.strip(), flush=True)
        check(verify.returncode == 0, f"wuye audit verify exited {verify.returncode}: {verify.stderr.strip()}")
        passed = True
    except Exception as error:
        if not isinstance(error, SmokeFailure):
            traceback.print_exc()
        print(f"FAIL key cabinet smoke: {error}", flush=True)
    finally:
        smoke.quit()
        server.stop()
        server.cleanup()

    for warning in smoke.warnings:
        print(f"WARN {warning}")
    if smoke.files:
        print("artifacts: " + ", ".join(smoke.files))
    if passed:
        print(f"PASS key cabinet smoke ({time.monotonic() - started:.1f}s)")
    print("1 passed, 0 failed" if passed else "0 passed, 1 failed", flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
