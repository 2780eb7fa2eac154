"""The cross-field rules of plays, sources and the glossary: unique play ids, areas, owners'
roles, related plays and sources that exist, links a site that shows the play has, and each
play's Jinja2, HTML and links checked before any data fills them."""

from __future__ import annotations

from ..model.audience import allows, strip_sections
from ..plays.addresses import local_path, targets
from ..plays.markup import blank_template
from ..plays.source import Snippet, check_source
from ..sources.load import PlayFile
from ..sources.yaml_loader import Document
from ..support.codes import Audience, DataPath, is_audience
from .checker import Checker, as_dict


class PlayChecks(Checker):
    """The rules of plays (validate.py's checker adds those of the organisation and vendors)."""

    def playbooks(self) -> None:
        first: dict[str, str] = {}
        for play in self.inputs.plays:
            self.guarded(play.meta, self.play, play, first)
        self.guarded_sources_and_glossary()

    def play(self, play: PlayFile, first: dict[str, str]) -> None:
        self.template_syntax(play)
        self.links_for_vendors(play)
        doc, data = play.meta, as_dict(play.meta.data)
        if data["id"] in first:
            self.at(doc, ("id",), f"play id `{data['id']}` is already used by {first[data['id']]}; play ids must be unique")
        first.setdefault(data["id"], play.path)
        if data.get("area", play.area) != play.area:
            self.at(doc, ("area",), f"`area` is `{data['area']}` but the play sits in playbooks/{play.area}/; move the file or fix `area`")
        items = data["checklist"]
        self.unique(doc, ("checklist",), items, "id", "checklist item id")
        for index, item in enumerate(items):
            for field in ("owner", "ask"):
                owner = as_dict(item).get(field)
                if isinstance(owner, str) and "-" in owner:
                    self.role(doc, ("checklist", index, field), owner.split("-", 1)[1])
        for index, other in enumerate(data.get("related", [])):
            if other == data["id"]:
                self.at(doc, ("related", index), "a play cannot be related to itself; remove this entry")
            else:
                self.ref(doc, ("related", index), other, self.play_ids, "play", "use the `id` of another play")
        if self.inputs.sources is not None:
            for index, source in enumerate(data.get("sources", [])):
                self.ref(doc, ("sources", index), source, self.source_ids, "source", "use an id from playbooks/sources.yml")

    def links_for_vendors(self, play: PlayFile) -> None:
        """A play must not link to a page a site that shows it does not have: a vendor-visible
        play to an internal page (vendor-facing sites), an internal one to a restricted page
        (the internal site). Links inside blocks that audience does not see are fine."""
        level = as_dict(play.meta.data).get("visibility", "internal")
        if not is_audience(level) or level == "restricted":
            return
        levels = {p.path: as_dict(p.meta.data).get("visibility", "internal") for p in self.inputs.plays}
        levels.update({a.path: as_dict(a.meta.data if a.meta else None).get("visibility", "internal")
                       for a in self.inputs.areas.values() if a.path})
        readers: tuple[Audience, ...] = ("vendor", "internal")
        for audience in readers:
            if not allows(audience, level):
                continue
            shown = strip_sections(play.body, audience)  # links inside `!!! internal` blocks are fine
            for link in targets(blank_template(shown)):
                target = local_path(play.path, link.address)
                target_level = levels.get(target, "vendor") if target is not None else "vendor"
                if target is None or not target.endswith(".md") or not is_audience(target_level) or allows(audience, target_level):
                    continue
                fix = ("vendor-facing sites do not have; move the link into an `!!! internal` block or mark that page "
                       "`visibility: vendor`" if audience == "vendor" else
                       "only restricted builds have; move the link into a `!!! restricted` block or give that page "
                       "`visibility: internal`")
                what = "vendor-visible play" if audience == "vendor" else "play"
                self.problems.add(play.path, play.body_line + link.line - 1, link.column,
                                  f"this {what} links to `{target}`, which {fix}")

    def template_syntax(self, play: PlayFile) -> None:
        """Jinja2 syntax, statements, HTML and links in the body, summary and items: checkable
        even if the data is not. The body also as each audience gets it (without the
        `!!! internal` or `!!! restricted` blocks it may not see), as that is what renders."""
        data = as_dict(play.meta.data)
        snippets = []
        for audience in ("restricted", "internal", "vendor"):
            shown = strip_sections(play.body, audience)
            if audience == "restricted" or shown != play.body:
                snippets.append(Snippet(f"{play.path}#body", shown, play.path, play.body_line))
        if isinstance(data.get("summary"), str):
            snippets.append(self.scalar_snippet(play, ("summary",), "summary", data["summary"]))
        for index, item in enumerate(data.get("checklist") or []):
            if isinstance(as_dict(item).get("text"), str):
                snippets.append(self.scalar_snippet(play, ("checklist", index, "text"), f"item.{item.get('id')}", item["text"]))
        check_source(snippets, self.problems)

    def scalar_snippet(self, play: PlayFile, path: DataPath, part: str, text: str) -> Snippet:
        """A front-matter value as play text, starting where its text starts (the loader places
        a quoted scalar after its quote), so that a problem inside it is reported at its character."""
        line, column = play.meta.source.at(path)
        return Snippet(f"{play.path}#{part}", text, play.path, line, column)

    def guarded_sources_and_glossary(self) -> None:
        if self.inputs.sources is not None:
            doc = self.inputs.sources
            self.guarded(doc, self.unique, doc, ("sources",), as_dict(doc.data).get("sources") or [], "id", "source id")
        if self.inputs.glossary is not None:
            self.guarded(self.inputs.glossary, self.glossary, self.inputs.glossary)

    def glossary(self, doc: Document) -> None:
        for index, term in enumerate(as_dict(doc.data)["terms"]):
            for i, play in enumerate(term.get("plays", [])):
                self.ref(doc, ("terms", index, "plays", i), play, self.play_ids, "play", "use the `id` of a play")
