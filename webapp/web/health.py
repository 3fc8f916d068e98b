"""The health check a load balancer polls."""

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp.core.db import get_engine

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
