"""``pilotdesk contacts``: the pilots' people as a CSV (or JSON) a CRM imports without editing.

Column names are the ones Salesforce's Data Import Wizard and HubSpot's import map by themselves
(``--crm``); the rows come from :mod:`pilotdesk.portfolio.contacts`, an allow-list that never
carries a stance, an influence or an internal note. Imports neither Textual nor tomlkit.
May import :mod:`.common` and :mod:`.portfolio` of the command line.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pilotdesk.cli.common import EXIT_INVALID, add_output, csv_bytes, say, write_document
from pilotdesk.cli.portfolio import add_paths

#: CSV headers per CRM: (field of ContactRow, Salesforce's header, HubSpot's header). The
#: first names of each are what the import maps by itself; the rest are kept as extra columns.
COLUMNS = (
    ("first_name", "First Name", "First Name"),
    ("last_name", "Last Name", "Last Name"),
    ("email", "Email", "Email"),
    ("title", "Title", "Job Title"),
    ("company", "Account Name", "Company Name"),
    ("salutation", "Salutation", "Salutation"),
    ("crm_id", "Opportunity ID", "Deal ID"),
    ("contact_role", "Contact Role", "Contact Role"),
    ("name", "Full Name", "Full Name"),
    ("role", "Pilot Role", "Pilot Role"),
    ("side", "Side", "Side"),
    ("track", "Track", "Track"),
    ("last_contact", "Last Contact Date", "Last Contact Date"),
    ("prospect", "Prospect", "Prospect"),
    ("pilot", "Pilot", "Pilot"),
    ("id", "Pilot Stakeholder ID", "Pilot Stakeholder ID"),
    ("path", "Pilot File", "Pilot File"),
)
CRMS = ("salesforce", "hubspot")


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    date: Callable[[str], dt.date],
) -> None:
    """``contacts``."""
    contacts = commands.add_parser(
        "contacts",
        help="one row per stakeholder, for a CRM import (never a stance or a note)",
        description="The pilots' people, one row each: the prospect and its CRM opportunity "
        "id, name (first, last and full), title, email, side, track, role and last contact. "
        "Never a stance, an influence or an internal note.",
    )
    add_paths(contacts)
    contacts.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="csv (default) or json"
    )
    contacts.add_argument(
        "--crm",
        choices=CRMS,
        default="salesforce",
        help="the CSV's column names: salesforce (default: Title, Account Name, Opportunity ID) "
        "or hubspot (Job Title, Company Name, Deal ID)",
    )
    contacts.add_argument(
        "--side",
        choices=("prospect", "vendor", "all"),
        default="all",
        help="whose people: the prospect's, ours (vendor), or all (default)",
    )
    add_output(contacts, csv=True)
    contacts.set_defaults(run=_contacts)


def _contacts(args: argparse.Namespace) -> int:
    from pilotdesk.portfolio.load import load_all
    from pilotdesk.portfolio.rows import Broken, Row

    items = load_all(args.paths or [Path(".")], dt.datetime.now())
    people = [
        person
        for item in items
        if isinstance(item, Row)
        for person in item.contacts
        if args.side in ("all", person.side)
    ]
    if args.format == "json":
        records = [_json_record(person) for person in people]
        data = (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    else:
        header = 1 if args.crm == "salesforce" else 2
        fields = [column[header] for column in COLUMNS]
        records = [
            {column[header]: getattr(person, column[0]) for column in COLUMNS} for person in people
        ]
        data = csv_bytes(records, fields, args.excel)
    for broken in (i for i in items if isinstance(i, Broken)):
        say(broken.error, err=True)
    code = write_document(data, args.output)
    return EXIT_INVALID if any(isinstance(i, Broken) for i in items) else code


def _json_record(person: Any) -> dict[str, Any]:
    record = dataclasses.asdict(person)
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in record.items()}
