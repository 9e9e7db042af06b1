"""Code generation: the generated module type-checks, lints, formats, imports and round-trips
records through the emulator; output is deterministic; odd names stay valid."""

from __future__ import annotations

import datetime
import importlib.util
import json
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from particle_orm.client import AttioClient
from particle_orm.emulator import Emulator
from particle_orm.schema import (
    AttributeInfo,
    ListInfo,
    ObjectInfo,
    OptionInfo,
    StatusInfo,
    WorkspaceSchema,
    ainspect_to_source,
    check_models,
    generate_source,
    inspect_to_source,
    introspect,
)
from particle_orm.values import Money, Option
from tests.schema.conftest import T0, UNLIMITED, build_custom_workspace

REPO = Path(__file__).resolve().parents[2]
_counter = iter(range(10_000))


def load(path: Path) -> ModuleType:
    """Import a generated file under a fresh module name."""
    name = f"generated_models_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def odd_schema() -> WorkspaceSchema:
    """Names chosen to break a naive generator."""
    long_slug = "a_very_long_attribute_slug_" + "x" * 70
    long_title = "An option title that goes on and on " * 4
    attrs = (
        AttributeInfo("a1", "class", "Class", "text"),
        AttributeInfo("a2", "_private", "Private", "text"),
        AttributeInfo("a3", "2fa", "2FA", "checkbox"),
        AttributeInfo("a4", "fields", "Fields", "number"),
        AttributeInfo("a5", "values", "Values", "number"),
        AttributeInfo("a6", "list", "List", "text"),
        AttributeInfo("a7", "id", "Id", "text"),
        AttributeInfo("a8", "a-b", "A-b", "text"),
        AttributeInfo("a9", "a_b", "A_b", "text"),
        AttributeInfo("a10", long_slug, "Long", "rating"),
        AttributeInfo("a11", "ünïcödé", "Unicode", "date"),
        AttributeInfo("a12", "🎉", "Party", "timestamp"),
        AttributeInfo(
            "a13",
            "mood",
            "Mood",
            "select",
            is_multiselect=True,
            options=(
                OptionInfo("o1", 'Say "hi"'),
                OptionInfo("o2", "it's"),
                OptionInfo("o3", "back\\slash"),
                OptionInfo("o4", "A"),
                OptionInfo("o5", "a"),
                OptionInfo("o6", "🎉"),
                OptionInfo("o7", long_title),
                OptionInfo("o8", "line\nbreak"),
                OptionInfo("o9", "mro"),
                OptionInfo("o10", "Archived", is_archived=True),
            ),
        ),
        AttributeInfo("a14", "empty_select", "Empty", "select", options=()),
        AttributeInfo("a15", "anywhere", "Anywhere", "record-reference", target_objects=("gone",)),
        AttributeInfo(
            "a16",
            "either",
            "Either",
            "record-reference",
            target_objects=("models", "other_models"),
        ),
        AttributeInfo("a17", "magic", "Magic", "hologram"),
        AttributeInfo("a18", "parent", "Parent", "text"),
        AttributeInfo("a19", "gone", "Gone", "text", is_archived=True),
        AttributeInfo("a20", "save", "Save", "number"),
        AttributeInfo("a21", "where", "Where", "location", is_unique=True),
        AttributeInfo("a22", "tier", "Tier", "select", is_unique=True),
    )
    return WorkspaceSchema(
        "w-odd",
        (
            ObjectInfo("o-model", "models", attrs, singular_noun="Model", plural_noun="Models"),
            ObjectInfo("o-other", "other_models", (), singular_noun="Model"),
            ObjectInfo("o-enum", "enums", (), singular_noun="Enum"),
            ObjectInfo("o-fields", "fieldz", (), singular_noun="fields"),
        ),
        (
            ListInfo(
                "l1",
                "pipeline",
                (
                    AttributeInfo(
                        "la1",
                        "stage",
                        "Stage",
                        "status",
                        statuses=(StatusInfo("s1", "Won 🎉"), StatusInfo("s2", "Lost")),
                    ),
                    AttributeInfo("la2", "parent", "Parent", "text"),
                    AttributeInfo("la3", "entry_id", "Entry ID", "text", is_writable=False),
                ),
                target="lists",
                name="Pipeline",
                parent_objects=("models",),
            ),
            ListInfo("l2", "legacy", (), target="lists", name="", parent_objects=("a", "b")),
        ),
    )


