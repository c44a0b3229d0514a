"""What job titles, levels and grades look like in any organisation's documents: general facts about how people
name jobs, kept in one place and tested in tests/test_titles.py. Nothing here comes from a particular document.

A leaf module: it imports nothing of ours, so documents, roles and answers can all share it.
"""

from __future__ import annotations

import re

# Head nouns of job titles across sectors (public service, tech, education, health, retail...).
TITLE_WORDS = frozenset("""
director manager engineer developer architect analyst scientist designer officer lead leader head vp president chief
cto ceo cfo coo cio ciso cmo cpo coordinator specialist administrator consultant teacher nurse accountant intern
internship trainee traineeship apprentice associate executive supervisor technician principal superintendent recruiter
counsel lawyer attorney assistant representative strategist owner programmer tester researcher professor lecturer
librarian clerk secretary editor writer marketer salesperson agent advisor adviser partner contractor founder expert
practitioner operator planner producer technologist steward auditor inspector investigator paralegal pharmacist
physician therapist psychologist counselor counsellor worker aide caretaker custodian driver mechanic electrician
plumber carpenter chef cook cashier receptionist dispatcher guard deputy sergeant captain lieutenant firefighter
paramedic attendant handler instructor tutor coach trainer mentor fellow scholar curator archivist translator
interpreter journalist reporter photographer illustrator animator modeller modeler statistician economist
actuary underwriter broker banker buyer merchandiser master
""".split())

# Words that change how senior a title is: "senior designer" is not "designer".
SENIORITY_WORDS = frozenset("""
junior senior lead principal staff chief head associate assistant deputy intern trainee apprentice graduate entry
mid intermediate executive distinguished
""".split())

# Common abbreviations in job titles, both ways (written from job boards and HR systems in general).
ABBREVIATIONS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "dev": "developer", "devs": "developers",
    "app": "application", "apps": "applications",
    "eng": "engineer", "engr": "engineer", "mgr": "manager", "mngr": "manager", "fe": "front-end",
    "be": "back-end", "dir": "director", "assoc": "associate", "asst": "assistant", "admin": "administrator",
    "ops": "operations", "tech": "technical", "comms": "communications", "dept": "department", "mgmt": "management",
    "pm": "product manager", "ux": "user experience", "qa": "quality assurance", "hr": "human resources",
    "it": "information technology", "rse": "research software engineer", "swe": "software engineer",
    "sre": "site reliability engineer", "ra": "research assistant", "tl": "technical lead", "em": "engineering manager",
    "vp": "vice president", "sde": "software development engineer", "ic": "individual contributor",
}

# What the people who practise a discipline, or hold a programme's place, are called: a page about "Engineering" or
# "Internships" is about engineers or interns. General English.
PRACTITIONERS = {
    "engineering": "engineer", "design": "designer", "development": "developer", "research": "researcher",
    "marketing": "marketer", "nursing": "nurse", "teaching": "teacher", "accounting": "accountant",
    "analytics": "analyst", "analysis": "analyst", "consulting": "consultant", "consultancy": "consultant",
    "recruiting": "recruiter", "recruitment": "recruiter", "writing": "writer", "editing": "editor",
    "management": "manager", "leadership": "leader", "programming": "programmer", "testing": "tester",
    "science": "scientist", "architecture": "architect", "administration": "administrator",
    "translation": "translator", "photography": "photographer", "illustration": "illustrator", "coaching": "coach",
    "internship": "intern", "traineeship": "trainee", "apprenticeship": "apprentice", "fellowship": "fellow",
}
# Words before "development" (and the like) that make it a person's growth, not a discipline: "career development".
_GROWTH_WORDS = frozenset("career professional personal staff employee self".split())

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ROMAN_OF = {n: r for r, n in ROMAN.items()}  # 2 → "ii"

