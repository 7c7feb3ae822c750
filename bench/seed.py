"""Fill a live Odoo with the benchmark data, through the API; safe to run twice.

2000 companies (``ref`` = ``odoorm-bench-0001``…), each with a country, two of
five tags (``odoorm bench A``…``E``) and two child contacts. Usage::

    ODOO_URL=http://127.0.0.1:8069 ODOO_DB=odoo19 ODOO_USERNAME=admin ODOO_PASSWORD=... \
        python bench/seed.py [--companies 2000]
"""

from __future__ import annotations

import argparse
import time

import odoorm

PREFIX = "odoorm-bench-"
TAGS = [f"odoorm bench {letter}" for letter in "ABCDE"]
BATCH = 250


def tag_ids(env: odoorm.Environment) -> list[int]:
    """The five benchmark tags, created when missing."""
    found = {
        r["name"]: r["id"]
        for r in env.execute_kw("res.partner.category", "search_read", [[("name", "in", TAGS)]], {"fields": ["name"]})
    }
    missing = [{"name": name} for name in TAGS if name not in found]
    if missing:
        created = env.execute_kw("res.partner.category", "create", [missing])
        found.update(zip([m["name"] for m in missing], created, strict=True))
    return [found[name] for name in TAGS]


def existing_refs(env: odoorm.Environment) -> set[str]:
    rows = env.execute_kw("res.partner", "search_read", [[("ref", "=like", PREFIX + "%")]], {"fields": ["ref"]})
    return {row["ref"] for row in rows}


def company_values(number: int, tags: list[int], countries: list[int]) -> dict[str, object]:
    ref = f"{PREFIX}{number:04d}"
    return {
        "name": f"Bench Company {number:04d}",
        "ref": ref,
        "is_company": True,
        "email": f"company{number:04d}@bench.example.com",
        "country_id": countries[number % len(countries)],
        "category_id": [(6, 0, [tags[number % 5], tags[(number + 1) % 5]])],
        "child_ids": [
            (0, 0, {"name": f"Bench Contact {number:04d}-{child}", "email": f"c{number:04d}.{child}@bench.example.com"})
            for child in (1, 2)
        ],
    }


def seed(env: odoorm.Environment, companies: int) -> int:
    """Create the companies that are missing and restore the tags of those that exist;
    return how many were created."""
    tags = tag_ids(env)
    countries = env.execute_kw("res.country", "search", [[]], {"limit": 40, "order": "id"})
    have = existing_refs(env)
    todo = [n for n in range(1, companies + 1) if f"{PREFIX}{n:04d}" not in have]
    for start in range(0, len(todo), BATCH):
        batch = [company_values(n, tags, countries) for n in todo[start : start + BATCH]]
        env.execute_kw("res.partner", "create", [batch])
    restore_tags(env, tags)
    return len(todo)


def restore_tags(env: odoorm.Environment, tags: list[int]) -> None:
    """Give every benchmark company its two tags again (one write per pair of tags)."""
    rows = env.execute_kw(
        "res.partner", "search_read", [[("ref", "=like", PREFIX + "%"), ("is_company", "=", True)]], {"fields": ["ref"]}
    )
    by_pair: dict[int, list[int]] = {}
    for row in rows:
        by_pair.setdefault(int(row["ref"][len(PREFIX) :]) % 5, []).append(row["id"])
    for remainder, ids in by_pair.items():
        pair = [tags[remainder], tags[(remainder + 1) % 5]]
        env.execute_kw("res.partner", "write", [ids, {"category_id": [(6, 0, pair)]}])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=2000)
    options = parser.parse_args()
    env = odoorm.connect(protocol="jsonrpc")
    started = time.perf_counter()
    created = seed(env, options.companies)
    print(f"{created} companies created ({options.companies} wanted) in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
