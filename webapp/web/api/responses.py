"""How the API answers: JSON bodies, pages with links, caching and CORS headers."""

import json
from collections.abc import Callable, Sequence

from flask import Response, request
from flask_babel import force_locale

from webapp.core.pagecache import CACHEABLE
from webapp.web.api.pages import Page, link_header, page_links, page_meta, paginate
from webapp.web.api.params import Paging

JSON = "application/json"


def json_response(payload, mimetype: str = JSON) -> Response:
    """Serialise a document as UTF-8 JSON, keys in the order they were built."""
    return Response(json.dumps(payload, ensure_ascii=False), mimetype=mimetype)


def add_api_headers(response: Response) -> Response:
    """Open the API to every origin, let caches keep answers, and answer If-None-Match."""
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = "ETag, Link"
    if request.method == "OPTIONS":
        # The CORS preflight: only reading is possible, so only reading is allowed.
        response.status_code = 204
        response.set_data(b"")
        del headers["Content-Type"]
        headers["Allow"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
        headers["Access-Control-Max-Age"] = "86400"
    elif request.method in ("GET", "HEAD") and response.status_code == 200:
        headers["Cache-Control"] = "public, max-age=300"
        # The same for every client: the page cache may keep it (if it covers /api/).
        request.environ[CACHEABLE] = True
        # A strong ETag from the body: equal bytes, equal tag, whatever changed underneath.
        response.add_etag()
        response = response.make_conditional(request)
    else:
        headers["Cache-Control"] = "no-store"
    return response


def list_response(items: Sequence, document: Callable, paging: Paging, lang: str) -> Response:
    """Answer with one page of a whole list of items as documents, with metadata and links."""
    return page_response(paginate(items, paging), document, lang)


def page_response(page: Page, document: Callable, lang: str) -> Response:
    """Answer with a page of items as documents, with paging metadata and links."""
    with force_locale(lang):
        data = [document(item) for item in page.items]
    links = page_links(page)
    response = json_response(
        {"data": data, "meta": {**page_meta(page), "lang": lang}, "links": links}
    )
    response.headers["Link"] = link_header(links)
    return response


def item_response(item, document: Callable, lang: str) -> Response:
    """Answer with one item as a document."""
    with force_locale(lang):
        data = document(item)
    return json_response({"data": data, "meta": {"lang": lang}})
