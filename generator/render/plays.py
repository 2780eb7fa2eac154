"""Renders the Jinja2 inside plays (bodies, summaries, checklist items) for a vendor or generically.

Plays are written by contributors, so they render in a bounded Jinja2 sandbox (steps, time,
sizes and output are limited, see play_sandbox.py and play_limits.py) with strict undefined variables, and see
only two names: `vendor` and `org`, views over the audience-cut model of the site being built.
Every `{{ }}` result is escaped for Markdown, whatever filters made it (escape.play_finalize),
and what a template run renders is held to the HTML and links plays may hold (play_markup.py).

Without a vendor (a playbook page of the internal site), `vendor` is a generic stand-in whose
fields read as descriptions: `{{ vendor.name }}` is "the vendor", `{{ vendor.spoc.theirs }}`
is "the vendor's single point of contact". So a play reads well both ways, without `if`s.

Errors become problems at the play's file and line: a syntax error where the parser stopped,
an unknown variable or field where it is used, a limit where the render went beyond it. A
play that went beyond a limit is not run again for the other vendors.
"""

from __future__ import annotations

import re
import traceback

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError

from ..support import escape
from ..plays import limits as play_limits, markup as play_markup, sandbox as play_sandbox
from . import play_refs
from ..model.audience import assembled_markers
from ..plays.source import Snippet, environment, holds_template, report_at, report_near, report_syntax
from ..model.measures import AMBER_REPEAT
from ..model import Person, Site, Vendor
from ..model.joiners import Joiner
from ..model.health import health_scale
from ..schedules import phrases, wording
from ..support.problems import Problems, did_you_mean


# --- what a play can see -----------------------------------------------------------------------


class _View:
    """Base of the objects a play sees; lists its public fields for error hints."""

    fields: tuple[str, ...] = ()


class PersonView(_View):
    fields = ("name", "title", "email", "known")

    def __init__(self, person: Person | None, generic: str):
        self._person = person
        self.known = person is not None
        self.name = person.name if person else generic
        self.title = (person.title if person else None) or ""
        self.email = escape.Trusted(escape.mailto(person.email)) if person and person.email else generic

    def __str__(self) -> str:
        return self.name


class SpocView(_View):
    fields = ("ours", "theirs")

    def __init__(self, ours: PersonView, theirs: PersonView):
        self.ours = ours
        self.theirs = theirs


class CadenceView(_View):
    fields = ("status_sync", "service_review", "steering_committee")

    def __init__(self, vendor: Vendor | None):
        def phrase(kind: str) -> str:
            meeting = vendor.meeting_of(kind) if vendor else None
            if meeting is None:
                return "at the agreed cadence"
            return wording.cadence(meeting.cadence, meeting.weekday)

        self.status_sync = phrase("status-sync")
        self.service_review = phrase("service-review")
        self.steering_committee = phrase("steering-committee")


class VendorView(_View):
    fields = ("known", "name", "short_name", "spoc", "overlap", "overlap_hours", "overlap_short", "required_overlap", "cadence", "timezone",
              "tool", "theirs", "ours", "profile", "escalation_path", "welcome_pack", "buddy", "manager")

    def __init__(self, vendor: Vendor | None, site: Site, joiner: Joiner | None = None):
        self.known = vendor is not None
        self.name = vendor.name if vendor else "the vendor"
        self.short_name = vendor.short_name if vendor else "the vendor"
        self.spoc = SpocView(
            PersonView(vendor.spoc_ours if vendor else None, "our single point of contact"),
            PersonView(vendor.spoc_theirs if vendor else None, "the vendor's single point of contact"),
        )
        window = vendor.window if vendor else None
        if vendor:
            ours = site.organization.schedule
            view = vendor.time
            # The days it holds on, when that is not every working day of both sides (Nile: Sun–Thu).
            days = wording.window_days(view) if view and (view.uneven or set(ours.days) != set(vendor.schedule.days)) else ""
            self.overlap = wording.overlap_phrase(window, ours.timezone, vendor.schedule.timezone, days)
        else:
            self.overlap = "the daily overlap window"
        self.overlap_hours = window.text if window else "the overlap"
        self.overlap_short = bool(vendor and vendor.overlap_short)  # for `{% if vendor.overlap_short %}`
        hours = vendor.required_overlap_hours if vendor else site.organization.required_overlap_hours
        self.required_overlap = f"{hours:g} hours"
        self.cadence = CadenceView(vendor)
        self.timezone = vendor.schedule.timezone if vendor else "the vendor's time zone"
        # The vendor's own data, named and linked (play_refs.py).
        refs = play_refs.refs(vendor, site, joiner)
        self.tool, self.theirs, self.ours = refs.tool, refs.theirs, refs.ours
        self.profile, self.escalation_path, self.welcome_pack = refs.profile, refs.escalation_path, refs.welcome_pack
        self.buddy, self.manager = refs.buddy, refs.manager

    def __str__(self) -> str:
        return self.name