@pytest.fixture(scope="module")
def workspace_source() -> str:
    emu = Emulator(seed=7, clock=T0)
    with emu.client(rate_limits=UNLIMITED) as client:
        build_custom_workspace(client)
        return inspect_to_source(client)


USAGE = """
from __future__ import annotations

import datetime
import json

from typing_extensions import assert_type

from attio_models import (
    Company, Deal, DealStage, Person, Project, ProjectTags, SalesEntry, SalesEntryStage,
)
from particle_orm import values

p = Project(title="Apollo", tags=[ProjectTags.INTERNAL], class_="x", kickoff=datetime.date.today())
assert_type(p.title, str | None)
assert_type(p.tags, list[ProjectTags])
assert_type(p.lead, Person | None)
assert_type(p.sponsors, list[Company])
assert_type(p.budget, values.Money | None)
assert_type(p.done, bool | None)
assert_type(Project.title, fields_text)
d = Deal(name="Big", stage=DealStage.LEAD)
assert_type(d.stage, DealStage | None)
assert_type(d.owner, values.Actor | None)
s = SalesEntry(stage=SalesEntryStage.PROSPECT)
assert_type(s.stage, SalesEntryStage | None)
assert_type(Person.deferred("r").company, Company | None)
assert_type(Company.deferred("c").domains, list[values.Domain])
""".replace("fields_text", "fields.Text").replace(
    "from particle_orm import values", "from particle_orm import fields, values"
)


