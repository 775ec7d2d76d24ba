import datetime

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def figures_years(apps, schema_editor):
    """The case numbers so far had no year: the cost models that use them get the year
    of their population date (else this year's), their figures that year."""
    CostModel = apps.get_model("agreements", "CostModel")
    KeyFigure = apps.get_model("agreements", "KeyFigure")
    HistoricalKeyFigure = apps.get_model("agreements", "HistoricalKeyFigure")
    this_year = datetime.date.today().year
    with_figures = set(KeyFigure.objects.values_list("cost_model_id", flat=True))
    with_figures |= set(HistoricalKeyFigure.objects.values_list("cost_model_id", flat=True))
    years = {}
    for cost_model in CostModel.objects.all():
        uses_figures = cost_model.key == "cases" or (
            cost_model.key == "mixed" and cost_model.weight_cases > 0
        )
        if uses_figures or cost_model.pk in with_figures:
            year = cost_model.population_date.year if cost_model.population_date else this_year
            cost_model.figures_year = year
            cost_model.save(update_fields=["figures_year"])
            years[cost_model.pk] = year
    for model in (KeyFigure, HistoricalKeyFigure):
        for figure in model.objects.filter(year__isnull=True):
            figure.year = years.get(figure.cost_model_id, this_year)
            figure.save(update_fields=["year"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_flat_orderings_and_indexes"),
        ("core", "0018_cooperation_is_sample"),
        ("measures", "0008_allocation_keys_staff_and_base"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("CaseCount", "KeyFigure"),
        migrations.RenameModel("HistoricalCaseCount", "HistoricalKeyFigure"),
        migrations.RemoveConstraint(model_name="keyfigure", name="case_count_unique"),
        migrations.RenameField("keyfigure", "cases", "value"),
        migrations.RenameField("historicalkeyfigure", "cases", "value"),
        migrations.AddField(
            model_name="costmodel",
            name="figures_year",
            field=models.PositiveSmallIntegerField(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="historicalcostmodel",
            name="figures_year",
            field=models.PositiveSmallIntegerField(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="keyfigure",
            name="kind",
            field=models.CharField(default="cases", max_length=10),
        ),
        migrations.AddField(
            model_name="historicalkeyfigure",
            name="kind",
            field=models.CharField(default="cases", max_length=10),
        ),
        migrations.AddField(
            model_name="keyfigure",
            name="year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="historicalkeyfigure",
            name="year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.RunPython(figures_years, migrations.RunPython.noop),
        migrations.CreateModel(
            name='HistoricalSettlement',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('advance_schedule', models.CharField(choices=[('quarterly', 'quarterly'), ('yearly', 'yearly')], default='quarterly', max_length=20, verbose_name='advance payments')),
                ('actual_annual_cost', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='actual annual cost in €')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical settlement',
                'verbose_name_plural': 'historical settlements',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Settlement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('advance_schedule', models.CharField(choices=[('quarterly', 'quarterly'), ('yearly', 'yearly')], default='quarterly', max_length=20, verbose_name='advance payments')),
                ('actual_annual_cost', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='actual annual cost in €')),
                ('note', models.TextField(blank=True, verbose_name='note')),
            ],
            options={
                'verbose_name': 'settlement',
                'verbose_name_plural': 'settlements',
                'ordering': ['agreement_id', 'year'],
            },
        ),
        migrations.AlterModelOptions(
            name='historicalkeyfigure',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'historical key figure', 'verbose_name_plural': 'historical key figures'},
        ),
        migrations.AlterModelOptions(
            name='keyfigure',
            options={'ordering': ['cost_model_id', 'year', 'kind', 'municipality_id'], 'verbose_name': 'key figure', 'verbose_name_plural': 'key figures'},
        ),
        migrations.RemoveConstraint(
            model_name='costmodel',
            name='cost_model_population_key_has_date',
        ),
        migrations.AddField(
            model_name='costmodel',
            name='base_amount',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='With a fixed base plus a per-inhabitant part: what every paying municipality pays before the rest is split per inhabitant.', max_digits=12, null=True, verbose_name='fixed base per municipality in €'),
        ),
        migrations.AddField(
            model_name='historicalcostmodel',
            name='base_amount',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='With a fixed base plus a per-inhabitant part: what every paying municipality pays before the rest is split per inhabitant.', max_digits=12, null=True, verbose_name='fixed base per municipality in €'),
        ),
        migrations.AlterField(
            model_name='costmodel',
            name='figures_year',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Year of the case numbers or staff shares the plan uses.', null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year of the key figures'),
        ),
        migrations.AlterField(
            model_name='costmodel',
            name='key',
            field=models.CharField(choices=[('population', 'per inhabitant'), ('equal', 'equal shares'), ('cases', 'by case numbers'), ('staff_fte', 'by staff shares (FTE)'), ('staff_hours', 'by staff shares (hours)'), ('base_population', 'fixed base plus per inhabitant'), ('mixed', 'weighted mix')], default='population', max_length=20, verbose_name='allocation key'),
        ),
        migrations.AlterField(
            model_name='historicalcostmodel',
            name='figures_year',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Year of the case numbers or staff shares the plan uses.', null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year of the key figures'),
        ),
        migrations.AlterField(
            model_name='historicalcostmodel',
            name='key',
            field=models.CharField(choices=[('population', 'per inhabitant'), ('equal', 'equal shares'), ('cases', 'by case numbers'), ('staff_fte', 'by staff shares (FTE)'), ('staff_hours', 'by staff shares (hours)'), ('base_population', 'fixed base plus per inhabitant'), ('mixed', 'weighted mix')], default='population', max_length=20, verbose_name='allocation key'),
        ),
        migrations.AlterField(
            model_name='historicalkeyfigure',
            name='kind',
            field=models.CharField(choices=[('cases', 'case numbers'), ('fte', 'staff share in FTE'), ('hours', 'staff share in hours')], default='cases', max_length=10, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='historicalkeyfigure',
            name='value',
            field=models.DecimalField(decimal_places=3, max_digits=12, verbose_name='value'),
        ),
        migrations.AlterField(
            model_name='historicalkeyfigure',
            name='year',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='keyfigure',
            name='cost_model',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='key_figures', to='agreements.costmodel', verbose_name='cost model'),
        ),
        migrations.AlterField(
            model_name='keyfigure',
            name='kind',
            field=models.CharField(choices=[('cases', 'case numbers'), ('fte', 'staff share in FTE'), ('hours', 'staff share in hours')], default='cases', max_length=10, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='keyfigure',
            name='value',
            field=models.DecimalField(decimal_places=3, max_digits=12, verbose_name='value'),
        ),
        migrations.AlterField(
            model_name='keyfigure',
            name='year',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year'),
        ),
        migrations.AddConstraint(
            model_name='costmodel',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('key__in', ['population', 'base_population']), _negated=True), ('population_date__isnull', False), _connector='OR'), name='cost_model_population_key_has_date', violation_error_message='A population key names the reference date of its figures.'),
        ),
        migrations.AddConstraint(
            model_name='costmodel',
            constraint=models.CheckConstraint(condition=models.Q(('figures_year__isnull', False), models.Q(models.Q(('key__in', ['cases', 'staff_fte', 'staff_hours']), _negated=True), models.Q(('key', 'mixed'), ('weight_cases__gt', 0), _negated=True)), _connector='OR'), name='cost_model_figures_key_has_year', violation_error_message='A key by case numbers or staff shares names the year of its figures.'),
        ),
        migrations.AddConstraint(
            model_name='costmodel',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('key', 'base_population'), _negated=True), models.Q(('base_amount__gte', 0), ('base_amount__isnull', False)), _connector='OR'), name='cost_model_base_key_has_base_amount', violation_error_message='A fixed base plus a per-inhabitant part needs the base amount (zero or more).'),
        ),
        migrations.AddConstraint(
            model_name='keyfigure',
            constraint=models.UniqueConstraint(fields=('cost_model', 'municipality', 'kind', 'year'), name='key_figure_unique', violation_error_message='This municipality has this figure for this year already.'),
        ),
        migrations.AddConstraint(
            model_name='keyfigure',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='key_figure_value_not_negative', violation_error_message='A key figure cannot be negative.'),
        ),
        migrations.AddField(
            model_name='historicalsettlement',
            name='agreement',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.agreement', verbose_name='agreement'),
        ),
        migrations.AddField(
            model_name='historicalsettlement',
            name='cost_model',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The cost model whose allocation gave the advance payments.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agreements.costmodel', verbose_name='plan'),
        ),
        migrations.AddField(
            model_name='historicalsettlement',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='settlement',
            name='agreement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='settlements', to='agreements.agreement', verbose_name='agreement'),
        ),
        migrations.AddField(
            model_name='settlement',
            name='cost_model',
            field=models.ForeignKey(help_text='The cost model whose allocation gave the advance payments.', on_delete=django.db.models.deletion.PROTECT, related_name='settlements', to='agreements.costmodel', verbose_name='plan'),
        ),
        migrations.AddConstraint(
            model_name='settlement',
            constraint=models.UniqueConstraint(fields=('agreement', 'year'), name='settlement_unique', violation_error_message='The agreement has a settlement of this year already.'),
        ),
        migrations.AddConstraint(
            model_name='settlement',
            constraint=models.CheckConstraint(condition=models.Q(('actual_annual_cost__gte', 0)), name='settlement_actual_cost_not_negative', violation_error_message='The actual annual cost cannot be negative.'),
        ),
    ]