# A level or grade code as organisations write them: L3, IC4, M5, P2, PO4, G7, SO4, Band A, Grade 7, Level 3, Step 2.
LEVEL_CODE = re.compile(
    r"\b(?:(?:band|grade|level|step|tier|scale|class|pay\s?band)\s+[a-z]?\d{1,2}[a-z]?\b|(?:band|grade|tier)\s+[a-h]\b"
    r"|[a-z]{1,3}-?\d{1,2}[a-z]?\b)",
    re.I,
)
# Field labels that introduce a job title in a posting.
TITLE_LABELS = re.compile(r"^(?:(?:job|post|position|role|state|working|official|class|classification|civil\s+service)"
                          r"\s*title|position(?:\s*designation)?|title|role|vacancy|job)\s*[:\-–]\s*(.+)$", re.I)
# Field labels that give a grade, band or level.
GRADE_LABELS = re.compile(r"^(?:grade|band|pay\s*band|payband|pay\s*grade|level|job\s*code|classification|"
                          r"job\s*class)\s*[:\-–]\s*(.+)$", re.I)
# Suffixes that say what kind of page a title is on, not what the job is.
_PAGE_KINDS = (r"job\s+family|job\s+description|job\s+profile|role\s+profile|role\s+description|project\s+role\s+"
               r"description|person\s+specification|job\s+posting|job\s+advert(?:isement)?|job\s+ad|vacancy|"
               r"class\s+specification|position\s+description|career\s+ladder")
_PAGE_SUFFIX = re.compile(rf"\s*(?:[-–—|:(]\s*)?\b(?:{_PAGE_KINDS})\b\)?\s*$", re.I)
# …or a prefix, with whatever names the organisation before it: "TCEQ Job Posting - Program Supervisor"
_PAGE_PREFIX = re.compile(rf"^[^:|–—]{{0,60}}?\b(?:{_PAGE_KINDS})\s*(?:[-–—|:]|\s-)\s*(?=\S)", re.I)
_HIRING_PREFIX = re.compile(r"^\s*(?:we(?:'|’)?re\s+(?:now\s+)?(?:hiring|recruiting|looking\s+for|seeking)|"
                            r"we\s+are\s+hiring|now\s+hiring|join\s+us(?:\s+as)?|"
                            r"job\s+opening|vacancy|"
                            r"[A-Z][^:|–—]{0,60}?\s(?:is|are)\s+(?:now\s+)?"
                            r"(?:hiring|recruiting|looking\s+for|seeking))"
                            r"\s*[-–—:!]*\s*(?:an?\s+|the\s+)?", re.I)
_SENTENCE_WORDS = frozenset("is are was were be been we you our your they their it its this that these those focus "
                            "focuses will would can could should must do does did how what why when where which who "
                            "if".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.&+-]*|\d+")


def words(text: str) -> list[str]:
    return [w.lower().strip(".'’") for w in _WORD.findall(text)]


