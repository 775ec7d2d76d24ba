"""Cost checks (Kostenprüfungen) and yearly settlements in the browser: the list of a
cooperation's cost checks and a new one; a cost check's page with its scenarios side by
side, the chart and, per scenario, its costs and allocation, as XLSX and PDF; a scenario
copied; a scenario's settings, cost items, key figures and status-quo costs; the
settlements, a new one and its statement with each party's PDF. The rules are
``ikz.agreements``' (``cost_editing``, ``costs``, ``settlement``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.agreements.cost_editing import (
    add_cost_item,
    copy_scenario,
    create_cost_model,
    create_settlement,
    delete_cost_item,
    edit_cost_item,
    edit_cost_model,
    key_figures_version,
    set_key_figures,
    set_status_quo_costs,
    status_quo_version,
)
from ikz.agreements.cost_queries import (
    agreements_of,
    cost_check_rows,
    cost_models_of,
    first_scenario,
    item_versions,
    key_figures_of,
    paying,
    scenario_with_items,
    scenarios_of,
    settlement_for_statement,
    settlement_rows,
)
from ikz.agreements.costs import allocation_chart_svg, compare_scenarios, cost_breakdown
from ikz.agreements.exports import (
    cost_check_pdf,
    cost_check_xlsx,
    figure_heading,
    population_heading,
    reference_data,
    settlement_pdf,
)
from ikz.agreements.models import CostItem, CostModel, Settlement
from ikz.agreements.settlement import settle
from ikz.core.files import safe_download_headers
from ikz.core.models import Cooperation
from ikz.core.permissions import can
from ikz.core.versions import VersionConflict
from ikz.web.access import requires
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.costs import (
    CopyScenarioForm,
    CostItemForm,
    CostModelForm,
    KeyFiguresForm,
    SettlementForm,
    StatusQuoForm,
    cost_model_initial,
    figure_kind_of,
    item_initial,
    municipality_field,
    plain_figure,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def cost_check_list(request, cooperation):
    """Everyone with a role: the cooperation's cost checks, each with its scenarios and
    their annual cost, and the measures they belong to."""
    return render(
        request,
        "web/costs/list.html",
        {
            "cooperation": cooperation,
            "rows": cost_check_rows(cooperation),
            "may_change": can(request.user, "change", cooperation),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def cost_check_create(request, cooperation):
    """Coordinators: a new cost check with its first scenario: the key and what it
    needs (population date, figures year, base amount, weights) and who pays."""
    form = CostModelForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        try:
            cost_model = create_cost_model(
                cooperation=cooperation,
                municipalities=form.cleaned_data["municipalities"],
                **form.cost_model_fields(),
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The cost check “%(name)s” is created.") % {"name": cost_model.name}
            )
            return redirect("web:cost_check", pk=cost_model.pk)
    return render(
        request,
        "web/costs/form.html",
        {"cooperation": cooperation, "form": form, "cost_model": None},
    )


def scenario_rows(comparison) -> list[dict]:
    """Per scenario what its part of the page shows: its cost items, the column headings
    its key needs, its key's reference data."""
    rows = []
    for scenario in comparison.scenarios:
        result = scenario.allocation
        breakdown = result.breakdown if result else cost_breakdown(scenario.cost_model)
        rows.append(
            {
                "scenario": scenario,
                "population_heading": population_heading(result)
                if result and result.population_date
                else "",
                "figure_heading": figure_heading(result)
                if result and result.figure_kind and result.figures_year
                else "",
                "reference": reference_data(result) if result else "",
                "breakdown": breakdown,
                "lines": [(line, None) for line in breakdown.lines],
            }
        )
    return rows


def chart_table(comparison) -> list[tuple[str, list]]:
    """The chart's figures as a table: per municipality its share in each scenario
    that has an allocation (None where it does not pay in it)."""
    shown = [i for i, scenario in enumerate(comparison.scenarios) if scenario.allocation]
    return [
        (row.municipality.name, [row.cells[i].share if row.cells[i] else None for i in shown])
        for row in comparison.rows
    ]


def check_page(request, cost_model, *, copy_form=None, status=200):
    """The cost check's page; the copy form as sent where it was wrong."""
    cooperation = cost_model.cooperation
    comparison = compare_scenarios(cooperation, cost_model.name)
    return render(
        request,
        "web/costs/detail.html",
        {
            "cooperation": cooperation,
            "cost_model": cost_model,
            "comparison": comparison,
            "scenarios": scenario_rows(comparison),
            "chart": allocation_chart_svg(comparison) if comparison.allocations else "",
            "chart_table": chart_table(comparison),
            "may_change": can(request.user, "change", cooperation),
            "copy_form": copy_form or CopyScenarioForm(scenarios=scenarios_of(cost_model)),
        },
        status=status,
    )


