"""The log rules OG301–OG306: one module each, loaded by `oidcguard.rules.load_catalogue()`.

Each rule is a pure classifier over one `LogLine` (see `oidcguard.logs.model`); the engine
(`oidcguard.logs.engine`) runs only the lines its prefilter picked, in `PRIORITY` order, and keeps
one finding per distinct secret. Each module also declares `ANCHORS`: regexes one of which any
line the rule can fire on must match (`(?i)` marks a caseless one). The prefilter is built from
them, so a rule and its prefilter cannot drift apart.
"""
