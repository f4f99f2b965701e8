"""The Flask extensions the web layer shares: Babel, CSRF protection and Flask-Login.

They live apart from the app factory so that any web module can use them (auth's decorator
needs the login manager) without importing the package that registers the blueprints.
"""

from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
