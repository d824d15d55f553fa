"""Searches by caregivers: when the words name a relative or caring, the illness named is context.

A search that names a relative or caring ("my wife", "my mum", "caring for", "caregiver",
"family member", "a friend") is most likely a caregiver's: "my mother has metastatic breast
cancer, how can I help". There the illness says whose it is, not what is asked. Left as it is,
its group brings every other name of the illness from the synonyms (stage IV, advanced, MBC...),
each adding to a page's score, and the page that lists those names outranks the page that
answers the question on every such search. So in a caregiver's search the illness's other
names weigh far less than the name typed: a page must still name the illness some way (every
page here does), but naming it many ways no longer decides the ranking.

The relative or caring is who asks, not what is asked. When the search also names a need the
site knows by name (a word of a synonyms group: bills, hospice, how long, crying, treatable...),
that need decides the page: the relation words are no longer required and their other names
("family", "loved ones") weigh as little as the illness's, so "is my husband's cancer
treatable" finds the treatment page, not the caregiver page that says "family" most. With no
need named ("my dad has advanced breast cancer, how do I help him") they keep leading to the
pages for families.

A caregiver's question is typed in their own words: "best way to help a neighbour", "what help
is there for the people around her", "how to support a colleague living with it". When it asks
how to help, its words outside the site's vocabulary (no synonyms, not the illness, not a
relation, not a word that names one page in its title) are how it is asked, not what: scored as
context, never required, or the one page that happens to say "best" or "way" wins. A page's
name is what is asked: "what is the metastatic breast cancer alliance, can it help my family"
asks about the Alliance. And a question of helper words alone ("how can I help
her", "what can I do to help") is a caregiver's too: it looks for the pages' words for family.

Whoever searches, the illness named beside a need is asked of the page, not of one section:
"support group near me secondary breast cancer" wants the page on emotional support, whose
section on support groups does not name the illness (its page does, as every page here does),
not the money page's section on financial counselors, the one section that holds every word.
Every page here is about the illness and names it: a section must hold the need, its page the
illness. On the index a section naming both still scores higher.
"""
from dataclasses import replace

from .analysis import LANGUAGES, stem_of
from .query import build_groups, parse, required_groups

# Words, as typed (folded; corrected when the speller corrected them), that name a relative or
# caring: the language's person words (analysis.PERSON_WORDS, SPANISH_PERSON_WORDS) and words for
# family and caring. Stems would not do: "caring" is "care", a word of every page about
# palliative care.
CAREGIVER_WORDS = {
    code: LANGUAGES[code].person_words | frozenset(caring.split()) for code, caring in {
        "en": """family families relative relatives loved caring caregiver caregivers caregiving carer
                 carers caretaker""",
        "es": """familia familias familiar familiares queridos cuidar cuido cuidando cuidador cuidadora
                 cuidadores cuidadoras""",
    }.items()
}
# Two words that together name caring or a person (analysis's person phrases), where each alone
# does not.
CAREGIVER_PHRASES = {
    code: LANGUAGES[code].person_phrases | pairs for code, pairs in {
        "en": frozenset({("care", "giver"), ("care", "givers"), ("looking", "after"), ("look", "after"),
                         ("looks", "after")}),
        "es": frozenset(),
    }.items()
}
# Words for the illness itself, in each language; the synonyms file gives their other names.
# Its spread is the illness too ("when breast cancer spreads"): context, not a need.
ILLNESS = {"en": ("metastatic", "spread"), "es": ("metastasico", "propagado")}
# "What is it" asks what the illness is, unless it asks what to do ("what can i do"): then the
# illness's name still leads to the page that explains it.
ASKS_WHAT = {"en": frozenset({"what", "whats", "which"}), "es": frozenset({"que", "cual", "cuales"})}
ASKS_HELP = {"en": frozenset({"help", "helping", "can", "could", "should", "do", "support", "supporting"}),
             "es": frozenset({"ayudar", "ayudo", "ayudarla", "ayudarlo", "ayudarle", "puedo", "podria", "debo",
                              "hacer"})}
