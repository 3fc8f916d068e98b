"""Without SECRET_KEY outside production every worker uses one key, made once, kept private."""

import multiprocessing
import stat

import pytest

from webapp.core.config import load_settings
from webapp.core.devkey import development_secret_key


def test_makes_a_key_only_its_owner_may_read_and_keeps_it(tmp_path):
    key = development_secret_key(tmp_path / "instance")
    path = tmp_path / "instance" / "secret_key"
    assert len(key) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert development_secret_key(tmp_path / "instance") == key
    assert [p.name for p in (tmp_path / "instance").iterdir()] == ["secret_key"]  # no leftovers


def start_worker(folder, ready, keys):
    """What a worker does at start: wait for the others, then read or make the key."""
    ready.wait()
    keys.put(development_secret_key(folder))


def test_workers_starting_at_once_share_one_key(tmp_path):
    workers = 6
    context = multiprocessing.get_context("fork")
    ready, keys = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=start_worker, args=(tmp_path, ready, keys)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    found = {keys.get(timeout=60) for _ in processes}
    for process in processes:
        process.join(timeout=60)
    assert len(found) == 1
    assert found == {(tmp_path / "secret_key").read_text()}


def test_an_empty_key_file_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(RuntimeError, match="empty"):
        development_secret_key(tmp_path)


def test_development_settings_use_the_shared_key(tmp_path):
    first = load_settings({}, instance=tmp_path)["SECRET_KEY"]
    assert load_settings({}, instance=tmp_path)["SECRET_KEY"] == first
    assert load_settings({"SECRET_KEY": "given"}, instance=tmp_path)["SECRET_KEY"] == "given"


def test_production_still_requires_a_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_settings({"APP_ENV": "production"}, instance=tmp_path)
    assert not (tmp_path / "secret_key").exists()
