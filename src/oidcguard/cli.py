"""The command line: options → config → engine → reporters → exit code.

Stdout carries only the report; diagnostics go to stderr. Exit codes (SPEC §2): 0 nothing at or
above --fail-on, 1 findings at or above it, 2 usage, configuration or target error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .baseline import apply_baseline, write_baseline
from .config import Config, ConfigError, load_config
from .findings import Severity
from .report import Report
from .rules import Catalogue, load_catalogue

FORMATS = ("text", "json", "sarif", "html", "junit", "markdown")


class UsageFailure(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"oidcguard: error: {self.format_message()}", err=True)


def _common(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every front shares (SPEC §2)."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Report format."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here."),
        click.option("--fail-on", default=None, help="Exit 1 at or above this severity (default high)."),
        click.option("--fail-under", type=click.IntRange(0, 100), default=None,
                     help="Exit 1 when the score (0-100) is below this."),
        click.option("--select", multiple=True, help="Only these rule ids/prefixes/categories."),
        click.option("--ignore", multiple=True, help="Skip these rule ids/prefixes/categories."),
        click.option("--baseline", type=click.Path(path_type=Path), help="Report only findings not in it."),
        click.option("--write-baseline", type=click.Path(path_type=Path), help="Save findings as baseline."),
        click.option("--show-secrets", is_flag=True, help="Print secrets whole (never the default)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress, no summary on stderr."),
        click.option("--jobs", type=click.IntRange(1, 256), default=None,
                     help="Worker processes (default: all cores)."),
        click.option("--config", "config_path", type=click.Path(path_type=Path), help="pyproject.toml to read."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _OneLineErrors(click.Group):
    """Usage errors as one line on stderr and exit 2 (SPEC §2), not click's usage block."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
            sys.exit(2)
        except click.UsageError as exc:
            click.echo(f"oidcguard: error: {exc.format_message()}", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("oidcguard: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oidcguard")
def main() -> None:
    """Find and stop the leaking of OIDC client secrets, API keys and tokens from Django apps."""


# `-o report.sarif` without --format: the extension says which format is wanted.
_SUFFIX_FORMATS = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html", ".xml": "junit",
                   ".md": "markdown", ".txt": "text"}


def _config(opts: dict[str, Any], root: Path) -> Config:
    fmt = opts.get("fmt")
    if fmt is None and opts.get("output") is not None:
        fmt = _SUFFIX_FORMATS.get(Path(opts["output"]).suffix.lower())
    try:
        config = load_config(opts.get("config_path"), start=root)
        config = config.override(
            fmt=fmt,
            fail_on=opts.get("fail_on"),
            fail_under=opts.get("fail_under"),
            select=opts.get("select") or None,
            ignore=opts.get("ignore") or None,
            show_secrets=opts.get("show_secrets") or None,
            jobs=opts.get("jobs"),
        )
    except ConfigError as exc:
        raise UsageFailure(str(exc)) from None
    _check_selectors(config)
    return config


def _check_selectors(config: Config) -> None:
    """An unknown id or category in --select/--ignore/disable would silently select nothing."""
    from .findings import Category

    catalogue = load_catalogue()
    categories = {c.value for c in Category}
    for option, values in (("select", config.select), ("ignore", config.ignore)):
        for value in values:
            known = value.lower() in categories or (
                value.upper().startswith("OG") and any(r.id.startswith(value.upper()) for r in catalogue))
            if not known:
                raise UsageFailure(f"unknown rule id or category {value!r} in {option} "
                                   "(`oidcguard rules` lists them)")


