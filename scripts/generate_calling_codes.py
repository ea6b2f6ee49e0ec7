#!/usr/bin/env python3
"""Generate Sources/Switchboard/Message/CallingCodeData.swift from libphonenumber metadata.

Usage (from the package root):

    pip install phonenumbers regex      # once
    python3 scripts/generate_calling_codes.py
    python3 scripts/generate_calling_codes.py --check     # also cross-check against phonenumbers
    python3 scripts/generate_calling_codes.py --output other/path.swift

The script is deterministic and re-runnable: it rewrites the generated Swift file in place.
Re-run it after upgrading the `phonenumbers` package (the version is stamped in the file) and
commit the result.

What it extracts (all from the PyPI `phonenumbers` port of Google's libphonenumber):

* regions      every region libphonenumber knows: ISO 3166-1 alpha-2 code, primary country
               calling code, national (trunk) prefixes, international (exit) prefix when it is a
               plain digit string, the local-number rule (7-digit local numbers in the
               Caribbean get their area code) and the English name.
* calling codes every country calling code: its regions (main region first; `001` for
               non-geographic codes such as +800 or +882), the possible lengths of a national
               significant number (union over the code's regions) and, per length, which
               two-digit starts of a national number exist at all (a 100-bit mask). The masks
               let the parser decide cheaply whether "31612345678" is plausibly international.
* shared codes for calling codes used by several regions (+1, +7, +44, ...), a table of
               national-number prefixes -> region, derived so that a longest-prefix match
               reproduces `phonenumbers.region_code_for_number` (the main region of the code
               is the fallback and is never listed).

How the shared-code tables are derived: for each shared code a digit trie of national-number
prefixes is expanded breadth-first. At each prefix every region is classified, in
libphonenumber's order, as *definite* (its `leading_digits` already match), *possible* (its
leading digits or one of its number-type patterns can still match, tested with the `regex`
module's `fullmatch(..., partial=True)`) or *excluded*. The prefix becomes a leaf when the
first non-excluded region is definite, when only one region remains, when none remains, or --
from depth 4 on -- when phonenumbers itself resolves a sample of completions (exhaustive when
small) unanimously. Finally, subtrees whose leaves all agree are collapsed and only entries
that differ from their parent are emitted.

`--check` compares the tables with phonenumbers on every example number plus 20,000 random
numbers per shared code. Known deviation: the tables ignore the number's length, so the 7-digit
Canadian service numbers +1 310 xxxx resolve to US (10-digit +1 310 numbers are US).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import re._constants as C  # noqa: N812 -- sre constants (Python 3.11+)
import re._parser as sre_parse
import sys
from collections import OrderedDict

import phonenumbers
import regex
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata
from phonenumbers import phonenumberutil as pnu
from phonenumbers.geocoder import _region_display_name

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(ROOT, "Sources", "Switchboard", "Message", "CallingCodeData.swift")

NON_GEO = "001"
MAX_LENGTH = 17  # longest national number libphonenumber knows is 17 digits
TYPE_FIELDS = (
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number",
    "voip", "pager", "uan", "voicemail",
)
FALLBACK_NAMES = {"AC": "Ascension Island", "TA": "Tristan da Cunha", "XK": "Kosovo"}


# --------------------------------------------------------------------------------------------
# Metadata helpers

def metadata(region: str, code: int):
    if region == NON_GEO:
        return PhoneMetadata.metadata_for_nongeo_region(code)
    return PhoneMetadata.metadata_for_region(region)


def possible_lengths(desc) -> set[int]:
    if desc is None or desc.possible_length is None:
        return set()
    return {n for n in desc.possible_length if n > 0}


def region_name(region: str) -> str:
    name = _region_display_name(region, "en") or FALLBACK_NAMES.get(region, region)
    name = name.replace("\u2019", "'")
    assert "|" not in name and ":" not in name and '"' not in name and "\\" not in name, name
    return name


# --------------------------------------------------------------------------------------------
# (first two digits, length) abstraction of a libphonenumber regular expression.
#
# Every pattern is abstracted to the set of pairs (prefix, length) where `prefix` is the first
# min(length, 2) digits of a string the pattern matches and `length` its length. This is exact
# for the regular subset libphonenumber uses (literals, classes, groups, alternation, bounded
# repetition) and lets us compute "which two-digit starts exist for a given length".

DIGITS = "0123456789"


def _class_digits(items) -> set[str]:
    out: set[str] = set()
    negate = False
    for op, arg in items:
        if op is C.LITERAL:
            out.add(chr(arg))
        elif op is C.RANGE:
            out.update(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is C.CATEGORY and arg is C.CATEGORY_DIGIT:
            out.update(DIGITS)
        elif op is C.NEGATE:
            negate = True
        else:
            raise ValueError(f"unsupported class item {op} {arg}")
    out &= set(DIGITS)
    return set(DIGITS) - out if negate else out


def _concat(a: set, b: set) -> set:
    out = set()
    b_lengths = {lb for _, lb in b}
    for pa, la in a:
        if la >= 2:
            for lb in b_lengths:
                if la + lb <= MAX_LENGTH:
                    out.add((pa, la + lb))
        else:
            for pb, lb in b:
                if la + lb <= MAX_LENGTH:
                    out.add(((pa + pb)[:2], la + lb))
    return out


def _abstract(seq) -> set:
    result = {("", 0)}
    for op, arg in seq:
        if op is C.LITERAL:
            part = {(chr(arg), 1)}
        elif op is C.IN:
            part = {(d, 1) for d in _class_digits(arg)}
        elif op is C.SUBPATTERN:
            part = _abstract(arg[-1])
        elif op is C.BRANCH:
            part = set()
            for alt in arg[1]:
                part |= _abstract(alt)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, item = arg
            inner = _abstract(item)
            hi = min(hi, MAX_LENGTH) if hi is not C.MAXREPEAT else MAX_LENGTH
            part = set()
            power = {("", 0)}
            for k in range(0, hi + 1):
                if k >= lo:
                    part |= power
                power = _concat(power, inner)
                if not power:
                    break
        elif op is C.AT:
            part = {("", 0)}
        else:
            raise ValueError(f"unsupported regex node {op}")
        result = _concat(result, part)
    return result


def prefixes_by_length(pattern: str, lengths: set[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for prefix, length in _abstract(sre_parse.parse(pattern)):
        if length >= 2 and (not lengths or length in lengths):
            out.setdefault(length, set()).add(prefix)
    return out


# --------------------------------------------------------------------------------------------
# National (trunk) prefixes

def enumerate_strings(seq, limit: int = 12) -> set[str] | None:
    """Every string a small finite regex matches, or None if infinite or more than limit."""
    result = {""}
    for op, arg in seq:
        if op is C.LITERAL:
            part = {chr(arg)}
        elif op is C.IN:
            part = _class_digits(arg)
        elif op is C.SUBPATTERN:
            part = enumerate_strings(arg[-1], limit)
        elif op is C.BRANCH:
            part = set()
            for alt in arg[1]:
                sub = enumerate_strings(alt, limit)
                if sub is None:
                    return None
                part |= sub
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[1] is not C.MAXREPEAT and arg[1] <= 4:
            inner = enumerate_strings(arg[2], limit)
            if inner is None:
                return None
            part, power = set(), {""}
            for k in range(arg[1] + 1):
                if k >= arg[0]:
                    part |= power
                power = {a + b for a in power for b in inner}
        else:
            return None
        if part is None:
            return None
        result = {a + b for a in result for b in part}
        if len(result) > limit:
            return None
    return result


def trunk_prefixes(md) -> list[str]:
    """National prefixes to strip from national numbers, longest first.

    libphonenumber strips whatever `national_prefix_for_parsing` matches at the start. When
    that pattern has no transform rule and matches a handful of fixed strings (BY `0|80?`,
    LT `[08]`, AU `(183[12])|0`, ...) all of them are kept; otherwise the plain national
    prefix.
    """
    prefixes = {md.national_prefix} if md.national_prefix else set()
    npp = md.national_prefix_for_parsing
    if npp and not md.national_prefix_transform_rule and "$" not in npp:
        strings = enumerate_strings(sre_parse.parse(npp))
        if strings:
            prefixes |= {p for p in strings if p}
    return sorted(prefixes, key=lambda p: (-len(p), p))


LOCAL_RULE = re.compile(r"^\(\[([0-9-]+)\]\\d\{(\d+)\}\)\$(\|.*)?$")


def local_rule(md) -> str:
    """`digits/length/prefix` for regions whose metadata turns a short local number into a
    national one (`([457]\d{6})$` + `268\1` for Antigua: 7 digits starting 4, 5 or 7 get 268)."""
    npp, rule = md.national_prefix_for_parsing, md.national_prefix_transform_rule
    if not npp or not rule:
        return ""
    m = LOCAL_RULE.match(npp)
    t = re.match(r"^(\d+)\\1$", rule)
    if not m or not t:
        return ""
    digits = "".join(sorted(_class_digits(sre_parse.parse(f"[{m.group(1)}]")[0][1])))
    return f"{digits}/{int(m.group(2)) + 1}/{t.group(1)}"


# --------------------------------------------------------------------------------------------
# Shared calling codes: national prefix -> region


class RegionMatcher:
    def __init__(self, region: str, code: int):
        md = metadata(region, code)
        self.region = region
        self.leading = regex.compile(md.leading_digits) if md.leading_digits else None
        self.general = regex.compile(md.general_desc.national_number_pattern)
        self.types = [
            regex.compile(getattr(md, f).national_number_pattern)
            for f in TYPE_FIELDS
            if getattr(md, f) is not None and getattr(md, f).national_number_pattern
        ]
        self.lengths = possible_lengths(md.general_desc)

    def status(self, prefix: str) -> str:
        """'definite', 'possible' or 'excluded' for national numbers starting with prefix."""
        if self.leading is not None:
            if self.leading.match(prefix):
                return "definite"
            if self.leading.match(prefix, partial=True):
                return "possible"
            # libphonenumber never validates a region that has leading digits.
            return "excluded"
        if not self.general.fullmatch(prefix, partial=True):
            return "excluded"
        if any(t.fullmatch(prefix, partial=True) for t in self.types):
            return "possible"
        return "excluded"


def ground_truth(code: int, national: str, regions) -> str | None:
    num = phonenumbers.PhoneNumber(country_code=code, national_number=int(national))
    if national.startswith("0"):
        num.italian_leading_zero = True
        zeros = len(national) - len(national.lstrip("0"))
        if zeros > 1:
            num.number_of_leading_zeros = zeros
    return pnu._region_code_for_number_from_list(num, regions)


def sample_completions(prefix: str, lengths, rng: random.Random, limit: int = 200):
    for length in sorted(lengths):
        rest = length - len(prefix)
        if rest < 0:
            continue
        if 10 ** rest <= limit:
            for i in range(10 ** rest):
                yield prefix + (str(i).zfill(rest) if rest else "")
        else:
            for _ in range(limit):
                yield prefix + "".join(rng.choice(DIGITS) for _ in range(rest))


def shared_code_table(code: int, regions) -> dict[str, str]:
    """Minimal prefix -> region table whose longest-prefix match reproduces libphonenumber."""
    main = regions[0]
    matchers = [RegionMatcher(r, code) for r in regions]
    lengths = set().union(*(m.lengths for m in matchers))
    rng = random.Random(code)  # deterministic output
    leaves: dict[str, str | None] = {}
    frontier = [""]
    max_depth = 8
    while frontier:
        next_frontier = []
        for prefix in frontier:
            statuses = [(m.region, m.status(prefix)) for m in matchers] if prefix else []
            candidates = [(r, s) for r, s in statuses if s != "excluded"]
            if prefix and not candidates:
                leaves[prefix] = None
                continue
            if prefix and (candidates[0][1] == "definite" or len(candidates) == 1):
                leaves[prefix] = candidates[0][0]
                continue
            if len(prefix) >= 4:
                seen: set[str] = set()
                for n in sample_completions(prefix, lengths, rng):
                    region = ground_truth(code, n, regions)
                    if region is not None:
                        seen.add(region)
                        if len(seen) > 1:
                            break
                if len(seen) <= 1:
                    leaves[prefix] = seen.pop() if seen else candidates[0][0]
                    continue
            if len(prefix) >= max_depth:
                leaves[prefix] = candidates[0][0]
                continue
            next_frontier.extend(prefix + d for d in DIGITS)
        frontier = next_frontier

    # Resolve unknown leaves to the main region, then collapse uniform subtrees.
    value = {p: (r or main) for p, r in leaves.items()}

    def resolve(prefix: str) -> str | None:
        """Region if the whole subtree under prefix maps to one region."""
        if prefix in value:
            return value[prefix]
        kids = [resolve(prefix + d) for d in DIGITS]
        if all(k is not None and k == kids[0] for k in kids):
            for d in DIGITS:
                value.pop(prefix + d, None)
            value[prefix] = kids[0]
            return kids[0]
        return None

    for d in DIGITS:
        resolve(d)

    # Emit only entries that differ from their nearest emitted ancestor (root = main region).
    table: dict[str, str] = {}

    def emit(prefix: str, inherited: str):
        if prefix in value:
            if value[prefix] != inherited:
                table[prefix] = value[prefix]
            return
        for d in DIGITS:
            emit(prefix + d, inherited)

    for d in DIGITS:
        emit(d, main)
    return dict(sorted(table.items()))


# --------------------------------------------------------------------------------------------
# Generation

def collect():
    regions = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        md = PhoneMetadata.metadata_for_region(region)
        idd = md.international_prefix or ""
        if not idd.isdigit():
            idd = ""
        regions.append((region, md.country_code, ",".join(trunk_prefixes(md)), idd,
                        local_rule(md), region_name(region)))

    codes = []
    shared = OrderedDict()
    for code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        code_regions = list(COUNTRY_CODE_TO_REGION_CODE[code])
        lengths: set[int] = set()
        starts: dict[int, set[str]] = {}
        for r in code_regions:
            md = metadata(r, code)
            region_lengths = possible_lengths(md.general_desc)
            lengths |= region_lengths
            for n, ps in prefixes_by_length(md.general_desc.national_number_pattern,
                                            region_lengths).items():
                starts.setdefault(n, set()).update(ps)
        masks = []
        for n in sorted(lengths):
            mask = 0
            for p in starts.get(n, ()):
                if len(p) == 2:
                    mask |= 1 << int(p)
            masks.append(f"{mask:025x}")
        codes.append((code, code_regions, sorted(lengths), masks))
        geo = [r for r in code_regions if r != NON_GEO]
        if len(geo) > 1:
            shared[code] = shared_code_table(code, code_regions)
    return regions, codes, shared


def swift_string_literal(records: list[str], per_line: int = 1) -> str:
    """A multi-line Swift string literal whose lines are joined (trailing backslashes)."""
    lines = []
    for i in range(0, len(records), per_line):
        lines.append("|".join(records[i:i + per_line]))
    body = "|\\\n".join(lines)
    return '"""\n' + body + '\n"""'


def render(regions, codes, shared) -> str:
    version = phonenumbers.__version__
    region_records = [f"{r}:{cc}:{np}:{idd}:{local}:{name}" for r, cc, np, idd, local, name in regions]
    code_records = [
        f"{code}:{','.join(rs)}:{','.join(map(str, ls))}:{','.join(ms)}"
        for code, rs, ls, ms in codes
    ]
    shared_records = []
    for code, table in shared.items():
        entries = ",".join(f"{p}={r}" for p, r in table.items())
        shared_records.append(f"{code}:{entries}")
    return f'''// GENERATED FILE -- DO NOT EDIT.
//
// Generated by scripts/generate_calling_codes.py from libphonenumber metadata
// (PyPI `phonenumbers` {version}). To regenerate, from the package root:
//
//     pip install phonenumbers regex
//     python3 scripts/generate_calling_codes.py
//
// The data is kept as a few big string literals, parsed once on first use by
// `CountryCode.registry` and `PhoneNumber.metadata`; large array literals make swiftc very slow.

/// Raw calling-code metadata, generated from libphonenumber.
enum CallingCodeData {{
    /// Version of the `phonenumbers` package the data was generated from.
    static let metadataVersion = "{version}"

    /// Regions, `|`-separated: `ISO:callingCode:nationalPrefixes:internationalPrefix:local:Name`.
    /// `nationalPrefixes` are the trunk prefixes to strip, longest first, comma-separated.
    /// `internationalPrefix` is present only when it is a plain digit string. `local`, when
    /// present, is `digits/length/prefix`: a national number of `length` digits starting with
    /// one of `digits` is a local number that gets `prefix` (an area code) in front.
    static let regions = {swift_string_literal(region_records, 4)}

    /// Calling codes, `|`-separated: `code:REGIONS:lengths:masks`. `REGIONS` lists the main
    /// region first (`001` marks a non-geographic code). `lengths` are the possible lengths of
    /// the national significant number; `masks` holds, per length, a 100-bit hex mask of the
    /// two-digit starts a national number of that length can have.
    static let callingCodes = {swift_string_literal(code_records, 1)}

    /// Shared calling codes, `|`-separated: `code:prefix=ISO,...`. Longest prefix of the
    /// national number wins; numbers matching no prefix belong to the code's main region.
    static let sharedPrefixes = {swift_string_literal(shared_records, 1)}
}}
'''


def check(codes, shared, samples: int = 20000) -> int:
    """Cross-check the prefix tables against phonenumbers on example and random numbers."""
    rng = random.Random(1)
    failures = 0
    total = 0
    for code, table in shared.items():
        regions = COUNTRY_CODE_TO_REGION_CODE[code]
        lengths = next(ls for c, _, ls, _ in codes if c == code)
        numbers = set()
        for r in regions:
            md = metadata(r, code)
            for f in TYPE_FIELDS:
                desc = getattr(md, f)
                if desc is not None and desc.example_number:
                    numbers.add(desc.example_number)
        for _ in range(samples):
            n = rng.choice(lengths)
            numbers.add("".join(rng.choice(DIGITS) for _ in range(n)))
        for national in sorted(numbers):
            truth = ground_truth(code, national, regions)
            if truth is None:
                continue
            total += 1
            best = regions[0]
            for i in range(1, len(national) + 1):
                best = table.get(national[:i], best)
            if best != truth:
                failures += 1
                if failures <= 20:
                    print(f"  mismatch +{code} {national}: table {best}, phonenumbers {truth}",
                          file=sys.stderr)
    print(f"check: {total} valid numbers, {failures} mismatches", file=sys.stderr)
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="cross-check the shared-code tables against phonenumbers")
    args = parser.parse_args()
    regions, codes, shared = collect()
    text = render(regions, codes, shared)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    entries = sum(len(t) for t in shared.values())
    print(f"wrote {os.path.relpath(args.output)}: {len(regions)} regions, {len(codes)} calling "
          f"codes, {len(shared)} shared codes ({entries} prefixes), {len(text)} bytes",
          file=sys.stderr)
    if args.check:
        return 1 if check(codes, shared) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
