"""Quality benchmarks: unspun beside plain baselines on third-party data.

``python -m benchmarks.quality.run`` prints one table and writes it as JSON;
``python -m benchmarks.quality.gate`` runs the quick subset against pinned floors.
The data is read from ``<repo>/../shared/data`` (or ``$UNSPUN_DATA``) and never copied here.
"""
