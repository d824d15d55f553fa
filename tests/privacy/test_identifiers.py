"""Text that could identify a person is recognised; health searches are not mistaken for it."""
import pytest

from mbcinfo.privacy.identifiers import holds_identifier

IDENTIFYING = [
    # Seen stored in the missed-search list.
    "020/7946/0958", "020x7946x0958", "794 609", "jane.doe(at)example.org",
    "jane.doe&#64;example.org", "born 12/05/1962 lump", "jane doe sw1a 1aa tamoxifen",
    "https://example.org/reset?token=abc123",
    # Phone, account, record and card numbers.
    "07700 900123", "+44 20 7946 0958", "(555) 123-4567", "555.123.4567", "020-7946-0958",
    "2 0 7 9 4 6 0 9", "nhs number 943 476 5919", "qq 12 34 56 c", "4111 1111 1111 1111",
    "pin 1234", "hospital no 12345", "mrn: a1234567", "０２０７９４６０９５８", "90210", "90210-1234",
    # Email addresses, however written.
    "jane@example.org", "jane.doe [at] example [dot] org", "jane doe at example dot org",
    "jane.doe at example.org", "jane.doe%40example.org", "jane.doe＠example.org",
    "jane.doe&commat;example.org", "mailto:jane",
    # Web addresses.
    "www.example.org", "example.org/reset", "http://192.0.2.1/", "ftp://files",
    # Dates.
    "1962-05-12", "12.05.62", "12 may 1962", "may 12, 1962", "12th of may", "dob 1962",
    "scan on 3rd march", "born in sixty-two, 62", "date of birth 1 1 62",
    # UK postcodes.
    "m1 1ae", "ec1a1bb", "B33 8TH", "cr2 6xh lump",
]

HEALTH = [
    "stage 4", "stage iv", "her2", "her2 3+", "brca1", "brca 1 and 2", "cdk4/6 inhibitors",
    "t-dm1", "ki67 20%", "ki-67 30 percent", "ca 27.29", "ca 15-3", "pd-l1", "5-fu", "er 8/8",
    "grade 3", "t4 n2 m1", "21-gene test", "pik3ca", "esr1 mutation", "capecitabine 1000 mg",
    "vitamin d 1000 iu", "pain at night", "what to expect at diagnosis", "scan every 3 months",
    "24 hours after chemo", "2nd line treatment", "may i drive after chemo", "march for a cure",
    "oncotype 25", "radiotherapy 40 gy in 15 fractions", "life expectancy 2 to 3 years",
]


@pytest.mark.parametrize("text", IDENTIFYING)
def test_text_that_could_identify_a_person_is_recognised(text):
    assert holds_identifier(text)


@pytest.mark.parametrize("text", HEALTH)
def test_health_searches_are_not_mistaken_for_identifiers(text):
    assert not holds_identifier(text)


def test_the_lists_cover_enough_shapes():
    assert len(IDENTIFYING) >= 25 and len(HEALTH) >= 15


@pytest.mark.parametrize("digits, identifying", [("1234", True), ("12 34", False), ("12 345", True),
                                                 ("123", False), ("1 2 3 4", False), ("1 2 3 4 5", True)])
def test_digit_runs_just_under_and_over_the_limits(digits, identifying):
    assert holds_identifier(f"lump {digits}") is identifying