@require_safe
@requires("view_internal", CostModel)
def cost_check_detail(request, cost_model):
    """Everyone with a role: the cost check the scenario belongs to, its scenarios side
    by side (each municipality's share and saving), the chart with its table, and each
    scenario's cost items, key and allocation."""
    return check_page(request, cost_model)


def download_name(cost_model: CostModel, extension: str) -> str:
    return f"kostenpruefung-{slugify(cost_model.name) or cost_model.pk}.{extension}"


@require_safe
@requires("view_internal", CostModel)
def cost_check_xlsx_download(request, cost_model):
    """Everyone with a role: the cost check as an Excel workbook (a sheet per scenario
    with its formulas, and the comparison)."""
    response = HttpResponse(
        cost_check_xlsx(cost_model.cooperation, cost_model.name), content_type=XLSX
    )
    return safe_download_headers(response, download_name(cost_model, "xlsx"))


@require_safe
@requires("view_internal", CostModel)
def cost_check_pdf_download(request, cost_model):
    """Everyone with a role: the cost check as a PDF."""
    response = HttpResponse(
        cost_check_pdf(cost_model.cooperation, cost_model.name), content_type="application/pdf"
    )
    return safe_download_headers(response, download_name(cost_model, "pdf"))


@require_POST
@requires("change", CostModel)
def cost_scenario_copy(request, cost_model):
    """Coordinators: a new scenario of the cost check, a copy of one of its scenarios
    to change."""
    form = CopyScenarioForm(request.POST, scenarios=scenarios_of(cost_model))
    if form.is_valid():
        data = form.cleaned_data
        try:
            copy = copy_scenario(data["source"], scenario=data["scenario"])
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The scenario “%(scenario)s” is added.") % {"scenario": copy.scenario}
            )
            return redirect("web:cost_model_edit", pk=copy.pk)
    return check_page(request, cost_model, copy_form=form)


