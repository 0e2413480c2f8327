"""The example notebook runs green, every cell (nbclient, the ipykernel of this environment)."""

import nbformat
from nbclient import NotebookClient

from conftest import REPO


def test_example_notebook_runs(tmp_path):
    nb = nbformat.read(str(REPO / "examples" / "syria-iraq-soldiers.ipynb"), as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("geo-place" in h for h in html)  # the Leaflet map, inline
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the static map
    text = "".join(o.get("text", "") for o in outputs)
    assert "qaim-crossing to rutba: 164 km" in text and "story.gpkg" in text
