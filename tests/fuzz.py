"""The long fuzz profile: at least 10,000 generated story documents and queries.

    .venv/bin/python tests/fuzz.py [--examples 10000] [--render-every 100]

Each example must either make its outputs or raise geo.GeoError with a message; any other
exception or a run over --timeout seconds is a failure. Prints the counts and exits 1 on
any failure, with the failing input shrunk by hypothesis.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from fuzz_strategies import check_document, check_query, documents, queries
from hypothesis import HealthCheck, given, settings


def main() -> int:
    import logging
    import warnings

    logging.disable(logging.WARNING)  # story warnings are expected output, not failures
    warnings.simplefilter("ignore")   # e.g. glyphs missing from the font for random text
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", type=int, default=10_000)
    p.add_argument("--render-every", type=int, default=100,
                   help="render html and png for every Nth document that loads")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds one example may take")
    args = p.parse_args()
    counts: Counter = Counter()
    slowest = [0.0]
    failures: list[str] = []
    common = settings(max_examples=args.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck), print_blob=True)

    def timed(fn, value, **kw):
        t0 = time.perf_counter()
        try:
            outcome = fn(value, **kw)
        except Exception as err:  # anything but GeoError is a failure
            import traceback

            where = traceback.extract_tb(err.__traceback__)[-1]
            failures.append(f"{type(err).__name__}: {err} at {where.filename}:{where.lineno} "
                            f"<- {value!r:.300}")
            raise
        elapsed = time.perf_counter() - t0
        slowest[0] = max(slowest[0], elapsed)
        if elapsed > args.timeout:
            failures.append(f"took {elapsed:.1f} s <- {value!r:.300}")
            raise AssertionError("too slow")
        return outcome

    @common
    @given(documents)
    def fuzz_documents(text):
        counts["documents"] += 1
        render = counts["documents"] % args.render_every == 0
        outcome = timed(check_document, text, render=render)
        counts[f"document {outcome}"] += 1
        counts["rendered"] += render and outcome == "ok"

    @common
    @given(queries)
    def fuzz_queries(query):
        counts["queries"] += 1
        counts[f"query {timed(check_query, query)}"] += 1

    t0 = time.perf_counter()
    status = 0
    for run in (fuzz_documents, fuzz_queries):
        try:
            run()
        except Exception:
            status = 1
    print(f"{counts['documents']:,} documents ({counts['document ok']:,} made maps, "
          f"{counts['document error']:,} GeoError; {counts['rendered']} also rendered to html "
          f"and png), {counts['queries']:,} queries ({counts['query ok']:,} found, "
          f"{counts['query error']:,} GeoError); slowest example {slowest[0]:.2f} s; "
          f"{time.perf_counter() - t0:.0f} s in all; {len(failures)} failure(s)")
    for failure in failures[:10]:
        print("FAILURE:", failure)
    return status


if __name__ == "__main__":
    sys.exit(main())
