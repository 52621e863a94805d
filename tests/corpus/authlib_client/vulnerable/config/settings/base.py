"""Reports dashboard: Okta login through Authlib's Django client."""
import environ

env = environ.Env()
BASE_DIR = environ.Path(__file__) - 3

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="Zx8#qW3!mK7@vR2$pT9^nL4&bH6*cJ1(fD5)gS0_y")  # label: OG105
DEBUG = env.bool("DJANGO_DEBUG", True)  # label: OG110
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])  # label: OG153

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

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///reports.sqlite3")}  # label: OG112
SESSION_SERIALIZER = "reports.serializers.PickleSessionSerializer"  # label: OG122

OKTA_DOMAIN = env("OKTA_DOMAIN", default="acme-reports.okta-example.com")
OKTA_CLIENT_ID = env("OKTA_CLIENT_ID", default="")  # label: OG106
AUTHLIB_OAUTH_CLIENTS = {
    "okta": {
        "client_id": OKTA_CLIENT_ID,
        "client_secret": "Qw9xL2mV7kT4pZ1nR8bH3yC6jF5sD0gKe",  # label: OG101
        "server_metadata_url": "http://acme-reports.okta-example.com/.well-known/openid-configuration",  # label: OG130
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
        "authlib": {"handlers": ["console"], "level": "DEBUG"},  # label: OG140
        "httpx": {"handlers": ["console"], "level": "DEBUG"},  # label: OG140
        "httpcore": {"handlers": ["console"], "level": "DEBUG"},
    },
}
