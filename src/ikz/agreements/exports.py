"""The cost check and the settlement on paper: an XLSX workbook whose formulas a
treasurer can follow (a sheet per scenario, one to compare them), a PDF of the cost check
and a settlement statement per party. openpyxl and WeasyPrint are imported where they
are used, so that starting the cockpit does not load them."""

import io
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ikz.agreements.costs import (
    Allocation,
    ScenarioComparison,
    allocation_chart_svg,
    compare_scenarios,
    euros,
)
from ikz.agreements.models import CostItem, KeyFigure
from ikz.agreements.settlement import SettlementStatement
from ikz.core.models import Cooperation, Municipality
from ikz.core.printing import print_pdf
from ikz.measures.models import AllocationKey

EURO_FORMAT = '#,##0.00 "€"'
WEIGHT_FORMAT = "#,##0.######"
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
SHEET_NAME_LENGTH = 31


def figure_text(value: Decimal | int | None) -> str:
    if value is None:
        return "–"
    return number_format(Decimal(value).normalize(), force_grouping=True)


def population_heading(result: Allocation) -> str:
    return _("Inhabitants as of %(date)s") % {
        "date": date_format(result.population_date, "SHORT_DATE_FORMAT")
    }


def figure_heading(result: Allocation) -> str:
    """The column of a key figure, naming its year."""
    headings = {
        KeyFigure.Kind.CASES: _("Cases %(year)s"),
        KeyFigure.Kind.FTE: _("FTE %(year)s"),
        KeyFigure.Kind.HOURS: _("Hours %(year)s"),
    }
    return headings[result.figure_kind] % {"year": result.figures_year}


def reference_data(result: Allocation) -> str:
    """The key and what it reads: "per inhabitant, inhabitants as of 31.12.2019"."""
    parts = [result.key_label]
    if result.population_date:
        parts.append(population_heading(result))
    if result.figure_kind:
        parts.append(figure_heading(result))
    if result.base_amount is not None:
        parts.append(_("fixed base %(amount)s") % {"amount": euros(result.base_amount)})
    if result.cost_model.key == AllocationKey.MIXED:
        parts.append(
            _(
                "weights: population %(population)s %%, equal shares %(equal)s %%, cases %(cases)s %%"
            )
            % {
                "population": result.cost_model.weight_population,
                "equal": result.cost_model.weight_equal,
                "cases": result.cost_model.weight_cases,
            }
        )
    return "; ".join(parts)


def _sheet_name(label: str, taken: set) -> str:
    base = (label or _("Scenario")).translate(SHEET_NAME_FORBIDDEN)[:SHEET_NAME_LENGTH]
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


# XLSX


