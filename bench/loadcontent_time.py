"""How long `loadcontent` (and `rebuild_index`, when installed) takes for the 2,802-page corpus,
on PostgreSQL and on SQLite, as the commands an editor runs (Python start-up included).

Goals: first load (+ index) <= 30 s; a reload with nothing changed <= 2 s.

    .venv/bin/python bench/loadcontent_time.py [--corpus DIR]
"""
import argparse
from pathlib import Path

from harness import CORPUS, copy_site_content, has_command, machine, manage, postgres, site_env, workdir


def measure(env, corpus):
    manage(env, "migrate", "--noinput", "-v0")
    startup, _ = manage(env, "help", "loadcontent")
    rows = [("Django start-up alone (manage.py help)", startup, None, "")]
    args = ("loadcontent", "--path", str(corpus), "--allow-extra-fields")
    took, result = manage(env, *args)
    # With the search app, loadcontent builds the index itself when its transaction commits.
    indexed = (Path(env["MBCINFO_SEARCH_INDEX_DIR"]) / "CURRENT").exists()
    rows.append(("first load" + (" (+ search index)" if indexed else ""), took, 30,
                 result.stdout.strip().splitlines()[-1]))
    took, result = manage(env, *args)
    rows.append(("reload, nothing changed", took, 2, result.stdout.strip().splitlines()[-1]))
    if has_command(env, "rebuild_index"):
        took, _ = manage(env, "rebuild_index")
        rows.append(("rebuild_index", took, None, ""))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    pages = sum(1 for _ in args.corpus.glob("*.md"))
    results = {}
    with workdir("loadcontent") as tmp:
        # The site's own content directory (site.yaml, glossary.yaml: every command's system
        # checks read them); the corpus is loaded with --path.
        content = copy_site_content(tmp)
        # Each database gets its own index directory: both runs reach content generation 1, and
        # an index built from the other database would pass for current.
        with postgres(tmp) as pg:
            results["PostgreSQL 15"] = measure(site_env(pg.url, content, tmp / "pg"), args.corpus)
        results["SQLite"] = measure(site_env(f"sqlite:///{tmp / 'bench.sqlite3'}", content, tmp / "sqlite"),
                                    args.corpus)
    print(f"# loadcontent on {args.corpus.name} ({pages} .md files) — {machine()}")
    print("| database | step | seconds | goal | ratio to goal | report |")
    print("|---|---|---|---|---|---|")
    for database, rows in results.items():
        for step, seconds, goal, report in rows:
            ratio = f"{seconds / goal:.2f}" if goal else ""
            print(f"| {database} | {step} | {seconds:.2f} | {goal or ''} | {ratio} | {report} |")


if __name__ == "__main__":
    main()
