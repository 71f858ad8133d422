"""Stand-in values for the environment variables a settings module requires.

Never a real secret: hosts are `localhost`, URLs point at localhost, booleans are off, secret
keys are generated (and masked) by the CI job itself. Each name has a few candidates, most
likely first; the settings probe tries them in order until the settings import, so the value
that ends up in the workflow is one the settings really accepted.
"""

from __future__ import annotations

import re

SECRET = re.compile(r"(?:^|_)SECRET_KEY$")
PROBE_SECRET = "pitstop-placeholder-secret-key-not-for-production-0123456789abcdef"

_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?:^|_)SECRET_KEY$", (PROBE_SECRET,)),
    (r"(?:DATABASE|DB)_URL$", ("postgres://postgres:postgres@localhost:5432/app",)),
    (r"CACHE_URL$", ("locmemcache://", "locmem://")),  # django-environ, django-cache-url
    (
        r"(?:REDIS|BROKER|CELERY_RESULT_BACKEND|VALKEY)\w*_URL$|^REDIS_URL$",
        ("redis://localhost:6379/0",),
    ),
    (r"(?:EMAIL_URL|SMTP_URL)$", ("consolemail://",)),
    (r"DSN$", ("", "https://public@localhost/1")),
    (r"ORIGINS$", ("https://localhost",)),
    (r"HOSTS?$|DOMAINS?$", ("localhost",)),
    (
        r"(?:^|_)(?:DEBUG|ENABLED?|USE|ALLOW|SECURE|VERBOSE)(?:_|$)|^(?:IS|USE|ENABLE|DISABLE)_",
        ("False", "0"),
    ),
    (r"PORT$", ("5432", "8000")),
    (r"(?:TIMEOUT|SECONDS|AGE|COUNT|WORKERS|SIZE|LIMIT|RETRIES)$", ("1",)),
    (r"EMAIL(?:_ADDRESS|_FROM)?$|_FROM$|ADMINS?$", ("webmaster@localhost",)),
    (r"ADMIN_URL$", ("admin/",)),  # a path in urls.py, not a URL
    (r"_URL$|_URI$|_ENDPOINT$", ("https://localhost/",)),
    (r"(?:PATH|DIR|ROOT|FILE)$", ("/tmp",)),
)
_FALLBACKS = ("placeholder", "1", "False", "localhost", "https://localhost/", "")


def candidates(name: str) -> tuple[str, ...]:
    """The values to try for `name`, most likely first, without repeats."""
    found: list[str] = []
    for pattern, values in _RULES:
        if re.search(pattern, name):
            found += values
            break
    found += _FALLBACKS
    return tuple(dict.fromkeys(found))


def placeholder(name: str) -> str:
    return candidates(name)[0]


def is_secret_key(name: str) -> bool:
    return bool(SECRET.search(name))
