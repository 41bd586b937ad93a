"""gradproof's command line: parse arguments, call the library, render with rich (or print JSON).

Exit codes: 0 every selected claim proved (or a command succeeded), 1 a verdict other than proved
or a failed check, 2 bad input or usage (one line on stderr, never a traceback).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from typing import NoReturn, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from derivations import cache as proof_cache
from derivations import options, report
from derivations.errors import GradproofError
from derivations.options import OptionError
from derivations.prove import DEFAULT_TIMEOUT, active_cache, use_cache, verify, verify_all

# The catalog, the numeric cross-checks (NumPy) and the HTML pages are imported by the commands
# that use them: `gradproof check` on a small file is mostly start-up, and needs none of them.

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STYLE = {"proved": "bold green", "refuted": "bold red", "undecided": "bold yellow"}


def _verdict_text(verdict: str, mark: str = "") -> Text:
    return Text(mark + verdict, style=STYLE.get(verdict, "bold"))


@contextlib.contextmanager
def _progress(args, what: str):
    """A progress bar on stderr, only when stderr is a terminal and the output is text (never under
    --json): yields ``update(done, total)``, or None when there is to be no bar."""
    err = Console(stderr=True)
    if getattr(args, "json", False) or getattr(args, "format", "text") != "text" or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


# ---------------------------------------------------------------- commands

def cmd_list(args, out: Console) -> int:
    from derivations import catalog

    table = Table(title="gradproof derivations")
    for column in ("id", "title", "source", "steps"):
        table.add_column(column, justify="right" if column == "steps" else "left")
    for d in catalog.all_derivations():
        table.add_row(Text(d.id), Text(d.title), Text(d.source), str(len(d.steps)))
    out.print(table)
    return EXIT_OK


def cmd_show(args, out: Console) -> int:
    from derivations import catalog, html

    if bool(args.id) == args.all:
        raise GradproofError("show takes one derivation ID or --all (see `gradproof list`)")
    if args.html:
        html.check_writable(args.html)
        results = html.write_show(args.html, catalog.select(None if args.all else [args.id]), args.timeout)
        out.print(f"wrote {args.html}", markup=False, highlight=False)
        return EXIT_OK if all(r.verdict == "proved" for r in results) else EXIT_FAILED
    if args.all:
        codes = [_show_one(catalog.get(derivation_id), args, out) for derivation_id in catalog.ids()]
        return max(codes)
    return _show_one(catalog.get(args.id), args, out)


def _show_one(derivation, args, out: Console) -> int:
    result = verify(derivation, timeout=args.timeout)
    if args.latex or args.markdown:
        out.print((report.to_latex if args.latex else report.to_markdown)(derivation, result),
                  markup=False, highlight=False, soft_wrap=True)
        return EXIT_OK if result.verdict == "proved" else EXIT_FAILED
    out.print(Text(derivation.title, style="bold") + Text(f"  [{derivation.id}]", style="dim"))
    for key, value in report._header_lines(derivation):
        out.print(Text(f"{key}: ", style="dim") + Text(value))  # prose wraps at words
    for step_result in result.steps:
        _render_step(step_result, out)
    out.print(Text("Derivation: ") + _verdict_text(result.verdict) + Text(f"  ({result.seconds:.2f} s)"))
    return EXIT_OK if result.verdict == "proved" else EXIT_FAILED


def _render_step(step_result, out: Console) -> None:
    step, v = step_result.step, step_result.verdict
    out.print()
    head = Text(f"Step {step_result.index}. ", style="bold") + Text(step.reason)
    out.print(head + Text("  ") + _verdict_text(v.verdict) + Text(f" ({v.method})", style="dim"))
    out.print(Text(report.claim_pretty(step, out.width)), soft_wrap=True, crop=False)
    if step.quote:
        out.print(Text("notes: ", style="dim") + Text(step.quote, style="italic"))
    if v.counterexample:
        out.print(Text("counterexample: ", style="red") + Text(json.dumps(v.counterexample)))
    if v.evidence:
        out.print(Text(v.evidence, style="yellow"))
    if v.excluded:
        out.print(Text("excluded: " + ", ".join(v.excluded), style="dim"))


def cmd_verify(args, out: Console) -> int:
    from derivations import catalog
    from numeric import agreement  # here, before the workers fork, not once in each

    derivations = catalog.select(args.ids)
    start = time.perf_counter()
    use_cache(proof_cache.from_options(args.cache, args.no_cache, _warn))
    try:
        with _progress(args, "verify: derivations") as update:
            rows = verify_all(derivations, args.timeout, args.jobs,
                              extra=_numeric_and_claims if args.json else _numeric_check, progress=update)
    finally:
        use_cache(None)
    results = [result for result, _ in rows]
    numeric = {result.derivation.id: found[0] if args.json else found for result, found in rows}
    seconds = time.perf_counter() - start
    ok = all(r.verdict == "proved" for r in results) and all(a.passed for a in numeric.values() if a)
    if args.json:
        data = report.verify_json(results, seconds, {result.derivation.id: found[1] for result, found in rows})
        for entry in data["derivations"]:
            found = numeric[entry["id"]]
            entry["numeric"] = agreement.to_json(found) if found else None
        print(report.strict_json(data))
        return EXIT_OK if ok else EXIT_FAILED
    table = Table(title="gradproof verify")
    for column in ("id", "steps", "verdict", "max rel error", "time"):
        table.add_column(column, justify="left" if column in ("id", "verdict") else "right")
    for r in results:
        table.add_row(Text(r.derivation.id), str(len(r.steps)), _verdict_text(r.verdict),
                      _numeric_text(numeric[r.derivation.id]), f"{r.seconds:.2f} s")
    out.print(table)
    counts = report.summary(results, seconds)
    checked = [a for a in numeric.values() if a]
    out.print(f"{counts['proved']} proved, {counts['refuted']} refuted, {counts['undecided']} undecided "
              f"steps in {_count(len(results), 'derivation')}; symbolic = backprop = finite differences in "
              f"{sum(a.passed for a in checked)} of {len(checked)}; {seconds:.2f} s")
    for a in checked:
        for name, comparison in a.details.items():
            if comparison.failing:
                out.print(Text(f"{a.derivation_id}: {name} disagree: {comparison.worst}", style="red"), soft_wrap=True)
    return EXIT_OK if ok else EXIT_FAILED


def _numeric_check(derivation):
    """The numeric cross-check; with a cache, a passed result stored for this derivation's content."""
    from numeric import agreement
    from numeric.agreement.results import from_data, to_data

    cache = active_cache()
    key = cache.derivation_key(derivation) if cache is not None else None
    if key is not None:
        data = cache.get_numeric(key)
        found = from_data(derivation.id, data) if data is not None else None
        if found is not None:
            return found
    found = agreement.check_derivation(derivation.id, derivation=derivation)
    if key is not None and found is not None:
        cache.put_numeric(key, to_data(found))
    return found


