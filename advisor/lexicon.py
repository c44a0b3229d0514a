"""General facts about English the claim checker reads by: negators, modal verbs, quantifiers, job-title head
nouns and abbreviations, and the words that say "the documents don't say". One place, tested in
tests/test_claims.py. Nothing here comes from a particular role document; money, units and periods live in
advisor/text.py.
"""

from __future__ import annotations

import re

NEGATORS = frozenset("not no never none neither nor without cannot unable can't won't isn't aren't doesn't don't didn't "
                     "wasn't weren't hasn't haven't shouldn't mustn't n't".split())
# A negated obligation is an option, not a denial: "preferred but not required", "isn't a requirement", "you do
# not need to be", "no need for", "you can progress without doing X" (X is not needed to progress).
NEGATED_OBLIGATION = re.compile(
    r"(?:\bnot|n't|\bno|\bnever)\s+(?:be\s+)?(?:strictly\s+|always\s+|necessarily\s+|absolutely\s+)?(?:a\s+|an\s+)?"
    r"(?:required|requirement|prerequisite|essential|mandatory|necessary|needed|compulsory|obligatory|"
    r"need(?:s|ed)?(?:\s+to)?|have\s+to|has\s+to)\b"
    r"|\b(?:can|could|may|might)\s+(?:\w+\s+){1,4}?without\b", re.I)
# Negative words that set a bound rather than deny: "no more than six months apart", "never below 0.625".
BOUND_PHRASES = re.compile(
    r"(?:\bno|\bnot|n't|\bnever)\s+(?:be\s+)?(?:more|less|fewer|greater|later|earlier|longer|shorter|higher|lower|"
    r"sooner|over|under|below|above|beyond|exceed(?:ing|s)?)\b(?:\s+than\b)?|\bat\s+(?:most|least)\b", re.I)
# A word with a negative prefix denies its stem: "unpaid" is "not paid", "non-essential" is "not essential".
NEGATIVE_PREFIX = re.compile(r"\b(?:un|non-?)([a-z]{4,})\b", re.I)

# Modality classes. "should" reads as a recommendation; "can"/"could" state ability and are left out.
MODALS: dict[str, str] = {
    **dict.fromkeys("must required require requires requiring requirement requirements mandatory essential "
                    "compulsory obligatory necessary need needs needed minimum shall expected".split(), "obligation"),
    **dict.fromkeys("preferred prefer prefers preferable preferably desirable desired ideally ideal advantage "
                    "advantageous beneficial helpful should recommended".split(),
                    "preference"),
    **dict.fromkeys("may might could optional optionally possibly possible possibility potentially perhaps".split(),
                    "possibility"),
}
# Phrases whose words alone would mislead: "a plus" is a preference, "plus" alone is addition.
MODAL_PHRASES: dict[str, str] = {"nice to have": "preference", "a plus": "preference", "bonus points": "preference",
                                 "have to": "obligation",
                                 "has to": "obligation", "at the discretion": "possibility"}
# Words that name a quantity but set no scope: "at most six months" is a bound, "both X and Y" a pair.
# "for every 200 hours" is a rate.
NOT_SCOPE = re.compile(r"\bat\s+(?:most|least)\b|\bboth(?=\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+and\b)"
                       r"|\bmost\s+(?:recent|likely|important)\b|\b(?:every|each)(?=\s+\d)"
                       r"|\bnot\s+(?:only|just|merely|solely|exclusively)\b", re.I)

# Quantifier scope. Hedges ("usually", "often", "typically") are left out: paraphrases add them freely.
QUANTIFIERS: dict[str, str] = {
    **dict.fromkeys("all every always both entire whole everyone everything everybody".split(), "all"),
    **dict.fromkeys("most majority mostly".split(), "most"),
    **dict.fromkeys("some several few occasional occasionally sometimes certain".split(), "some"),
    **dict.fromkeys("only solely exclusively sole".split(), "only"),
    "exactly": "exact",
}

# Head nouns of job titles ("Senior Data Engineer", "Head of Data Science", "Assistant Principal").
TITLE_HEADS = frozenset(
    "engineer developer designer manager director officer analyst scientist architect specialist coordinator "
    "administrator assistant consultant technician intern writer researcher programmer tester owner strategist "
    "planner editor accountant advisor adviser nurse teacher supervisor superintendent executive president "
    "operative clerk trainee apprentice fellow practitioner".split())
# Heads that are also common verbs or adjectives: titles only when capitalised ("Tech Lead", "Head of Design").
TITLE_HEADS_CAPITALISED = frozenset("lead head principal associate chief leader partner dean provost chancellor "
                                    "coach representative agent".split())
TITLE_ACRONYM = re.compile(r"\b(?:C[A-Z]{1,3}O|S?VP|EVP|RSE)s?\b")
# Seniority words that belong to a title even in lower case ("a senior data engineer").
SENIORITY = frozenset("senior junior lead principal staff chief head associate assistant deputy executive "
                      "trainee graduate entry-level mid-level".split())
# Common abbreviations in titles, read as the full word.
TITLE_ABBREVIATIONS: dict[str, str] = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "dev": "developer", "devs": "developer",
    "eng": "engineer", "engr": "engineer", "mgr": "manager", "asst": "assistant", "assoc": "associate",
    "admin": "administrator", "tech": "technology", "technical": "technology", "dir": "director", "vp": "vice president", "fe": "front-end",
    "be": "back-end", "swe": "software engineer", "pm": "product manager", "em": "engineering manager",
}

