"""Settings for the test suite (pytest-django).

Tests run against a real PostgreSQL database taken from DATABASE_URL, defaulting
to the one from compose.yaml.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key")
ALLOWED_HOSTS = ["testserver", "localhost"]

# Fast hashing keeps the suite quick; never use this outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
