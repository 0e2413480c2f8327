"""Whether a gazetteer index on disk can be used: made by this user, unchanged since.

The rules are those of every file in the cache folder (``geo.cache``): an index is used only
if it, its folder and its seal (``<index>.seal``, written when the index is built: its
SHA-256 and the file's identity) belong to this user and no one else may write them, and its
content is what was sealed. Otherwise it is built anew: a copy planted by someone else in a
shared folder once moved Baghdad to Paris on every map. Where the cache folder cannot be
written, the index goes to a folder of this user's own in the temporary folder
(``geo-storymaps-<uid>``, mode 0700), never to a shared one.
"""

from __future__ import annotations

from ..cache import check_folder, private_dir, seal, trusted

__all__ = ["check_folder", "private_dir", "seal", "trusted"]
