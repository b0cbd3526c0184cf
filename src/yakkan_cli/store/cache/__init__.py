"""The content-addressed record cache (issue 14): what reading each record file gave, kept
under `<git common dir>/yakkan/cache/`, never committed. See the README, "The record cache".
"""

from yakkan_cli.store.cache.index import RecordCache, stamp_of
from yakkan_cli.store.cache.keys import Stamp, content_digest, trusted

__all__ = ["RecordCache", "Stamp", "content_digest", "stamp_of", "trusted"]
