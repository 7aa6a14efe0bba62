#!/usr/bin/env python3
"""Print when a run's work happened, from the score cache's own logs.

Every sampled item is a row of `generation` and every scored group a row of `scoring`, each with
its finishing time and its duration. Rows closer than --gap seconds form one segment of work; a
run stopped and resumed across sessions is the sum of its segments.

    python3 scripts/experiments/cache_timeline.py [--cache PATH] [--since 'YYYY-MM-DD HH:MM'] [--min-requests N]

--min-requests keeps scoring groups with more requests than N (open-ended items have 3 per
chain), --since drops rows that finished earlier (UTC). Standard library only; read-only.
"""
import argparse
import datetime
import os
import sqlite3
import sys


def segments(rows, gap):
    """rows: (finished_at, milliseconds, tokens); returns [start, end, rows, tokens] per segment."""
    out = []
    for finished, milliseconds, tokens in sorted(rows):
        if out and finished - out[-1][1] <= gap:
            out[-1][1] = finished
            out[-1][2] += 1
            out[-1][3] += tokens
        else:
            out.append([finished - milliseconds / 1000, finished, 1, tokens])
    return out


def utc(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def report(title, rows, gap):
    total = 0.0
    print(title)
    for start, end, count, tokens in segments(rows, gap):
        total += end - start
        print(f"  {utc(start)} – {utc(end)[11:]}  {count:5d} rows  {tokens:8d} tokens  {(end - start) / 60:6.1f} min")
    print(f"  total {total / 60:.1f} min")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=os.path.expanduser("~/.cache/consensus/scores.sqlite"))
    parser.add_argument("--since", help="UTC, e.g. '2026-11-27 13:00'")
    parser.add_argument("--min-requests", type=int, default=0)
    parser.add_argument("--gap", type=float, default=300, help="seconds between segments (default 300)")
    args = parser.parse_args()

    if not os.path.exists(args.cache):
        sys.exit(f"cache_timeline: no score cache at {args.cache}")
    since = 0.0
    if args.since:
        try:
            since = datetime.datetime.strptime(args.since, "%Y-%m-%d %H:%M").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            sys.exit(f"cache_timeline: --since '{args.since}' is not 'YYYY-MM-DD HH:MM'")
    try:
        db = sqlite3.connect(f"file:{args.cache}?mode=ro", uri=True)
        generation = db.execute(
            "SELECT generated_at, milliseconds, tokens_evaluated FROM generation WHERE generated_at >= ?",
            (since,)).fetchall()
        scoring = db.execute(
            "SELECT scored_at, milliseconds, tokens_evaluated FROM scoring WHERE scored_at >= ? AND requests > ?",
            (since, args.min_requests)).fetchall()
    except sqlite3.DatabaseError as error:
        sys.exit(f"cache_timeline: {args.cache} is not a consensus score cache ({error})")
    report("sampling (generation)", generation, args.gap)
    report(f"scoring (groups of more than {args.min_requests} requests)", scoring, args.gap)


if __name__ == "__main__":
    main()
