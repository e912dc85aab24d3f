"""Find places: postcode to ward and borough, from the local table or a postcodes.io-compatible service."""

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.errors import ServiceError
from places.models import Borough, Postcode, Ward

logger = logging.getLogger(__name__)

# The UK postcode shape: outward code (area, district) and inward code (sector, unit).
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
# Postcode areas with any address in Greater London; a postcode in any other area is outside London.
LONDON_POSTCODE_AREAS = frozenset("E EC N NW SE SW W WC BR CR DA EN HA IG KT RM SM TW UB WD CM".split())


# The HTTP status that goes with each reason a postcode cannot be found (pages and API alike).
POSTCODE_ERROR_STATUS = {"unknown": 404, "terminated": 404, "lookup_unavailable": 503}


def postcode_error_status(error: ServiceError) -> int:
    return POSTCODE_ERROR_STATUS.get(error.code, 400)


@dataclass(frozen=True)
class PostcodeMatch:
    postcode: str  # display form, e.g. "SE6 4RU"
    ward: Ward
    borough: Borough
    source: str  # "local" or "lookup service"


def normalise_postcode(text: str) -> str:
    """Upper case with no spaces, e.g. ' se6 4ru ' -> 'SE64RU'. Raises ServiceError if it is not a postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if not compact:
        raise ServiceError(gettext("Enter a postcode, like SE6 4RU."), field="postcode", code="required")
    if len(compact) > 8 or not POSTCODE_RE.match(compact):
        raise ServiceError(gettext("Enter a full UK postcode, like SE6 4RU."), field="postcode", code="not_a_postcode")
    return compact


def display_postcode(compact: str) -> str:
    return f"{compact[:-3]} {compact[-3:]}"


def _from_service(compact: str) -> tuple[str, str] | None:
    """(ward code, borough code) from a postcodes.io-compatible service, or None if it does not know the postcode."""
    base = settings.POSTCODE_LOOKUP_URL.rstrip("/")
    url = f"{base}/postcodes/{urllib.parse.quote(compact)}"
    try:
        with urllib.request.urlopen(url, timeout=settings.POSTCODE_LOOKUP_TIMEOUT) as response:  # noqa: S310 - configured URL
            payload = json.loads(response.read().decode())
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        logger.warning("postcode lookup service answered %s for %s", exc.code, compact)
        raise ServiceError(_lookup_unavailable(), field="postcode", code="lookup_unavailable") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        logger.warning("postcode lookup service failed for %s: %s", compact, exc)
        raise ServiceError(_lookup_unavailable(), field="postcode", code="lookup_unavailable") from exc
    result = payload.get("result") if isinstance(payload, dict) else None
    codes = result.get("codes") if isinstance(result, dict) else None
    if not isinstance(codes, dict):
        return None
    ward_code, borough_code = codes.get("admin_ward"), codes.get("admin_district")
    if not isinstance(ward_code, str) or not isinstance(borough_code, str) or not ward_code or not borough_code:
        return None
    return ward_code, borough_code


def find_postcode(text: str) -> PostcodeMatch:
    """The ward and borough of a London postcode, or a ServiceError saying clearly why not."""
    compact = normalise_postcode(text)
    shown = display_postcode(compact)
    area = re.match(r"^[A-Z]+", compact)
    if area is None or area.group(0) not in LONDON_POSTCODE_AREAS:
        raise ServiceError(_outside_london(shown), field="postcode", code="outside_london")
    local = Postcode.objects.select_related("ward__borough", "borough").filter(postcode=compact).first()
    if local is not None and local.terminated:
        raise ServiceError(_retired(shown, local), field="postcode", code="terminated")
    if local is not None and local.ward is not None:
        return PostcodeMatch(local.display, local.ward, local.ward.borough, "local")
    if settings.POSTCODE_LOOKUP_URL:
        codes = _from_service(compact)
        if codes is not None:
            ward = Ward.objects.select_related("borough").filter(code=codes[0]).first()
            if ward is not None:
                return PostcodeMatch(shown, ward, ward.borough, "lookup service")
            borough = Borough.objects.filter(code=codes[1]).first()
            if borough is None:
                raise ServiceError(_outside_london(shown), field="postcode", code="outside_london")
            message = gettext(
                "%(postcode)s is in %(borough)s, but we could not match it to one of its wards. "
                "Choose your ward from the list."
            )
            raise ServiceError(message % {"postcode": shown, "borough": borough.name}, field="postcode", code="unknown")
    if local is not None and local.borough is not None:
        message = gettext(
            "%(postcode)s is in %(borough)s, but we do not know its ward yet. Choose your ward from the list."
        )
        raise ServiceError(
            message % {"postcode": shown, "borough": local.borough.name}, field="postcode", code="unknown"
        )
    message = gettext(
        "We do not have %(postcode)s in our postcode list yet. Search for your area by name, use your location, "
        "or choose your borough from the list."
    )
    raise ServiceError(message % {"postcode": shown}, field="postcode", code="unknown")


def _lookup_unavailable() -> str:
    return gettext(
        "We cannot look up postcodes just now. Try again later, or choose your borough and ward from the list."
    )


def _outside_london(shown: str) -> str:
    message = gettext(
        "%(postcode)s is not in London. This service covers the 32 London boroughs and the City of London."
    )
    return message % {"postcode": shown}


def _retired(shown: str, local: Postcode) -> str:
    """Why a retired postcode finds nothing, in the page's language, and where its area is now."""
    if local.terminated_on:
        month = date_format(local.terminated_on, "YEAR_MONTH_FORMAT")
        parts = [
            gettext("%(postcode)s was retired in %(month)s, so it is no longer in use.")
            % {"postcode": shown, "month": month}
        ]
    else:
        parts = [gettext("%(postcode)s was retired, so it is no longer in use.") % {"postcode": shown}]
    if local.ward is not None:
        where = {"ward": local.ward.name, "borough": local.ward.borough.name}
        parts.append(gettext("Its area is now in %(ward)s ward, %(borough)s.") % where)
    elif local.borough is not None:
        parts.append(gettext("Its area is now in %(borough)s.") % {"borough": local.borough.name})
    parts.append(
        gettext(
            "Try the postcode in use there now, search for the place by name, or choose your borough from the list."
        )
    )
    return " ".join(parts)
