"""Extension objects shared across modules, bound to the app in create_app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# Storage comes from RATELIMIT_STORAGE_URI: memory for one process, Redis for several.
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
