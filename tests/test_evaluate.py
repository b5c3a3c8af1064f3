"""`crosscheck eval` on the development sets, with floors a little under the figures reached, so that a regression
fails CI. The figures themselves are in the README."""

import pytest

from crosscheck.evaluate import ALL_SETS, EvalError, figures, run_eval
from tests.conftest import SHARED, needs_shared

FLOORS = {
    "seeds": {"actors": 0.95, "quantities": 1.0, "timexes": 0.95},
    "conll": {"f1": 0.80},
    "polnear": {"content_f1": 0.70, "content_source_f1": 0.62},
    "tempeval": {"relaxed_f1": 0.90, "value_f1": 0.795},
    "plover-gsr": {"type_recall": 0.77, "type_precision": 0.63, "dyad_recall": 0.48},
    "basil": {"bcubed_f1": 0.975},
    # briefs against hand-made cross-source gold (figures of 2026-11-26 in the README)
    "briefs": {"agreements": 0.59, "agreements_precision": 0.80, "conflicts": 0.45, "conflicts_precision": 0.55,
               "only_in": 0.88, "only_in_top8": 0.43, "key_events": 0.85, "key_events_dated": 0.67},
    "seeds-brief": {"agreements": 0.7, "agreements_precision": 0.55, "conflicts": 1.0, "only_in": 0.9, "key_events": 0.95,
                    "key_events_dated": 0.95},
    # questions answered over one store of the BASIL articles and the seeds (figures of 2026-11-26 in the README)
    "ask": {"group_recall_at5": 0.55, "mrr": 0.74, "precision_at5": 0.46, "grouping_balanced_accuracy": 0.65},
}


def test_figures_are_read_from_a_summary_line():
    assert figures("conll: f1=0.730 precision=0.767 recall=0.697") == {"f1": 0.73, "precision": 0.767, "recall": 0.697}
    assert figures("seeds: actors=0.968 one_story=True") == {"actors": 0.968}


def test_unknown_data_sets_and_missing_shared_folders_are_one_line_errors(tmp_path):
    with pytest.raises(EvalError, match="no .*score.py"):
        run_eval(tmp_path, tmp_path / "out")
    if (SHARED / "eval" / "score.py").exists():
        with pytest.raises(EvalError, match="unknown data set"):
            run_eval(SHARED, tmp_path / "out", only=["nope"])


@needs_shared()
def test_every_development_set_stays_above_its_floor(tmp_path):
    results = {r.dataset: r for r in run_eval(SHARED, tmp_path)}
    assert set(results) == set(ALL_SETS)
    assert (tmp_path / "results.json").exists() and (tmp_path / "conll.score.txt").exists()
    low = {(d, k): results[d].figures.get(k) for d, floors in FLOORS.items() for k, v in floors.items()
           if results[d].figures.get(k, -1) < v}
    assert not low, f"below the floor: {low}"
