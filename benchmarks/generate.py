"""Synthetic role documents with known answers, for measuring the advisor at hundreds or thousands of roles.

    .venv/bin/python benchmarks/generate.py --n 1000 --out DIR [--seed 7] [--sample 40]

Writes DIR/knowledge/*.md (front matter + Markdown in the shape of knowledge/*.md) and DIR/questions.yaml.
Everything follows from the seed, so a figure measured on one machine can be re-measured on another.

The corpus is made to be hard in the ways a real one is: many near-identical titles ("Senior Backend
Engineer", "Staff Backend Engineer", "Backend Engineering Manager"), the same responsibility phrases in
many documents, pay given three ways (a table by level, one salary line, or not at all), and progression
lists naming other roles. A question's labelled evidence counts only when it comes from the asked role.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# -- the organisation -------------------------------------------------------------------------------------
# Per family: individual-contributor titles (get seniority prefixes), management areas (get manager/director
# titles), a pay base in USD for the mid level, fields of study, family-specific responsibilities and skills.
# Responsibilities and skills are (item text, question with {role}, evidence phrase found verbatim in the item).

Item = tuple[str, str, str]

FAMILIES: dict[str, dict] = {
    "Engineering": {
        "ic": ["Backend Engineer", "Frontend Engineer", "Mobile Engineer", "Platform Engineer", "Site Reliability Engineer",
               "Security Engineer", "Infrastructure Engineer", "Embedded Software Engineer", "Payments Engineer",
               "Search Engineer", "Developer Productivity Engineer", "Quality Engineer"],
        "areas": ["Platform Engineering", "Backend Engineering", "Security Engineering", "Mobile Engineering",
                  "Infrastructure", "Developer Experience", "Reliability Engineering"],
        "base": 150_000,
        "fields": ["Computer Science", "Software Engineering", "Electrical Engineering", "Mathematics"],
        "duties": [
            ("Design, build and operate services that meet agreed latency and availability objectives.",
             "Does the {role} operate services against availability objectives?", "availability objectives"),
            ("Take part in the on-call rotation and lead blameless postmortems after incidents.",
             "Is the {role} part of an on-call rotation?", "on-call rotation"),
            ("Review pull requests and keep the codebase consistent with the team's architecture decision records.",
             "Does the {role} review pull requests?", "Review pull requests"),
            ("Break large technical projects into milestones that can ship independently.",
             "How does the {role} handle large technical projects?", "milestones that can ship independently"),
        ],
        "skills": [
            ("Distributed Systems: designs for partial failure, idempotency and back-pressure.",
             "Which distributed systems skills does a {role} need?", "idempotency and back-pressure"),
            ("Observability: builds dashboards and alerts with Prometheus, Grafana or OpenTelemetry.",
             "Which observability tools should a {role} know?", "Prometheus, Grafana or OpenTelemetry"),
            ("Languages: writes production code in Go, Java, Kotlin or TypeScript.",
             "Which programming languages are listed for the {role}?", "Go, Java, Kotlin or TypeScript"),
        ],
    },
    "Data": {
        "ic": ["Data Engineer", "Data Analyst", "Data Scientist", "Analytics Engineer", "Machine Learning Engineer",
               "Data Platform Engineer", "Business Intelligence Analyst", "Decision Scientist",
               "Data Governance Analyst", "Experimentation Scientist", "Data Quality Engineer", "Research Scientist"],
        "areas": ["Data Engineering", "Analytics", "Data Science", "Machine Learning", "Business Intelligence",
                  "Data Governance", "Data Platform"],
        "base": 140_000,
        "fields": ["Statistics", "Computer Science", "Mathematics", "Economics", "Physics"],
        "duties": [
            ("Build and maintain batch and streaming pipelines with documented data contracts.",
             "Does the {role} maintain streaming pipelines?", "data contracts"),
            ("Define metric definitions once in the semantic layer so every dashboard agrees.",
             "Who defines metric definitions for the {role}'s team?", "semantic layer"),
            ("Design A/B tests, agree guardrail metrics in advance and write up the results.",
             "Does the {role} design A/B tests?", "guardrail metrics"),
            ("Monitor data freshness and completeness and raise incidents when tables fall behind.",
             "Does the {role} monitor data freshness?", "data freshness and completeness"),
        ],
        "skills": [
            ("SQL: writes and tunes complex queries, including window functions and incremental models.",
             "Does a {role} need advanced SQL?", "window functions"),
            ("Modelling Tools: dbt, Airflow or Dagster for orchestrated, tested transformations.",
             "Which orchestration tools should a {role} know?", "dbt, Airflow or Dagster"),
            ("Statistics: hypothesis testing, regression and causal inference on observational data.",
             "What statistics does a {role} need?", "causal inference"),
        ],
    },
    "Design": {
        "ic": ["Product Designer", "UX Researcher", "Content Designer", "Brand Designer", "Interaction Designer",
               "Visual Designer", "Motion Designer", "Service Designer", "Design Technologist", "UX Writer"],
        "areas": ["Product Design", "UX Research", "Content Design", "Brand Design", "Design Operations",
                  "Design Systems"],
        "base": 125_000,
        "fields": ["Interaction Design", "Graphic Design", "Human-Computer Interaction", "Psychology"],
        "duties": [
            ("Run usability studies and turn findings into prioritised design changes.",
             "Does the {role} run usability studies?", "usability studies"),
            ("Contribute components and guidelines to the shared design system.",
             "Does the {role} contribute to the design system?", "shared design system"),
            ("Present design rationale in critiques and adjust work from the feedback.",
             "Does the {role} take part in design critiques?", "critiques"),
            ("Check every design against WCAG 2.2 AA accessibility criteria before hand-off.",
             "Does the {role} check accessibility?", "WCAG 2.2 AA"),
        ],
        "skills": [
            ("Tools: Figma, FigJam and prototyping in ProtoPie or Framer.",
             "Which design tools does a {role} use?", "Figma"),
            ("Research Methods: interviews, diary studies and unmoderated testing.",
             "Which research methods should a {role} know?", "diary studies"),
            ("Visual Craft: typography, colour and layout grids for responsive screens.",
             "Does a {role} need typography skills?", "typography, colour and layout grids"),
        ],
    },
    "Product": {
        "ic": ["Product Manager", "Technical Product Manager", "Product Owner", "Product Analyst",
               "Product Operations Specialist", "Growth Product Manager", "Platform Product Manager",
               "Product Marketing Analyst", "Pricing Analyst", "Program Manager"],
        "areas": ["Product Management", "Product Operations", "Growth", "Pricing", "Program Management",
                  "Product Strategy"],
        "base": 145_000,
        "fields": ["Business Administration", "Computer Science", "Economics", "Engineering"],
        "duties": [
            ("Own the quarterly roadmap and explain trade-offs to engineering and design leads.",
             "Does the {role} own the quarterly roadmap?", "quarterly roadmap"),
            ("Write product requirement documents with measurable success criteria.",
             "Does the {role} write product requirement documents?", "product requirement documents"),
            ("Run discovery interviews with customers before committing to a build.",
             "Does the {role} talk to customers?", "discovery interviews"),
            ("Decide launch readiness together with support, legal and marketing.",
             "Who does the {role} decide launch readiness with?", "launch readiness"),
        ],
        "skills": [
            ("Prioritisation: RICE scoring, opportunity sizing and saying no with reasons.",
             "How does a {role} prioritise?", "RICE scoring"),
            ("Analytics: self-serve analysis in Amplitude, Looker or SQL.",
             "Which analytics tools should a {role} know?", "Amplitude, Looker or SQL"),
            ("Delivery: Scrum and Kanban, with a working knowledge of release management.",
             "Does a {role} need to know Scrum?", "Scrum and Kanban"),
        ],
    },
    "Sales": {
        "ic": ["Account Executive", "Sales Development Representative", "Solutions Engineer", "Sales Engineer",
               "Enterprise Account Executive", "Channel Partner Manager", "Inside Sales Representative",
               "Sales Operations Analyst", "Deal Desk Analyst", "Renewals Specialist"],
        "areas": ["Sales", "Revenue Operations", "Sales Operations", "Enterprise Sales", "Partnerships",
                  "Sales Engineering", "Inside Sales"],
        "base": 110_000,
        "fields": ["Business Administration", "Marketing", "Communications", "Economics"],
        "duties": [
            ("Build and maintain an accurate pipeline forecast in Salesforce every week.",
             "Does the {role} forecast the pipeline?", "pipeline forecast"),
            ("Run discovery calls and qualify opportunities with the MEDDICC framework.",
             "Which qualification framework does the {role} use?", "MEDDICC"),
            ("Negotiate contract terms within the approval matrix set by the deal desk.",
             "Does the {role} negotiate contract terms?", "approval matrix"),
            ("Hand closed accounts to customer success with a written success plan.",
             "What does the {role} do with closed accounts?", "written success plan"),
        ],
        "skills": [
            ("CRM: Salesforce hygiene, opportunity stages and forecasting categories.",
             "Which CRM should a {role} know?", "Salesforce hygiene"),
            ("Negotiation: multi-threading deals and handling procurement objections.",
             "Does a {role} need negotiation skills?", "procurement objections"),
            ("Presentation: tailored demos for technical and executive audiences.",
             "Does a {role} give demos?", "tailored demos"),
        ],
    },
    "Marketing": {
        "ic": ["Content Marketing Manager", "Product Marketing Manager", "Demand Generation Specialist",
               "SEO Specialist", "Marketing Operations Analyst", "Lifecycle Marketing Specialist",
               "Social Media Strategist", "Events Marketing Specialist", "Brand Strategist", "Copywriter"],
        "areas": ["Marketing", "Product Marketing", "Demand Generation", "Brand Marketing", "Marketing Operations",
                  "Communications"],
        "base": 115_000,
        "fields": ["Marketing", "Communications", "Journalism", "Business Administration"],
        "duties": [
            ("Plan integrated campaigns with a budget, a target audience and a measurable goal.",
             "Does the {role} plan integrated campaigns?", "integrated campaigns"),
            ("Keep the editorial calendar and brief writers and designers on each piece.",
             "Does the {role} keep an editorial calendar?", "editorial calendar"),
            ("Report marketing-sourced pipeline and attribution to the revenue team monthly.",
             "Does the {role} report on attribution?", "marketing-sourced pipeline"),
            ("Test landing pages and email subject lines and roll out the winners.",
             "Does the {role} test landing pages?", "landing pages"),
        ],
        "skills": [
            ("Marketing Automation: HubSpot or Marketo, including lead scoring.",
             "Which marketing automation tools should a {role} know?", "HubSpot or Marketo"),
            ("Writing: clear, on-brand copy for web, email and social channels.",
             "Does a {role} need writing skills?", "on-brand copy"),
            ("Search: keyword research, technical SEO audits and Google Search Console.",
             "Does a {role} need SEO knowledge?", "technical SEO audits"),
        ],
    },
    "Finance": {
        "ic": ["Financial Analyst", "Accountant", "Financial Planning Analyst", "Tax Specialist", "Treasury Analyst",
               "Payroll Specialist", "Revenue Accountant", "Internal Auditor", "Procurement Analyst",
               "Accounts Payable Specialist", "Billing Analyst"],
        "areas": ["Finance", "Financial Planning and Analysis", "Accounting", "Tax", "Treasury", "Procurement",
                  "Internal Audit"],
        "base": 105_000,
        "fields": ["Accounting", "Finance", "Economics", "Business Administration"],
        "duties": [
            ("Prepare the monthly close and reconcile balance sheet accounts within five working days.",
             "Does the {role} take part in the monthly close?", "monthly close"),
            ("Build the annual budget and the rolling forecast with each cost-centre owner.",
             "Does the {role} build the annual budget?", "rolling forecast"),
            ("Maintain internal controls and provide evidence for the SOX audit.",
             "Does the {role} support the SOX audit?", "SOX audit"),
            ("Analyse variances against plan and explain them to business leaders.",
             "Does the {role} explain variances against plan?", "variances against plan"),
        ],
        "skills": [
            ("Accounting Standards: US GAAP and IFRS, including ASC 606 revenue recognition.",
             "Which accounting standards should a {role} know?", "ASC 606"),
            ("Spreadsheet Modelling: three-statement models in Excel or Google Sheets.",
             "Does a {role} need financial modelling skills?", "three-statement models"),
            ("Systems: NetSuite or SAP for the general ledger and reporting.",
             "Which finance systems should a {role} know?", "NetSuite or SAP"),
        ],
    },
    "People": {
        "ic": ["HR Business Partner", "Recruiter", "Technical Recruiter", "People Operations Specialist",
               "Learning and Development Specialist", "Compensation Analyst", "HR Generalist",
               "Employee Relations Specialist", "Talent Acquisition Coordinator", "People Analyst"],
        "areas": ["People", "Talent Acquisition", "People Operations", "Learning and Development",
                  "Total Rewards", "Employee Relations"],
        "base": 100_000,
        "fields": ["Human Resources", "Psychology", "Business Administration", "Sociology"],
        "duties": [
            ("Coach managers through performance reviews and difficult conversations.",
             "Does the {role} coach managers?", "performance reviews"),
            ("Run structured interview loops with scorecards agreed before the first interview.",
             "Does the {role} use interview scorecards?", "scorecards"),
            ("Keep employee records accurate in Workday and audit them every quarter.",
             "Does the {role} maintain employee records?", "Workday"),
            ("Design onboarding programmes that get new hires productive in their first ninety days.",
             "Does the {role} design onboarding?", "first ninety days"),
        ],
        "skills": [
            ("Employment Law: working knowledge of employment law in each country the company hires in.",
             "Does a {role} need to know employment law?", "employment law"),
            ("HR Systems: Workday, Greenhouse or BambooHR.",
             "Which HR systems should a {role} know?", "Greenhouse or BambooHR"),
            ("Facilitation: runs workshops and calibration sessions with senior leaders.",
             "Does a {role} facilitate calibration sessions?", "calibration sessions"),
        ],
    },
    "Education": {
        "ic": ["Instructional Designer", "Curriculum Specialist", "Learning Experience Designer",
               "Education Technology Specialist", "Academic Advisor", "Assessment Specialist",
               "Online Learning Coordinator", "Teacher Trainer", "Student Success Coach", "Learning Technologist"],
        "areas": ["Curriculum", "Instructional Design", "Education Technology", "Student Services",
                  "Academic Affairs", "Teacher Development"],
        "base": 85_000,
        "fields": ["Education", "Instructional Design", "Educational Psychology", "Curriculum and Instruction"],
        "duties": [
            ("Align course materials with state standards and the district's scope and sequence.",
             "Does the {role} align materials with state standards?", "state standards"),
            ("Train teachers to use the learning management system in their daily lessons.",
             "Does the {role} train teachers?", "learning management system"),
            ("Review student outcome data each term and recommend interventions for at-risk learners.",
             "Does the {role} help at-risk learners?", "at-risk learners"),
            ("Vet new classroom software for student data privacy before it is adopted.",
             "Does the {role} vet software for privacy?", "student data privacy"),
        ],
        "skills": [
            ("Instructional Design Models: ADDIE, backward design and Universal Design for Learning.",
             "Which instructional design models should a {role} know?", "Universal Design for Learning"),
            ("Learning Platforms: Canvas, Moodle or Google Classroom administration.",
             "Which learning platforms should a {role} know?", "Canvas, Moodle or Google Classroom"),
            ("Assessment: writes valid rubrics and formative assessments.",
             "Does a {role} write rubrics?", "formative assessments"),
        ],
    },
    "Operations": {
        "ic": ["Operations Analyst", "Supply Chain Analyst", "Logistics Coordinator", "Facilities Coordinator",
               "Business Operations Associate", "Vendor Manager", "Process Improvement Specialist",
               "Workplace Experience Coordinator", "Fulfilment Planner", "Inventory Analyst"],
        "areas": ["Operations", "Supply Chain", "Logistics", "Facilities", "Business Operations", "Strategy and Operations"],
        "base": 95_000,
        "fields": ["Operations Management", "Industrial Engineering", "Business Administration", "Logistics"],
        "duties": [
            ("Map current processes and remove hand-offs that add no value, using Lean methods.",
             "Does the {role} use Lean methods?", "Lean methods"),
            ("Track service levels with suppliers and run quarterly business reviews with them.",
             "Does the {role} run quarterly business reviews with suppliers?", "quarterly business reviews"),
            ("Keep inventory accuracy above target through cycle counts.",
             "How does the {role} keep inventory accurate?", "cycle counts"),
            ("Write standard operating procedures and train the teams that follow them.",
             "Does the {role} write standard operating procedures?", "standard operating procedures"),
        ],
        "skills": [
            ("Process Methods: Lean, Six Sigma and value-stream mapping.",
             "Does a {role} need Six Sigma?", "value-stream mapping"),
            ("Planning Tools: ERP systems such as SAP or Oracle and advanced spreadsheets.",
             "Which planning tools should a {role} know?", "SAP or Oracle"),
            ("Vendor Management: contract negotiation and supplier scorecards.",
             "Does a {role} manage vendors?", "supplier scorecards"),
        ],
    },
    "Legal": {
        "ic": ["Corporate Counsel", "Commercial Counsel", "Privacy Counsel", "Paralegal", "Contracts Manager",
               "Compliance Analyst", "Compliance Officer", "Employment Counsel", "Legal Operations Specialist",
               "Intellectual Property Counsel"],
        "areas": ["Legal", "Compliance", "Privacy", "Legal Operations", "Commercial Legal", "Risk"],
        "base": 160_000,
        "fields": ["Law", "Political Science", "Business Administration", "Public Policy"],
        "duties": [
            ("Draft and negotiate customer, vendor and partner agreements.",
             "Does the {role} negotiate vendor agreements?", "partner agreements"),
            ("Run the privacy impact assessment for new products and data flows.",
             "Does the {role} run privacy impact assessments?", "privacy impact assessment"),
            ("Keep the contract repository current and report on renewal dates.",
             "Does the {role} keep the contract repository?", "contract repository"),
            ("Train employees on the code of conduct and anti-bribery policy each year.",
             "Does the {role} run code of conduct training?", "anti-bribery policy"),
        ],
        "skills": [
            ("Regulation: GDPR, CCPA and sector rules that apply to the company's products.",
             "Which privacy regulations should a {role} know?", "GDPR, CCPA"),
            ("Contract Drafting: clear, enforceable language and playbook-based negotiation.",
             "Does a {role} need contract drafting skills?", "playbook-based negotiation"),
            ("Legal Tech: contract lifecycle management tools such as Ironclad.",
             "Which legal tools should a {role} know?", "Ironclad"),
        ],
    },
    "Customer Success": {
        "ic": ["Customer Success Manager", "Support Engineer", "Technical Account Manager", "Implementation Consultant",
               "Customer Support Specialist", "Onboarding Specialist", "Support Operations Analyst",
               "Customer Education Specialist", "Escalations Engineer", "Community Manager"],
        "areas": ["Customer Success", "Customer Support", "Professional Services", "Support Operations",
                  "Customer Experience", "Technical Account Management"],
        "base": 100_000,
        "fields": ["Business Administration", "Communications", "Computer Science", "Psychology"],
        "duties": [
            ("Run quarterly health checks and agree a success plan with each account.",
             "Does the {role} run health checks with accounts?", "health checks"),
            ("Resolve escalated tickets within the service-level agreement and document the fix.",
             "Does the {role} handle escalated tickets?", "service-level agreement"),
            ("Spot churn risk early from usage data and act with the account team.",
             "Does the {role} watch for churn risk?", "churn risk"),
            ("Write knowledge-base articles for the questions customers ask most.",
             "Does the {role} write knowledge-base articles?", "knowledge-base articles"),
        ],
        "skills": [
            ("Support Tools: Zendesk, Intercom or Gainsight.",
             "Which support tools should a {role} know?", "Zendesk, Intercom or Gainsight"),
            ("Troubleshooting: reads logs and reproduces issues before escalating.",
             "Does a {role} need troubleshooting skills?", "reproduces issues"),
            ("Customer Communication: calm, clear writing under pressure.",
             "Does a {role} need communication skills?", "calm, clear writing under pressure"),
        ],
    },
}

# Duties and skills every role can have, whatever its family.
COMMON_DUTIES: list[Item] = [
    ("Mentor less experienced colleagues and give regular, specific feedback.",
     "Does the {role} mentor colleagues?", "Mentor less experienced colleagues"),
    ("Write clear documentation so others can pick up the work without a meeting.",
     "Does the {role} write documentation?", "clear documentation"),
    ("Partner with adjacent teams to agree priorities each planning cycle.",
     "Does the {role} work with adjacent teams?", "adjacent teams"),
    ("Represent the team in the monthly operating review with leadership.",
     "Does the {role} attend the monthly operating review?", "monthly operating review"),
]
LEAD_DUTIES: list[Item] = [
    ("Hire, develop and retain a high-performing team, and run calibration twice a year.",
     "Does the {role} hire for the team?", "high-performing team"),
    ("Own the department's headcount plan and operating budget.",
     "Does the {role} own the headcount plan?", "headcount plan"),
    ("Set the function's annual strategy and objectives and report progress to the executive team.",
     "Does the {role} set the function's strategy?", "annual strategy and objectives"),
]
SOFT_SKILLS: list[Item] = [
    ("Communication: explains complex work simply to any audience.",
     "Does a {role} need communication skills?", "explains complex work simply"),
    ("Ownership: follows work through to the outcome, not just the output.",
     "What does ownership mean for a {role}?", "follows work through to the outcome"),
    ("Collaboration: builds trust across teams and resolves disagreement openly.",
     "Does a {role} need to collaborate across teams?", "builds trust across teams"),
    ("Judgement: makes sound decisions with incomplete information.",
     "Does a {role} need good judgement?", "incomplete information"),
    ("Stakeholder Management: keeps sponsors informed and expectations realistic.",
     "Does a {role} manage stakeholders?", "keeps sponsors informed"),
]

SENIORITY = [("Associate", 0.75, (0, 2)), ("", 1.0, (2, 5)), ("Senior", 1.25, (5, 8)), ("Staff", 1.5, (8, 12)),
             ("Principal", 1.8, (10, 15)), ("Lead", 1.4, (7, 10))]
MANAGEMENT = [("{area} Manager", 1.45, (6, 10)), ("Director of {area}", 1.9, (10, 15)),
              ("Senior Director of {area}", 2.2, (12, 18)), ("Head of {area}", 2.1, (12, 16)),
              ("VP of {area}", 2.6, (15, 20))]
LEVELS = [("Associate", 0.75), ("Intermediate", 1.0), ("Senior", 1.25), ("Staff", 1.5), ("Principal", 1.8)]
LEVEL_PREFIX = {"Engineering": "E", "Data": "D", "Design": "DS", "Product": "PM"}
PAY_HEADINGS = ["Salary Range", "Compensation", "Pay", "Base Salary"]


@dataclass(frozen=True)
class Question:
    q: str
    role: str
    kind: str  # pay | progression | education | experience | responsibility | skill | trap
    evidence: str = ""  # phrase of the chunk that answers it ("" for traps)
    answer: str = ""  # phrase the answer must contain ("" for traps: must abstain, no figure)

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in {"q": self.q, "role": self.role, "kind": self.kind, "evidence": self.evidence,
                                  "answer": self.answer}.items() if v}


@dataclass
class RoleSpec:
    """Everything one generated document says, kept so its questions have known answers."""

    title: str
    family: str
    slug: str
    mid_pay: int
    years: tuple[int, int]
    leadership: bool
    leveled: bool
    aliases: list[str] = field(default_factory=list)
    pay_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (level, code, "$a - $b")
    pay_line: str = ""
    entry: list[str] = field(default_factory=list)
    advance: list[str] = field(default_factory=list)
    lateral: list[str] = field(default_factory=list)
    duties: list[Item] = field(default_factory=list)
    secondary: list[Item] = field(default_factory=list)
    hard: list[Item] = field(default_factory=list)
    soft: list[Item] = field(default_factory=list)
    min_education: str = ""
    preferred_education: str = ""
    study: list[str] = field(default_factory=list)
    experience: str = ""
    updated: str = ""
    pay_heading: str = "Salary Range"


@dataclass(frozen=True)
class Candidate:
    """A title the organisation could have, with the ladder it sits on (its progression comes from there)."""

    title: str
    family: str
    factor: float  # pay relative to the family's mid level
    years: tuple[int, int]
    leadership: bool
    leveled: bool  # an un-prefixed IC title: the one whose document may carry a pay table by level
    ladder: tuple[str, ...]
    rung: int


def candidate_titles() -> list[Candidate]:
    """Every title the organisation could have: seniorities of each IC title, management titles of each area."""
    out = []
    for family, spec in FAMILIES.items():
        for base in spec["ic"]:
            ladder = tuple(f"{p} {base}".strip() for p, _, _ in SENIORITY[:5])
            for rung, (prefix, factor, years) in enumerate(SENIORITY):
                out.append(Candidate(f"{prefix} {base}".strip(), family, factor, years, prefix == "Lead", prefix == "",
                                     ladder, rung if rung < len(ladder) else 3))
        for area in spec["areas"]:
            ladder = tuple(p.format(area=area) for p, _, _ in MANAGEMENT)
            for rung, (_, factor, years) in enumerate(MANAGEMENT):
                out.append(Candidate(ladder[rung], family, factor, years, True, False, ladder, rung))
    return out


def name_key(name: str) -> str:
    """How the advisor compares names: case, punctuation and a plural 's' do not make two roles different."""
    words = re.sub(r"[^\w&+#]+", " ", name.lower()).split()
    return " ".join(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def build_roles(n: int, rng: random.Random) -> list[RoleSpec]:
    """Pick n unique titles and fill in each document's content."""
    candidates = candidate_titles()
    rng.shuffle(candidates)
    seen: set[str] = set()
    chosen = []
    for cand in candidates:
        key = name_key(cand.title)
        if key not in seen:
            seen.add(key)
            chosen.append(cand)
        if len(chosen) == n:
            break
    if len(chosen) < n:
        raise SystemExit(f"the generator knows {len(chosen)} distinct titles; ask for at most that many (--n)")
    titles = {c.title for c in chosen}
    roles: list[RoleSpec] = []
    used_names = set(seen)
    for cand in chosen:
        family, factor = cand.family, cand.factor
        spec = FAMILIES[family]
        mid = round(spec["base"] * factor * rng.uniform(0.92, 1.08), -3)
        role = RoleSpec(title=cand.title, family=family, slug=_slug(cand.title), mid_pay=int(mid), years=cand.years,
                        leadership=cand.leadership, leveled=cand.leveled)
        role.aliases = _aliases(cand.title, used_names)
        _fill_pay(role, rng)
        _fill_progression(role, cand, titles, rng)
        duties = rng.sample(spec["duties"], k=rng.randint(3, 4)) + rng.sample(COMMON_DUTIES, k=rng.randint(2, 3))
        if cand.leadership:
            duties += rng.sample(LEAD_DUTIES, k=2)
        rng.shuffle(duties)
        role.duties, role.secondary = duties[:-1], duties[-1:]
        role.hard = rng.sample(spec["skills"], k=rng.randint(2, 3))
        role.soft = rng.sample(SOFT_SKILLS, k=rng.randint(2, 4))
        fields = rng.sample(spec["fields"], k=min(3, len(spec["fields"])))
        degree = "Master's Degree" if factor >= 1.9 and rng.random() < 0.4 else "Bachelor's Degree"
        role.min_education = f"{degree} in {fields[0]} or a related field"
        role.preferred_education = rng.choice([f"Master's Degree in {fields[1]}", "Master of Business Administration (MBA)",
                                               f"Professional certification relevant to {family.lower()} work"])
        role.study = fields
        low, high = cand.years
        role.experience = f"{low}-{high} years of progressive experience in {family.lower()} roles"
        role.updated = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))).isoformat()
        role.pay_heading = rng.choice(PAY_HEADINGS)
        roles.append(role)
    return roles