def singular(word: str) -> str:
    w = word.lower()
    if re.fullmatch(r"\d{1,2}s", w):  # "technician 3s"
        return w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def acronyms(name: str) -> set[str]:
    """The initials a name is shortened to: of every word and of its capitalised words ("Department for Education"
    → "dfe", "de"), lower case."""
    tokens = re.findall(r"[A-Za-z][\w&]*", name)
    out = {"".join(t[0] for t in tokens).lower(), "".join(t[0] for t in tokens if t[0].isupper()).lower()}
    # and of each run of capitalised words within it ("City of Los Angeles" → "la")
    out.update("".join(w[0] for w in run.split()).lower()
               for run in re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", name))
    return out - {""}


def reads_as_job_title(text: str) -> bool:
    """A short noun phrase headed by a job-title noun ("Senior Data Engineer", "Head of Design", "Engineer L3",
    "Librarian II"), not a sentence and not a group of people ("Successful engineers")."""
    text = re.sub(r"\s*\([^)]*\)", "", clean_title(text))
    ws = words(text)
    acronyms_said = {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", text)}  # "IT Specialist": not the pronoun
    if not ws or len(ws) > 9 or any(w in _SENTENCE_WORDS and w not in acronyms_said for w in ws):
        return False
    head = _head_word(text)
    if not head:
        return False
    if head not in TITLE_WORDS and re.search(r"\w/\w", text):  # "Marketing/Growth Lead": one name, not two
        head = _head_word(re.sub(r"(?<=\w)/(?=\w)", " ", text)) or head
    return head in TITLE_WORDS or (singular(head) in TITLE_WORDS and head in ("internships", "traineeships"))


def _head_word(text: str) -> str:
    """The noun a title phrase is headed by: its last word before "of", "for", a colon… ("Head of Design" →
    "head"), or before "and" when the words before "of" do not end in a job word ("Financial Planning and Analysis
    Manager" → "manager", "Internships and Traineeships" → "internships"), level codes and numbers aside."""
    head_part = re.split(r"\b(?:of|for|at|in|to|with)\b|[:/,–—]| - ", text, maxsplit=1, flags=re.I)[0]
    head_words = [w for w in words(LEVEL_CODE.sub(" ", head_part)) if not (w in ROMAN or w.isdigit())]
    if head_words and singular(head_words[-1]) in TITLE_WORDS:  # "Planning and Analysis Manager" → "manager"
        return head_words[-1]
    head_part = re.split(r"\b(?:and)\b|&", head_part, maxsplit=1, flags=re.I)[0]  # "Teacher and Mentor"
    head_words = [w for w in words(LEVEL_CODE.sub(" ", head_part)) if not (w in ROMAN or w.isdigit())]
    return head_words[-1] if head_words else ""


def practitioner_names(title: str) -> set[str]:
    """The job a page about a discipline, a career framework or a programme is about, as people name it:
    "Acme engineering career development framework" → "engineer" (and "acme engineer"), "Developers Path" →
    "developer", "Internships and Traineeships" → "intern", "trainee". Nothing for a title that already names a
    job ("Head of Design", "Senior Content Designer")."""
    title = clean_title(title)
    ws = words(title)
    if not ws:
        return set()
    job = reads_as_job_title(title)
    if job and singular(_head_word(title)) not in PRACTITIONERS:  # "Internships" names a programme, not a job
        return set()
    names: set[str] = set()
    for i, w in enumerate(ws):
        one = singular(w)
        name = PRACTITIONERS.get(w) or PRACTITIONERS.get(one) or \
            (one if not job and one in TITLE_WORDS and one not in SENIORITY_WORDS else "")
        if not name or (i and ws[i - 1] in _GROWTH_WORDS):
            continue
        names.add(name)
        before = ws[i - 1] if i else ""
        if before.isalpha() and before not in _SENTENCE_WORDS and before not in ("and", "of", "the", "for", "in"):
            names.add(f"{before} {name}")
    return names


def is_sentence(text: str) -> bool:
    return any(w in _SENTENCE_WORDS for w in words(text))


# What postings add to a job's name: the genders it is open to ("(f/m/d)", "(m/w/d)", "(all genders)"), the dates
# it runs ("(September 2019-February 2020)"), and where it is worked, said first ("REMOTE (Europe) - ").
_GENDERS = re.compile(r"\s*\((?:[mfwdx*](?:\s*/\s*[mfwdx*]){1,3}|all genders?)\)", re.I)
_DATES = re.compile(r"\s*\([^()]*\b(?:19|20)\d\d\b[^()]*\)")
_WORK_MODE_PREFIX = re.compile(r"^(?:remote|hybrid|on[- ]?site)\b(?:\s*\([^()]{1,40}\))?\s*[-–—|:]\s+(?=\S)", re.I)


def clean_title(text: str) -> str:
    """A title without what the page is ("(job family)", "job description"), a hiring banner, or what a posting
    adds to the job's name (genders, dates, "Remote -")."""
    text = re.sub(r"\s+", " ", text).strip().strip("*_#>").strip()
    text = _WORK_MODE_PREFIX.sub("", _DATES.sub("", _GENDERS.sub("", text))).strip()
    text = _HIRING_PREFIX.sub("", text)
    text = _PAGE_PREFIX.sub("", text)
    for _ in range(2):
        text = _PAGE_SUFFIX.sub("", text).strip(" -–—|:")
    return text


def expand_abbreviations(text: str) -> str:
    """'Sr Dev' → 'senior developer': the long form of every abbreviation in the text."""
    return " ".join(ABBREVIATIONS.get(w, w) for w in words(text))


def name_variants(title: str) -> set[str]:
    """Aliases a person might use for a title: parts around ':' or ' - ' or '/', abbreviations both ways, roman and
    arabic numbers, with and without parenthesised acronyms."""
    title = clean_title(title)
    variants = {title}
    for sep in (":", " - ", " – ", " — ", "/"):
        for part in title.split(sep):
            if part.strip() != title and reads_as_job_title(part):
                variants.add(part.strip())
    for v in list(variants):
        bare = re.sub(r"\s*\([^)]*\)", "", v).strip()
        if bare:
            variants.add(bare)
        for acronym in re.findall(r"\(([A-Z]{2,6})\)", v):
            variants.add(acronym)
        for inner in re.findall(r"\(([^()]{3,60})\)", v):  # "IT Specialist (Web Developer)": the job it is
            if reads_as_job_title(inner):
                variants.add(inner.strip())
    for v in list(variants):
        long_form = expand_abbreviations(v)
        variants.add(long_form)
        short = {full: abbr for abbr, full in ABBREVIATIONS.items() if " " not in full}
        variants.add(" ".join(short.get(w, w) for w in words(v)))
        ws = words(v)
        if ws and ws[-1] in ROMAN:
            variants.add(" ".join([*ws[:-1], str(ROMAN[ws[-1]])]))
        elif ws and ws[-1].isdigit() and int(ws[-1]) in _ROMAN_OF:
            roman = _ROMAN_OF[int(ws[-1])]
            variants.add(" ".join([*ws[:-1], roman]))
        number = str(ROMAN.get(ws[-1], ws[-1])) if ws else ""
        if number.isdigit() and 2 <= len(ws) - 1 <= 3 and all(w.isalpha() for w in ws[:-1]):
            initials = "".join(w[0] for w in ws[:-1]).upper()
            variants.add(initials + number)  # "Animal Technician 3" → "AT3"
            if len(initials) >= 3:  # "Systems Analyst Programmer II" → "SAP II", "SAP 2" (two letters and a
                roman = _ROMAN_OF.get(int(number), "")  # number alone read as words)
                variants.update({f"{initials} {number}", *((f"{initials} {roman.upper()}",) if roman else ())})
    return {v for v in variants if v.strip()}


def level_codes(text: str) -> list[str]:
    """Level or grade codes in a short text ("Grade: PO4" → ["PO4"], "Band A" → ["Band A"])."""
    out = []
    for m in LEVEL_CODE.finditer(text):
        code = m.group(0).strip()
        if re.fullmatch(r"[a-z]{1,3}-?\d{1,2}[a-z]?", code, re.I) and not re.search(r"[A-Z]", code):
            continue  # lower-case "a1" in prose is not a code
        out.append(code)
    return out


def same_level(a: str, b: str) -> bool:
    """'Level 2' = 'L2' = 'level II'; 'IC4' = 'ic 4'."""
    return _level_key(a) == _level_key(b) and _level_key(a) != ""


def _level_key(text: str) -> str:
    t = text.lower().replace("-", " ").strip()
    m = re.fullmatch(r"(?:level|lvl|l)\s*([ivx]+|\d+)", t)
    if m:
        n = m.group(1)
        return f"l{ROMAN.get(n, n)}"
    m = re.fullmatch(r"(?:level|grade|band|step|tier|scale|class|pay\s?band)\s+([a-z]{1,3}\s?\d{1,2}[a-z]?)", t)
    if m:  # "grade PO4" is PO4; "Band A" stays "band a"
        t = m.group(1)
    return re.sub(r"\s+", "", t)
