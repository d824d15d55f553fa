"""How text becomes index terms. The same functions serve the index, the queries, the
highlighter and the database fallback, so all four agree on what a word is.

Two behaviours of Whoosh (whoosh-reloaded 2.7.5 and whoosh3 3.54 alike) shape this module:
its default tokenizer keeps `*` inside tokens, so we use our own expression (and index plain
text, never Markdown); and the stock StemmingAnalyzer drops one-character tokens and stops
"can", "not", "will", "may", so "stage 4" would match stage-3 text and "can it be cured" would
lose its verb. We keep every token of one or more characters and stop only a short list of
words that never carry meaning in a health question.

`words()` and `stem_of()` do in plain Python what the Whoosh analyzers below do (a test pins
that they agree): Whoosh's chain of generators spent more time per word than the rest of
indexing put together. The analyzers stay on the schema so the index describes itself.

Each language (LANGUAGES) has its own stop words, question words and stemmer; a word is the same
in both (lowercase, accents folded). Spanish readers often type without accents ("higado",
"pronostico"), so Spanish words are folded before stemming, on the page and in the query alike.
"""
import re
from functools import lru_cache

from dataclasses import dataclass

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.porter import stem
from whoosh.lang.snowball.spanish import SpanishStemmer
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
_TOKEN = re.compile(TOKEN_PATTERN)
# Longer "words" are noise (a pasted hash, a hostile 10,000-letter string): never indexed or searched.
MAX_TOKEN_LENGTH = 40
STOP_WORDS = frozenset("""
a an the and or of to in on at for with by from as is are am was were be been do does did
has have had it its this that these those i me my we our you your s t
he him his she her hers they them their
""".split())
# Question words and helpers: kept and scored, but a page need not contain them to match
# ("where does it spread" must find a page that never says "where").
SOFT_WORDS = frozenset("""
what where when why who which how can could should would will shall may might must there
get got about any near many much help
""".split()) | frozenset(
    # Contractions typed without their apostrophe, as people type on a phone at night: "i dont
    # know how to cope", "cant work". With the apostrophe they split into a helper and a
    # stopped letter ("can", "t"); without it they were words every page had to contain.
    """
    dont doesnt didnt cant couldnt wont wouldnt shouldnt isnt arent wasnt werent havent hasnt
    hadnt im ive youre theyre whats hows wheres shes hes weve theyve youve
    """.split()
) | frozenset(
    # Words that ask for a page about the rest ("caregiver information", "caregiving tips"):
    # every page is information, so no page should have to say so. Not "info": the site's name.
    "information guide tips".split()
) | frozenset(
    # When and where the asker is ("now its spread", "teenager here", "help her through it"): they
    # place the question, they are not what is asked, and few pages say them.
    "now here still just really through once".split()
)
# Who the searcher is asking for ("my wife", "my mum's cancer", "a coworker"), or who is asking
# ("teenager here"): kept and scored (synonyms.yaml ties them to the pages' "family" and "loved
# ones"), but a page need not contain them, or a page that answers "can my mum's cancer be cured"
# would be passed over for one that says "family". The whole list, declared once per language:
# partners, parents, grandparents, children, siblings, the wider family, in-laws and steps,
# friends, colleagues and neighbours, as people type them (UK and US, the short and pet names
# too). "law" is the rest of "mother in law" ("in" is a stop word).
PERSON_WORDS = frozenset("""
wife wives husband husbands partner partners spouse girlfriend boyfriend fiance fiancee
hubby hubs wifey missus missis
mother mothers mum mums mom moms mummy mommy mam mama mamma ma father fathers dad dads daddy papa pa
parent parents stepmother stepmum stepmom stepfather stepdad
grandmother grandma grandmom granny gran grammy nan nana nanna nanny grandfather grandpa granddad
grandad grandparent grandparents
daughter daughters son sons child children kid kids stepdaughter stepson
granddaughter grandson grandchild grandchildren
sister sisters sis brother brothers bro sibling siblings stepsister stepbrother
aunt auntie aunty uncle niece nephew cousin cousins inlaw inlaws law
godmother godfather godparent godparents goddaughter godson godchild
friend friends bestie bff neighbour neighbor neighbours neighbors coworker coworkers colleague
colleagues workmate workmates flatmate housemate roommate mate mates landlady landlord lodger
boss employee teen teenager teenagers
""".split())

AUTOCOMPLETE_MIN, AUTOCOMPLETE_MAX = 2, 15

