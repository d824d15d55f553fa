"""The first search a gunicorn worker answers, with the spelling word lists read as the worker
starts (gunicorn.conf.py's post_worker_init) and, side by side, read on that first search.

    .venv/bin/python bench/first_search.py [--restarts 5]

Each restart is a fresh gunicorn with one worker, on SQLite, with our content loaded and
indexed. Once /healthz answers, it is timed on: a static file (the baseline), the first search
(with a misspelt word, so the speller runs), then ten more searches. Every search is different,
so none is answered from the results cache. The worker's resident memory is read after the
searches. Nothing is asserted: machines are noisy; read the ratios.
"""
import argparse
import statistics
import time
from pathlib import Path
from urllib.parse import quote_plus

from harness import ROOT, gunicorn, machine, prepare_site, site_env, workdir

FIRST = "paliative care for {}"
LATER = ["how long can i live with stage {}", "help paying bills {}", "clinical trails near me {}",
         "my mum has mets what now {}", "sopport groups {}", "what is metastatic {}", "hospice or paliative {}",
         "time off work caring {}", "komen reserch {}", "treatmnet options {}"]
RELATIVES = ["my mum", "my wife", "my sister", "my dad", "my friend", "my aunt", "my husband", "my nan"]
STATIC = "/static/css/site.css"


def timed(server, path):
    started = time.perf_counter()
    status = server.get(path)[0]
    assert status == 200, (path, status)
    return (time.perf_counter() - started) * 1000


def search(text):
    return "/search/?q=" + quote_plus(text)


def one_restart(env, tmp, config, run):
    relative = RELATIVES[run % len(RELATIVES)]
    with gunicorn(env, tmp / "logs", workers=1, config=config) as server:
        static = statistics.median(timed(server, STATIC) for _ in range(5))
        first = timed(server, search(FIRST.format(relative)))
        later = statistics.median(timed(server, search(text.format(f"{relative} {run}"))) for text in LATER)
        rss = server.worker_rss_mb()[0]
    return static, first, later, rss


def without_hook(tmp):
    """gunicorn.conf.py as it is, less post_worker_init: the word lists wait for a search."""
    config = tmp / "gunicorn-without-hook.conf.py"
    config.write_text(
        "import runpy\n"
        f"globals().update({{name: value for name, value in runpy.run_path({str(ROOT / 'gunicorn.conf.py')!r}).items()\n"
        "                 if name != 'post_worker_init' and not name.startswith('__')})\n"
    )
    return config


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=5)
    args = parser.parse_args()
    with workdir("first-search") as tmp:
        content = ROOT / "content"
        env = site_env(f"sqlite:///{tmp / 'site.sqlite3'}", content, tmp)
        prepare_site(env)
        configs = {"word lists read as the worker starts": ROOT / "gunicorn.conf.py",
                   "word lists read on the first search": without_hook(tmp)}
        rows = {label: [] for label in configs}
        for run in range(args.restarts):  # alternate, so a busy moment on the machine hits both
            for label, config in configs.items():
                rows[label].append(one_restart(env, tmp, config, run))
        print(f"Machine: {machine()}")
        print(f"{args.restarts} restarts each, one worker; medians, ms; ratio = first search / static file\n")
        print("| worker | static file | first search | ratio | later searches | ratio | worker RSS (MiB) |")
        print("|---|---|---|---|---|---|---|")
        for label, runs in rows.items():
            static, first, later, rss = (statistics.median(column) for column in zip(*runs))
            print(f"| {label} | {static:.1f} | {first:.1f} | {first / static:.0f}× | {later:.1f} | "
                  f"{later / static:.0f}× | {rss:.0f} |")


if __name__ == "__main__":
    main()
