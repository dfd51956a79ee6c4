#!/usr/bin/env python3
"""Scores the findings of a `koupleless packages` JSON report against labelled package findings.

Usage: package-labels.py REPORT LABELS [--role Module|Shared] [--unlabelled OUT.tsv]

LABELS is a TSV (header: package, version, ruleId, role, type, member, code, line, verdict, reason, shape) with one row
per judged place. `code` is the text of the decompiled line the finding is on (white space normalised when matched),
so two findings of one member on different lines are judged apart and the same finding in two RID builds of a package
shares its row; `line` (the decompiled line number) is filled only where one member has the same text on two lines
judged differently, and such a row matches only that line. verdict is `hazard` (the finding is right) or `noise`
(wrong); a `hazard` row whose reason starts with "missed:" is a hazard found by reading that no finding reached.

Prints per rule, for the packages the rows cover: findings, right, wrong, unlabelled, precision, and — when the rows
include misses, i.e. the set was searched for them — missed and recall. Lists every finding no row covers; with
--unlabelled writes them as rows to judge. --role keeps only the findings of one role (the rows of the closure are
the Module pass's). A process-wide finding (KPL1003, KPL1004) is kept once by the report, in one role: a miss row of the
other role with the same rule, type, member and code counts as found (and right) for that role. A miss row filed under
one rule ID is found when a finding of another rule, labelled right, lands on the same package, role, type, member and
code (a searcher guesses the ID before a rule for the hazard exists); it is then counted once, as that finding. Only
the judging is read here; the findings come from the analyzers.
"""
import csv
import json
import sys
from collections import Counter, defaultdict


# Kept once for both roles by the report (KPL1003, KPL1004: the same process state whoever writes it).
PROCESS_WIDE_RULES = {"KPL1003", "KPL1004"}


def normalise(text):
    return " ".join(text.split())


def finding_line(finding):
    snippet = finding.get("snippet") or []
    index = (finding.get("decompiledLine") or 0) - (finding.get("snippetStartLine") or 0)
    return normalise(snippet[index]) if 0 <= index < len(snippet) else ""


def key(package, version, rule, role, type_name, member, code, line=""):
    # A nested type is written Outer.Inner by the report and Outer+Inner (metadata's spelling) by some labellers.
    return (package, version, rule, role, type_name.replace("+", "."), member, normalise(code), str(line or ""))


def place(package, version, rule, role, type_name, member, code, line=""):
    return (package, version, role, type_name, member, code)


def read_labels(path):
    labels = {}
    with open(path, newline="", encoding="utf-8") as stream:
        for number, row in enumerate(csv.DictReader(stream, delimiter="\t"), start=2):
            verdict = (row.get("verdict") or "").strip()
            if verdict not in ("hazard", "noise"):
                print(f"{path}:{number}: verdict '{verdict}' is neither hazard nor noise; row skipped", file=sys.stderr)
                continue
            labels[key(row["package"], row["version"], row["ruleId"], row["role"], row["type"], row["member"], row["code"], row.get("line"))] = row
    return labels


def is_miss(row):
    return row["verdict"] == "hazard" and row["reason"].startswith("missed:")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    report = json.load(open(argv[1], encoding="utf-8"))
    labels = read_labels(argv[2])
    unlabelled_out = argv[argv.index("--unlabelled") + 1] if "--unlabelled" in argv else None
    role = argv[argv.index("--role") + 1] if "--role" in argv else None
    covered = {(k[0], k[1]) for k in labels}

    counts = defaultdict(Counter)
    unlabelled = []
    reached = set()
    # Where a finding judged right is (any rule): a miss row filed under another ID is found there.
    right_places = set()
    # The report keeps a process-wide finding once, for both roles (PackageJudge): where it is, it answers the other role's row.
    process_wide_anywhere = set()
    for package in report.get("packages", []):
        if (package["id"], package["version"]) not in covered:
            continue
        for finding in package.get("findings", []):
            if finding["ruleId"] in PROCESS_WIDE_RULES:
                process_wide_anywhere.add(key(package["id"], package["version"], finding["ruleId"], "", finding["type"], finding["member"], finding_line(finding)))
            if role is not None and finding["role"] != role:
                continue
            code = finding_line(finding)
            where = (package["id"], package["version"], finding["ruleId"], finding["role"], finding["type"], finding["member"], code)
            label_key = key(*where, finding.get("decompiledLine"))
            if label_key not in labels:
                label_key = key(*where)
            row = labels.get(label_key)
            rule = finding["ruleId"]
            if row is None:
                counts[rule]["unlabelled"] += 1
                unlabelled.append((package["id"], package["version"], rule, finding["role"], finding["type"], finding["member"], code))
            else:
                reached.add(label_key)
                counts[rule]["right" if row["verdict"] == "hazard" else "wrong"] += 1
                if row["verdict"] == "hazard":
                    right_places.add(place(*key(*where)))

    # Rows of a set (and role) not searched for misses give no recall.
    searched = any(is_miss(row) and (role is None or row["role"] == role) for row in labels.values())
    for label_key, row in labels.items():
        if is_miss(row) and label_key not in reached and (role is None or row["role"] == role) and place(*label_key) not in right_places:
            any_role = key(row["package"], row["version"], row["ruleId"], "", row["type"], row["member"], row["code"])
            counts[row["ruleId"]]["right" if role is not None and any_role in process_wide_anywhere else "missed"] += 1

    print(f"{'rule':<8} {'findings':>8} {'right':>6} {'wrong':>6} {'unlabelled':>10} {'precision':>9} {'missed':>6} {'recall':>6}")
    total = Counter()
    for rule in sorted(counts):
        total.update(counts[rule])
        print(line(rule, counts[rule], searched))
    print(line("all", total, searched))
    for item in unlabelled:
        print("unlabelled: " + " | ".join(item))
    if unlabelled_out:
        with open(unlabelled_out, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
            writer.writerow(["package", "version", "ruleId", "role", "type", "member", "code", "line", "verdict", "reason", "shape"])
            for item in sorted(set(unlabelled)):
                writer.writerow(list(item) + ["", "", "", ""])
    return 0


def line(rule, count, searched):
    judged = count["right"] + count["wrong"]
    precision = f"{100 * count['right'] / judged:.0f} %" if judged else "-"
    findings = judged + count["unlabelled"]
    hazards = count["right"] + count["missed"]
    recall = f"{100 * count['right'] / hazards:.0f} %" if hazards and searched else "-"
    return f"{rule:<8} {findings:>8} {count['right']:>6} {count['wrong']:>6} {count['unlabelled']:>10} {precision:>9} {count['missed']:>6} {recall:>6}"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
