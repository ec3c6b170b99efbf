#!/usr/bin/env bash
# TAP test of the ipt-sim tool: the aggregates JSON and its independence of
# the thread count, the output files and their manifests, the per-patient
# and trajectory CSVs against the aggregates, sweeps and their cell seeds,
# the refusal of bad command lines (exit 2, nothing written), runtime
# failures (exit 1, nothing left behind), and --help.
#
# usage: check-ipt-sim.sh IPT_SIM
#
# Needs bash and python3 (skipped without python3); no network.  Everything
# happens in a temporary directory that is removed at the end.
# IPT_TEST_WRAPPER, when set, is a command (words separated by spaces) put
# before every run of the tool, e.g. tests/valgrind-wrap.sh
# (meson test --setup=valgrind_scripts).
set -u

tool=$1
# The runs happen in a directory of their own: make a relative path absolute.
case $tool in
    /*) ;;
    */*) tool=$PWD/$tool ;;
esac
read -r -a wrap <<<"${IPT_TEST_WRAPPER:-}"
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..0 # SKIP python3 not found"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-ipt-sim.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/run" "$tmp/bad"
out=$tmp/stdout
err=$tmp/stderr
check_py=$tmp/check.py
n=0
failed=0

# Small enough for the whole script to take a few seconds, large enough for
# every phase, area and outcome to occur.
N=3000
SEED=20240611

pass() {
    n=$((n + 1))
    echo "ok $n - $1"
}

fail() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    [ -s "$err" ] && sed 's/^/#   stderr: /' "$err" | head -n 20
    return 0
}

# check DESCRIPTION COMMAND...: one TAP result for the command's status.
check() {
    local what=$1
    shift
    if "$@" 2>"$tmp/check-err"; then
        pass "$what"
    else
        n=$((n + 1))
        failed=$((failed + 1))
        echo "not ok $n - $what"
        sed 's/^/#   /' "$tmp/check-err" | head -n 20
    fi
}

# listing DIR: the names in DIR, sorted, each followed by a space.  The
# names are the test's own, so ls is fine.
listing() {
    # shellcheck disable=SC2012
    ls -A "$1" | tr '\n' ' '
}

# sim ARGS...: runs the tool in $tmp/run; status in $rc.
sim() {
    (cd "$tmp/run" && "${wrap[@]}" "$tool" "$@") </dev/null >"$out" 2>"$err"
    rc=$?
}

cat >"$check_py" <<'PYEOF'
import csv, json, math, re, sys

AREAS = ["grief", "role_dispute", "role_transition", "interpersonal_deficits"]
PHASES = ["initial", "middle", "termination"]
TOP_KEYS = ["model", "seed", "patients", "completed", "dropped",
            "sessions_attended", "responders", "remitters",
            "final_score_sum", "by_area"]


def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(1)


def fmix32(x):
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & 0xFFFFFFFF
    x ^= x >> 13
    x = (x * 0xC2B2AE35) & 0xFFFFFFFF
    x ^= x >> 16
    return x


def cell_seed(seed, cell):
    return fmix32(seed ^ fmix32(cell + 1))


def load_json(path):
    with open(path) as f:
        text = f.read()
    if text.count("\n") != 1 or not text.endswith("\n"):
        fail("%s: not one line ending in a newline" % path)
    return json.loads(text)


def totals_keys(path, n, seed):
    j = load_json(path)
    if list(j) != TOP_KEYS:
        fail("keys %s" % list(j))
    if list(j["dropped"]) != PHASES:
        fail("dropped keys %s" % list(j["dropped"]))
    if list(j["by_area"]) != AREAS:
        fail("by_area keys %s" % list(j["by_area"]))
    for a in AREAS:
        if list(j["by_area"][a]) != ["patients", "remitters"]:
            fail("by_area.%s keys" % a)
    if j["model"] != "cohort-v1" or j["seed"] != int(seed) \
            or j["patients"] != int(n):
        fail("model/seed/patients %r %r %r" % (j["model"], j["seed"],
                                               j["patients"]))
    if j["completed"] + sum(j["dropped"].values()) != j["patients"]:
        fail("completed + dropped != patients")
    if sum(v["patients"] for v in j["by_area"].values()) != j["patients"]:
        fail("area patients do not sum to patients")
    if sum(v["remitters"] for v in j["by_area"].values()) != j["remitters"]:
        fail("area remitters do not sum to remitters")
    if min(j["dropped"].values()) == 0 or j["completed"] == 0:
        fail("a phase without dropouts or no completer: N too small?")


