#!/usr/bin/python3
"""tests/e2e/vncal_crosscheck.py - the vncal lunar calendar against PyEphem.

An independent computation of the Vietnamese lunar calendar for 1968-2100,
made with PyEphem (Debian's python3-ephem: VSOP87 and ELP theories in
libastro, its own Delta T), is compared with `$ADMIT calendar ... --format
json`.  Only the definition is shared (calendar.md): months begin on the day
of the new moon at UTC+7; the month holding the December solstice is the
11th; in a year with 13 months between two 11th months, the first month
holding no principal term (the sun at a multiple of 30 degrees) is a leap
month.  The method differs from the plugin's: here each principal term is
solved for its moment (ephem.newton) and placed in the month whose days
hold it; the plugin compares the sun's longitude at the midnights that
begin the months.

Checks: the first day of every lunar month whose first day is in 1968-2100
(`calendar lunar`: day 1, the month, the year, the leap flag), and Tết of
every year 1968-2100 (`calendar solar YYYY-01-01`).  Since every month start
of the reference is day 1 for admit, the two calendars have the same months.

Prints "not ok ..." for each difference and ends with "N passed, M failed".
"""
import concurrent.futures
import datetime
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIT = os.path.abspath(os.environ.get("ADMIT") or os.path.join(ROOT, "admit"))
FIRST, LAST = datetime.date(1968, 1, 1), datetime.date(2100, 12, 31)
ZONE = datetime.timedelta(hours=7)

try:
    import ephem
except ImportError:
    print("not ok - python3-ephem is not installed (make deps installs it)")
    print("0 passed, 1 failed")
    sys.exit(1)


def local_day(moment):
    """The date at UTC+7 of an ephem moment (UT)."""
    return (ephem.Date(moment).datetime() + ZONE).date()


def sun_longitude(moment):
    """The sun's apparent ecliptic longitude (degrees, equinox of date)."""
    sun = ephem.Sun()
    sun.compute(moment)
    ecliptic = ephem.Ecliptic(ephem.Equatorial(sun.g_ra, sun.g_dec, epoch=moment))
    return math.degrees(ecliptic.lon)


def new_moon_days(start, end):
    days, moment = [], ephem.Date(start)
    while moment < ephem.Date(end):
        moment = ephem.next_new_moon(moment)
        days.append(local_day(moment))
        moment = ephem.Date(moment + 1)
    return days


def principal_terms(start, end):
    """(local day, longitude) of each principal term between start and end."""
    terms, moment = [], ephem.Date(start)
    target = (math.floor(sun_longitude(moment) / 30) + 1) * 30 % 360
    first = True
    while moment < ephem.Date(end):
        def offset(t, target=target):
            return (sun_longitude(t) - target + 180) % 360 - 180
        lo, hi = (moment, moment + 31) if first else (moment + 27, moment + 33)
        moment = ephem.Date(ephem.newton(offset, lo, hi))
        terms.append((local_day(moment), target))
        target = (target + 30) % 360
        first = False
    return terms


def lunar_months():
    """[(first day, lunar year, month, leap)] from the 11th month of 1967."""
    import bisect
    moons = new_moon_days("1967/10/1", "2102/3/1")
    holds_term = [False] * (len(moons) - 1)
    elevenths = []
    for day, longitude in principal_terms("1967/9/1", "2102/2/1"):
        i = bisect.bisect_right(moons, day) - 1
        if 0 <= i < len(holds_term):
            holds_term[i] = True
            if longitude == 270:
                elevenths.append(i)
    months = []
    for a, b in zip(elevenths, elevenths[1:]):
        leap_at = 0
        if b - a == 13:
            leap_at = next(j for j in range(1, 13) if not holds_term[a + j])
        year = moons[a].year
        for j in range(b - a):
            index = j - 1 if leap_at and j >= leap_at else j
            months.append((moons[a + j], year if index < 2 else year + 1,
                           (10 + index) % 12 + 1, bool(leap_at) and j == leap_at))
    return months


def admit_json(*args):
    try:
        proc = subprocess.run([ADMIT, "calendar", *args, "--format", "json", "--holidays", "none"],
                              capture_output=True, text=True)
    except OSError as e:
        return None, "cannot run %s: %s" % (ADMIT, e)
    if proc.returncode != 0:
        return None, "exit %d: %s" % (proc.returncode, proc.stderr.strip())
    try:
        return json.loads(proc.stdout), None
    except ValueError:
        return None, "not JSON: %r" % proc.stdout


def check_month(month):
    start, year, number, leap = month
    got, error = admit_json("lunar", start.isoformat())
    want = {"year": year, "month": number, "day": 1, "leap": leap}
    if error is None and got.get("lunar") == want and got.get("solar") == start.isoformat():
        return None
    return "lunar %s: expected %s, got %s" % (start, want, error or got.get("lunar"))


def check_tet(item):
    year, day = item
    got, error = admit_json("solar", "%04d-01-01" % year)
    if error is None and got.get("solar") == day.isoformat():
        return None
    return "solar %04d-01-01 (Tết): expected %s, got %s" % (year, day, error or got.get("solar"))


def main():
    months = lunar_months()
    in_range = [m for m in months if FIRST <= m[0] <= LAST]
    tet = {m[1]: m[0] for m in months if m[2] == 1 and not m[3]}
    tet_items = [(y, tet[y]) for y in range(FIRST.year, LAST.year + 1)]
    checks = [(check_month, m) for m in in_range] + [(check_tet, t) for t in tet_items]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(lambda c: c[0](c[1]), checks)
        for problem in results:
            if problem is None:
                passed += 1
            else:
                failed += 1
                print("not ok - " + problem)
    leaps = ", ".join("%d:%d" % (m[1], m[2]) for m in in_range if m[3])
    print("# %d months and %d Tết dates checked; leap months (year:month): %s"
          % (len(in_range), len(tet_items), leaps))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