def _warn(line: str) -> None:
    """One line on stderr (the cache's notices): stdout stays clean for --json."""
    print(f"gradproof: warning: {_printable(line)}", file=sys.stderr, flush=True)


def _numeric_and_claims(derivation):
    """--json: the claims' text is made on the worker too (the costliest part of the JSON)."""
    return _numeric_check(derivation), report.claims(derivation)


def _numeric_text(found) -> Text:
    if found is None:
        return Text("-", style="dim")
    return Text(f"{found.max_rel_error:.1e}", style="green" if found.passed else "bold red")


def cmd_gradcheck(args, out: Console) -> int:
    from numeric import agreement

    layers = args.layers
    with _progress(args, "gradcheck: entries") as update:
        results = agreement.gradcheck_network(layers, args.activation, args.loss, seed=args.seed, progress=update)
    passed = all(r.passed for r in results.values())
    if args.json:
        print(report.strict_json({"layers": layers, "activation": args.activation, "loss": args.loss, "seed": args.seed,
                                  "passed": passed, "parameters": {name: r.as_dict() for name, r in results.items()}}))
        return EXIT_OK if passed else EXIT_FAILED
    table = Table(title=f"gradproof gradcheck {','.join(map(str, layers))} {args.activation} {args.loss} seed {args.seed}")
    for column in ("parameter", "entries", "excluded at kinks", "worst rel error", "verdict"):
        table.add_column(column, justify="left" if column in ("parameter", "verdict") else "right")
    for name, r in results.items():
        table.add_row(name, str(r.checked), str(len(r.excluded)), f"{r.max_rel_error:.1e}",
                      Text("pass", style="bold green") if r.passed else Text("FAIL", style="bold red"))
    out.print(table)
    out.print(f"tolerance: rtol {next(iter(results.values())).rtol:g}; " + ("all parameters pass" if passed else
              "FAILED: " + ", ".join(n for n, r in results.items() if not r.passed)))
    return EXIT_OK if passed else EXIT_FAILED


