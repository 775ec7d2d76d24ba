from django.contrib import admin

from ikz.agreements.models import (
    Agreement,
    AgreementStep,
    ChecklistItem,
    CostItem,
    CostModel,
    KeyFigure,
    Party,
    Settlement,
    StatusQuoCost,
)
from ikz.core.admin import CooperationDataAdmin, ParentPermissions


class AgreementStepInline(ParentPermissions, admin.TabularInline):
    model = AgreementStep
    extra = 0
    raw_id_fields = ["outcome"]


class ChecklistItemInline(ParentPermissions, admin.TabularInline):
    model = ChecklistItem
    extra = 0


class PartyInline(ParentPermissions, admin.TabularInline):
    model = Party
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Agreement)
class AgreementAdmin(CooperationDataAdmin):
    list_display = [
        "title",
        "kind",
        "state",
        "performing_municipality",
        "term",
        "term_years",
        "is_long_term",
    ]
    list_filter = ["kind", "state", "term", "cooperation"]
    list_select_related = ["performing_municipality", "cooperation"]
    search_fields = ["title", "task_catalogue"]
    autocomplete_fields = ["performing_municipality", "measure"]
    inlines = [PartyInline, AgreementStepInline, ChecklistItemInline]


@admin.register(AgreementStep)
class AgreementStepAdmin(CooperationDataAdmin):
    list_display = ["agreement", "revision", "state", "date"]
    list_select_related = ["agreement"]
    cooperation_path = "agreement__cooperation"
    list_filter = ["state", cooperation_path]
    search_fields = ["agreement__title", "note"]
    raw_id_fields = ["outcome"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(CooperationDataAdmin):
    list_display = ["point", "agreement"]
    list_select_related = ["agreement"]
    cooperation_path = "agreement__cooperation"
    list_filter = ["point", cooperation_path]
    search_fields = ["note", "agreement__title"]


@admin.register(Party)
class PartyAdmin(CooperationDataAdmin):
    list_display = ["municipality", "agreement", "joined_on", "left_on"]
    list_select_related = ["municipality", "agreement"]
    cooperation_path = "agreement__cooperation"
    list_filter = [cooperation_path]
    search_fields = ["municipality__name", "agreement__title"]


class CostItemInline(ParentPermissions, admin.TabularInline):
    model = CostItem
    extra = 0


class KeyFigureInline(ParentPermissions, admin.TabularInline):
    model = KeyFigure
    extra = 0


class StatusQuoCostInline(ParentPermissions, admin.TabularInline):
    model = StatusQuoCost
    extra = 0


@admin.register(CostModel)
class CostModelAdmin(CooperationDataAdmin):
    list_display = ["name", "scenario", "key", "population_date", "figures_year", "measure"]
    list_select_related = ["measure"]
    list_filter = ["key", "cooperation"]
    search_fields = ["name", "scenario"]
    autocomplete_fields = ["municipalities", "measure"]
    inlines = [CostItemInline, KeyFigureInline, StatusQuoCostInline]


@admin.register(CostItem)
class CostItemAdmin(CooperationDataAdmin):
    list_display = ["label", "kind", "cost_model", "fte", "annual_cost_per_fte", "amount"]
    list_select_related = ["cost_model"]
    cooperation_path = "cost_model__cooperation"
    list_filter = ["kind", cooperation_path]
    search_fields = ["label"]


@admin.register(KeyFigure)
class KeyFigureAdmin(CooperationDataAdmin):
    list_display = ["municipality", "cost_model", "kind", "year", "value"]
    list_select_related = ["municipality", "cost_model"]
    cooperation_path = "cost_model__cooperation"
    list_filter = ["kind", cooperation_path]
    search_fields = ["municipality__name", "cost_model__name"]


@admin.register(StatusQuoCost)
class StatusQuoCostAdmin(CooperationDataAdmin):
    list_display = ["municipality", "cost_model", "annual_cost"]
    list_select_related = ["municipality", "cost_model"]
    cooperation_path = "cost_model__cooperation"
    list_filter = [cooperation_path]
    search_fields = ["municipality__name", "cost_model__name"]


@admin.register(Settlement)
class SettlementAdmin(CooperationDataAdmin):
    list_display = ["agreement", "year", "cost_model", "advance_schedule", "actual_annual_cost"]
    list_select_related = ["agreement", "cost_model"]
    cooperation_path = "agreement__cooperation"
    list_filter = ["advance_schedule", cooperation_path]
    search_fields = ["agreement__title", "note"]
    raw_id_fields = ["agreement", "cost_model"]
