"""Record classes from metadata, field values, prefetch and recordsets, on the recorded Odoo 19 server."""

from __future__ import annotations

import datetime as dt

import pytest

import odoorm
from odoorm.orm.fields import Char, Many2many, Many2one, One2many
from odoorm.orm.model import Model, ServerMethod

UTC = dt.timezone.utc
BENCH = [("ref", "=like", "odoorm-bench-%")]


def warm(env: odoorm.Environment, *models: str) -> None:
    """Build the classes first, so call counts show data calls only."""
    for model in models:
        env[model]


# ------------------------------------------------------------------ classes


def test_classes_are_built_from_metadata(env: odoorm.Environment) -> None:
    with env.count_calls() as calls:
        partners = env["res.partner"]
    assert calls.keys == ["res.partner.fields_get"]  # the model index is read only when asked for
    cls = type(partners)
    assert cls.__name__ == "ResPartner" and issubclass(cls, Model)
    with env.count_calls() as calls:
        assert (cls._name, cls._description, cls._transient) == ("res.partner", "Contact", False)
    assert calls.keys == ["ir.model.search_read"]  # once per registry: every model's description
    assert isinstance(cls.name, Char) and cls.name.spec.string == "Name" and cls.name.spec.store
    assert isinstance(cls.country_id, Many2one) and cls.country_id.spec.relation == "res.country"
    assert isinstance(cls.child_ids, One2many) and cls.child_ids.spec.relation_field == "parent_id"
    assert isinstance(cls.category_id, Many2many)
    assert cls.type.spec.selection and ("contact", "Contact") in cls.type.spec.selection
    assert "Contact" in (cls.__doc__ or "") and "Name (char)" in (cls.name.__doc__ or "")
    with env.count_calls() as calls:
        assert type(env["res.partner"]) is cls  # built once
        assert type(env.with_context(lang="en_US")["res.partner"]) is cls
    assert calls.total == 0
    assert type(env["res.country"])._fields["code"].spec.required is (env.version >= (17, 0))  # optional on 16
    assert type(env["res.partner.category"])._description == "Partner Tags"
    assert type(env["ir.model"])._fields["transient"].type == "boolean"
    assert type(env["base.language.install"])._transient is True
    assert repr(partners) == "res.partner()" and not partners and len(partners) == 0


def test_unknown_model_and_field(env: odoorm.Environment) -> None:
    with pytest.raises(odoorm.UnknownModelError, match="no model 'res.partnr'; did you mean 'res.partner'"):
        env["res.partnr"]
    partner = env["res.partner"].browse(3)
    with pytest.raises(odoorm.UnknownFieldError, match="res.partner has no field 'nmae'; did you mean 'name'"):
        partner["nmae"]
    with pytest.raises(odoorm.UnknownFieldError, match="'emial'"):
        partner.read(["emial"])
    assert isinstance(partner.action_archive, ServerMethod)  # not a field: a server method


# ------------------------------------------------------------------ values


def test_field_values_are_python_values(env: odoorm.Environment) -> None:
    admin = env["res.partner"].browse(3)
    assert admin.name == "Mitchell Admin" and isinstance(admin.name, str)
    assert admin.is_company is False and admin.active is True
    assert isinstance(admin.color, int) and admin.type == "contact"
    assert isinstance(admin.partner_latitude, float)
    assert admin.create_date.tzinfo is UTC and admin.create_date < dt.datetime.now(UTC)
    assert admin.country_id == env["res.country"].browse(233) and admin.country_id.code == "US"
    assert admin.comment is None  # html, empty: Odoo's False becomes None
    assert "%(city)s" in env.ref("base.us").address_format  # text
    assert admin.parent_id == env["res.partner"] and isinstance(admin.parent_id, Model)
    image = admin.image_128
    assert isinstance(image, bytes) and image[:4] in (b"\x89PNG", b"<?xm", b"<svg", b"\xff\xd8\xff\xe0")  # JPEG on 16
    if env.version >= (19, 0):  # res.partner has a properties field since Odoo 19
        assert isinstance(admin.properties, list)
    company = env["res.partner"].search([("ref", "=", "odoorm-bench-0001")])
    assert len(company.child_ids) == 2 and company.child_ids.mapped("parent_id") == company
    assert len(company.category_id) == 2 and all(t.name.startswith("odoorm bench") for t in company.category_id)
    assert company.parent_id == env["res.partner"] and not company.parent_id  # unset many2one
    assert company.child_ids[0].parent_id.name == "Bench Company 0001"
    order = env["sale.order"].search([("state", "=", "sale")], limit=1, order="id")
    assert isinstance(order.amount_total, float) and order.amount_total > 0
    assert isinstance(order.date_order, dt.datetime) and order.date_order.tzinfo is UTC
    assert order.currency_id.name == ("USD" if env.version >= (17, 0) else "EUR") and order.state == "sale"
    line = order.order_line[0]
    assert isinstance(line.product_uom_qty, float) and line.order_id == order
    assert line.analytic_distribution is None or isinstance(line.analytic_distribution, dict)


