"""Handlers of the schema endpoints: ``/v2/self``, objects, attributes, select options,
statuses, lists and workspace members.

Example:
    >>> from particle_orm.emulator.routes import match_route
    >>> match_route("GET", "/v2/lists")[0].handler is list_lists
    True
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from particle_orm.emulator.context import WorkspaceContext
from particle_orm.emulator.entities import (
    AttributeDef,
    ListDef,
    ObjectDef,
    OptionDef,
    StatusDef,
)
from particle_orm.emulator.errors import (
    AttioError,
    missing_scope,
    not_found,
    validation_error,
    value_not_found,
)
from particle_orm.emulator.rendering import (
    render_attribute,
    render_list,
    render_member,
    render_object,
    render_option,
    render_status,
)
from particle_orm.emulator.routes import (
    _CURRENCIES,
    _LIST_R,
    _LIST_W,
    _MEM_R,
    _OBJ_R,
    _OBJ_W,
    CREATABLE_TYPES,
    Request,
    _bool,
    _config_scope,
    _require_str,
    _route,
    _slug_conflict,
)

# ---- self -----------------------------------------------------------------------------------


@_route("GET", "/v2/self", "read")
def get_self(req: Request) -> Any:
    """``GET /v2/self``: the token's introspection (no ``data`` wrapper)."""
    ws, tok = req.workspace, req.token
    issued = datetime.fromisoformat(tok.created_at[:19] + "+00:00")
    iat = int(issued.timestamp())
    return {
        "active": True,
        "scope": " ".join(tok.scopes),
        "client_id": tok.id,
        "token_type": "Bearer",
        "exp": None,
        "iat": iat,
        "sub": ws.id,
        "aud": tok.id,
        "iss": "attio.com",
        "authorized_by_workspace_member_id": tok.member_id,
        "workspace_id": ws.id,
        "workspace_name": ws.name,
        "workspace_slug": ws.slug,
        "workspace_logo_url": None,
    }


# ---- objects --------------------------------------------------------------------------------


@_route("GET", "/v2/objects", "read", _OBJ_R)
def list_objects(req: Request) -> Any:
    """``GET /v2/objects``."""
    return {"data": [render_object(o) for o in req.ctx.idx.objects_by_id.values()]}


@_route("GET", "/v2/objects/{object}", "read", _OBJ_R)
def get_object(req: Request) -> Any:
    """``GET /v2/objects/{object}``."""
    return {"data": render_object(req.ctx.get_object(req.params["object"]))}


def _add_system_attributes(ctx: WorkspaceContext, kind: str, container_id: str) -> None:
    id_slug = "record_id" if kind == "object" else "entry_id"
    specs = [
        (id_slug, "Record ID" if kind == "object" else "Entry ID", "text", True),
        ("created_at", "Created at", "timestamp", False),
        ("created_by", "Created by", "actor-reference", False),
    ]
    for pos, (slug, title, atype, unique) in enumerate(specs):
        ctx.store.put(
            AttributeDef(
                ctx.new_id(),
                ctx.workspace_id,
                kind,
                container_id,
                slug,
                title,
                atype,
                ctx.now,
                is_system=True,
                is_writable=False,
                is_unique=unique,
                position=pos,
            )
        )


@_route("POST", "/v2/objects", "write", _OBJ_W)
def create_object(req: Request) -> Any:
    """``POST /v2/objects``."""
    data = req.data()
    slug = _require_str(data, "api_slug", slug=True)
    singular, plural = _require_str(data, "singular_noun"), _require_str(data, "plural_noun")
    ctx = req.ctx
    if slug in ctx.idx.objects_by_slug:
        raise _slug_conflict("An object", slug)
    obj = ObjectDef(ctx.new_id(), ctx.workspace_id, slug, singular, plural, ctx.now)
    ctx.store.put(obj)
    _add_system_attributes(ctx, "object", obj.id)
    return {"data": render_object(obj)}