def scenario_page(request, cost_model, template: str, **context):
    return render(
        request,
        f"web/costs/{template}",
        {
            "cooperation": cost_model.cooperation,
            "cost_model": cost_model,
            "check": first_scenario(cost_model),
            **context,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("change", CostModel)
def cost_model_edit(request, cost_model):
    """Coordinators: a scenario's settings (name, key and its reference data, who pays)
    and its cost items, with the ways to its key figures and status-quo costs."""
    cost_model = scenario_with_items(cost_model)
    breakdown = cost_breakdown(cost_model)
    versions = item_versions(cost_model)
    form = CostModelForm(
        request.POST or None,
        initial=cost_model_initial(cost_model),
        cooperation=cost_model.cooperation,
        cost_model=cost_model,
    )
    if request.method == "POST" and form.is_valid():
        try:
            edit_cost_model(
                cost_model,
                version=form.cleaned_data["version"],
                municipalities=form.cleaned_data["municipalities"],
                **form.cost_model_fields(),
            )
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(scenario)s” is saved.") % {"scenario": cost_model})
            return redirect("web:cost_model_edit", pk=cost_model.pk)
    return scenario_page(
        request,
        cost_model,
        "scenario.html",
        form=form,
        breakdown=breakdown,
        lines=[(line, versions.get(line.item.pk)) for line in breakdown.lines],
    )


@require_http_methods(["GET", "POST"])
@requires("change", CostModel)
def cost_item_create(request, cost_model):
    """Coordinators: a cost item of the scenario."""
    form = CostItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = add_cost_item(cost_model, **form.item_values())
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(item)s” is added.") % {"item": item})
            return redirect("web:cost_model_edit", pk=cost_model.pk)
    return scenario_page(request, cost_model, "item.html", form=form, item=None)


@require_http_methods(["GET", "POST"])
@requires("change", CostItem)
def cost_item_edit(request, item):
    """Coordinators: a cost item's kind, label and values."""
    form = CostItemForm(request.POST or None, initial=item_initial(item), edited=item)
    if request.method == "POST" and form.is_valid():
        values = form.item_values()
        try:
            edit_cost_item(item, version=form.cleaned_data["version"], **values)
        except VersionConflict as error:
            form.show_conflict(error.conflict)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("“%(item)s” is saved.") % {"item": item})
            return redirect("web:cost_model_edit", pk=item.cost_model_id)
    return scenario_page(request, item.cost_model, "item.html", form=form, item=item)


@require_POST
@requires("change", CostItem)
def cost_item_delete(request, item):
    """Coordinators: a cost item removed; sent for an older version of it, nothing is
    removed and the scenario's page says so."""
    version = request.POST.get("version")
    try:
        delete_cost_item(item, version=int(version) if version and version.isdigit() else None)
    except VersionConflict:
        messages.error(
            request,
            _("“%(item)s” was changed in the meantime; check it and delete it again.")
            % {"item": item},
        )
    else:
        messages.success(request, _("“%(item)s” is deleted.") % {"item": item})
    return redirect("web:cost_model_edit", pk=item.cost_model_id)


def chosen_year(request, cost_model) -> int | None:
    year = request.GET.get("jahr", "")
    return int(year) if year.isdigit() else cost_model.figures_year


@require_http_methods(["GET", "POST"])
@requires("change", CostModel)
def key_figures_edit(request, cost_model):
    """Coordinators: the scenario's key figures of a year and kind (cases, FTE or hours),
    one row per paying municipality; an empty row removes its figure. The year of the
    plan, or a settled year's actual figures (``jahr``)."""
    municipalities = paying(cost_model)
    kind = figure_kind_of(cost_model)
    year = chosen_year(request, cost_model)
    values = key_figures_of(cost_model, kind=kind, year=year) if year else {}
    form = KeyFiguresForm(
        request.POST or None,
        municipalities=municipalities,
        initial={
            "kind": kind,
            "year": year,
            "version": key_figures_version(cost_model),
            **{municipality_field(m): plain_figure(values.get(m.pk)) for m in municipalities},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_key_figures(
                cost_model, kind=data["kind"], year=data["year"], values=form.values(),
                version=data["version"],
            )  # fmt: skip
        except VersionConflict:
            form.add_error(
                None,
                _("Someone saved key figures of this scenario in the meantime; reload the "
                  "page and enter them again."),
            )  # fmt: skip
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The key figures of %(year)s are saved.") % {"year": data["year"]}
            )
            return redirect("web:cost_check", pk=cost_model.pk)
    return scenario_page(request, cost_model, "rows.html", form=form, rows_kind="figures")


@require_http_methods(["GET", "POST"])
@requires("change", CostModel)
def status_quo_edit(request, cost_model):
    """Coordinators: what each paying municipality pays today on its own; an empty row
    removes its cost."""
    municipalities = paying(cost_model)
    values = {cost.municipality_id: cost.annual_cost for cost in cost_model.status_quo_costs.all()}
    form = StatusQuoForm(
        request.POST or None,
        municipalities=municipalities,
        initial={
            "version": status_quo_version(cost_model),
            **{municipality_field(m): values.get(m.pk) for m in municipalities},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_status_quo_costs(
                cost_model, values=form.values(), version=form.cleaned_data["version"]
            )
        except VersionConflict:
            form.add_error(
                None,
                _("Someone saved status-quo costs of this scenario in the meantime; reload the "
                  "page and enter them again."),
            )  # fmt: skip
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The status-quo costs are saved."))
            return redirect("web:cost_check", pk=cost_model.pk)
    return scenario_page(request, cost_model, "rows.html", form=form, rows_kind="status_quo")


# Settlements


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def settlement_list(request, cooperation):
    """Everyone with a role: the cooperation's yearly settlements, latest first."""
    return render(
        request,
        "web/costs/settlements.html",
        {
            "cooperation": cooperation,
            "settlements": settlement_rows(cooperation),
            "may_change": can(request.user, "change", cooperation),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def settlement_create(request, cooperation):
    """Coordinators: a yearly settlement of an agreement: its plan, the year, the
    advance payments' schedule and the actual annual cost. The year's actual key figures
    are entered on the plan's key-figure form."""
    form = SettlementForm(
        request.POST or None,
        agreements=agreements_of(cooperation),
        cost_models=cost_models_of(cooperation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            settlement = create_settlement(**form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The settlement %(settlement)s is created.") % {"settlement": settlement}
            )
            return redirect("web:settlement", pk=settlement.pk)
    return render(
        request, "web/costs/settlement_form.html", {"cooperation": cooperation, "form": form}
    )


@require_safe
@requires("view_internal", Settlement)
def settlement_detail(request, settlement):
    """Everyone with a role: the settlement statement: per party its advances per
    instalment, its final share and the difference as refund or additional payment,
    with the key's reference data; or what figure is missing."""
    settlement = settlement_for_statement(settlement)
    try:
        statement, error = settle(settlement), ""
    except ValidationError as refused:
        statement, error = None, " ".join(refused.messages)
    return render(
        request,
        "web/costs/settlement.html",
        {
            "cooperation": settlement.agreement.cooperation,
            "settlement": settlement,
            "statement": statement,
            "error": error,
            "plan_reference": reference_data(statement.plan) if statement else "",
            "final_reference": reference_data(statement.final) if statement else "",
            "may_change": can(request.user, "change", settlement),
        },
    )


@require_safe
@requires("view_internal", Settlement)
def settlement_pdf_download(request, settlement, municipality):
    """Everyone with a role: one party's settlement statement as a PDF."""
    settlement = settlement_for_statement(settlement)
    try:
        statement = settle(settlement)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    party = get_object_or_404(settlement.cost_model.municipalities.all(), pk=municipality)
    response = HttpResponse(settlement_pdf(statement, party), content_type="application/pdf")
    return safe_download_headers(
        response, f"abrechnung-{settlement.year}-{slugify(party.name) or party.pk}.pdf"
    )
