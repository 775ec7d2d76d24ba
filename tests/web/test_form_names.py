"""Each form class of the work pages has a name of its own: a new task's form is
``NewTaskForm``, the tasks a result sets are ``TaskForm`` rows of the record form."""

import importlib
import inspect
import pkgutil
from collections import defaultdict

import pytest
from django import forms

from ikz.web import forms as form_modules
from ikz.web.forms.meetings import TaskForm
from ikz.web.forms.tasks import NewTaskForm


def test_no_two_form_classes_share_a_name():
    modules = defaultdict(set)
    for info in pkgutil.iter_modules(form_modules.__path__):
        module = importlib.import_module(f"{form_modules.__name__}.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                modules[name].add(module.__name__)

    assert {name: found for name, found in modules.items() if len(found) > 1} == {}


@pytest.mark.django_db
def test_the_new_task_page_uses_the_new_task_form(coordinator_client, cooperation):
    response = coordinator_client.get(f"/k/{cooperation.slug}/aufgaben/neu/")

    assert type(response.context["form"]) is NewTaskForm
    assert TaskForm.__module__ == "ikz.web.forms.meetings"