class OrgView(_View):
    """Our side, and the rules the tool applies that plays describe. A play writes these
    (`{{ org.reminders }}`, `{{ org.health_scale }}` ...) instead of the numbers, so a play and
    the tool cannot disagree: each reads the one place the tool keeps its rule."""

    fields = ("name", "short_name", "timezone", "reminders", "health_scale", "health_dimensions", "amber_repeat")

    def __init__(self, site: Site):
        organization = site.organization
        self.name = organization.name
        self.short_name = organization.short_name
        self.timezone = organization.schedule.timezone
        self.reminders = wording.lead_times(organization.remind_days)  # "90, 30 and 7 days before"
        low, high = health_scale()
        self.health_scale = f"{low} (poor) to {high} (excellent)"
        self.health_dimensions = phrases.listed([d.lower() for d in organization.health_dimensions])
        self.amber_repeat = f"{phrases.count_word(AMBER_REPEAT)} periods in a row"

    def __str__(self) -> str:
        return self.name


_VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "VendorView": ("vendor", VendorView.fields),
    "OrgView": ("org", OrgView.fields),
    "PersonView": ("a person", PersonView.fields),
    "SpocView": ("vendor.spoc", SpocView.fields),
    "CadenceView": ("vendor.cadence", CadenceView.fields),
    "ToolsView": ("vendor.tool", play_refs.ToolsView.fields),
    "RolesView": ("vendor.theirs` or `vendor.ours", ()),
    "_Printable": ("this field", ()),
}


# --- rendering ---------------------------------------------------------------------------------