def cost_check_xlsx(cooperation: Cooperation, name: str) -> bytes:
    """The cost check ``name`` as a workbook: a sheet per scenario (its cost items with
    the formulas of their annual cost and the total as =SUM; the paying municipalities
    with their key figure, weight, exact share as a formula, share to the cent as a
    value, the rounding difference, status quo and saving as formulas, a sum row), and a
    sheet comparing the scenarios. German headers; amounts in euros."""
    from openpyxl import Workbook  # noqa: PLC0415 heavy library: openpyxl

    with translation.override(settings.LANGUAGE_CODE):
        comparison = compare_scenarios(cooperation, name)
        workbook = Workbook()
        workbook.remove(workbook.active)
        taken = {_("Comparison").lower()}
        share_cells = {}
        for scenario in comparison.scenarios:
            sheet = workbook.create_sheet(_sheet_name(scenario.label, taken))
            sheet["A1"] = _("Cost check %(name)s, scenario %(scenario)s") % {
                "name": name,
                "scenario": scenario.label,
            }
            sheet["A1"].font = _font(bold=True, size=13)
            if scenario.allocation is None:
                sheet["A3"] = scenario.error
                continue
            share_cells[scenario.label] = _write_scenario(sheet, scenario.allocation)
        _write_comparison(workbook.create_sheet(_("Comparison")), comparison, share_cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _font(**style):
    from openpyxl.styles import Font  # noqa: PLC0415 heavy library: openpyxl

    return Font(**style)


def _bold(row) -> None:
    for cell in row:
        cell.font = _font(bold=True)


def _write_scenario(sheet, result: Allocation) -> dict:
    """Writes one scenario; returns where each municipality's share and saving stand."""
    sheet["A2"] = _("Allocation key: %(key)s") % {"key": reference_data(result)}
    sheet.append([])
    sheet.append(
        [
            _("Cost item"),
            _("Kind"),
            _("FTE"),
            _("Annual cost per FTE (€)"),
            _("Amount (€)"),
            _("Overhead (%)"),
            _("Spread over years"),
            _("Annual cost (€)"),
        ]
    )
    _bold(sheet[sheet.max_row])
    first = sheet.max_row + 1
    direct_rows = [
        first + index
        for index, line in enumerate(result.breakdown.lines)
        if line.item.kind in (CostItem.Kind.STAFF, CostItem.Kind.MATERIAL)
    ]
    direct = "+".join(f"H{row}" for row in direct_rows) or "0"
    for index, line in enumerate(result.breakdown.lines):
        row, item = first + index, line.item
        formulas = {
            CostItem.Kind.STAFF: f"=ROUND(C{row}*D{row},2)",
            CostItem.Kind.MATERIAL: f"=ROUND(E{row},2)",
            CostItem.Kind.OVERHEAD: f"=ROUND(F{row}/100*({direct}),2)",
            CostItem.Kind.ONE_OFF: f"=ROUND(E{row}/G{row},2)",
        }
        sheet.append(
            [
                item.label,
                item.get_kind_display(),
                item.fte,
                item.annual_cost_per_fte,
                item.amount,
                item.overhead_percent,
                item.spread_years,
                formulas[item.kind],
            ]
        )
    last = sheet.max_row
    sheet.append(
        [_("Annual cost in total"), *[None] * 6, f"=SUM(H{first}:H{last})" if last >= first else 0]
    )
    _bold(sheet[sheet.max_row])
    total_cell = f"$H${sheet.max_row}"
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, min_col=4, max_col=8):
        for cell in row:
            if cell.column in (4, 5, 8):
                cell.number_format = EURO_FORMAT
    sheet.append([])
    return _write_shares(sheet, result, total_cell)


def _write_shares(sheet, result: Allocation, total_cell: str) -> dict:
    key = result.cost_model.key
    figure_columns = []
    if result.population_date:
        figure_columns.append((population_heading(result), "population"))
    if result.figure_kind:
        figure_columns.append((figure_heading(result), "figure"))
    with_base = key == AllocationKey.BASE_POPULATION
    headers = [
        _("Municipality"),
        *[heading for heading, _attribute in figure_columns],
        _("Weight"),
        *([_("Fixed base (€)")] if with_base else []),
        _("Exact share (€)"),
        _("Share to the cent (€)"),
        _("Rounding difference (€)"),
        _("Status quo (€)"),
        _("Saving (€)"),
    ]
    sheet.append(headers)
    _bold(sheet[sheet.max_row])
    letters = {header: chr(ord("A") + index) for index, header in enumerate(headers)}
    first = sheet.max_row + 1
    last = first + len(result.lines) - 1
    weight, exact, share, difference, status_quo, saving = (
        letters[_("Weight")],
        letters[_("Exact share (€)")],
        letters[_("Share to the cent (€)")],
        letters[_("Rounding difference (€)")],
        letters[_("Status quo (€)")],
        letters[_("Saving (€)")],
    )
    base = letters.get(_("Fixed base (€)"))
    places = {}
    for index, line in enumerate(result.lines):
        row = first + index
        figures = [getattr(line, attribute) for _heading, attribute in figure_columns]
        by_weight = f"{weight}{row}/SUM({weight}${first}:{weight}${last})"
        if with_base:
            # Every party pays the base; what is left is split per inhabitant.
            exact_formula = (
                f"={base}{row}+({total_cell}-SUM({base}${first}:{base}${last}))*{by_weight}"
            )
        else:
            exact_formula = f"={total_cell}*{by_weight}"
        sheet.append(
            [
                line.municipality.name,
                *figures,
                _weight_formula(result, row, first, last, figure_columns),
                *([line.base] if with_base else []),
                exact_formula,
                line.share,
                f"={share}{row}-{exact}{row}",
                line.status_quo,
                f'=IF({status_quo}{row}="","",{status_quo}{row}-{share}{row})',
            ]
        )
        places[line.municipality.pk] = (sheet.title, f"{share}{row}", f"{saving}{row}")
    sums = [_("Sum"), *[None] * len(figure_columns)]
    sums += [
        f"=SUM({column}{first}:{column}{last})"
        for column in (weight, base, exact, share, difference, status_quo, saving)
        if column
    ]
    sheet.append(sums)
    _bold(sheet[sheet.max_row])
    euro_columns = {base, exact, share, difference, status_quo, saving}
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row):
        for cell in row:
            if cell.column_letter in euro_columns:
                cell.number_format = EURO_FORMAT
            elif cell.column_letter == weight:
                cell.number_format = WEIGHT_FORMAT
    sheet.column_dimensions["A"].width = 34
    for column in "BCDEFGHIJK":
        sheet.column_dimensions[column].width = 18
    return places


