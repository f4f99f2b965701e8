"""The web application's shell: it wires language, CSRF, login, filters, error pages, the
blueprints and the browser's protections into the app.

What it wires lives in small modules: ``extensions`` (Babel, CSRF, Flask-Login), ``i18n``
(language and date filters), ``security`` (cookies, headers, proxies), ``errors`` (the Danish
error pages), ``limits`` (rate limits) and ``site`` (the organisation the site serves). Each
area is a package whose ``__init__`` holds its blueprint; importing the area's page and action
modules attaches their routes to it, which is done here and nowhere else.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from pulje import access_log
from pulje.web import account, admin, admin_setup, auth, board, bookkeeping, caseworker, resident
from pulje.web.addresses import configure_addresses
from pulje.web.board import exports as board_exports
from pulje.web.board import pages as board_pages
from pulje.web.bookkeeping import pages as bookkeeping_pages
from pulje.web.caseworker import actions as caseworker_actions
from pulje.web.caseworker import exports as caseworker_exports
from pulje.web.caseworker import followup as caseworker_followup
from pulje.web.caseworker import invoices as caseworker_invoices
from pulje.web.caseworker import outcome as caseworker_outcome
from pulje.web.caseworker import pages as caseworker_pages
from pulje.web.caseworker import rules_page as caseworker_rules
from pulje.web.caseworker import search as caseworker_search
from pulje.web.errors import register_error_pages
from pulje.web.extensions import babel, csrf, login_manager
from pulje.web.i18n import (
    available_languages,
    date_filter,
    datetime_filter,
    install_translations,
    remember_language,
    select_locale,
)
from pulje.web.limits import init_limits
from pulje.web.money import money, percent
from pulje.web.params import init_params
from pulje.web.resident import accessibility as resident_accessibility
from pulje.web.resident import apply as resident_apply
from pulje.web.resident import case as resident_case
from pulje.web.resident import files as resident_files
from pulje.web.resident import inspiration as resident_inspiration
from pulje.web.resident import links as resident_links
from pulje.web.resident import meter as resident_meter
from pulje.web.resident import outcome as resident_outcome
from pulje.web.resident import pages as resident_pages
from pulje.web.security import configure_cookies, security_headers, trust_proxies
from pulje.web.site import site_organisation
from reports.fmt import format_days
from workflows.clock import COPENHAGEN

AREAS = (auth, account, resident, caseworker, board, bookkeeping, admin, admin_setup)
# The modules whose routes sit on an area's blueprint; imported above so the routes exist.
ROUTE_MODULES = (resident_pages, resident_apply, resident_meter, resident_case, resident_files,
                 resident_links, resident_accessibility, resident_outcome, resident_inspiration,
                 caseworker_pages, caseworker_actions, caseworker_followup, caseworker_exports,
                 caseworker_invoices, caseworker_rules, caseworker_search, caseworker_outcome,
                 board_pages, board_exports, bookkeeping_pages)


def init_web(app: Flask) -> None:
    """Attach Babel, CSRF protection, Flask-Login, filters, error pages and the blueprints."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "da")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", COPENHAGEN.key)
    configure_cookies(app)
    trust_proxies(app)
    configure_addresses(app)
    for logger in (app.logger, logging.getLogger("werkzeug")):
        access_log.install(logger)
    babel.init_app(app, locale_selector=select_locale)
    install_translations(app)
    app.extensions["pulje.languages"] = available_languages(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.localize_callback = str  # the lazy message in the visitor's language
    login_manager.login_message_category = "info"
    login_manager.user_loader(auth.load_user)

    # One formatter per kind for every template: money, shares, days, dates and instants.
    app.add_template_filter(money, "money")
    app.add_template_filter(percent, "percent")
    app.add_template_filter(format_days, "days")
    app.add_template_filter(date_filter, "date")
    app.add_template_filter(datetime_filter, "datetime")
    app.context_processor(shell_context)
    app.after_request(security_headers)
    app.after_request(remember_language)
    register_error_pages(app)
    init_params(app)
    for area in AREAS:
        app.register_blueprint(area.bp)
    init_limits(app)


def shell_context() -> dict:
    """What base.html needs on every page."""
    return {"site_organisation": site_organisation(),
            "languages": current_app.extensions["pulje.languages"],
            "current_language": str(get_locale())}
