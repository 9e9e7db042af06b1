"""Import people from a CSV file into Attio, idempotently, with one Session.

Columns: ``name``, ``email`` (required), ``company_domain``, ``job_title`` (optional).
A company is created with just its domain (Attio enriches the rest).
Companies are matched (asserted) by domain and people by email, so running the import
twice creates nothing new; the second run does not even write, because records that
already hold the CSV's values are left alone. Progress goes to stderr; a summary to
stdout.

Run it against a workspace (token from ``ATTIO_API_KEY``)::

    python examples/import_csv.py examples/data/people.csv

or, offline, twice against the embedded emulator to watch the second run do nothing::

    python examples/import_csv.py examples/data/people.csv --emulator

Example:
    >>> from particle_orm.emulator import Emulator
    >>> rows = [PersonRow(2, "Ada Lovelace", "ada@acme.com", "acme.com", "Analyst")]
    >>> with Emulator(seed=1).client(rate_limits=None) as client:
    ...     first = import_people(client, rows)
    ...     again = import_people(client, rows)
    >>> (first.people_created, first.companies_created), (again.people_created, again.writes)
    ((1, 1), (0, 0))
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from particle_orm.client import AttioClient, AttioError
from particle_orm.session import CommitError, Progress, Session
from particle_orm.standard import Company, Person
from particle_orm.values import PersonalName

__all__ = [
    "CSVImportError",
    "ImportSummary",
    "PersonRow",
    "import_people",
    "main",
    "normal_domain",
    "normal_email",
    "progress_bar",
    "read_rows",
]

REQUIRED = ("name", "email")
OPTIONAL = ("company_domain", "job_title")
# Attio filters have no size limit we know of, but short ones are kind to logs and proxies.
_LOOKUP_BATCH = 100


class CSVImportError(ValueError):
    """The CSV is unusable; raised before any request, naming the file, line and column.

    Example:
        >>> str(CSVImportError("people.csv", 3, "email", "'ada' is not an email address"))
        "people.csv, line 3, column 'email': 'ada' is not an email address"
    """

    def __init__(self, source: str, line: int | None, column: str | None, problem: str) -> None:
        self.source, self.line, self.column, self.problem = source, line, column, problem
        where = (
            source + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        )
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class PersonRow:
    """One validated CSV row (``line`` is its line number in the file, for messages).

    Example:
        >>> PersonRow(2, "Ada Lovelace", "ADA@acme.com", None, None).email
        'ADA@acme.com'
    """

    line: int
    name: str
    email: str
    company_domain: str | None
    job_title: str | None


@dataclass(frozen=True)
class ImportSummary:
    """What one import did. ``writes`` is the number of records sent (0 when nothing changed).

    Example:
        >>> ImportSummary(3, 1, 0, 2, 1, 0, 3, 5).writes
        3
    """

    rows: int
    companies_created: int
    companies_existing: int
    people_created: int
    people_updated: int
    people_unchanged: int
    writes: int
    api_calls: int

    def __str__(self) -> str:
        return (
            f"{self.rows} rows: companies {self.companies_created} created, "
            f"{self.companies_existing} existing; people {self.people_created} created, "
            f"{self.people_updated} updated, {self.people_unchanged} unchanged "
            f"({self.writes} writes, {self.api_calls} API calls)"
        )


_EMAIL_FIELD: Any = Person._meta.fields["email_addresses"]
_DOMAIN_FIELD: Any = Company._meta.fields["domains"]


def normal_email(text: str) -> str:
    """The address as Attio stores it (``ADA@Acme.com`` → ``ada@acme.com``); raises
    ``InvalidValue`` (a ``ValueError``) for something that is not an email address.

    Example:
        >>> normal_email(" ADA@Acme.com")
        'ada@acme.com'
    """
    return str(_EMAIL_FIELD.validate_item(text.strip()).email_address)


def normal_domain(text: str) -> str:
    """The domain as Attio stores it (``https://www.Acme.com/x`` → ``www.acme.com``).

    Example:
        >>> normal_domain("https://Acme.com/about")
        'acme.com'
    """
    return str(_DOMAIN_FIELD.validate_item(text.strip()).domain)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def read_rows(path: Path | str) -> list[PersonRow]:
    """Read and validate the CSV; raises :class:`CSVImportError` on the first bad row.

    Emails and domains are checked with the fields' own validation, so a row that
    would be rejected by Attio is rejected here, before any request. A repeated email
    is an error too: which row should win would be a guess.

    Example:
        >>> import tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
        ...     _ = fh.write("name,email\\nAda,not-an-email\\n")
        >>> try:
        ...     read_rows(fh.name)
        ... except CSVImportError as exc:
        ...     print(exc.line, exc.column)
        2 email
        >>> os.unlink(fh.name)
    """
    source = str(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise CSVImportError(source, 1, None, f"missing column(s): {', '.join(missing)}")
            raw_rows = [
                ({k.strip(): v for k, v in r.items() if k}, reader.line_num) for r in reader
            ]
    except OSError as exc:
        raise CSVImportError(source, None, None, exc.strerror or str(exc)) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CSVImportError(source, None, None, f"not a readable CSV file: {exc}") from None
    rows: list[PersonRow] = []
    seen: dict[str, int] = {}
    for values, line in raw_rows:
        row = PersonRow(
            line,
            _clean(values.get("name")) or "",
            _clean(values.get("email")) or "",
            _clean(values.get("company_domain")),
            _clean(values.get("job_title")),
        )
        for column in REQUIRED:
            if not getattr(row, column):
                raise CSVImportError(source, line, column, "is empty")
        # The fields' own validation: exactly what a write would accept.
        try:
            email = normal_email(row.email)
        except ValueError as exc:
            raise CSVImportError(source, line, "email", str(exc)) from None
        domain = None
        if row.company_domain:
            try:
                domain = normal_domain(row.company_domain)
            except ValueError as exc:
                raise CSVImportError(source, line, "company_domain", str(exc)) from None
        if email in seen:
            raise CSVImportError(source, line, "email", f"{email} is also on line {seen[email]}")
        seen[email] = line
        row = PersonRow(line, row.name, email, domain, row.job_title)
        rows.append(row)
    return rows


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _email_key(person: Any) -> set[str]:
    return {e.email_address for e in person.email_addresses or ()}


def import_people(
    client: Any,
    rows: Sequence[PersonRow],
    *,
    progress: Callable[[Progress], None] | None = None,
) -> ImportSummary:
    """Create or update the companies and people of ``rows`` in one session commit.

    Reads first (existing companies by domain, people by email, in batches), then sends
    only what differs: new records as asserts (safe to retry), changed people as updates
    of just the changed fields. ``progress`` receives a ``Progress`` after each write.
    """
    before = client.stats.calls
    with Session(client, progress=progress) as session:
        domains = sorted({normal_domain(r.company_domain) for r in rows if r.company_domain})
        companies: dict[str, Company] = {}
        for batch in _chunks(domains, _LOOKUP_BATCH):
            for company in Company.objects.filter(domains__in=batch):
                for d in company.domains or ():
                    companies[d.domain] = company
        existing_companies = len({id(c) for c in companies.values()})
        emails = [normal_email(r.email) for r in rows]
        people: dict[str, Person] = {}
        for batch in _chunks(emails, _LOOKUP_BATCH):
            for person in Person.objects.filter(email_addresses__in=batch):
                for address in _email_key(person):
                    people[address] = person

        created_companies = created_people = updated = unchanged = 0
        for row in rows:
            target: Company | None = None
            if row.company_domain:
                domain = normal_domain(row.company_domain)
                target = companies.get(domain)
                if target is None:
                    target = Company(domains=[_DOMAIN_FIELD.validate_item(domain)])
                    session.add(target)  # asserted on its domain at commit
                    companies[domain] = target
                    created_companies += 1
            email = normal_email(row.email)
            name = PersonalName.parse(row.name)
            found = people.get(email)
            if found is None:
                new = Person(
                    name=name,
                    email_addresses=[_EMAIL_FIELD.validate_item(email)],
                    job_title=row.job_title,
                    company=target,
                )
                session.add(new)  # asserted on its email at commit
                people[email] = new
                created_people += 1
                continue
            person = found
            changed = False
            if person.name != name:
                person.name, changed = name, True
            if row.job_title is not None and person.job_title != row.job_title:
                person.job_title, changed = row.job_title, True
            if target is not None and _record_id(person.company) != _record_id(target):
                person.company, changed = target, True
            updated += changed
            unchanged += not changed
        result = session.commit()
    return ImportSummary(
        rows=len(rows),
        companies_created=created_companies,
        companies_existing=existing_companies,
        people_created=created_people,
        people_updated=updated,
        people_unchanged=unchanged,
        writes=result.calls,
        api_calls=client.stats.calls - before,
    )


def _record_id(obj: Any) -> str | None:
    return None if obj is None else obj.record_id


def progress_bar(out: Any) -> Callable[[Progress], None]:
    """A ``progress=`` callback drawing ``saving [####....] 12/34`` on ``out``.

    On a terminal it redraws in place; in a log it prints only the final line.

    Example:
        >>> import io
        >>> log = io.StringIO()
        >>> show = progress_bar(log)
        >>> show(Progress(1, 2, None)); show(Progress(2, 2, None))
        >>> log.getvalue()
        '  saving [##############################] 2/2\\n'
    """
    interactive = bool(getattr(out, "isatty", lambda: False)())

    def show(p: Progress) -> None:
        done = p.done >= p.total
        if not (interactive or done):
            return
        filled = round(30 * p.fraction)
        bar = f"  saving [{'#' * filled}{'.' * (30 - filled)}] {p.done}/{p.total}"
        out.write(("\r" if interactive else "") + bar + ("\n" if done else ""))
        out.flush()

    return show


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python examples/import_csv.py FILE [--base-url URL] [--emulator]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="the CSV file (name,email,company_domain,job_title)")
    parser.add_argument("--base-url", default="https://api.attio.com", help="Attio API root")
    parser.add_argument(
        "--emulator", action="store_true", help="import twice into an embedded emulator"
    )
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.csv)  # every row checked before the first request
        if args.emulator:
            from particle_orm.emulator import Emulator

            client = Emulator(seed=1).client(rate_limits=None)
            runs = 2
        else:
            client = AttioClient(base_url=args.base_url)
            runs = 1
        with client:
            for n in range(1, runs + 1):
                summary = import_people(client, rows, progress=progress_bar(sys.stderr))
                print(f"run {n}: {summary}" if runs > 1 else str(summary))
    except (CSVImportError, AttioError, CommitError) as exc:
        print(f"import_csv: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
