"""Helpers the end-to-end test scripts (tests/e2e/*.py) share, besides the
reporter in tap.py: a scratch folder removed at exit, and an `admit serve`
process on a free loopback port.

Like tap.py it lives outside tests/e2e/ (tests/run.sh runs every script
there) and is imported through a sys.path entry relative to the script:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
    from admit_e2e import Server, scratch

$ADMIT names the binary, ./admit when unset, as in the scripts.
"""
import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

ADMIT = os.environ.get("ADMIT", "./admit")


def scratch(prefix):
    """A new folder under $TMPDIR named prefix...; it is removed when the
    script exits, also by sys.exit or an exception (the tests leave nothing
    in /tmp)."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, True)
    return path


class Server:
    """An `admit serve` process on a free loopback port; its stderr is kept.

    Server(*args) runs `$ADMIT serve --listen 127.0.0.1:0 ARGS...` and waits
    up to start_timeout seconds for the log line naming the port; when there
    is none the script exits with the log as its message."""

    def __init__(self, *args, start_timeout=60):
        self.proc = subprocess.Popen([ADMIT, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.port = None
        got = threading.Event()

        def drain():
            for line in self.proc.stderr:
                self.lines.append(line)
                m = re.search(r"listening on https?://127\.0\.0\.1:(\d+)/", line)
                if m:
                    self.port = int(m.group(1))
                    got.set()
            got.set()
        threading.Thread(target=drain, daemon=True).start()
        got.wait(start_timeout)
        if self.port is None:
            raise SystemExit(f"admit serve did not start: {''.join(self.lines)}")

    def log(self):
        return "".join(self.lines)

    def wait_log(self, text, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if text in self.log():
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        """SIGTERM (unless it has exited already); its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(60)
