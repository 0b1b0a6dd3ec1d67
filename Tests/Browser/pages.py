#!/usr/bin/env python3
"""The web pages in a real browser: Debian's chromium, driven by selenium through
chromium-driver, with axe-core (axe-selenium-python) for accessibility.

    python3 Tests/Browser/pages.py BASE_URL USER PASSWORD SCREENSHOTS_FOLDER

The server at BASE_URL holds the plan ServerTests/BrowserTests made: UNICEF leads rights-1
(its milestone rights-1.1 open), ILO leads decent-work-1 alone, and rights-2 has a hostile
title. USER is a UNICEF editor. Prints one line per check and exits 1 when one fails.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

try:
    from axe_selenium_python import Axe
except ImportError:  # pragma: no cover
    Axe = None

BASE, USER, PASSWORD, SHOTS = sys.argv[1:5]
ADMIN, ADMIN_PASSWORD = (sys.argv[5], sys.argv[6]) if len(sys.argv) > 6 else (None, None)
FAILURES = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        FAILURES.append(what)


def browser(width, height, phone=False):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=%d,%d" % (width, height),
                     "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    if phone:
        # A phone's viewport (a headless window cannot be made that narrow).
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 3.0}})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def axe_check(driver, page):
    if Axe is None:
        check(False, "axe-selenium-python is installed")
        return
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    check(not serious, "axe: no serious or critical violation on %s%s" % (
        page, "" if not serious else ": " + "; ".join("%s (%s) at %s" % (v["id"], v["impact"], ", ".join(
            str(node.get("target")) for node in v.get("nodes", [])[:3])) for v in serious)))


def sign_in(driver, user=None, password=None):
    driver.get(BASE + "/")
    check("/sign-in" in driver.current_url, "a visitor is sent to sign in")
    axe_check(driver, "/sign-in")
    driver.find_element(By.XPATH, "//label[text()='User name']")
    driver.find_element(By.ID, "user").send_keys(user or USER)
    driver.find_element(By.XPATH, "//label[text()='Password']")
    driver.find_element(By.ID, "password").send_keys(password or PASSWORD)
    driver.find_element(By.XPATH, "//button[text()='Sign in']").click()
    try:
        WebDriverWait(driver, 10).until(lambda d: "/sign-in" not in d.current_url)
    except Exception:
        pass
    check(driver.current_url.rstrip("/") == BASE.rstrip("/"), "and comes back to the dashboard after signing in (%s)" % driver.current_url)


def main():
    os.makedirs(SHOTS, exist_ok=True)
    visitor = browser(1280, 900)
    try:
        visitor.get(BASE + "/password")
        check("Set password" in visitor.page_source, "the password page")
        axe_check(visitor, "/password")
    finally:
        visitor.quit()
    alerts = []
    driver = browser(1280, 900)
    try:
        sign_in(driver)
        driver.get(BASE + "/?asOf=2014-12-31")
        before = driver.find_element(By.ID, "totals").text
        axe_check(driver, "/ (the dashboard)")
        driver.save_screenshot(os.path.join(SHOTS, "dashboard-desktop.png"))
        driver.get(BASE + "/my-agency")
        check("rights-1" in driver.page_source and "decent-work-1" not in driver.page_source, "My agency lists UNICEF's work only")
        axe_check(driver, "/my-agency")
        driver.find_element(By.LINK_TEXT, "rights-1").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/activities/rights-1"))
        axe_check(driver, "/activities/rights-1")
        driver.save_screenshot(os.path.join(SHOTS, "activity-desktop.png"))
        date = driver.find_element(By.ID, "done-on-rights-1.1")
        driver.execute_script("arguments[0].value = '2014-06-20'", date)
        driver.find_element(By.ID, "done-note-rights-1.1").send_keys("all chapters in")
        driver.find_element(By.CSS_SELECTOR, "form[action='/milestones/rights-1.1/done'] button").click()
        WebDriverWait(driver, 10).until(lambda d: "Reopen" in d.page_source)
        check("Reopen" in driver.page_source, "the milestone shows as done, with Reopen")
        driver.get(BASE + "/?asOf=2014-12-31")
        after = driver.find_element(By.ID, "totals").text
        check(before != after and "1 of" in after, "the dashboard's numbers changed (%r → %r)" % (before, after))
        for path in ["/slippage", "/log", "/groups", "/groups/rights"]:
            driver.get(BASE + path)
            axe_check(driver, path)
        # The navigation: the same places on every page, the one shown marked, no Admin for an editor.
        driver.get(BASE + "/groups")
        nav = driver.find_element(By.CSS_SELECTOR, "nav[aria-label='Site']")
        labels = [a.text for a in nav.find_elements(By.CSS_SELECTOR, "a:not(.who)")]
        check(labels == ["Dashboard", "My agency", "Groups", "Periods", "Reviews", "Calendar", "Slippage", "Log"],
              "the navigation's places (%r)" % labels)
        # The user's own page, by their name beside Sign out: the reminder setting.
        nav.find_element(By.CSS_SELECTOR, "a.who").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/me"))
        axe_check(driver, "/me")
        Select(driver.find_element(By.ID, "reminders")).select_by_value("daily")
        driver.find_element(By.CSS_SELECTOR, "#reminders-form button").click()
        WebDriverWait(driver, 10).until(lambda d: "saved=1" in d.current_url)
        check(driver.find_element(By.ID, "me-saved").text == "Saved." and
              Select(driver.find_element(By.ID, "reminders")).first_selected_option.get_attribute("value") == "daily",
              "the reminder setting is saved")
        # A calendar link: shown once, then listed.
        driver.get(BASE + "/calendar")
        axe_check(driver, "/calendar")
        driver.find_element(By.CSS_SELECTOR, "#new-calendar-link button").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "secret-value"))
        link = driver.find_element(By.ID, "secret-value").text
        check("/calendar/mawpcal_" in link and link.endswith(".ics"), "the new calendar link is shown (%r)" % link)
        axe_check(driver, "/calendar with a new link")
        driver.save_screenshot(os.path.join(SHOTS, "calendar-desktop.png"))
        driver.get(BASE + "/calendar")
        check(not driver.find_elements(By.ID, "secret-value") and driver.find_elements(By.ID, "calendar-links"), "then only listed")
        driver.get(BASE + "/groups")
        nav = driver.find_element(By.CSS_SELECTOR, "nav[aria-label='Site']")
        current = nav.find_elements(By.CSS_SELECTOR, "a[aria-current='page']")
        check([a.text for a in current] == ["Groups"], "the page shown is marked in the navigation")
        driver.find_element(By.LINK_TEXT, "rights").click()
        WebDriverWait(driver, 10).until(lambda d: "/groups/rights" in d.current_url)
        check("/groups/rights" in driver.current_url, "a group on /groups leads to its page")
        # Drop and Cancel activity ask on a second page first; going back changes nothing.
        driver.get(BASE + "/activities/rights-1")
        driver.find_element(By.CSS_SELECTOR, "form[action='/milestones/rights-1.1/drop'] button").click()
        WebDriverWait(driver, 10).until(lambda d: "Drop rights-1.1?" in d.page_source)
        check(driver.find_element(By.TAG_NAME, "h1").text == "Drop rights-1.1?", "Drop asks for confirmation on a second page")
        axe_check(driver, "the confirmation of Drop")
        driver.save_screenshot(os.path.join(SHOTS, "confirm-desktop.png"))
        driver.find_element(By.ID, "go-back").click()
        WebDriverWait(driver, 10).until(lambda d: "/activities/rights-1" in d.current_url)
        check("Reopen" in driver.page_source, "going back leaves the milestone as it was")
        driver.find_element(By.XPATH, "//button[text()='Cancel activity']").click()
        WebDriverWait(driver, 10).until(lambda d: "Cancel rights-1?" in d.page_source)
        axe_check(driver, "the confirmation of Cancel activity")
        driver.find_element(By.ID, "go-back").click()
        driver.get(BASE + "/activities/decent-work-1")
        check("Mark done" not in driver.page_source, "no edit controls on an ILO-only activity")
        driver.get(BASE + "/activities/rights-2")
        check(not driver.find_elements(By.TAG_NAME, "script"), "a hostile title runs nothing (no script element)")
        try:
            alerts.append(driver.switch_to.alert.text)
        except Exception:
            pass
        check(not alerts, "no alert was raised")
        check("<script>alert(1)</script>" in driver.find_element(By.TAG_NAME, "h1").text, "the hostile title shows as text")
        # Keyboard: Tab reaches the first link with a visible focus ring.
        driver.get(BASE + "/")
        body = driver.find_element(By.TAG_NAME, "body")
        from selenium.webdriver.common.keys import Keys
        body.send_keys(Keys.TAB)
        focused = driver.switch_to.active_element
        outline = focused.value_of_css_property("outline-style")
        check(focused.tag_name in ("a", "button", "input") and outline not in ("none", ""), "Tab reaches a control, with a visible focus")
    finally:
        driver.quit()
    phone = browser(390, 844, phone=True)
    try:
        sign_in(phone)
        phone.get(BASE + "/?asOf=2014-12-31")
        width, viewport = phone.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        check(viewport <= 400 and width <= viewport, "the dashboard fits a phone's width (%d px in %d)" % (width, viewport))
        phone.save_screenshot(os.path.join(SHOTS, "dashboard-phone.png"))
        phone.get(BASE + "/activities/rights-1")
        phone.save_screenshot(os.path.join(SHOTS, "activity-phone.png"))
    finally:
        phone.quit()
    if ADMIN:
        admin = browser(1280, 900)
        try:
            sign_in(admin, ADMIN, ADMIN_PASSWORD)
            admin.get(BASE + "/admin")
            check("Invite a focal point" in admin.page_source, "an admin sees the users and tokens")
            nav = admin.find_element(By.CSS_SELECTOR, "nav[aria-label='Site']")
            check(nav.find_element(By.CSS_SELECTOR, "a[aria-current='page']").text == "Admin", "an admin's navigation has Admin, marked")
            axe_check(admin, "/admin")
            admin.save_screenshot(os.path.join(SHOTS, "admin-desktop.png"))
        finally:
            admin.quit()
    print("%d checks failed" % len(FAILURES))
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
