#!/usr/bin/env python3
"""intake's benchmark: the same job as ../shared/bench's DuckDB and polars peers, in one run.

1. generates the account file and the previous state with ../shared/datagen/gen_accounts.py
   (seed 42), and a model and specs matching its columns, in .bench/ (not committed);
2. loads the state into intake's store through `intake apply` (timed separately as apply
   throughput, against sqlite3's CLI importing the same rows in one transaction) and into the
   peers' stores (not timed);
3. times `intake plan` (JSON changeset to --out + rejects file; its terminal summary is
   discarded, as the peers print nothing) and both peers, --reps times each, reporting
   medians of whole-process wall time and peak RSS (/usr/bin/time -v);
4. checks intake's counts against the generator's expected counts: a mismatch fails (exit 1).

The file identical to the state is planned twice: once as the load left the store, each record
holding the fingerprint of the row that wrote it (the rows are recognised, not compared), and
once with those fingerprints cleared, as after a saved changeset's apply (every row evaluated
and compared); the two changesets must be byte-identical.

    scripts/bench                 # 1,000,000 rows, 3 reps, with peers
    scripts/bench --rows 10000000 --reps 1
    scripts/bench --smoke         # 20,000 rows, 1 rep, no peers: the CI check of the counts
    scripts/bench --rows 10000000 --reps 1 --memory-budget 512M

With --memory-budget SIZE both plans are also timed with rows past SIZE set aside on disk; their
changesets must be byte-identical to the plans that held every row (the smoke run uses 1M).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
WORK = os.path.join(ROOT, ".bench")
INTAKE = os.path.join(ROOT, ".build", "release", "intake")
AS_OF = "2026-11-26T00:00:00Z"
# sqlite3 without the user's ~/.sqliterc (a `.headers on` there would add a line to every export).
SQLITE = ["sqlite3", "-init", "/dev/null"]

MODEL = """model: 1
account:
  attributes:
    ARR:            { type: currency, default: delete }
    Renewal Date:   { type: date, default: delete }
    Health Segment: { type: list, values: [Healthy, At Risk, Critical], default: delete }
    Region:         { type: text, default: delete }
"""

# Empty cells clear stored values (default delete), as in the peers.
ACCOUNTS = """version: 1
integration: accounts
object: account
mode: recurring
schedule: "0 3 * * *"
unmapped: error
max_rejected_rows: "5%"
columns:
  - { from: Account ID, to: account_id }
  - { from: Account Name, to: account_name }
  - { from: Parent Account ID, to: parent_id }
  - { from: Annual Revenue, to: ARR, number: { thousands: ",", decimal: "." } }
  - { from: Renewal, to: Renewal Date, date: { formats: ["MM/dd/yyyy"], timezone: UTC } }
  - { from: Tier, to: Health Segment, map: { green: Healthy, yellow: At Risk, red: Critical } }
  - { from: Region, to: Region }
"""

STATE = """version: 1
integration: state-load
object: account
mode: one-time
unmapped: error
columns:
  - { from: account_id, to: account_id }
  - { from: account_name, to: account_name }
  - { from: parent_id, to: parent_id }
  - { from: ARR, to: ARR }
  - { from: Renewal Date, to: Renewal Date }
  - { from: Health Segment, to: Health Segment }
  - { from: Region, to: Region }
"""


def timed(cmd, env=None, cwd=None, quiet=False):
    """Runs `cmd` under /usr/bin/time -v; returns (wall seconds, peak RSS MiB, stdout).

    `quiet` sends stdout to /dev/null: a 100 MB JSON changeset piped into Python would time
    Python's reading too. Dirty pages of the steps before (a 2 GB store loaded, a peer's output
    written) are flushed first, so no job pays for another's write-back."""
    os.sync()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", p.stderr)
    if m is None or p.returncode not in (0, 2):
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-3000:]}")
    parts = [float(x) for x in m.group(1).split(":")]
    wall = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return wall, rss, p.stdout


def median_run(name, cmd, reps, env=None, cwd=None, quiet=False):
    runs = [timed(cmd, env, cwd, quiet) for _ in range(reps)]
    row = {"name": name, "wall": statistics.median(r[0] for r in runs), "walls": [round(r[0], 3) for r in runs],
           "rss": max(r[1] for r in runs), "stdout": runs[-1][2]}
    print(f"  {name}: walls {row['walls']} s, peak RSS {row['rss']:.0f} MiB", file=sys.stderr)
    return row