def test_values_convert_both_ways(env: odoorm.Environment) -> None:
    partners = env["res.partner"]
    tags = env["res.partner.category"].search([("name", "in", ["odoorm bench A", "odoorm bench B"])])
    belgium = env.ref("base.be")
    new = partners.create(
        {
            "name": "odoorm conversions",
            "comment": "<p>Hello</p>",
            "lang": "en_US",
            "color": 4,
            "partner_latitude": 50.85,
            "is_company": False,
            "country_id": belgium,
            "category_id": tags,
            "user_id": env.uid,
            "email": None,
        }
    )
    order = env["sale.order"].create(
        {
            "partner_id": new,
            "validity_date": dt.date(2027, 3, 1),
            "date_order": dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        }
    )
    attachment = env["ir.attachment"].create({"name": "odoorm.bin", "datas": b"\x00\x01odoorm\xff"})
    try:
        env.invalidate()
        assert (new.name, new.comment, new.lang, new.color) == ("odoorm conversions", "<p>Hello</p>", "en_US", 4)
        assert new.partner_latitude == 50.85 and new.is_company is False and new.email is None
        assert new.country_id == belgium and new.category_id == tags and new.user_id == env.user
        assert order.validity_date == dt.date(2027, 3, 1)
        assert order.date_order == dt.datetime(2026, 11, 2, 8, 30, tzinfo=UTC)  # stored in UTC
        assert order.partner_id == new
        assert attachment.datas == b"\x00\x01odoorm\xff"
        with pytest.raises(odoorm.FieldValueError, match=r"res.partner.color \(integer\) expects an int"):
            new.write({"color": "red"})
        with pytest.raises(odoorm.FieldValueError, match="res.country record"):
            new.write({"country_id": tags[0]})
    finally:
        order.unlink()
        attachment.unlink()
        new.unlink()


# ------------------------------------------------------------------ prefetch


