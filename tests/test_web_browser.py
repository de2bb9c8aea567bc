"""The dashboard in a real headless Chromium (Debian's `chromium` and `chromium-driver`, driven by
selenium): log in with a one-time link, read the overview, filter the tasks, open a task and its
evidence, correct a lead and a deadline, ingest the plan again and see the corrections kept. Screenshots
go to $PLANBOT_ARTIFACTS (else the test's temporary folder).

Skipped with the reason when Chromium or its driver is missing; a failure when PLANBOT_REQUIRE_BROWSER=1
(as in CI, where .ci/run installs them).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from bot import web_auth
from knowledge.messages import t
from tests.test_e2e_telegram import _free_port
from tests.web_world import EVIDENCE_BYTES, make_world

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)
MISSING = (
    "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) and selenium"
)


def _need_browser():
    try:
        import selenium  # noqa: F401
    except ImportError:
        selenium_ok = False
    else:
        selenium_ok = True
    if CHROMIUM and CHROMEDRIVER and selenium_ok:
        return
    if os.environ.get("PLANBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PLANBOT_REQUIRE_BROWSER=1 but the browser is missing: {MISSING}")
    pytest.skip(MISSING)


@pytest.fixture
def artifacts(tmp_path) -> Path:
    folder = Path(os.environ.get("PLANBOT_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def served(tmp_path):
    """The world's dashboard on a real uvicorn server on 127.0.0.1 (in a thread)."""
    _need_browser()
    from bot.web_runtime import make_server
    from handlers.web.app import create_app

    port = _free_port()
    world = make_world(tmp_path, web_url=f"http://127.0.0.1:{port}")
    world.config = type(world.config)(
        **{**world.config.__dict__, "web_listen": "127.0.0.1", "web_port": port}
    )
    server = make_server(create_app(world.dashboard), world.config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.05)
    yield world, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    world.db.conn.close()


@pytest.fixture
def browser(tmp_path):
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,900",
        "--lang=vi",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _navigates(driver, element, action="click"):
    """Click (or submit) `element` and wait until its page is gone."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    getattr(element, action)()
    WebDriverWait(driver, 15).until(expected_conditions.staleness_of(element))


def _shot(driver, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(height + 120, 600), 4000))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 5000
    return path


def test_dashboard_in_chromium(served, browser, artifacts):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    world, base = served
    driver = browser

    # Log in with a one-time link, as /web gives it.
    link = world.dashboard.link_for(world.admin)
    assert link.startswith(base + "/login/")
    driver.get(link)
    _navigates(driver, driver.find_element(By.ID, "login-continue"))
    assert driver.current_url == base + "/"
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert heading == "Tổng quan tiến độ"
    assert driver.find_elements(By.CSS_SELECTOR, "figure.chart svg rect.bar-done")
    assert "Phòng Kinh tế" in driver.find_element(By.TAG_NAME, "main").text
    _shot(driver, artifacts, "01-overview")

    # The keyboard reaches the skip link first, and it leads to the content.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("class") == "skip"

    # Filter the tasks: Phòng Kinh tế's, in plan 205.
    driver.get(base + "/tasks")
    Select(driver.find_element(By.ID, "unit")).select_by_visible_text("Phòng Kinh tế")
    Select(driver.find_element(By.ID, "plan")).select_by_visible_text("205/KH-UBND")
    _navigates(driver, driver.find_element(By.ID, "apply-filters"))
    assert f"unit={world.economy}" in driver.current_url
    rows = driver.find_elements(By.CSS_SELECTOR, "table.tasks tbody tr")
    texts = [row.text for row in rows]
    assert any("tại chợ xã" in text for text in texts)
    assert not any("ngày hội chuyển đổi số" in text for text in texts)
    _shot(driver, artifacts, "02-tasks-filtered")

    # Open the task and its evidence.
    _navigates(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "tại chợ xã"))
    assert "Đã họp triển khai với ban quản lý chợ" in driver.find_element(By.TAG_NAME, "main").text
    evidence = driver.find_element(By.CSS_SELECTOR, "a.evidence")
    assert evidence.get_attribute("href").endswith(f"/evidence/{world.update_id}")
    fetched = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text().then(t => done([r.status, t])));",
        evidence.get_attribute("href"),
    )
    assert fetched == [200, EVIDENCE_BYTES.decode()]
    _shot(driver, artifacts, "03-task-with-evidence")

    # Plan review: the doubtful tasks first.
    driver.get(base + "/plans/2")
    first_row = driver.find_element(By.CSS_SELECTOR, "#plan-tasks tbody tr")
    assert "doubtful" in first_row.get_attribute("class")
    _shot(driver, artifacts, "04-plan-review")

    # Correct the collective lead and the deadline of the task with markup in its text.
    driver.get(f"{base}/tasks/{world.script_task}")
    assert "<script>alert(1)</script>" in driver.find_element(By.ID, "task-content").text  # shown as text
    lead = driver.find_element(By.ID, "value-lead")
    lead.clear()
    lead.send_keys("Phòng Kinh tế")
    _navigates(driver, lead, "submit")
    assert driver.find_element(By.CSS_SELECTOR, ".notice.ok").text == "Đã lưu."
    deadline = driver.find_element(By.ID, "value-deadline")
    deadline.clear()
    deadline.send_keys("20/12/2026")
    _navigates(driver, deadline, "submit")
    assert "Phòng Kinh tế" in driver.find_element(By.ID, "task-lead").text
    assert "20/12/2026" in driver.find_element(By.ID, "task-deadline").text
    _shot(driver, artifacts, "05-corrected")

    # Ingest the same plan again (as `planbot ingest` does): the corrections are kept.
    _, result = world.reingest()
    assert not result.created
    driver.refresh()
    assert "Phòng Kinh tế" in driver.find_element(By.ID, "task-lead").text
    assert "20/12/2026" in driver.find_element(By.ID, "task-deadline").text
    assert "Các phòng, ban, đơn vị" in driver.find_element(By.CSS_SELECTOR, "table.audit").text
    _shot(driver, artifacts, "06-after-reingest")

    # On a phone.
    driver.set_window_size(390, 844)
    driver.get(base + "/")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 400
    driver.save_screenshot(str(artifacts / "07-phone-overview.png"))


def test_a_used_link_fails_in_the_browser(served, browser):
    from selenium.webdriver.common.by import By

    world, base = served
    token = web_auth.issue_link(world.db, world.member, world.clock.now())
    browser.get(f"{base}/login/{token}")
    _navigates(browser, browser.find_element(By.ID, "login-continue"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tổng quan tiến độ"
    browser.delete_all_cookies()
    browser.get(f"{base}/login/{token}")
    # Before login the page speaks the browser's language (headless Chromium asks for English).
    said = browser.find_element(By.ID, "login-refused").text
    assert said in (t("vi", "web.login.used"), t("en", "web.login.used"))
    browser.get(base + "/tasks")
    assert browser.find_element(By.TAG_NAME, "h1").text in (
        t("vi", "web.login.title"),
        t("en", "web.login.title"),
    )
