"""nukumori (ぬくもり): a consultation router for 小美玉市's multi-layered support system."""
__version__ = "0.1.0"
