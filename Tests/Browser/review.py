#!/usr/bin/env python3
"""The reporting cycle in a real browser (DESIGN §10): a UNICEF editor writes and submits the
update of rights-1 for 2014-H1; an OHCHR editor (a co-chair of the rights group) returns it
with a note; UNICEF edits and resubmits; a UN Women editor (another co-chair) approves it; the
period's page and its compiled report show it; an ILO editor (a partner, not a co-chair) sees
no review buttons; axe-core finds nothing serious on any of these pages.

    python3 Tests/Browser/review.py BASE_URL PASSWORDS_JSON SCREENSHOTS_FOLDER

PASSWORDS_JSON maps the users unicef, ohchr, unwomen and ilo to their passwords. Prints one
line per check and exits 1 when one fails.
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.argv = [sys.argv[0], sys.argv[1], "", "", sys.argv[3], sys.argv[2]]
import pages  # noqa: E402  (the browser, the checks and axe, shared with pages.py)

BASE, PASSWORDS, SHOTS = pages.BASE, json.loads(sys.argv[5]), pages.SHOTS
check, axe_check = pages.check, pages.axe_check
ACTIVITY = BASE + "/activities/rights-1?period=2014-H1"


def signed_in(user):
    driver = pages.browser(1280, 900)
    pages.sign_in(driver, user, PASSWORDS[user])
    return driver


def state(driver):
    return driver.find_element(By.ID, "update-state").text


def click(driver, text):
    """Presses a button of the update's section and waits for the page that answers: the old
    page gone (its URL may already end in #update), the new one's state shown."""
    driver.execute_script("window.mawpOldPage = true")
    driver.find_element(By.XPATH, "//section[@id='update']//button[text()='%s']" % text).click()

    def answered(d):
        try:
            return d.execute_script("return window.mawpOldPage !== true && document.readyState === 'complete'")
        except Exception:
            return False  # between the two documents
    WebDriverWait(driver, 10).until(answered)


def main():
    os.makedirs(SHOTS, exist_ok=True)
    # UNICEF writes and submits.
    unicef = signed_in("unicef")
    try:
        unicef.get(ACTIVITY)
        check(state(unicef) == "State: missing", "the update starts missing (%r)" % state(unicef))
        axe_check(unicef, "the activity page with the update form")
        Select(unicef.find_element(By.ID, "update-status")).select_by_visible_text("on track")
        unicef.find_element(By.XPATH, "//label[text()='Achievements']")
        unicef.find_element(By.ID, "update-achievements").send_keys("Chapters <in> from four agencies.\n\nA draft circulated.")
        unicef.find_element(By.ID, "update-next-steps").send_keys("Publish in December.")
        click(unicef, "Submit for review")
        check(state(unicef).startswith("State: submitted for review"), "UNICEF submitted it (%r)" % state(unicef))
        check(not unicef.find_elements(By.XPATH, "//button[text()='Approve']"), "UNICEF, its submitter, has no Approve button")
        unicef.save_screenshot(os.path.join(SHOTS, "update-submitted.png"))
    finally:
        unicef.quit()
    # ILO partners in rights-1 but does not co-chair the group: no review.
    ilo = signed_in("ilo")
    try:
        ilo.get(ACTIVITY)
        buttons = [b.text for b in ilo.find_elements(By.CSS_SELECTOR, "#update button")]
        check("Approve" not in buttons and "Return for revision" not in buttons, "an ILO editor sees no review buttons (%r)" % buttons)
        ilo.get(BASE + "/reviews")
        check("rights-1" not in ilo.find_element(By.ID, "main").text, "nothing waits for ILO's review")
    finally:
        ilo.quit()
    # OHCHR returns it with a note, from its reviews.
    ohchr = signed_in("ohchr")
    try:
        ohchr.get(BASE + "/reviews")
        axe_check(ohchr, "/reviews")
        ohchr.find_element(By.LINK_TEXT, "rights-1").click()
        WebDriverWait(ohchr, 10).until(lambda d: "/activities/rights-1" in d.current_url)
        axe_check(ohchr, "the activity page with the review form")
        ohchr.find_element(By.ID, "review-note-text").send_keys("Name the four agencies.")
        click(ohchr, "Return for revision")
        check(state(ohchr).startswith("State: returned for revision"), "OHCHR returned it (%r)" % state(ohchr))
        check("Review note: Name the four agencies." in ohchr.find_element(By.ID, "update").text, "the note shows")
    finally:
        ohchr.quit()
    # UNICEF edits and submits again.
    unicef = signed_in("unicef")
    try:
        unicef.get(ACTIVITY)
        text = unicef.find_element(By.ID, "update-achievements").get_attribute("value")
        check(text == "Chapters <in> from four agencies.\n\nA draft circulated.", "the draft keeps its paragraphs (%r)" % text)
        unicef.find_element(By.ID, "update-achievements").send_keys(" UNICEF, ILO, IOM and UNFPA sent chapters.")
        click(unicef, "Submit for review")
        check(state(unicef).startswith("State: submitted for review"), "UNICEF submitted it again")
    finally:
        unicef.quit()
    # UN Women approves.
    unwomen = signed_in("unwomen")
    try:
        unwomen.get(BASE + "/reviews")
        unwomen.find_element(By.LINK_TEXT, "rights-1").click()
        WebDriverWait(unwomen, 10).until(lambda d: "/activities/rights-1" in d.current_url)
        click(unwomen, "Approve")
        check(state(unwomen).startswith("State: approved"), "UN Women approved it (%r)" % state(unwomen))
        unwomen.get(BASE + "/periods/2014-H1")
        axe_check(unwomen, "/periods/2014-H1")
        rights = unwomen.find_element(By.ID, "group-rights").text
        check("rights-1" in rights and "approved" in rights, "the period's grid shows it approved")
        unwomen.save_screenshot(os.path.join(SHOTS, "period-grid.png"))
        unwomen.get(BASE + "/periods")
        axe_check(unwomen, "/periods")
        unwomen.find_element(By.LINK_TEXT, "2014-H1").click()
        WebDriverWait(unwomen, 10).until(lambda d: "/periods/2014-H1" in d.current_url)
        unwomen.find_element(By.LINK_TEXT, "page").click()
        WebDriverWait(unwomen, 10).until(lambda d: "Progress report" in d.page_source)
        report = unwomen.find_element(By.TAG_NAME, "body").text
        check("Chapters <in> from four agencies." in report and "UNICEF, ILO, IOM and UNFPA sent chapters." in report,
              "the compiled report shows the approved update")
        axe_check(unwomen, "the compiled report (HTML)")
    finally:
        unwomen.quit()
    print("%d checks failed" % len(pages.FAILURES))
    sys.exit(1 if pages.FAILURES else 0)


if __name__ == "__main__":
    main()
