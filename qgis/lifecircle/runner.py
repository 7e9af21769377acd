"""Finding and running the lifecircle CLI, its progress streamed into a Processing feedback."""

import os
import queue
import shutil
import signal
import subprocess
import threading

from . import commands

SETTING_BINARY = "LIFECIRCLE_BIN"  # Processing option of the provider (Settings > Options > Processing > Providers)


def find_binary(setting=""):
    """The CLI: $LIFECIRCLE_BIN, else the plugin setting, else `lifecircle` on PATH, else None."""
    for candidate in (os.environ.get("LIFECIRCLE_BIN", ""), setting or ""):
        if candidate:
            return candidate
    return shutil.which("lifecircle")


def _pump(stream, tag, out):
    for line in iter(stream.readline, ""):
        out.put((tag, line))
    out.put((tag, None))


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run(argv, command, feedback, stdout_path=None):
    """Runs argv; returns (returncode, stdout_text, stderr_lines, cancelled).

    Every stderr line goes to the feedback (a progress line also moves the bar),
    stdout lines too unless stdout_path is given (then stdout is written there).
    Cancelling the feedback terminates the CLI (SIGTERM: it removes its partial
    output), then kills it if it has not stopped within 5 s.
    """
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C.UTF-8")
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        start_new_session=True,  # its own process group: cancel stops it and anything it started
    )
    lines = queue.Queue()
    readers = [
        threading.Thread(target=_pump, args=(proc.stdout, "out", lines), daemon=True),
        threading.Thread(target=_pump, args=(proc.stderr, "err", lines), daemon=True),
    ]
    for t in readers:
        t.start()
    stdout, stderr, open_streams, cancelled = [], [], 2, False
    while open_streams:
        if feedback is not None and feedback.isCanceled() and not cancelled:
            cancelled = True
            feedback.pushInfo("Cancelled: stopping lifecircle")
            _signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            _signal_group(proc, signal.SIGKILL)  # whatever is left of the group
        try:
            tag, line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            open_streams -= 1
            continue
        if tag == "out":
            stdout.append(line)
            if stdout_path is None and feedback is not None:
                feedback.pushConsoleInfo(line.rstrip("\n"))
            continue
        stderr.append(line)
        if feedback is None:
            continue
        progress = commands.parse_progress(line)
        if progress is None:
            feedback.pushConsoleInfo(line.rstrip("\n"))
            continue
        _seconds, stage, message = progress
        feedback.pushInfo("%s: %s" % (stage, message))
        percent = commands.stage_percent(command, stage)
        if percent is not None:
            feedback.setProgress(percent)
    returncode = proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    text = "".join(stdout)
    if stdout_path is not None:
        with open(stdout_path, "w", encoding="utf-8") as f:
            f.write(text)
    return returncode, text, stderr, cancelled
