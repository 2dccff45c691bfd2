#!/usr/bin/python3
"""Runs a command and reports what it cost (bench/README.md, "poll").

    measure.py RESULT_FILE LOG_FILE -- COMMAND [ARG...]

Runs COMMAND with stdout and stderr to LOG_FILE, waits for it with wait4(2)
and writes one line to RESULT_FILE:

    wall_s=12.345 user_s=10.1 sys_s=1.2 cpu_s=11.3 maxrss_kb=81234 status=0

user/sys/maxrss are the rusage of that child alone (its threads included,
nothing else on the machine), so they are meaningful on a shared machine
where wall-clock time is not. Exits with COMMAND's status.
"""
import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result_file, log_file, command = sys.argv[1], sys.argv[2], sys.argv[4:]
    with open(log_file, "ab") as log:
        start = time.monotonic()
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        _, wait_status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
    child.returncode = 0  # reaped by wait4: keep Popen from waiting again
    status = os.waitstatus_to_exitcode(wait_status)
    with open(result_file, "w") as out:
        out.write("wall_s=%.3f user_s=%.3f sys_s=%.3f cpu_s=%.3f maxrss_kb=%d status=%d\n" % (
            wall, usage.ru_utime, usage.ru_stime, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss, status))
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main())
