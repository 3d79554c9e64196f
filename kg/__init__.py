"""policy-kg: a knowledge graph of what Chinese government policy documents commit to."""

__version__ = "0.1.0"
