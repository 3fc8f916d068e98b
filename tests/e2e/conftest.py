"""Browser tests: a live server for the shared app, and Chromium to drive it."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

E2E_DIR = Path(__file__).parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI, where Chromium's sandbox refuses to start
    "--disable-dev-shm-usage",
    "--disable-gpu",
    # The network is closed here: stop Chromium calling home at start and in the background.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e as e2e, so `-m "not e2e"` skips the browser."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium when installed, else Playwright's own build."""
    launch_args = dict(browser_type_launch_args)
    if DEBIAN_CHROMIUM.exists():
        launch_args["executable_path"] = str(DEBIAN_CHROMIUM)
    launch_args["args"] = [*launch_args.get("args", []), *CHROMIUM_ARGS]
    return launch_args


@pytest.fixture(scope="session")
def live_server(app):
    """Serve the shared app on a free local port; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server):
    """Let pages open relative URLs: ``page.goto("/sv/")`` goes to the live server.

    Defining it here also replaces pytest-playwright's own base_url fixture, which
    pytest 9 warns about (an instance-method session fixture).
    """
    return live_server
