"""The health check answers for the database."""

from webapp import create_app


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_is_gone(tmp_path):
    # A directory cannot be opened as an SQLite file, so every connection fails.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    app.extensions["db_engine"].dispose()


def test_pages_answer_503_when_the_database_is_gone(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}"})
    response = app.test_client().get("/sv/providers")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "tillfälligt" in response.get_data(as_text=True)
    assert "sqlite" not in response.get_data(as_text=True).lower()  # no internals leak
    app.extensions["db_engine"].dispose()


def test_admin_pages_answer_503_when_the_database_is_gone(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}"})
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # a logged-in staff member, whose account cannot be loaded
    response = client.get("/admin/providers")
    assert response.status_code == 503
    app.extensions["db_engine"].dispose()