# Spanish, written folded (words are folded before they are compared). Like the English list, short:
# articles, prepositions, pronouns and the forms of "ser"/"estar"/"haber" that carry no meaning in
# a health question. Snowball's Spanish list is not used: it stops "no", "sin", "contra", "muy",
# "tiene", "estado" and the question words, and "sin tratamiento" would become "tratamiento".
SPANISH_STOP_WORDS = frozenset("""
a al ante con de del desde e el en entre hacia o u para por segun sobre tras y ni
la las lo los un una unos unas
me mi mis te tu tus ti se si su sus nos nuestro nuestra nuestros nuestras yo usted ustedes
el ella ellas ellos le les esto esta estas este estos eso esa esas ese esos aquel aquella
es son soy eres somos ser era eran fue fueron sea sean estar estoy estan esta estaba ha han he
has hay haber habia
""".split())
# Who the searcher is asking for, or who is asking, as PERSON_WORDS for English, folded. Not
# "mama" (mamá folded is the breast of "cáncer de mama") nor "mujer" (woman, and wife).
SPANISH_PERSON_WORDS = frozenset("""
esposa esposo pareja marido novia novio prometida prometido
madre madres mami papa papi padre padres madrastra padrastro
abuela abuelo abuelita abuelito abuelos
hija hijo hijas hijos nieta nieto nietos hijastra hijastro
hermana hermano hermanas hermanos
tia tio tias tios prima primo primas primos sobrina sobrino suegra suegro cunada cunado
amiga amigo amigas amigos vecina vecino companera companero colega colegas jefa jefe
adolescente
""".split())
# Question words and helpers, kept and scored but not required (as SOFT_WORDS for English).
SPANISH_SOFT_WORDS = frozenset("""
que como cuando donde cual cuales quien quienes cuanto cuanta cuantos cuantas por porque
puede pueden puedo podria debo debe deben deberia hace hacer tengo tiene tienen algo alguien
mucho mucha muchos muchas muy mas cerca significa quiere decir
ahora aqui todavia ya ayudar ayudo ayudarla ayudarlo ayudarle
""".split())

_spanish_stem = SpanishStemmer().stem
# Spanish suffixes that are always written with an accent: folded, the stemmer would not know
# them ("operacion" would stay whole while "operaciones" became "oper"). They get it back first.
_ACCENTED_SUFFIXES = ((re.compile(r"cion$"), "ción"), (re.compile(r"logia(s?)$"), r"logía\1"))


@lru_cache(maxsize=100_000)
def spanish_stem(word):
    """Snowball's Spanish stem of a folded word, folded."""
    for pattern, accented in _ACCENTED_SUFFIXES:
        word = pattern.sub(accented, word)
    return fold(_spanish_stem(word))


@dataclass(frozen=True)
class Language:
    code: str
    stop_words: frozenset
    soft_words: frozenset
    person_words: frozenset
    stem: object  # folded word -> index term
    # Two words that together name a person where neither does alone ("other half"), as typed.
    person_phrases: frozenset = frozenset()
    # The pages' word for those close to a patient: a relation the synonyms file does not list
    # stands for it and its synonyms (query.build_groups).
    family_word: str = ""


LANGUAGES = {
    "en": Language("en", STOP_WORDS, SOFT_WORDS, PERSON_WORDS, stem, frozenset({("other", "half")}), "family"),
    "es": Language("es", SPANISH_STOP_WORDS, SPANISH_SOFT_WORDS, SPANISH_PERSON_WORDS, spanish_stem,
                   family_word="familia"),
}
DEFAULT_LANGUAGE = "en"


def language_of(code):
    """The Language for a code ("es", "es-mx", "ES"); English for anything else."""
    return LANGUAGES.get(str(code or "").lower()[:2], LANGUAGES[DEFAULT_LANGUAGE])


def _tokens():
    return RegexTokenizer(expression=TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


# The schema's analyzers, equivalent to words() and stems() below.
spelling_analyzer = _tokens() | StopFilter(stoplist=(), minsize=1, maxsize=MAX_TOKEN_LENGTH)


def stemming_analyzer_for(language):
    language = language_of(language)
    return (_tokens() | StopFilter(stoplist=language.stop_words, minsize=1, maxsize=MAX_TOKEN_LENGTH)
            | StemFilter(stemfn=language.stem))


stemming_analyzer = stemming_analyzer_for("en")


def words(text):
    """The words of `text`, lowercased and with accents folded, as the spelling field holds them."""
    folded = map(fold, _TOKEN.findall(text or ""))
    return [word for word in folded if len(word) <= MAX_TOKEN_LENGTH]


# Cached: the same few thousand tokens make up most text, and folding each again was a third
# of the corpus index build's time spent in this process (profiled; bench/RESULTS.md).
@lru_cache(maxsize=100_000)
def fold(token):
    """One token as a word: lowercase, accents folded."""
    return token.lower().translate(accent_map)


@lru_cache(maxsize=100_000)
def stem_of(word, language=DEFAULT_LANGUAGE):
    """The index term for one word from words(), or "" for a stop word."""
    language = LANGUAGES[language]
    return "" if word in language.stop_words else language.stem(word)


def stems(text, language=DEFAULT_LANGUAGE):
    """The index terms of `text`, in order."""
    return [term for term in (stem_of(word, language) for word in words(text)) if term]


def word_starts(text, language=DEFAULT_LANGUAGE):
    """What autocomplete indexes for a title or heading: the first 2 to 15 letters of each word
    that is not a stop word ("pa", "pal", … "palliative")."""
    stop_words = LANGUAGES[language].stop_words
    starts = []
    for word in words(text):
        if word not in stop_words:
            starts.extend(word[:size] for size in range(AUTOCOMPLETE_MIN, min(len(word), AUTOCOMPLETE_MAX) + 1))
    return starts
