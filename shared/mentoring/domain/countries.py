"""ISO 3166-1 alpha-2 country codes, and the codes that mean the UK or Ireland."""

from __future__ import annotations

ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

# Codes people also use for the UK: the reserved "UK", XK is Kosovo (kept), XI is Northern
# Ireland in UK trade use. ISO 3166-2 subdivisions of GB (GB-ENG, GB-SCT, GB-WLS, GB-NIR...)
# are recognised by their prefix.
UK_ALIASES = frozenset({"GB", "UK", "XI"})
UK_SUBDIVISION_PREFIX = "GB-"
IRELAND = "IE"
ACCEPTED_EXTRA_CODES = frozenset({"UK", "XI", "XK"})


def normalise_country(code: str) -> str:
    return code.strip().upper()


def is_known_country(code: str) -> bool:
    """An ISO alpha-2 code, a UK alias, or a GB-xxx subdivision code."""
    code = normalise_country(code)
    if code.startswith(UK_SUBDIVISION_PREFIX):
        return len(code) in (5, 6) and code[3:].isalpha()
    return code in ISO_3166_ALPHA2 or code in ACCEPTED_EXTRA_CODES


def is_uk_or_ireland(code: str) -> bool:
    code = normalise_country(code)
    return code in UK_ALIASES or code == IRELAND or code.startswith(UK_SUBDIVISION_PREFIX)
