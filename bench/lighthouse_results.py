"""Read Lighthouse JSON reports; print a table and write it to bench/RESULTS.md's "## Lighthouse".

    python bench/lighthouse_results.py "<browser version>" NAME.RUN.json [...]

Reports of one page (same NAME) are several runs: the row shows the run with the median
performance score, and the range of performance scores seen.
"""
import datetime
import json
import os
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOAL_BYTES = 30 * 1024


def row(name, paths):
    runs = sorted((json.loads(Path(path).read_text()) for path in paths),
                  key=lambda report: report["categories"]["performance"]["score"])
    report = runs[(len(runs) - 1) // 2]
    performance = [round(run["categories"]["performance"]["score"] * 100) for run in runs]
    scores = [round(report["categories"][name]["score"] * 100) for name in CATEGORIES]
    resources = {item["resourceType"]: item for item in report["audits"]["resource-summary"]["details"]["items"]}
    total = report["audits"]["total-byte-weight"]["numericValue"]
    styles_scripts = sum(resources.get(kind, {}).get("transferSize", 0) for kind in ("stylesheet", "script"))
    metrics = report["audits"]
    scores[0] = f"{scores[0]} ({min(performance)}–{max(performance)} in {len(runs)} runs)"
    return (f"| {name} (`/{report['finalDisplayedUrl'].split('/', 3)[-1]}`) | "
            + " | ".join(str(score) for score in scores)
            + f" | {total / 1024:.1f} KB | {styles_scripts / 1024:.1f} KB | {resources['total']['requestCount']} | "
            f"{metrics['first-contentful-paint']['displayValue']} / {metrics['largest-contentful-paint']['displayValue']} |"), \
        report["lighthouseVersion"], total


def main(browser, *reports):
    rows, version, totals = [], "", []
    by_page = {}
    for path in reports:
        by_page.setdefault(Path(path).name.split(".")[0], []).append(path)
    for name, paths in by_page.items():
        line, version, total = row(name, paths)
        rows.append(line)
        totals.append(total)
    log = Path(os.environ.get("BENCH_RETRY_LOG", "/nonexistent"))
    retries = [line.split("\t") for line in log.read_text().splitlines()] if log.exists() else []
    retried = (f"{len(retries)} runs aborted by Lighthouse and run again: "
               + "; ".join(f"{label} ({reason})" for label, reason in retries) + ".") if retries else \
        "No run was aborted by Lighthouse."
    section = "\n".join([
        "## Lighthouse",
        "",
        f"`bench/lighthouse.sh`, {datetime.date.today().isoformat()}: Lighthouse {version} (default mobile "
        f"emulation, simulated throttling), {browser}, site served by gunicorn with DEBUG off. "
        "Bytes are as transferred (compressed where the server compresses).",
        "",
        "| page | performance (median run) | accessibility | best practices | SEO | transferred | of it CSS + JS | requests | FCP / LCP |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        retried,
        "",
        f"Goal: accessibility, best practices and SEO 100, performance at least 95, at most 30 KB per page: "
        f"{'met' if all(t <= GOAL_BYTES for t in totals) else 'NOT met'} for bytes on every page above.",
        "",
    ])
    print(section)
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(r"^## Lighthouse\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)


if __name__ == "__main__":
    main(*sys.argv[1:])
