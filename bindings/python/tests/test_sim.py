# SPDX-License-Identifier: MIT
import csv
import json
import os
import subprocess

import pytest

import ipt


def test_threads_do_not_change_results():
    a = ipt.simulate(patients=3000, seed=7, threads=1)
    b = ipt.simulate(patients=3000, seed=7, threads=2)
    assert a == b
    assert a["patients"] == 3000 and a["model"] == "cohort-v1"
    assert set(a["by_area"]) == {"grief", "role_dispute", "role_transition",
                                 "interpersonal_deficits"}


def test_parameters_change_results():
    a = ipt.simulate(patients=2000, seed=3)
    b = ipt.simulate(patients=2000, seed=3, dropout_multiplier=3.0)
    assert b["completed"] < a["completed"]
    with pytest.raises(TypeError):
        ipt.simulate(patients=10, no_such_param=1)
    with pytest.raises(ipt.OutOfRange):
        ipt.simulate(patients=10, noise=100.0)


def test_patient_callback_and_csv(tmp_path):
    rows = []
    agg = ipt.simulate(patients=500, seed=11, threads=2,
                       patients_csv=tmp_path / "p.csv",
                       trajectories=tmp_path / "t.csv",
                       on_patients=rows.extend)
    assert [r["patient"] for r in rows] == list(range(500))
    assert sum(r["remitter"] for r in rows) == agg["remitters"]
    with open(tmp_path / "p.csv", newline="") as f:
        data = list(csv.DictReader(f))
    assert len(data) == 500
    with open(tmp_path / "t.csv", newline="") as f:
        traj = list(csv.DictReader(f))
    assert len(traj) == agg["sessions_attended"]


class Boom(Exception):
    pass


def test_sink_exception_propagates():
    def bad(_rows):
        raise Boom("sink failed")
    with pytest.raises(Boom, match="sink failed"):
        ipt.simulate(patients=5000, seed=1, threads=2, on_patients=bad)


def test_progress_cancel():
    with pytest.raises(ipt.Cancelled):
        ipt.simulate(patients=200000, seed=1, progress=lambda d, t: True)


def _ipt_sim():
    path = os.environ.get("IPT_SIM")
    if not path:
        build = os.environ.get("IPT_BUILD_DIR")
        if build:
            path = os.path.join(build, "tools", "ipt-sim")
    if not path or not os.path.exists(path):
        pytest.skip("ipt-sim not found (set IPT_SIM or IPT_BUILD_DIR)")
    return path


def test_matches_ipt_sim_tool(tmp_path):
    tool = _ipt_sim()
    out = subprocess.run([tool, "--patients", "4000", "--seed", "42",
                          "--threads", "2", "--no-progress",
                          "--patients-csv", str(tmp_path / "c-p.csv"),
                          "--trajectories", str(tmp_path / "c-t.csv")],
                         check=True, capture_output=True, text=True).stdout
    mine = ipt.simulate(patients=4000, seed=42, threads=3,
                        patients_csv=tmp_path / "py-p.csv",
                        trajectories=tmp_path / "py-t.csv")
    assert mine == json.loads(out)
    for kind in ("p", "t"):
        assert (tmp_path / ("c-%s.csv" % kind)).read_bytes() == \
            (tmp_path / ("py-%s.csv" % kind)).read_bytes()


def test_rng():
    a, b = ipt.Rng(1, 2), ipt.Rng(1, 2)
    assert [a.next() for _ in range(3)] == [b.next() for _ in range(3)]
    assert 0.0 <= a.uniform() < 1.0
    assert ipt.cell_seed(1, 0) == ipt.cell_seed(1, 0)
    assert ipt.cohort_v1_defaults()["noise"] == 3.0
