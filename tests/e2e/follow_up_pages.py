"""Page objects for follow-ups of providers in the admin, found by role and label."""

from playwright.sync_api import Locator

from tests.e2e.pages import AdminPage


class RecordFollowUpPage(AdminPage):
    """The form for recording a follow-up of a provider, a box per term."""

    def choose_kind(self, label: str) -> None:
        """Pick the kind of follow-up, e.g. "Besök hos anordnaren"."""
        self.page.get_by_label("Typ av uppföljning").select_option(label=label)

    def judge(self, term: str, verdict: str, *, note: str = "", deadline: str = "") -> None:
        """Give a term (e.g. "5.1 Lokaler och öppettider") a verdict, note and deadline."""
        self.page.get_by_label(f"Bedömning av {term}", exact=True).select_option(label=verdict)
        if deadline:
            self.page.get_by_label(f"Sista dag för åtgärd, {term}", exact=True).fill(deadline)
        if note:
            self.page.get_by_label(f"Anteckning om {term}", exact=True).fill(note)

    def send(self) -> "FollowUpPage":
        """Record the follow-up; its page follows."""
        self.page.get_by_role("button", name="Registrera uppföljningen").click()
        return FollowUpPage(self.page)


class FollowUpPage(AdminPage):
    """One follow-up: findings, state, closing and publishing."""

    @property
    def status(self) -> Locator:
        """The message after a change."""
        return self.page.get_by_role("status")

    def close(self, note: str) -> None:
        """Close the follow-up with a note on what the provider did."""
        self.page.get_by_label("Vad har anordnaren gjort?").fill(note)
        self.page.get_by_role("button", name="Stäng uppföljningen").click()

    def publish(self) -> None:
        """Publish the outcome on the provider's public page."""
        self.page.get_by_role("button", name="Publicera utfallet").click()
