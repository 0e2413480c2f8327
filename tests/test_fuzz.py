"""Quick fuzz profile: any story text and any query either works or raises geo.GeoError.

The long profile (10,000 and more examples) is scripts/fuzz.py.
"""

from fuzz_strategies import check_document, check_query, documents, queries, story, _dump
from hypothesis import HealthCheck, given, settings

QUICK = settings(max_examples=150, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@QUICK
@given(documents)
def test_any_document_parses_or_fails_cleanly(text):
    check_document(text, render=False)


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(story)
def test_stories_that_load_also_render(doc):
    check_document(_dump(doc, "yaml"), render=True)


@QUICK
@given(queries)
def test_any_query_finds_or_fails_cleanly(query):
    check_query(query)