def _weight_formula(result: Allocation, row: int, first: int, last: int, figure_columns) -> str:
    """The weight as the key makes it: 1 each, the key figure, or the mix of population,
    equal shares and cases in whole percentages."""
    columns = {
        attribute: chr(ord("B") + index) for index, (_h, attribute) in enumerate(figure_columns)
    }
    cost_model = result.cost_model
    if cost_model.key == AllocationKey.EQUAL:
        return 1
    if cost_model.key != AllocationKey.MIXED:
        return f"={next(iter(columns.values()))}{row}"
    parts = []
    if "population" in columns:
        column = columns["population"]
        parts.append(
            f"{cost_model.weight_population}*{column}{row}/SUM({column}${first}:{column}${last})"
        )
    if cost_model.weight_equal:
        parts.append(f"{cost_model.weight_equal}/{last - first + 1}")
    if "figure" in columns:
        column = columns["figure"]
        parts.append(
            f"{cost_model.weight_cases}*{column}{row}/SUM({column}${first}:{column}${last})"
        )
    return "=" + "+".join(parts)


def _write_comparison(sheet, comparison: ScenarioComparison, share_cells: dict) -> None:
    """Each municipality's share and saving per scenario, read from the scenario sheets,
    and the sums."""
    sheet["A1"] = _("Cost check %(name)s: scenarios compared") % {"name": comparison.name}
    sheet["A1"].font = _font(bold=True, size=13)
    shown = [scenario for scenario in comparison.scenarios if scenario.allocation]
    sheet.append([])
    headers = [_("Municipality")]
    for scenario in shown:
        headers += [
            _("Share %(scenario)s (€)") % {"scenario": scenario.label},
            _("Saving %(scenario)s (€)") % {"scenario": scenario.label},
        ]
    sheet.append(headers)
    _bold(sheet[sheet.max_row])
    first = sheet.max_row + 1
    for row in comparison.rows:
        values = [row.municipality.name]
        for scenario in shown:
            place = share_cells[scenario.label].get(row.municipality.pk)
            if place is None:
                values += [None, None]
            else:
                title, share, saving = place
                quoted = "'" + title.replace("'", "''") + "'"
                values += [f"={quoted}!{share}", f"={quoted}!{saving}"]
        sheet.append(values)
    last = sheet.max_row
    sums = [_("Sum")]
    for index in range(2 * len(shown)):
        column = chr(ord("B") + index)
        sums.append(f"=SUM({column}{first}:{column}{last})")
    sheet.append(sums)
    _bold(sheet[sheet.max_row])
    for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, min_col=2):
        for cell in row:
            cell.number_format = EURO_FORMAT
    sheet.column_dimensions["A"].width = 34
    for index in range(2 * len(shown)):
        sheet.column_dimensions[chr(ord("B") + index)].width = 22


# PDF


def _allocation_context(result: Allocation) -> dict:
    return {
        "reference": reference_data(result),
        "figure_headings": [
            *([population_heading(result)] if result.population_date else []),
            *([figure_heading(result)] if result.figure_kind else []),
        ],
        "cost_lines": [
            {
                "label": line.item.label,
                "kind": line.item.get_kind_display(),
                "basis": _basis(line.item),
                "annual": euros(line.annual),
            }
            for line in result.breakdown.lines
        ],
        "total": euros(result.total),
        "lines": [
            {
                "name": line.municipality.name,
                "figures": [
                    *([figure_text(line.population)] if result.population_date else []),
                    *([figure_text(line.figure)] if result.figure_kind else []),
                ],
                "share": euros(line.share),
                "status_quo": euros(line.status_quo),
                "saving": euros(line.saving),
            }
            for line in result.lines
        ],
        "status_quo_total": euros(result.status_quo_total),
        "saving_total": euros(result.saving_total),
        "chart": allocation_chart_svg(result),
    }


