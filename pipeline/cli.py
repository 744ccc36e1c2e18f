"""The `extract` command line: thin over the library; the only module that imports click.

    extract corpus/*.txt                      # -> outputs/records.jsonl (+ records.errors.jsonl)
    extract corpus/*.txt -o - --no-model      # records to stdout, rules only
    extract schema                            # regenerate schemas/record.schema.json
    extract review outputs/records.jsonl      # static HTML pages to check the facts in their text

Exit codes: 0 every input gave a record; 1 some inputs failed (listed in the errors file);
2 usage error (bad option, no inputs, malformed metadata, an output that cannot be written);
130 interrupted (Ctrl-C; the records finished are kept, and the same command resumes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import batch
from pipeline.batch import BatchSettings, default_workers, stderr_is_terminal
from pipeline.errors import PressfactsError
from pipeline.read import load_metadata, metadata_match
from pipeline.options import Options

DEFAULT_OUTPUT = "outputs/records.jsonl"


class DefaultToRunGroup(click.Group):
    """`extract FILES…` means `extract run FILES…`; named subcommands still work."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Ctrl-C: the conventional 128 + SIGINT, one line, no traceback
            click.echo("interrupted", err=True)
            ctx.exit(INTERRUPTED)


INTERRUPTED = 130


class OutputError(click.ClickException):
    """A usage error about -o that needs no usage text: one line, exit code 2."""

    exit_code = 2


@click.group(cls=DefaultToRunGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pressfacts")
def main() -> None:
    """pressfacts: source-grounded facts from Chinese government press releases.

    \b
    Run `extract FILES…` (same as `extract run FILES…`), e.g.
        extract corpus/*.txt
        extract corpus/*.txt -o out.jsonl --metadata corpus/index.tsv
    """


@main.command("run")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", default=DEFAULT_OUTPUT, show_default=True,
              help="Records JSONL; '-' for stdout. Failures go to OUTPUT's .errors.jsonl beside it.")
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TSV/CSV sidecar with a `file` column and any of `date`, `title`, `source`.")
@click.option("--model/--no-model", "use_model", default=True, show_default=True,
              help="Use the shipped NER model as one recognizer (off: rules and gazetteers only).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=Options().max_bytes, show_default=True,
              help="Refuse (as a recorded failure) any input larger than this.")
@click.option("--max-seconds", type=click.FloatRange(min=0), default=Options().max_seconds, show_default=True,
              help="Give up on (and record as failed) any one document that takes longer; 0: no limit.")
@click.option("--db", metavar="URL", help="Then load the records file into this database (see `extract load`).")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=default_workers(),
              show_default="this machine's cores", help="Worker processes; each loads the model once.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on this Dask cluster instead of local workers (needs pip install -e '.[dask]').")
