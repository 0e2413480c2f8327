"""Work in a forked copy of this process, with its result or its error brought back.

With a second core, ``make-map`` draws the matplotlib maps in a copy of itself while it
makes the page and the data, and saves the PDF in another while the PNG and SVG are saved.
"""

from __future__ import annotations

import os
import sys

__all__ = ["die_with", "forked"]


#: prctl(2)'s option that has the kernel send a signal to a process when its parent dies.
_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """Have the kernel kill this process (the copy) when ``parent`` ends, however it ends:
    a killed make-map left its copy drawing on for seconds. If the parent is gone already
    (it died before the request was made), leave now."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl: the copy ends with its work, as before
    if os.getppid() != parent:
        os._exit(0)


def forked(work):
    """Start ``work()`` in a forked copy of this process, and return a function that
    waits for it and returns what it returned, or raises what it raised.

    None where a fork is not safe or gains nothing: not Linux (macOS frameworks do
    not survive a fork), one core, or other threads running (a notebook kernel's), as
    a fork copies no thread but may copy a lock one of them holds.
    """
    import pickle
    import signal
    import threading

    if (not sys.platform.startswith("linux") or threading.active_count() > 1
            or len(os.sched_getaffinity(0)) < 2):
        return None
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the copy: send the result or the error back, and leave at once
        os.close(read)
        try:
            die_with(parent)
            try:
                payload = pickle.dumps((True, work()))
            except BaseException as exc:  # every error goes back to the parent
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:
                    payload = pickle.dumps((False, RuntimeError(repr(exc))))
            with os.fdopen(write, "wb") as fh:
                fh.write(payload)
        finally:
            os._exit(0)
    os.close(write)
    done = []  # the pipe read or the copy stopped: a second call does nothing more

    def result(cancel: bool = False):
        """The work's result, or its error raised here; ``cancel=True`` stops the copy.
        Once it has answered (or been stopped), cancelling again is a no-op, so that a
        cleanup after a failure never hides the failure."""
        if done:
            return None
        done.append(True)
        if cancel:
            os.close(read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        with os.fdopen(read, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("the forked process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

    return result
