"""Headless Chromium for the browser tests and bench/bench_review.py: Debian's `chromium` and
`chromium-driver` packages, driven by Selenium with an explicit driver path, so nothing is ever
downloaded (Selenium Manager is not asked). `.ci/run` installs both packages when missing."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from collections.abc import Iterator


class BrowserMissing(RuntimeError):
    pass


def _find(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.path.exists(name) else None)
        if found:
            return found
    return None


@contextmanager
def chromium(width: int = 1366, height: int = 860) -> Iterator["object"]:
    """A headless Chromium WebDriver with a laptop-sized window; BrowserMissing if it cannot start."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        raise BrowserMissing("selenium is not installed (pip install -e '.[dev]')") from e
    binary = _find("PRESSFACTS_CHROMIUM", "chromium", "/usr/bin/chromium")
    driver_path = _find("PRESSFACTS_CHROMEDRIVER", "chromedriver", "/usr/bin/chromedriver")
    for what, path in (("chromium", binary), ("chromedriver", driver_path)):
        if not path or not os.access(path, os.X_OK):  # never let Selenium go looking (it would download)
            raise BrowserMissing(f"{what} not found{f' at {path}' if path else ''} "
                                 "(apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-extensions", "--no-first-run", f"--window-size={width},{height}"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except Exception as e:  # noqa: BLE001 - any start-up failure means no browser to test with
        raise BrowserMissing(f"chromium did not start: {e}") from e
    try:
        yield driver
    finally:
        driver.quit()
