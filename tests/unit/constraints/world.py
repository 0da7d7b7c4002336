"""Hand-built tables that satisfy every construct of tests/unit/spec/v2_spec.py, built by its rules."""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb
import pyarrow as pa

from factory.sandbox import sandboxed_connection

Data = dict[str, dict[str, list]]
DAYS = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(3)]
NAMES = [("Male", "Rahul Sharma"), ("Female", "Priya Iyer"), ("Male", "Rahul Verma"),
         ("Female", "Neha Das"), ("Male", "Amit Rao"), ("Female", "Kavya Nair")]


def world() -> Data:
    """Valid full tables (hidden columns included)."""
    hotels = {"hotel_id": [1, 2, 3], "City": ["Pune", "Goa", "Pune"],
              "opened_on": [dt.date(2023, 3, 1), dt.date(2023, 4, 1), dt.date(2023, 5, 1)]}
    classes = {"room class id": [1, 2], "class name": ["Standard", "Suite"]}
    dates = {"date": DAYS, "fiscal year": [d.year for d in DAYS]}
    customers = {"customer_id": list(range(1, 7)), "gender": [g for g, _ in NAMES],
                 "full_name": [n for _, n in NAMES], "city": ["Pune", "Goa"] * 3,
                 "signup_date": [dt.date(2023, 6, 1) + dt.timedelta(days=10 * i) for i in range(6)],
                 "segment_code": [1, 2, 2, 1, 2, 2]}
    cap: dict[str, list] = {k: [] for k in ("cell_id", "hotel_id", "room class id", "date", "capacity", "bookings",
                                            "checked_out")}
    book: dict[str, list] = {k: [] for k in ("booking_id", "cell_id", "hotel_id", "check_in", "customer_id",
                                             "booking_date", "status", "rating", "stay_no")}
    by_city = {c: [i for i, x in zip(customers["customer_id"], customers["city"], strict=True) if x == c]
               for c in ("Pune", "Goa")}
    stays: dict[int, int] = {}
    for i, (h, r, d) in enumerate(itertools.product(hotels["hotel_id"], classes["room class id"], DAYS)):
        capacity = 1 + i % 3
        n = i % (capacity + 1)
        done = 0
        for _ in range(n):
            b = len(book["booking_id"])
            pool = by_city[hotels["City"][h - 1]]
            cust = pool[b % len(pool)]
            status = "Checked Out" if b % 2 == 0 else "Cancelled"
            stays[cust] = stays.get(cust, 0) + 1
            done += status == "Checked Out"
            for k, v in (("booking_id", b + 1), ("cell_id", i + 1), ("hotel_id", h), ("check_in", d),
                         ("customer_id", cust), ("booking_date", dt.date(2023, 12, 15)), ("status", status),
                         ("rating", 4 if status == "Checked Out" else None), ("stay_no", stays[cust])):
                book[k].append(v)
        for k, v in (("cell_id", i + 1), ("hotel_id", h), ("room class id", r), ("date", d), ("capacity", capacity),
                     ("bookings", n), ("checked_out", done)):
            cap[k].append(v)
    main = {"id": list(range(1, 11)), "customer_id": [1 + i % 6 for i in range(10)],
            "nights": [customers["segment_code"][i % 6] for i in range(10)]}
    return {"dim_hotel": hotels, "Room Class": classes, "dim_date": dates, "fact_capacity": cap,
            "dim_customer": customers, "fact_bookings": book, "fact_main": main}


def connection(data: Data, *, hidden: set[tuple[str, str]] = frozenset()) -> duckdb.DuckDBPyConnection:
    """A sandboxed connection with every table registered by name, without the `hidden` (table, column)s."""
    con = sandboxed_connection(threads=1)
    for name, cols in data.items():
        con.register(name, pa.table({k: v for k, v in cols.items() if (name, k) not in hidden}))
    return con
