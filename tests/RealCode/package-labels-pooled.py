#!/usr/bin/env python3
"""Pools package-labels.py over the held-out package sets run by run-holdouts.sh.

Usage: package-labels-pooled.py TAG ROLE [--sets "1 2 ..."] [--exclude PACKAGE ...] [--wrong]

Reads /tmp/hoN-TAG/koupleless-packages.json for each set N (default 1..26) and scores it against
labels-packages-holdoutN.tsv (N = 1: labels-packages-holdout.tsv) in ROLE (Module or Shared), leaving out the packages
named by --exclude (docs/packages.md names the ones whose single generated shape outweighs the rest). Set 1's Shared
rows are a sample (its unlabelled findings are not judged): the Shared figures of docs/packages.md pool sets 2 and up.
Prints one line per set and the pooled figures (the excluded packages' label rows are left out too, so their misses do
not count); --wrong also lists every finding labelled noise, with its label's reason.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import os
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("package_labels", os.path.join(HERE, "package-labels.py"))
labels_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(labels_module)


def labels_path(number):
    return os.path.join(HERE, f"labels-packages-holdout{'' if number == '1' else number}.tsv")


def score(report, labels, role):
    """The 'all' line of package-labels.py for one report: findings, right, wrong, unlabelled, missed."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        labels_module.main(["package-labels.py", report, labels, "--role", role])
    for line in output.getvalue().splitlines():
        if line.startswith("all "):
            cells = line.split()
            missed = int(cells[7]) if len(cells) > 7 and cells[7].isdigit() else 0
            return Counter(findings=int(cells[1]), right=int(cells[2]), wrong=int(cells[3]), unlabelled=int(cells[4]), missed=missed)
    return Counter()


def without_packages(labels_file, excluded, copy):
    """The labels with the rows of the excluded packages left out (their misses would count against recall)."""
    if not excluded:
        return labels_file
    with open(labels_file, encoding="utf-8") as source, open(copy, "w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number == 0 or line.split("\t", 1)[0] not in excluded:
                target.write(line)
    return copy


def wrong_findings(report, labels_file, role):
    labels = labels_module.read_labels(labels_file)
    for package in report["packages"]:
        for finding in package.get("findings", []):
            if finding["role"] != role:
                continue
            code = labels_module.finding_line(finding)
            where = (package["id"], package["version"], finding["ruleId"], finding["role"], finding["type"], finding["member"], code)
            row = labels.get(labels_module.key(*where, finding.get("decompiledLine"))) or labels.get(labels_module.key(*where))
            if row and row["verdict"] == "noise":
                yield f"{package['id']} {finding['ruleId']} {finding['type']}.{finding['member']} | {code[:90]} | {row['reason'][:160]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag")
    parser.add_argument("role", choices=["Module", "Shared"])
    parser.add_argument("--sets", default=" ".join(str(n) for n in range(1, 27)))
    parser.add_argument("--exclude", nargs="*", default=[])
    parser.add_argument("--wrong", action="store_true")
    arguments = parser.parse_args()

    total = Counter()
    for number in arguments.sets.split():
        path = f"/tmp/ho{number}-{arguments.tag}/koupleless-packages.json"
        if not os.path.exists(path):
            print(f"set {number}: no report at {path}", file=sys.stderr)
            continue
        report = json.load(open(path, encoding="utf-8"))
        report["packages"] = [p for p in report["packages"] if p["id"] not in arguments.exclude]
        filtered = f"/tmp/pooled-{number}-{arguments.tag}.json"
        json.dump(report, open(filtered, "w", encoding="utf-8"))
        labels = without_packages(labels_path(number), arguments.exclude, f"/tmp/pooled-{number}-{arguments.tag}.tsv")
        counts = score(filtered, labels, arguments.role)
        total.update(counts)
        print(f"set {number:>2}: findings {counts['findings']:>4}  right {counts['right']:>4}  wrong {counts['wrong']:>3}  "
              f"unlabelled {counts['unlabelled']:>3}  missed {counts['missed']:>4}")
        if arguments.wrong:
            for line in wrong_findings(report, labels_path(number), arguments.role):
                print(f"    wrong: {line}")
    judged = total["right"] + total["wrong"]
    hazards = total["right"] + total["missed"]
    print(f"all {arguments.role}: findings {total['findings']}, right {total['right']}, wrong {total['wrong']}, "
          f"unlabelled {total['unlabelled']}, precision {100 * total['right'] / max(judged, 1):.1f} %, "
          f"missed {total['missed']}, recall {100 * total['right'] / max(hazards, 1):.1f} %")


if __name__ == "__main__":
    main()
