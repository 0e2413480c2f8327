"""Quick fuzz profile: any story text and any query either works or raises geo.GeoError.

The long profile (10,000 and more examples) is tests/fuzz.py.
"""

from fuzz_strategies import _dump, check_document, check_query, documents, queries, valid_story
from hypothesis import HealthCheck, given, settings

QUICK = settings(max_examples=100, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@QUICK
@given(documents)
def test_any_document_parses_or_fails_cleanly(text):
    check_document(text, render=False)


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_story())
def test_valid_stories_render(doc):
    assert check_document(_dump(doc, "yaml"), render=True) == "ok"


@QUICK
@given(queries)
def test_any_query_finds_or_fails_cleanly(query):
    check_query(query)
