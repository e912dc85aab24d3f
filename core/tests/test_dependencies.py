"""Dependencies point one way: read the import statements of every app (no Django needed) and fail on

- a cycle between any two apps, through module-level imports at any depth (there is no exception);
- core importing any app, or notifications importing any app but core: they lie below every domain;
- an import of the project's code inside a function, whether of another app or of the same app's other module
  (the usual way to hide a cycle). AppConfig.ready() is exempt: Django asks for registrations there;
- any app's code (its tests aside) importing the demo data, the benchmarks or the project package (`engagehub`:
  settings, URLs and the API that mounts every domain's router): they sit above every domain.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
WATCHED = sorted(PROJECT_APPS)


def _sources(app: str) -> list[Path]:
    return [f for f in sorted((ROOT / app).rglob("*.py")) if "migrations" not in f.parts and "tests" not in f.parts]


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [n.name for n in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _app_of(module: str) -> str:
    return module.split(".")[0]


def _module_level_imports(tree: ast.Module) -> list[str]:
    """Imports run when the module loads: at the top, or under `if`/`try` at the top (not in functions)."""
    out: list[str] = []
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        out += _imported(node)
        if isinstance(node, ast.ClassDef):
            continue  # a class body's imports run at load too, but no app has one
        stack.extend(ast.iter_child_nodes(node))
    return out


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {app: set() for app in WATCHED}
    for app in WATCHED:
        for path in _sources(app):
            for module in _module_level_imports(ast.parse(path.read_text())):
                other = _app_of(module)
                if other in WATCHED and other != app:
                    graph[app].add(other)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found = []
    for start in graph:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    found.append([*path, start])
                elif nxt not in path:
                    stack.append((nxt, [*path, nxt]))
    return found


def function_level_imports(app: str) -> list[str]:
    out = []
    for path in _sources(app):
        if path.name == "apps.py":
            continue
        for fn in ast.walk(ast.parse(path.read_text())):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                for module in _imported(node):
                    if _app_of(module) in PROJECT_APPS:
                        out.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module} in {fn.name}()")
    return sorted(set(out))


def test_the_apps_import_each_other_one_way_only() -> None:
    graph = app_graph()
    assert cycles(graph) == [], graph
    assert graph["core"] == set(), "core lies below every app"
    assert graph["notifications"] <= {"core"}, "notifications lies below every domain"
    assert "consultations" not in graph["alerts"] and "feedback" not in graph["alerts"], graph


def test_the_checks_find_every_app() -> None:
    assert {"accounts", "core", "demo", "engagehub", "groups", "organisations", "places", "plans"} <= set(WATCHED)


def test_no_app_is_imported_inside_a_function_to_dodge_a_cycle() -> None:
    assert [line for app in WATCHED for line in function_level_imports(app)] == []


ABOVE_EVERY_DOMAIN = {"demo", "benchmarks", "engagehub"}


def imports_from_above() -> list[str]:
    """Where an app other than demo, benchmarks and engagehub imports one of them, at any level."""
    out = []
    for app in sorted(PROJECT_APPS - ABOVE_EVERY_DOMAIN):
        for path in _sources(app):
            for node in ast.walk(ast.parse(path.read_text())):
                for module in _imported(node):
                    if _app_of(module) in ABOVE_EVERY_DOMAIN:
                        out.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    return out


def test_no_app_imports_the_demo_data_the_benchmarks_or_the_project_package() -> None:
    assert imports_from_above() == []


def test_the_checks_catch_a_cycle_and_a_hidden_import() -> None:
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b", "a"], ["b", "a", "b"]]
    tree = ast.parse("import os\nfrom alerts import queries\ndef f():\n    from feedback import services\n")
    assert sorted(_module_level_imports(tree)) == ["alerts", "os"]
    hidden = [m for fn in tree.body if isinstance(fn, ast.FunctionDef) for n in ast.walk(fn) for m in _imported(n)]
    assert hidden == ["feedback"]