def _aliases(title: str, used: set[str]) -> list[str]:
    """Other names people use, kept only when no other role already answers to them."""
    options = []
    if title.startswith("Senior ") and not title.startswith("Senior Director"):
        options.append("Sr. " + title[len("Senior "):])
    match = re.match(r"(Senior )?Director of (.+)", title)
    if match:
        options.append(f"{match.group(1) or ''}{match.group(2)} Director".strip())
    if title.startswith("VP of "):
        options.append(f"Vice President of {title[6:]}")
    out = []
    for alias in options:
        key = name_key(alias)
        if key not in used:
            used.add(key)
            out.append(alias)
    return out


def _fill_pay(role: RoleSpec, rng: random.Random) -> None:
    """A table by level (most un-prefixed IC roles), one salary line, or nothing (about a quarter of roles)."""
    draw = rng.random()
    if role.leveled and draw < 0.7:
        prefix = LEVEL_PREFIX.get(role.family, "P")
        for i, (level, factor) in enumerate(LEVELS, start=1):
            mid = role.mid_pay * factor
            role.pay_rows.append((level, f"{prefix}{i}", _band(mid, rng)))
    elif draw < 0.72:
        role.pay_line = _band(role.mid_pay, rng) + ("+" if role.leadership and rng.random() < 0.3 else "")