@_route("PATCH", "/v2/objects/{object}", "write", _OBJ_W)
def update_object(req: Request) -> Any:
    """``PATCH /v2/objects/{object}``."""
    ctx = req.ctx
    obj = ctx.get_object(req.params["object"])
    data = req.data()
    known = {k: v for k, v in data.items() if k in ("api_slug", "singular_noun", "plural_noun")}
    if not known:
        raise validation_error("Body payload validation error.", [])
    for key in known:
        _require_str(known, key, slug=key == "api_slug")
    if known.get("api_slug", obj.api_slug) != obj.api_slug and (
        known["api_slug"] in ctx.idx.objects_by_slug
    ):
        raise _slug_conflict("An object", known["api_slug"])
    for key, value in known.items():
        setattr(obj, key, value)
    ctx.store.put(obj)
    return {"data": render_object(obj)}


# ---- attributes -----------------------------------------------------------------------------

_ATTR_BASE = "/v2/(?P<target>objects|lists)/{identifier}/attributes"


def _target(req: Request) -> tuple[str, str]:
    target = req.params["target"]
    if target not in ("objects", "lists"):
        raise AttioError(404, "not_found", f'Could not find endpoint "{req.method} {req.path}".')
    return req.ctx.container(target, req.params["identifier"])


def _check_config_scope(req: Request, write: bool) -> None:
    scope = _config_scope(req.params["target"], write)
    if not req.token.has(scope):
        raise missing_scope(scope)


def _paired(ctx: WorkspaceContext, attr: AttributeDef) -> AttributeDef | None:
    return ctx.store.get(AttributeDef, attr.relationship_id) if attr.relationship_id else None


@_route("GET", _ATTR_BASE, "read")
def list_attributes(req: Request) -> Any:
    """``GET /v2/{target}/{identifier}/attributes``."""
    _check_config_scope(req, False)
    _, cid = _target(req)
    attrs = req.ctx.attributes(cid, archived=req.flag("show_archived"))
    offset, limit = req.int_param("offset", 0), req.int_param("limit", len(attrs))
    page = attrs[offset : offset + limit]
    return {"data": [render_attribute(a, _paired(req.ctx, a)) for a in page]}


@_route("GET", _ATTR_BASE + "/{attribute}", "read")
def get_attribute(req: Request) -> Any:
    """``GET /v2/{target}/{identifier}/attributes/{attribute}``."""
    _check_config_scope(req, False)
    _, cid = _target(req)
    attr = req.ctx.get_attribute(cid, req.params["attribute"])
    return {"data": render_attribute(attr, _paired(req.ctx, attr))}


def _apply_config(ctx: WorkspaceContext, attr: AttributeDef, config: Any) -> None:
    if not isinstance(config, dict):
        raise validation_error(
            "Body payload validation error.",
            [{"code": "invalid_type", "path": ["data", "config"], "message": "Expected object"}],
        )
    currency = config.get("currency")
    if isinstance(currency, dict) and attr.type == "currency":
        code = currency.get("default_currency_code")
        if code is not None and code not in _CURRENCIES:
            raise validation_error(
                "Body payload validation error.",
                [
                    {
                        "code": "invalid_option",
                        "path": ["data", "config", "currency", "default_currency_code"],
                        "message": "Invalid currency code",
                        "options": sorted(_CURRENCIES),
                    }
                ],
            )
        attr.currency_code = code
        attr.display_type = currency.get("display_type", attr.display_type or "symbol")
    ref = config.get("record_reference")
    if isinstance(ref, dict) and attr.type == "record-reference":
        allowed = ref.get("allowed_objects")
        if not isinstance(allowed, list) or not allowed:
            raise validation_error(
                "Body payload validation error.",
                [
                    {
                        "code": "invalid_type",
                        "path": ["data", "config", "record_reference", "allowed_objects"],
                        "message": "Expected a non-empty array",
                    }
                ],
            )
        attr.allowed_object_ids = [ctx.get_object(str(o)).id for o in allowed]


