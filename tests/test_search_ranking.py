"""knowledge.search without a database: units named in a question, word weights and typo correction,
FTS5 expressions, and the order of ranked candidates."""

from __future__ import annotations

from knowledge import question as qmod
from knowledge import search as ks

UNITS = [
    (1, "Phòng Kinh tế", None),
    (2, "Văn phòng HĐND và UBND", "VP HĐND-UBND"),
    (3, "Phòng Văn hóa – Xã hội", None),
]


def test_units_are_named_by_full_name_abbreviation_or_start():
    directory = ks.UnitDirectory(UNITS)
    kt = directory.resolve("phòng kinh tế có việc gì")
    assert kt is not None and kt.id == 1 and {"kinh", "te"} <= kt.words
    assert directory.resolve("vp hdnd ubnd làm gì").id == 2
    assert directory.resolve("phòng văn hóa làm gì").id == 3
    assert directory.resolve("thời tiết hôm nay") is None
    assert directory.by_name("Phòng Kinh tế").score == 100.0
    assert directory.similar("kinh te", limit=1) == ["Phòng Kinh tế"]


def test_a_typo_stands_only_for_a_word_of_the_name_not_typed_right():
    directory = ks.UnitDirectory(UNITS)
    assert directory.resolve("phong kinh te phuong an phu lam gi").words == {"phong", "kinh", "te"}
    assert "phongg" in directory.resolve("phongg kinh te lam gi").words


def test_rare_words_weigh_more_and_typos_are_corrected_from_the_vocabulary():
    vocabulary = ks.Vocabulary({"chuyen": 40, "doi": 45, "so": 50, "ngan": 2, "sach": 2}, docs=100)
    (fixed, weight, _), (common, common_weight, _) = vocabulary.terms(["chuyyen", "so"])
    assert fixed == "chuyen" and common == "so"
    rare = vocabulary.terms(["ngan"])[0][1]
    assert rare > weight > common_weight
    assert "ngan" in vocabulary and "xyz" not in vocabulary


def test_match_expressions_start_with_the_two_rarest_words():
    vocabulary = ks.Vocabulary({"chuyen": 40, "doi": 45, "ngan": 2, "sach": 3}, docs=100)
    exprs = vocabulary.match_exprs(vocabulary.terms(["chuyen", "ngan", "sach"]))
    assert exprs[0] == '"ngan"* AND "sach"*'
    assert exprs[1].split(" OR ") == ['"ngan"*', '"sach"*', '"chuyen"*']


def test_near_equals_that_answer_who_leads_come_first_and_weak_ones_are_dropped():
    scored = [(1.0, 7), (0.98, 8), (0.6, 9), (0.2, 10)]
    rows = {7: {"lead_unit_id": None, "lead_text": ""}, 8: {"lead_unit_id": 3}}
    ordered = ks.prefer_useful(scored, rows, qmod.WHO)
    assert [i for _, i in ordered] == [8, 7, 9, 10]
    assert [i for _, i in ks.keep_best(ordered)] == [8, 7, 9]
    assert ks.keep_best([]) == []


def test_candidates_are_scored_by_how_many_weighted_words_they_cover():
    terms = [("chuyen", 1.0, ()), ("doi", 1.0, ())]
    ranked = ks.score_candidates(
        [(1, "chuyen doi so"), (2, "chuyen giao"), (3, "hop")], terms, ["chuyen", "doi"]
    )
    assert [i for _, i in ranked] == [1, 2, 3]
    assert ranked[0][0] > ranked[1][0] > ranked[2][0] == 0


def test_short_words_are_matched_whole_and_long_ones_as_prefixes():
    vocabulary = ks.Vocabulary({"so": 50, "chuyen": 40}, docs=100)
    assert vocabulary.match_exprs(vocabulary.terms(["so"])) == ['"so"']
    assert vocabulary.match_exprs(vocabulary.terms(["chuyen"])) == ['"chuyen"*']


def _vocabulary():
    return ks.Vocabulary({"bau": 3, "cu": 30, "thong": 40, "thon": 2, "kiosk": 1, "y": 50, "te": 40}, 100)


def test_coverage_counts_a_syllable_in_full_only_beside_its_neighbour():
    vocabulary = _vocabulary()
    words = ["bau", "cu"]
    weighted = vocabulary.terms(words)
    together = ks.coverage(words, weighted, "to chuc bau cu dai bieu", vocabulary)
    apart = ks.coverage(words, weighted, "bau khong khi cu the", vocabulary)
    assert together == 1.0
    assert apart == ks.UNANCHORED
    # one word may stand between them, as it may in the question ("kiosk y tế")
    words = ["kiosk", "te"]
    assert ks.coverage(words, vocabulary.terms(words), "lap dat kiosk y te thong minh", vocabulary) == 1.0


def test_coverage_takes_a_known_syllable_whole_not_as_a_prefix():
    vocabulary = _vocabulary()
    words = ["thon"]
    assert ks.coverage(words, vocabulary.terms(words), "giao thong thong minh", vocabulary) == 0.0
    assert ks.coverage(words, vocabulary.terms(words), "cac thon ban", vocabulary) == 1.0


def test_equal_scores_put_the_shorter_task_first():
    terms = [("mat", 1.0, ()), ("tran", 1.0, ())]
    cands = [
        (1, "cac cap uy mat tran to quoc va cac to chuc chinh tri xa hoi trong toan phuong"),
        (2, "mat tran"),
    ]
    assert [i for _, i in ks.score_candidates(cands, terms, ["mat", "tran"])] == [2, 1]


def test_an_abbreviation_spelled_out_counts_only_where_its_words_stand_together():
    vocabulary = ks.Vocabulary({"an": 20, "toan": 20, "thong": 40, "tin": 30}, 100)
    q = qmod.parse_question("cac nv ve attt", qmod.date(2025, 8, 1))
    assert "an toan thong tin" in q.phrases
    weighted = vocabulary.terms(q.terms)
    together = ks.coverage(q.terms, weighted, "kiem tra an toan thong tin mang", vocabulary, q.phrases)
    scattered = ks.coverage(q.terms, weighted, "ket noi an toan ben vung va thong tin", vocabulary, q.phrases)
    assert together == 1.0 and scattered < ks.HONEST_MIN


def test_a_units_name_after_ve_is_a_topic():
    unit = ks.UnitRef(9, "Trung tâm Chuyển đổi số", 90.0, {"chuyen", "doi", "so"})
    assert ks.named_as_topic("co viec gi ve chuyen doi so", unit)
    assert not ks.named_as_topic("chuyen doi so co viec gi", unit)
