"""The provider list's rules: filters checked against what exists, sort order, paging."""

from types import SimpleNamespace

import pytest

from webapp.results.listing import (
    MAX_TEXT,
    PAGE_SIZE,
    ListRequest,
    check_filters,
    describe_order,
    paginate,
    sort_providers,
)
from webapp.results.queries import Headline
from webapp.results.statistics import summarize

SERVICES = {"MATCH-1": SimpleNamespace(id=10, code="MATCH-1")}
KNOWN = {"services": SERVICES, "languages": {"ar", "sv"}, "districts": {"Rinkeby"}}


def check(**asked):
    """Check filters against a small catalogue of what exists."""
    return check_filters(ListRequest(**asked), **KNOWN)


def test_known_filters_are_used_without_notices():
    choice = check(
        service="MATCH-1",
        language="ar",
        district="Rinkeby",
        group="newcomers",
        features=("childcare",),
        text="kärn",
        sort="result",
        selected=["a", "b"],
    )
    assert choice.notices == []
    assert choice.service is SERVICES["MATCH-1"]
    filters = choice.filters
    assert (filters.service_id, filters.language, filters.district) == (10, "ar", "Rinkeby")
    assert (filters.target_group, filters.features, filters.text) == (
        "newcomers",
        ("childcare",),
        "kärn",
    )
    assert (choice.sort, choice.selected) == ("result", ["a", "b"])


@pytest.mark.parametrize(
    ("asked", "notice"),
    [
        ({"service": "NOPE-1"}, "insatsen"),
        ({"language": "xx"}, "språket"),
        ({"district": "Atlantis"}, "området"),
        ({"group": "martians"}, "gruppen"),
        ({"features": ("childcare", "jetpack")}, "egenskaperna"),
        ({"text": "x" * (MAX_TEXT + 1)}, "för lång"),
    ],
)
def test_each_unusable_filter_is_dropped_with_its_own_notice(asked, notice):
    choice = check(**asked)
    assert len(choice.notices) == 1
    assert notice in choice.notices[0]
    filters = choice.filters
    assert filters.service_id is filters.language is filters.district is None
    assert filters.target_group is None
    assert filters.features == (("childcare",) if "features" in asked else ())
    assert len(filters.text) <= MAX_TEXT


def test_a_feature_given_twice_is_no_mistake():
    choice = check(features=("childcare", "childcare"))
    assert choice.notices == []
    assert choice.filters.features == ("childcare",)


def test_unknown_sort_falls_back_to_name():
    assert check(sort="price").sort == "name"


def test_sorting_by_result_needs_a_service():
    """Results compare fairly only within one service: pooled ones are not ranked."""
    pooled = check(sort="result")
    assert pooled.sort == "name"
    assert pooled.notices == [
        "Välj en insats för att sortera efter resultat. Resultat går bara att jämföra inom "
        "samma insats."
    ]
    assert check(sort="result", service="MATCH-1").sort == "result"


def test_each_order_is_said_in_one_sentence():
    by_name, by_result = describe_order("name"), describe_order("result")
    assert by_name.startswith("Sorterat efter namn") and by_name.count(". ") == 0
    assert by_result.startswith("Sorterat efter resultat") and by_result.count(". ") == 0


def named(*names: str) -> list:
    return [SimpleNamespace(id=number, name=name) for number, name in enumerate(names, 1)]


def test_name_sort_follows_the_swedish_alphabet():
    providers = named("Öster", "Ängby", "Alfa", "Åkern", "Zeta")
    ordered = sort_providers(providers, Headline(periods=None), "name")
    assert [p.name for p in ordered] == ["Alfa", "Zeta", "Åkern", "Ängby", "Öster"]


def test_result_sort_goes_by_verdict_then_lower_bound_then_hidden_then_missing_each_by_name():
    providers = named("Bra", "Dold", "Saknas", "Sämre", "Också dold", "Liten tur", "Stor")
    average = 0.5
    headline = Headline(
        periods=("2025H1", "2025H2"),
        average=average,
        outcomes={
            1: summarize(30, 40, minimum=10, average=average),  # higher, lower bound 0.60
            2: summarize(3, 4, minimum=10, average=average),
            4: summarize(10, 40, minimum=10, average=average),  # lower
            5: summarize(1, 2, minimum=10, average=average),
            6: summarize(10, 10, minimum=10, average=average),  # 100 %, higher, bound 0.72
            7: summarize(650, 1000, minimum=10, average=average),  # 65 %, higher, bound 0.62
        },
    )
    ordered = sort_providers(providers, headline, "result")
    assert [p.name for p in ordered] == [
        "Liten tur",
        "Stor",
        "Bra",
        "Sämre",
        "Dold",
        "Också dold",
        "Saknas",
    ]


@pytest.mark.parametrize(
    ("asked", "number"),
    [(None, 1), ("2", 2), ("3", 3), ("99", 3), ("0", 1), ("-1", 1), ("två", 1)],
)
def test_paging_gives_the_nearest_page_that_exists(asked, number):
    page = paginate(list(range(2 * PAGE_SIZE + 1)), asked)
    assert (page.number, page.pages, page.total) == (number, 3, 2 * PAGE_SIZE + 1)
    assert page.items[0] == (number - 1) * PAGE_SIZE


def test_an_empty_list_still_has_one_page():
    page = paginate([], "5")
    assert (page.items, page.number, page.pages, page.total) == ([], 1, 1, 0)
