"""Use cases: one function per verb — load, apply the rules, write, commit under the lock."""
