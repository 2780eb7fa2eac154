"""How a site words sides and people for its reader: the one home of "our", "your" and names.

The internal and restricted sites are read by our staff: "our" is the client, a vendor is
named ("Priya Raman, Lotus Code Works' SPOC"). A vendor-facing site is read by that vendor's
staff: "you" and "your" are the vendor, the client is named ("Nora Schmidt, Northwind's SPOC";
"Sita Shrestha, your delivery manager"). Owner lines, filter labels, progress and export text,
the role pages and the welcome pack all word sides here; plays stay one source, written by
role (`our-spoc`, `vendor-team-lead`), and this module words the role for the reader.

Sides are the model's: "ours" (the client) and "theirs" (the vendor).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..support.codes import Side
from ..model import Owner, Person, Site, Vendor, possessive
from ..schedules import wording
from ..schedules.clock import day_list, duration
from ..schedules.handoffs import HandOff
from ..schedules.hours import Schedule
from ..schedules.view import TimeView


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Voice:
    """The words of one site for its reader (cheap: a few names; remembers nothing per vendor)."""

    def __init__(self, site: Site):
        self.site = site
        self.org = site.organization.short_name
        self.for_vendor = site.vendor_facing
        self.reader = "theirs" if site.vendor_facing else "ours"  # the side this site's readers are on

    # --- sides ----------------------------------------------------------------------------------

    def mine(self, side: Side) -> bool:
        """Whether `side` ("ours" or "theirs") is the reader's own."""
        return side == self.reader

    def name(self, side: Side, vendor: Vendor) -> str:
        """The side's name: our organisation's short name or the vendor's."""
        return self.org if side == "ours" else vendor.short_name

    def whose(self, side: Side, vendor: Vendor) -> str:
        """"our" / "your" for the reader's side, the other side's name as a possessive."""
        if self.mine(side):
            return "our" if side == "ours" else "your"
        return possessive(self.name(side, vendor))

    def subject(self, side: Side, vendor: Vendor) -> str:
        """The side as the subject of a sentence: "we" (our sites) or "you" (a vendor's) for the
        reader's side, the other side's name: "we rate it higher", "Northwind rates it higher"."""
        if self.mine(side):
            return "we" if side == "ours" else "you"
        return self.name(side, vendor)

    def verb(self, side: Side, verb: str) -> str:
        """`verb` agreeing with subject(side): "rate" after we/you, "rates" after a name."""
        return verb if self.mine(side) else verb + "s"

    def person_with_side(self, who: Person, vendor: Vendor) -> str:
        """"Priya Raman (Lotus Code Works)", "Lukas Berg (Northwind)" on our sites; on a vendor's
        site its own people are "Agnieszka Wójcik (your team)", the client's "Paul Meyer (Northwind)"."""
        if self.for_vendor and self.mine(who.side):
            return f"{who.name} (your team)"
        return f"{who.name} ({self.name(who.side, vendor)})"

    def side_option(self, side: Side, vendor: Vendor) -> str:
        """A side in the filters: "Your side (Andes Quality Labs)", "Northwind's side"."""
        if self.mine(side):
            return f"{_capital(self.whose(side, vendor))} side ({self.name(side, vendor)})"
        return f"{self.whose(side, vendor)} side"

    def roles_group(self, side: Side, vendor: Vendor) -> str:
        """"Your roles", "Northwind's roles", "Our roles", "Lotus Code Works' roles"."""
        return f"{_capital(self.whose(side, vendor))} roles"

    def side_score(self, side: Side, vendor: Vendor) -> str:
        """A health check's column: "Our score", "Lotus Code Works' score", "Your score", "Northwind's score"."""
        return f"{_capital(self.whose(side, vendor))} score"

    def sides_in_order(self) -> tuple[Side, Side]:
        """The reader's side first."""
        return ("theirs", "ours") if self.for_vendor else ("ours", "theirs")

    # --- people -------------------------------------------------------------------------------------

    def owner(self, vendor: Vendor | None, who: Owner) -> str:
        """"Nora Schmidt, Northwind's SPOC", "Your delivery manager"; without a vendor (a play
        page of the internal site) the role and its side: "QA lead (vendor side)"."""
        if vendor is None:
            return f"{who.role.title} ({'our side' if who.side == 'ours' else 'vendor side'})"
        whose = self.whose(who.side, vendor)
        if who.person is not None:
            return f"{who.person.name}, {whose} {who.role.short}"
        return f"{_capital(whose)} {who.role.short}"

    def schedule_of(self, vendor: Vendor, person: Person) -> Schedule:
        """The hours a person works: their side's, in their own time zone if the data gives one."""
        base = self.site.organization.schedule if person.side == "ours" else vendor.schedule
        if person.timezone and person.timezone != base.timezone:
            return Schedule(person.timezone, base.start, base.end, base.days)
        return base

    def local_hours(self, vendor: Vendor, person: Person) -> str:
        """"Mon–Fri, 09:00–17:30 Berlin time (13:45–22:15 Kathmandu time)": their working days, and
        their hours in their time and the reader's."""
        reader_zone = vendor.schedule.timezone if self.for_vendor else self.site.organization.schedule.timezone
        schedule = self.schedule_of(vendor, person)
        return f"{day_list(schedule.days)}, {wording.working_hours(schedule, reader_zone, vendor.time.reference_day)}"

    # --- the client's own words, quoted on a vendor's site -------------------------------------------
    # Plays, playbooks and their checklist items are the client's text, written in its first
    # person ("our teams", "before we decide"). A vendor's site quotes them as they are, marked:
    # an element with `data-voice="client"` (tests/test_voice_scan.py reads the mark) and a
    # visible label, "Northwind's words" (playbooks.css styles both). On our own sites the same
    # text is our voice and is not marked.

    def client_label(self) -> str:
        """"Northwind's words"."""
        return f"{possessive(self.org)} words"

    def quoted(self) -> Markup:
        """The attribute that marks an element as the client's words on a vendor site, else nothing."""
        return Markup(' data-voice="client"') if self.for_vendor else Markup("")

    def client_words(self, text: str, block: bool = False) -> Markup:
        """Text from the client's library as a vendor's site shows it: marked, and for a block
        labelled ("Northwind's words") above it; unchanged on our sites. `text` is Markdown that
        is already safe (a rendered play or playbook text)."""
        if not self.for_vendor:
            return Markup(text)
        if not block:
            return Markup(f'<span class="rp-client" data-voice="client">{text}</span>')
        return Markup(f'<div class="rp-client" data-voice="client" markdown="block">\n<p class="rp-client-label">'
                      f"{escape(self.client_label())}</p>\n\n{text}\n\n</div>")

    # --- what pages say about themselves ---------------------------------------------------------

    def order_note(self, vendor: Vendor, onboarding_first: bool) -> str:
        """How a checklists page orders its plays and items, in words (model.reading_order)."""
        we, ours, our = ("you", "yours", "your") if self.for_vendor else ("we", "ours", "our")
        other = self.name("theirs" if self.reader == "ours" else "ours", vendor)
        first = ("the onboarding playbooks' plays come first, as onboarding is under way; within them and within "
                 "the rest, " if onboarding_first else "")
        return (f"How this page is ordered: {first}plays whose first step is {ours} come first, the soonest first; "
                f"then plays where {we} come in later; then plays where only {other} acts. Inside each play the "
                f"phases run in order, and in each phase {our} items come first.")

    # --- time: whose day, who hands over (schedules/ words the times; the people are worded here) ---

    def days_whose(self, vendor: Vendor) -> tuple[str, str]:
        """Whose working day, ours then theirs, for schedules' sentences about a meeting slot:
        ("our", "Lotus Code Works'") on our sites, ("Northwind's", "your") on a vendor's."""
        return self.whose("ours", vendor), self.whose("theirs", vendor)

    def meeting_with(self, vendor: Vendor) -> str:
        """Who a meeting is with, for the calendar: the other side's full name."""
        return self.site.organization.name if self.for_vendor else vendor.name

    def handoff_label(self, off: HandOff, names: tuple[str, str], theirs_city: str) -> str:
        """A hand-off marker in the overlap picture: who hands over when (our time, then theirs),
        and who picks the work up when. `names`: our short name and the vendor's as the picture
        prints them."""
        ours_name, vendor_name = names
        if off.by == "theirs":
            giver, taker, verb = ("You", ours_name, "starts") if self.for_vendor else (vendor_name, "we", "start")
            label = f"{giver} hand{'' if self.for_vendor else 's'} over at {off.end_ours} ({off.end_theirs} {theirs_city})"
            return label if off.immediate else f"{label}; {taker} {verb} at {off.pickup_ours}"
        giver, taker, verb = (ours_name, "you", "start") if self.for_vendor else ("We", "they", "start")
        label = f"{giver} hand{'s' if self.for_vendor else ''} over at {off.end_ours} ({off.end_theirs} {theirs_city})"
        return label if off.immediate else f"{label}; {taker} {verb} at {off.pickup_theirs} {theirs_city}"

    def handoff_lines(self, view: TimeView) -> list[str]:
        """Both hand-offs in words: when each side's day ends, and when the other picks the work up.
        Said to our staff, or on a vendor's site to the vendor's: "your day", "Northwind"."""
        if not view.handoffs:
            return []
        theirs_off, ours_off = view.handoffs
        v, oc, tc = view.vendor.short_name, view.ours_city, view.theirs_city
        if self.for_vendor:
            return _handoff_lines_for_vendor(view, self.org)
        if theirs_off.immediate:
            first = (f"End of their day: {theirs_off.end_theirs} {tc} time, {theirs_off.end_ours} {oc} time. We are still at work, "
                     f"so what {v} finishes reaches us the same day: ask for it before then.")
        else:
            first = (f"End of their day: {theirs_off.end_theirs} {tc} time, {theirs_off.end_ours} {oc} time. We pick their work up "
                     f"at the start of our day, {theirs_off.pickup_ours} {oc} time, {duration(theirs_off.wait_minutes)} later.")
        if ours_off.immediate:
            second = (f"End of our day: {ours_off.end_ours} {oc} time, {ours_off.end_theirs} {tc} time. {v} is still at work: "
                      f"hand over before we leave, and they can carry on the same day.")
        else:
            second = (f"End of our day: {ours_off.end_ours} {oc} time, {ours_off.end_theirs} {tc} time. {v} picks our work up "
                      f"at the start of their day, {ours_off.pickup_theirs} {tc} time ({ours_off.pickup_ours} {oc} time), "
                      f"{duration(ours_off.wait_minutes)} later.")
        return [first, second]


def _handoff_lines_for_vendor(view: TimeView, org: str) -> list[str]:
    """The hand-offs as the vendor's staff read them: their own time first, "you" for them."""
    assert view.handoffs is not None
    theirs_off, ours_off = view.handoffs
    oc, tc = view.ours_city, view.theirs_city
    first = f"End of your day: {theirs_off.end_theirs} {tc} time, {theirs_off.end_ours} {oc} time. " + (
        f"{org} is still at work, so what you finish reaches {org} the same day: hand it over before you leave."
        if theirs_off.immediate else
        f"{org} picks your work up at the start of its day, {theirs_off.pickup_theirs} {tc} time "
        f"({theirs_off.pickup_ours} {oc} time), {duration(theirs_off.wait_minutes)} later.")
    second = f"End of {possessive(org)} day: {ours_off.end_theirs} {tc} time, {ours_off.end_ours} {oc} time. " + (
        f"You are still at work: ask {org} to hand over before it leaves, and carry on the same day."
        if ours_off.immediate else
        f"You pick {possessive(org)} work up at the start of your day, {ours_off.pickup_theirs} {tc} time, "
        f"{duration(ours_off.wait_minutes)} later.")
    return [first, second]