def identical_plan(state, out, proj):
    """The plan of the file identical to the state, its changeset to `out`."""
    return [INTAKE, "plan", "state-load", "--data", state, "--as-of", AS_OF, "--out", out] + proj


def swap_out(cmd, out):
    """`cmd` writing its changeset to `out` (and its rejects beside it) instead."""
    cmd = list(cmd)
    cmd[cmd.index("--out") + 1] = out
    if "--rejects" in cmd:
        cmd[cmd.index("--rejects") + 1] = out + ".rejects.csv"
    return cmd


def upsert_floor(store, before_apply, rows):
    """The floors for `intake apply`, each in one transaction: sqlite3's CLI importing the
    records the apply wrote (taken from the store after it) into a copy of the store before it
    — the same rows, table and B-tree work, without reading, checking or merging a changeset —;
    the upsert alone, those rows already in a table beside it; and appending them to an empty
    unkeyed table."""
    applied = os.path.join(WORK, "applied.csv")
    with open(applied, "wb") as out:
        subprocess.run(SQLITE + ["-csv", store, "SELECT namespace, key, fields, updated_run FROM records "
                                 "WHERE updated_run = (SELECT max(updated_run) FROM records)"], check=True, stdout=out)
    # No field holds a line break (the JSON escapes them), so lines count records.
    with open(applied, "rb") as f:
        written = sum(1 for _ in f)
    if written != rows:
        raise SystemExit(f"the apply wrote {written} records, the changeset holds {rows}")
    # The columns named: the store has more (the source fingerprint, which a saved changeset's
    # apply clears, as this does).
    upsert = ("INSERT INTO records (namespace, key, fields, updated_run) SELECT * FROM staged WHERE true ON CONFLICT (namespace, key) "
              "DO UPDATE SET fields = excluded.fields, updated_run = excluded.updated_run, source_fp = NULL")
    staged_copy = before_apply + ".staged"
    shutil.copyfile(before_apply, staged_copy)
    imported = timed(SQLITE + [before_apply, "-cmd", ".mode csv", "-cmd", "BEGIN", "-cmd",
                               "CREATE TEMP TABLE staged (namespace, key, fields, updated_run)", "-cmd",
                               f".import {applied} staged", f"{upsert}; COMMIT"])[0]
    subprocess.run(SQLITE + [staged_copy, "-cmd", ".mode csv", "-cmd", "CREATE TABLE staged (namespace, key, fields, updated_run)",
                             f".import {applied} staged"], check=True)
    upserted = timed(SQLITE + [staged_copy, f"BEGIN; {upsert}; COMMIT"])[0]
    for path in (before_apply, staged_copy):
        os.remove(path)
    empty = os.path.join(WORK, "floor-applied.sqlite")
    if os.path.exists(empty):
        os.remove(empty)
    appended = timed(SQLITE + [empty, "-cmd", ".mode csv", "-cmd", "BEGIN", "-cmd",
                               "CREATE TABLE applied (namespace, key, fields, updated_run)", "-cmd", f".import {applied} applied",
                               "COMMIT"])[0]
    return imported, upserted, appended


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def ensure_peers():
    try:
        import duckdb  # noqa: F401
        import polars  # noqa: F401
        return True
    except ImportError:
        print("installing duckdb and polars (pip) for the peers …", file=sys.stderr)
        p = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb", "polars"])
        return p.returncode == 0