@_route("POST", _ATTR_BASE, "write")
def create_attribute(req: Request) -> Any:
    """``POST /v2/{target}/{identifier}/attributes`` (with optional ``relationship``)."""
    _check_config_scope(req, True)
    kind, cid = _target(req)
    ctx, data = req.ctx, req.data()
    title = _require_str(data, "title")
    slug = _require_str(data, "api_slug", slug=True)
    atype = data.get("type")
    if atype not in CREATABLE_TYPES:
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_option",
                    "path": ["data", "type"],
                    "message": "Invalid option",
                    "options": list(CREATABLE_TYPES),
                }
            ],
        )
    missing = [k for k in ("description", "config") if k not in data]
    if missing:
        raise validation_error(
            "Body payload validation error.",
            [{"code": "invalid_type", "path": ["data", missing[0]], "message": "Required"}],
        )
    is_required, is_unique = _bool(data, "is_required"), _bool(data, "is_unique")
    is_multi = _bool(data, "is_multiselect")
    if atype == "status" and kind == "object":
        raise validation_error("Status attributes can only be created on lists.")
    if atype == "select" and is_unique:
        raise validation_error("Select attributes cannot be unique.")
    if is_unique and kind == "object" and ctx.idx.objects_by_id[cid].api_slug == "companies":
        # Attio's docs: no new unique custom attributes on companies.
        raise validation_error("Unique attributes cannot be created on the companies object.")
    if ctx.attribute(cid, slug) is not None:
        raise _slug_conflict("An attribute", slug)
    attr = AttributeDef(
        ctx.new_id(),
        ctx.workspace_id,
        kind,
        cid,
        slug,
        title,
        str(atype),
        ctx.now,
        description=data.get("description"),
        is_required=bool(is_required),
        is_unique=bool(is_unique),
        is_multiselect=bool(is_multi),
        position=len(ctx.attributes(cid, archived=True)),
    )
    _apply_config(ctx, attr, data["config"])
    attr.default_value = _default_value(ctx, attr, data.get("default_value"))
    if atype == "currency" and attr.currency_code is None:
        attr.currency_code, attr.display_type = "USD", attr.display_type or "symbol"
    if atype == "record-reference" and not attr.allowed_object_ids:
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_type",
                    "path": ["data", "config", "record_reference"],
                    "message": "Required",
                }
            ],
        )
    reverse = _relationship(ctx, attr, data.get("relationship"))
    ctx.store.put(attr)
    if reverse is not None:
        ctx.store.put(reverse)
    return {"data": render_attribute(attr, reverse)}


def _bad_default(message: str) -> AttioError:
    return validation_error(
        "Body payload validation error.",
        [{"code": "invalid", "path": ["data", "default_value"], "message": message}],
    )


