"""Expected emails shared by the mail tests and the review flow tests (one copy of the text)."""

#: The "yes" email for northwind asked on Thursday 26 November: its subject line, a blank line,
#: then the body the SE pastes (one line per paragraph, each result against its target).
NORTHWIND_YES = """\
Subject: Technical Win Confirmed — Tidewater Data Platform + Northwind Logistics

Hi Priya,

Thank you for confirming in our technical review on Thursday 26 November that Tidewater Data Platform has met all 5 success criteria as agreed on 16 October 2026. To recap:

✅ Ingest WMS scan events from Kafka — Passed (71,400 events/s average, 0 dropped over 4 h 10 min vs >= 50,000 events/s sustained for 4 hours, no loss)
✅ Depot dashboard latency on 18 months of shipments — Passed (p95 1.3 s, p99 2.1 s vs p95 <= 2 s with 40 concurrent users)
✅ Entra ID single sign-on with row-level security per depot — Passed (Verified with 12 test users across 4 depots; no cross-depot rows vs Depot managers see only their own depot's data)
✅ Change data capture from the Oracle TMS — Passed (Max lag 22 s on 2026-11-12 batch (1.9 M rows) vs Replication lag <= 60 s during the nightly batch)
✅ Projected monthly platform cost at production volume — Passed ($31,200 / month projected vs <= $38,000 / month)

As agreed, the next step is: Elena approves a 3-year subscription; Farid starts vendor onboarding (security questionnaire + MSA redline) within 3 weeks (by Thursday 17 December 2026). Ana Costa will be reaching out to align on the commercial framework and implementation timeline.

Thank you for your team's time and participation during this evaluation.

Best regards,
Chris Yamada
"""
