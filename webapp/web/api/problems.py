"""Errors as RFC 9457 problem details: JSON that says what went wrong and where."""

import json
from dataclasses import dataclass, field
from http import HTTPStatus

from flask import Response, request
from werkzeug.exceptions import HTTPException

from webapp.core.errors import error_headers
from webapp.core.inputs import UnusableInput
from webapp.core.ratelimits import retry_after_seconds

PROBLEM_TYPE = "application/problem+json"


@dataclass(frozen=True)
class InvalidParam:
    """One query parameter that could not be used, and why."""

    name: str
    reason: str


@dataclass
class Problem(Exception):
    """An error to answer with a problem document instead of a page."""

    status: int
    detail: str
    invalid_params: list[InvalidParam] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def invalid_params(params: list[InvalidParam]) -> Problem:
    """Return the 400 problem for query parameters that cannot be used."""
    names = ", ".join(dict.fromkeys(param.name for param in params))
    return Problem(400, f"These query parameters cannot be used: {names}.", params)


def problem_response(problem: Problem) -> Response:
    """Render a problem as application/problem+json."""
    # API clients read English; the codes and parameter names are what they act on.
    body = {
        "type": "about:blank",
        "title": HTTPStatus(problem.status).phrase,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.path,
    }
    if problem.invalid_params:
        body["invalid_params"] = [
            {"name": param.name, "reason": param.reason} for param in problem.invalid_params
        ]
    response = Response(
        json.dumps(body, ensure_ascii=False), status=problem.status, mimetype=PROBLEM_TYPE
    )
    response.headers.update(problem.headers)
    return response


def problem_for_http_error(error: HTTPException) -> Response:
    """Turn an HTTP error raised inside the API into a problem document."""
    status = error.code or 500
    headers = error_headers(error)
    detail = {
        404: "There is nothing at this address.",
        405: "This address only answers GET, HEAD and OPTIONS.",
        429: "Too many requests. Try again after the seconds given in Retry-After.",
    }.get(status, HTTPStatus(status).description)
    params = []
    if status == 405:
        headers["Allow"] = "GET, HEAD, OPTIONS"
    if status == 429:
        headers["Retry-After"] = str(retry_after_seconds())
    if isinstance(error, UnusableInput):
        detail = "The request holds characters no parameter may hold."
        reason = "Holds a control character, a lone surrogate or bytes that are not UTF-8."
        params = [InvalidParam(name, reason) for name in error.names]
    return problem_response(Problem(status, detail, params, headers=headers))


def register_handlers(bp) -> None:
    """Answer every error under the blueprint with a problem document."""
    bp.register_error_handler(Problem, problem_response)
    bp.register_error_handler(HTTPException, problem_for_http_error)
