"""What a play's text can name of a vendor's own data, beyond `vendor.name` and the SPOCs: its
tools by kind (`vendor.tool.tickets`), a person by role on either side (`vendor.theirs.team_lead`,
`vendor.ours.it_admin`), a joiner's buddy (`vendor.buddy`), the welcome pack, the profile and
its sections (`vendor.profile.holidays`), the escalation path, and the access register
(`vendor.access_register`: a link on our sites, words on a vendor's).

Each prints the vendor's own value, linked where there is a place to go: "[Jira](<url>),
Project WEBQA (Bibek Thapa grants access before day 1)", "[the escalation path](...)". A vendor
without that data, and a playbook page without a vendor, get general wording ("the tracker").
Vendor data is escaped here (escape.text, escape.link: http, https and mailto only); what is
printed is `escape.Trusted`, which a play cannot make of its own text.

Links to the site's own pages are written as `rp-docs/<docs path>`, the same for every page a
text lands on (a rendered play text is shared by every page of a vendor), and made relative to
the page it lands on when the page is rendered (`resolve`).

`missing` lists where a vendor-facing play asks for data a vendor's file lacks: `validate`,
`generate` and `build` warn about each at its line in the play (the page still says it in
general words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from ..support.codes import Side
from ..support import escape
from ..model import Person, Play, Site, Vendor, possessive
from ..model.joiners import Joiner
from ..support.problems import Problem

DOCS = "rp-docs/"
_DOCS_LINK = re.compile(re.escape(DOCS) + r"([A-Za-z0-9_./#-]+)")

# A tool kind (a channel's `type`) in general words, for a vendor without one.
TOOL_WORDS = {"chat": "the team chat", "tickets": "the tracker", "video": "video calls", "email": "e-mail",
              "documents": "the document space", "phone": "the phone line", "other": "the other tools"}
ACCESS_BY = {"before-day-1": "before day 1", "week-1": "in week 1", "month-1": "in month 1"}
# The profile's sections a play can link to: field -> (heading anchor, words).
PROFILE_SECTIONS = {
    "contacts": ("contacts", "the contacts on the profile"),
    "escalation": ("escalation-path", "the escalation path on the profile"),
    "communication": ("communication", "the communication section of the profile"),
    "holidays": ("holidays", "the holidays on the profile"),
    "governance": ("governance", "the meetings on the profile"),
    "objectives": ("objectives-and-measures", "the objectives and measures on the profile"),
    "culture": ("culture", "the culture notes on the profile"),
}


def docs_link(label: str, target: str) -> str:
    """A Markdown link to a docs file of this site, made relative where the page is rendered."""
    return f"[{escape.text(label)}]({DOCS}{target})"


def person_link(site: Site, person: Person, label: str | None = None) -> Markup:
    """A person's name (or `label`, which starts with it) as inert Markdown, linked to their page
    on this site where they have one (Site.person_page): the one home of links to people."""
    words = escape.text(person.name if label is None else label)
    page = site.person_page(person)
    return Markup(f"[{words}]({DOCS}{page})") if page else words


def resolve(markdown: str, relative: Callable[[str], str]) -> str:
    """`markdown` with every `rp-docs/<path>` made a link relative to the page (`relative`)."""
    if DOCS not in markdown:
        return markdown

    def one(match: re.Match[str]) -> str:
        path, _, anchor = match.group(1).partition("#")
        return relative(path) + (f"#{anchor}" if anchor else "")

    return _DOCS_LINK.sub(one, markdown)


def plain(markdown: str) -> str:
    """Text with the site's own links reduced to their words (exports, which have no pages)."""
    return re.sub(r"\[([^\]]*)\]\(" + re.escape(DOCS) + r"[^)]*\)", r"\1", markdown) if DOCS in markdown else markdown


class _Ref:
    """A value a play prints; `known` says whether the vendor's data had it."""

    fields: tuple[str, ...] = ("known",)
    known = False
    _text = ""

    def __str__(self) -> str:
        return self._text


class NamedPerson(_Ref):
    """A person a play names by role: their name (escaped), or general words."""

    fields = ("known", "name", "title")

    def __init__(self, person: Person | None, generic: str):
        self.known = person is not None
        self.name = person.name if person else generic
        self.title = (person.title if person else None) or ""
        self._text = str(escape.text(self.name))