def cmd_errata(args, out: Console) -> int:
    from derivations import html
    from derivations.catalog.errata import check_errata

    if args.html:
        html.check_writable(args.html)
    rows = check_errata(timeout=args.timeout)
    ok = all(r["claim_verdict"] == "refuted" and r["correction_verdict"] == "proved" for r in rows)
    if args.html:
        html.write_errata(args.html, rows)
        out.print(f"wrote {args.html}", markup=False, highlight=False)
        return EXIT_OK if ok else EXIT_FAILED
    if args.json:
        print(report.strict_json({"errata": rows}))
        return EXIT_OK if ok else EXIT_FAILED
    table = Table(title="Errata of the notes", show_lines=True)
    for column, ratio in (("source", 1), ("the notes say", 3), ("the correction", 4), ("verdicts", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for r in rows:
        file, _, section = r["source"].partition(", ")
        table.add_row(Text(f"{file[:3]} {section}"), Text(r["quote"]), Text(r["explanation"]),
                      Text("claim ") + _verdict_text(r["claim_verdict"]) + Text("\ncorrection ")
                      + _verdict_text(r["correction_verdict"]))
    out.print(table)
    out.print(f"{len(rows)} errata; " + ("every claim refuted and every correction proved" if ok else "NOT all settled"))
    return EXIT_OK if ok else EXIT_FAILED


def cmd_train(args, out: Console) -> int:
    from numeric import data, trainer
    from numeric.network import Network

    dataset = data.load_csv(args.data) if args.data else data.load(args.dataset, seed=args.seed, classes=args.classes)
    train_set, test_set = dataset.split(args.test_fraction, seed=args.seed)
    norm = trainer.Normalisation.fit(train_set.X)
    train_set, test_set = norm.apply_to(train_set), (norm.apply_to(test_set) if test_set.m else None)
    layers = trainer.layers_for(dataset, args.loss, hidden=args.hidden)
    net = Network(layers, args.activation, loss=args.loss, seed=args.seed)
    settings = dict(epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.lr, seed=args.seed,
                    gradients=args.gradients)
    with _progress(args, "train: epochs") as update:
        on_epoch = None if update is None else (lambda stats: update(stats.epoch, args.epochs))
        result = trainer.train(net, train_set, test_set, **settings, on_epoch=on_epoch)
    result.dataset = dataset.name
    if result.diverged_at is not None:  # nothing worth saving or drawing
        if args.json:
            print(report.strict_json(result.as_dict()))
        Console(stderr=True).print(
            f"gradproof: training diverged at epoch {result.diverged_at} (the loss is no longer a finite number); "
            f"try a smaller --lr than {args.lr:g}" + ("; nothing saved" if args.save else ""),
            markup=False, highlight=False, soft_wrap=True)
        return EXIT_FAILED
    if args.save:
        trainer.save_model(args.save, net, normalisation=norm, meta={
            "dataset": dataset.name, "classes": dataset.n_classes, "labels": dataset.class_names})
    if args.plot:
        from numeric import plots

        plots.plot_training(args.plot, result, net, dataset, norm)
    if args.json:
        print(report.strict_json(result.as_dict()))
    else:
        _render_training(result, args, out)
    return EXIT_OK


def _render_training(result, args, out: Console) -> None:
    table = Table(title=f"gradproof train: {result.dataset}, layers {result.layers}, {result.gradients} gradients")
    for column in ("", "loss", "accuracy"):
        table.add_column(column, justify="right")
    table.add_row("train", f"{result.train_loss:.4f}", f"{result.train_accuracy:.1%}")
    if result.test_loss is not None:
        table.add_row("held out", f"{result.test_loss:.4f}", f"{result.test_accuracy:.1%}")
    out.print(table)
    out.print(f"{result.epochs} epochs in {result.seconds:.2f} s, {result.examples_per_second:,.0f} examples/s"
              + (f"; model saved to {args.save}" if args.save else "") + (f"; plot written to {args.plot}" if args.plot else ""))


def cmd_predict(args, out: Console) -> int:
    from numeric import data, trainer
    from numeric.activations import NumericError

    model = trainer.load_model(args.model)
    if args.data:  # new data: features only, or features then a label
        X, given = data.load_features(args.data, model.net.sizes[0])
    else:
        dataset = data.load(args.dataset, seed=args.seed)
        if dataset.X.shape[0] != model.net.sizes[0]:
            raise NumericError(f"{args.dataset}: {dataset.X.shape[0]} features, but the model in "
                               f"{args.model} takes {model.net.sizes[0]}")
        X, given = dataset.X, [dataset.class_names[k] for k in dataset.labels.tolist()]
    labels = model.predict_names(X)
    accuracy = None if given is None else sum(p == g for p, g in zip(labels, given)) / len(labels)
    if args.json:
        print(report.strict_json({"model": args.model, "data": args.data or args.dataset, "predictions": labels,
                                  "accuracy": accuracy}, indent=None))
        return EXIT_OK
    for label in labels:
        print(label)
    if accuracy is not None:
        Console(stderr=True).print(f"{_count(len(labels), 'prediction')}; accuracy against the given labels: "
                                   f"{accuracy:.1%}", markup=False, highlight=False)
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    """"1 file", "2 files": a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def cmd_plot(args, out: Console) -> int:
    from numeric import plots

    if args.what == "activations":
        path = plots.plot_activations(args.out)
    else:
        path = plots.plot_descent(args.out, learning_rate=args.lr, overshoot_rate=args.overshoot)
    out.print(f"wrote {path}")
    return EXIT_OK


def cmd_check(args, out: Console) -> int:
    from derivations.notes import check_paths, github_annotations, to_json

    if args.html:
        from derivations import html

        html.check_writable(args.html)
    with _progress(args, f"check: {_count(len(args.paths), 'path')}, verifications") as update:
        result = check_paths(args.paths, timeout=args.timeout, jobs=args.jobs, progress=update)
    fmt = "json" if args.json else args.format
    if args.html:
        html.write_check(args.html, result)
        out.print(f"wrote {args.html}", markup=False, highlight=False)
    elif fmt == "json":
        print(report.strict_json(to_json(result)))
    elif fmt == "github":
        for line in github_annotations(result):
            print(line)
    else:
        for file in result.files:
            _render_file(file, args.quiet, out)
        counts = result.summary
        out.print(Text(f"{counts['proved']} proved, {counts['refuted']} refuted, {counts['undecided']} undecided, "
                       f"{counts['unparsed']} unparsed links in {_count(len(result.files), 'file')}, {result.seconds:.2f} s",
                       style="bold"))
    return result.exit_code


def _render_file(file, quiet: bool, out: Console) -> None:
    """The file's links in line order, problems marked; --quiet shows only the problems."""
    links = sorted(file.links, key=lambda link: (link.cell or 0, link.line, link.column))
    shown = [link for link in links if not (quiet and link.verdict == "proved")]
    skipped = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in file.skipped.items() if n)
    out.print(Text(f"\n{file.file}", style="bold underline") + Text(f"  ({skipped} skipped)" if skipped else "",
                                                                      style="dim"))
    if shown:
        table = Table(show_header=True, show_lines=False)
        for column, ratio in (("line", 1), ("link", 5), ("verdict", 2), ("why", 5)):
            table.add_column(column, ratio=ratio, overflow="fold")
        for link in shown:
            where = f"cell {link.cell}, line {link.line}" if link.cell else str(link.line)
            mark = "✓ " if link.verdict == "proved" else "✗ "
            table.add_row(where, Text(f"{link.lhs} = {link.rhs}"), _verdict_text(link.verdict, mark), Text(_why(link)))
        out.print(table)
    if file.definitions and not quiet:
        used = "; ".join(f"{d.name} = {d.expr} (line {d.line})" for d in file.definitions)
        out.print(Text("definitions used: ", style="dim") + Text(used), soft_wrap=True)
    shown_skips = [item for item in file.skipped_items if item.kind != "definition"]
    if shown_skips and not quiet:
        out.print(Text("equations with no verdict:", style="dim"))
        for item in shown_skips:
            where = f"cell {item.cell}, line {item.line}" if item.cell else f"line {item.line}"
            out.print(Text(f"  {where}: ", style="dim") + Text(item.text) + Text(f" ({item.reason})", style="dim"),
                      soft_wrap=True)


def _why(link) -> str:
    if link.verdict == "proved":
        assuming = link.message.partition("; assuming ")[2]
        return link.method + (f"; excluded: {', '.join(link.excluded)}" if link.excluded else "") + (
            f"; assuming {assuming}" if assuming else "")
    from derivations.notes.report.hints import change

    where, what = change(link)
    if what and not link.message.startswith("line "):  # an unparsed reason names its line and column
        what = f"{where}: {what}"
    return (link.message.removeprefix("refuted: ") or link.method) + (f"\nfix: {what}" if what else "")


# ---------------------------------------------------------------- arguments

class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (the usage is in --help): the option and what it accepts."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {_printable(' '.join(message.split()))}\n")