def _basis(item: CostItem) -> str:
    """How a cost item's annual amount comes about, as the table prints it."""
    if item.kind == CostItem.Kind.STAFF:
        return f"{figure_text(item.fte)} × {euros(item.annual_cost_per_fte)}"
    if item.kind == CostItem.Kind.OVERHEAD:
        return _("%(percent)s %% of staff and material") % {
            "percent": figure_text(item.overhead_percent)
        }
    if item.kind == CostItem.Kind.ONE_OFF:
        return _("%(amount)s over %(years)s years") % {
            "amount": euros(item.amount),
            "years": item.spread_years,
        }
    return euros(item.amount)


def cost_check_html(cooperation: Cooperation, name: str) -> str:
    comparison = compare_scenarios(cooperation, name)
    return render_to_string(
        "agreements/cost_check.html",
        {
            "language": settings.LANGUAGE_CODE,
            "cooperation": cooperation,
            "name": name,
            "scenarios": [
                {
                    "label": scenario.label,
                    "error": scenario.error,
                    **(_allocation_context(scenario.allocation) if scenario.allocation else {}),
                }
                for scenario in comparison.scenarios
            ],
            "compared": [
                scenario.label for scenario in comparison.scenarios if scenario.allocation
            ],
            "rows": [
                {
                    "name": row.municipality.name,
                    "cells": [
                        (euros(cell.share), euros(cell.saving)) if cell else ("–", "–")
                        for scenario, cell in zip(comparison.scenarios, row.cells, strict=True)
                        if scenario.allocation
                    ],
                }
                for row in comparison.rows
            ],
            "totals": [
                (euros(result.total), euros(result.saving_total))
                for result in comparison.allocations
            ],
            "chart": allocation_chart_svg(comparison) if comparison.rows else "",
        },
    )


def cost_check_pdf(cooperation: Cooperation, name: str) -> bytes:
    """The cost check ``name`` as a tagged PDF/A-3a: the scenarios compared (table and
    chart), then each scenario's cost items, key with its reference data, allocation,
    status quo and saving, and chart."""
    with translation.override(settings.LANGUAGE_CODE):
        return print_pdf(cost_check_html(cooperation, name))


def settlement_html(statement: SettlementStatement, municipality: Municipality) -> str:
    line = statement.line_of(municipality)
    settlement = statement.settlement
    return render_to_string(
        "agreements/settlement.html",
        {
            "language": settings.LANGUAGE_CODE,
            "agreement": settlement.agreement,
            "cooperation": settlement.agreement.cooperation,
            "municipality": municipality,
            # A year, not a number: no thousands separator.
            "year": str(settlement.year),
            "schedule": settlement.get_advance_schedule_display(),
            "note": settlement.note,
            "plan_reference": reference_data(statement.plan),
            "final_reference": reference_data(statement.final),
            "plan_total": euros(statement.plan.total),
            "final_total": euros(statement.final.total),
            "figure_rows": _figure_rows(statement, line),
            "advances": [
                (label, euros(amount))
                for label, amount in zip(statement.instalments, line.advances, strict=True)
            ],
            "advance_total": euros(line.advance_total),
            "final_share": euros(line.final.share),
            "difference": line.difference,
            "additional_payment": euros(line.additional_payment),
            "refund": euros(line.refund),
            "parties": [
                {
                    "name": other.municipality.name,
                    "advances": euros(other.advance_total),
                    "final": euros(other.final.share),
                    "difference": euros(other.difference),
                }
                for other in statement.lines
            ],
            "difference_total": euros(statement.difference_total),
        },
    )


def _figure_rows(statement: SettlementStatement, line) -> list[tuple[str, str]]:
    """The party's key figures: its population as of the key's date, and its figure of
    the plan's year and of the settled year."""
    rows = []
    if statement.plan.population_date:
        rows.append((population_heading(statement.plan), figure_text(line.plan.population)))
    if statement.plan.figure_kind:
        rows.append((figure_heading(statement.plan), figure_text(line.plan.figure)))
        rows.append((figure_heading(statement.final), figure_text(line.final.figure)))
    return rows


def settlement_pdf(statement: SettlementStatement, municipality: Municipality) -> bytes:
    """The settlement statement of one party as a tagged PDF/A-3a: the key and its
    reference data (population date, the plan's and the settled year's figures), the
    party's figures, its advances, its final share, the additional payment or refund,
    and every party's totals for comparison."""
    with translation.override(settings.LANGUAGE_CODE):
        return print_pdf(settlement_html(statement, municipality))
