"""Every regular expression of the project, named and commented, one module per stage
(`chars`, `structure`, `responsibility`, `quantities`, `names`) and all of them here.

Character classes follow the conventions of zhon's ``hanzi.py``: a pattern is a
plain ``str`` constant (usable inside larger patterns) and, where it is used on
its own, a compiled ``re.Pattern`` named ``*_RE``.  Each has a unit test in
``tests/test_patterns.py`` or ``tests/test_patterns_extract.py``.
"""

from __future__ import annotations

from kg.patterns.chars import *  # noqa: F403
from kg.patterns.names import *  # noqa: F403
from kg.patterns.quantities import *  # noqa: F403
from kg.patterns.responsibility import *  # noqa: F403
from kg.patterns.structure import *  # noqa: F403
