"""``AttioClient``: the blocking client. It only sends requests and sleeps; every decision
is made in ``_base`` and every request is described in ``_calls``.

Example:
    >>> import httpx
    >>> from particle_orm.client import AttioClient
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"data": []}))
    >>> with AttioClient("test-token-0123456789", transport=transport) as client:
    ...     client.list_objects()
    []
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

import httpx

from particle_orm.client import _calls as calls
from particle_orm.client._base import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_TIMEOUT,
    NOTES_PAGE_SIZE,
    _BaseClient,
)
from particle_orm.client._calls import UNSET, Call
from particle_orm.client._clock import Clock
from particle_orm.client._errors import ConfigurationError
from particle_orm.client._events import RequestHook, ResponseHook
from particle_orm.client._ratelimit import Kind, RateGovernor, RateLimits
from particle_orm.client._retry import RetryPolicy

__all__ = ["AttioClient"]

JSONObject = dict[str, Any]
JSONObjects = list[dict[str, Any]]


class AttioClient(_BaseClient):
    """A thread-safe client for the Attio REST API v2.

    Methods return the decoded ``data`` payload as plain JSON (dicts and lists). Requests
    are throttled to the read and write budgets (``rate_limits``; the default,
    ``RateLimits.attio()``, paces at 95 % of Attio's 100 reads/s and 25 writes/s, because
    at exactly 100 % the few milliseconds between leaving the governor and reaching Attio
    draw 429s that stall the budget for a second), 429s are retried after
    ``Retry-After``, and 5xx/timeouts are retried only when repeating is safe. A create
    (POST) that fails without a usable response raises ``AmbiguousWriteError``.

    The token comes from ``token`` or the ``ATTIO_API_KEY`` environment variable; it is
    never shown in ``repr``, logs or exceptions. ``transport`` accepts any httpx transport
    (an emulator, ``httpx.MockTransport``...). ``rate_limits=None`` turns client-side
    throttling off and ``retry=None`` turns retries off; ``governor=`` shares one rate
    governor (and its clock) between clients; ``clock=`` injects time (see ``VirtualClock``).

    Example::

        with AttioClient() as attio:                       # token from ATTIO_API_KEY
            person = attio.assert_record(
                "people", "email_addresses", {"email_addresses": ["ada@example.com"]}
            )
            for company in attio.iter_records("companies", filter={"name": {"$contains": "ltd"}}):
                print(company["id"]["record_id"])
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str = "https://api.attio.com",
        transport: httpx.BaseTransport | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        rate_limits: RateLimits | None = RateLimits.attio(),  # noqa: B008 (frozen)
        retry: RetryPolicy | None = RetryPolicy(),  # noqa: B008 (frozen)
        clock: Clock | None = None,
        governor: RateGovernor | None = None,
        on_request: RequestHook | None = None,
        on_response: ResponseHook | None = None,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            timeout=timeout,
            rate_limits=rate_limits,
            retry=retry,
            clock=clock,
            governor=governor,
            on_request=on_request,
            on_response=on_response,
        )
        if transport is not None and not isinstance(transport, httpx.BaseTransport):
            raise ConfigurationError(
                f"transport must be a sync httpx.BaseTransport, got {type(transport).__name__}"
            )
        self._http = httpx.Client(transport=transport, timeout=self._timeout)

    # --- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool; further calls raise ``ClientClosedError``."""
        if not self._closed:
            self._closed = True
            self._http.close()

    def __enter__(self) -> AttioClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- I/O ----------------------------------------------------------------------------

    def _execute(self, call: Call) -> Any:
        request = self._build(call)
        state = self._start(call)
        while True:
            self._governor.acquire(call.kind)
            self._before_send(state)
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                step = self._after_transport_error(state, exc)
            else:
                step = self._after_response(
                    state, response.status_code, response.headers, response.content
                )
            if step.done:
                return step.value
            self._clock.sleep(step.delay)

    def _pages(self, make: Callable[[int], Call], page_size: int) -> Iterator[JSONObject]:
        offset: int | None = 0
        while offset is not None:
            page: JSONObjects = self._execute(make(offset))
            yield from page
            offset = self._next_offset(offset, page, page_size)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        kind: Kind | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Call any endpoint; returns the whole decoded body (not just ``data``).

        ``kind`` defaults to ``"read"`` for GET and query/search POSTs, else ``"write"``;
        ``idempotent`` defaults to True except for other POSTs.

        Example::

            client.request("GET", "/v2/notes", params={"limit": 10})["data"]
        """
        body = dict(json) if json is not None else None
        return self._execute(
            calls.raw_call(method, path, json=body, params=params, kind=kind, idempotent=idempotent)
        )

    # --- self, objects ----------------------------------------------------------------

    def get_self(self) -> JSONObject:
        """Identify the token (``GET /v2/self``; no ``data`` wrapper).

        Example::

            client.get_self()["workspace_slug"]
        """
        result: JSONObject = self._execute(calls.get_self())
        return result

    def list_objects(self) -> JSONObjects:
        """All objects in the workspace.

        Example::

            [o["api_slug"] for o in client.list_objects()]
        """
        result: JSONObjects = self._execute(calls.list_objects())
        return result

    def get_object(self, object: str) -> JSONObject:
        """One object by slug or id.

        Example::

            client.get_object("people")["singular_noun"]
        """
        result: JSONObject = self._execute(calls.get_object(object))
        return result

    def create_object(self, api_slug: str, singular_noun: str, plural_noun: str) -> JSONObject:
        """Create a custom object.

        Example::

            client.create_object("projects", "Project", "Projects")
        """
        result: JSONObject = self._execute(
            calls.create_object(api_slug, singular_noun, plural_noun)
        )
        return result

    def update_object(self, object: str, **fields: Any) -> JSONObject:
        """Change an object's ``api_slug``, ``singular_noun`` or ``plural_noun``.

        Example::

            client.update_object("projects", plural_noun="Initiatives")
        """
        result: JSONObject = self._execute(calls.update_object(object, fields))
        return result

    # --- attributes, options, statuses --------------------------------------------------

    def list_attributes(
        self,
        target: str,
        identifier: str,
        *,
        show_archived: bool = False,
        limit: int | None = None,
        offset: int | None = None,
    ) -> JSONObjects:
        """Attributes of an object or list (``target`` is ``"objects"`` or ``"lists"``).

        Example::

            client.list_attributes("objects", "people")
        """
        call = calls.list_attributes(target, identifier, show_archived, limit, offset)
        result: JSONObjects = self._execute(call)
        return result

    def get_attribute(self, target: str, identifier: str, attribute: str) -> JSONObject:
        """One attribute by slug or id.

        Example::

            client.get_attribute("objects", "people", "email_addresses")["is_unique"]
        """
        result: JSONObject = self._execute(calls.get_attribute(target, identifier, attribute))
        return result

    def create_attribute(self, target: str, identifier: str, data: Mapping[str, Any]) -> JSONObject:
        """Create an attribute; ``data`` is the body's ``data`` object.

        Example::

            client.create_attribute("objects", "people", {"title": "Nickname", ...})
        """
        result: JSONObject = self._execute(calls.create_attribute(target, identifier, data))
        return result

    def update_attribute(
        self, target: str, identifier: str, attribute: str, data: Mapping[str, Any]
    ) -> JSONObject:
        """Update (or archive, with ``{"is_archived": True}``) an attribute.

        Example::

            client.update_attribute("objects", "people", "nickname", {"title": "Alias"})
        """
        call = calls.update_attribute(target, identifier, attribute, data)
        result: JSONObject = self._execute(call)
        return result

    def list_select_options(
        self, target: str, identifier: str, attribute: str, *, show_archived: bool = False
    ) -> JSONObjects:
        """Options of a select attribute.

        Example::

            [o["title"] for o in client.list_select_options("objects", "companies", "categories")]
        """
        call = calls.list_select_options(target, identifier, attribute, show_archived)
        result: JSONObjects = self._execute(call)
        return result

    def create_select_option(
        self, target: str, identifier: str, attribute: str, title: str
    ) -> JSONObject:
        """Add an option to a select attribute.

        Example::

            client.create_select_option("objects", "companies", "categories", "SaaS")
        """
        call = calls.create_select_option(target, identifier, attribute, title)
        result: JSONObject = self._execute(call)
        return result

    def update_select_option(
        self, target: str, identifier: str, attribute: str, option: str, data: Mapping[str, Any]
    ) -> JSONObject:
        """Rename or archive an option (``option`` is its id or title).

        Example::

            client.update_select_option("objects", "companies", "categories", "SaaS",
                                        {"is_archived": True})
        """
        call = calls.update_select_option(target, identifier, attribute, option, data)
        result: JSONObject = self._execute(call)
        return result

    def list_statuses(
        self, target: str, identifier: str, attribute: str, *, show_archived: bool = False
    ) -> JSONObjects:
        """Statuses of a status attribute.

        Example::

            client.list_statuses("objects", "deals", "stage")
        """
        call = calls.list_statuses(target, identifier, attribute, show_archived)
        result: JSONObjects = self._execute(call)
        return result

    def create_status(
        self, target: str, identifier: str, attribute: str, title: str, **extra: Any
    ) -> JSONObject:
        """Add a status (``extra``: ``celebration_enabled``, ``target_time_in_status``).

        Example::

            client.create_status("objects", "deals", "stage", "Negotiation")
        """
        call = calls.create_status(target, identifier, attribute, title, extra)
        result: JSONObject = self._execute(call)
        return result

    def update_status(
        self, target: str, identifier: str, attribute: str, status: str, data: Mapping[str, Any]
    ) -> JSONObject:
        """Rename or archive a status (``status`` is its id or title).

        Example::

            client.update_status("objects", "deals", "stage", "Lead", {"title": "New"})
        """
        call = calls.update_status(target, identifier, attribute, status, data)
        result: JSONObject = self._execute(call)
        return result

    # --- records ----------------------------------------------------------------------

    def query_records(
        self,
        object: str,
        *,
        filter: Mapping[str, Any] | None = None,
        sorts: Sequence[Mapping[str, Any]] | None = None,
        limit: int | None = None,
        offset: int | None = None,
        lazy_values: bool = False,
    ) -> JSONObjects:
        """One page of records matching ``filter`` (Attio's filter JSON), in ``sorts`` order.

        ``lazy_values=True`` makes each item's values a :class:`LazyValues` mapping that
        parses an attribute's JSON on first access (with the ``speed`` extra; without it,
        a plain dict): much faster when you read a few attributes of many records.

        Example::

            client.query_records("people", filter={"name": "Ada Lovelace"}, limit=10)
        """
        call = calls.query_records(object, filter, sorts, limit, offset, lazy_values)
        result: JSONObjects = self._execute(call)
        return result

    def iter_records(
        self,
        object: str,
        *,
        filter: Mapping[str, Any] | None = None,
        sorts: Sequence[Mapping[str, Any]] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        lazy_values: bool = False,
    ) -> Iterator[JSONObject]:
        """Every matching record, fetched ``page_size`` at a time until a short page.

        ``lazy_values=True`` makes each item's values a :class:`LazyValues` mapping that
        parses an attribute's JSON on first access (with the ``speed`` extra; without it,
        a plain dict): much faster when you read a few attributes of many records.

        Arguments are checked now; pages are fetched lazily as you iterate.

        Example::

            for person in client.iter_records("people", page_size=200):
                ...
        """
        return self._pages(
            *self._pager(
                page_size,
                lambda size, offset: calls.query_records(
                    object, filter, sorts, size, offset, lazy_values
                ),
            )
        )

    def search_records(
        self,
        query: str,
        objects: Sequence[str],
        *,
        request_as: Mapping[str, Any] | None = None,
        limit: int | None = None,
    ) -> JSONObjects:
        """Fuzzy search (beta, eventually consistent, at most 25 results).

        Example::

            client.search_records("ada", ["people"])
        """
        who = request_as if request_as is not None else {"type": "workspace"}
        result: JSONObjects = self._execute(calls.search_records(query, objects, who, limit))
        return result

    def create_record(self, object: str, values: Mapping[str, Any]) -> JSONObject:
        """Create a record. Not retried on 5xx/timeout: raises ``AmbiguousWriteError``.

        Example::

            client.create_record("companies", {"name": "Acme", "domains": ["acme.com"]})
        """
        result: JSONObject = self._execute(calls.create_record(object, values))
        return result

    def assert_record(
        self, object: str, matching_attribute: str, values: Mapping[str, Any]
    ) -> JSONObject:
        """Create or update the record whose unique ``matching_attribute`` matches ``values``.

        Example::

            client.assert_record("people", "email_addresses",
                                 {"email_addresses": ["ada@example.com"], "name": "Ada"})
        """
        result: JSONObject = self._execute(calls.assert_record(object, matching_attribute, values))
        return result

    def get_record(self, object: str, record_id: str) -> JSONObject:
        """One record by id.

        Example::

            client.get_record("people", "b8bfd231-5bd9-4092-9d39-dbf3f0e6e0d9")["values"]
        """
        result: JSONObject = self._execute(calls.get_record(object, record_id))
        return result

    def patch_record(
        self,
        object: str,
        record_id: str,
        values: Mapping[str, Any],
        *,
        idempotent: bool = True,
    ) -> JSONObject:
        """Update a record; multiselect values are added to the existing ones.

        ``idempotent=False`` when repeating the call could append the values twice and
        you would rather know: a 5xx, a timeout or a lost response then raises
        ``AmbiguousWriteError`` instead of re-sending (the session does this for PATCHes
        that append, and re-reads the record to settle the outcome).

        Example::

            client.patch_record("companies", rid, {"categories": ["SaaS"]})
        """
        call = calls.patch_record(object, record_id, values, idempotent)
        result: JSONObject = self._execute(call)
        return result

    def put_record(self, object: str, record_id: str, values: Mapping[str, Any]) -> JSONObject:
        """Update a record; multiselect values replace the existing ones.

        Example::

            client.put_record("companies", rid, {"categories": ["SaaS"]})
        """
        result: JSONObject = self._execute(calls.put_record(object, record_id, values))
        return result

    def delete_record(self, object: str, record_id: str) -> None:
        """Delete a record.

        Example::

            client.delete_record("people", rid)
        """
        self._execute(calls.delete_record(object, record_id))

    def list_record_attribute_values(
        self,
        object: str,
        record_id: str,
        attribute: str,
        *,
        show_historic: bool = False,
        limit: int | None = None,
        offset: int | None = None,
    ) -> JSONObjects:
        """Values of one attribute of a record, oldest first (with history if asked).

        Example::

            client.list_record_attribute_values("deals", rid, "stage", show_historic=True)
        """
        call = calls.list_record_attribute_values(
            object, record_id, attribute, show_historic, limit, offset
        )
        result: JSONObjects = self._execute(call)
        return result

    def list_record_entries(
        self, object: str, record_id: str, *, limit: int | None = None, offset: int | None = None
    ) -> JSONObjects:
        """The list entries whose parent is this record.

        Example::

            client.list_record_entries("companies", rid)
        """
        call = calls.list_record_entries(object, record_id, limit, offset)
        result: JSONObjects = self._execute(call)
        return result

    # --- lists and entries ------------------------------------------------------------

    def list_lists(self) -> JSONObjects:
        """All lists the token can see.

        Example::

            [lst["api_slug"] for lst in client.list_lists()]
        """
        result: JSONObjects = self._execute(calls.list_lists())
        return result

    def get_list(self, list: str) -> JSONObject:
        """One list by slug or id.

        Example::

            client.get_list("sales")["parent_object"]
        """
        result: JSONObject = self._execute(calls.get_list(list))
        return result

    def create_list(self, data: Mapping[str, Any]) -> JSONObject:
        """Create a list; ``data`` is the body's ``data`` object.

        Example::

            client.create_list({"name": "Sales", "api_slug": "sales", "parent_object": "companies",
                                "workspace_access": "full-access", "workspace_member_access": []})
        """
        result: JSONObject = self._execute(calls.create_list(data))
        return result

    def update_list(self, list: str, data: Mapping[str, Any]) -> JSONObject:
        """Update a list's name, slug or access.

        Example::

            client.update_list("sales", {"name": "Pipeline"})
        """
        result: JSONObject = self._execute(calls.update_list(list, data))
        return result

    def query_entries(
        self,
        list: str,
        *,
        filter: Mapping[str, Any] | None = None,
        sorts: Sequence[Mapping[str, Any]] | None = None,
        limit: int | None = None,
        offset: int | None = None,
        lazy_values: bool = False,
    ) -> JSONObjects:
        """One page of list entries matching ``filter``.

        ``lazy_values=True`` makes each item's values a :class:`LazyValues` mapping that
        parses an attribute's JSON on first access (with the ``speed`` extra; without it,
        a plain dict): much faster when you read a few attributes of many records.

        Example::

            client.query_entries("sales", filter={"stage": "Won 🎉"})
        """
        call = calls.query_entries(list, filter, sorts, limit, offset, lazy_values)
        result: JSONObjects = self._execute(call)
        return result

    def iter_entries(
        self,
        list: str,
        *,
        filter: Mapping[str, Any] | None = None,
        sorts: Sequence[Mapping[str, Any]] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        lazy_values: bool = False,
    ) -> Iterator[JSONObject]:
        """Every matching entry, fetched ``page_size`` at a time until a short page.

        ``lazy_values=True`` makes each item's values a :class:`LazyValues` mapping that
        parses an attribute's JSON on first access (with the ``speed`` extra; without it,
        a plain dict): much faster when you read a few attributes of many records.

        Example::

            for entry in client.iter_entries("sales"):
                ...
        """
        return self._pages(
            *self._pager(
                page_size,
                lambda size, offset: calls.query_entries(
                    list, filter, sorts, size, offset, lazy_values
                ),
            )
        )

    def create_entry(
        self,
        list: str,
        parent_object: str,
        parent_record_id: str,
        entry_values: Mapping[str, Any],
    ) -> JSONObject:
        """Add a record to a list. Not retried on 5xx/timeout: raises ``AmbiguousWriteError``.

        Example::

            client.create_entry("sales", "companies", rid, {"stage": "Lead"})
        """
        call = calls.create_entry(list, parent_object, parent_record_id, entry_values)
        result: JSONObject = self._execute(call)
        return result

    def assert_entry(
        self,
        list: str,
        parent_object: str,
        parent_record_id: str,
        entry_values: Mapping[str, Any],
    ) -> JSONObject:
        """Create or update the entry for this parent record (multiselects overwritten).

        Example::

            client.assert_entry("sales", "companies", rid, {"stage": "Won 🎉"})
        """
        call = calls.assert_entry(list, parent_object, parent_record_id, entry_values)
        result: JSONObject = self._execute(call)
        return result

    def get_entry(self, list: str, entry_id: str) -> JSONObject:
        """One entry by id.

        Example::

            client.get_entry("sales", eid)["entry_values"]
        """
        result: JSONObject = self._execute(calls.get_entry(list, entry_id))
        return result

    def patch_entry(
        self,
        list: str,
        entry_id: str,
        entry_values: Mapping[str, Any],
        *,
        idempotent: bool = True,
    ) -> JSONObject:
        """Update an entry; multiselect values are added.

        ``idempotent=False``: as for :meth:`patch_record`, a failure that may have
        applied raises ``AmbiguousWriteError`` instead of re-sending.

        Example::

            client.patch_entry("sales", eid, {"tags": ["hot"]})
        """
        call = calls.patch_entry(list, entry_id, entry_values, idempotent)
        result: JSONObject = self._execute(call)
        return result

    def put_entry(self, list: str, entry_id: str, entry_values: Mapping[str, Any]) -> JSONObject:
        """Update an entry; multiselect values are replaced.

        Example::

            client.put_entry("sales", eid, {"tags": ["hot"]})
        """
        result: JSONObject = self._execute(calls.put_entry(list, entry_id, entry_values))
        return result

    def delete_entry(self, list: str, entry_id: str) -> None:
        """Remove an entry from its list.

        Example::

            client.delete_entry("sales", eid)
        """
        self._execute(calls.delete_entry(list, entry_id))

    def list_entry_attribute_values(
        self,
        list: str,
        entry_id: str,
        attribute: str,
        *,
        show_historic: bool = False,
        limit: int | None = None,
        offset: int | None = None,
    ) -> JSONObjects:
        """Values of one attribute of an entry, oldest first.

        Example::

            client.list_entry_attribute_values("sales", eid, "stage", show_historic=True)
        """
        call = calls.list_entry_attribute_values(
            list, entry_id, attribute, show_historic, limit, offset
        )
        result: JSONObjects = self._execute(call)
        return result

    # --- workspace members ------------------------------------------------------------

    def list_workspace_members(self) -> JSONObjects:
        """Members of the workspace.

        Example::

            [m["email_address"] for m in client.list_workspace_members()]
        """
        result: JSONObjects = self._execute(calls.list_workspace_members())
        return result

    def get_workspace_member(self, workspace_member_id: str) -> JSONObject:
        """One workspace member by id.

        Example::

            client.get_workspace_member(mid)["access_level"]
        """
        result: JSONObject = self._execute(calls.get_workspace_member(workspace_member_id))
        return result

    # --- notes --------------------------------------------------------------------------

    def list_notes(
        self,
        *,
        parent_object: str | None = None,
        parent_record_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> JSONObjects:
        """One page of notes (Attio: 10 by default, at most 50), optionally of one record.

        Example::

            client.list_notes(parent_object="people", parent_record_id=rid)
        """
        call = calls.list_notes(parent_object, parent_record_id, limit, offset)
        result: JSONObjects = self._execute(call)
        return result

    def iter_notes(
        self,
        *,
        parent_object: str | None = None,
        parent_record_id: str | None = None,
        page_size: int = NOTES_PAGE_SIZE,
    ) -> Iterator[JSONObject]:
        """Every note (of one object or record), ``page_size`` (at most 50) at a time.

        Example::

            for note in client.iter_notes(parent_object="companies"):
                ...
        """
        return self._pages(
            *self._pager(
                page_size,
                lambda size, offset: calls.list_notes(
                    parent_object, parent_record_id, size, offset
                ),
            )
        )

    def get_note(self, note_id: str) -> JSONObject:
        """One note by id.

        Example::

            client.get_note(note_id)["content_plaintext"]
        """
        result: JSONObject = self._execute(calls.get_note(note_id))
        return result

    def create_note(
        self,
        parent_object: str,
        parent_record_id: str,
        title: str,
        content: str,
        *,
        format: str = "plaintext",
        created_at: datetime | str | None = None,
        meeting_id: str | None = None,
    ) -> JSONObject:
        """Add a note to a record (``format``: ``plaintext`` or ``markdown``).

        Not retried on 5xx/timeout (a repeat would add a second note): raises
        ``AmbiguousWriteError``. ``created_at`` back-dates it (timezone-aware).

        Example::

            client.create_note("companies", rid, "Call", "# Recap", format="markdown")
        """
        call = calls.create_note(
            parent_object, parent_record_id, title, content, format, created_at, meeting_id
        )
        result: JSONObject = self._execute(call)
        return result

    def delete_note(self, note_id: str) -> None:
        """Delete a note.

        Example::

            client.delete_note(note_id)
        """
        self._execute(calls.delete_note(note_id))

    # --- tasks --------------------------------------------------------------------------

    def list_tasks(
        self,
        *,
        linked_object: str | None = None,
        linked_record_id: str | None = None,
        assignee: str | None = None,
        is_completed: bool | None = None,
        sort: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> JSONObjects:
        """One page of tasks, filtered by linked record, assignee (id or email), completion.

        ``sort`` is ``"created_at:asc"`` or ``"created_at:desc"``.

        Example::

            client.list_tasks(assignee="ada@example.com", is_completed=False)
        """
        call = calls.list_tasks(
            linked_object, linked_record_id, assignee, is_completed, sort, limit, offset
        )
        result: JSONObjects = self._execute(call)
        return result

    def iter_tasks(
        self,
        *,
        linked_object: str | None = None,
        linked_record_id: str | None = None,
        assignee: str | None = None,
        is_completed: bool | None = None,
        sort: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[JSONObject]:
        """Every matching task, ``page_size`` at a time.

        Example::

            for task in client.iter_tasks(is_completed=False, sort="created_at:asc"):
                ...
        """
        return self._pages(
            *self._pager(
                page_size,
                lambda size, offset: calls.list_tasks(
                    linked_object, linked_record_id, assignee, is_completed, sort, size, offset
                ),
            )
        )

    def get_task(self, task_id: str) -> JSONObject:
        """One task by id.

        Example::

            client.get_task(task_id)["is_completed"]
        """
        result: JSONObject = self._execute(calls.get_task(task_id))
        return result

    def create_task(
        self,
        content: str,
        *,
        deadline_at: datetime | str | None = None,
        is_completed: bool = False,
        linked_records: Sequence[Mapping[str, Any] | tuple[str, str]] = (),
        assignees: Sequence[str | Mapping[str, Any]] = (),
    ) -> JSONObject:
        """Create a task (plain text, at most 2,000 characters).

        ``linked_records``: ``(object, record_id)`` pairs or Attio's dicts; ``assignees``:
        workspace member ids or email addresses. Not retried on 5xx/timeout (a repeat
        would create a second task): raises ``AmbiguousWriteError``.

        Example::

            client.create_task("Send the proposal", deadline_at=friday,
                               linked_records=[("companies", rid)], assignees=["ada@acme.com"])
        """
        call = calls.create_task(content, deadline_at, is_completed, linked_records, assignees)
        result: JSONObject = self._execute(call)
        return result

    def update_task(
        self,
        task_id: str,
        *,
        deadline_at: datetime | str | None = UNSET,
        is_completed: bool = UNSET,
        linked_records: Sequence[Mapping[str, Any] | tuple[str, str]] = UNSET,
        assignees: Sequence[str | Mapping[str, Any]] = UNSET,
    ) -> JSONObject:
        """Change a task; arguments left out are not sent (``deadline_at=None`` clears it).

        ``linked_records`` and ``assignees`` replace the task's lists.

        Example::

            client.update_task(task_id, is_completed=True)
        """
        call = calls.update_task(task_id, deadline_at, is_completed, linked_records, assignees)
        result: JSONObject = self._execute(call)
        return result

    def delete_task(self, task_id: str) -> None:
        """Delete a task.

        Example::

            client.delete_task(task_id)
        """
        self._execute(calls.delete_task(task_id))

    # --- webhooks -----------------------------------------------------------------------

    def list_webhooks(self, *, limit: int | None = None, offset: int | None = None) -> JSONObjects:
        """One page of the workspace's webhooks (Attio: 10 by default, 10 to 100).

        Example::

            [w["target_url"] for w in client.list_webhooks(limit=100)]
        """
        result: JSONObjects = self._execute(calls.list_webhooks(limit, offset))
        return result

    def get_webhook(self, webhook_id: str) -> JSONObject:
        """One webhook by id (its ``secret`` signs the deliveries).

        Example::

            client.get_webhook(webhook_id)["status"]
        """
        result: JSONObject = self._execute(calls.get_webhook(webhook_id))
        return result

    def create_webhook(
        self, target_url: str, subscriptions: Sequence[str | Mapping[str, Any]]
    ) -> JSONObject:
        """Subscribe an ``https://`` URL to events (``"record.created"`` or Attio's dicts).

        The response carries the ``secret`` for :func:`particle_orm.webhooks.verify_signature`.
        Not retried on 5xx/timeout (a repeat would subscribe twice): raises
        ``AmbiguousWriteError``.

        Example::

            hook = client.create_webhook("https://example.com/attio", ["record.created"])
        """
        result: JSONObject = self._execute(calls.create_webhook(target_url, subscriptions))
        return result

    def update_webhook(
        self,
        webhook_id: str,
        *,
        target_url: str = UNSET,
        subscriptions: Sequence[str | Mapping[str, Any]] = UNSET,
    ) -> JSONObject:
        """Change a webhook's URL or replace its subscriptions.

        Example::

            client.update_webhook(webhook_id, subscriptions=["record.updated"])
        """
        call = calls.update_webhook(webhook_id, target_url, subscriptions)
        result: JSONObject = self._execute(call)
        return result

    def delete_webhook(self, webhook_id: str) -> None:
        """Delete a webhook.

        Example::

            client.delete_webhook(webhook_id)
        """
        self._execute(calls.delete_webhook(webhook_id))

    # --- threads and comments -----------------------------------------------------------

    def list_threads(
        self,
        *,
        object: str | None = None,
        record_id: str | None = None,
        list: str | None = None,
        entry_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> JSONObjects:
        """One page of the comment threads on a record or on a list entry.

        Give ``object`` and ``record_id``, or ``list`` and ``entry_id``.

        Example::

            client.list_threads(object="companies", record_id=rid)
        """
        call = calls.list_threads(object, record_id, list, entry_id, limit, offset)
        result: JSONObjects = self._execute(call)
        return result

    def iter_threads(
        self,
        *,
        object: str | None = None,
        record_id: str | None = None,
        list: str | None = None,
        entry_id: str | None = None,
        page_size: int = NOTES_PAGE_SIZE,
    ) -> Iterator[JSONObject]:
        """Every thread on a record or entry, ``page_size`` (at most 50) at a time.

        Example::

            for thread in client.iter_threads(list="sales", entry_id=eid):
                ...
        """
        return self._pages(
            *self._pager(
                page_size,
                lambda size, offset: calls.list_threads(
                    object, record_id, list, entry_id, size, offset
                ),
            )
        )

    def get_thread(self, thread_id: str) -> JSONObject:
        """One thread (its comments, oldest first).

        Example::

            client.get_thread(thread_id)["comments"]
        """
        result: JSONObject = self._execute(calls.get_thread(thread_id))
        return result

    def create_comment(
        self,
        content: str,
        *,
        author: str | Mapping[str, Any],
        thread_id: str | None = None,
        record: tuple[str, str] | None = None,
        entry: tuple[str, str] | None = None,
        created_at: datetime | str | None = None,
    ) -> JSONObject:
        """Comment on a record (``record=(object, record_id)``), an entry
        (``entry=(list, entry_id)``), or reply in a thread (``thread_id=``).

        ``author`` is a workspace member id. Not retried on 5xx/timeout (a repeat would
        comment twice): raises ``AmbiguousWriteError``.

        Example::

            client.create_comment("Signed!", author=member_id, record=("deals", rid))
        """
        call = calls.create_comment(content, author, thread_id, record, entry, created_at)
        result: JSONObject = self._execute(call)
        return result

    def get_comment(self, comment_id: str) -> JSONObject:
        """One comment by id.

        Example::

            client.get_comment(comment_id)["content_plaintext"]
        """
        result: JSONObject = self._execute(calls.get_comment(comment_id))
        return result

    def delete_comment(self, comment_id: str) -> None:
        """Delete a comment (a thread's first comment takes the thread with it).

        Example::

            client.delete_comment(comment_id)
        """
        self._execute(calls.delete_comment(comment_id))
