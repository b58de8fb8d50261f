#!/usr/bin/env python3
"""Whole-process start-up cost of kittylog, against /bin/true and an older kittylog, in one run.

Usage: startup_compare.py NEW_KITTYLOG [BASELINE_KITTYLOG] [--runs N]

For each command (`--version`, `emit` of one event, `status` of a small log, `clock show`, `hook post-commit` with nothing to do; a one-line
`dd conv=fsync` append is the fsync floor) runs the
binaries interleaved (so load changes hit them alike), N times each, and prints the median wall
time and the median CPU time (user + sys of the child, from wait4), with ratios to /bin/true and to
the baseline binary. Each binary works in its own scratch repository made with `git init` and
`kittylog init`. Quote medians and ratios (docs/benchmarks.md); note the load average printed.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(argv, cwd, env):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed in {cwd}")
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def scratch_repo(kittylog, env):
    root = tempfile.mkdtemp(prefix="kl-startup-")
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True, env=env)
    subprocess.run([kittylog, "init", "-q"], cwd=root, check=True, env=env)
    subprocess.run([kittylog, "spec", "create", "001-login", "--title", "Login", "-q"], cwd=root, check=True, env=env)
    for i in range(1, 21):
        subprocess.run([kittylog, "wp", "create", f"WP{i:02d}", "--feature", "001-login", "--title", f"T{i}", "-q"],
                       cwd=root, check=True, env=env)
    return root


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--runs")]
    runs = 30
    for a in sys.argv[1:]:
        if a.startswith("--runs="):
            runs = int(a.split("=", 1)[1])
    if not args:
        sys.exit(__doc__)
    binaries = [os.path.abspath(b) for b in args]
    env = {"PATH": "/usr/bin:/bin", "HOME": tempfile.mkdtemp(), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    repos = {b: scratch_repo(b, env) for b in binaries}
    commands = {
        "--version": ["--version"],
        "emit": ["emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload",
                 '{"feature_slug":"001-login","tags":["x"]}', "-q"],
        "status": ["status"],
        "clock show": ["clock", "show"],
        "hook post-commit": ["hook", "post-commit"],  # a hook with nothing to do
    }
    print(f"load average before: {os.getloadavg()}; {runs} runs each, interleaved")
    results = {}
    dd_dir = tempfile.mkdtemp(prefix="kl-dd-")
    with open(os.path.join(dd_dir, "line"), "w") as line:
        line.write('{"event_id":"x","lamport_clock":1}\n' * 1)
    dd = ["/bin/dd", "if=line", "of=log.jsonl", "oflag=append", "conv=fsync,notrunc", "status=none"]
    for i in range(runs):
        results.setdefault(("/bin/true", ""), []).append(run(["/bin/true"], "/", env))
        results.setdefault(("dd", ""), []).append(run(dd, dd_dir, env))
        for name, argv in commands.items():
            for b in binaries:
                results.setdefault((b, name), []).append(run([b] + argv, repos[b], env))
    print(f"load average after: {os.getloadavg()}")
    floor = statistics.median(w for w, _ in results[("/bin/true", "")])
    print(f"{'command':<12} {'binary':<48} {'wall ms':>9} {'cpu ms':>8} {'x true':>7} {'x base':>7}")
    print(f"{'/bin/true':<12} {'':<48} {floor:9.2f}")
    dd_wall = statistics.median(w for w, _ in results[("dd", "")])
    print(f"{'dd fsync':<12} {'one line appended, conv=fsync':<48} {dd_wall:9.2f}")
    for name in commands:
        base_wall = None
        for b in reversed(binaries):
            walls = [w for w, _ in results[(b, name)]]
            cpus = [c for _, c in results[(b, name)]]
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            if base_wall is None and len(binaries) > 1:
                base_wall = wall
            ratio = f"{wall / base_wall:7.2f}" if base_wall else ""
            print(f"{name:<12} {b[-48:]:<48} {wall:9.2f} {cpu:8.2f} {wall / floor:7.1f} {ratio}")


if __name__ == "__main__":
    main()
