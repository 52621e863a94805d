"""The logs front (`oidcguard logs`): leaked tokens, codes and the app's own secrets in logs."""

from .engine import LogOptions, mask_line, scan_logs
from .model import KnownSecret, KnownSecrets, LogLine

__all__ = ["KnownSecret", "KnownSecrets", "LogLine", "LogOptions", "mask_line", "scan_logs"]