class ToolView(_Ref):
    fields = ("known", "name", "where", "granted_by", "access")

    def __init__(self, vendor: Vendor | None, kind: str):
        channels = vendor.sections.communication.channels if vendor and vendor.sections.communication else ()
        channel = next((c for c in channels if c.type == kind), None)
        self.known = channel is not None
        if channel is None:
            self.name = TOOL_WORDS[kind]
            self.where = ""
            self.granted_by = NamedPerson(None, "whoever runs it")
            self.access = ""
            self._text = str(escape.text(self.name))
            return
        self.name = channel.tool
        self.where = channel.where or ""
        access = channel.access
        who = access.granted_by if access else None
        self.granted_by = NamedPerson(who, "whoever runs it")
        parts = []
        if who is not None:
            parts.append(f"{escape.text(who.name)} grants access")
        if access and access.by:
            parts.append(ACCESS_BY[access.by] if not parts else ACCESS_BY[access.by])
        if access and access.how:
            parts.append(f"; {escape.text(access.how)}" if parts else f"ask through {escape.text(access.how)}")
        self.access = " ".join(parts).replace(" ;", ";")
        label = escape.link(channel.tool, channel.url) if channel.url else escape.text(channel.tool)
        where = f", {escape.text(channel.where)}" if channel.where else ""
        self._text = f"{label}{where}" + (f" ({self.access})" if self.access else "")


class ToolsView(_Ref):
    fields = tuple(TOOL_WORDS)

    def __init__(self, vendor: Vendor | None):
        for kind in TOOL_WORDS:
            setattr(self, kind, _Printable(ToolView(vendor, kind)))
        self.known = bool(vendor and vendor.sections.communication and vendor.sections.communication.channels)
        self._text = "the team's tools"


class _Printable(escape.Trusted):
    """A reference as a play sees it: its fields, and printed as the Markdown built here
    (a Trusted: anything a play does with it makes a plain text, which is escaped)."""

    def __init__(self, ref: _Ref):
        super().__init__(str(ref))
        for name in ref.fields:
            value = getattr(ref, name)
            setattr(self, name, value if not isinstance(value, _Ref) else _Printable(value))
        self.fields = ref.fields


class RolesView:
    """`vendor.theirs.<role>` / `vendor.ours.<role>`: the person holding a role on that side
    (a role id's hyphens written as underscores: `team_lead`)."""

    fields: tuple[str, ...] = ()

    def __init__(self, vendor: Vendor | None, site: Site, side: Side):
        names = []
        for rid, role in site.roles.items():
            person = vendor.holder(("our-" if side == "ours" else "vendor-") + rid, site.roles).person if vendor else None
            if side == "ours":
                generic = f"{site.organization.short_name}'s {role.short}"
            else:
                generic = f"the {role.short}" if vendor else f"the vendor's {role.short}"
            name = rid.replace("-", "_")
            setattr(self, name, _Printable(NamedPerson(person, generic)))
            names.append(name)
        self.fields = tuple(names)


class ProfileView(_Ref):
    fields = ("known",) + tuple(PROFILE_SECTIONS)

    def __init__(self, vendor: Vendor | None):
        self.known = vendor is not None
        self._text = docs_link("the profile", f"vendors/{vendor.slug}/index.md") if vendor else "the vendor's profile"
        for field, (anchor, words) in PROFILE_SECTIONS.items():
            has = vendor is not None and _has_section(vendor, field)
            section = _Ref()
            section.known = has
            section._text = docs_link(words, f"vendors/{vendor.slug}/index.md#{anchor}") if has and vendor else words
            setattr(self, field, _Printable(section))


def _has_section(vendor: Vendor, field: str) -> bool:
    """Whether the profile shows that section for this vendor (vendor.md.j2 shows it only then)."""
    if field == "contacts":
        return bool(vendor.contacts)
    if field == "escalation":
        return bool(vendor.escalation)
    if field == "communication":
        return bool(vendor.sections.communication and (vendor.sections.communication.channels or vendor.sections.communication.languages))
    if field == "holidays":
        return bool(vendor.time.holidays_listed)
    if field == "governance":
        return bool(vendor.meetings)
    if field == "objectives":
        return bool(vendor.objectives or vendor.measures)
    if field == "culture":
        return bool(vendor.sections.culture and (vendor.sections.culture.notes or vendor.sections.culture.social))
    return False


@dataclass
class Refs:
    """The fields VendorView (plays.py) adds for the vendor's own data."""

    tool: _Printable
    theirs: RolesView
    ours: RolesView
    profile: _Printable
    escalation_path: _Printable
    welcome_pack: _Printable
    buddy: _Printable
    manager: _Printable
    access_register: _Printable