def test_prefetch_reads_once_per_model_for_a_whole_loop(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category")
    with env.count_calls() as calls:
        partners = env["res.partner"].search(BENCH, limit=200, order="id")
        rows = [(p.name, p.email, p.country_id.name, p.category_id.mapped("name")) for p in partners]
    assert calls.keys == ["res.partner.search", "res.partner.read", "res.country.read", "res.partner.category.read"]
    assert len(rows) == 200 and rows[0][0] == "Bench Company 0001" and rows[0][1] == "company0001@bench.example.com"
    assert all(country and len(tags) == 2 for _, _, country, tags in rows)
    with env.count_calls() as calls:
        again = [(p.name, p.country_id.code, p.country_id.display_name) for p in partners]
    assert calls.total == 0 and again[0][2] == rows[0][2]  # display names came with the first read


def test_a_miss_reads_in_chunks_of_the_prefetch_max(env: odoorm.Environment) -> None:
    warm(env, "res.partner")
    partners = env["res.partner"].search(BENCH, limit=1500, order="id")
    with env.count_calls() as calls:
        names = [p.name for p in partners]
    assert calls.keys == ["res.partner.read", "res.partner.read"]  # 1000 + 500
    assert names[-1] == "Bench Company 1500"


def test_fetch_loads_a_tree_in_one_call(env: odoorm.Environment) -> None:
    warm(env, "res.partner", "res.country", "res.partner.category", "res.currency")
    specification = env.version >= (17, 0)  # asked once (no call on JSON-2, which means 19+)
    partners = env["res.partner"].search(BENCH, limit=50, order="id")
    with env.count_calls() as calls:
        partners.fetch("name", "country_id.name", "country_id.currency_id.name", "category_id.name")
    if specification:
        assert calls.keys == ["res.partner.web_read"]
    else:  # Odoo 16: no specification; one read per model and hop, never one per record
        assert calls.keys == ["res.partner.read", "res.country.read", "res.partner.category.read", "res.currency.read"]
    with env.count_calls() as calls:
        seen = [(p.name, p.country_id.currency_id.name, p.category_id.mapped("name")) for p in partners]
    assert calls.total == 0 and seen[0][0] == "Bench Company 0001" and len(seen[0][2]) == 2
    with env.count_calls() as calls:
        found = env["res.partner"].search(BENCH, limit=5, order="id desc", fetch=["name", "country_id.code"])
        codes = [p.country_id.code for p in found]
    assert len(codes) == 5 and all(codes) and found[0].name == "Bench Company 2000"
    if specification:
        assert calls.keys == ["res.partner.web_search_read"]
    else:  # the first level comes with the search
        assert calls.keys == ["res.partner.search_read", "res.country.read"]


def test_paths_into_one_model_are_read_once_per_hop(env: odoorm.Environment) -> None:
    """Two paths through different fields into the same model: one read of it at that hop, on
    every version (Odoo 17+ reads the whole tree in one call)."""
    warm(env, "res.partner", "res.users", "res.country")
    specification = env.version >= (17, 0)
    partners = env["res.partner"].search(BENCH, limit=20, order="id")
    with env.count_calls() as calls:
        partners.fetch("create_uid.login", "write_uid.login", "country_id.name", "commercial_partner_id.name")
    if specification:
        assert calls.keys == ["res.partner.web_read"]
    else:
        assert sorted(calls.keys) == ["res.country.read", "res.partner.read", "res.partner.read", "res.users.read"]
    with env.count_calls() as calls:
        logins = {p.create_uid.login for p in partners} | {p.write_uid.login for p in partners}
        names = [p.commercial_partner_id.name for p in partners]
    assert calls.total == 0 and "admin" in logins and names[0] == "Bench Company 0001"


def test_context_flows_into_lazy_and_relational_loads(env: odoorm.Environment) -> None:
    child = env["res.partner"].search([("ref", "=", False), ("parent_id.ref", "=", "odoorm-bench-0003")], limit=1)
    sized = child.with_context(bin_size=True)
    label = sized.parent_id.avatar_128  # bin_size makes the server answer a size, not the image
    full = child.parent_id.avatar_128
    assert label != full and len(label) < 20 and full[:4] in (b"<?xm", b"<svg", b"\x89PNG")
    assert env["res.partner"].with_context(active_test=False).search_count([("active", "=", False)]) > 0


def test_n_plus_one_is_reported(env: odoorm.Environment) -> None:
    warm(env, "res.partner")
    env.n_plus_one = "raise"
    ids = env["res.partner"].search(BENCH, limit=12, order="id").ids
    env.invalidate()
    with pytest.raises(odoorm.RecordError, match="res.partner.name was loaded one record at a time 10 times"):
        for record_id in ids:
            env["res.partner"].browse(record_id).name
    env.invalidate()
    assert [p.name for p in env["res.partner"].browse(ids)][0] == "Bench Company 0001"  # batched: no alarm


# ------------------------------------------------------------------ recordsets


def test_recordset_algebra(env: odoorm.Environment) -> None:
    first = env["res.partner"].search(BENCH, limit=5, order="id")
    second = env["res.partner"].search(BENCH, offset=3, limit=4, order="id")
    assert len(first | second) == 7 and (first | second).ids == first.ids + second.ids[2:]
    assert (first & second).ids == first.ids[3:] and (first - second).ids == first.ids[:3]
    assert len(first + second) == 9 and first[0] in first and first[0] not in second
    assert first[1:3].ids == first.ids[1:3] and first[-1].id == first.ids[-1]
    assert first == env["res.partner"].browse(list(reversed(first.ids))) and first != second
    assert repr(first[:2]) == f"res.partner({first.ids[0]}, {first.ids[1]})" and repr(first[0]).endswith(",)")
    assert [len(r) for r in first] == [1] * 5 and bool(first) and not first - first
    with pytest.raises(odoorm.RecordError, match="Expected singleton"):
        first.name
    with pytest.raises(odoorm.RecordError, match="cannot combine res.partner records with res.country"):
        first | env["res.country"]
    with pytest.raises(odoorm.RecordError, match="ids are integers"):
        env["res.partner"].browse(["7"])
    assert "country_id" in dir(first) and "search" in dir(first) and "_ids" not in dir(first)


def test_mapped_filtered_sorted(env: odoorm.Environment) -> None:
    companies = env["res.partner"].search(BENCH, limit=10, order="id")
    assert companies.mapped("name")[:2] == ["Bench Company 0001", "Bench Company 0002"]
    countries = companies.mapped("country_id")
    assert isinstance(countries, Model) and countries._name == "res.country" and 1 < len(countries) <= 10
    assert companies.mapped("country_id.code") == [c.country_id.code for c in companies]
    children = companies.mapped("child_ids")
    assert len(children) == 20 and set(children.mapped("parent_id").ids) == set(companies.ids)
    assert companies.mapped(lambda p: p.email.split("@")[1]) == ["bench.example.com"] * 10
    tagged_a = companies.filtered(lambda p: "odoorm bench A" in p.category_id.mapped("name"))
    assert 0 < len(tagged_a) < 10 and tagged_a.ids == [p.id for p in companies if p in tagged_a]
    assert companies.filtered("child_ids") == companies and not companies.filtered("parent_id")
    by_name = children.sorted("name", reverse=True)
    assert by_name.mapped("name") == sorted(children.mapped("name"), reverse=True)
    assert companies.sorted().mapped("name") == sorted(companies.mapped("name"))  # res.partner's default order


def test_search_read_and_read_return_plain_dicts(env: odoorm.Environment) -> None:
    rows = env["res.partner"].search_read([("ref", "=", "odoorm-bench-0004")], ["name", "country_id"])
    assert rows[0]["name"] == "Bench Company 0004" and isinstance(rows[0]["country_id"], list)
    record = env["res.partner"].browse(rows[0]["id"])
    assert record.read(["name"]) == [{"id": record.id, "name": "Bench Company 0004"}]
    assert env["res.partner"].search_count(BENCH) == 2000
    assert env["res.partner"].fields_get(["name"], ["type"]) == {"name": {"type": "char"}}
    pairs = env["res.partner"].name_search("Bench Company 0005", limit=1)
    assert pairs == [(env["res.partner"].search([("ref", "=", "odoorm-bench-0005")]).id, "Bench Company 0005")]
    groups = env["res.partner"].read_group(BENCH + [("is_company", "=", True)], ["country_id"], ["country_id"])
    assert sum(group["country_id_count"] for group in groups) == 2000


def test_exists_and_missing_records(env: odoorm.Environment) -> None:
    real = env["res.partner"].browse(3)
    ghosts = env["res.partner"].browse([999999, 3])
    assert ghosts.exists() == real
    with pytest.raises(odoorm.MissingError, match=r"res.partner\(999999,\)"):
        env["res.partner"].browse(999999).name


# ------------------------------------------------------------------ environment helpers


def test_ref_user_company(env: odoorm.Environment) -> None:
    company = env.ref("base.main_company")
    assert company._name == "res.company" and company.id == 1
    assert env.user.login == "admin" and env.user.id == env.uid
    assert env.company == company and company in env.companies and env.companies == env.user.company_ids
    assert env.with_company(company).context["allowed_company_ids"] == [1]
    assert env["res.partner"].with_company(1).env.company == company
    assert env.ref("base.no_such_xmlid", raise_if_not_found=False) is None


def test_stats_and_call_counting(env: odoorm.Environment) -> None:
    env["res.partner"].search([], limit=1)
    stats = env.stats()
    assert stats["res.partner.search"].calls == 1 and stats["res.partner.search"].received > 0
    assert stats["res.partner.fields_get"].sent > 0 and stats["res.partner.fields_get"].seconds > 0


# ------------------------------------------------------------------ writes and methods


def test_writes_and_methods_refresh_the_cache(env: odoorm.Environment) -> None:
    partner = env["res.partner"].create({"name": "odoorm methods"})
    try:
        assert partner.active is True
        with env.count_calls() as calls:
            assert partner.action_archive() is None  # a button: ids only; None on every protocol
        assert calls["res.partner.action_archive"] == 1 and calls["res.partner.fields_get"] == 0  # no metadata re-read
        assert partner.active is False  # the cache was dropped: read again
        partner.action_unarchive()
        partner.name = "odoorm methods renamed"  # immediate write (buffering comes with the unit of work)
        assert partner.name == "odoorm methods renamed" and partner.active is True
        partner.write({"email": "m@example.com"})
        assert partner.email == "m@example.com"
        assert partner.address_get(["invoice"]) == {"contact": partner.id, "invoice": partner.id}  # with arguments
        new_id, label = env["res.partner"].name_create("odoorm name_create")  # an @api.model method
        assert label == "odoorm name_create"
        env["res.partner"].browse(new_id).unlink()
        copy = partner.copy({"name": "odoorm copy"})
        assert copy.name == "odoorm copy" and copy.email == "m@example.com" and copy != partner
        copy.unlink()
    finally:
        partner.unlink()
    with pytest.raises(odoorm.MissingError):
        partner.name


def test_a_custom_model_created_over_rpc_is_usable_at_once(env: odoorm.Environment, protocol: str) -> None:
    name = f"x_odoorm_{protocol}"
    assert name not in env
    everyone = {
        "name": f"{name} everyone",
        "perm_read": True,
        "perm_write": True,
        "perm_create": True,
        "perm_unlink": True,
    }
    model = env["ir.model"].create(
        {
            "name": f"odoorm test {protocol}",
            "model": name,
            "state": "manual",
            "access_ids": [(0, 0, everyone)],
        }
    )
    try:
        records = env[name]
        assert records._description == f"odoorm test {protocol}"
        rec = records.create({"x_name": "first"})
        env["ir.model.fields"].create(
            {
                "model_id": model.id,
                "name": "x_code",
                "field_description": "Code",
                "ttype": "char",
                "required": False,
            }
        )
        rec.x_code = "A-1"  # a field that appeared after the class was built
        assert (rec.x_name, rec.x_code) == ("first", "A-1")
        assert records.search([("x_code", "=", "A-1")]) == rec
    finally:
        model.unlink()