def _band(mid: float, rng: random.Random) -> str:
    spread = rng.uniform(0.12, 0.22)
    low, high = round(mid * (1 - spread), -3), round(mid * (1 + spread), -3)
    return f"${int(low):,} - ${int(high):,}"


def _fill_progression(role: RoleSpec, cand: Candidate, titles: set[str], rng: random.Random) -> None:
    """Entry from the rung below, advancement to the rung above (or out of the ladder), lateral to other roles."""
    spec = FAMILIES[cand.family]
    ladder, rung = cand.ladder, cand.rung
    role.entry = list(ladder[max(0, rung - 1):rung])
    role.advance = list(ladder[rung + 1:rung + 2])
    if role.leadership and not role.title.startswith("Lead "):
        role.entry = role.entry or [f"Principal {rng.choice(spec['ic'])}"]
        role.advance = role.advance or [f"Chief {cand.family} Officer"]
        role.advance.append(f"General Manager, {cand.family}")
    else:
        role.entry = role.entry or [f"{cand.family} Intern"]
        role.advance.append(f"{rng.choice(spec['areas'])} Manager")
    others = sorted(t for t in titles if t != role.title and t not in role.advance and t not in role.entry)
    role.entry += rng.sample(others, k=1)
    role.lateral = rng.sample([o for o in others if o not in role.entry], k=2)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# -- writing ---------------------------------------------------------------------------------------------


