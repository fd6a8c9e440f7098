"""The `nukumori` command (docs/contract.md): serve, classify, train, eval, models, user."""
from __future__ import annotations

import argparse
import json
import sys

from .settings import Settings


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def cmd_classify(args, settings: Settings) -> int:
    from router.pipeline import InputError, check_text

    from .service import load_router

    router = load_router(settings)
    if args.jsonl is None:
        if args.text is None:
            print("nukumori classify: give TEXT or --jsonl FILE", file=sys.stderr)
            return 2
        try:
            _print_json(router.route(check_text(args.text, settings.max_chars)))
        except InputError as e:
            print(f"nukumori classify: {e}", file=sys.stderr)
            return 2
        return 0
    stream = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8", errors="replace")
    status = 0
    with stream:
        for n, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise InputError("each line must be a JSON object with a \"text\" key")
                result = router.route(check_text(obj.get("text"), settings.max_chars))
                extra = {k: v for k, v in obj.items() if k != "text" and k not in result}
                _print_json({**extra, **result})
            except (json.JSONDecodeError, InputError) as e:
                # One bad line must not lose the others: report it in place and go on.
                msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
                _print_json({"error": f"line {n}: {msg}"})
                status = 1
    return status


def cmd_train(args, settings: Settings) -> int:
    from training.corpus import DataError, load_split, read_file

    from .service import train_and_register

    examples = [] if args.only else load_split("train")
    try:
        for f in args.data or []:
            examples += read_file(f, source=f"file:{f}")
    except (DataError, OSError) as e:
        print(f"nukumori train: {e}", file=sys.stderr)
        return 2
    if args.only and not args.data:
        print("nukumori train: --only needs at least one --data FILE", file=sys.stderr)
        return 2
    try:
        version = train_and_register(settings, examples, {"sources": ["bundled"] * (not args.only) + list(args.data or [])})
    except ValueError as e:
        print(f"nukumori train: cannot train on this data: {e}", file=sys.stderr)
        return 2
    print(version)
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from training.corpus import DataError, read_file
    from training.report import evaluation_report, print_report

    from .service import load_router

    from pathlib import Path

    try:
        data = Path(args.data)
        files = sorted(p for p in data.iterdir() if p.suffix in (".jsonl", ".csv")) if data.is_dir() else [data]
        if not files:
            raise DataError(str(data), ["no .jsonl or .csv files in this folder"])
        examples = [e for f in files for e in read_file(f)]
    except (DataError, OSError) as e:
        print(f"nukumori eval: {e}", file=sys.stderr)
        return 2
    router = load_router(settings)
    report = evaluation_report(router, examples, baselines=not args.no_baselines, cv=args.cv,
                               out_dir=args.out)
    if args.json:
        _print_json(report)
    else:
        print_report(report)
    return 0


def cmd_models(args, settings: Settings) -> int:
    from router.model import ModelError
    from training.registry import Registry

    reg = Registry(settings.data_dir)
    try:
        if args.action == "list":
            versions = reg.versions()
            if args.json:
                _print_json([{k: m.get(k) for k in ("version", "created", "in_service", "n_examples", "data_sha256", "sha256")}
                             for m in versions])
            else:
                for m in versions:
                    print(f"{'*' if m['in_service'] else ' '} {m['version']}  {m['created']}  {m.get('n_examples', '?')} examples")
                if not versions:
                    print("no model versions yet (nukumori train)")
        elif args.action == "promote":
            from training.retrain import gate, read_report
            from web.db import audit, connect

            reg.meta(args.version)
            refused = gate(read_report(reg, args.version) or {})
            if refused and not args.reason:
                print("nukumori models: promotion refused: " + "; ".join(refused) + " (give --reason to override)", file=sys.stderr)
                return 2
            reg.promote(args.version)
            with connect(settings.data_dir) as con:
                audit(con, "cli", "model.promote", args.version + (f" (override: {args.reason}; gate: {'; '.join(refused)})" if refused else ""))
            print(f"in service: {args.version}")
        elif args.action == "rollback":
            from web.db import audit, connect

            version = reg.rollback()
            with connect(settings.data_dir) as con:
                audit(con, "cli", "model.rollback", version)
            print(f"in service: {version}")
    except ModelError as e:
        print(f"nukumori models: {e}", file=sys.stderr)
        return 2
    return 0


def cmd_serve(args, settings: Settings) -> int:
    import uvicorn

    from training.registry import Registry

    # Train before binding, so that each worker then loads the model once. Only when there is
    # no model: the rest of the router is the workers' to import, not this supervisor's.
    if Registry(settings.data_dir).in_service() is None:
        from .service import ensure_model

        ensure_model(settings)
    uvicorn.run("web.worker:app_from_env", factory=True, host=args.host or settings.host, port=args.port or settings.port,
                workers=settings.workers, log_level=settings.log_level, access_log=settings.access_log,
                http="web.tcp:NoDelayHttpToolsProtocol", loop="asyncio")
    return 0


def cmd_user(args, settings: Settings) -> int:
    import getpass

    from web.accounts import AccountError, Accounts

    if sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("nukumori user add: the passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        Accounts(settings.data_dir).add(args.name, password, args.role)
    except AccountError as e:
        print(f"nukumori user add: {e}", file=sys.stderr)
        return 2
    print(f"created {args.role} account {args.name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nukumori", description="Consultation router for 小美玉市's welfare counters.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="serve the web app")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.set_defaults(func=cmd_serve)

    c = sub.add_parser("classify", help="route one inquiry (JSON) or JSON lines")
    c.add_argument("text", nargs="?")
    c.add_argument("--jsonl", metavar="FILE", help="JSON lines with a text key; - for stdin")
    c.set_defaults(func=cmd_classify)

    t = sub.add_parser("train", help="train and register a model version")
    t.add_argument("--data", action="append", metavar="FILE", help="CSV (text,labels) or JSON lines; repeatable")
    t.add_argument("--only", action="store_true", help="train on the given files alone")
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("eval", help="accuracy of the current model on labelled JSON lines")
    e.add_argument("--data", required=True, help="a CSV or JSON lines file, or a folder of them")
    e.add_argument("--no-baselines", action="store_true", help="skip the keyword and character n-gram baselines")
    e.add_argument("--cv", type=int, default=0, metavar="K", help="also K-fold cross-validation on the bundled train split")
    e.add_argument("--out", metavar="DIR", help="write the confusion matrix image and text here")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_eval)

    m = sub.add_parser("models", help="model versions")
    msub = m.add_subparsers(dest="action", required=True)
    ml = msub.add_parser("list")
    ml.add_argument("--json", action="store_true")
    mp = msub.add_parser("promote")
    mp.add_argument("version")
    mp.add_argument("--reason", help="override a refused promotion gate; kept in the audit log")
    msub.add_parser("rollback")
    m.set_defaults(func=cmd_models)

    u = sub.add_parser("user", help="accounts")
    usub = u.add_subparsers(dest="action", required=True)
    ua = usub.add_parser("add")
    ua.add_argument("name")
    ua.add_argument("--role", choices=["staff", "admin"], required=True)
    u.set_defaults(func=cmd_user)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