def _default_value(ctx: WorkspaceContext, attr: AttributeDef, raw: Any) -> dict[str, Any] | None:
    """Validate a default; static templates are stored as canonical value data."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("type") not in ("static", "dynamic"):
        raise _bad_default('Expected {"type": "static" | "dynamic", "template": ...} or null')
    template = raw.get("template")
    if raw["type"] == "static":
        from particle_orm.emulator.values import normalize

        return {"type": "static", "template": normalize(attr, template, ctx)}
    if template == "current-user" and attr.type == "actor-reference":
        return {"type": "dynamic", "template": template}
    if attr.type in ("date", "timestamp") and isinstance(template, str):
        from particle_orm.emulator.values import add_duration

        try:
            add_duration(ctx.now, template)
        except ValueError as exc:
            raise _bad_default(str(exc)) from None
        return {"type": "dynamic", "template": template}
    raise _bad_default(f"Dynamic defaults are not supported for {attr.type} attributes")


def _relationship(ctx: WorkspaceContext, attr: AttributeDef, rel: Any) -> AttributeDef | None:
    if rel is None:
        return None
    if attr.type != "record-reference" or attr.parent_kind != "object" or not isinstance(rel, dict):
        raise validation_error("Relationships need a record-reference attribute on an object.")
    other = ctx.get_object(str(rel.get("object")))
    slug = _require_str(rel, "api_slug", slug=True)
    if ctx.attribute(other.id, slug) is not None:
        raise _slug_conflict("An attribute", slug)
    reverse = AttributeDef(
        ctx.new_id(),
        ctx.workspace_id,
        "object",
        other.id,
        slug,
        _require_str(rel, "title"),
        "record-reference",
        ctx.now,
        is_multiselect=bool(_bool(rel, "is_multiselect")),
        allowed_object_ids=[attr.parent_id],
        relationship_id=attr.id,
        position=len(ctx.attributes(other.id, archived=True)),
    )
    attr.relationship_id = reverse.id
    attr.allowed_object_ids = [other.id]
    return reverse


@_route("PATCH", _ATTR_BASE + "/{attribute}", "write")
def update_attribute(req: Request) -> Any:
    """``PATCH …/attributes/{attribute}`` (``is_archived: true`` archives)."""
    _check_config_scope(req, True)
    _, cid = _target(req)
    ctx, data = req.ctx, req.data()
    attr = ctx.get_attribute(cid, req.params["attribute"])
    if attr.is_system:
        raise AttioError(400, "system_edit_unauthorized", "Cannot update a System attribute.")
    for immutable in ("type", "is_multiselect"):
        if immutable in data:
            raise validation_error(
                "Body payload validation error.",
                [
                    {
                        "code": "unrecognized_keys",
                        "path": ["data", immutable],
                        "message": f"{immutable} cannot be changed",
                    }
                ],
            )
    editable = (
        "title",
        "description",
        "api_slug",
        "is_required",
        "is_unique",
        "default_value",
        "config",
        "is_archived",
    )
    if not any(k in data for k in editable):
        raise validation_error("Body payload validation error.", [])
    if "api_slug" in data:
        slug = _require_str(data, "api_slug", slug=True)
        if slug != attr.api_slug and ctx.attribute(cid, slug) is not None:
            raise _slug_conflict("An attribute", slug)
        attr.api_slug = slug
    if "title" in data:
        attr.title = _require_str(data, "title")
    if "description" in data:
        attr.description = data["description"]
    for key in ("is_required", "is_unique", "is_archived"):
        if key in data:
            setattr(attr, key, _bool(data, key))
    if attr.type == "select" and attr.is_unique:
        raise validation_error("Select attributes cannot be unique.")
    if "default_value" in data:
        attr.default_value = _default_value(ctx, attr, data["default_value"])
    if "config" in data:
        _apply_config(ctx, attr, data["config"])
    ctx.store.put(attr)
    return {"data": render_attribute(attr, _paired(ctx, attr))}


# ---- select options and statuses ------------------------------------------------------------


def _typed_attribute(req: Request, atype: str) -> AttributeDef:
    _, cid = _target(req)
    attr = req.ctx.get_attribute(cid, req.params["attribute"])
    if attr.type != atype:
        raise validation_error(f"This attribute is not a {atype} attribute.")
    return attr


@_route("GET", _ATTR_BASE + "/{attribute}/options", "read")
def list_options(req: Request) -> Any:
    """``GET …/options``."""
    _check_config_scope(req, False)
    attr = _typed_attribute(req, "select")
    archived = req.flag("show_archived")
    opts = [o for o in req.ctx.idx.options.get(attr.id, []) if archived or not o.is_archived]
    return {"data": [render_option(o, attr.parent_id) for o in opts]}


@_route("POST", _ATTR_BASE + "/{attribute}/options", "write")
def create_option(req: Request) -> Any:
    """``POST …/options``; duplicate titles are 409 ``slug_conflict``."""
    _check_config_scope(req, True)
    attr = _typed_attribute(req, "select")
    title = _require_str(req.data(), "title")
    if req.ctx.option(attr.id, title) is not None:
        raise AttioError(409, "slug_conflict", f'A select option titled "{title}" already exists.')
    opt = OptionDef(req.ctx.new_id(), req.ctx.workspace_id, attr.id, title)
    req.ctx.store.put(opt)
    return {"data": render_option(opt, attr.parent_id)}


def _retitle(
    entity: OptionDef | StatusDef, data: dict[str, Any], find: Callable[[str], Any], noun: str
) -> None:
    """Apply a ``title`` change; another option/status already titled so is a 409."""
    if "title" not in data:
        return
    title = _require_str(data, "title")
    other = find(title)
    if other is not None and other.id != entity.id:
        raise AttioError(409, "slug_conflict", f'A {noun} titled "{title}" already exists.')
    entity.title = title


@_route("PATCH", _ATTR_BASE + "/{attribute}/options/{option}", "write")
def update_option(req: Request) -> Any:
    """``PATCH …/options/{option}`` (UUID or title)."""
    _check_config_scope(req, True)
    attr = _typed_attribute(req, "select")
    opt = req.ctx.option(attr.id, req.params["option"])
    if opt is None:
        raise value_not_found(f'Cannot find select option "{req.params["option"]}".')
    data = req.data()
    _retitle(opt, data, lambda t: req.ctx.option(attr.id, t), "select option")
    if "is_archived" in data:
        opt.is_archived = bool(_bool(data, "is_archived"))
    req.ctx.store.put(opt)
    return {"data": render_option(opt, attr.parent_id)}


@_route("GET", _ATTR_BASE + "/{attribute}/statuses", "read")
def list_statuses(req: Request) -> Any:
    """``GET …/statuses``."""
    _check_config_scope(req, False)
    attr = _typed_attribute(req, "status")
    archived = req.flag("show_archived")
    items = [s for s in req.ctx.idx.statuses.get(attr.id, []) if archived or not s.is_archived]
    return {"data": [render_status(s, attr.parent_id) for s in items]}


def _status_fields(st: StatusDef, data: dict[str, Any]) -> None:
    if "celebration_enabled" in data:
        st.celebration_enabled = bool(_bool(data, "celebration_enabled"))
    if "target_time_in_status" in data:
        value = data["target_time_in_status"]
        if value is not None and not (isinstance(value, str) and value.startswith("P")):
            raise validation_error("target_time_in_status must be an ISO 8601 duration or null.")
        st.target_time_in_status = value
    if "is_archived" in data:
        st.is_archived = bool(_bool(data, "is_archived"))


@_route("POST", _ATTR_BASE + "/{attribute}/statuses", "write")
def create_status(req: Request) -> Any:
    """``POST …/statuses``."""
    _check_config_scope(req, True)
    attr = _typed_attribute(req, "status")
    data = req.data()
    title = _require_str(data, "title")
    if req.ctx.status(attr.id, title) is not None:
        raise AttioError(409, "slug_conflict", f'A status titled "{title}" already exists.')
    st = StatusDef(req.ctx.new_id(), req.ctx.workspace_id, attr.id, title)
    _status_fields(st, {k: v for k, v in data.items() if k != "is_archived"})
    req.ctx.store.put(st)
    return {"data": render_status(st, attr.parent_id)}


@_route("PATCH", _ATTR_BASE + "/{attribute}/statuses/{status}", "write")
def update_status(req: Request) -> Any:
    """``PATCH …/statuses/{status}`` (UUID or title)."""
    _check_config_scope(req, True)
    attr = _typed_attribute(req, "status")
    st = req.ctx.status(attr.id, req.params["status"])
    if st is None:
        raise value_not_found(f'Cannot find status "{req.params["status"]}".')
    data = req.data()
    _retitle(st, data, lambda t: req.ctx.status(attr.id, t), "status")
    _status_fields(st, data)
    req.ctx.store.put(st)
    return {"data": render_status(st, attr.parent_id)}


# ---- lists ----------------------------------------------------------------------------------


def _list_out(ctx: WorkspaceContext, lst: ListDef) -> dict[str, Any]:
    return render_list(lst, ctx.object_slug(lst.parent_object_id))


@_route("GET", "/v2/lists", "read", _LIST_R)
def list_lists(req: Request) -> Any:
    """``GET /v2/lists``."""
    return {"data": [_list_out(req.ctx, lst) for lst in req.ctx.idx.lists_by_id.values()]}


@_route("GET", "/v2/lists/{list}", "read", _LIST_R)
def get_list(req: Request) -> Any:
    """``GET /v2/lists/{list}``."""
    return {"data": _list_out(req.ctx, req.ctx.get_list(req.params["list"]))}


_ACCESS = ("full-access", "read-and-write", "read-only")


def _access(ctx: WorkspaceContext, data: dict[str, Any]) -> tuple[str | None, list[Any]]:
    access = data.get("workspace_access")
    if access is not None and access not in _ACCESS:
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_option",
                    "path": ["data", "workspace_access"],
                    "message": "Invalid option",
                    "options": list(_ACCESS),
                }
            ],
        )
    members = data.get("workspace_member_access")
    if not isinstance(members, list):
        raise validation_error(
            "Body payload validation error.",
            [
                {
                    "code": "invalid_type",
                    "path": ["data", "workspace_member_access"],
                    "message": "Required",
                    "expected": "array",
                }
            ],
        )
    for m in members:
        if not isinstance(m, dict) or ctx.member(str(m.get("workspace_member_id"))) is None:
            raise value_not_found("Cannot find workspace member in workspace_member_access.")
    if access != "full-access" and not any(m.get("level") == "full-access" for m in members):
        raise validation_error("A list needs full-access for the workspace or one member.")
    return access, members


@_route("POST", "/v2/lists", "write", _LIST_W)
def create_list(req: Request) -> Any:
    """``POST /v2/lists``."""
    ctx, data = req.ctx, req.data()
    name = _require_str(data, "name")
    slug = _require_str(data, "api_slug", slug=True)
    parent = ctx.get_object(_require_str(data, "parent_object"))
    if "workspace_access" not in data:
        raise validation_error(
            "Body payload validation error.",
            [{"code": "invalid_type", "path": ["data", "workspace_access"], "message": "Required"}],
        )
    access, members = _access(ctx, data)
    if slug in ctx.idx.lists_by_slug:
        raise _slug_conflict("A list", slug)
    lst = ListDef(
        ctx.new_id(),
        ctx.workspace_id,
        slug,
        name,
        parent.id,
        ctx.now,
        access,
        members,
        ctx.actor,
    )
    ctx.store.put(lst)
    _add_system_attributes(ctx, "list", lst.id)
    return {"data": _list_out(ctx, lst)}


@_route("PATCH", "/v2/lists/{list}", "write", _LIST_W)
def update_list(req: Request) -> Any:
    """``PATCH /v2/lists/{list}`` (the parent object cannot change)."""
    ctx, data = req.ctx, req.data()
    lst = ctx.get_list(req.params["list"])
    if "parent_object" in data:
        raise AttioError(400, "immutable_value", "The parent object of a list cannot be changed.")
    if "name" in data:
        lst.name = _require_str(data, "name")
    if "api_slug" in data:
        slug = _require_str(data, "api_slug", slug=True)
        if slug != lst.api_slug and slug in ctx.idx.lists_by_slug:
            raise _slug_conflict("A list", slug)
        lst.api_slug = slug
    if "workspace_access" in data or "workspace_member_access" in data:
        merged = {
            "workspace_access": lst.workspace_access,
            "workspace_member_access": lst.workspace_member_access,
            **data,
        }
        lst.workspace_access, lst.workspace_member_access = _access(ctx, merged)
    ctx.store.put(lst)
    return {"data": _list_out(ctx, lst)}


# ---- workspace members ----------------------------------------------------------------------


@_route("GET", "/v2/workspace_members", "read", _MEM_R)
def list_members(req: Request) -> Any:
    """``GET /v2/workspace_members``."""
    return {"data": [render_member(m) for m in req.ctx.idx.members]}


@_route("GET", "/v2/workspace_members/{workspace_member_id}", "read", _MEM_R)
def get_member(req: Request) -> Any:
    """``GET /v2/workspace_members/{workspace_member_id}``."""
    mid = req.params["workspace_member_id"]
    for m in req.ctx.idx.members:
        if m.id == mid:
            return {"data": render_member(m)}
    raise not_found("Workspace member", mid)
