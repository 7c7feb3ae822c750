"""Fill a live Odoo with the export benchmark's rows, through the API; safe to run twice.

N contacts (``ref`` = ``odoorm-export-000001``…, default 200,000) with a country and a state (the
export's 2-hop path is ``state_id.country_id.name``), one in seven without an email, created 1000 per
``create`` call on *threads* connections at once (a contact under a company costs five times as much
to create: its address is synchronised with the company's). Never run it against a database other people use: the export
benchmark uses a database of its own (bench/README.md, "Exports at scale"). Usage::

    ODOO_URL=http://127.0.0.1:8070 ODOO_DB=odoo19bench ODOO_USERNAME=admin ODOO_API_KEY=... \\
        python bench/seed_export.py [--contacts 200000] [--threads 4]

Prints how long the seeding took.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import time

import odoorm

PREFIX = "odoorm-export-"
BATCH = 1000


def states(env: odoorm.Environment) -> list[tuple[int, int]]:
    """``(state id, its country id)`` of 100 states: the contacts' addresses."""
    rows = env["res.country.state"].search_read([], ["country_id"], limit=100, order="id")
    return [(row["id"], row["country_id"][0]) for row in rows]


def contacts(number: int, places: list[tuple[int, int]]) -> dict[str, object]:
    state, country = places[number % len(places)]
    return {
        "name": f"Export Contact {number:06d}",
        "ref": f"{PREFIX}{number:06d}",
        "email": f"contact{number:06d}@export.example.com" if number % 7 else False,  # some empty
        "is_company": number % 10 == 0,
        "country_id": country,
        "state_id": state,
    }


def seed(env: odoorm.Environment, count: int, threads: int) -> int:
    """Create the missing contacts (numbers above the highest present); how many were created."""
    places = states(env)
    present = env["res.partner"].search_count([("ref", "=like", PREFIX + "0%")])
    batches = [range(start, min(start + BATCH, count + 1)) for start in range(present + 1, count + 1, BATCH)]

    def create(numbers: range) -> int:
        env.execute_kw("res.partner", "create", [[contacts(n, places) for n in numbers]])
        return len(numbers)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(create, batches))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    # no chatter message, follower or tracking per record: seeding is not what is measured
    env = odoorm.connect().with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
    started = time.perf_counter()
    created = seed(env, options.contacts, options.threads)
    print(f"created {created} contacts in {time.perf_counter() - started:.1f} s ({options.threads} connections)")


if __name__ == "__main__":
    main()
