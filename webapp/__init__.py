"""The web service for comparing and choosing labour-market service providers."""

from htmx_flask import Htmx
from whitenoise import WhiteNoise

from webapp.core import (
    assets,
    cli,
    datacache,
    db,
    errors,
    i18n,
    inputs,
    outbox,
    ratelimits,
    requestlog,
    security,
    templating,
    urls,
)
from webapp.core.config import ROOT, load_settings
from webapp.core.dataversion import DataVersion, read_public_changes
from webapp.core.extensions import csrf
from webapp.core.jinjaenv import Site
from webapp.core.pagecache import PageCache
from webapp.core.sharedpages import share_pages
from webapp.providers.reach import confined_provider
from webapp.web import admin, api


def create_app(config=None):
    """Create and configure the application."""
    app = Site(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=None,  # WhiteNoise serves static/ before Flask sees the request.
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_mapping(load_settings())
    if config:
        app.config.from_mapping(config)

    requestlog.init_app(app)
    urls.init_app(app)
    # Before anything reads the request: characters no field may hold are refused.
    inputs.init_app(app)
    db.init_app(app)
    outbox.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    ratelimits.init_app(app)
    Htmx(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    version = DataVersion(
        read_public_changes(app.extensions["db_engine"], confined_provider),
        app.config["PAGE_CACHE_CHECK_SECONDS"],
    )
    datacache.init_app(app, version)
    cli.init_app(app)

    from webapp.web.health import bp as health_bp
    from webapp.web.public.easy import bp as easy_bp
    from webapp.web.public.root import bp as root_bp
    from webapp.web.public.views import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(easy_bp)
    app.register_blueprint(health_bp)
    api.init_app(app)
    admin.init_app(app)
    app.register_blueprint(root_bp)

    app.wsgi_app = PageCache(
        app.wsgi_app,
        version=version,
        prefixes=[*(f"/{lang}/" for lang in app.config["LANGUAGES"]), "/api/"],
        max_entries=app.config["PAGE_CACHE_SIZE"],
        max_bytes=app.config["PAGE_CACHE_MAX_MB"] * 1024 * 1024,
        grace_seconds=app.config["PAGE_CACHE_GRACE_SECONDS"],
        personal_cookie=app.config["SESSION_COOKIE_NAME"],
        shared=share_pages(app.config),
    )
    # Outside the cache: a request for another host is refused, and every other one
    # carries the canonical host, so no cached page can hold a client's host name.
    app.wsgi_app = urls.CanonicalHost(
        app.wsgi_app,
        base_url=app.config["PUBLIC_BASE_URL"],
        allowed_hosts=app.config["ALLOWED_HOSTS"],
    )
    app.wsgi_app = security.trust_proxy(app.wsgi_app, app.config)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(ROOT / "static"),
        prefix="static/",
        add_headers_function=assets.set_cache_headers,
    )
    app.wsgi_app.add_files(str(assets.ROOT_FILES), prefix="")
    return app