class PlayRenderer:
    """Compiles each play text once and renders it per vendor, reporting errors as problems."""

    def __init__(self, site: Site, problems: Problems):
        self.site = site
        self.problems = problems
        self.env = environment()
        self._compiled: dict[str, jinja2.Template | None] = {}
        self._source_ok: dict[str, bool] = {}  # whether a snippet's source holds only what plays may
        self._plans: dict[str, list[str | tuple[str, ...]] | None] = {}
        self._printed: dict[str | None, dict[tuple[str, ...], str]] = {}
        self._rendered: dict[tuple[str, str, str | None], str] = {}  # by vendor, or vendor/joiner on a joiner's page
        self._org = OrgView(site)
        self._views: dict[tuple[str, str] | str | None, VendorView] = {}

    def view(self, vendor: Vendor | None, joiner: Joiner | None = None) -> VendorView:
        key = (vendor.slug, joiner.id) if vendor and joiner else vendor.slug if vendor else None
        if key not in self._views:
            self._views[key] = VendorView(vendor, self.site, joiner)
        return self._views[key]

    def render(self, snippet: Snippet, vendor: Vendor | None, joiner: Joiner | None = None) -> str:
        """The rendered text, or the raw text (already reported) if it fails.

        Most play text holds no Jinja2 at all: it is its own rendering, for every vendor.
        The rest is rendered once per vendor and remembered (pages and exports share it).
        """
        if not holds_template(snippet.source):
            return snippet.source
        who = (f"{vendor.slug}/{joiner.id}" if joiner else vendor.slug) if vendor else None
        key = (snippet.name, snippet.source, who)
        if key not in self._rendered:
            self._rendered[key] = self._render(snippet, vendor, joiner)
        return self._rendered[key]

    def _fields_only(self, snippet: Snippet) -> list[str | tuple[str, ...]] | None:
        """Most play text prints fields and nothing else (`{{ vendor.short_name }}`,
        `{{ vendor.spoc.theirs }}`): then its text and field paths, else None.

        Such text is rendered by `_print_fields`, without a template run per vendor; the
        sandbox still decides every field access, and anything else falls back to the full
        template (tests/test_properties.py holds both ways to the same output)."""
        if snippet.name not in self._plans:
            self._plans[snippet.name] = self._plan(snippet.source)
        return self._plans[snippet.name]

    def _plan(self, source: str) -> list[str | tuple[str, ...]] | None:
        try:
            tree = self.env.parse(source)
        except jinja2.TemplateSyntaxError:
            return None  # the template run reports it
        plan: list[str | tuple[str, ...]] = []
        for node in tree.body:
            if not isinstance(node, nodes.Output):
                return None
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    plan.append(child.data)
                    continue
                path: list[str] = []
                while isinstance(child, nodes.Getattr):
                    path.append(child.attr)
                    child = child.node
                if not (isinstance(child, nodes.Name) and child.name in ("vendor", "org") and child.ctx == "load" and path):
                    return None
                plan.append((child.name, *reversed(path)))
        return plan

    def _print_fields(self, plan: list[str | tuple[str, ...]], vendor: Vendor | None, joiner: Joiner | None = None) -> str | None:
        """What the template prints, as its compiled code does (`str(finalize(getattr(...)))`
        per field, text as written); None if a field is not there or not allowed, so the
        template runs and reports it."""
        key = (f"{vendor.slug}/{joiner.id}" if joiner else vendor.slug) if vendor else None
        printed = self._printed.setdefault(key, {})  # each field once per vendor (and joiner): plays share them
        out = []
        for part in plan:
            if isinstance(part, str):
                out.append(part)
                continue
            text = printed.get(part)
            if text is None:
                value = self.view(vendor, joiner) if part[0] == "vendor" else self._org
                for attribute in part[1:]:
                    value = self.env.getattr(value, attribute)
                    if isinstance(value, jinja2.Undefined):
                        return None
                text = printed[part] = str(self.env.finalize(value))  # type: ignore[misc]
            out.append(text)
        return "".join(out)

    def _render(self, snippet: Snippet, vendor: Vendor | None, joiner: Joiner | None = None) -> str:
        plan = self._fields_only(snippet)
        if plan is not None:
            printed = self._print_fields(plan, vendor, joiner)
            if printed is not None:
                return printed  # checked as source by `validate`: escaped values cannot add markup to it
        template = self._template(snippet)
        if template is None:
            return escape.text(snippet.source)
        try:
            text = self.env.render(template, {"vendor": self.view(vendor, joiner), "org": self._org})
        except (play_limits.PlayError, RecursionError, MemoryError) as error:
            message = {RecursionError: play_limits.RECURSION, MemoryError: play_limits.MEMORY}.get(type(error), str(error))
            self._report(snippet, _line_of(error, snippet.name), message)
            self._compiled[snippet.name] = None  # as costly for the next vendor: reported once is enough
        except SecurityError as error:
            unsafe = re.search(r"attribute '([^']+)'", str(error))
            self._report(snippet, _line_of(error, snippet.name),
                         f"not allowed in a play: {str(error).rstrip('.')} (plays may read only the fields listed in docs/editing.md)",
                         unsafe.group(1) if unsafe else None)
        except jinja2.UndefinedError as error:
            message, needle = _undefined_message(str(error.message))
            self._report(snippet, _line_of(error, snippet.name), message, needle)
        except jinja2.TemplateError as error:
            self._report(snippet, _line_of(error, snippet.name), f"template error: {error}")
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as error:
            self._report(snippet, _line_of(error, snippet.name), f"template error: {error}")
        else:
            if self._markup_ok(snippet, text) and self._markers_ok(snippet, text):
                return text
        return escape.text(snippet.source)

    def _template(self, snippet: Snippet) -> jinja2.Template | None:
        """The snippet compiled once (None if it cannot be: reported)."""
        if snippet.name not in self._compiled:
            template = None
            try:
                template = self.env.play(snippet.source, snippet.name)
            except jinja2.TemplateSyntaxError as error:
                report_syntax(error, snippet, self.problems)
            except (RecursionError, MemoryError):
                self._report(snippet, 1, play_limits.NESTED)
            self._compiled[snippet.name] = template
        return self._compiled[snippet.name]

    def _markup_ok(self, snippet: Snippet, text: str) -> bool:
        """Whether the rendered text holds only HTML and links plays may hold (a template run
        can assemble what its source does not show); else report it, at the line where it
        shows if the rendering kept the source's lines, else at the snippet's first line.

        Text whose source already holds what plays may not is `validate`'s to report (it
        refuses the build); checking its renderings too would report it once per vendor."""
        if snippet.name not in self._source_ok:
            blanked = play_markup.blank_template(snippet.source)
            self._source_ok[snippet.name] = not play_markup.findings(blanked, block=snippet.block)
        if not self._source_ok[snippet.name]:
            return True
        found = play_markup.findings(text, block=snippet.block)
        same_lines = text.count("\n") == snippet.source.count("\n")
        for finding in found:
            line = finding.line if same_lines else 1
            column = finding.column if same_lines else 1
            report_at(self.problems, snippet, line, column, f"{finding.message} (in what this play renders)")
        return not found

    def _markers_ok(self, snippet: Snippet, text: str) -> bool:
        """Whether the rendered text shows no marker of a passage for some readers only that is
        not one (audience.assembled_markers); else report each, at its line if the rendering
        kept the source's lines."""
        found = assembled_markers(snippet.source, text)
        same_lines = text.count("\n") == snippet.source.count("\n")
        for index in found:
            report_at(self.problems, snippet, index + 1 if same_lines else 1, 1,
                      "this line of what the play renders reads as a marker of a passage for some readers only "
                      "(`!!! internal`), printed by the template: it would show as text, and the passage after "
                      "it on every site; write the marker itself in the play (`!!! internal` on a line of its "
                      "own), not through `{{ }}`")
        return not found

    def _report(self, snippet: Snippet, line: int, message: str, needle: str | None = None) -> None:
        message = _VIEW_NAME.sub(lambda m: f"`{_VIEWS[m.group(1)][0]}`", message)  # never our class names
        report_near(self.problems, snippet, line, message, needle)


