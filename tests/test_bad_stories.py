"""make-map on every broken story in tests/bad_stories/: exit 2, one line per problem, nothing written."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BAD = Path(__file__).resolve().parent / "bad_stories"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))
MAKE_MAP = os.path.join(os.path.dirname(sys.executable), "make-map")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _run(story: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([MAKE_MAP, str(story), "-o", str(out), "-f", "html,png,geojson"],
                          capture_output=True, text=True, timeout=120)


def _check(res: subprocess.CompletedProcess, problems: list) -> None:
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    lines = res.stderr.splitlines()
    assert all(line.startswith(("make-map: error: ", "make-map: warning: ")) for line in lines)
    errors = [line for line in lines if line.startswith("make-map: error: ")]
    # Each expected problem on a line of its own.
    free = list(errors)
    for problem in problems:
        fragments = [problem] if isinstance(problem, str) else problem
        line = next((e for e in free if all(f in e for f in fragments)), None)
        assert line is not None, f"{fragments!r} not in {errors}"
        free.remove(line)


def test_the_corpus_is_large():
    assert len(CASES) >= 40
    assert sorted(CASES) == sorted(p.name for p in BAD.iterdir() if p.name != "cases.yaml")


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_story(name, tmp_path):
    out = tmp_path / "maps"
    out.mkdir()
    (out / f"{Path(name).stem}.html").write_text("the previous map", encoding="utf-8")
    before = _snapshot(out)
    _check(_run(BAD / name, out), CASES[name])
    assert _snapshot(out) == before


def test_a_file_over_the_size_limit(tmp_path):
    from geo.story import MAX_BYTES

    big = tmp_path / "big.yaml"
    big.write_text("title: t\nplaces: [{id: a, name: A, lonlat: [40, 33]}]\n"
                   + "# padding\n" * (MAX_BYTES // 10 + 1), encoding="utf-8")
    out = tmp_path / "maps"
    _check(_run(big, out), [f"over the {MAX_BYTES:,}-byte limit"])
    assert not out.exists()


@pytest.mark.parametrize("target", ["missing.yaml", "."])
def test_a_path_that_is_no_story_file(tmp_path, target):
    _check(_run(tmp_path / target, tmp_path / "maps"), ["check the path" if target != "."
                                                       else "is a folder"])
