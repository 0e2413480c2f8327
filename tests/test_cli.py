import os
import subprocess
import sys

import pytest
from conftest import DATA

MAKE_MAP = [os.path.join(os.path.dirname(sys.executable), "make-map")]


def run(*args, cwd):
    return subprocess.run(MAKE_MAP + list(args), cwd=cwd, capture_output=True, text=True, timeout=300)


def test_no_argument_maps_the_example_story(tmp_path):
    res = run(cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert out == ["syria-iraq-soldiers.embed.html", "syria-iraq-soldiers.html",
                   "syria-iraq-soldiers.png"]
    assert (tmp_path / "maps" / "syria-iraq-soldiers.png").read_bytes()[:4] == b"\x89PNG"


def test_outputs_are_byte_identical_across_runs(tmp_path):
    for name in ("a", "b"):
        res = run("-o", name, "-f", "html,png,svg,pdf,geojson", cwd=tmp_path)
        assert res.returncode == 0, res.stderr
    for fmt in ("html", "png", "svg", "pdf", "geojson"):
        a = (tmp_path / "a" / f"syria-iraq-soldiers.{fmt}").read_bytes()
        b = (tmp_path / "b" / f"syria-iraq-soldiers.{fmt}").read_bytes()
        assert a == b, fmt


def test_typo_exits_2_with_one_line_and_writes_nothing(tmp_path):
    res = run(str(DATA / "typo-place-id.yaml"), "-o", "out", cwd=tmp_path)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("make-map: error: ")
    assert "'rutba-bas'" in lines[0] and "line 12" in lines[0] and "'rutba-base'" in lines[0]
    assert "Traceback" not in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_format_and_missing_file_exit_2(tmp_path):
    res = run("-f", "html,tiff", cwd=tmp_path)
    assert res.returncode == 2 and "'tiff'" in res.stderr
    res = run("nope.yaml", cwd=tmp_path)
    assert res.returncode == 2 and "nope.yaml" in res.stderr and "not found" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_outputs_drawn_in_parallel_are_those_drawn_in_one_process(tmp_path, monkeypatch):
    """make-map (one thread, two cores) draws the matplotlib maps and the PDF in forked
    copies of itself; here, with forking off, the same story gives the same bytes."""
    import geo
    from geo import fork, outputs

    res = run("-o", "maps", "-f", "html,png,svg,pdf,geojson", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    monkeypatch.setattr(fork, "forked", lambda work: None)
    serial = outputs.render_all(geo.load_story(geo.example_path()),
                                ["html", "png", "svg", "pdf", "geojson"])
    for fmt, data in serial.items():
        assert (tmp_path / "maps" / f"syria-iraq-soldiers.{fmt}").read_bytes() == data, fmt


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing is forked")
def test_an_error_in_the_forked_copy_is_raised_in_the_parent():
    code = ("from geo.fork import forked\n"
            "ok = forked(lambda: b'drawn')\n"
            "assert ok is not None and ok() == b'drawn'\n"
            "forked(lambda: {}['missing'])()\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 1 and res.stderr.strip().splitlines()[-1] == "KeyError: 'missing'"


def test_version(tmp_path):
    from importlib.metadata import version

    res = run("--version", cwd=tmp_path)
    assert (res.returncode, res.stdout) == (0, f"make-map {version('geo-storymaps')}\n")