def render(role: RoleSpec, rng: random.Random) -> str:
    """One role document as Markdown with front matter, section order and headings varying like real ones."""
    front = {"title": role.title}
    if role.aliases:
        front["aliases"] = role.aliases
    front.update({"family": role.family, "updated": dt.date.fromisoformat(role.updated)})
    lines = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True).strip(), "---", "", f"# {role.title}", ""]
    article = "An" if role.title[0] in "AEIOU" else "A"
    overview = (f"{article} {role.title} works in the {role.family} organisation. "
                f"{rng.choice(_PURPOSES).format(family=role.family.lower())} "
                f"{rng.choice(_SCOPES)}")
    pay: list[str] = []
    if role.pay_rows:
        pay = ["## Pay by Level", "", "| Level | Code | Base salary (USD) |", "|---|---|---|",
               *[f"| {level} | {code} | {band} |" for level, code, band in role.pay_rows], ""]
    elif role.pay_line:
        pay = [f"## {role.pay_heading}", "", role.pay_line, ""]
    progression = ["## Career Progression", "", "### Typical Career Path", "",
                   "#### Entry Point From", "", *[f"- {t}" for t in role.entry], "",
                   "#### Advancement To", "", *[f"- {t}" for t in role.advance], "",
                   "#### Lateral Moves", "", *[f"- {t}" for t in role.lateral], ""]
    duties = ["## Core Responsibilities", "", "### Primary Functions", "", *[f"- {d[0]}" for d in role.duties], "",
              "### Secondary Functions", "", *[f"- {d[0]}" for d in role.secondary], ""]
    skills = ["## Required Skills & Competencies", "", "### Hard Skills (Technical)", "",
              *[f"- {s[0]}" for s in role.hard], "", "### Soft Skills", "", *[f"- {s[0]}" for s in role.soft], ""]
    education = ["## Education & Experience", "", "### Educational Background", "",
                 "#### Minimum Education", "", f"- {role.min_education}", "",
                 "#### Preferred Education", "", f"- {role.preferred_education}", "",
                 "#### Relevant Fields of Study", "", *[f"- {f}" for f in role.study], "",
                 "### Experience Requirements", "", f"- Typical Experience Range: {role.experience}.", ""]
    body = [pay, ["## Role Definition", "", overview, ""], progression, duties, skills, education]
    if rng.random() < 0.5:
        body[0], body[1] = body[1], body[0]
    if rng.random() < 0.3:
        body[2], body[3] = body[3], body[2]
    return "\n".join(lines + [line for section in body for line in section])


