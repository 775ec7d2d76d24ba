"""The ``ikz`` console script: Django's manage.py for an installed cockpit."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikz.settings")
    execute_from_command_line(sys.argv)
