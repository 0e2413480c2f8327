"""make-map never leaves a half-written file and never touches the network."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA

MAKE_MAP = os.path.join(os.path.dirname(sys.executable), "make-map")
FORMATS = "html,png,geojson"


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_killed_runs_leave_the_old_or_the_new_outputs(tmp_path):
    old_story = tmp_path / "story.yaml"
    new_story = tmp_path / "new" / "story.yaml"
    new_story.parent.mkdir()
    shutil.copy(DATA / "second-story.yaml", old_story)
    new_story.write_text(old_story.read_text(encoding="utf-8")
                         .replace("title: Displaced families move from Mosul to camps",
                                  "title: A newer version")
                         .replace("name: Hasansham camp", "name: Hasansham camp (new)"),
                         encoding="utf-8")
    out = tmp_path / "maps"
    for story, folder in ((old_story, out), (new_story, tmp_path / "new-maps")):
        res = subprocess.run([MAKE_MAP, str(story), "-o", str(folder), "-f", FORMATS, "-q"],
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
    old, new = _outputs(out), _outputs(tmp_path / "new-maps")
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)
    t0 = time.perf_counter()
    subprocess.run([MAKE_MAP, str(new_story), "-o", str(tmp_path / "timing"), "-f", FORMATS, "-q"],
                   check=True, timeout=300)
    full = time.perf_counter() - t0
    rng = random.Random(20241207)
    outcomes = set()
    for _ in range(20):
        proc = subprocess.Popen([MAKE_MAP, str(new_story), "-o", str(out), "-f", FORMATS, "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = _outputs(out)
        assert now.keys() == old.keys()
        for name, data in now.items():
            assert data in (old[name], new[name]), f"{name} is neither the old nor the new file"
        outcomes.add(tuple(now[k] == new[k] for k in sorted(now)))
        # Back to the old outputs, so the next kill overwrites them again.
        for name, data in old.items():
            (out / name).write_bytes(data)
    # Most kills land before the renames: those runs must have left the old files whole.
    assert tuple(False for _ in old) in outcomes


GUARD = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network use is forbidden in this test")
class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse()
socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
from geo.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_no_socket_is_opened(tmp_path):
    out = tmp_path / "maps"
    res = subprocess.run([sys.executable, "-c", GUARD, "-o", str(out), "-q",
                          "-f", "html,png,svg,pdf,geojson"], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)  # the installed package, not a source tree
    assert res.returncode == 0, res.stderr
    assert len(list(out.iterdir())) == 6


def test_make_map_in_a_network_namespace(tmp_path):
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "--net", "true"]).returncode != 0:
        pytest.skip("unshare --net is not available here")
    res = subprocess.run([unshare, "--net", MAKE_MAP, "-o", str(tmp_path), "-q",
                          "-f", "html,png,svg,pdf,geojson"], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    article = DATA / "articles" / "jordan.txt"
    res = subprocess.run([unshare, "--net", MAKE_MAP, "--draft", str(article),
                          "-o", str(tmp_path / "draft.yaml")], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
