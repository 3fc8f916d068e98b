"""Page objects for the browser tests: what a person sees and does, found by role and label.

Locators follow what assistive technology reads: roles, accessible names and
labels. A test written with them also shows the page can be used that way. Names
are the Swedish ones; pages that work in any language find things by role alone.
"""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page


class SitePage:
    """Any page of the site: open it, check it with axe, measure it."""

    path = "/"

    def __init__(self, page: Page):
        self.page = page

    def open(self, query: str = "", **values) -> "SitePage":
        """Go to the page's address, filled with values, with a query string if given."""
        path = self.path.format(**values)
        self.page.goto(f"{path}?{query}" if query else path)
        return self

    @property
    def heading(self) -> Locator:
        """The page's one main heading."""
        return self.page.get_by_role("heading", level=1)

    def axe_violations(self) -> list[dict]:
        """Run axe on the page as it stands; return the violations it reports."""
        return Axe().run(self.page).response["violations"]

    def scroll_width(self) -> int:
        """Return how wide the document is, in CSS pixels."""
        return self.page.evaluate("document.documentElement.scrollWidth")


class PublicPage(SitePage):
    """A page of the public site, with its header, main menu and language switcher."""

    path = "/{lang}/"

    @property
    def brand(self) -> Locator:
        """The site's name in the header, a link to the start page."""
        return self.page.get_by_role("banner").get_by_role("link").first

    @property
    def main_menu(self) -> Locator:
        """The header's main menu."""
        return self.page.get_by_role("banner").get_by_role("navigation").first

    def language_link(self, endonym: str) -> Locator:
        """The switcher's link to a language, named as the language names itself."""
        return self.page.get_by_role("link", name=endonym, exact=True)

    def switch_language(self, endonym: str) -> None:
        """Read the same page in another language."""
        self.language_link(endonym).click()

    @property
    def help_link(self) -> Locator:
        """The header's link to the help block (its name is the word for help)."""
        return self.page.get_by_role("banner").locator("a[href='#help']")

    @property
    def help_block(self) -> Locator:
        """ "Need help?" before the footer: phone, hours, interpreter, no code."""
        return self.page.get_by_role("complementary")

    @property
    def help_phone(self) -> Locator:
        """The municipality's phone number, a link that calls it."""
        return self.help_block.locator("a[href^='tel:']")

    @property
    def listen_button(self) -> Locator:
        """The button that reads the page aloud, pauses and goes on (shown if a voice exists)."""
        return self.page.get_by_role("banner").locator("[data-listen-play]")

    @property
    def stop_listening_button(self) -> Locator:
        """The button that stops the reading."""
        return self.page.get_by_role("banner").locator("[data-listen-stop]")

    def spoken(self) -> list[dict]:
        """Return what the injected fake speech synthesis was asked to say."""
        return self.page.evaluate("window.__spoken || []")


class StartPage(PublicPage):
    """The start page: how choosing works, and the services to choose among."""

    path = "/{lang}/"


class EasyReadPage(PublicPage):
    """A lättläst (easy-to-read Swedish) page, with the menu of the others."""

    path = "/sv/lattlast/{page}"

    @property
    def easy_read_menu(self) -> Locator:
        """The list of lättläst pages at the end of each."""
        return self.page.get_by_role("navigation", name="Fler lättlästa sidor")


# A headline share as every language writes it: "42 %", "42%", "%42" or in Arabic digits.
SHARE = re.compile(r"^\s*(\d+\s?%|%\s?\d+|[\u0660-\u0669]+\s?٪)\s*$")


class ProviderList(PublicPage):
    """The list of providers, with folded filters and boxes to tick for comparison."""

    path = "/{lang}/providers"

    @property
    def filter_panel(self) -> Locator:
        """The group the filters fold into, the page's first (open beside the list when wide)."""
        return self.page.get_by_role("main").get_by_role("group").first

    @property
    def filter_toggle(self) -> Locator:
        """The one control that unfolds the filters, saying how many are in use.

        Browsers give a details element's summary no ARIA role, so it is found as the
        group's summary.
        """
        return self.filter_panel.locator("summary")

    @property
    def filters(self) -> Locator:
        """The filter form, a search landmark."""
        return self.page.get_by_role("search")

    def open_filters(self) -> None:
        """Unfold the filters, as a person on a phone does first."""
        if not self.filter_panel.evaluate("details => details.open"):
            self.filter_toggle.click()

    def filter_by(self, label: str, value: str) -> None:
        """Pick a value in one of the filters' selects."""
        self.open_filters()
        self.filters.get_by_label(label, exact=True).select_option(value)

    def search(self, text: str) -> None:
        """Type in the name search."""
        self.open_filters()
        self.filters.get_by_label("Sök på namn").fill(text)

    def show(self) -> None:
        """Send the filters (what a person without JavaScript does)."""
        self.open_filters()
        self.filters.get_by_role("button", name="Visa anordnare").click()

    @property
    def result_count(self) -> Locator:
        """The live summary of how many providers match."""
        return self.page.get_by_role("status")

    @property
    def results(self) -> Locator:
        """The region that holds the providers' cards."""
        return self.page.get_by_role("region").filter(has=self.page.get_by_role("article"))

    @property
    def cards(self) -> Locator:
        """One article per provider listed."""
        return self.results.get_by_role("article")

    def names(self) -> list[str]:
        """Return the providers' names, in the order listed."""
        return self.cards.get_by_role("heading", level=3).all_inner_texts()

    def card(self, name: str) -> Locator:
        """The card of the provider with this name (names are the same in every language)."""
        heading = self.page.get_by_role("heading", level=3, name=name, exact=True)
        return self.cards.filter(has=heading)

    @staticmethod
    def fact(card: Locator, term: str) -> Locator:
        """The description of one term in a card's facts, e.g. "Personalen talar"."""
        term_element = card.get_by_role("term").filter(has_text=term)
        return term_element.locator("xpath=following-sibling::dd[1]")

    @staticmethod
    def result_share(card: Locator) -> Locator:
        """The headline share in work or studies, a number with a per cent sign."""
        return card.get_by_text(SHARE)

    def compare_box(self, name: str) -> Locator:
        """The box that puts one provider in the comparison."""
        return self.page.get_by_role("checkbox", name=f"Jämför {name}", exact=True)

    def tick_for_comparison(self, how_many: int) -> list[str]:
        """Tick the first providers not yet ticked; return their names."""
        names = []
        for _ in range(how_many):
            card = self.cards.filter(has=self.page.get_by_role("checkbox", checked=False)).first
            names.append(card.get_by_role("heading", level=3).inner_text())
            card.get_by_role("checkbox").check()
        return names

    def tick_with_keyboard(self, card: Locator) -> None:
        """Tick a provider's box as a keyboard user does: focus it, press space."""
        card.get_by_role("checkbox").focus()
        self.page.keyboard.press("Space")

    @property
    def compare_bar(self) -> Locator:
        """The form that opens the comparison; it stays in view once a provider is ticked."""
        return self.page.get_by_role("form")

    @property
    def ticked_count(self) -> Locator:
        """The number of ticked providers the compare bar shows (with JavaScript)."""
        return self.compare_bar.locator("strong")

    def compare(self) -> "ComparePage":
        """Open the comparison of the ticked providers."""
        self.compare_bar.get_by_role("button").click()
        return ComparePage(self.page)