def _line_of(error: BaseException, name: str) -> int:
    line = 1
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == name and frame.lineno:
            line = frame.lineno
    return line


_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']*)'")
# A view's class name as Python's messages give it ("'VendorView' object"): the play's author
# knows it as `vendor`, `org` or a person.
_VIEW_NAME = re.compile(r"'?\b(?:[\w.]+\.)?(" + "|".join(_VIEWS) + r")\b'?(?: object)?")
_UNDEFINED_NAME = re.compile(r"'([^']*)' is undefined")


def _undefined_message(message: str) -> tuple[str, str | None]:
    """A message for the person writing the play, and the unknown name to point at."""
    match = _NO_ATTRIBUTE.search(message)
    if match and match.group(1) in _VIEWS:
        owner, fields = _VIEWS[match.group(1)]
        attr = match.group(2)
        hint = did_you_mean(attr, fields) or f"; it has: {', '.join(f'`{f}`' for f in fields)}"
        return f"`{owner}` has no field `{attr}`{hint}", attr
    match = _UNDEFINED_NAME.search(message)
    if match:
        hint = did_you_mean(match.group(1), ["vendor", "org"]) or "; a play can use `vendor` and `org`"
        return f"unknown variable `{match.group(1)}`{hint}", match.group(1)
    return f"template error: {message}", None


