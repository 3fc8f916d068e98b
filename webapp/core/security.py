"""Security headers sent with every response."""

from flask import current_app
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style anywhere: htmx is told not to inject its indicator
# styles (see the htmx-config meta tag in base.html).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response):
    """Set the headers that keep browsers strict about what the page may do."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config["APP_ENV"] != "development":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def trust_proxy(wsgi_app, config):
    """Read the client's address and scheme (and host, if configured) from trusted proxies."""
    hops = config.get("TRUSTED_PROXY_HOPS", 0)
    if not hops:
        return wsgi_app
    # Behind a load balancer: client address and scheme come from X-Forwarded-*, which the
    # rate limits and Secure cookies rely on. X-Forwarded-Host only if the proxy sets it;
    # whatever it says, webapp.core.urls checks it and answers with the canonical host.
    x_host = hops if config.get("TRUSTED_PROXY_HOST") else 0
    return ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=x_host)


def init_app(app):
    """Register the header hook."""
    app.after_request(add_security_headers)