def run_tool(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_generated_modules_pass_ruff_and_mypy_strict(workspace_source: str, tmp_path: Path) -> None:
    (tmp_path / "attio_models.py").write_text(workspace_source)
    (tmp_path / "odd_models.py").write_text(generate_source(odd_schema()))
    (tmp_path / "empty_models.py").write_text(generate_source(WorkspaceSchema(None, (), ())))
    (tmp_path / "usage.py").write_text(USAGE)
    files = ["attio_models.py", "odd_models.py", "empty_models.py", "usage.py"]
    config = ["--config", str(REPO / "pyproject.toml")]
    lint = run_tool(["ruff", "check", *config, *files[:3]], tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = run_tool(["ruff", "format", "--check", "--diff", *config, *files[:3]], tmp_path)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    mypy = run_tool(
        [
            "mypy",
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(REPO / ".mypy_cache"),
            *files,
        ],
        tmp_path,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_mypy_catches_misuse_of_generated_models(workspace_source: str, tmp_path: Path) -> None:
    """The generated annotations carry real types: wrong values are reported."""
    (tmp_path / "attio_models.py").write_text(workspace_source)
    (tmp_path / "broken.py").write_text(
        "from attio_models import Deal, Project, SalesEntryStage\n"
        "Project(title=3)\n"
        "Deal(stage=SalesEntryStage.LOST)\n"
    )
    mypy = run_tool(
        [
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(REPO / ".mypy_cache"),
            "attio_models.py",
            "broken.py",
        ],
        tmp_path,
    )
    assert mypy.returncode == 1
    assert "broken.py:2: error" in mypy.stdout and "broken.py:3: error" in mypy.stdout


def test_round_trip_create_and_read_through_the_client(tmp_path: Path) -> None:
    emu = Emulator(seed=11, clock=T0)
    client = emu.client(rate_limits=UNLIMITED)
    build_custom_workspace(client)
    path = tmp_path / "attio_models.py"
    path.write_text(inspect_to_source(client))
    m = load(path)

    acme = m.Company(name="Acme", domains=["acme.com"], categories=[m.CompanyCategories.SAAS])
    acme = m.Company.from_api(client.create_record("companies", acme.to_api_values()))
    assert acme.name == "Acme" and acme.domains[0].domain == "acme.com"
    assert acme.categories == [m.CompanyCategories.SAAS]

    ada = m.Person(name="Lovelace, Ada", email_addresses=["ada@acme.com"], company=acme)
    ada = m.Person.from_api(client.create_record("people", ada.to_api_values()))
    assert ada.name.full_name == "Ada Lovelace"
    assert isinstance(ada.company, m.Company) and ada.company.record_id == acme.record_id

    project = m.Project(
        title="Apollo",
        class_="moonshot",
        tags=[m.ProjectTags.INTERNAL, m.ProjectTags.R_D],
        lead=ada,
        sponsors=[acme],
        budget=Decimal("12.5"),
        kickoff=datetime.date(2024, 5, 1),
        score=4,
        done=False,
    )
    created = client.create_record("projects", project.to_api_values())
    read = m.Project.from_api(client.get_record("projects", created["id"]["record_id"]))
    assert read.title == "Apollo" and read.class_ == "moonshot"
    assert read.tags == [m.ProjectTags.INTERNAL, m.ProjectTags.R_D]
    assert all(isinstance(t, m.ProjectTags) for t in read.tags)
    # ``lead`` is wired to Person by a forward "<module>.Person" reference.
    assert isinstance(read.lead, m.Person) and read.lead.record_id == ada.record_id
    assert [s.record_id for s in read.sponsors] == [acme.record_id]
    assert read.budget == Money(Decimal("12.5"), "EUR")
    assert read.kickoff == datetime.date(2024, 5, 1) and read.score == 4 and read.done is False

    entry = m.SalesEntry(parent=acme, stage=m.SalesEntryStage.WON, amount=5.0)
    raw = client.create_entry("sales", "companies", acme.record_id, entry.to_api_values())
    entry = m.SalesEntry.from_api(raw)
    assert entry.stage is m.SalesEntryStage.WON and entry.amount == 5.0
    assert entry.parent_record_id == acme.record_id and isinstance(entry.parent, m.Company)

    deal = m.Deal(name="Big", stage=m.DealStage.LEAD, owner="ada@example.com")
    deal = m.Deal.from_api(client.create_record("deals", deal.to_api_values()))
    assert deal.stage is m.DealStage.LEAD and deal.owner.type == "workspace-member"

    # The generated models agree with the workspace they came from.
    generated = [m.Company, m.Deal, m.Person, m.Project, m.SalesEntry, m.User, m.Workspace]
    assert check_models(client, generated).to_text().endswith("clean (7 models checked)")


def test_odd_names_import_and_keep_their_slugs(tmp_path: Path) -> None:
    path = tmp_path / "odd.py"
    path.write_text(generate_source(odd_schema()))
    m = load(path)
    assert m.__all__ == sorted(m.__all__)
    model = m.Model_2  # "Model" is taken by the base class import
    slugs = {f.slug for f in model._meta.fields.values()}
    expected = {a.slug for a in odd_schema().objects[0].attributes if not a.is_archived} - {"magic"}
    assert slugs == expected
    fields = model._meta.fields
    assert fields["class_"].slug == "class" and fields["f_private"].slug == "_private"
    assert fields["fields_"].slug == "fields" and fields["values_"].slug == "values"
    assert fields["list_"].slug == "list" and fields["id_"].slug == "id"
    assert fields["parent"].slug == "parent"  # only ListEntry has a parent property
    assert fields["save_"].slug == "save"  # reserved for the session/query layers
    assert {fields["a_b"].slug, fields["a_b_"].slug} == {"a-b", "a_b"}
    assert not fields["tier"].unique  # Attio selects cannot be unique
    assert fields["where"].unique
    mood = fields["mood"].enum
    assert [e.value for e in mood][:3] == ['Say "hi"', "it's", "back\\slash"]
    assert "Archived" not in [e.value for e in mood]
    assert len({e.name for e in mood}) == len(mood) == 9
    assert fields["anywhere"].targets == ()  # target object not introspected
    assert {t.__name__ for t in fields["either"].targets} == {"Model_2", "Model_3"}
    entry = m.PipelineEntry
    assert entry._meta.parent is model
    assert entry._meta.fields["parent_"].slug == "parent"
    assert m.LegacyEntry._meta.parent is None  # a legacy list with two parents
    assert m.Enum_2._meta.object == "enums" and m.Fields._meta.object == "fieldz"
    assert "# magic: attribute type 'hologram' is not supported; skipped" in path.read_text()


def test_output_is_deterministic(custom: AttioClient) -> None:
    schema = introspect(custom)
    first = generate_source(schema)
    assert generate_source(schema) == first
    shuffled = replace(schema, objects=schema.objects[::-1], lists=schema.lists[::-1])
    assert generate_source(shuffled) == first
    assert inspect_to_source(custom) == first


def test_enums_off_types_choices_as_values(custom: AttioClient, tmp_path: Path) -> None:
    source = inspect_to_source(custom, objects=["deals", "projects"], lists=[], enums=False)
    assert "Enum" not in source
    assert "stage: fields.Status[values.StatusValue | None] = fields.Status(required=True)" in (
        source
    )
    path = tmp_path / "plain.py"
    path.write_text(source)
    m = load(path)
    project = m.Project(title="x", tags=["Internal"])
    assert project.tags == [Option("Internal")]


def test_narrowed_generation_types_unknown_targets_as_any(custom: AttioClient) -> None:
    source = inspect_to_source(custom, objects=["projects"], lists=[])
    assert "class Project(Model):" in source and "class Person" not in source
    assert "lead: fields.Reference[Any] = fields.Reference()" in source
    assert "from typing import Any" in source


def test_bind_by_id_uses_ids(custom: AttioClient, tmp_path: Path) -> None:
    schema = introspect(custom, objects=["projects"], lists=["sales"])
    source = generate_source(schema, bind_by_id=True)
    projects = schema.get_object("projects")
    assert projects is not None
    title = projects.attribute("title")
    assert title is not None
    assert f'object_id = "{projects.id}"' in source
    assert f'attribute_id="{title.id}", required=True' in source
    path = tmp_path / "by_id.py"
    path.write_text(source)
    m = load(path)
    assert m.Project._meta.fields["title"].key == title.id
    assert m.Project._meta.fields["class_"].slug == "class"
    assert check_models(custom, [m.Project, m.SalesEntry]).is_clean


def test_list_entries_point_at_their_parent_class(workspace_source: str) -> None:
    block = workspace_source[workspace_source.index("class SalesEntry(ListEntry):") :]
    assert 'list = "sales"' in block and "parent = Company" in block
    assert "stage: fields.Status[SalesEntryStage | None] = fields.Status(enum=SalesEntryStage)" in (
        block
    )


def test_header_names_the_workspace_and_no_timestamp(workspace_source: str) -> None:
    first = workspace_source.splitlines()[0]
    assert first.startswith('"""Typed particle_orm models for ') and "(generated)" in first
    assert "2024" not in workspace_source.split('"""')[1]


async def test_async_twin_generates_the_same_source(emu: Emulator, custom: AttioClient) -> None:
    async with emu.async_client(rate_limits=UNLIMITED) as aclient:
        got = await ainspect_to_source(aclient)
    assert got == inspect_to_source(custom)


def test_generated_models_query_and_commit_through_a_session(tmp_path: Path) -> None:
    """Acceptance: introspect → generate → import → query and commit (Model.objects, Session)."""
    import particle_orm.query  # noqa: F401  (installs Model.objects)
    from particle_orm.session import Session

    emu = Emulator(seed=13, clock=T0)
    with emu.client(rate_limits=UNLIMITED) as client:
        build_custom_workspace(client)
        path = tmp_path / "attio_models.py"
        path.write_text(inspect_to_source(client))
        m = load(path)
        with Session(client) as session:
            acme = m.Company(name="Acme", domains=["acme.com"])
            apollo = m.Project(
                title="Apollo", tags=[m.ProjectTags.CLIENT_WORK], sponsors=[acme], score=5
            )
            session.add(acme)
            session.add(apollo)
            session.commit()
            assert apollo.record_id is not None
            found = m.Project.objects.filter(title="Apollo").get()
            assert found.record_id == apollo.record_id
            assert found.tags == [m.ProjectTags.CLIENT_WORK]
            assert [c.record_id for c in found.sponsors] == [acme.record_id]
            assert m.Project.objects.filter(score__gte=4).count() == 1
            apollo.score = 3
            session.commit()
        fresh = m.Project.from_api(client.get_record("projects", str(apollo.record_id)))
        assert fresh.score == 3


def test_generation_does_not_depend_on_what_was_imported(tmp_path: Path) -> None:
    """Other layers install names on Model when imported; the output must not change."""
    import particle_orm.query  # noqa: F401

    schema = replace(
        odd_schema(),
        objects=(
            ObjectInfo(
                "o1",
                "things",
                tuple(
                    AttributeInfo(f"a{i}", slug, slug, "text")
                    for i, slug in enumerate(["objects", "fetch", "entries", "pk", "title"])
                ),
                singular_noun="Thing",
            ),
        ),
        lists=(),
    )
    snapshot = tmp_path / "schema.json"
    snapshot.write_text(json.dumps(schema.to_dict()))
    script = (
        "import json, sys\n"
        "from particle_orm.schema import WorkspaceSchema, generate_source\n"
        "data = json.loads(open(sys.argv[1]).read())\n"
        "sys.stdout.write(generate_source(WorkspaceSchema.from_dict(data)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(snapshot)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == generate_source(schema)
    assert 'objects_: fields.Text = fields.Text(slug="objects")' in proc.stdout
