"""A postcode directory file at full size, for measuring `load_postcodes` where the real one cannot be downloaded.

The file has the ONS Postcode Directory's 53 columns in its order (ONSPD user guide), `pcd` padded to 7
characters, `pcd2` to 8, `pcds` as written, `doterm` as YYYYMM, `lat`/`long` in degrees. Its rows are made up:
postcodes of the right shape in London's postcode areas, each given one of London's 704 real 2022 wards in turn
(and that ward's borough), and postcodes outside London with codes of no London ward. Never load it into a
database people use: its postcodes are not real addresses, and its wards are assigned in rotation.
"""

import csv
import random
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from places.loaders import DATA_DIR

ONSPD_COLUMNS = (
    "pcd pcd2 pcds dointr doterm oscty ced oslaua osward parish usertype oseast1m osnrth1m osgrdind oshlthau nhser "
    "ctry rgn streg pcon eer teclec ttwa pct itl statsward oa01 casward npark lsoa01 msoa01 ur01ind oac01 oa11 lsoa11 "
    "msoa11 wz11 sicbl bua22 pfa ru11ind oac11 lat long lep1 lep2 imd calncv icb oa21 lsoa21 msoa21 ruc21"
).split()
LONDON_AREAS = "E EC N NW SE SW W WC BR CR DA EN HA IG KT RM SM TW UB".split()
OTHER_AREAS = (
    "AB AL B BA BB BD BH BL BN BS CA CB CF CH CO CT CV CW DD DE DG DH DL DN DT DY EH EX FK FY G GL GU HD HG HP HR "
    "HU HX IP KA KY L LA LD LE LL LN LS LU M ME MK ML NE NG NN NP NR OL OX PA PE PL PO PR RG RH S SA SG SK SL SN SO "
    "SP SR SS ST SY TA TD TF TN TQ TR TS WA WF WN WR WS WV YO"
).split()
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code


def _postcode(areas: list[str], n: int) -> str:
    area = areas[n % len(areas)]
    n //= len(areas)
    units = len(UNIT_LETTERS) ** 2
    unit, n = n % units, n // units
    sector, n = n % 10, n // 10
    district = 1 + n % 99
    return f"{area}{district} {sector}{UNIT_LETTERS[unit // len(UNIT_LETTERS)]}{UNIT_LETTERS[unit % len(UNIT_LETTERS)]}"


def _london_wards() -> list[tuple[str, str]]:
    with (DATA_DIR / "london_wards_2022.csv").open(newline="", encoding="utf-8") as fh:
        return [(row["WD22CD"], row["LAD22CD"]) for row in csv.DictReader(fh)]


def rows(count: int, *, london_share: float = 0.125, retired_share: float = 0.3, seed: int = 20) -> Iterator[list[str]]:
    """`count` rows in the ONSPD layout, a `london_share` of them in London, a `retired_share` retired."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    wards = _london_wards()
    blank = [""] * len(ONSPD_COLUMNS)
    at = {name: i for i, name in enumerate(ONSPD_COLUMNS)}
    london = other = 0
    for _ in range(count):
        row = blank.copy()
        if rng.random() < london_share:
            pcds = _postcode(LONDON_AREAS, london)
            ward, borough = wards[london % len(wards)]
            london += 1
            lat, lon = 51.28 + rng.random() * 0.41, -0.51 + rng.random() * 0.84
            row[at["rgn"]], row[at["pfa"]] = "E12000007", "E23000001"
        else:
            pcds = _postcode(OTHER_AREAS, other)
            ward, borough = f"E05{200000 + other % 8000:06d}", f"E06{other % 300:06d}"  # no London ward or borough
            other += 1
            lat, lon = 50.2 + rng.random() * 5.5, -5.5 + rng.random() * 7.2
            row[at["rgn"]] = "E12000008"
        outward, inward = pcds.split(" ")
        row[at["pcd"]] = f"{outward:<4}{inward}"
        row[at["pcd2"]] = f"{outward:<5}{inward}"
        row[at["pcds"]] = pcds
        row[at["dointr"]] = f"{rng.randint(1980, 2023)}{rng.randint(1, 12):02d}"
        if rng.random() < retired_share:
            row[at["doterm"]] = f"{rng.randint(1990, 2024)}{rng.randint(1, 12):02d}"
        row[at["oslaua"]], row[at["osward"]] = borough, ward
        row[at["usertype"]] = str(rng.randint(0, 1))
        row[at["ctry"]] = "E92000001"
        row[at["lsoa21"]] = f"E01{rng.randint(0, 35999):06d}"
        row[at["oa21"]] = f"E00{rng.randint(0, 190000):06d}"
        row[at["lat"]], row[at["long"]] = f"{lat:.6f}", f"{lon:.6f}"
        row[at["osgrdind"]] = "1"
        yield row


def write(fh: IO[str], count: int, **kwargs: float) -> None:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(ONSPD_COLUMNS)
    writer.writerows(rows(count, **kwargs))  # type: ignore[arg-type]  # seed is an int, shares are floats


def write_file(path: Path, count: int, **kwargs: float) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        write(fh, count, **kwargs)
