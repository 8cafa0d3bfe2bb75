"""scikit-learn's digits, standardised, and sklearn's own TSNE(init='pca') trustworthiness(10).

Prints JSON {input, sklearnTrustworthiness, version, seconds} for test/tsne-digits.slow.test.ts.
"""
import json
import time

import sklearn
from sklearn.datasets import load_digits
from sklearn.manifold import TSNE, trustworthiness
from sklearn.preprocessing import StandardScaler

x = StandardScaler().fit_transform(load_digits().data)
start = time.time()
embedded = TSNE(n_components=2, init="pca", random_state=0, perplexity=30).fit_transform(x)
seconds = time.time() - start
print(json.dumps({
    "input": x.tolist(),
    "sklearnTrustworthiness": float(trustworthiness(x, embedded, n_neighbors=10)),
    "version": sklearn.__version__,
    "seconds": seconds,
}))