def main():
    global INTAKE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="20,000 rows, 1 rep, no peers")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--binary", default=INTAKE, help="the intake executable (CI's smoke run uses the debug build)")
    ap.add_argument("--memory-budget", help="also time both plans with this --memory-budget (e.g. 512M)")
    a = ap.parse_args()
    INTAKE = os.path.abspath(a.binary)
    if a.smoke:
        a.rows, a.reps, a.no_peers = 20_000, 1, True
        a.memory_budget = a.memory_budget or "1M"
    if not os.path.exists(INTAKE):
        raise SystemExit("build first: swift build -c release (scripts/bench does)")

    shutil.rmtree(WORK, ignore_errors=True)
    data = os.path.join(WORK, "data", "accounts.csv")
    state = os.path.join(WORK, "data", "state.csv")
    summary_path = os.path.join(WORK, "summary.json")
    os.makedirs(os.path.join(WORK, "data"), exist_ok=True)
    write(os.path.join(WORK, "Integrations", "model.yaml"), MODEL)
    write(os.path.join(WORK, "Integrations", "accounts.yaml"), ACCOUNTS)
    write(os.path.join(WORK, "Integrations", "state-load.yaml"), STATE)
    print(f"generating {a.rows:,} rows (seed 42) …", file=sys.stderr)
    subprocess.run([sys.executable, os.path.join(SHARED, "datagen", "gen_accounts.py"), "--rows", str(a.rows),
                    "--seed", "42", "--out", data, "--state-out", state, "--summary-out", summary_path],
                   check=True, stderr=subprocess.DEVNULL)
    expected = json.load(open(summary_path))
    size_mb = os.path.getsize(data) / 1e6
    proj = ["--project", WORK]

    print("loading the state through intake apply …", file=sys.stderr)
    load = timed([INTAKE, "apply", "state-load", "--data", state, "--as-of", AS_OF] + proj, quiet=True)
    state_rows = expected["state_rows"]  # includes the state-only keys
    floor_db = os.path.join(WORK, "floor.sqlite")
    floor = timed(SQLITE + [floor_db, "-cmd", ".mode csv", "-cmd", "BEGIN", "-cmd", f".import {state} state", "COMMIT"])
    # The same import into a table keyed like intake's store (WITHOUT ROWID, the key first).
    keyed_db = os.path.join(WORK, "floor-keyed.sqlite")
    keyed_floor = timed(SQLITE + [keyed_db, "-cmd", ".mode csv", "-cmd", "BEGIN", "-cmd",
                         'CREATE TABLE state (account_id TEXT PRIMARY KEY, account_name, parent_id, ARR, '
                         '"Renewal Date", "Health Segment", Region) WITHOUT ROWID',
                         "-cmd", f".import --skip 1 {state} state", "COMMIT"])
    store = os.path.join(WORK, ".intake", "state.sqlite")
    before_apply = os.path.join(WORK, "before-apply.sqlite")
    subprocess.run(SQLITE + [store, f".backup {before_apply}"], check=True)

    print("timing intake plan …", file=sys.stderr)
    cs = os.path.join(WORK, "changeset.json")
    plan_cmd = [INTAKE, "plan", "accounts", "--data", data, "--as-of", AS_OF, "--out", cs,
                "--rejects", os.path.join(WORK, "rejects.csv")] + proj
    intake = median_run("intake plan", plan_cmd, a.reps, quiet=True)
    counts = json.load(open(cs))["counts"]
    want = {"created": expected["expect_created"], "updated": expected["expect_updated"],
            "unchanged": expected["expect_unchanged"],
            "rejected": expected["invalid_id_rows"] + expected["bad_date_rows"],
            "superseded": expected["duplicate_rows"]}
    got = {k: counts[k] for k in want}
    same_cs = os.path.join(WORK, "identical.json")
    same = median_run("intake plan, file identical to the state", identical_plan(state, same_cs, proj), a.reps, quiet=True)
    same_counts = json.load(open(same_cs))["counts"]
    # The load kept each row's fingerprint, so that plan recognised the rows; the same plan
    # with the fingerprints cleared (as a store looks after a saved changeset's apply, or one
    # by an intake before fingerprints) compares every row, and must write the same bytes.
    kept = os.path.join(WORK, "with-fingerprints.sqlite")
    subprocess.run(SQLITE + [store, f".backup {kept}"], check=True)
    subprocess.run(SQLITE + [store, "UPDATE records SET source_fp = NULL; UPDATE runs SET fingerprint_tag = NULL"], check=True)
    compared_cs = os.path.join(WORK, "identical-compared.json")
    compared = median_run("identical file, every row compared", identical_plan(state, compared_cs, proj), a.reps, quiet=True)
    subprocess.run(SQLITE + [kept, f".backup {store}"], check=True)
    if open(compared_cs, "rb").read() != open(same_cs, "rb").read():
        raise SystemExit("FAIL: the identical file's plan wrote a different changeset once the fingerprints were cleared")
    budgeted = []
    if a.memory_budget:
        budget = ["--memory-budget", a.memory_budget]
        for name, cmd, reference in [("intake plan", plan_cmd, cs), ("identical file", identical_plan(state, same_cs, proj), same_cs)]:
            out = os.path.join(WORK, "budgeted.json")
            run = median_run(f"{name}, --memory-budget {a.memory_budget}", swap_out(cmd, out) + budget, a.reps, quiet=True)
            if open(out, "rb").read() != open(reference, "rb").read():
                raise SystemExit(f"FAIL: {name} with --memory-budget {a.memory_budget} wrote a different changeset")
            budgeted.append(run)

    apply_rows = counts["created"] + counts["updated"]
    apply = timed([INTAKE, "apply", cs] + proj)
    apply_floor = upsert_floor(store, before_apply, apply_rows)

    peers = []
    if not a.no_peers and ensure_peers():
        bench = os.path.join(SHARED, "bench")
        subprocess.run([sys.executable, os.path.join(bench, "peer_duckdb.py"), "--setup", "--state", state, "--db",
                        os.path.join(WORK, "state.duckdb")], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(bench, "peer_polars.py"), "--setup", "--state", state, "--store",
                        os.path.join(WORK, "state.parquet")], check=True, stdout=subprocess.DEVNULL)
        print("timing the peers …", file=sys.stderr)
        peers.append(median_run("duckdb", [sys.executable, os.path.join(bench, "peer_duckdb.py"), "--data", data, "--db",
                                           os.path.join(WORK, "state.duckdb"), "--out", os.path.join(WORK, "duck")], a.reps))
        peers.append(median_run("polars", [sys.executable, os.path.join(bench, "peer_polars.py"), "--data", data, "--store",
                                           os.path.join(WORK, "state.parquet"), "--out", os.path.join(WORK, "polars")], a.reps))

    rows = a.rows
    print(f"\n{rows:,} rows, {size_mb:.0f} MB, {state_rows:,} stored accounts, {os.cpu_count()} cores, medians of {a.reps}\n")
    print(f"{'job':<44} {'wall s':>8} {'rows/s':>12} {'peak RSS MiB':>13}")
    for r in [intake] + peers + [same, compared] + budgeted:
        print(f"{r['name']:<44} {r['wall']:>8.2f} {rows / r['wall']:>12,.0f} {r['rss']:>13.0f}")
    for p in peers:
        print(f"ratio intake/{p['name']}: wall {intake['wall'] / p['wall']:.2f}x, peak RSS {intake['rss'] / p['rss']:.2f}x")
    print(f"identical file / changed file: {same['wall'] / intake['wall']:.2f}x with its rows recognised by the fingerprints "
          f"the load kept, {compared['wall'] / intake['wall']:.2f}x with every row compared")
    print(f"\napply {apply_rows:,} changes (intake apply changeset.json): {apply[0]:.2f} s, {apply_rows / apply[0]:,.0f} rows/s, {apply[1]:.0f} MiB")
    print(f"sqlite3 CLI importing the same {apply_rows:,} records into the stored {state_rows:,}, one txn: "
          f"{apply_floor[0]:.2f} s  → intake apply/floor {apply[0] / apply_floor[0]:.1f}x")
    print(f"  the upsert alone, the rows already in a table beside it: {apply_floor[1]:.2f} s  → {apply[0] / apply_floor[1]:.1f}x")
    print(f"  appending them to an empty unkeyed table instead: {apply_floor[2]:.2f} s  → {apply[0] / apply_floor[2]:.1f}x")
    print(f"load {state_rows:,} accounts (intake apply state-load):      {load[0]:.2f} s, {state_rows / load[0]:,.0f} rows/s, {load[1]:.0f} MiB")
    print(f"sqlite3 CLI .import of the same {state_rows:,} rows, one txn:  {floor[0]:.2f} s  → intake load/floor {load[0] / floor[0]:.1f}x")
    print(f"  the same into a table keyed by account_id (WITHOUT ROWID): {keyed_floor[0]:.2f} s  → {load[0] / keyed_floor[0]:.1f}x")

    ok = got == want and same_counts["unchanged"] == state_rows and same_counts["created"] == 0 and same_counts["updated"] == 0
    print(f"\ncounts  intake {got}\nexpected       {want}\nidentical-file plan {same_counts}")
    if not ok:
        print("FAIL: intake's counts differ from the generator's expected counts", file=sys.stderr)
        sys.exit(1)
    print("counts match the generator")


if __name__ == "__main__":
    main()
