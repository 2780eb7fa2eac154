"""The code's shape, read with `ast`: domain codes typed, no `Any` where packages meet, short functions.

mypy (strict, pyproject.toml) checks that the types agree; these tests check what it cannot be
told: that the codes are not plain `str` again, that what one package hands another is typed,
and that no function grows past 60 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"

# Parameters and fields that hold one of the codes of generator/support/codes.py.
CODE_NAMES = {"audience", "level", "side", "engine", "engine_name", "phase", "reader"}

# Functions longer than 60 lines, each with why it stays whole.
LONG_FUNCTIONS = {
    "generator/cli/commands.py::_parser": "the command line's argument table: one add_argument per option, read top to bottom",
    "generator/sources/yaml_loader.py::_Builder.node": "the YAML event loop: one branch per event kind, on the hot path (a call per branch costs)",
}

# Public functions other packages call whose signatures may hold `Any`, by module, with why: none.
ANY_AT_SEAMS: dict[str, str] = {}

# Fields of classes other packages use that may be typed `Any`, with why.
ANY_FIELDS = {
    "generator/render/pages.py Page.context": "a Jinja2 template's context: the model objects each template reads, by name",
    "generator/render/pages.py Page.meta": "a page's front matter for the engines (title, search boost, edit link...), written as YAML",
}


def _files() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


FILES = _files()
TREES = {name: ast.parse(path.read_text("utf-8")) for name, path in FILES.items()}


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method, by qualified name (nested ones inside their parents)."""
    out: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.append((prefix + node.name, node))
                visit(node.body, prefix + node.name + ".")
            elif isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".")

    visit(tree.body, "")
    return out


def _annotations(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, ast.expr]]:
    a = node.args
    named = [(x.arg, x.annotation) for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
             if x is not None and x.annotation is not None]
    return named + ([("return", node.returns)] if node.returns is not None else [])


def _is_any(annotation: ast.expr) -> bool:
    return any((isinstance(n, ast.Name) and n.id == "Any") or (isinstance(n, ast.Attribute) and n.attr == "Any")
               or (isinstance(n, ast.Constant) and isinstance(n.value, str) and "Any" in n.value)
               for n in ast.walk(annotation))


def test_codes_are_never_plain_strings():
    """An audience, level, side, engine or phase is typed by its code (codes.py), not as `str`."""
    plain = []
    for name, tree in TREES.items():
        for qualified, node in _functions(tree):
            for arg, annotation in _annotations(node):
                if arg in CODE_NAMES and ast.unparse(annotation) in ("str", "str | None"):
                    plain.append(f"{_shown(FILES[name])}:{node.lineno} {qualified}({arg}: {ast.unparse(annotation)})")
        for node in ast.walk(tree):
            if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id in CODE_NAMES
                    and ast.unparse(node.annotation) in ("str", "str | None")):
                plain.append(f"{_shown(FILES[name])}:{node.lineno} {node.target.id}: {ast.unparse(node.annotation)}")
    assert not plain, "use the Literal types of generator/support/codes.py:\n" + "\n".join(plain)


def test_no_function_is_over_60_lines():
    long = {}
    for name, tree in TREES.items():
        for qualified, node in _functions(tree):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > 60:
                long[f"{_shown(FILES[name])}::{qualified}"] = lines
    assert set(long) <= set(LONG_FUNCTIONS), {k: v for k, v in long.items() if k not in LONG_FUNCTIONS}
    assert set(LONG_FUNCTIONS) <= set(long), f"no longer long, take them off the list: {set(LONG_FUNCTIONS) - set(long)}"


# --- where packages meet: what one package uses of another ---------------------------------------


def _package(module: str) -> str:
    """The step a module belongs to: its package under generator/, or the module itself at the top."""
    return module.split(".")[0]


def _resolve(module: str, level: int, target: str | None) -> str | None:
    """The module (under generator.) an import names, or None for another library."""
    if level == 0:
        if target == "generator":
            return ""
        return target[len("generator."):] if target and target.startswith("generator.") else None
    base = module.split(".") if module else []
    if FILES[module].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _used_across() -> set[tuple[str, str]]:
    """(module, name) of everything a module uses from a module of another package."""
    used = set()
    for module, tree in TREES.items():
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(module, node.level, node.module)
                if source is None:
                    continue
                for alias in node.names:
                    full = f"{source}.{alias.name}" if source else alias.name
                    if full in FILES:
                        aliases[alias.asname or alias.name] = full
                    elif _package(source) != _package(module):
                        used.add((source, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("generator."):
                        aliases[alias.asname or alias.name] = alias.name[len("generator."):]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and _package(aliases[node.value.id]) != _package(module)):
                used.add((aliases[node.value.id], node.attr))
    return used


def _definition(module: str, name: str, depth: int = 0) -> tuple[str, ast.stmt] | None:
    """Where `name` of `module` is defined, through re-exports (a package's __init__)."""
    tree = TREES.get(module)
    if tree is None or depth > 4:
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return module, node
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    origin = _resolve(module, node.level, node.module)
                    return _definition(origin, alias.name, depth + 1) if origin is not None else None
    return None


def test_what_packages_hand_each_other_is_typed():
    """A function (or a public method of a class) that another package uses has no `Any` in its
    signature, but in the modules listed with their reason."""
    found = set()
    for module, name in _used_across():
        where = _definition(module, name)
        if where is None:
            continue
        origin, node = where
        if isinstance(node, ast.FunctionDef):
            functions = [node]
        else:
            functions = [item for item in getattr(node, "body", []) if isinstance(item, ast.FunctionDef)
                         and (not item.name.startswith("_") or item.name == "__init__")]
        for function in functions:
            if any(_is_any(annotation) for _, annotation in _annotations(function)):
                found.add((_shown(FILES[origin]), f"{name}.{function.name}" if function is not node else name))
    unlisted = sorted(f"{path}: {name}" for path, name in found if path not in ANY_AT_SEAMS)
    assert not unlisted, "type these (codes.py, a dataclass or object and narrowing):\n" + "\n".join(unlisted)
    assert set(ANY_AT_SEAMS) <= {path for path, _ in found}, "typed now, take them off the list"


def test_the_fields_packages_hand_each_other_are_typed():
    """A class another package uses holds no field typed `Any`: a parsed file's data is a
    `Value` (support/values.py) that each reader narrows, not `Any` that every step trusts."""
    found = set()
    for module, name in _used_across():
        where = _definition(module, name)
        if where is None or not isinstance(where[1], ast.ClassDef):
            continue
        origin, node = where
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and _is_any(item.annotation):
                found.add(f"{_shown(FILES[origin])} {name}.{item.target.id}")
    unlisted = sorted(found - set(ANY_FIELDS))
    assert not unlisted, "type these fields (support/values.py, codes.py or a dataclass):\n" + "\n".join(unlisted)
    assert set(ANY_FIELDS) <= found, f"typed now, take them off the list: {set(ANY_FIELDS) - found}"