def _printable(text: str) -> str:
    """Undecodable bytes of argv (lone surrogates) as \\udcff escapes, so any stream can print them."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _checked(check, *args):
    """An argparse type from a check of derivations/options.py, shared by every command."""
    def convert(text: str):
        try:
            return check(text, "", *args)
        except OptionError as error:
            raise argparse.ArgumentTypeError(error.reason) from None
    convert.__name__ = check.__name__
    return convert


def _timeout(p, default: float, what: str) -> None:
    p.add_argument("--timeout", type=_checked(options.seconds), default=default, metavar="S",
                   help=f"seconds {what}, more than 0 and at most {options.MAX_TIMEOUT:g} (default {default:g})")


def _jobs(p, default: int) -> None:
    p.add_argument("-j", "--jobs", type=_checked(options.jobs), default=default, metavar="N",
                   help=f"worker processes, 1 to {options.MAX_JOBS} (default {default})")


def _seed(p) -> None:
    p.add_argument("--seed", type=_checked(options.seed), default=0, metavar="N", help="a whole number >= 0 (default 0)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gradproof", description="Backpropagation, proved step by step.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("list", help="the built-in derivations").set_defaults(run=cmd_list)
    show = sub.add_parser("show", help="a derivation step by step, each step verified")
    show.add_argument("id", nargs="?")
    show.add_argument("--all", action="store_true", help="every derivation of the catalog")
    fmt = show.add_mutually_exclusive_group()
    fmt.add_argument("--latex", action="store_true", help="emit LaTeX (align*)")
    fmt.add_argument("--markdown", action="store_true", help="emit Markdown")
    fmt.add_argument("--html", metavar="PATH", help="write a typeset page (MathML) to PATH")
    show.set_defaults(run=cmd_show)
    ver = sub.add_parser("verify", help="verify derivations (all by default)")
    ver.add_argument("ids", nargs="*", metavar="ID")
    ver.add_argument("--json", action="store_true", help="print the result as JSON")
    ver.add_argument("--cache", metavar="DIR", type=_checked(options.folder), help=f"keep proved and refuted verdicts in DIR for warm runs (also "
                     f"${proof_cache.ENVIRONMENT}); the folder is trusted like installed code")
    ver.add_argument("--no-cache", action="store_true", help=f"no cache, even if ${proof_cache.ENVIRONMENT} is set")
    _jobs(ver, min(2, os.cpu_count() or 1))
    ver.set_defaults(run=cmd_verify)
    grad = sub.add_parser("gradcheck", help="check a network's backprop against finite differences")
    grad.add_argument("--layers", type=_checked(options.widths, 2, options.MAX_HIDDEN_LAYERS + 2), default="4,8,8,3",
                      help=f"layer widths, input first: 2 to {options.MAX_HIDDEN_LAYERS + 2} of them, each 1 to "
                           f"{options.MAX_WIDTH} (default 4,8,8,3)")
    grad.add_argument("--activation", default="relu", choices=["relu", "sigmoid", "tanh"])
    grad.add_argument("--loss", default="mse", choices=["mse", "sq", "bce", "cce"])
    _seed(grad)
    grad.add_argument("--json", action="store_true")
    grad.set_defaults(run=cmd_gradcheck)
    err = sub.add_parser("errata", help="the notes' mistakes: each claim refuted, each correction proved")
    err.add_argument("--json", action="store_true")
    _timeout(err, DEFAULT_TIMEOUT, "per claim")
    err.add_argument("--html", metavar="PATH", help="write a typeset page (MathML) to PATH")
    err.set_defaults(run=cmd_errata)
    tr = sub.add_parser("train", help="train a network by mini-batch SGD on the proved gradients")
    source = tr.add_mutually_exclusive_group()
    source.add_argument("--dataset", default="spirals", choices=["xor", "moons", "circles", "spirals", "digits"])
    source.add_argument("--data", metavar="FILE.csv", help="features then a label in the last column")
    tr.add_argument("--classes", type=_checked(options.count, 2, options.MAX_CLASSES), default=3, metavar="K",
                    help=f"classes of the spirals data set, 2 to {options.MAX_CLASSES} (default 3)")
    tr.add_argument("--hidden", type=_checked(options.widths, 1, options.MAX_HIDDEN_LAYERS), default="32",
                    help=f"hidden layer widths, e.g. 32 or 64,32: 1 to {options.MAX_HIDDEN_LAYERS} layers of 1 to "
                         f"{options.MAX_WIDTH} units (default 32)")
    tr.add_argument("--activation", default="relu", choices=["relu", "sigmoid", "tanh"])
    tr.add_argument("--loss", default="cce", choices=["mse", "sq", "bce", "cce"])
    tr.add_argument("--epochs", type=_checked(options.count, 1, options.MAX_EPOCHS), default=150, metavar="N",
                    help=f"1 to {options.MAX_EPOCHS} (default 150)")
    tr.add_argument("--batch-size", type=_checked(options.count, 1, options.MAX_BATCH_SIZE), default=32, metavar="N",
                    help=f"1 to {options.MAX_BATCH_SIZE} (default 32)")
    tr.add_argument("--lr", type=_checked(options.positive), default=0.3, help="learning rate, positive (default 0.3)")
    _seed(tr)
    tr.add_argument("--test-fraction", type=_checked(options.fraction), default=0.25, metavar="F",
                    help="share held out, 0 <= F < 1 (default 0.25; 0 holds nothing out)")
    tr.add_argument("--gradients", default="symbolic", choices=["symbolic", "backprop"])
    tr.add_argument("--save", type=_checked(options.output_file), metavar="MODEL.npz",
                    help="write the model here (checked before training)")
    tr.add_argument("--plot", type=_checked(options.output_file, options.PLOT_SUFFIXES), metavar="PATH.png",
                    help="loss and accuracy curves (and decision regions in 2-D); .png, .svg or .pdf")
    tr.add_argument("--json", action="store_true")
    tr.set_defaults(run=cmd_train)
    pr = sub.add_parser("predict", help="class labels from a saved model")
    pr.add_argument("--model", required=True)
    given = pr.add_mutually_exclusive_group(required=True)
    given.add_argument("--data", metavar="FILE.csv")
    given.add_argument("--dataset", choices=["xor", "moons", "circles", "spirals", "digits"])
    _seed(pr)
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(run=cmd_predict)
    pl = sub.add_parser("plot", help="pictures: activations and their derivatives, or gradient descent")
    pl.add_argument("what", choices=["activations", "descent"])
    pl.add_argument("--out", required=True, type=_checked(options.output_file, options.PLOT_SUFFIXES),
                    metavar="PATH.png", help="the picture; .png, .svg or .pdf")
    rate = _checked(options.positive, options.MAX_RATE)
    pl.add_argument("--lr", type=rate, default=0.9,
                    help=f"learning rate of the converging path (descent), positive, at most {options.MAX_RATE:g}")
    pl.add_argument("--overshoot", type=rate, default=2.1,
                    help=f"learning rate of the overshooting path (descent), positive, at most {options.MAX_RATE:g}")
    pl.set_defaults(run=cmd_plot)
    chk = sub.add_parser("check", help="check every = of your own notes (Markdown, notebooks, folders)")
    chk.add_argument("paths", nargs="+", metavar="PATH")
    chk.add_argument("--json", action="store_true", help="the same as --format json")
    chk.add_argument("--format", default="text", choices=["text", "json", "github"])
    chk.add_argument("--quiet", action="store_true", help="show only links that are not proved")
    chk.add_argument("--html", metavar="PATH", help="write the notes as a page, each link marked, to PATH")
    _timeout(chk, 3.0, "per link (a hard limit)")
    _jobs(chk, 1)
    chk.set_defaults(run=cmd_check)
    for p in (show, ver):
        _timeout(p, DEFAULT_TIMEOUT, "per step")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["verify", *argv]  # `gradproof` alone, or with verify's options, verifies
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # a usage error (one line on stderr, exit 2), or --help
        return stop.code if isinstance(stop.code, int) else EXIT_OK
    out = Console()
    try:
        return args.run(args, out)
    except BrokenPipeError:  # stdout closed early (`| head`): not an error of ours, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as error:
        if not isinstance(error, (GradproofError, *_numeric_errors())):
            raise
        Console(stderr=True).print(f"gradproof: error: {_printable(str(error))}", markup=False, highlight=False,
                                   soft_wrap=True)
        return EXIT_USAGE


def _numeric_errors() -> tuple[type, ...]:
    """NumericError, when numeric/ was imported: if it was not, no command could have raised it."""
    module = sys.modules.get("numeric.activations")
    return (module.NumericError,) if module is not None else ()


if __name__ == "__main__":
    sys.exit(main())
