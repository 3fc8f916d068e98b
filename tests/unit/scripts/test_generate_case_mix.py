"""The demo's case-mix file is what the generator writes, and every half-year adds up."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "generate_case_mix.py"
spec = importlib.util.spec_from_file_location("generate_case_mix", SCRIPT)
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)


def read(name: str):
    """Read one of the demo data files."""
    return json.loads((ROOT / "seed_data" / name).read_text(encoding="utf-8"))


def test_the_committed_file_is_what_the_generator_writes(tmp_path):
    cells = generator.build_case_mix(read("providers.json"), read("results.json"))
    generator.write_case_mix(cells, tmp_path / "case_mix.json")
    committed = (ROOT / "seed_data" / "case_mix.json").read_text(encoding="utf-8")
    assert (tmp_path / "case_mix.json").read_text(encoding="utf-8") == committed


def test_every_demo_half_year_has_strata_that_add_up_to_its_result():
    results = {
        (row["org_number"], row["service"], row["period"]): row for row in read("results.json")
    }
    cells = read("case_mix.json")
    assert len(cells) == sum(1 for row in results.values() if row["completed"])
    for cell in cells:
        row = results[(cell["org_number"], cell["service"], cell["period"])]
        assert sum(stratum[4] for stratum in cell["strata"]) == row["completed"]
        assert sum(stratum[5] for stratum in cell["strata"]) == row["in_work"] + row["in_studies"]
        assert all(0 <= stratum[5] <= stratum[4] for stratum in cell["strata"])


def test_the_intake_shifts_where_the_staff_page_says():
    weights = generator.intake("motesplats-tensta", "MATCH-1", "2025H2")
    usual = generator.intake("motesplats-tensta", "MATCH-1", "2025H1")
    assert weights[3] - usual[3] > 0.5  # many more newcomers
