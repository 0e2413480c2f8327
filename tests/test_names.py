import pytest

from geo.names import normalize_name, skeleton, split_descriptor


@pytest.mark.parametrize("a,b", [
    ("Al-Qa'im", "Al Qaim"), ("Al Qā’im", "Qaim"), ("Ar Rutbah", "Al-Rutba"), ("Ar Ruţbah", "Rutba"),
    ("الرطبة", "رطبه"), ("القائم", "قائم"), ("El-Qa'im", "qaim"),
])
def test_variants_share_a_key(a, b):
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize("a,b", [("Husaybah", "Husaiba"), ("Abu Kamal", "Boukamal"),
                                 ("Albu Kamal", "Abu Kamal")])
def test_skeleton_joins_transliterations(a, b):
    assert skeleton(normalize_name(a)) == skeleton(normalize_name(b))


def test_distinct_names_stay_distinct():
    assert normalize_name("Rutba") != normalize_name("Ramadi")
    assert normalize_name("") == ""


def test_descriptors_give_the_kind():
    assert split_descriptor(normalize_name("Al-Qa'im border crossing")) == ("qaim", "crossing")
    assert split_descriptor(normalize_name("H-2 air base"))[1] == "airfield"