def manifest(path, data, content, n, seed, threads, *argv):
    with open(path) as f:
        m = json.load(f)
    want = ["tool", "library_version", "file", "content", "created_utc",
            "command_line", "model", "profile", "seed", "patients",
            "threads", "sweep", "outputs"]
    for k in want:
        if k not in m:
            fail("manifest lacks %s" % k)
    if m["file"] != data or m["content"] != content:
        fail("file/content %r %r" % (m["file"], m["content"]))
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["created_utc"]):
        fail("created_utc %r" % m["created_utc"])
    if m["command_line"][1:] != list(argv):
        fail("command_line %r" % m["command_line"])
    if not re.fullmatch(r"\d+\.\d+\.\d+.*", m["library_version"]):
        fail("library_version %r" % m["library_version"])
    if m["model"]["name"] != "cohort-v1":
        fail("model name")
    p = m["model"]["parameters"]
    if p["dropout"] != {"initial": 0.04, "middle": 0.02, "termination": 0.01} \
            or p["dropout_multiplier"] != 1 or p["noise"] != 3 \
            or p["area_bounds"] != [0.2, 0.55, 0.85] \
            or p["base_rate"] != dict(zip(AREAS, [0.07, 0.06, 0.08, 0.045])):
        fail("model parameters %r" % p)
    pp = m["profile"]["parameters"]
    if m["profile"]["name"] != "standard" or pp["planned_sessions"] != 16 \
            or pp["min_sessions"] != 12 or pp["max_sessions"] != 16:
        fail("profile %r" % m["profile"])
    if m["seed"] != int(seed) or m["patients"] != int(n):
        fail("seed/patients")
    t = m["threads"]
    if t["requested"] != int(threads) or not 1 <= t["actual"] <= 256 \
            or (int(threads) != 0 and t["actual"] != int(threads)):
        fail("threads %r" % t)
    if m["sweep"] is not None:
        fail("sweep %r" % m["sweep"])


def phase_of(session):
    # The standard profile: initial 1-3, middle 4-12, termination 13-16.
    return "initial" if session <= 3 else (
        "middle" if session <= 12 else "termination")


def patients_csv(path, json_path, n):
    j = load_json(json_path)
    with open(path, newline="") as f:
        lines = f.read().split("\n")
    if lines[-1] != "" or len(lines) - 1 != int(n) + 1:
        fail("%d lines, want %d" % (len(lines) - 1, int(n) + 1))
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    header = ["patient", "problem_area", "baseline", "sessions_attended",
              "dropout_phase", "final_score", "responder", "remitter"]
    if list(rows[0]) != header:
        fail("header %r" % list(rows[0]))
    completed = 0
    dropped = dict.fromkeys(PHASES, 0)
    sums = dict.fromkeys(["sessions_attended", "responders", "remitters",
                          "final_score_sum"], 0)
    areas = {a: [0, 0] for a in AREAS}
    for i, r in enumerate(rows):
        if int(r["patient"]) != i:
            fail("row %d: patient %s" % (i, r["patient"]))
        att, base, fin = (int(r["sessions_attended"]), int(r["baseline"]),
                          int(r["final_score"]))
        resp, rem = int(r["responder"]), int(r["remitter"])
        if r["dropout_phase"] == "":
            completed += 1
            if att != 16:
                fail("row %d: completer with %d sessions" % (i, att))
        else:
            dropped[r["dropout_phase"]] += 1
            if r["dropout_phase"] != phase_of(att + 1):
                fail("row %d: dropped in %s before session %d"
                     % (i, r["dropout_phase"], att + 1))
        if resp != int(fin * 2 <= base) or rem != int(fin < 5):
            fail("row %d: responder/remitter" % i)
        if not 10 <= base <= 27 or not 0 <= fin <= 27:
            fail("row %d: scores" % i)
        sums["sessions_attended"] += att
        sums["responders"] += resp
        sums["remitters"] += rem
        sums["final_score_sum"] += fin
        areas[r["problem_area"]][0] += 1
        areas[r["problem_area"]][1] += rem
    if completed != j["completed"] or dropped != j["dropped"]:
        fail("completed/dropped %r %r" % (completed, dropped))
    for k, v in sums.items():
        if v != j[k]:
            fail("%s: csv %d, json %d" % (k, v, j[k]))
    for a in AREAS:
        if areas[a] != [j["by_area"][a]["patients"],
                        j["by_area"][a]["remitters"]]:
            fail("area %s" % a)


