"""Reminders: what is due now, derived from the database and an injected clock.

Nothing about reminders lives only in memory. Every minute the scheduler calls `run_tick(db, now, policy)`
(tick.py): the planner (planner.py) finds which reminders are due at `now` and not yet in the ledger and
groups them into ONE digest per recipient; each digest is rendered (render.py), claimed in the ledger and
queued in the outbox in one transaction. The rows come from query functions in `storage/reminders.py`.

| module        | job                                                                             |
|---------------|---------------------------------------------------------------------------------|
| `policy.py`   | `ReminderPolicy` (lead times, send time, quiet hours, escalation, digest size) |
| `calendar.py` | working days and holidays, the send window, the digest week, duty dates        |
| `planner.py`  | `ReminderPlanner`: one method per kind of reminder; `plan_tick`                 |
| `render.py`   | a digest as one message through the catalog, with details and mute buttons     |
| `tick.py`     | `run_tick` (plan, render, claim, queue) and `preview` (the same, written nowhere) |

How the policy maps onto dates (all in Asia/Ho_Chi_Minh):
- A task reminder with offset k (7, 3, 1 days before; 0 = on the due day) is nominally due on
  `due_date - k` at `send_at` (08:00). A nominal day that is a weekend or a Vietnamese public holidays
  (the `holidays` library, Tết included) moves to the next working morning. Nothing is pushed in quiet
  hours (21:00-07:00) or outside working days: ticks there plan nothing, so whatever fell due waits for
  the next working morning.
- On a working day T inside the send window, the reminders due are therefore exactly those whose nominal
  day is ≤ T. For each task only the MOST URGENT one is planned (the smallest offset k ≥ days left): after
  downtime the missed ones collapse into one line marked late instead of a flood, and since the most urgent
  kind only moves forward in time, a superseded kind is never planned later. "Before" kinds are useful
  until the due date; after it, the overdue digest takes over (they are dropped).
- Overdue work: a weekly digest (Monday, or the next working day) to the leaders of the lead unit, and,
  for tasks overdue ≥ 14 days, to admins. Keyed by the week, so one per recipient per week; if missed, it
  is still sent (late) during that week.
- Reporting duties (weekly on a weekday, monthly on day d, quarterly, yearly on d/m; d beyond the month's
  end means its last day): 2 working days before and on the report day, to the people of the reporting
  unit, or to all leaders when the duty names none. A report day on a weekend or a holiday (Tết) is due on
  the working day before, so its reminders come earlier, never after it.
- Tasks `done`, recurring/conditional/no-date deadlines, muted tasks (mutes) and paused people get nothing.
- Recipients of a task: the (active) people assigned to it; when nobody is, the lead unit's leader(s).

The work is set-based: SQL selects only tasks due within the next max-offset days (tasks_due index) and,
once a week, the overdue ones; the Python side touches only those rows.
"""

from bot.reminders.calendar import WorkCalendar, digest_week, duty_occurrence, in_send_window
from bot.reminders.planner import Digest, Item, ReminderPlanner, TickMoment, plan_tick
from bot.reminders.policy import PolicyError, ReminderPolicy, load_policy
from bot.reminders.render import SECTION_ORDER, render_digest
from bot.reminders.tick import TickResult, preview, run_tick
from storage.reminders import eligible_people

__all__ = [
    "SECTION_ORDER",
    "Digest",
    "Item",
    "PolicyError",
    "ReminderPlanner",
    "ReminderPolicy",
    "TickMoment",
    "TickResult",
    "WorkCalendar",
    "digest_week",
    "duty_occurrence",
    "eligible_people",
    "in_send_window",
    "load_policy",
    "plan_tick",
    "preview",
    "render_digest",
    "run_tick",
]
