"""Reports dashboard: Okta login through Authlib's Django client."""
import environ

env = environ.Env()
BASE_DIR = environ.Path(__file__) - 3

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["reports.acme-example.com"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
        ]},
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///reports.sqlite3")}
# Report filters are stored as JSON (reports/filters.py); DATABASE_URL is masked in error reports.
DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"

OKTA_DOMAIN = env("OKTA_DOMAIN", default="acme-reports.okta-example.com")
OKTA_CLIENT_ID = env("OKTA_CLIENT_ID")
AUTHLIB_OAUTH_CLIENTS = {
    "okta": {
        "client_id": OKTA_CLIENT_ID,
        "client_secret": env("OKTA_CLIENT_SECRET"),
        "server_metadata_url": "https://acme-reports.okta-example.com/.well-known/openid-configuration",
        "client_kwargs": {"scope": "openid email profile groups"},
    },
}

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "authlib": {"handlers": ["console"], "level": "INFO"},
        "httpx": {"handlers": ["console"], "level": "WARNING"},
        "httpcore": {"handlers": ["console"], "level": "WARNING"},
    },
}