def trajectories(path, patients_path, json_path):
    j = load_json(json_path)
    with open(patients_path, newline="") as f:
        pats = list(csv.DictReader(f))
    with open(path, newline="") as f:
        rdr = csv.reader(f)
        if next(rdr) != ["patient", "session", "phase", "score"]:
            fail("header")
        rows = list(rdr)
    if len(rows) != j["sessions_attended"]:
        fail("%d rows, sessions_attended %d" % (len(rows),
                                                j["sessions_attended"]))
    last = {}
    expect = (0, 1)
    for p, s, ph, sc in rows:
        p, s, x = int(p), int(s), float(sc)
        # The next session of the same patient, or a later patient's first.
        if (p, s) != expect and (p <= expect[0] or s != 1):
            fail("order at patient %d session %d" % (p, s))
        expect = (p, s + 1)
        if ph != phase_of(s):
            fail("patient %d session %d in %s" % (p, s, ph))
        if not 0.0 <= x <= 27.0 or not math.isfinite(x):
            fail("score %s" % sc)
        # Shortest text that reads back as the same double.
        if len(sc) > len(repr(x)) or "%.17g" % float(sc) != "%.17g" % x:
            fail("score %s is not the shortest round-trip text" % sc)
        last[p] = (s, x)
    for r in pats:
        p, att = int(r["patient"]), int(r["sessions_attended"])
        if att == 0:
            if p in last or int(r["final_score"]) != int(r["baseline"]):
                fail("patient %d without sessions" % p)
            continue
        if last[p][0] != att:
            fail("patient %d: %d sessions, %d rows" % (p, att, last[p][0]))
        if math.floor(last[p][1] + 0.5) != int(r["final_score"]):
            fail("patient %d: last score %r, final %s"
                 % (p, last[p][1], r["final_score"]))


def sweep_header(path, *params):
    with open(path, newline="") as f:
        head = next(csv.reader(f))
    tail = ["cell", "seed", "patients", "completed", "dropped_initial",
            "dropped_middle", "dropped_termination", "sessions_attended",
            "responders", "remitters", "final_score_sum"]
    for a in AREAS:
        tail += [a + "_patients", a + "_remitters"]
    if head != list(params) + tail:
        fail("header %r" % head)


def sweep_rows(path, seed, n, *grids):
    # grids: "name=v1,v2" in the order given; row-major, first slowest.
    axes = [(g.split("=")[0], g.split("=")[1].split(",")) for g in grids]
    cells = [[]]
    for name, vals in axes:
        cells = [c + [v] for c in cells for v in vals]
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != len(cells):
        fail("%d rows, want %d" % (len(rows), len(cells)))
    for i, (r, vals) in enumerate(zip(rows, cells)):
        if int(r["cell"]) != i or int(r["seed"]) != cell_seed(int(seed), i):
            fail("row %d: cell %s seed %s" % (i, r["cell"], r["seed"]))
        if int(r["patients"]) != int(n):
            fail("row %d: patients" % i)
        for (name, _), v in zip(axes, vals):
            if float(r[name]) != float(v):
                fail("row %d: %s=%s, want %s" % (i, name, r[name], v))


