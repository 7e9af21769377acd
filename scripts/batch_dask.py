#!/usr/bin/env python3
"""lifecircle batch on Dask.distributed (docs/cli/batch.md, "On a Dask cluster").

    python3 scripts/batch_dask.py a.toml b.toml ... --out DIR [--scheduler ADDR]

One task per city: `lifecircle plan --config CITY --out DIR/<name>` (the names
and their checks from `lifecircle batch --list`), on the scheduler at ADDR or
on a LocalCluster started for the run. Each city's output (stdout and stderr)
becomes DIR/<name>.log; then `lifecircle batch --index DIR` writes
DIR/batch_summary.csv and DIR/index.html, so the figures come from the same
C++ code as `lifecircle batch`. The workers must see the same paths (the city
files, their inputs, DIR and the lifecircle executable).

Exit status: 0 every city planned, 1 a city failed, 2 bad arguments or no Dask.
Needs Debian's python3-distributed.
"""
import argparse
import os
import shutil
import subprocess
import sys


def import_distributed():
    """dask.distributed, re-running under Debian's python3 when this one lacks it."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed  # noqa: F401
        return Client, LocalCluster, as_completed
    except ImportError:
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system) \
                and not os.environ.get("LC_DASK_REEXEC"):
            os.environ["LC_DASK_REEXEC"] = "1"
            os.execv(system, [system] + sys.argv)
        return None


def plan_city(lifecircle, config, out_dir):
    """One city's task: runs on a worker; returns (exit status, output bytes)."""
    proc = subprocess.run([lifecircle, "plan", "--config", config, "--out", out_dir],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return proc.returncode, proc.stdout


def main(argv=None):
    ap = argparse.ArgumentParser(description="lifecircle batch on Dask.distributed: one task per city")
    ap.add_argument("cities", nargs="+", help="city files (lifecircle init)")
    ap.add_argument("--out", required=True, help="output folder: DIR/<name>/, DIR/batch_summary.csv, DIR/index.html")
    ap.add_argument("--scheduler", help="scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    ap.add_argument("--lifecircle", default=shutil.which("lifecircle") or "lifecircle",
                    help="the lifecircle executable (default: lifecircle on PATH)")
    ap.add_argument("--lang", choices=["zh", "en"], help="language of batch_summary.csv and index.html")
    args = ap.parse_args(argv)

    dask = import_distributed()
    if dask is None:
        print("batch_dask: python3-distributed is not installed (apt-get install python3-distributed)", file=sys.stderr)
        return 2
    Client, LocalCluster, as_completed = dask

    lifecircle = os.path.abspath(args.lifecircle) if os.sep in args.lifecircle else args.lifecircle
    listed = subprocess.run([lifecircle, "batch", *args.cities, "--list"], capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        sys.stderr.write(listed.stderr)
        return 2
    cities = [line.split("\t", 1) for line in listed.stdout.splitlines() if line]
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {}
        for name, config in cities:
            fut = client.submit(plan_city, lifecircle, config, os.path.join(out, name), key="lifecircle-plan-" + name,
                                pure=False)
            futures[fut] = name
        done = 0
        for fut in as_completed(list(futures)):
            name = futures[fut]
            done += 1
            try:
                status, output = fut.result()
            except Exception as e:  # the task itself failed (worker lost, ...)
                status, output = 2, ("lifecircle: error: dask task failed: %s\n" % e).encode()
            with open(os.path.join(out, name + ".log"), "wb") as log:
                log.write(output)
            print("batch_dask: [%d/%d] %s: %s" % (done, len(cities), name,
                                                  "ok" if status == 0 else "failed (exit status %d)" % status),
                  file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    index = [lifecircle, "batch", "--index", out] + (["--lang", args.lang] if args.lang else [])
    return subprocess.run(index, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
