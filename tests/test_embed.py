"""The sentence embedding model: loaded from its installed package, offline, unit vectors."""

import numpy as np

from crosscheck.embed import DIMENSIONS, embed, model


def test_loads_once_and_embeds_unit_vectors():
    assert model() is model()
    v = embed(["Grimm was indicted on fraud charges.", "", "Grimm faces federal fraud charges."])
    assert v.shape == (3, DIMENSIONS) and v.dtype == np.float32
    assert abs(float(np.linalg.norm(v[0])) - 1.0) < 1e-3
    assert float(v[0] @ v[2]) > float(v[0] @ embed(["The weather in Paris was mild."])[0])
    assert embed([]).shape == (0, DIMENSIONS)