def finish(report: Report, config: Config, opts: dict[str, Any], catalogue: Catalogue) -> None:
    """Filter, baseline, render, write and exit: shared by every front."""
    from .reporters import render

    report.findings = [f for f in report.findings if config.wants(f)]
    if opts.get("baseline"):
        try:
            apply_baseline(report, Path(opts["baseline"]))
        except (OSError, ValueError) as exc:
            raise UsageFailure(f"cannot read baseline {opts['baseline']}: {exc}") from None
    if opts.get("write_baseline"):
        try:
            write_baseline(report, Path(opts["write_baseline"]))
        except OSError as exc:
            raise UsageFailure(f"cannot write baseline {opts['write_baseline']}: {exc.strerror or exc}") from None
    color = opts.get("output") is None and sys.stdout.isatty()
    text = render(report, config.fmt, catalogue=catalogue, color=color)
    if opts.get("output"):
        try:
            Path(opts["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageFailure(f"cannot write {opts['output']}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    if not opts.get("quiet"):
        for error in report.errors:
            click.echo(f"oidcguard: skipped {error.path}: {error.reason}", err=True)
        for note in report.notes:
            click.echo(f"oidcguard: note: {note.path}: {note.reason}", err=True)
    failing = [f for f in report.findings if f.severity >= config.fail_on]
    below_score = config.fail_under is not None and report.score < config.fail_under
    sys.exit(1 if failing or below_score else 0)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@_common
@click.option("--settings", "settings_module", default=None, help="Dotted settings module in use.")
@click.option("--history", is_flag=True, default=False,
              help="Also report secrets ever committed to the git history (deleted ones included).")
def scan(path: Path, settings_module: str | None, history: bool = False, **opts: Any) -> None:
    """Scan a Django project's source tree (never imports or runs it)."""
    from .static.engine import scan_project

    if not path.exists():
        raise UsageFailure(f"path does not exist: {path}")
    root = path if path.is_dir() else path.parent
    config = _config(opts, root)
    if settings_module:
        config = config.override(settings_module=settings_module)
    catalogue = load_catalogue()
    if not opts.get("quiet") and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress

        with Progress("scanning", BarColumn(), MofNCompleteColumn(), console=Console(stderr=True),
                      transient=True) as bar:
            task = bar.add_task("files", total=None)
            report = scan_project(path, config, catalogue,
                                  progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        report = scan_project(path, config, catalogue)
    if history:
        from .static.history import scan_history

        known = {f.secret_hash for f in report.findings if f.secret_hash}
        past = scan_history(root, catalogue, known, report.errors, show_secrets=config.show_secrets)
        report.findings = sorted([*report.findings, *(f for f in past if config.wants(f))], key=lambda f: f.sort_key())
    finish(report, config, opts, catalogue)


@main.command()
@click.argument("inputs", nargs=-1, type=str)
@_common
@click.option("--env-file", "env_files", multiple=True, type=click.Path(path_type=Path),
              help="Env file whose secret values (OG304) to look for.")
@click.option("--secret-env", "secret_env", multiple=True, help="Environment variable holding a secret to look for.")
@click.option("--secrets-from-settings", "settings_files", multiple=True, type=click.Path(path_type=Path),
              help="Django settings module (parsed, never imported) whose secrets to look for.")
@click.option("--redact-to", type=click.Path(file_okay=False, path_type=Path),
              help="Write a redacted copy of each input into this folder.")
def logs(inputs: tuple[str, ...], env_files: tuple[Path, ...], secret_env: tuple[str, ...],
         settings_files: tuple[Path, ...], redact_to: Path | None, **opts: Any) -> None:
    """Find leaked tokens, codes and the app's own secrets in logs (files, folders, .gz, or - for stdin)."""
    from .logs import LogOptions, scan_logs
    from .logs.known import KnownSecretsError, load

    if not inputs:
        if sys.stdin.isatty():
            raise UsageFailure("give log files or folders, or - to read standard input")
        inputs = ("-",)
    config = _config(opts, Path.cwd())
    try:
        known = load(env_files=env_files, env_names=(*config.secret_env, *secret_env), settings=settings_files)
    except KnownSecretsError as exc:
        raise UsageFailure(str(exc)) from None
    if redact_to is not None and redact_to.exists() and not redact_to.is_dir():
        raise UsageFailure(f"--redact-to {redact_to} is not a folder")
    # --jobs defaults to all cores (SPEC §2); the engine only forks for inputs of 48 MB or more.
    options = LogOptions(known=known, jobs=max(1, config.jobs or os.cpu_count() or 1), redact_to=redact_to,
                         show_secrets=config.show_secrets, exclude=config.exclude)
    # Only the logs rules: importing the static and live rule packages costs start-up time for nothing.
    catalogue = load_catalogue(packages=("oidcguard.logs.rules",))
    show_progress = not opts.get("quiet") and sys.stderr.isatty()
    if show_progress:
        from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

        with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                      TransferSpeedColumn(), transient=True) as bar:
            task = bar.add_task("scanning logs", total=None)
            report = scan_logs(inputs, options,
                               progress=lambda done, total: bar.update(task, completed=done, total=total or None))
    else:
        report = scan_logs(inputs, options)
    if report.files_scanned == 0 and report.errors:
        for error in report.errors:
            click.echo(f"oidcguard: {error.path}: {error.reason}", err=True)
        raise UsageFailure("no readable log input")
    finish(report, config, opts, catalogue)


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text")
def rules_cmd(fmt: str) -> None:
    """List the rule catalogue."""
    from .reporters.catalogue import render_catalogue

    sys.stdout.write(render_catalogue(load_catalogue(), fmt))


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print one rule's documentation."""
    catalogue = load_catalogue()
    found = catalogue.get(rule_id) or next((r for r in catalogue if r.name == rule_id.lower()), None)
    if found is None:
        raise UsageFailure(f"no rule {rule_id!r}; `oidcguard rules` lists them")
    header = f"{found.id} {found.name} — {found.title}\n"
    meta = (
        f"category: {found.category.value}   severity: {found.severity.label}   "
        f"confidence: {found.confidence.label}   cwe: {', '.join(f'CWE-{c}' for c in found.cwe)}\n\n"
    )
    sys.stdout.write(header + meta + found.doc + "\n\nFix: " + found.remediation + "\n")


@main.command()
@_common
@click.option("--static-only", is_flag=True, help="Only scan the bundled demo projects; do not start the lab.")
def demo(static_only: bool, **opts: Any) -> None:
    """Run every front on the bundled demo targets and print one combined report."""
    from .demo import run_demo

    config = _config(opts, Path.cwd())
    catalogue = load_catalogue()
    report = run_demo(config, catalogue, static_only=static_only,
                      note=lambda text: None if opts.get("quiet") else click.echo(text, err=True))
    finish(report, config, opts, catalogue)


def parse_severity(text: str | None, default: Severity) -> Severity:
    if text is None:
        return default
    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None


@main.group()
def lab() -> None:
    """Run the bundled OIDC lab (a real provider and relying party on 127.0.0.1)."""


@lab.command("up")
@click.option("--leaky/--hardened", "leaky", default=True, help="Which configuration (default: leaky).")
@click.option("--tls", is_flag=True, help="Serve HTTPS with a throw-away CA (its path is printed).")
def lab_up(leaky: bool, tls: bool) -> None:
    """Start the lab and keep it running until Ctrl-C."""
    import time

    try:
        from .lab import LabError, running_lab
    except ImportError as exc:  # pragma: no cover - the lab extra is missing
        raise UsageFailure(f"the lab needs the 'lab' extra (pip install 'oidcguard[lab]'): {exc}") from None
    import signal

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # A backgrounded `lab up &` starts with SIGINT ignored, and `kill` sends SIGTERM: every stop
    # request must leave through the context manager, which stops the servers and removes the
    # temporary folder (it holds the lab's generated secrets).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    try:
        with running_lab("leaky" if leaky else "hardened", tls=tls) as running:
            info = [
                f"oidcguard lab ({running.mode.value}) is up; Ctrl-C stops it",
                f"  provider   {running.provider_url}/   discovery {running.discovery_url}",
                f"  rp         {running.rp_url}/   login {running.login_url}",
                f"  user       {running.user} / {running.password}",
                f"  clients    confidential {running.client_id}, public {running.public_client_id}",
                f"  log        {running.log_path}",
                f"  source     {running.source_dir}",
                f"  secrets    {running.env_file}",
            ]
            if running.ca_file is not None:
                info.append(f"  CA         {running.ca_file}")
            click.echo("\n".join(info), err=True)
            while running.running():
                time.sleep(0.5)
            raise UsageFailure("a lab server exited; see its output in the lab folder")
    except KeyboardInterrupt:
        click.echo("oidcguard lab stopped", err=True)
    except LabError as exc:
        raise UsageFailure(str(exc)) from None


@main.command(name="probe")
@click.argument("url")
@_common
@click.option("--active", is_flag=True, help="Also send harmless malformed POSTs to token/introspection endpoints.")
@click.option("--client-id", default=None, help="A client id registered at the provider: enables redirect-URI tests.")
@click.option("--redirect-uri", default=None, help="A redirect URI registered for --client-id.")
@click.option("--max-requests", type=click.IntRange(1, 100_000), default=250, show_default=True,
              help="Request budget.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=5.0, show_default=True,
              help="Seconds per request, first byte to last.")
@click.option("--max-time", type=click.FloatRange(1, 3600), default=60.0, show_default=True,
              help="Seconds for the whole probe.")
@click.option("--login-path", default=None, help="The RP's login path, when discovery cannot guess it.")
@click.option("--ca-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Also trust this CA bundle (a private or lab CA).")
def probe_cmd(url: str, active: bool, client_id: str | None, redirect_uri: str | None, max_requests: int,
              timeout: float, max_time: float, login_path: str | None, ca_file: str | None, **opts: Any) -> None:
    """Probe a running Django OIDC site (relying party and/or provider); safe by default (GET/HEAD/OPTIONS)."""
    import os

    from .live import ProbeOptions, TargetError, live_rules, safe_url
    from .live import probe as run_probe

    config = _config(opts, Path.cwd())
    options = ProbeOptions(
        active=active,
        client_id=client_id,
        redirect_uri=redirect_uri,
        login_path=login_path,
        ca_file=ca_file,
        max_requests=max_requests,
        timeout=timeout,
        total_time=max_time,
        concurrency=max(1, min(config.jobs or 8, 64)),
        # The app's own secret values (`secret-env` names), looked for in served pages.
        known_secrets=tuple(v for name in config.secret_env if (v := os.environ.get(name))),
    )
    show_progress = not opts.get("quiet") and sys.stderr.isatty()
    target = safe_url(url)

    def progress(count: int) -> None:
        click.echo(f"\r\033[Kprobing {target}: {count} requests", nl=False, err=True)

    try:
        # Only the selected rules run, so --select/--ignore also spare the target their requests.
        selected = [r for r in live_rules() if config.wants_rule(r.id, r.category)]
        result = run_probe(url, options, rules=selected, show_secrets=config.show_secrets,
                           on_request=progress if show_progress else None)
    except TargetError as exc:
        raise UsageFailure(f"cannot probe {target}: {exc}") from None
    finally:
        if show_progress:
            click.echo("\r\033[K", nl=False, err=True)
    finish(result.report, config, opts, load_catalogue())


if __name__ == "__main__":  # pragma: no cover
    main()
