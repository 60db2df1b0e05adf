"""The peers' side of the conversation with bench/p_peers.py (stdlib only): one JSON command a
line on stdin, one JSON answer a line on stdout, so that the peer keeps its process (and its
loaded content) across the interleaved rounds. Anything else a peer prints goes to stderr."""

import json
import sys
import traceback


def rss_kb() -> int:
    """Resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def serve(handlers: dict) -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # a stray print() must not break the protocol
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            answer = handlers[command["cmd"]](**command.get("args", {}))
        except Exception as error:  # reported to the bench, which records it in the row
            answer = {"error": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()}
        out.write(json.dumps(answer) + "\n")
        out.flush()
