"""scikit-learn reference for test/sklearn-reference.test.ts.

Reads {"input": [[...]], "embedded": [[...]], "k": 10} (JSON) from argv[1] and prints JSON:
  sklearnTrustworthiness: trustworthiness(input, TSNE(perplexity=30, init='pca', random_state=0))
  oursBySklearn:          sklearn.manifold.trustworthiness(input, embedded) for our embedding
  version, seconds:       the scikit-learn version and its t-SNE's wall time
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.manifold import TSNE, trustworthiness

with open(sys.argv[1]) as f:
    data = json.load(f)
x = np.asarray(data["input"], dtype=np.float64)
ours = np.asarray(data["embedded"], dtype=np.float64)
k = int(data["k"])

start = time.perf_counter()
# learning_rate='auto' and init='pca' are 1.2's defaults; named so older/newer versions agree.
theirs = TSNE(
    n_components=2, perplexity=30, init="pca", learning_rate="auto", random_state=0
).fit_transform(x)
seconds = time.perf_counter() - start

print(
    json.dumps(
        {
            "sklearnTrustworthiness": float(trustworthiness(x, theirs, n_neighbors=k)),
            "oursBySklearn": float(trustworthiness(x, ours, n_neighbors=k)),
            "version": sklearn.__version__,
            "seconds": seconds,
        }
    )
)
