"""The plan's areas, programs, contacts, hotlines and crisis phrases, as validated data."""
from .loader import KnowledgeBase, KnowledgeError, default_knowledge, load_glossary, load_knowledge
from .schema import AREA_IDS

__all__ = ["AREA_IDS", "KnowledgeBase", "KnowledgeError", "default_knowledge", "load_glossary", "load_knowledge"]