def row_matches_json(path, cell, json_path):
    # Row `cell` of a sweep CSV against the aggregates of a plain run.
    j = load_json(json_path)
    with open(path, newline="") as f:
        r = list(csv.DictReader(f))[int(cell)]
    want = {"seed": j["seed"], "patients": j["patients"],
            "completed": j["completed"],
            "sessions_attended": j["sessions_attended"],
            "responders": j["responders"], "remitters": j["remitters"],
            "final_score_sum": j["final_score_sum"]}
    for ph in PHASES:
        want["dropped_" + ph] = j["dropped"][ph]
    for a in AREAS:
        want[a + "_patients"] = j["by_area"][a]["patients"]
        want[a + "_remitters"] = j["by_area"][a]["remitters"]
    for k, v in want.items():
        if int(r[k]) != v:
            fail("cell %s: %s = %s, plain run %d" % (cell, k, r[k], v))


def row_matches_row(path, cell, other):
    # Row `cell` of a sweep against the only row of a one-cell sweep.
    with open(path, newline="") as f:
        r = list(csv.DictReader(f))[int(cell)]
    with open(other, newline="") as f:
        o = list(csv.DictReader(f))
    if len(o) != 1:
        fail("one-cell sweep has %d rows" % len(o))
    o = o[0]
    for k in r:
        if k != "cell" and r[k] != o[k]:
            fail("cell %s: %s = %s, one-cell sweep %s" % (cell, k, r[k], o[k]))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "cell-seed":
        print(cell_seed(int(args[0]), int(args[1])))
    elif cmd == "alias-seed":
        # The seed whose cell 0 is cell `cell` of a sweep seeded `seed`:
        # fmix32(s ^ fmix32(1)) = fmix32(seed ^ fmix32(cell + 1)).
        seed, cell = int(args[0]), int(args[1])
        print(seed ^ fmix32(cell + 1) ^ fmix32(1))
    else:
        globals()[cmd.replace("-", "_")](*args)


main()
PYEOF

py() {
    python3 "$check_py" "$@"
}

# ---- aggregates ----------------------------------------------------------

sim --patients $N --seed $SEED --threads 1
cp "$out" "$tmp/ref.json"
if [ $rc -eq 0 ] && [ ! -s "$err" ]; then
    pass "plain run exits 0, nothing on stderr"
else
    fail "plain run exits 0, nothing on stderr (exit $rc)"
fi
check "stdout is the spec's JSON with its keys in order" \
    py totals-keys "$tmp/ref.json" $N $SEED

for t in 2 3 8 0; do
    sim --patients $N --seed $SEED --threads $t
    check "--threads $t gives the same JSON as --threads 1" \
        cmp -s "$out" "$tmp/ref.json"
done

sim --seed $SEED --threads 2 --model cohort-v1 --profile standard \
    --patients $N --no-progress
check "explicit defaults and option order change nothing" \
    cmp -s "$out" "$tmp/ref.json"

# Every built-in profile: the run succeeds, the manifest names the profile
# and its allowed areas, and each trajectory point lies in the phase the
# profile's documentation gives for its session (initial 1..I, termination
# F..P, middle between).  Columns: name I F P allowed areas.
mkdir "$tmp/prof"
while read -r pname pinit pfirst pplanned pareas; do
    (cd "$tmp/prof" && "${wrap[@]}" "$tool" --patients 500 --seed $SEED \
        --threads 2 --profile "$pname" --output prof.json \
        --trajectories prof.csv --no-progress) </dev/null >"$out" 2>"$err"
    rc=$?
    if [ $rc -eq 0 ] &&
        python3 - "$tmp/prof" "$pname" "$pinit" "$pfirst" "$pplanned" \
            "$pareas" <<'PYEOF'
import csv, json, sys
d, name, init, first, planned, areas = sys.argv[1:]
init, first, planned = int(init), int(first), int(planned)
agg = json.load(open(d + "/prof.json"))
assert agg["patients"] == 500, agg
m = json.load(open(d + "/prof.json.manifest.json"))["profile"]
assert m["name"] == name, m
assert m["parameters"]["planned_sessions"] == planned, m
assert ",".join(m["parameters"]["allowed_areas"]) == areas, m
for row in csv.DictReader(open(d + "/prof.csv")):
    s = int(row["session"])
    want = ("initial" if s <= init else
            "termination" if s >= first else "middle")
    assert 1 <= s <= planned and row["phase"] == want, (row, want)