# Helping someone, and getting help for oneself, in a search of question words alone.
HELPING = {"en": frozenset({"help", "helping", "support", "supporting", "do"}),
           "es": frozenset({"ayudar", "ayudarla", "ayudarlo", "ayudarle"})}
GETTING = {"en": frozenset({"get", "got", "find", "me"}),
           "es": frozenset({"conseguir", "encontrar", "obtener", "me"})}
# The words of the illness's plain name, as typed: with the illness they say whose it is.
ILLNESS_NAME = {"en": frozenset({"breast", "cancer"}), "es": frozenset({"cancer", "mama", "seno"})}
# What the illness's other names weigh in a caregiver's search, against what they weigh in any
# other (query.SYNONYM_WEIGHT). Chosen on the tuning set (tests/search/relevance.yaml), where
# 0.02 to 0.3 scored alike; 0.3 because at 0.1 "mum told stage four what is it" (first held-out
# set) lost the what-is page: "stage four" must still lead to the page that explains it.
OTHER_NAMES = 0.3


def is_caregivers(groups, language):
    """Whether the words of a search (query.Group list) name a relative or caring."""
    return _names_caring([word for group in groups for word in group.words], language)


def _names_caring(typed, language):
    if CAREGIVER_WORDS.get(language, frozenset()).intersection(typed):
        return True
    return any(pair in CAREGIVER_PHRASES.get(language, frozenset()) for pair in zip(typed, typed[1:]))


def scoring_groups(groups, synonyms, language, asked=(), named=frozenset()):
    """The groups to score a search by; `asked` is every word typed, the ones search drops
    ("do", "i") too, and `named` the terms that name one page in its title
    (documents.title_terms): as a caregiver's search asks (_for_caregivers), with the illness
    named beside a need asked of the page (_illness_of_the_page)."""
    if language not in ILLNESS:
        return groups
    return _illness_of_the_page(_for_caregivers(groups, synonyms, language, asked, named), synonyms, language)


def _illness_of_the_page(groups, synonyms, language):
    """With a need named (a required group with synonyms of its own, neither the illness nor a
    relation), each required group naming the illness (one of its names, or the words of its
    plain name) is asked of the page: soft and page-wide. Any other search, as it is."""
    illness = _names_the_illness(synonyms, language)
    required = required_groups(groups)
    needs = [group for group in required
             if len(group.alternatives) > 1 and not illness(group) and not _names_caring(group.words, language)]
    if not needs or not any(illness(group) for group in required):
        return groups
    return [replace(group, soft=True, page_wide=True) if illness(group) and not group.soft else group
            for group in groups]


def _names_the_illness(synonyms, language):
    """A test of whether a group names the illness: one of its names ("secondary", "mbc"),
    its spread, or only the words of its plain name ("breast cancer")."""
    names = _illness_names(synonyms, language)
    return lambda group: group.alternatives[0][0] in names or (group.words and set(group.words) <= ILLNESS_NAME[language])


def _illness_names(synonyms, language):
    """The illness's names and its spread, as index terms, from the synonyms file."""
    return {name for word in ILLNESS[language] for name in synonyms.alternatives((stem_of(word, language),))}