_PURPOSES = [
    "The role exists so that {family} work is planned, delivered and measured against clear outcomes.",
    "It connects day-to-day {family} work with the company's goals for the year.",
    "The position keeps {family} practices consistent, documented and improving.",
]
_SCOPES = [
    "Success is judged by the quality of outcomes, not the volume of activity.",
    "The work is done in close partnership with neighbouring teams and their leads.",
    "It is a role for people who like clear ownership and visible results.",
]


# -- questions -------------------------------------------------------------------------------------------


def questions_for(role: RoleSpec, rng: random.Random) -> list[Question]:
    """Questions about one role, each with the phrase its evidence must contain and the fact the answer must state."""
    a = _article(role.title)
    out: list[Question] = []
    if role.pay_rows:
        level, code, band = rng.choice(role.pay_rows)
        q = rng.choice([f"What is the base salary for {a} {role.title} at level {code}?",
                        f"How much does {a} {role.title} at the {level} level earn?"])
        out.append(Question(q, role.title, "pay", band, band))
    elif role.pay_line:
        band = role.pay_line
        q = rng.choice([f"What is the salary range for {a} {role.title}?", f"How much does {a} {role.title} get paid?",
                        f"What does {a} {role.title} earn?"])
        out.append(Question(q, role.title, "pay", band, band))
    else:
        q = rng.choice([f"What is the salary of {a} {role.title}?", f"How much does {a} {role.title} earn?",
                        f"What is the pay range for {a} {role.title}?"])
        out.append(Question(q, role.title, "trap"))
    target = role.advance[0]
    out.append(Question(rng.choice([f"What roles can {a} {role.title} be promoted to?",
                                    f"What is the next career step for {a} {role.title}?"]),
                        role.title, "progression", target, target))
    out.append(Question(f"What is the minimum education for {a} {role.title}?", role.title, "education",
                        role.min_education, role.min_education.split(" or a related")[0]))
    years = role.experience.split(" of ")[0]
    out.append(Question(rng.choice([f"How many years of experience does {a} {role.title} need?",
                                    f"How much experience is expected of {a} {role.title}?"]),
                        role.title, "experience", years, years))
    duty = rng.choice(role.duties)
    out.append(Question(duty[1].format(role=role.title).replace("the " + role.title, f"the {role.title}"),
                        role.title, "responsibility", duty[2], duty[2]))
    skill = rng.choice(role.hard + role.soft)
    out.append(Question(skill[1].format(role=role.title).replace("a " + role.title, f"{a} {role.title}"),
                        role.title, "skill", skill[2], skill[2]))
    return out


