"""forskrift: the Norwegian regulation on collective competence development in kindergartens and schools,
encoded as rule files and evaluated against case documents, with cited findings."""

__version__ = "0.1.0"