PYEOF
    then
        pass "--profile $pname runs, and its sessions lie in its phases"
    else
        fail "--profile $pname runs, and its sessions lie in its phases"
    fi
done <<'PROFILES'
standard 3 13 16 grief,role_dispute,role_transition,interpersonal_deficits
brief 2 7 8 grief,role_dispute,role_transition,interpersonal_deficits
adolescent 4 9 12 grief,role_dispute,role_transition,interpersonal_deficits
group_who 1 8 8 grief,role_dispute,role_transition,interpersonal_deficits
counselling 1 6 6 grief,role_dispute,role_transition,interpersonal_deficits
maintenance 1 34 36 grief,role_dispute,role_transition,interpersonal_deficits
ipsrt 5 18 20 grief,role_dispute,role_transition,interpersonal_deficits,lost_healthy_self
eating_disorders 4 17 19 grief,role_dispute,role_transition,interpersonal_deficits
PROFILES

sim --patients $N --seed $SEED --progress
if [ $rc -eq 0 ] && cmp -s "$out" "$tmp/ref.json" &&
    grep -q "$N/$N patients" "$err"; then
    pass "--progress draws on stderr only"
else
    fail "--progress draws on stderr only (exit $rc)"
fi

# ---- --output and manifests ----------------------------------------------

sim --patients $N --seed $SEED --threads 3 --output agg.json
if [ $rc -eq 0 ] && [ ! -s "$out" ] &&
    cmp -s "$tmp/run/agg.json" "$tmp/ref.json"; then
    pass "--output writes the same JSON, nothing on stdout"
else
    fail "--output writes the same JSON, nothing on stdout (exit $rc)"
fi
check "--output has a manifest with the run's facts" \
    py manifest "$tmp/run/agg.json.manifest.json" agg.json aggregates \
    $N $SEED 3 --patients $N --seed $SEED --threads 3 --output agg.json
check "no temporary file is left" \
    test "$(listing "$tmp/run")" = \
    "agg.json agg.json.manifest.json "
