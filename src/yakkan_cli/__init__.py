"""yakkan: the register of external services used under standard terms (約款による外部サービス)."""

__version__ = "0.1.0"