def _article(title: str) -> str:
    return "an" if title[0].upper() in "AEIOU" else "a"


def generate(n: int, out: Path, seed: int = 7, sample: int = 40) -> tuple[list[Path], list[Question]]:
    """Write n role documents to out/knowledge and their questions to out/questions.yaml.

    Questions cover `sample` roles (all when n is smaller), always including some without pay, whose pay
    question is a trap: the answer must abstain and show no figure.
    """
    rng = random.Random(seed)
    roles = build_roles(n, rng)
    folder = out / "knowledge"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for role in roles:
        path = folder / f"{role.slug}.md"
        path.write_text(render(role, rng), encoding="utf-8")
        paths.append(path)
    picked = rng.sample(roles, k=min(sample, len(roles)))
    without_pay = [r for r in roles if not r.pay_rows and not r.pay_line and r not in picked]
    if not any(not r.pay_rows and not r.pay_line for r in picked) and without_pay:
        picked[-1] = without_pay[0]
    questions = [q for role in picked for q in questions_for(role, rng)]
    header = (f"# Generated by benchmarks/generate.py --n {n} --seed {seed} --sample {sample}.\n"
              "# evidence: phrase of the asked role's chunk that answers it; answer: phrase the answer must contain.\n"
              "# kind 'trap': the role's document gives no pay; the answer must abstain and show no figure.\n")
    (out / "questions.yaml").write_text(header + yaml.safe_dump([q.to_dict() for q in questions], sort_keys=False,
                                                               allow_unicode=True, width=200), encoding="utf-8")
    return paths, questions


def load_questions(path: Path) -> list[Question]:
    return [Question(**item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="number of role documents")
    parser.add_argument("--out", type=Path, required=True, help="folder to write knowledge/ and questions.yaml into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=40, help="roles that get questions")
    args = parser.parse_args()
    paths, questions = generate(args.n, args.out, args.seed, args.sample)
    traps = sum(q.kind == "trap" for q in questions)
    print(f"{len(paths)} documents in {args.out / 'knowledge'}; {len(questions)} questions ({traps} traps) "
          f"in {args.out / 'questions.yaml'}")


if __name__ == "__main__":
    main()