class ProfilePage(PublicPage):
    """One provider's profile."""

    path = "/{lang}/providers/{slug}"

    def compare_with_others(self) -> ProviderList:
        """Follow the link that lists the other providers with this one ticked."""
        self.page.get_by_role("link", name=re.compile("Jämför med andra anordnare")).first.click()
        return ProviderList(self.page)

    def exact_text(self, text: str) -> Locator:
        """The element that shows exactly this text, such as an organisation number."""
        return self.page.get_by_text(text, exact=True)


class ComparePage(PublicPage):
    """Providers side by side: one card each, the same facts in the same order."""

    path = "/{lang}/compare"

    @property
    def cards(self) -> Locator:
        """One list item per provider compared, named by its heading."""
        heading = self.page.get_by_role("heading", level=3)
        return self.page.get_by_role("main").get_by_role("listitem").filter(has=heading)

    @property
    def provider_names(self) -> Locator:
        """The compared providers' names, in order."""
        return self.cards.get_by_role("heading", level=3)

    @staticmethod
    def result_share(card: Locator) -> Locator:
        """A provider's headline share in work or studies."""
        return card.get_by_text(SHARE)

    @property
    def service_question(self) -> Locator:
        """The form asking which of several shared services to compare."""
        return self.page.get_by_role("form")

    def answer_service(self, index: int = 0) -> None:
        """Pick one of the offered services and show its results."""
        self.service_question.get_by_role("radio").nth(index).check()
        self.service_question.get_by_role("button").click()

    def highlight_differences(self) -> None:
        """Ask for the rows where the providers differ to be marked."""
        self.page.get_by_label("Markera skillnader").check()
        self.page.get_by_role("button", name="Uppdatera").click()

    @property
    def differing_rows(self) -> Locator:
        """Facts marked, in words, as differing between the providers."""
        return self.page.get_by_role("term").filter(has_text="(skiljer sig)")

    @property
    def print_button(self) -> Locator:
        """The print button (offered only where JavaScript can print)."""
        return self.page.get_by_role("button", name="Skriv ut")


class LoginPage(SitePage):
    """The staff login."""

    path = "/admin/login"

    def log_in(self, email: str, password: str) -> "DashboardPage":
        """Log in; the dashboard follows."""
        self.page.get_by_label("E-postadress").fill(email)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_url(re.compile(r"/admin/$"))
        return DashboardPage(self.page)


class AdminPage(SitePage):
    """A page of the staff admin, with its menu."""

    @property
    def menu(self) -> Locator:
        """The admin's sections."""
        return self.page.get_by_role("navigation", name="Administration")

    def go_to(self, section: str) -> None:
        """Open a section from the menu."""
        self.menu.get_by_role("link", name=section, exact=True).click()


class DashboardPage(AdminPage):
    """What needs attention today."""

    path = "/admin/"


class AdminProviderList(AdminPage):
    """The providers, for staff."""

    path = "/admin/providers"

    def open_provider(self, name: str) -> "AdminProviderPage":
        """Open one provider's page from the list."""
        self.page.get_by_role("table").get_by_role("link", name=name, exact=True).click()
        return AdminProviderPage(self.page)


class AdminProviderPage(AdminPage):
    """One provider's page for staff: details and authorizations."""

    path = "/admin/providers/{provider_id}"

    def action(self, name: str) -> Locator:
        """A link or button on the page, by its name, e.g. "Avauktorisera"."""
        main = self.page.get_by_role("main")
        link = main.get_by_role("link", name=name, exact=True)
        return link.or_(main.get_by_role("button", name=name, exact=True))
