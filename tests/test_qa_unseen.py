"""The unseen question sets (tests/data/qa_unseen/set_*.json), written by someone who had not read the
question code, over the seeds and plans of several layouts, graded by the shared grader
(../shared/eval/grade_qa.py's rules, asked in-process).

set_a, and set_c after its first measurement, were used for development; set_b (aggregate figures only)
and set_d are held out. Floors guard against regressions; the issue asks 90% on questions not seen."""

from __future__ import annotations

import pytest

from tests import qa_unseen_world
from tests.qa_phone_world import grade_in_process

# A question or two under today's figures (session 8: A 66/66, B 64/66, C 69, D 69, E 70, F 70, G 69, H 70, I 69,
# J 68, K 68, L 70, M 67, N 69, O 69, P 63, Q 67, R 68, S 69 of 70).
FLOORS = {
    "set_a.json": 0.95,
    "set_b.json": 0.9,
    "set_c.json": 0.95,
    "set_d.json": 0.95,
    "set_e.json": 0.95,
    "set_f.json": 0.95,
    "set_g.json": 0.95,
    "set_h.json": 0.95,
    "set_i.json": 0.95,
    "set_j.json": 0.92,  # held out until graded once at the end of session 6 (36/70); 68/70 since session 7
    "set_k.json": 0.92,
    "set_l.json": 0.95,
    "set_n.json": 0.95,  # development set N (session 7): 49/70 when first graded, 69/70 after a round
    "set_m.json": 0.92,  # held out, graded once in session 7: 50/70; 67/70 now
    "set_o.json": 0.95,  # development set O (session 7): 0/70 first (its world did not build), 69/70 now
    "set_p.json": 0.87,  # development set P (session 7): 42/70 when first graded, 63/70 now
    "set_q.json": 0.92,  # held out, graded once in session 7: 42/70; 67/70 now
    "set_r.json": 0.95,  # development set R (session 8): 47/70 when first graded, 68/70 after a round
    "set_s.json": 0.95,  # development set S (session 8): 56/70 when first graded, 69/70 after a round
    "set_t.json": 0.9,  # held out, graded once in session 8: 50/70; 65/70 since session 9
    "set_v.json": 0.88,  # development set V (session 9): 39/70 when first graded, 64/70 after a round
    "set_u.json": 0.95,  # development set U (session 9): 40/70 when first graded, 68/70 after a round
    "set_x.json": 0.81,  # development set X (session 9): 40/70 when first graded, 59/70 after a round
    "set_w.json": 0.55,  # held out, graded once in session 9: 41/70
}
WORLD_OF = {
    q.name: w
    for w, sets in (
        ("c", qa_unseen_world.SETS_C),
        ("d", qa_unseen_world.SETS_D),
        ("e", qa_unseen_world.SETS_E),
        ("f", qa_unseen_world.SETS_F),
        ("g", qa_unseen_world.SETS_G),
        ("h", qa_unseen_world.SETS_H),
        ("i", qa_unseen_world.SETS_I),
        ("j", qa_unseen_world.SETS_J),
        ("k", qa_unseen_world.SETS_K),
        ("l", qa_unseen_world.SETS_L),
        ("n", qa_unseen_world.SETS_N),
        ("m", qa_unseen_world.SETS_M),
        ("o", qa_unseen_world.SETS_O),
        ("p", qa_unseen_world.SETS_P),
        ("q", qa_unseen_world.SETS_Q),
        ("r", qa_unseen_world.SETS_R),
        ("s", qa_unseen_world.SETS_S),
        ("t", qa_unseen_world.SETS_T),
        ("v", qa_unseen_world.SETS_V),
        ("u", qa_unseen_world.SETS_U),
        ("x", qa_unseen_world.SETS_X),
        ("w", qa_unseen_world.SETS_W),
    )
    for q in sets
}


# Worlds whose statuses are not all on tasks the parser reads (held out, graded once, no round since).
NOT_YET_READ = {"w"}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory, seeds_dir, eval_dir):
    """Each set's world, built on first use from one copy of the twelve plans every world shares."""
    built: dict[str, object] = {}
    folder = tmp_path_factory.mktemp("unseen")

    def world(name: str):
        if "base" not in built:
            built["base"] = qa_unseen_world.build_base(folder / "base.db", seeds_dir)
        if name not in built:
            db = folder / f"unseen{name}.db"
            # A held-out set just graded may hold statuses of tasks the parser does not read yet (W: the meeting
            # minutes' conclusions): those are left out, as when it was graded, and cost their questions only.
            strict = name not in NOT_YET_READ
            qa_unseen_world.build(db, seeds_dir, world=name, base=built["base"], strict=strict)
            built[name] = db
        return built[name]

    return world


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_unseen_questions_pass(worlds, name):
    qfile = qa_unseen_world.DATA / name
    db = worlds(WORLD_OF.get(name, ""))
    # The shared grader's rules, asked in this process (the phone sets go through `planbot ask` processes).
    passed, total, _, _, fails = grade_in_process(db, qfile)
    print("\n".join(fails), f"\n{name}: {passed}/{total}")
    assert passed / total >= FLOORS[name]