@click.option("--force", is_flag=True,
              help="Process every input, even those unchanged since the last run into OUTPUT.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
def run_command(files: tuple[str, ...], output: str, metadata: Path | None, use_model: bool, max_bytes: int,
                max_seconds: float, db: str | None, workers: int, scheduler: str | None, force: bool,
                quiet: bool) -> None:
    """Extract facts from FILES into validated JSON records, one per file, in input order.

    A re-run into the same OUTPUT copies over the records of unchanged inputs (OUTPUT's
    .manifest.jsonl says which); --force processes everything.

    \b
    Example:
        extract corpus/*.txt --metadata corpus/index.tsv -o outputs/records.jsonl
        extract corpus/*.txt -o out.jsonl --workers 4
        extract corpus/*.txt -o out.jsonl --scheduler tcp://10.0.0.5:8786
    """
    if not files:
        raise click.UsageError("no input files given (did the glob match nothing?)")
    if db and output == "-":
        raise click.UsageError("--db loads the records file; it needs -o FILE, not -o -")
    try:
        meta = load_metadata(metadata) if metadata else {}
    except PressfactsError as e:
        raise click.UsageError(str(e)) from e
    for path in files:  # a sidecar row per name, when several rows share it, is no row: say so
        _, candidates = metadata_match(meta, path)
        if candidates:
            click.echo(f"warning: {path}: --metadata has {len(candidates)} rows for its file name "
                       f"({', '.join(candidates)}) and none for its path; none is used", err=True)
    options = Options(use_model=use_model, max_bytes=max_bytes, max_seconds=max_seconds, metadata=meta)
    settings = BatchSettings(workers=workers, scheduler=scheduler, force=force,
                             progress=not quiet and stderr_is_terminal())
    try:
        summary = batch.run(list(files), options, output, settings,
                            on_failure=lambda failure: click.echo(f"error: {failure.one_line()}", err=True))
    except batch.Interrupted as e:
        if e.partial is not None:
            click.echo(f"interrupted: {e.kept} records kept in {e.partial}; {output} is as it was. Run the same "
                       "command again to resume.", err=True)
        elif output != "-":
            click.echo(f"interrupted: no new record finished; {output} is as it was.", err=True)
        else:
            click.echo("interrupted", err=True)
        sys.exit(INTERRUPTED)
    except PressfactsError as e:
        if e.code.startswith("E-BATCH-"):  # the machinery (a worker, the cluster), not the command line
            raise click.ClickException(str(e)) from e
        if e.code.startswith("E-OUTPUT-"):
            raise OutputError(str(e)) from e
        raise click.UsageError(str(e)) from e
    if not quiet:
        click.echo(summary.one_line(), err=True)
    loaded = db is None or load_records_file(Path(output), db, quiet=quiet)
    sys.exit(1 if summary.failed or not loaded else 0)


@main.command("schema")
@click.option("-o", "--output", default="schemas/record.schema.json", show_default=True,
              help="Where to write the JSON Schema ('-' for stdout).")
def schema_command(output: str) -> None:
    """Write the JSON Schema of the record (contract v1), generated from the pydantic models.

    \b
    Example:
        extract schema -o schemas/record.schema.json
    """
    from pipeline.records import record_json_schema

    text = record_json_schema()
    if output == "-":
        click.echo(text, nl=False)
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


DB_HELP = "Database URL: sqlite:///FILE (embedded, no server) or postgresql://USER:PASSWORD@HOST:PORT/NAME."


@main.command("load")
@click.argument("records_file", metavar="RECORDS.jsonl",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", metavar="URL", default="sqlite:///outputs/pressfacts.db", show_default=True, help=DB_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr (bad lines are still named).")
def load_command(records_file: Path, db: str, quiet: bool) -> None:
    """Load records (from `extract`) into a database: SQLite by default, PostgreSQL for servers.

    Loading again changes nothing; a re-extracted file replaces its old facts; documents are
    written whole, never half. Bad lines are named (file:line), the rest still loads, exit code 1.

    \b
    Example:
        extract load outputs/records.jsonl
        extract load outputs/records.jsonl --db postgresql://pressfacts:pressfacts@127.0.0.1:5432/pressfacts
    """
    sys.exit(0 if load_records_file(records_file, db, quiet=quiet) else 1)


def load_records_file(path: Path, url: str, *, quiet: bool) -> bool:
    """Load one records file; False when some lines were bad. Database errors end the command."""
    from pipeline.database import Database, load_jsonl

    try:
        with Database(url) as db:
            report = load_jsonl(path, db)
    except PressfactsError as e:
        raise click.ClickException(str(e)) from e
    for bad in report.bad:
        click.echo(f"error: {bad}", err=True)
    if not quiet:
        click.echo(f"{path} -> {db.display_url}: {report.summary()}", err=True)
    return not report.bad


@main.command("review")
@click.argument("records_file", metavar="RECORDS.jsonl",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="outputs/review", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for index.html and the pages.")
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Look for the records' source files under this folder first (then the current folder, "
                   "then the records file's folder).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def review_command(records_file: Path, output: Path, root: Path | None, quiet: bool) -> None:
    """Write static HTML pages to review RECORDS.jsonl: each fact highlighted in its text.

    OUTPUT/index.html lists every record (counts of facts) and every failure from the errors file
    beside RECORDS.jsonl; each document's page shows the text as read with every fact's spans
    highlighted by type and a list of the facts beside it. A source file that is missing or has
    changed since extraction (its doc_id differs) is named on its page, which then highlights
    nothing. No server and no network: open OUTPUT/index.html in a browser. Pages an earlier
    review left in OUTPUT are replaced.

    Exit code 0 when every page shows its evidence; 1 when a line of RECORDS.jsonl is not a
    record or a page cannot highlight (source missing or changed, spans that do not fit): each
    is named on stderr, a line each, and the pages are still written.

    \b
    Example:
        extract corpus/*.txt -o outputs/records.jsonl
        extract review outputs/records.jsonl -o outputs/review/
        extract review /data/run/records.jsonl -o /tmp/review --root /data/releases
    """
    from pipeline.review import build_review

    summary = build_review(records_file, output, root=root)
    for problem in summary.problems:  # named even with --quiet, as extract names its failures
        click.echo(f"error: {problem}", err=True)
    if not quiet:
        click.echo(summary.one_line(), err=True)
    if summary.problems:
        sys.exit(1)


@main.command("train-ner")
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold corpora (<corpus>/*.spans.jsonl), e.g. ../shared/data/ner.")
@click.option("--output", default="pipeline/models/ner", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Where the trained pipeline goes.")
@click.option("--max-steps", default=20000, show_default=True, type=click.IntRange(min=1),
              help="spaCy training steps; the learning rate decays to 0 at the last (the best dev "
                   "checkpoint is kept).")
@click.option("--work-dir", default="/tmp/ner_work", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="DocBins, dev splits and the spaCy run.")
@click.option("--resume-from", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Continue training this trained pipeline (e.g. a checkpoint) instead of starting afresh.")
@click.option("--learn-rate", type=click.FloatRange(min=0, min_open=True), default=None,
              help="A constant Adam learning rate instead of the config's schedule (warm-up, then "
                   "linear decay); lower it when resuming.")
def train_ner_command(data: Path, output: Path, max_steps: int, work_dir: Path, resume_from: Path | None,
                      learn_rate: float | None) -> None:
    """Retrain the NER model (PER, LOC, ORG, TITLE) from the gold corpora with `spacy train`.

    Runs on CPU; set OMP_NUM_THREADS=1 to stay on one core. Dev scores go into OUTPUT/meta.json.

    \b
    Example (the shipped model; --resume-from continues a trained one):
        OMP_NUM_THREADS=1 extract train-ner --data ../shared/data/ner --output pipeline/models/ner --max-steps 20000
        OMP_NUM_THREADS=1 extract train-ner --data ../shared/data/ner --output /tmp/ner_more \\
            --resume-from pipeline/models/ner --learn-rate 0.0005 --max-steps 5000
    """
    import json

    from pipeline.training.ner import train

    meta = train(data, output, max_steps=max_steps, work_dir=work_dir, resume_from=resume_from,
                 overrides={"training.optimizer.learn_rate": learn_rate} if learn_rate else None,
                 command=" ".join(["extract", *sys.argv[1:]]))
    click.echo(json.dumps(meta.get("dev_scores", {}), indent=1))


@main.command("eval-ner")
@click.argument("spans", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A trained pipeline directory (default: the shipped pipeline/models/ner).")
def eval_ner_command(spans: Path, model: Path | None) -> None:
    """P/R/F1 per label and micro (exact spans) of the NER model on a gold *.spans.jsonl file.

    \b
    Example:
        extract eval-ner ../shared/data/ner/resume/test.char.bmes.spans.jsonl
    """
    import json

    from pipeline.recognise.model import MODEL_DIR
    from pipeline.training.ner import evaluate

    click.echo(json.dumps(evaluate(model or MODEL_DIR, spans), indent=1))
