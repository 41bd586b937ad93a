"""gradproof's command line: parse arguments, call the library, render with rich (or print JSON).

Exit codes: 0 every selected claim proved (or a command succeeded), 1 a verdict other than proved
or a failed check, 2 bad input or usage (one line on stderr, never a traceback).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from derivations import catalog, html, report
from derivations.errors import GradproofError
from derivations.prove import DEFAULT_TIMEOUT, verify, verify_all
from numeric import agreement
from numeric.activations import NumericError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STYLE = {"proved": "bold green", "refuted": "bold red", "undecided": "bold yellow"}


def _verdict_text(verdict: str, mark: str = "") -> Text:
    return Text(mark + verdict, style=STYLE.get(verdict, "bold"))


# ---------------------------------------------------------------- commands

def cmd_list(args, out: Console) -> int:
    table = Table(title="gradproof derivations")
    for column in ("id", "title", "source", "steps"):
        table.add_column(column, justify="right" if column == "steps" else "left")
    for d in catalog.all_derivations():
        table.add_row(Text(d.id), Text(d.title), Text(d.source), str(len(d.steps)))
    out.print(table)
    return EXIT_OK


def cmd_show(args, out: Console) -> int:
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
    derivations = catalog.select(args.ids)
    start = time.perf_counter()
    rows = verify_all(derivations, args.timeout, args.jobs, extra=_numeric_check)
    results = [result for result, _ in rows]
    numeric = {result.derivation.id: found for result, found in rows}
    seconds = time.perf_counter() - start
    ok = all(r.verdict == "proved" for r in results) and all(a.passed for a in numeric.values() if a)
    if args.json:
        data = report.verify_json(results, seconds)
        for entry in data["derivations"]:
            found = numeric[entry["id"]]
            entry["numeric"] = agreement.to_json(found) if found else None
        print(json.dumps(data, indent=2))
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
              f"steps in {len(results)} derivations; symbolic = backprop = finite differences in "
              f"{sum(a.passed for a in checked)} of {len(checked)}; {seconds:.2f} s")
    for a in checked:
        for name, comparison in a.details.items():
            if comparison.failing:
                out.print(Text(f"{a.derivation_id}: {name} disagree: {comparison.worst}", style="red"), soft_wrap=True)
    return EXIT_OK if ok else EXIT_FAILED


def _numeric_check(derivation):
    return agreement.check_derivation(derivation.id, derivation=derivation)


def _numeric_text(found) -> Text:
    if found is None:
        return Text("-", style="dim")
    return Text(f"{found.max_rel_error:.1e}", style="green" if found.passed else "bold red")


def cmd_gradcheck(args, out: Console) -> int:
    layers = _int_list(args.layers, "--layers")
    results = agreement.gradcheck_network(layers, args.activation, args.loss, seed=args.seed)
    passed = all(r.passed for r in results.values())
    if args.json:
        print(json.dumps({"layers": layers, "activation": args.activation, "loss": args.loss, "seed": args.seed,
                          "passed": passed, "parameters": {name: _gradcheck_json(r) for name, r in results.items()}},
                         indent=2))
        return EXIT_OK if passed else EXIT_FAILED
    table = Table(title=f"gradproof gradcheck {args.layers} {args.activation} {args.loss} seed {args.seed}")
    for column in ("parameter", "entries", "excluded at kinks", "worst rel error", "verdict"):
        table.add_column(column, justify="left" if column in ("parameter", "verdict") else "right")
    for name, r in results.items():
        table.add_row(name, str(r.checked), str(len(r.excluded)), f"{r.max_rel_error:.1e}",
                      Text("pass", style="bold green") if r.passed else Text("FAIL", style="bold red"))
    out.print(table)
    out.print(f"tolerance: rtol {next(iter(results.values())).rtol:g}; " + ("all parameters pass" if passed else
              "FAILED: " + ", ".join(n for n, r in results.items() if not r.passed)))
    return EXIT_OK if passed else EXIT_FAILED


def _gradcheck_json(r) -> dict:
    return {"passed": r.passed, "max_rel_error": r.max_rel_error, "checked": r.checked,
            "excluded": len(r.excluded), "worst": [str(e) for e in r.worst[:3]]}


def _int_list(text: str, option: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",")]
    except ValueError:
        raise NumericError(f"{option} takes comma-separated whole numbers, got {text!r}") from None
    return values


def cmd_errata(args, out: Console) -> int:
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
        print(json.dumps({"errata": rows}, indent=2))
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
    layers = trainer.layers_for(train_set, args.loss, hidden=_int_list(args.hidden, "--hidden"))
    net = Network(layers, args.activation, loss=args.loss, seed=args.seed)
    options = dict(epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.lr, seed=args.seed,
                   gradients=args.gradients)
    if args.json:
        result = trainer.train(net, norm.apply_to(train_set), norm.apply_to(test_set), **options)
    else:
        result = _train_with_progress(trainer, net, norm.apply_to(train_set), norm.apply_to(test_set), options, out)
    result.dataset = dataset.name
    if args.save:
        trainer.save_model(args.save, net, normalisation=norm, meta={"dataset": dataset.name, "classes": dataset.n_classes})
    if args.plot:
        from numeric import plots

        plots.plot_training(args.plot, result, net, dataset, norm)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        _render_training(result, args, out)
    return EXIT_OK


def _train_with_progress(trainer, net, train_set, test_set, options, out: Console):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("epoch {task.completed}/{task.total}"), BarColumn(), TextColumn("{task.fields[stats]}"),
               TimeElapsedColumn())
    with Progress(*columns, console=out, transient=False) as progress:
        task = progress.add_task("train", total=options["epochs"], stats="")
        return trainer.train(net, train_set, test_set, **options, on_epoch=lambda s: progress.update(
            task, completed=s.epoch, stats=f"loss {s.loss:.4f}  accuracy {s.accuracy:.1%}"))


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

    model = trainer.load_model(args.model)
    dataset = data.load_csv(args.data) if args.data else data.load(args.dataset, seed=args.seed)
    if dataset.X.shape[0] != model.net.sizes[0]:
        raise NumericError(f"{args.data or args.dataset}: {dataset.X.shape[0]} features, but the model in "
                           f"{args.model} takes {model.net.sizes[0]}")
    labels = model.predict(dataset.X)
    accuracy = float((labels == dataset.labels).mean())
    if args.json:
        print(json.dumps({"model": args.model, "data": args.data or args.dataset, "predictions": labels.tolist(),
                          "accuracy": accuracy}))
    else:
        out.print(" ".join(str(v) for v in labels.tolist()), soft_wrap=True)
        out.print(f"{len(labels)} predictions; accuracy against the last column: {accuracy:.1%}")
    return EXIT_OK


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
        html.check_writable(args.html)
    result = check_paths(args.paths, timeout=args.timeout, jobs=args.jobs)
    fmt = "json" if args.json else args.format
    if args.html:
        html.write_check(args.html, result)
        out.print(f"wrote {args.html}", markup=False, highlight=False)
    elif fmt == "json":
        print(json.dumps(to_json(result), indent=2))
    elif fmt == "github":
        for line in github_annotations(result):
            print(line)
    else:
        for file in result.files:
            _render_file(file, args.quiet, out)
        counts = result.summary
        out.print(Text(f"{counts['proved']} proved, {counts['refuted']} refuted, {counts['undecided']} undecided, "
                       f"{counts['unparsed']} unparsed links in {len(result.files)} files, {result.seconds:.2f} s",
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
    return link.message.removeprefix("refuted: ") or link.method


# ---------------------------------------------------------------- arguments

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gradproof", description="Backpropagation, proved step by step.")
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
    ver.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                     help="worker processes (default: up to 2 cores)")
    ver.set_defaults(run=cmd_verify)
    grad = sub.add_parser("gradcheck", help="check a network's backprop against finite differences")
    grad.add_argument("--layers", default="4,8,8,3", help="layer widths, input first (default 4,8,8,3)")
    grad.add_argument("--activation", default="relu", choices=["relu", "sigmoid", "tanh"])
    grad.add_argument("--loss", default="mse", choices=["mse", "sq", "bce", "cce"])
    grad.add_argument("--seed", type=int, default=0)
    grad.add_argument("--json", action="store_true")
    grad.set_defaults(run=cmd_gradcheck)
    err = sub.add_parser("errata", help="the notes' mistakes: each claim refuted, each correction proved")
    err.add_argument("--json", action="store_true")
    err.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per claim")
    err.add_argument("--html", metavar="PATH", help="write a typeset page (MathML) to PATH")
    err.set_defaults(run=cmd_errata)
    tr = sub.add_parser("train", help="train a network by mini-batch SGD on the proved gradients")
    source = tr.add_mutually_exclusive_group()
    source.add_argument("--dataset", default="spirals", choices=["xor", "moons", "circles", "spirals", "digits"])
    source.add_argument("--data", metavar="FILE.csv", help="features then a label in the last column")
    tr.add_argument("--classes", type=int, default=3, help="classes of the spirals data set")
    tr.add_argument("--hidden", default="32", help="hidden layer widths, e.g. 32 or 64,32 (default 32)")
    tr.add_argument("--activation", default="relu", choices=["relu", "sigmoid", "tanh"])
    tr.add_argument("--loss", default="cce", choices=["mse", "sq", "bce", "cce"])
    tr.add_argument("--epochs", type=int, default=150)
    tr.add_argument("--batch-size", type=int, default=32)
    tr.add_argument("--lr", type=float, default=0.3, help="learning rate")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--test-fraction", type=float, default=0.25)
    tr.add_argument("--gradients", default="symbolic", choices=["symbolic", "backprop"])
    tr.add_argument("--save", metavar="MODEL.npz")
    tr.add_argument("--plot", metavar="PATH.png", help="loss and accuracy curves (and decision regions in 2-D)")
    tr.add_argument("--json", action="store_true")
    tr.set_defaults(run=cmd_train)
    pr = sub.add_parser("predict", help="class labels from a saved model")
    pr.add_argument("--model", required=True)
    given = pr.add_mutually_exclusive_group(required=True)
    given.add_argument("--data", metavar="FILE.csv")
    given.add_argument("--dataset", choices=["xor", "moons", "circles", "spirals", "digits"])
    pr.add_argument("--seed", type=int, default=0)
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(run=cmd_predict)
    pl = sub.add_parser("plot", help="pictures: activations and their derivatives, or gradient descent")
    pl.add_argument("what", choices=["activations", "descent"])
    pl.add_argument("--out", required=True, metavar="PATH.png")
    pl.add_argument("--lr", type=float, default=0.9, help="learning rate of the converging path (descent)")
    pl.add_argument("--overshoot", type=float, default=2.1, help="learning rate of the overshooting path (descent)")
    pl.set_defaults(run=cmd_plot)
    chk = sub.add_parser("check", help="check every = of your own notes (Markdown, notebooks, folders)")
    chk.add_argument("paths", nargs="+", metavar="PATH")
    chk.add_argument("--json", action="store_true", help="the same as --format json")
    chk.add_argument("--format", default="text", choices=["text", "json", "github"])
    chk.add_argument("--quiet", action="store_true", help="show only links that are not proved")
    chk.add_argument("--html", metavar="PATH", help="write the notes as a page, each link marked, to PATH")
    chk.add_argument("--timeout", type=float, default=3.0, help="seconds per link (a hard limit)")
    chk.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
    chk.set_defaults(run=cmd_check)
    for p in (show, ver):
        p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per step")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["verify", *argv]  # `gradproof` alone, or with verify's options, verifies
    args = parser.parse_args(argv)
    out = Console()
    try:
        return args.run(args, out)
    except (GradproofError, NumericError) as error:
        Console(stderr=True).print(f"gradproof: error: {error}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