rm -f "$tmp/run"/*

# ---- per-patient and trajectory CSVs -------------------------------------

sim --patients $N --seed $SEED --threads 2 --output agg.json \
    --patients-csv patients.csv --trajectories traj.csv
check "CSV run exits 0" test $rc -eq 0
check "the CSV run's JSON equals the plain run's" \
    cmp -s "$tmp/run/agg.json" "$tmp/ref.json"
check "patients CSV: N+1 lines, header, rows sum to the aggregates" \
    py patients-csv "$tmp/run/patients.csv" "$tmp/ref.json" $N
check "trajectories: one row per attended session, exact scores" \
    py trajectories "$tmp/run/traj.csv" "$tmp/run/patients.csv" \
    "$tmp/ref.json"
for f in patients.csv:patients traj.csv:trajectories; do
    check "manifest of ${f%%:*}" \
        py manifest "$tmp/run/${f%%:*}.manifest.json" "${f%%:*}" "${f##*:}" \
        $N $SEED 2 --patients $N --seed $SEED --threads 2 --output agg.json \
        --patients-csv patients.csv --trajectories traj.csv
done
check "exactly the six files are written" \
    test "$(listing "$tmp/run" | wc -w)" -eq 6

sim --patients $N --seed $SEED --threads 3 --patients-csv p3.csv \
    --trajectories t3.csv
if cmp -s "$tmp/run/patients.csv" "$tmp/run/p3.csv" &&
    cmp -s "$tmp/run/traj.csv" "$tmp/run/t3.csv" &&
    cmp -s "$out" "$tmp/ref.json"; then
    pass "CSVs are identical for 2 and 3 threads"
else
    fail "CSVs are identical for 2 and 3 threads"
fi
rm -f "$tmp/run"/*

# ---- sweeps --------------------------------------------------------------

# Every cell at the default values: each row must equal a plain run seeded
# with the cell's seed.
SN=1000
sim --patients $SN --seed $SEED --sweep dropout_multiplier=1,1 \
    --sweep noise=3,3,3
cp "$out" "$tmp/sweep-default.csv"
check "2x3 sweep exits 0" test $rc -eq 0
check "2x3 sweep header" py sweep-header "$tmp/sweep-default.csv" \
    dropout_multiplier noise
check "2x3 sweep: 6 rows, row-major values, cell seeds" \
    py sweep-rows "$tmp/sweep-default.csv" $SEED $SN \
    dropout_multiplier=1,1 noise=3,3,3
for cell in 0 1 2 3 4 5; do
    cs=$(py cell-seed $SEED $cell)
    sim --patients $SN --seed "$cs"
    check "sweep cell $cell equals a plain run with --seed $cs" \
        py row-matches-json "$tmp/sweep-default.csv" $cell "$out"
done

# A real grid, to a file: each cell equals a one-cell sweep with the same
# values whose cell 0 has the same seed.
grid1=dropout_multiplier=0.5,1.5
grid2=planned_sessions=12,14,16
sim --patients $SN --seed $SEED --threads 2 --sweep $grid1 --sweep $grid2 \
    --sweep-csv grid.csv
if [ $rc -eq 0 ] && [ ! -s "$out" ] && [ -f "$tmp/run/grid.csv" ] &&
    [ -f "$tmp/run/grid.csv.manifest.json" ]; then
    pass "--sweep-csv writes the CSV and its manifest, nothing on stdout"
else
    fail "--sweep-csv writes the CSV and its manifest (exit $rc)"
fi
check "grid: 6 rows, row-major values, cell seeds" \
    py sweep-rows "$tmp/run/grid.csv" $SEED $SN $grid1 $grid2
check "grid manifest records the sweep" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
s = m["sweep"]
assert [p["name"] for p in s["parameters"]] == ["dropout_multiplier",
                                                "planned_sessions"], s
assert s["parameters"][0]["values"] == [0.5, 1.5], s
assert s["parameters"][1]["values"] == [12, 14, 16], s
assert s["cells"] == 6 and m["content"] == "sweep", m
' "$tmp/run/grid.csv.manifest.json"
i=0
for dm in 0.5 1.5; do
    for ps in 12 14 16; do
        alias=$(py alias-seed $SEED $i)
        sim --patients $SN --seed "$alias" --sweep dropout_multiplier=$dm \
            --sweep planned_sessions=$ps
        cp "$out" "$tmp/one.csv"
        check "grid cell $i ($dm, $ps) equals its one-cell sweep" \
            py row-matches-row "$tmp/run/grid.csv" $i "$tmp/one.csv"
        i=$((i + 1))
    done
done
rm -f "$tmp/run"/*

# ---- bad command lines: exit 2, usage, nothing written -------------------

bad_cases=(
    ""
    "--patients 0"
    "--patients 4294967297"
    "--patients 12x"
    "--patients -5"
    "--patients"
    "--patients 10 --seed 4294967296"
    "--patients 10 --seed abc"
    "--patients 10 --threads 257"
    "--patients 10 --threads -1"
    "--patients 10 --frobnicate"
    "--patients 10 -z"
    "--patients 10 stray"
    "--patients 10 --model cohort-v2"
    "--patients 10 --model callbacks"
    "--patients 10 --profile nosuch"
    "--patients 10 --seed 1 --seed 2"
    "--patients 10 --sweep"
    "--patients 10 --sweep noise"
    "--patients 10 --sweep noise="
    "--patients 10 --sweep noise=1,,2"
    "--patients 10 --sweep noise=1,x"
    "--patients 10 --sweep noise=nan"
    "--patients 10 --sweep noise=0x1"
    "--patients 10 --sweep noise=28"
    "--patients 10 --sweep dropout_multiplier=-1"
    "--patients 10 --sweep planned_sessions=7"
    "--patients 10 --sweep planned_sessions=521"
    "--patients 10 --sweep planned_sessions=14.5"
    "--patients 10 --sweep rate=1,2"
    "--patients 10 --sweep noise=1 --sweep noise=2"
    "--patients 10 --sweep noise=1 --sweep dropout_multiplier=1 --sweep x=1"
    "--patients 10 --sweep noise=1 --output out.json"
    "--patients 10 --sweep noise=1 --sweep-csv s.csv --patients-csv p.csv"
    "--patients 10 --sweep noise=1 --trajectories t.csv"
    "--patients 10 --sweep-csv s.csv"
    "--patients 10 --output out.json --patients-csv out.json"
    "--patients 10 --output p.csv.manifest.json --patients-csv p.csv"
    "--patients 10 --output="
    "--patients 10 --output out.json --output other.json"
)
for args in "${bad_cases[@]}"; do
    printf 'previous\n' >"$tmp/bad/out.json"
    # The cases without --sweep also name output files, so that a file
    # opened too early shows; with --sweep those options would be refused
    # for another reason.
    extra="--patients-csv pc.csv --trajectories tr.csv"
    case $args in
        *--sweep*|*--patients-csv*) extra="" ;;
    esac
    # shellcheck disable=SC2086
    (cd "$tmp/bad" && "${wrap[@]}" "$tool" $args $extra) </dev/null \
        >"$out" 2>"$err"
    rc=$?
    left=$(listing "$tmp/bad")
    if [ $rc -eq 2 ] && [ ! -s "$out" ] && grep -q '^usage: ' "$err" &&
        [ "$(grep -c '^ipt-sim: ' "$err")" -eq 1 ] &&
        [ "$left" = "out.json " ] &&
        [ "$(cat "$tmp/bad/out.json")" = previous ]; then
        pass "refuses '$args': exit 2, one message, usage, nothing written"
    else
        fail "refuses '$args': exit 2 (got $rc), nothing written (dir: $left)"
    fi
done

# ---- runtime failures: exit 1, nothing left behind -----------------------

printf 'previous\n' >"$tmp/bad/out.json"
(cd "$tmp/bad" && "${wrap[@]}" "$tool" --patients 10 --output out.json \
    --patients-csv no/such/dir/p.csv) </dev/null >"$out" 2>"$err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'no/such/dir/p.csv' "$err" &&
    [ "$(listing "$tmp/bad")" = "out.json " ] &&
    [ "$(cat "$tmp/bad/out.json")" = previous ]; then
    pass "an unwritable output exits 1 and leaves nothing, out.json untouched"
else
    fail "an unwritable output exits 1 and leaves nothing (exit $rc)"
fi

(cd "$tmp/bad" &&
    "${wrap[@]}" "$tool" --patients 10 --output no/such/dir/a.json) \
    </dev/null >"$out" 2>"$err"
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$out" ] &&
    [ "$(listing "$tmp/bad")" = "out.json " ]; then
    pass "--output in a missing directory exits 1, nothing on stdout"
else
    fail "--output in a missing directory exits 1 (exit $rc)"
fi

# A write error in the middle of the run: the file-size limit makes the
# trajectories file fail with EFBIG once it passes 64 KiB.
(cd "$tmp/bad" && ulimit -f 64 && exec "${wrap[@]}" "$tool" --patients $N \
    --output out.json --patients-csv pc.csv --trajectories tr.csv) \
    </dev/null >"$out" 2>"$err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'tr.csv' "$err" &&
    [ "$(listing "$tmp/bad")" = "out.json " ] &&
    [ "$(cat "$tmp/bad/out.json")" = previous ]; then
    pass "a write error during the run exits 1 and removes every temp file"
else
    fail "a write error during the run exits 1 and removes every temp file \
(exit $rc, dir: $(listing "$tmp/bad"))"
fi

# ---- --help and --version ------------------------------------------------

sim --help
if [ $rc -eq 0 ] && grep -q '^usage: ipt-sim' "$out" &&
    grep -q -- '--sweep PARAM=V1,V2' "$out" && [ ! -s "$err" ]; then
    pass "--help prints the help on stdout and exits 0"
else
    fail "--help prints the help on stdout and exits 0 (exit $rc)"
fi
sim --version
check "--version exits 0 and names the library version" \
    grep -Eq '^ipt-sim \(libipt\) [0-9]+\.[0-9]+\.[0-9]+' "$out"
check "nothing was written by --help and --version" \
    test -z "$(ls -A "$tmp/run")"

echo "1..$n"
[ $failed -eq 0 ]
