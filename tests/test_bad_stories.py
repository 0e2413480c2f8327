"""make-map on every broken story in tests/bad_stories/: exit 2, one line per problem, nothing written."""

import json
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


#: Every bad story is refused within this much memory (address space) and time.
MEMORY = 1 << 30
SECONDS = 90


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(story: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    args = [str(story), "-o", str(out), "-f", "html,png,geojson"] if not options else \
        [*options, str(story)]
    return subprocess.run([MAKE_MAP, *args], capture_output=True, text=True, timeout=SECONDS,
                          preexec_fn=_limited)


def _check(res: subprocess.CompletedProcess, problems: list) -> None:
    assert res.returncode == 2, res.stdout + res.stderr[-2000:]
    assert "Traceback" not in res.stderr and res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) <= 25  # capped: 20 problems, and how many more
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


# ------------------------------------------------- hostile files made here (issue 19)


def _hostile(kind: str, folder: Path) -> Path:
    """A story path that is no story file, or a story too big to take apart."""
    path = folder / f"{kind}.yaml"
    if kind == "fifo":  # reading it waited for a writer for ever
        os.mkfifo(path)
    elif kind == "dev-zero-link":  # read until MemoryError, the size checked after
        path.symlink_to("/dev/zero")
    elif kind == "credit-14mb":  # wrapping it took 51 s, and then failed
        path.write_text("title: t\ncredit: " + "x" * 14_000_000 + "\nplaces:\n"
                        "  - {id: a, name: A, lonlat: [40, 33]}\n", encoding="utf-8")
    elif kind == "places-100000-invalid":  # 200,000 lines of errors in 62 s and 1 GB
        path.write_text("title: t\nplaces:\n" + "".join(
            f"  - {{id: P{i}, lonlat: [40, 33]}}\n" for i in range(100_000)), encoding="utf-8")
    elif kind == "references-20000-unknown":  # a close spelling looked for among all, each time
        path = folder / f"{kind}.json"
        path.write_text(json.dumps({"title": "t", "places": [
            {"id": f"p{i}", "name": f"P{i}", "lonlat": [40, 33]} for i in range(20_000)],
            "movements": [{"from": f"p{i}", "to": f"q{i}"} for i in range(20_000)]}),
            encoding="utf-8")
    return path


HOSTILE = {"fifo": "is a named pipe (FIFO), not a story file",
           "dev-zero-link": "is a device, not a story file",
           "credit-14mb": "text of 14,000,000 characters is longer than the 2,000",
           "places-100000-invalid": "missing required key 'name'",
           "references-20000-unknown": "unknown place id 'q0'"}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_file_is_refused_quickly_in_bounded_memory(kind, tmp_path):
    import time

    out = tmp_path / "maps"
    out.mkdir()
    (out / "previous.html").write_text("the previous map", encoding="utf-8")
    before = _snapshot(out)
    started = time.monotonic()
    res = _run(_hostile(kind, tmp_path), out)
    _check(res, [HOSTILE[kind]])
    assert time.monotonic() - started < SECONDS / 2
    assert _snapshot(out) == before
    if "000-" in kind:
        assert "more problems like these" in res.stderr.splitlines()[-1]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link", "too-big", "folder"])
def test_a_hostile_article_is_refused_before_it_is_read(kind, tmp_path):
    from geo.draft import MAX_BYTES

    if kind == "too-big":
        article = tmp_path / "article.txt"
        article.write_text("Refugees crossed into Jordan. " * (MAX_BYTES // 30 + 1),
                           encoding="utf-8")
    elif kind == "folder":
        article = tmp_path
    else:
        article = _hostile(kind, tmp_path)
    res = _run(article, tmp_path / "draft.yaml", "--draft")
    _check(res, [{"fifo": "is a named pipe (FIFO), not an article",
                  "dev-zero-link": "is a device, not an article",
                  "too-big": f"over the {MAX_BYTES:,}-byte limit for one article",
                  "folder": "is a folder, not an article"}[kind]])
    assert not (tmp_path / "draft.yaml").exists()
