"""Time: working hours, their overlap across time zones and clock changes, meetings and holidays.

Each module has one job, and imports run one way, from the bottom of this list up:

    clock       zones, "HH:MM" times, day and month names, formatting of dates and durations
    dates       calendar arithmetic: months with month-end clamping, intervals, nth weekdays
    hours       a side's working hours as UTC intervals, and their overlap on one day
    periods     clock changes through the year and the stretches between them
    handoffs    when each side's day ends and the other picks the work up
    slots       a slot for a recurring meeting inside both sides' hours
    recurrence  meeting cadences as recurrence rules, next due dates
    reporting   the periods a KPI or SLA is measured over (weeks, months, quarters), and gaps
    deadlines   notice deadlines, expiries and due dates: days left, reminders, what is due,
                and the terms an automatic renewal adds
    meetings    a vendor's meeting series (built from typed specs, frozen) and holidays
    view        a vendor's time, as data: `describe()`
    wording     every sentence the pages say about time

The model builds the typed specs (`MeetingSpec`, `HolidaySpec`) from its audience-cut data
and calls `view.describe`; nothing here imports the model, the pages or the templates.
"""
