"""Test settings: the production settings with fast hashing, tasks run at once, mail kept."""

from rinde.settings import *  # noqa: F403
from rinde.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    # The manifest storage needs collectstatic; tests read the source files directly.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_MODE = False

import tempfile  # noqa: E402

# Uploads made by tests go to a throwaway folder, never into var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="rinde-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="rinde-test-private-")
STORAGES["private"] = {
    "BACKEND": "rinde.core.files.PrivateStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
}