def refs(vendor: Vendor | None, site: Site, joiner: Joiner | None = None) -> Refs:
    profile = ProfileView(vendor)
    escalation = _Ref()
    escalation.known = bool(vendor and vendor.escalation)
    escalation._text = (docs_link("the escalation path", f"vendors/{vendor.slug}/index.md#escalation-path")
                        if vendor and vendor.escalation else "the escalation path")
    pack = _Ref()
    pack.known = bool(vendor and site.vendor_facing)
    pack._text = docs_link("the welcome pack", f"vendors/{vendor.slug}/welcome.md") if vendor and site.vendor_facing else "the welcome pack"
    register = _Ref()  # our sites link the vendor's access register; a vendor's site never has one
    register.known = bool(vendor and vendor.access_register and not site.vendor_facing)
    register._text = (docs_link("the access register", f"vendors/{vendor.slug}/access.md") if vendor and register.known
                      else f"the access register {site.organization.short_name} keeps" if site.vendor_facing else "the access register")
    lead = vendor.holder("vendor-team-lead", site.roles).person if vendor and "team-lead" in site.roles else None
    if joiner is not None:
        buddy = NamedPerson(joiner.buddy, "your buddy")
        buddy._text = f"{escape.text(joiner.buddy.name)} (your buddy)" if joiner.buddy else "your buddy"
        manager = NamedPerson(joiner.manager or lead, "your team lead")
        manager._text = (f"{escape.text(joiner.manager.name)} (your manager)" if joiner.manager
                         else f"{escape.text(lead.name)} (your team lead)" if lead else "your team lead")
    else:
        buddy = NamedPerson(None, "the buddy your team lead names for you")
        buddy.known = False
        if lead is not None:
            buddy._text = f"the buddy {escape.text(lead.name)} (your team lead) names for you"
        manager = NamedPerson(lead, "your team lead")
        if lead is not None:
            manager._text = f"{escape.text(lead.name)} (your team lead)"
    return Refs(_Printable(ToolsView(vendor)), RolesView(vendor, site, "theirs"), RolesView(vendor, site, "ours"),
                _Printable(profile), _Printable(escalation), _Printable(pack), _Printable(buddy), _Printable(manager),
                _Printable(register))


# --- what a play asks for that a vendor lacks ------------------------------------------------------

_ASKED = re.compile(r"\bvendor\.(tool\.\w+|theirs\.\w+|ours\.\w+|profile\.\w+|escalation_path|welcome_pack)\b")


def asked(text: str) -> list[tuple[int, str]]:
    """(offset, `tool.tickets` ...) for each reference to a vendor's own data in a play's text."""
    return [(m.start(), m.group(1)) for m in _ASKED.finditer(text)]


def known(view: Any, path: str) -> bool | None:
    """Whether `vendor.<path>` holds the vendor's own data (None: no such field, which the
    render reports as an error)."""
    value = view
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    found = getattr(value, "known", None)
    return bool(found) if found is not None else None


def missing(site: Site, view: Callable[[Vendor], object], where: Callable[[Play, str, int], tuple[str, int, int]]) -> list[Problem]:
    """A warning for each vendor-facing play's reference to data a vendor's file lacks, at the
    reference's place in the play (`where(play, field, offset)` -> path, line, column)."""
    out = []
    for vendor in site.vendors:
        for play in vendor.plays:
            if play.visibility != "vendor":
                continue
            texts = [(f"checklist.{item.id}", item.text) for item in play.checklist if item.side == "theirs"]
            for field, text in texts:
                for offset, path in asked(text):
                    if path == "welcome_pack":
                        continue  # every vendor-facing site has one: nothing for a vendor file to give
                    if known(view(vendor), path) is False:
                        file, line, column = where(play, field, offset)
                        out.append(Problem(file, line, column, f"warning: {vendor.source_path} gives no {_what(path)}, so "
                                           f"{possessive(vendor.short_name)} pages say \"{_generic(path)}\" here; add it to the vendor file"))
    return out


def _what(path: str) -> str:
    kind, _, name = path.partition(".")
    if kind == "tool":
        return f"`{name}` channel under `communication.channels`"
    if kind == "theirs":
        return f"contact with the role `{name.replace('_', '-')}`"
    if kind == "ours":
        return f"person of ours as `{name.replace('_', '-')}` (`our_team` or the organisation's `defaults`)"
    if kind == "profile":
        return f"{name} section for the profile"
    return {"escalation_path": "`escalation` levels", "welcome_pack": "welcome pack"}.get(kind, path)


def _generic(path: str) -> str:
    kind, _, name = path.partition(".")
    if kind == "tool":
        return TOOL_WORDS.get(name, name)
    if kind == "profile":
        return PROFILE_SECTIONS.get(name, ("", name))[1]
    return name.replace("_", " ") if name else path.replace("_", " ")
