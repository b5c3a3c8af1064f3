"""--processes workers are forked from a forkserver that has the pipeline loaded: they start ready."""

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from crosscheck import jobs


def _loaded_in_worker() -> tuple[int, int, bool]:
    import crosscheck.embed
    import crosscheck.nlp

    return (crosscheck.nlp.pipeline.cache_info().currsize, crosscheck.embed.model.cache_info().currsize,
            "crosscheck.cli" in sys.modules)


@pytest.mark.skipif(sys.platform == "win32", reason="no forkserver on Windows")
def test_workers_started_after_preload_have_the_pipeline_the_embeddings_and_the_command_line_loaded() -> None:
    jobs.preload_workers()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        results = [pool.submit(_loaded_in_worker) for _ in range(2)]
        assert [r.result() for r in results] == [(1, 1, True), (1, 1, True)]
