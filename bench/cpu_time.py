#!/usr/bin/python3
"""cpu_time.py - the CPU time (user + sys) of commands, one process at a time.

    /usr/bin/python3 bench/cpu_time.py [-n RUNS] [--interleave] -- CMD... [--- CMD...]...

Runs each command RUNS times (default 50, after 3 untimed runs), each a new
process with stdout and stderr to /dev/null, and reads the CPU time of the
child from os.wait4's resource usage: user + system, which on a shared
machine varies far less than wall time.  Pin the whole thing to one core
with `taskset -c 0` so that every run pays the same cache and migration
costs.  Commands are interleaved run by run, so that a change of load
affects them alike.  Prints, per command, the median and the minimum in ms,
and the median's ratio to the first command's; with --bench, also lines
"BENCH cpu_<i>_ms MEDIAN" for bench/run.sh.  Exits 1 if a command exits
above 1 (admit's verdict codes 0 and 1 are normal).
"""
import os
import statistics
import subprocess
import sys


def cpu_ms(cmd):
    # posix_spawn (a vfork underneath): the child's time is the command's,
    # not a copy of this Python process's page tables.
    devnull = os.open(os.devnull, os.O_WRONLY)
    pid = os.posix_spawnp(cmd[0], cmd, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                        (os.POSIX_SPAWN_DUP2, devnull, 2)])
    os.close(devnull)
    _, status, ru = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code > 1 or code < 0:
        sys.exit("cpu_time: %s exited %d" % (" ".join(cmd), code))
    return (ru.ru_utime + ru.ru_stime) * 1e3


def main(argv):
    runs, bench = 50, False
    while argv and argv[0] != "--":
        a = argv.pop(0)
        if a == "-n":
            runs = int(argv.pop(0))
        elif a == "--bench":
            bench = True
        else:
            sys.exit(__doc__)
    if not argv:
        sys.exit(__doc__)
    cmds, cur = [], []
    for a in argv[1:]:
        if a == "---":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    for c in cmds:
        for _ in range(3):
            cpu_ms(c)
    times = [[] for _ in cmds]
    for _ in range(runs):
        for i, c in enumerate(cmds):
            times[i].append(cpu_ms(c))
    base = statistics.median(times[0])
    for i, c in enumerate(cmds):
        med = statistics.median(times[i])
        print("  %8.2f ms median, %8.2f ms min, %6.2fx the first: %s"
              % (med, min(times[i]), med / base if base else 0.0, " ".join(c)))
        if bench:
            print("BENCH cpu_%d_ms %.3f" % (i, med))


if __name__ == "__main__":
    main(sys.argv[1:])
