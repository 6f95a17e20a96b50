"""Expected emails shared by the mail tests and the review flow tests (one copy of the text)."""

#: The "yes" email for northwind asked on Thursday 26 November, exactly as the SE pastes it.
NORTHWIND_YES = """\
Subject: Technical Win Confirmed — Tidewater Data Platform + Northwind Logistics

Hi Priya,

Thank you for confirming in our technical review on Thursday 26 November that
Tidewater Data Platform has met all 5 success criteria defined in our
evaluation agreement. To recap:

✅ Ingest WMS scan events from Kafka — Passed
✅ Depot dashboard latency on 18 months of shipments — Passed
✅ Entra ID single sign-on with row-level security per depot — Passed
✅ Change data capture from the Oracle TMS — Passed
✅ Projected monthly platform cost at production volume — Passed

As agreed, the next step is: Elena approves a 3-year subscription; Farid
starts vendor onboarding (security questionnaire + MSA redline) within 3
weeks. Ana Costa will be reaching out to align on the commercial framework and
implementation timeline.

Thank you for your team's time and participation during this evaluation.

Best regards,
Chris Yamada
"""