# "The documents don't say X": a statement about the documents, not about the role.
GAP = re.compile(
    r"\b(?:documents?|docs|posting|postings?|passages?|sources?|description|text|page|handbook|it|they)\s+"
    r"(?:do|does|did)\s*(?:not|n[o’']t)\s+(?:say|give|state|mention|specify|list|describe|include|cover|document|"
    r"publish|provide|set out|spell out|show|indicate|tell)\b"
    r"|\b(?:not|never)\s+(?:documented|stated|specified|mentioned|published|given|listed|described|covered)\b"
    r"|\b(?:documents?|posting|sources?)\s+(?:give|say|state|list|mention|provide)s?\b[^.]*\bbut\s+not\b"
    r"|\bno\s+(?:information|details?|figures?|mention)\s+(?:on|about|of)\b", re.I)

# What a "not documented" sentence says is missing, and how a passage shows it is there after all.
# pay: an amount of money; experience: a number of years; education: a qualification word; progression and
# hours by their words. Anything else: the sentence's own content words.
GAP_TOPICS: dict[str, frozenset[str]] = {
    "pay": frozenset("pay paid pays salary salaries compensation wage wages earn earns earning earnings band bands "
                     "rate rates remuneration income money".split()),
    "experience": frozenset("experience years".split()),
    "education": frozenset("education degree degrees qualification qualifications diploma educational "
                           "academic".split()),
    "progression": frozenset("progression promotion promotions advance advancement career next path "
                             "progress".split()),
    "hours": frozenset("hours hour schedule shift shifts".split()),
    "grade": frozenset("grade grades graded grading level levels classification classified".split()),
}
EDUCATION_EVIDENCE = re.compile(r"\b(?:degree|bachelor|master|phd|doctorate|diploma|certificat\w*|educated|"
                                r"education|qualification|gcse|a-levels?|high school|undergraduate|graduate)\b", re.I)
PROGRESSION_EVIDENCE = re.compile(r"\b(?:advancement|advance|promotion|promoted|progression|career path|next level|"
                                  r"move up|move to|lateral|entry point|level up)\b", re.I)

# Function words and words a faithful paraphrase adds without adding a claim.
STOPWORDS = frozenset(
    "a an the and or but if then than that this these those there here of in on at to for from by with as into "
    "onto about over under after before between through during within without per via is are was were be been "
    "being am do does did done whether while has have had having it its it's they them their theirs he she his her we our us "
    "you your i me my who whom whose which what when where why how also such so too very just both either other "
    "others another any some more less own same can could would will shall one ones e.g. eg i.e. ie etc like "
    "well up out s across though although whereas toward towards among amongst upon along beyond besides despite "
    "throughout away instead rather thus hence therefore itself themselves himself herself yourself yourselves "
    "oneself ourselves myself".split())
# Abbreviations of ordinary words, read as the word ("min. 2 yrs" is "minimum 2 years").
WORD_ABBREVIATIONS: dict[str, str] = {
    "min": "minimum", "max": "maximum", "approx": "approximately", "yr": "year", "yrs": "years", "hr": "hour",
    "hrs": "hours", "wk": "week", "wks": "weeks", "mo": "month", "mos": "months", "exp": "experience",
    "req": "required", "reqd": "required", "pref": "preferred", "mgmt": "management", "dept": "department",
    "govt": "government", "info": "information", "yoe": "years experience", "incl": "including",
    "stats": "statistics", "maths": "mathematics", "math": "mathematics", "comp": "compensation",
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "thu": "thursday", "thur": "thursday",
    "thurs": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday",
    "ft": "full-time", "pt": "part-time", "bsc": "bachelor", "ba": "bachelor", "beng": "bachelor engineering",
    "msc": "master", "meng": "master engineering", "mphil": "master", "ma": "master", "dphil": "phd"}
# Words that bound a figure ("$125k max", "minimum of 2 years"): read with the figure, never an added fact.
BOUND_WORDS = frozenset("max maximum min minimum".split())
PARAPHRASE_FILLER = frozenset(
    "role roles job jobs position positions post title titles include includes including included involve "
    "involves involved typically typical usually generally often mainly main key someone person people "
    "earn earns earning earned paid pay pays make makes making get gets getting receive receives "
    "range ranges band bands come comes coming go goes going move moves moving start starts starting "
    "begin begins top tops run runs become becomes reach reaches give gives qualify qualifies classified work works described describes describe say says said list lists listed according "
    "document documents posting responsible responsibility responsibilities duty duties part expected expect "
    "candidate candidates applicant applicants able ability around about roughly approximately nearly almost "
    "plus least most each per year years yearly annual annually hour hours hourly week weeks weekly month months "
    "monthly day days daily base salary salaries wage wages earnings remuneration figure figures amount sum "
    "total".split())

# Words of opposite meaning: a clause that says one where its passage unit says the other (and not the first)
# contradicts it. Each group is a set of words that exclude each other.
ANTONYMS: tuple[frozenset[str], ...] = tuple(frozenset(g.split()) for g in (
    "full-time part-time", "permanent temporary fixed-term", "remote remotely office-based on-site onsite in-person",
    "paid unpaid", "internal external", "increase decrease", "increases decreases", "increased decreased",
    "before after", "minimum maximum", "include exclude", "includes excludes", "included excluded",
    "allowed prohibited forbidden", "mandatory optional voluntary", "junior senior", "upwards downwards",
    "higher lower", "earlier later", "public private", "day night", "daytime night-time", "weekdays weekends",
    "first last", "accepted rejected", "eligible ineligible", "easier harder", "faster slower", "larger smaller",
    "bigger smaller", "gross net", "hourly salaried",
))
