"""The structure the code promises: imports flow one way (models → domain → interfaces →
views), without cycles; an import inside a function names one of the fixed reasons; and
nothing in the repository reads outside it."""

import ast
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src"
# ``# noqa: PLC0415 <reason>: …``: the only reasons an import may stand inside a function.
IMPORT_REASONS = (
    "heavy library",  # python-docx, python-pptx, weasyprint, pypdf, Pillow: loaded only to use
    "app registry",  # models load only once the apps are ready (AppConfig.ready)
    "cycle",  # a documented import cycle, naming the modules
)


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts
    }


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a module imports, at its top or inside a function: an import
    deferred into a function still closes a cycle (only a documented "cycle" may)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if "noqa: PLC0415 cycle:" in lines[node.lineno - 1]:
            continue
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from ikz.reports import matching" imports the module ikz.reports.matching.
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("ikz"):
                imported.add(name)
    return imported


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {
        name: imports_of(path, modules) - {name}
        for name, path in modules.items()
        if not name.endswith("__init__")
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as the list of its modules, or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str]:
        state[name] = "open"
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[name] = "done"
        stack.pop()
        return []

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return []


def test_find_cycle_finds_a_cycle_and_none_where_there_is_none():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_project_has_no_import_cycle():
    assert find_cycle(import_graph()) == []


def test_models_import_no_domain_and_domain_no_views():
    graph = import_graph()

    upward = sorted(
        (name, target)
        for name, targets in graph.items()
        for target in targets
        if (
            name.endswith(".models") and re.search(r"\.(domain|views|admin|forms)$|\.web\b", target)
        )
        or (name.endswith(".domain") and re.search(r"\.web\b|\.views$|\.admin$", target))
    )

    assert upward == []


# Apps in rank order (DESIGN.md, "Architecture"): each imports only from those of a lower
# rank, never from one of its own rank or above; the project's wiring (settings, urls, cli,
# wsgi) stands above them all.
APP_RANKS = {
    "config": 0,  # reads the environment; imports no app
    "formats": 0,  # Django's format module
    "core": 1,
    "measures": 2,
    "meetings": 3,
    # An agreement's councils resolve in their meetings (Consultation, Outcome).
    "agreements": 4,
    "reports": 5,
    "search": 6,
    "sample": 7,
    "web": 8,
}
WIRING = {"ikz", "ikz.settings", "ikz.urls", "ikz.cli", "ikz.wsgi", "ikz.__main__"}


def app_of(module: str) -> str:
    return module.split(".")[1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        if name not in WIRING
        for target in targets
        if target not in WIRING
        and app_of(name) != app_of(target)
        and APP_RANKS[app_of(target)] >= APP_RANKS[app_of(name)]
    )


def test_upward_imports_finds_an_import_that_runs_up_or_sideways():
    graph = {
        "ikz.meetings.minutes": {"ikz.reports.exporters", "ikz.core.models"},
        "ikz.measures.domain": {"ikz.measures.models", "ikz.meetings.models"},
        "ikz.web.views": {"ikz.reports.domain", "ikz.web.forms"},
    }

    assert upward_imports(graph) == [
        "ikz.measures.domain -> ikz.meetings.models",
        "ikz.meetings.minutes -> ikz.reports.exporters",
    ]


def test_every_app_has_a_rank():
    packages = {
        path.parent.name
        for path in (SOURCE / "ikz").glob("*/__init__.py")
        if path.parent.name != "locale"
    }
    modules = {path.stem for path in (SOURCE / "ikz").glob("*.py")}
    wiring = {name.rpartition(".")[2] for name in WIRING} | {"__init__"}

    assert sorted((packages | modules) - wiring - set(APP_RANKS)) == []


def test_no_import_runs_up_between_apps():
    assert upward_imports(import_graph()) == []


# Transactions and version checks are the domain's (DESIGN.md, "Architecture"): a view
# that opened one would be copied by the next page.
SAVING_IN_A_VIEW = re.compile(
    r"transaction\.atomic|select_for_update|conflict_since|rows_conflict|check_version"
    r"|check_rows_version|versions import lock\b"
)


def test_no_view_opens_a_transaction_or_checks_a_version():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in (SOURCE / "ikz" / "web").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SAVING_IN_A_VIEW.search(line)
    ]

    assert offenders == []


def test_imports_inside_functions_name_a_fixed_reason():
    unexplained = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in [*SOURCE.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
        if path != Path(__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "noqa: PLC0415" in line
        and not re.search(rf"noqa: PLC0415 (?:{'|'.join(IMPORT_REASONS)}): \S", line)
    ]

    assert unexplained == []


def test_csv_is_written_only_through_german_csv():
    # ikz.core.files.german_csv quotes cells a spreadsheet would calculate; another
    # writer would not.
    writers = sorted(
        str(path.relative_to(ROOT))
        for path in SOURCE.rglob("*.py")
        if path != SOURCE / "ikz" / "core" / "files.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(alias.name == "csv" for alias in node.names))
        or (isinstance(node, ast.ImportFrom) and node.module == "csv")
    )

    assert writers == []


def test_nothing_in_the_repository_reads_outside_it():
    # A user's clone has nothing beside it; the seed the tests read is the project's own.
    outside = re.compile(r"\.\./|parents\[[3-9]\]")
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*SOURCE.rglob("*.py"), *(ROOT / "tests").rglob("*.py"), ROOT / "Makefile"]
        if path != Path(__file__)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if outside.search(line) and "cd src/ikz" not in line
    ]

    assert readers == []


def test_scripts_outside_the_package_import_modules_that_exist():
    # The benchmark runs only with `make bench`; a module renamed under it must not go
    # unnoticed until then.
    missing = [
        f"{path.relative_to(ROOT)}: {node.module}"
        for path in (ROOT / "bench").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("ikz")
        and importlib.util.find_spec(node.module) is None
    ]

    assert missing == []


# A key printed as {{ x.pk }} reads 1.255 on German pages (USE_THOUSAND_SEPARATOR): in an
# address or a form value that names another record or none.
LOCALIZED_NUMBER = re.compile(
    r"\{\{\s*[\w.]*(\.pk|(?<!attrs)\.id|page_number)\s*(\|(?!unlocalize)[^}]*)?\}\}"
)


def test_templates_write_keys_and_page_numbers_unlocalized():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in SOURCE.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCALIZED_NUMBER.search(line)
    ]
    assert offenders == []
    assert LOCALIZED_NUMBER.search('<a href="?gremium={{ body.pk }}">')
    assert not LOCALIZED_NUMBER.search('<a href="?gremium={{ body.pk|unlocalize }}">')


# KERN draws an icon only for the names its style sheet defines; an unknown one shows
# as a filled square.
KERN_CSS = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "kern.min.css"
ICON = re.compile(r"kern-icon--[a-z-]+")


def test_templates_use_only_icons_kern_defines():
    defined = set(ICON.findall(KERN_CSS.read_text(encoding="utf-8")))
    used = {
        f"{path.relative_to(ROOT)}: {icon}"
        for path in SOURCE.rglob("*.html")
        for icon in ICON.findall(path.read_text(encoding="utf-8"))
        if icon not in defined
    }
    assert used == set()
