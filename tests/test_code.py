"""The code's own shape: every module in the import layers that `lint-imports` holds (so a new
one cannot slip past them), and none of them too long to read."""

from __future__ import annotations

import ast
import symtable
import tomllib

from .conftest import ROOT

PACKAGE = ROOT / "generator"


def modules() -> set[str]:
    """Every module of the generator as the layers name it (a package counts once)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if len(parts) >= 2:
            found.add(".".join(parts[:2]))  # generator.<module> or generator.<package>
    return found - {"generator.__init__"}


def test_every_module_is_in_a_layer_of_the_import_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pipeline = next(c for c in config["tool"]["importlinter"]["contracts"] if not c.get("containers"))
    layered = {name.strip() for layer in pipeline["layers"] for name in layer.split("|")}
    assert modules() - layered == set()
    assert layered - modules() == set()  # and no layer names a module that is gone


def test_no_module_is_over_400_lines():
    long = {path.relative_to(ROOT).as_posix(): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text("utf-8").splitlines())) > 400}
    assert long == {}


# --- a local name that hides an imported one -------------------------------------------------


COMPREHENSIONS = {"listcomp", "setcomp", "dictcomp", "genexpr"}


def hidden_imports(source: str, filename: str = "<planted>") -> list[str]:
    """`line function: name` for each function that binds locally a name the module imports and
    also uses that name: Python's scoping makes every use in the function (and in functions
    nested in it that do not bind it again) the local one, so a call meant for the import
    (`zones = zones(...)`) fails with UnboundLocalError, and a later one calls the local.

    Scoping is Python's own (`symtable`: assignments, parameters, loop and `with` targets,
    `except ... as`, imports and definitions inside the function, `global` and `nonlocal`
    honoured, comprehension variables in their own scope); `ast` finds the line of the use."""
    top = symtable.symtable(source, filename, "exec")
    imported = {s.get_name() for s in top.get_symbols() if s.is_imported()}
    tree = ast.parse(source, filename)
    ends = {node.lineno: node.end_lineno or node.lineno for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))}
    loads: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads.setdefault(node.id, []).append(node.lineno)

    def free_below(table: symtable.SymbolTable, name: str) -> bool:
        """Whether a scope nested in `table` reads `name` from it."""
        for child in table.get_children():
            symbol = child.lookup(name) if name in child.get_identifiers() else None
            if symbol is not None and symbol.is_free():
                return True
            if (symbol is None or not symbol.is_local()) and free_below(child, name):
                return True
        return False

    found = []

    def visit(table: symtable.SymbolTable, prefix: str) -> None:
        for child in table.get_children():
            name = prefix + child.get_name()
            # A comprehension is a function scope too, but its variable is bound before each use.
            if child.get_type() == "function" and child.get_name() not in COMPREHENSIONS:
                start = child.get_lineno()
                for symbol in child.get_symbols():
                    hidden = symbol.get_name()
                    if hidden in imported and symbol.is_local() and (symbol.is_referenced() or free_below(child, hidden)):
                        uses = [n for n in loads.get(hidden, []) if start <= n <= ends.get(start, start)]
                        found.append(f"{min(uses, default=start)} {name}: {hidden}")
            visit(child, name + ".")

    visit(top, "")
    return found


def test_no_function_hides_a_name_the_module_imports():
    hidden = [f"{path.relative_to(ROOT).as_posix()}:{one}" for path in sorted(PACKAGE.rglob("*.py"))
              for one in hidden_imports(path.read_text("utf-8"), str(path))]
    assert hidden == [], "rename the local (every use of the name in that function is the local one):\n" + "\n".join(hidden)


def test_the_hidden_import_check_finds_a_planted_one():
    planted = '''
from .clock import zones, shell
import json

def read(text):
    zones = zones(text)            # the call meets the local: UnboundLocalError
    return zones

def run(command):
    result = shell(command)
    for shell in ("bash", "sh"):   # a loop target later in the function makes `shell` above local too
        pass
    return result

def nested(data):
    json = data.get("json")
    def dump():
        return json.dumps(data)    # the closure reads the local `json`, not the module
    return dump

def started(shell):                # a parameter is a local binding too
    return shell.strip()

def fine(text):
    names = [zones for zones in text.split()]   # a comprehension's variable is its own scope's
    def inner(command):
        return command
    return zones(names), inner, json.dumps(text)

def declared(text):
    global zones
    zones = text
    return zones(text)
'''
    assert hidden_imports(planted) == ["6 read: zones", "10 run: shell", "18 nested: json", "22 started: shell"]
