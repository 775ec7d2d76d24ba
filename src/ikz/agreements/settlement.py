"""The yearly settlement of an agreement's costs: what each party paid in advance by the
plan, what it owes by the year's actual cost and figures, and the difference."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ikz.agreements.costs import Allocation, AllocationLine, allocate, allocation
from ikz.agreements.models import Settlement
from ikz.core.models import Municipality

QUARTERS = 4


@dataclass(frozen=True)
class SettlementLine:
    """One party: its plan share paid in ``advances`` (one per instalment, summing to the
    plan share), its final share and the ``difference`` = final share − advances: above
    zero it pays the rest, below zero it gets the amount back."""

    municipality: Municipality
    plan: AllocationLine
    final: AllocationLine
    advances: list[Decimal]

    @property
    def advance_total(self) -> Decimal:
        return sum(self.advances, Decimal("0.00"))

    @property
    def difference(self) -> Decimal:
        return self.final.share - self.advance_total

    @property
    def additional_payment(self) -> Decimal:
        return max(self.difference, Decimal("0.00"))

    @property
    def refund(self) -> Decimal:
        return max(-self.difference, Decimal("0.00"))


@dataclass(frozen=True)
class SettlementStatement:
    """A settlement worked out: ``plan`` is the cost model's allocation (its annual cost,
    its figures year), ``final`` the same key applied to the actual cost and the key
    figures of the settled year; ``instalments`` names the advance payments."""

    settlement: Settlement
    plan: Allocation
    final: Allocation
    instalments: list[str]
    lines: list[SettlementLine]

    @property
    def difference_total(self) -> Decimal:
        return self.final.total - self.plan.total

    def line_of(self, municipality: Municipality) -> SettlementLine:
        return next(line for line in self.lines if line.municipality == municipality)


def _instalment_labels(settlement: Settlement) -> list[str]:
    if settlement.advance_schedule == Settlement.Schedule.YEARLY:
        return [str(settlement.year)]
    return [
        _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": settlement.year}
        for quarter in range(1, QUARTERS + 1)
    ]


def settle(settlement: Settlement) -> SettlementStatement:
    """The settlement statement of ``settlement``: the plan allocation of its cost model
    gives each party's advances (yearly: the plan share once; quarterly: four
    instalments split from it by the largest remainder, the earlier quarters taking the
    odd cents); the actual annual cost and the key figures of the settled year give the
    final shares; the difference per party is final share − advances. The plan shares,
    the final shares and the differences each sum exactly to their totals.

    Raises ValidationError (naming the municipality) where the plan or the year lacks a
    figure the key needs. Reads only; no side effects."""
    cost_model = settlement.cost_model
    plan = allocation(cost_model)
    final = allocation(
        cost_model, total=settlement.actual_annual_cost, figures_year=settlement.year
    )
    labels = _instalment_labels(settlement)
    lines = []
    for plan_line, final_line in zip(plan.lines, final.lines, strict=True):
        advances = allocate(plan_line.share, dict.fromkeys(range(len(labels)), 1))
        lines.append(
            SettlementLine(
                municipality=plan_line.municipality,
                plan=plan_line,
                final=final_line,
                advances=list(advances.values()),
            )
        )
    return SettlementStatement(
        settlement=settlement, plan=plan, final=final, instalments=labels, lines=lines
    )
