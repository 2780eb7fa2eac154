"""MkDocs pages as the theme's template made them, kept between builds: a page whose template
would be given the same context as at the last build gets that build's output instead of being
templated again (MkDocs only; engine.py installs the plugin beside kept_pages.py's).

Templating is most of what a warm build still pays for every page once its conversion is kept
(Material's `base.html`: navigation, header, table of contents, footer): about half of the
engine's part at 100 vendors. What a template is given is the build's context and the page:

- once a build (`base`): kept_pages.conversion_key (the generator's code and theme, the
  libraries, the project's mkdocs.yml), the variant's generated mkdocs.yml (navigation, site
  name and the other overrides), the build date (SOURCE_DATE_EPOCH) and the navigation as
  MkDocs resolved it (each item's kind, title, address, source and front matter, in order);
- for the page (`key`): its place and address, its HTML as the plugins left it, its table of
  contents, title, front matter, edit and canonical addresses, the pages before and after it,
  whether it is the home page and whether it is excluded.

A page's output is used only when all of that is the same, and, as every kept file, when its
bytes hash to the name the store gives (cache.py). A plugin that could add to a page's context
unseen (any plugin besides search and the generator's own) switches the keeping off.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from ..support.cache import ConvertedPages, digest
from .kept_pages import toc_items

# The plugins whose part in a page's context is known (the search plugin reads pages and adds
# nothing to their context; the generator's own are these modules' neighbours).
KNOWN_PLUGINS = ("search", "material/search")
OWN_PLUGINS = "playbooks/"
# Theme templates made without a page whose context is the build's alone (the navigation and
# the configuration): Material's 404 page. Kept like a page under `theme:<name>`.
STATIC_KEPT = ("404.html",)


def only_known(names: Iterable[str]) -> bool:
    """Whether every plugin of the build is one whose effect on a page's context is known."""
    return all(name in KNOWN_PLUGINS or name.startswith(OWN_PLUGINS) for name in names)


def _plain(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _nav_items(items: Any) -> list[Any]:
    listed: list[Any] = []
    for item in items or []:
        kind = type(item).__name__
        if kind == "Section":
            listed.append(["section", item.title, _nav_items(item.children)])
        elif kind == "Page":
            listed.append(["page", item.title, item.url, item.file.src_uri, item.meta, bool(item.is_index)])
        else:
            listed.append([kind, getattr(item, "title", None), getattr(item, "url", None)])
    return listed


def _neighbour(page: Any) -> list[Any] | None:
    return None if page is None else [page.url, page.title]


class Templating:
    """One build's templating of pages: each page's key, its kept output or the template's."""

    def __init__(self, store: ConvertedPages, base: str, files: Any = ()):
        self.store = store
        self.base = base
        self.nav: str | None = None  # the navigation as resolved, once a build (at the first page)
        # Every file of the site, where it lands and whether it is published (build_key).
        self.files = digest(*(f"{file.src_uri}\0{file.url}\0{file.inclusion}" for file in files))

    def _nav(self, nav: Any) -> str:
        if self.nav is None:
            self.nav = _plain(_nav_items(nav.items if nav is not None else []))
        return self.nav

    def _page(self, page: Any) -> str:
        """What the page's template is given besides its HTML and the build's context."""
        return _plain([toc_items(page.toc or []), page.title, page.meta, page.edit_url, page.canonical_url,
                       _neighbour(page.previous_page), _neighbour(page.next_page), bool(page.is_homepage),
                       str(page.file.inclusion)])

    def key(self, page: Any, nav: Any) -> str:
        return digest(self.base, self._nav(nav), page.file.src_uri, page.url, page.content or "", self._page(page))

    def build_key(self, page: Any, nav: Any, held: bytes) -> str:
        """What the page's whole build (pages_ahead.py) reads, taken before it starts: `key`'s
        parts with the page's HTML as converted, before its finished blocks go back (`held`:
        the blocks and how they go back, generated_docs.AsideBlocks.held), and every file of the
        site (the blocks' links are looked up among them)."""
        return digest(self.base, "built", self._nav(nav), self.files, page.file.src_uri, page.url,
                      page.content or "", held, self._page(page))

    def render(self, name: str, template: Callable[[], Any], context: Any) -> str:
        """The output of the template `name` (made by `template()` only when needed) for `context`."""
        page = context.get("page") if hasattr(context, "get") else None
        nav = context.get("nav") if hasattr(context, "get") else None
        if page is None and name in STATIC_KEPT and nav is not None:  # the same for every build of this navigation
            path, key = f"theme:{name}", digest(self.base, self._nav(nav), name)
        elif page is not None and type(page).__name__ == "Page":
            path, key = page.file.src_uri, self.key(page, nav)
        else:  # the sitemap (every page's address and date): made each time
            output: str = template().render(context)
            return output
        kept = self.store.recall_render(path, key)
        if kept is not None:
            self.store.finished += 1
            return kept
        output = template().render(context)
        self.store.templated += 1
        self.store.keep_render(path, key, output)
        return output


class _Template:
    """What MkDocs gets for a template it asks for by name: `render` goes through Templating, and
    the template is loaded (compiled, at a build's first page) only when an output is made."""

    def __init__(self, name: str, load: Callable[[], Any], templating: Templating):
        self._name = name
        self._load = load
        self._loaded: Any = None
        self._templating = templating

    def _template(self) -> Any:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def render(self, *args: Any, **kwargs: Any) -> str:
        if len(args) == 1 and not kwargs:
            return self._templating.render(self._name, self._template, args[0])
        output: str = self._template().render(*args, **kwargs)
        return output

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template(), name)


def kept_renders(store: ConvertedPages, base: str, variant_config: bytes) -> Any:
    """The MkDocs plugin that keeps each page's templated output in `store` and hands it back
    while the page's key (see the module's docstring) is unchanged."""
    from mkdocs.plugins import BasePlugin

    class KeptRenders(BasePlugin):  # MkDocs ships no type information
        templating: Templating | None = None  # this build's, from its env event on

        # The theme's environment is made once a build: every page's template comes from its
        # get_template (MkDocs' _build_page), so wrap that; the build date is read now, as
        # MkDocs reads it for the pages' context.
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            self.templating = templating = Templating(store, digest(base, "templated", variant_config,
                                                                    os.environ.get("SOURCE_DATE_EPOCH", "")), files)
            get_template = env.get_template

            # MkDocs asks by name alone; Jinja2's own lookups (extends, include, import) name
            # the template asking too, and get the template itself.
            def kept_template(*args: Any, **kwargs: Any) -> Any:
                if len(args) == 1 and not kwargs and isinstance(args[0], str):
                    return _Template(args[0], lambda: get_template(*args), templating)
                return get_template(*args, **kwargs)

            env.get_template = kept_template
            return env

    return KeptRenders()
