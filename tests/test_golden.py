"""The golden manifest and the API snapshot (tests/golden.py): moving code changes neither."""

import pytest

import golden


@pytest.mark.parametrize("case", golden.cases())
def test_outputs_are_as_recorded(case):
    platform, outputs, _ = golden.recorded()
    now = golden._platform()
    if now != platform:
        differ = sorted(k for k in set(now) | set(platform) if now.get(k) != platform.get(k))
        pytest.skip(f"the manifest was recorded with other {', '.join(differ)}: drawn bytes "
                    f"differ by platform (python tests/golden.py --update records this one)")
    assert golden._diff(outputs[case], golden._run(case)) == []


def test_public_api_is_as_recorded():
    _, _, snapshot = golden.recorded()
    assert golden._diff(golden.flat_api(snapshot), golden.flat_api(golden.api())) == []