def _for_caregivers(groups, synonyms, language, asked, named):
    """In a caregiver's search, each group that names the illness keeps the words
    typed at their weight and its other names at OTHER_NAMES of theirs (still required: a page
    must name the illness some way), or is all context when a need is named or only help is
    asked. When a need is named, each group naming a relative or caring becomes optional, its
    other names at OTHER_NAMES too, and the words around the need are context. A question of
    helper words alone gains a group for the pages' words for family. Any other search, as it
    is."""
    if _asks_only_how_to_help(groups, asked, language):
        # "how can i help her", "what can i do to help": here, someone caring for a patient. Their
        # words match every page alike; the pages' words for family say whom the help is for.
        family = build_groups(parse(LANGUAGES[language].family_word, language), synonyms)
        return [*(replace(group, soft=True) for group in groups), *family]
    if not is_caregivers(groups, language):
        return groups
    names = _illness_names(synonyms, language)

    def illness(group):
        return group.alternatives[0][0] in names

    def relation(group):
        return _names_caring(group.words, language)

    # A need the site knows by name: a required word or phrase with synonyms of its own.
    needs = [group for group in required_groups(groups)
             if len(group.alternatives) > 1 and not illness(group) and not relation(group)]
    # Nothing asked but help: every word is the illness, a relation or a helper ("my dad has
    # advanced breast cancer how do i help him", "what can i do for a coworker with mbc"). Then
    # the illness's name as typed is context too, or the page that says "advanced" or "stage 4"
    # most outranks the page for those caring. A word of anything else ("told", "mean",
    # "support") keeps the illness's name as typed at its weight.
    typed = {word for group in groups for word in group.words} | set(asked)

    # Asking how to help ("how do i support her", "what help is there", "best way to help"): the
    # question's own words, outside the site's vocabulary ("best way", "people around her",
    # "living with"), are how it is asked.
    asks_help = (bool(typed & ASKS_HELP[language])
                 and any(group.soft and not relation(group) for group in groups))

    def phrasing(group):
        return (asks_help and not group.soft and len(group.alternatives) == 1 and not illness(group)
                and not relation(group) and not set(group.words) <= ILLNESS_NAME[language]
                and not (group.alternatives[0][0][0] in named and not set(group.words) & ASKS_HELP[language]))

    only_help = not needs and all(
        group.soft or illness(group) or relation(group) or set(group.words) <= ILLNESS_NAME[language]
        or phrasing(group)
        for group in groups) and not (typed & ASKS_WHAT[language] and not asks_help)
    scoring = []
    for group in groups:
        if illness(group):
            # With a need named, or only help asked, the illness says whose the question is.
            group = _all_as_context(group) if only_help or needs else _typed_first(group)
        elif only_help and phrasing(group):
            group = replace(_all_as_context(group), soft=True)
        elif only_help and group.soft and not relation(group):
            # The question words too: "what can i do" asks for help, not for the page that
            # answers "what is".
            group = _all_as_context(group)
        elif needs and relation(group):
            group = replace(_typed_first(group), soft=True)
        elif needs and not any(group is need for need in needs):
            # The words around a need ("keeps", "know", "piling up") say how it feels, not what
            # is asked, and the illness's name says whose it is: scored as context, not required.
            group = replace(_all_as_context(group), soft=True)
        scoring.append(group)
    if all(group.soft for group in scoring):
        # Nothing left to require ("ways to help my dad care for mum"): the people it is about
        # are, or every word would be.
        scoring = [replace(group, soft=False) if relation(group) else group for group in scoring]
    return scoring


def _asks_only_how_to_help(groups, asked, language):
    """The search is a question of helper and question words alone, one of them asking how to
    help: not "help" alone, and not how to get help ("where can i get help" is the searcher's own
    need)."""
    typed = set(asked) | {word for group in groups for word in group.words}
    return (len(groups) > 1 and all(group.soft or set(group.words) <= HELPING[language] for group in groups)
            and bool(typed & HELPING[language]) and not typed & GETTING[language])


def _typed_first(group):
    typed, *others = group.alternatives
    return replace(group, alternatives=[typed, *((terms, weight * OTHER_NAMES) for terms, weight in others)])


def _all_as_context(group):
    """The group at OTHER_NAMES of what it weighs in a caregiver's search: still matched, but no
    longer what ranks the pages."""
    if len(group.alternatives) > 1:
        group = _typed_first(group)
    return replace(group, alternatives=[(terms, weight * OTHER_NAMES) for terms, weight in group.alternatives])
