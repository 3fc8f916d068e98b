"""The provider list on a phone: folded filters with a count, a live count, a compare bar."""

import pytest


def filter_summary(page) -> str:
    """Return what the folded filter control says."""
    return " ".join(page.select_one("#filter-panel > summary").get_text(" ", strip=True).split())


def test_filters_fold_into_one_closed_control_before_the_results(get_page):
    page = get_page("/sv/providers")
    panel = page.find("details", id="filter-panel")
    assert not panel.has_attr("open")  # closed without JavaScript too: the list comes first
    assert panel.find("form", id="filters")["role"] == "search"
    assert filter_summary(page) == "Filtrera och sortera"
    # In reading order the folded filters come before the count and the first provider.
    order = [tag.get("id") for tag in page.find_all(id=["filter-panel", "result-count", "results"])]
    assert order == ["filter-panel", "result-count", "results"]


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ("service=MATCH-1", "1 filter valt"),
        ("service=MATCH-1&language=so", "2 filter valda"),
        ("feature=childcare&feature=evening_activities&q=a", "3 filter valda"),
        ("sort=result", None),
        ("language=zz", None),  # an unknown value is dropped, so it does not count
    ],
)
def test_the_folded_control_says_how_many_filters_are_in_use(get_page, query, summary):
    page = get_page(f"/sv/providers?{query}")
    expected = "Filtrera och sortera" + (f" {summary}" if summary else "")
    assert filter_summary(page) == expected


def test_htmx_fragment_updates_the_filter_count_out_of_band(get_page):
    headers = {"HX-Request": "true"}
    fragment = get_page("/sv/providers?language=so", headers=headers, fragment=True)
    count = fragment.find(id="filter-count")
    assert count["data-hx-swap-oob"] == "true"
    assert count.get_text(strip=True) == "1 filter valt"


def test_compare_form_works_without_javascript_and_keeps_the_service(get_page):
    page = get_page("/sv/providers?service=MATCH-2")
    form = page.find("form", id="compare-form")
    assert form["method"] == "get" and form["action"] == "/sv/compare"
    assert form.find("input", type="hidden", attrs={"name": "service"})["value"] == "MATCH-2"
    assert form.find("button", type="submit").get_text(strip=True) == "Jämför valda"
    boxes = page.select("input[name=p]")
    assert boxes and all(box["form"] == "compare-form" for box in boxes)
    # The number ticked is shown by site.js; without it the count stays hidden, not wrong.
    count = form.select_one(".compare-count")
    assert count.has_attr("hidden") and count["aria-live"] == "polite"


def test_a_filtered_list_names_the_service_once_with_its_swedish_name_elsewhere(get_page):
    swedish = get_page("/sv/providers?service=FORB-1")
    assert not swedish.select(".sv-name")  # it is the same name in Swedish
    english = get_page("/en/providers?service=FORB-1")
    assert english.select_one(".sv-name span[lang=sv]").get_text() == "Förberedande insats – nivå 1"
