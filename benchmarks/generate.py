"""Synthetic role documents with known answers, for measuring the advisor at hundreds or thousands of roles.

    .venv/bin/python benchmarks/generate.py --n 1000 --out DIR [--seed 7] [--sample 40]

Writes DIR/knowledge/ (one file per document) and DIR/questions.yaml. Everything follows from the seed, so a
figure measured on one machine can be re-measured on another.

Documents come in the shapes real ones do, chosen per document from the seed (SHAPES): a Markdown role page
with its headings worded one of several ways ("Salary" / "What we pay", "Responsibilities" / "What you'll do",
"Requirements" / "Essential criteria"), a job-family ladder with a section per level and a pay table by level,
a government class specification (a series I/II with pay steps), a plain-text posting with `Job Title:` and
`Salary:` lines, and a careers web page with navigation, banners and footer around the content. Pay is a yearly,
hourly, monthly or weekly range or a list of steps, in US dollars, pounds, euros or Canadian dollars, or absent.

The corpus is also hard in the ways a real one is: many near-identical titles ("Senior Backend Engineer", "Staff
Backend Engineer", "Backend Engineering Manager"), the same responsibility phrases in many documents, and
progression lists naming other roles. Every question is written from what its document says: its evidence
phrase and expected fact are in that document verbatim, and its kind (KINDS) lets a benchmark report per kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import re
from collections import Counter
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
               "Search Engineer", "Developer Productivity Engineer", "Quality Engineer",
               "Software Engineer", "Firmware Engineer", "Cloud Engineer", "Network Engineer"],
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
               "Data Governance Analyst", "Experimentation Scientist", "Data Quality Engineer", "Research Scientist",
               "Statistician", "Data Architect", "Insights Analyst"],
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
               "Visual Designer", "Motion Designer", "Service Designer", "Design Technologist", "UX Writer",
               "UI Designer", "Information Architect", "Accessibility Specialist"],
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
               "Product Marketing Analyst", "Pricing Analyst", "Program Manager", "Release Manager",
               "Business Analyst", "Portfolio Analyst"],
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
               "Sales Operations Analyst", "Deal Desk Analyst", "Renewals Specialist", "Account Manager",
               "Business Development Representative", "Sales Enablement Specialist"],
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
               "Social Media Strategist", "Events Marketing Specialist", "Brand Strategist", "Copywriter",
               "Marketing Analyst", "Email Marketing Specialist", "Public Relations Specialist"],
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
               "Accounts Payable Specialist", "Billing Analyst", "Credit Analyst", "Budget Analyst", "Cost Accountant"],
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
               "Employee Relations Specialist", "Talent Acquisition Coordinator", "People Analyst",
               "Benefits Specialist", "HR Coordinator", "Workforce Planner"],
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
               "Online Learning Coordinator", "Teacher Trainer", "Student Success Coach", "Learning Technologist",
               "Admissions Counselor", "Library Media Specialist", "Education Program Coordinator"],
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
               "Workplace Experience Coordinator", "Fulfilment Planner", "Inventory Analyst",
               "Demand Planner", "Fleet Coordinator", "Quality Assurance Inspector"],
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
               "Intellectual Property Counsel", "Litigation Paralegal", "Regulatory Affairs Specialist",
               "Risk Analyst"],
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
               "Customer Education Specialist", "Escalations Engineer", "Community Manager",
               "Customer Operations Analyst", "Service Desk Analyst", "Customer Advocate"],
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
    "Public Service": {
        "ic": ["Planner", "Building Inspector", "Environmental Health Specialist", "Librarian",
               "Eligibility Specialist", "Civil Engineer", "Accounting Technician", "Administrative Analyst",
               "Code Enforcement Officer", "Park Ranger", "Grants Coordinator", "Management Analyst",
               "Records Specialist", "GIS Analyst", "Traffic Engineer", "Housing Specialist",
               "Water Quality Specialist", "Permit Technician", "Emergency Management Coordinator",
               "Public Information Officer"],
        "areas": ["Planning", "Public Works", "Community Development", "Parks and Recreation", "Public Health",
                  "Building Services"],
        "base": 88_000,
        "fields": ["Public Administration", "Urban Planning", "Civil Engineering", "Environmental Science"],
        "duties": [
            ("Review permit applications and plans for compliance with the municipal code.",
             "Does the {role} review permit applications?", "compliance with the municipal code"),
            ("Prepare staff reports and present recommendations to the city council and commissions.",
             "Does the {role} present to the city council?", "staff reports"),
            ("Answer questions from residents at the public counter, by phone and by email.",
             "Does the {role} deal with residents?", "public counter"),
            ("Keep case files complete and accurate in the records management system.",
             "Does the {role} keep case files?", "records management system"),
        ],
        "skills": [
            ("Regulations: applicable federal, state and local laws, codes and ordinances.",
             "Which regulations should a {role} know?", "codes and ordinances"),
            ("Public Engagement: runs community meetings and explains technical matters to lay audiences.",
             "Does a {role} run community meetings?", "lay audiences"),
            ("Systems: permitting and GIS software such as Accela or ArcGIS.",
             "Which systems should a {role} know?", "Accela or ArcGIS"),
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
PREFIX_FACTOR = {"Junior": 0.7, "Associate": 0.75, "Intermediate": 1.0, "": 1.0, "Senior": 1.25, "Staff": 1.5,
                 "Lead": 1.4, "Principal": 1.8}
PREFIX_YEARS = {"Junior": (0, 2), "Associate": (0, 2), "Intermediate": (2, 5), "": (2, 5), "Senior": (5, 8),
                "Staff": (8, 12), "Lead": (7, 10), "Principal": (10, 15)}

# -- the shapes documents come in ---------------------------------------------------------------------------------
# markdown: one role, Markdown headings (front matter or not), pay as one line, a table by level, or nothing.
# ladder: one job family, a section per level (L3, Level 3, IC3, Band C, "Senior X (P3)"), a pay table by level.
# class-spec: a government class specification (Definition, Distinguishing characteristics, Examples of duties,
#   Minimum qualifications), often a series I/II(/III), pay as steps; Markdown or plain text.
# posting: a plain-text job ad with `Job Title:` / `Location:` / `Salary:` lines and capitalised section labels.
# html: a careers page with header, navigation, cookie banner, breadcrumb, aside and footer around the content.
SHAPES = ("markdown", "ladder", "class-spec", "posting", "html")
SHAPE_WEIGHTS = (0.28, 0.16, 0.16, 0.18, 0.22)
KINDS = ("pay", "level-pay", "next-level", "progression", "education", "experience", "responsibility", "skill",
         "trap")

# Ladders run through these seniority prefixes, most junior first (the un-prefixed title is the family's name).
LADDERS = [("Associate", "", "Senior", "Staff", "Principal"), ("Junior", "", "Senior", "Staff"),
           ("", "Senior", "Staff", "Principal"), ("Associate", "", "Senior", "Lead")]
TABLE_LEVELS = ("Associate", "Intermediate", "Senior", "Staff", "Principal")
LEVEL_PREFIX = {"Engineering": "E", "Data": "D", "Design": "DS", "Product": "PM"}
ROMAN = ("I", "II", "III")

# Section headings people write for the same thing.
HEADINGS = {
    "overview": ["Role Definition", "About the role", "Overview", "Purpose of the role", "Summary", "The role"],
    "pay": ["Salary", "Compensation", "Pay range", "What we pay", "Salary Range", "Base Salary"],
    "pay_table": ["Pay by Level", "Salary bands", "Pay ranges by level", "Compensation", "What we pay"],
    "duties": ["Core Responsibilities", "Responsibilities", "What you'll do", "Key duties", "The job",
               "Main duties"],
    "requirements": ["Requirements", "Who you are", "Minimum qualifications", "Essential criteria",
                     "What you'll need"],
    "desirable": ["Nice to have", "Desirable", "Preferred qualifications", "Bonus points"],
    "skills": ["Required Skills & Competencies", "Skills", "Skills and competencies", "What you'll bring",
               "Competencies"],
    "education": ["Education & Experience", "Qualifications", "Education and experience", "Background"],
    "benefits": ["Benefits", "What we offer", "Perks and benefits", "Why join us"],
    "career": ["Career Progression", "Career path", "Progression", "Where this role leads", "Growth"],
}
CAREER_SUBHEADINGS = [("Entry Point From", "Advancement To", "Lateral Moves"),
                      ("Comes from", "Can move up to", "Can move across to"),
                      ("Where people join from", "Next steps", "Related roles")]
DUTY_SUBHEADINGS = [("Primary Functions", "Secondary Functions"), ("Day to day", "From time to time"),
                    ("Main duties", "Other duties")]
SKILL_SUBHEADINGS = [("Hard Skills (Technical)", "Soft Skills"), ("Technical skills", "Behaviours"),
                     ("Technical", "Interpersonal")]
EDUCATION_LABELS = [("Minimum Education", "Preferred Education"), ("Essential", "Desirable"),
                    ("Required", "Preferred")]

# What each rung of a ladder is expected to do (one per rung, so a level's own expectation is unambiguous).
LEVEL_SCOPES: list[Item] = [
    ("Delivers well-defined tasks with guidance from more senior colleagues.",
     "What is expected of {role}?", "well-defined tasks with guidance"),
    ("Owns features end to end and needs little day-to-day direction.",
     "What is expected of {role}?", "Owns features end to end"),
    ("Leads projects across the team and unblocks others.",
     "What are the expectations for {role}?", "Leads projects across the team"),
    ("Sets direction for several teams and shapes the roadmap of the function.",
     "What are the expectations for {role}?", "Sets direction for several teams"),
    ("Shapes strategy across the organisation and represents it externally.",
     "What is expected of {role}?", "Shapes strategy across the organisation"),
]
SCOPE_OF = {"Junior": 0, "Associate": 0, "": 1, "Senior": 2, "Staff": 3, "Lead": 3, "Principal": 4}

BENEFITS = ["25 days of annual leave plus public holidays", "A pension with an 8% employer contribution",
            "Private medical and dental cover", "A personal learning budget and study leave",
            "Flexible and hybrid working", "Enhanced parental leave", "A cycle-to-work scheme",
            "An employee assistance programme", "Paid volunteering days"]
ORGS = ["Northwind", "Larkfield", "Harbourside", "Riverbend", "Fairhaven", "Kestrel"]

# -- money -------------------------------------------------------------------------------------------------------
# currency: (symbol as written, units per US dollar, share of documents); unit: (periods a year, share, suffixes).
CURRENCIES = {"USD": ("$", 1.0, 0.5), "GBP": ("£", 0.78, 0.2), "EUR": ("€", 0.92, 0.15), "CAD": ("CAD ", 1.36, 0.15)}
UNITS = {"year": (1, 0.6, ("", " per year", " a year", " per annum", " annually")),
         "hour": (2080, 0.15, (" per hour", " an hour", " hourly")),
         "month": (12, 0.15, (" per month", " a month", " monthly")),
         "week": (52, 0.1, (" per week", " a week"))}
JOINERS = (" - ", " to ", "–", " – ")
LOCATIONS = {"USD": ["Remote (US)", "Austin, TX", "Denver, CO", "New York, NY", "Chicago, IL", "Sacramento, CA"],
             "GBP": ["London", "Manchester", "Remote (UK)", "Leeds", "Bristol"],
             "EUR": ["Berlin", "Dublin", "Amsterdam", "Lisbon", "Remote (EU)"],
             "CAD": ["Toronto, ON", "Ottawa, ON", "Vancouver, BC", "Montreal, QC"]}
PAY_COLUMNS = {"year": ["Base salary", "Annual pay", "Salary range"], "hour": ["Hourly rate", "Pay per hour"],
               "month": ["Monthly salary"], "week": ["Weekly pay"]}
STEP_UNITS = {"year": "annually", "hour": "hourly", "month": "monthly", "week": "weekly"}


@dataclass(frozen=True)
class PayStyle:
    """How one document writes money: currency, period, the words after a range and between its ends."""

    currency: str = "USD"
    unit: str = "year"
    suffix: str = ""
    joiner: str = " - "
    code_once: bool = False  # "CAD 85,000 - 97,000": the currency written before the first figure only


def _pay_style(rng: random.Random, units: tuple[str, ...] = (), currencies: tuple[str, ...] = ()) -> PayStyle:
    currency = rng.choice(currencies) if currencies else \
        rng.choices(list(CURRENCIES), weights=[c[2] for c in CURRENCIES.values()])[0]
    unit = rng.choice(units) if units else rng.choices(list(UNITS), weights=[u[1] for u in UNITS.values()])[0]
    return PayStyle(currency, unit, rng.choice(UNITS[unit][2]), rng.choice(JOINERS),
                    currency == "CAD" and rng.random() < 0.5)


def _amount(usd_a_year: float, style: PayStyle, exact: bool = False) -> str:
    value = usd_a_year * CURRENCIES[style.currency][1] / UNITS[style.unit][0]
    if style.unit in ("hour", "week"):
        return f"{value:,.2f}"
    if style.unit == "month" or exact or style.currency == "GBP":
        return f"{round(value):,}"
    return f"{int(round(value, -3)):,}"


def _money(number: str, style: PayStyle) -> str:
    return f"{CURRENCIES[style.currency][0]}{number}"


def pay_range(mid: float, style: PayStyle, rng: random.Random, with_unit: bool = True) -> str:
    """A range around a yearly US-dollar midpoint, as the document writes it: '£44,743 to £60,484 per annum'."""
    spread = rng.uniform(0.1, 0.2)
    low, high = _amount(mid * (1 - spread), style), _amount(mid * (1 + spread), style)
    high = high if style.code_once else _money(high, style)
    return f"{_money(low, style)}{style.joiner}{high}{style.suffix if with_unit else ''}"


def pay_steps(start: float, style: PayStyle) -> list[str]:
    """Five steps of a government salary range, 5 % apart, each with its currency."""
    return [_money(_amount(start * 1.05 ** k, style, exact=True), style) for k in range(5)]


# -- what a document says ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    q: str
    role: str  # the title of the document that answers it (a level's question names its family document)
    kind: str  # one of KINDS
    evidence: str = ""  # phrase of the role's chunk that answers it ("" for traps)
    answer: str = ""  # phrase the answer must contain ("" for traps: must abstain, no figure)
    shape: str = ""  # one of SHAPES: the kind of document it is asked of
    level: str = ""  # the level asked about, when the document describes several
    source: str = ""  # the document's file name under knowledge/

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in {"q": self.q, "role": self.role, "kind": self.kind, "evidence": self.evidence,
                                  "answer": self.answer, "shape": self.shape, "level": self.level,
                                  "source": self.source}.items() if v}


@dataclass
class LevelSpec:
    """One level a document describes: a rung of a ladder, a row of a pay table, a class in a series."""

    title: str  # "Senior Backend Engineer", "Planner II"
    code: str  # "L3", "Level 3", "IC3", "Band C", "P3"; "E3" in a pay table; "II" in a class series
    pay: str = ""  # the pay fact as written: a range, or a class's first step
    steps: list[str] = field(default_factory=list)
    years: str = ""  # the experience fact ("5-8 years")
    experience: str = ""  # the sentence that carries it
    scope: Item | None = None
    duties: list[Item] = field(default_factory=list)


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
    shape: str = "markdown"
    ext: str = ".md"
    org: str = ""
    location: str = ""
    style: PayStyle = field(default_factory=PayStyle)
    aliases: list[str] = field(default_factory=list)
    front_matter: bool = True
    pay: str = ""  # one pay fact for the role
    pay_note: str = ""  # what a document without figures says about pay ("Competitive")
    levels: list[LevelSpec] = field(default_factory=list)
    level_style: str = ""  # how levels are named: L, Level, IC, Band, paren (ladders), table, series, single
    next_line: bool = False  # each level names the next one
    class_code: int = 0
    entry: list[str] = field(default_factory=list)
    advance: list[str] = field(default_factory=list)
    lateral: list[str] = field(default_factory=list)
    has_career: bool = False
    duties: list[Item] = field(default_factory=list)
    secondary: list[Item] = field(default_factory=list)
    hard: list[Item] = field(default_factory=list)
    soft: list[Item] = field(default_factory=list)
    min_education: str = ""
    preferred_education: str = ""
    study: list[str] = field(default_factory=list)
    experience: str = ""
    years_answer: str = ""
    benefits: list[str] = field(default_factory=list)
    updated: str = ""
    headings: dict[str, str] = field(default_factory=dict)
    layout: int = 0  # a shape's layout variant

    @property
    def source(self) -> str:
        return self.slug + self.ext


@dataclass(frozen=True)
class Candidate:
    """A title the organisation could have, with the ladder it sits on (its progression comes from there)."""

    title: str
    family: str
    factor: float  # pay relative to the family's mid level
    years: tuple[int, int]
    leadership: bool
    leveled: bool  # an un-prefixed IC title: one that can name a job family with levels
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
    """Pick n documents, each with a shape, a unique title, and unique level titles, then fill in their content.

    A ladder or a pay table by level names its levels "Senior X", "Staff X", ...: those titles are kept for it, so
    no other document answers to them and a level's question has one right document.
    """
    shapes = [*SHAPES[:n], *rng.choices(SHAPES, weights=SHAPE_WEIGHTS, k=max(0, n - len(SHAPES)))]
    rng.shuffle(shapes)  # every shape at least once, then as drawn
    candidates = candidate_titles()
    rng.shuffle(candidates)
    taken: set[str] = set()
    picks: list[tuple[Candidate, tuple[str, ...]] | None] = [None] * n
    bases = [c for c in candidates if c.leveled]
    for i, shape in enumerate(shapes):  # families first: each needs a base title, and its levels' titles free
        if shape == "ladder":
            levels = rng.choice(LADDERS)
            names = [f"{p} {{}}".strip() for p in levels]
        elif shape == "class-spec" and rng.random() < 0.6:
            levels = ROMAN[:rng.choice((2, 2, 3))]
            names = [f"{{}} {r}" for r in levels] + ["{} " + "/".join(levels)]
        else:
            continue
        while bases:
            base = bases.pop()
            keys = {name_key(n.format(base.title)) for n in names} | {name_key(base.title)}
            if not keys & taken:
                taken |= keys
                picks[i] = (base, levels)
                break
        else:
            if shape == "ladder":
                shapes[i] = rng.choice(("markdown", "posting", "html"))
    pool = iter(candidates)
    for i, shape in enumerate(shapes):
        if picks[i] is not None:
            continue
        for cand in pool:
            if name_key(cand.title) in taken:
                continue
            taken.add(name_key(cand.title))
            levels: tuple[str, ...] = ()
            if shape == "markdown" and cand.leveled and rng.random() < 0.5:
                keys = {name_key(f"{p} {cand.title}") for p in TABLE_LEVELS}
                if not keys & taken:
                    taken |= keys
                    levels = TABLE_LEVELS
            picks[i] = (cand, levels)
            break
        else:
            known = len({name_key(c.title) for c in candidates})
            raise SystemExit(f"the generator knows {known} distinct titles, fewer than {n} documents with their "
                             "levels need; ask for fewer (--n)")
    org = rng.choice(ORGS)
    roles = [_role(cand, shape, levels, org, rng) for (cand, levels), shape in zip(picks, shapes)]  # type: ignore[misc]
    titles = {r.title for r in roles}
    for role, (cand, _) in zip(roles, picks):  # type: ignore[misc]
        if role.shape in ("markdown", "posting", "html"):
            _fill_progression(role, cand, titles, rng)
        if role.front_matter:
            role.aliases = _aliases(role.title, taken)
    slugs = [r.slug for r in roles]
    assert len(set(slugs)) == len(slugs), "two documents would share a file name"
    return roles


def _role(cand: Candidate, shape: str, levels: tuple[str, ...], org: str, rng: random.Random) -> RoleSpec:
    """One document's content: what every shape says (duties, skills, education, experience), then its own parts."""
    spec = FAMILIES[cand.family]
    title = f"{cand.title} {'/'.join(levels)}" if shape == "class-spec" and levels else cand.title
    mid = round(spec["base"] * cand.factor * rng.uniform(0.92, 1.08), -3)
    ext = {"markdown": ".md", "ladder": ".md", "posting": ".txt", "html": ".html"}.get(shape) or \
        rng.choice((".md", ".md", ".txt"))
    role = RoleSpec(title=title, family=cand.family, slug=_slug(title), mid_pay=int(mid), years=cand.years,
                    leadership=cand.leadership, leveled=cand.leveled, shape=shape, ext=ext, org=org)
    duties = rng.sample(spec["duties"], k=rng.randint(3, 4)) + rng.sample(COMMON_DUTIES, k=rng.randint(2, 3))
    if cand.leadership:
        duties += rng.sample(LEAD_DUTIES, k=2)
    rng.shuffle(duties)
    role.duties, role.secondary = duties[:-1], duties[-1:]
    role.hard = rng.sample(spec["skills"], k=rng.randint(2, 3))
    role.soft = rng.sample(SOFT_SKILLS, k=rng.randint(2, 4))
    fields = rng.sample(spec["fields"], k=min(3, len(spec["fields"])))
    degree = "Master's Degree" if cand.factor >= 1.9 and rng.random() < 0.4 else "Bachelor's Degree"
    role.min_education = f"{degree} in {fields[0]} or a related field"
    role.preferred_education = rng.choice([f"Master's Degree in {fields[1]}", "Master of Business Administration (MBA)",
                                           f"Professional certification relevant to {cand.family.lower()} work"])
    role.study = fields
    role.experience, role.years_answer = _experience(*cand.years, cand.family, rng)
    role.updated = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))).isoformat()
    role.headings = {k: rng.choice(v) for k, v in HEADINGS.items()}
    role.benefits = rng.sample(BENEFITS, k=rng.randint(3, 5))
    role.layout = rng.randrange(3)
    role.front_matter = shape in ("markdown", "ladder") and rng.random() < 0.7
    if shape == "ladder":
        _fill_ladder(role, levels, rng)
    elif shape == "class-spec":
        _fill_class_spec(role, cand, levels, rng)
    else:
        role.style = _pay_style(rng)
        role.location = rng.choice(LOCATIONS[role.style.currency])
        if levels:
            _fill_pay_table(role, levels, rng)
        else:
            _fill_pay(role, rng)
    return role


def _experience(low: int, high: int, family: str, rng: random.Random) -> tuple[str, str]:
    """The experience a document asks for, written one of the ways people write it, and the fact it states."""
    work = family.lower()
    forms = [(f"{low}-{high} years of progressive experience in {work} roles", f"{low}-{high} years")]
    if low > 0:
        forms += [(f"At least {low} years of experience in {work} work", f"At least {low} years"),
                  (f"{low}+ years of experience in {_a(work)} role", f"{low}+ years")]
    else:
        forms.append((f"Up to {high} years of experience in {work} roles, including internships",
                      f"Up to {high} years"))
    return rng.choice(forms)


def _fill_pay(role: RoleSpec, rng: random.Random) -> None:
    """One pay range (about three roles in four), or none; a posting without figures may still say 'Competitive'."""
    if rng.random() < 0.73:
        role.pay = pay_range(role.mid_pay, role.style, rng)
    elif role.shape in ("posting", "html") and rng.random() < 0.5:
        role.pay_note = rng.choice(["Competitive, depending on experience", "Competitive salary and benefits",
                                    "To be discussed at interview"])


def _fill_pay_table(role: RoleSpec, prefixes: tuple[str, ...], rng: random.Random) -> None:
    """The old skeleton's pay table: Associate to Principal, with codes E1-E5 (or D, DS, PM, P)."""
    code = LEVEL_PREFIX.get(role.family, "P")
    for i, prefix in enumerate(prefixes, start=1):
        role.levels.append(LevelSpec(title=f"{prefix} {role.title}", code=f"{code}{i}",
                                     pay=pay_range(role.mid_pay * PREFIX_FACTOR[prefix], role.style, rng,
                                                   with_unit=False)))
    role.level_style = "table"


def _fill_ladder(role: RoleSpec, prefixes: tuple[str, ...], rng: random.Random) -> None:
    """A job family's rungs, each with its code, title, experience, expectations and (three ladders in four) pay."""
    spec = FAMILIES[role.family]
    role.style = _pay_style(rng, units=("year", "year", "year", "hour"))
    role.location = rng.choice(LOCATIONS[role.style.currency])
    role.level_style = rng.choice(("L", "Level", "IC", "Band", "paren"))
    letter = rng.choice(("IC", "P", "E")) if role.level_style == "IC" else LEVEL_PREFIX.get(role.family, "P")
    has_pay = rng.random() < 0.75
    phrasing = rng.randrange(2)
    for i, prefix in enumerate(prefixes, start=1):
        code = {"L": f"L{i}", "Level": f"Level {i}", "IC": f"{letter}{i}", "Band": f"Band {'ABCDEF'[i - 1]}",
                "paren": f"{letter}{i}"}[role.level_style]
        low, high = PREFIX_YEARS[prefix]
        years = f"{low}-{high} years"
        experience = (f"Typical experience: {years}." if phrasing == 0 else
                      f"People at this level usually have {years} of experience in {role.family.lower()} roles.")
        role.levels.append(LevelSpec(
            title=f"{prefix} {role.title}".strip(), code=code, years=years, experience=experience,
            scope=LEVEL_SCOPES[SCOPE_OF[prefix]], duties=rng.sample(spec["duties"], k=2),
            pay=pay_range(role.mid_pay * PREFIX_FACTOR[prefix], role.style, rng, with_unit=False) if has_pay else ""))
    role.next_line = rng.random() < 0.5


def _fill_class_spec(role: RoleSpec, cand: Candidate, series: tuple[str, ...], rng: random.Random) -> None:
    """A class (or a series I/II/III): experience rising by class, pay as five steps (three specs in four)."""
    role.style = _pay_style(rng, units=("month", "month", "hour", "year"), currencies=("USD", "USD", "USD", "CAD"))
    role.location = rng.choice(LOCATIONS[role.style.currency])
    role.class_code = rng.randrange(1000, 9000)
    has_pay = rng.random() < 0.75
    low = max(1, cand.years[0])
    work = role.family.lower()
    for k, numeral in enumerate(series or ("",)):
        years = low + 2 * k
        fact = f"{years} year" + ("s" if years > 1 else "")
        steps = pay_steps(role.mid_pay * (0.8 + 0.15 * k), role.style) if has_pay else []
        role.levels.append(LevelSpec(title=f"{cand.title} {numeral}".strip(), code=numeral, steps=steps,
                                     pay=steps[0] if steps else "", years=fact,
                                     experience=f"{fact} of full-time professional experience in {work} work"))
    role.level_style = "series" if series else "single"


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
    role.has_career = rng.random() < {"markdown": 0.9, "html": 0.7, "posting": 0.5}[role.shape]


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


# -- writing -------------------------------------------------------------------------------------------------------


def render(role: RoleSpec, rng: random.Random) -> str:
    """One document in its shape's format."""
    return {"markdown": render_markdown, "ladder": render_ladder, "class-spec": render_class_spec,
            "posting": render_posting, "html": render_html}[role.shape](role, rng)


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
_PAY_SENTENCES = ["{pay}", "The salary range for this role is {pay}.", "Base pay: {pay}, depending on experience.",
                  "We pay {pay}, plus benefits.", "Starting pay is {pay}."]


def _front(role: RoleSpec) -> list[str]:
    if not role.front_matter:
        return []
    front: dict = {"title": role.title}
    if role.aliases:
        front["aliases"] = role.aliases
    front.update({"family": role.family, "updated": dt.date.fromisoformat(role.updated)})
    return ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True).strip(), "---", ""]


def _overview(role: RoleSpec, rng: random.Random) -> str:
    return (f"{_article(role.title).capitalize()} {role.title} works in the {role.family} organisation. "
            f"{rng.choice(_PURPOSES).format(family=role.family.lower())} {rng.choice(_SCOPES)}")


def _career_sentences(role: RoleSpec, rng: random.Random) -> list[str]:
    """Progression said in prose: where people come from, where they go next, what is next door."""
    up = " or ".join(role.advance)
    return [rng.choice([f"This role usually leads to {up}.", f"Typical next steps: {'; '.join(role.advance)}.",
                        f"People in this role are often promoted to {up}."]),
            f"Many join from {' or '.join(role.entry)}; lateral moves include {' and '.join(role.lateral)}."]


def _pay_lines(role: RoleSpec, rng: random.Random) -> list[str]:
    if role.pay:
        return [rng.choice(_PAY_SENTENCES).format(pay=role.pay)]
    return [role.pay_note] if role.pay_note else []


def _pay_table(role: RoleSpec, rng: random.Random, columns: tuple[str, str]) -> list[str]:
    money = rng.choice(PAY_COLUMNS[role.style.unit])
    if rng.random() < 0.5:
        money += f" ({role.style.currency})"
    rows = [f"| {columns[0]} | {columns[1]} | {money} |", "|---|---|---|"]
    for lv in role.levels:
        first = lv.title.split(" ")[0] if role.shape == "markdown" else lv.code
        second = lv.code if role.shape == "markdown" else lv.title
        rows.append(f"| {first} | {second} | {lv.pay} |")
    return rows


def render_markdown(role: RoleSpec, rng: random.Random) -> str:
    """One role in Markdown: the old skeleton with its headings varied (layouts 0-1), or a flat job page (2)."""
    h = role.headings
    lines = _front(role) + [f"# {role.title}", ""]
    pay: list[str] = []
    if role.levels:
        columns = rng.choice((("Level", "Code"), ("Grade", "Code"), ("Level", "Job code")))
        pay = [f"## {h['pay_table']}", "", *_pay_table(role, rng, columns), ""]
    elif role.pay or role.pay_note:
        pay = [f"## {h['pay']}", "", *_pay_lines(role, rng), ""]
    overview = [f"## {h['overview']}", "", _overview(role, rng), ""]
    if role.layout < 2:
        entry, up, across = rng.choice(CAREER_SUBHEADINGS)
        career = [f"## {h['career']}", "", f"### {entry}", "", *[f"- {t}" for t in role.entry], "",
                  f"### {up}", "", *[f"- {t}" for t in role.advance], "",
                  f"### {across}", "", *[f"- {t}" for t in role.lateral], ""] if role.has_career else []
        first, second = rng.choice(DUTY_SUBHEADINGS)
        duties = [f"## {h['duties']}", "", f"### {first}", "", *[f"- {d[0]}" for d in role.duties], "",
                  f"### {second}", "", *[f"- {d[0]}" for d in role.secondary], ""]
        tech, soft = rng.choice(SKILL_SUBHEADINGS)
        skills = [f"## {h['skills']}", "", f"### {tech}", "", *[f"- {s[0]}" for s in role.hard], "",
                  f"### {soft}", "", *[f"- {s[0]}" for s in role.soft], ""]
        need, nice = rng.choice(EDUCATION_LABELS)
        education = [f"## {h['education']}", "", f"### {need}", "", f"- {role.min_education}", "",
                     f"### {nice}", "", f"- {role.preferred_education}", "",
                     "### Relevant Fields of Study", "", *[f"- {f}" for f in role.study], "",
                     "### Experience", "", f"- Typical Experience Range: {role.experience}.", ""]
        body = [pay, overview, career, duties, skills, education]
        if rng.random() < 0.5:
            body[0], body[1] = body[1], body[0]
        if rng.random() < 0.3:
            body[2], body[3] = body[3], body[2]
        if rng.random() < 0.5:
            body.append([f"## {h['benefits']}", "", *[f"- {b}" for b in role.benefits], ""])
    else:
        duties = [f"## {h['duties']}", "", *[f"- {d[0]}" for d in role.duties + role.secondary], ""]
        requirements = [f"## {h['requirements']}", "", f"- A {role.min_education}", f"- {role.experience}",
                        *[f"- {s[0]}" for s in role.hard], "", f"{h['desirable']}:", "",
                        f"- {role.preferred_education}", ""]
        skills = [f"## {h['skills']}", "", *[f"- {s[0]}" for s in role.soft], ""]
        benefits = [f"## {h['benefits']}", "", *[f"- {b}" for b in role.benefits], ""]
        career = [f"## {h['career']}", "", " ".join(_career_sentences(role, rng)), ""] if role.has_career else []
        body = [overview, duties, requirements, skills, pay, benefits, career] if rng.random() < 0.5 else \
            [overview, pay, duties, requirements, skills, career, benefits]
    return "\n".join(lines + [line for section in body for line in section])


def render_ladder(role: RoleSpec, rng: random.Random) -> str:
    """A job family page: what every level shares, then a section per level, then pay by level."""
    h1 = rng.choice([f"{role.title} (job family)", f"{role.title} — job family", f"{role.title} career ladder",
                     role.title])
    first, last = role.levels[0], role.levels[-1]
    plural = _plural(role.title)
    shared = rng.choice(["Skills for every level", "Core skills", f"What every {role.title} needs"])
    lines = _front(role) + [f"# {h1}", "",
                            f"This page describes what we expect of {plural} at each level, from {first.code} "
                            f"({first.title}) to {last.code} ({last.title}). Levels are listed from the most junior "
                            "to the most senior, and each builds on the one before it.", "",
                            f"## {shared}",
                            "", *[f"- {s[0]}" for s in role.hard + role.soft], "",
                            f"## {rng.choice(['Qualifications', 'Education', 'Minimum qualifications'])}", "",
                            f"- {role.min_education}, or equivalent practical experience",
                            f"- Preferred: {role.preferred_education}", ""]
    depth = "##"
    if role.level_style == "IC":
        lines += ["## Levels", ""]
        depth = "###"
    for i, lv in enumerate(role.levels):
        heading = {"L": f"{lv.code} — {lv.title}", "Level": f"{lv.code}: {lv.title}", "IC": f"{lv.code} {lv.title}",
                   "Band": lv.code, "paren": f"{lv.title} ({lv.code})"}[role.level_style]
        lead = f"{_plural(lv.title)} at {lv.code}:" if role.level_style == "Band" else "Expectations:"
        lines += [f"{depth} {heading}", "", lv.experience, "", lead,
                  *[f"- {item[0]}" for item in [lv.scope, *lv.duties] if item], ""]
        if role.next_line and i + 1 < len(role.levels):
            nxt = role.levels[i + 1]
            lines += [f"Next level: {nxt.code} ({nxt.title}).", ""]
    if first.pay:
        columns = {"Band": ("Band", "Role")}.get(role.level_style) or rng.choice((("Level", "Title"),
                                                                                   ("Grade", "Job title")))
        note = [f"Ranges for {role.location}, in {role.style.currency}.", ""] if rng.random() < 0.5 else []
        lines += [f"## {role.headings['pay_table']}", "", *note, *_pay_table(role, rng, columns), ""]
    return "\n".join(lines)


def render_class_spec(role: RoleSpec, rng: random.Random) -> str:
    """A government class specification, in Markdown or as plain text with capitalised headings."""
    plain = role.ext == ".txt"
    series = role.level_style == "series"

    def head(text: str, depth: int = 2) -> str:
        return text.upper() if plain else f"{'#' * depth} {text}"

    base = role.levels[0].title.rsplit(" ", 1)[0] if series else role.title
    codes = " / ".join(f"{role.class_code + k} ({lv.code})" for k, lv in enumerate(role.levels)) if series \
        else str(role.class_code)
    lines = [role.title if plain else f"# {role.title}", "", f"{role.org} Human Resources · Class Specification", "",
             f"Class Code: {codes}", f"FLSA Status: {rng.choice(['Non-exempt', 'Exempt'])}",
             f"Established: {role.updated}", "",
             head("Definition"), "",
             f"Under {rng.choice(['general', 'close', 'direct'])} supervision, performs professional "
             f"{role.family.lower()} work for the {rng.choice(FAMILIES[role.family]['areas'])} division. "
             f"{rng.choice(_SCOPES)}", "",
             head("Distinguishing Characteristics"), ""]
    if series:
        kinds = ["the entry level class", "the journey level class", "the advanced journey level class"]
        for k, lv in enumerate(role.levels):
            text = f"{lv.title}: This is {kinds[k]} in the {base} series."
            if k + 1 < len(role.levels):
                text += (f" Incumbents of {lv.title} advance to {role.levels[k + 1].title} once they meet the "
                         f"minimum qualifications for {role.levels[k + 1].title}.")
            lines += [text, ""]
    else:
        lines += [f"This is a single-position class, distinguished from related classes by its responsibility for "
                  f"the {rng.choice(FAMILIES[role.family]['areas'])} programme as a whole.", ""]
    lines += [head("Examples of Duties"), "", "Duties may include, but are not limited to, the following:",
              *[f"- {d[0]}" for d in role.duties + role.secondary], "", head("Minimum Qualifications"), ""]
    for lv in role.levels:
        if series:
            lines += [f"{lv.title}:" if plain else head(lv.title, 3), ""]
        lines += [f"Education: {role.min_education}, from an accredited college or university.",
                  f"Experience: {lv.experience}.", ""]
    lines += [head("Knowledge, Skills and Abilities"), "", *[f"- {s[0]}" for s in role.hard + role.soft], ""]
    if role.levels[0].steps:
        word = STEP_UNITS[role.style.unit]
        lines += [head(rng.choice(["Salary", "Salary Range", "Compensation"])), ""]
        layout = rng.randrange(3)
        if layout == 2 and not plain:
            lines += [f"Salary by step ({word}):", "",
                      "| Class | Step 1 | Step 2 | Step 3 | Step 4 | Step 5 |", "|---|---|---|---|---|---|",
                      *[f"| {lv.title} | " + " | ".join(lv.steps) + " |" for lv in role.levels], ""]
        else:
            for lv in role.levels:
                steps = "; ".join(f"Step {k} {amount} {word}" for k, amount in enumerate(lv.steps, start=1)) \
                    if layout == 0 else f"Step 1 {lv.steps[0]} – Step 5 {lv.steps[-1]} {word}"
                lines += [f"{lv.title}: {steps}" if series else steps, ""]
    return "\n".join(lines)


def render_posting(role: RoleSpec, rng: random.Random) -> str:
    """A job ad pasted as plain text: label lines first, then capitalised section labels and bullets."""
    h = role.headings
    case = rng.randrange(3)
    bullet = rng.choice(("-", "*", "•"))

    def label(text: str) -> list[str]:
        return [text.upper(), ""] if case == 0 else [f"{text}:"] if case == 1 else [text, ""]

    def items(values: list[str]) -> list[str]:
        return [f"{bullet} {v}" for v in values] + [""]

    closing = (dt.date.fromisoformat(role.updated) + dt.timedelta(days=30)).strftime("%d %B %Y")
    money = [f"{rng.choice(['Salary', 'Pay', 'Salary range'])}: {role.pay or role.pay_note}"] \
        if role.pay or role.pay_note else []
    lines = [f"{rng.choice(['Job Title', 'Position', 'Title'])}: {role.title}",
             f"{rng.choice(['Department', 'Team'])}: {role.family}", f"Location: {role.location}",
             f"Employment Type: {rng.choice(['Full-time', 'Full-time, permanent', 'Permanent'])}", *money,
             f"Reference: JR-{rng.randrange(10000, 99999)}", f"Closing date: {closing}", "",
             *label("About the role"), _overview(role, rng), "",
             *label(h["duties"]), *items([d[0] for d in role.duties + role.secondary]),
             *label(h["requirements"]), *items([f"A {role.min_education}", role.experience]),
             *label(h["skills"]), *items([s[0] for s in role.hard + role.soft]),
             *label(h["desirable"]), *items([role.preferred_education])]
    if role.has_career:
        lines += [*label(h["career"]), " ".join(_career_sentences(role, rng)), ""]
    lines += [*label(h["benefits"]), *items(role.benefits),
              f"How to apply: send your CV and a short cover letter to careers@{role.org.lower()}.example "
              f"by {closing}."]
    return "\n".join(lines) + "\n"


def render_html(role: RoleSpec, rng: random.Random) -> str:
    """A careers page: the role's content inside a site's header, navigation, banners, aside and footer."""
    h = role.headings
    page_title = rng.choice([f"{role.title} | {role.org} Careers", f"{role.title} - Jobs at {role.org}", role.title])

    def section(heading: str, body: str) -> str:
        return f"<section>\n<h2>{_escape(heading)}</h2>\n{body}\n</section>"

    def ul(values: list[str]) -> str:
        return "<ul>\n" + "\n".join(f"  <li>{_escape(v)}</li>" for v in values) + "\n</ul>"

    facts = [f"<li><strong>Location:</strong> {_escape(role.location)}</li>",
             f"<li><strong>Team:</strong> {_escape(role.family)}</li>"]
    sections = [section(h["overview"], f"<p>{_escape(_overview(role, rng))}</p>")]
    money = role.pay or role.pay_note
    if money and rng.random() < 0.5:
        facts.append(f"<li><strong>Salary:</strong> {_escape(money)}</li>")
    elif money:
        sections.append(section(h["pay"], "\n".join(f"<p>{_escape(t)}</p>" for t in _pay_lines(role, rng))))
    sections += [section(h["duties"], ul([d[0] for d in role.duties + role.secondary])),
                 section(h["requirements"], ul([f"A {role.min_education}", role.experience]) +
                         f"\n<p>{_escape(h['desirable'])}:</p>\n" + ul([role.preferred_education])),
                 section(h["skills"], ul([s[0] for s in role.hard + role.soft])),
                 section(h["benefits"], ul(role.benefits))]
    if role.has_career:
        sections.append(section(h["career"], "\n".join(f"<p>{_escape(t)}</p>"
                                                       for t in _career_sentences(role, rng))))
    similar = ""
    if role.lateral and rng.random() < 0.5:
        similar = "<h2>Similar jobs</h2>\n" + "<ul>" + "".join(
            f'<li><a href="/careers/{_slug(t)}">{_escape(t)}</a></li>' for t in role.lateral) + "</ul>\n"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_escape(page_title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font-family: sans-serif; }} .cookie-banner {{ position: fixed; bottom: 0; }}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<header class="site-header">
<a class="logo" href="/">{_escape(role.org)}</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
<li><a href="/careers">Careers</a></li><li><a href="/contact">Contact</a></li></ul></nav>
</header>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site.
<button>Accept all</button> <button>Manage settings</button></p></div>
<nav class="breadcrumb"><a href="/careers">Careers</a> ›
<a href="/careers/{_slug(role.family)}">{_escape(role.family)}</a> › {_escape(role.title)}</nav>
<main>
<article>
<h1>{_escape(role.title)}</h1>
<ul class="job-facts">
{chr(10).join(facts)}
</ul>
{chr(10).join(sections)}
<p><a class="button" href="/careers/apply?job={role.slug}">Apply now</a></p>
</article>
<aside>
<h2>Share this job</h2>
<p><a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Copy link</a></p>
{similar}</aside>
</main>
<footer>
<p>© 2025 {_escape(role.org)}. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a> · <a href="/accessibility">Accessibility</a></p>
</footer>
</body>
</html>
"""


def _escape(text: str) -> str:
    """Text as HTML: markup characters escaped, quotes left as they are (so phrases stay verbatim)."""
    return html.escape(text, quote=False)


def _plural(title: str) -> str:
    return title + ("es" if title.endswith(("s", "sh", "ch")) else "s")


def _article(title: str) -> str:
    return "an" if title[0].upper() in "AEIOU" else "a"


def _a(title: str) -> str:
    return f"{_article(title)} {title}"


# -- questions -------------------------------------------------------------------------------------------------------


def questions_for(role: RoleSpec, rng: random.Random) -> list[Question]:
    """Questions about one document, each with the phrase its evidence must contain and the fact the answer must
    state, all taken from what that document says."""
    if role.shape == "ladder":
        return _ladder_questions(role, rng)
    if role.shape == "class-spec":
        return _class_questions(role, rng)
    return _single_questions(role, rng)


def _ask(role: RoleSpec, q: str, kind: str, evidence: str = "", answer: str = "", level: str = "") -> Question:
    return Question(q, role.title, kind, evidence, answer, role.shape, level, role.source)


def _trap(role: RoleSpec, name: str, rng: random.Random, level: str = "") -> Question:
    q = rng.choice([f"What is the salary of {_a(name)}?", f"How much does {_a(name)} earn?",
                    f"What is the pay range for {_a(name)}?"])
    return _ask(role, q, "trap", level=level)


def _pay_question(name: str, unit: str, rng: random.Random) -> str:
    generic = [f"What is the salary range for {_a(name)}?", f"How much does {_a(name)} get paid?",
               f"What does {_a(name)} earn?"]
    specific = {"hour": f"What is the hourly rate for {_a(name)}?",
                "month": f"What is the monthly salary of {_a(name)}?",
                "week": f"What is the weekly pay for {_a(name)}?"}
    return specific[unit] if unit in specific and rng.random() < 0.5 else rng.choice(generic)


def _common_questions(role: RoleSpec, name: str, rng: random.Random, level: str = "") -> list[Question]:
    """Education, a duty and a skill, asked of the role (or of one of its levels, which shares them)."""
    education = role.min_education.split(" or a related")[0]
    duty = rng.choice(role.duties)
    skill = rng.choice(role.hard + role.soft)
    article_name = _a(name)
    return [_ask(role, f"What is the minimum education for {article_name}?", "education", role.min_education,
                 education, level),
            _ask(role, duty[1].format(role=name), "responsibility", duty[2], duty[2], level),
            _ask(role, skill[1].format(role=name).replace(f"a {name}", article_name), "skill", skill[2], skill[2],
                 level)]


def _single_questions(role: RoleSpec, rng: random.Random) -> list[Question]:
    out: list[Question] = []
    if role.levels:  # a pay table by level: ask one level, by its title or by its code
        lv = rng.choice(role.levels)
        q = rng.choice([f"What is the base salary for {_a(role.title)} at level {lv.code}?",
                        f"How much does {_a(lv.title)} earn?"])
        out.append(_ask(role, q, "level-pay", lv.pay, lv.pay, lv.title))
    elif role.pay:
        out.append(_ask(role, _pay_question(role.title, role.style.unit, rng), "pay", role.pay, role.pay))
    else:
        out.append(_trap(role, role.title, rng))
    if role.has_career:
        target = role.advance[0]
        out.append(_ask(role, rng.choice([f"What roles can {_a(role.title)} be promoted to?",
                                          f"What is the next career step for {_a(role.title)}?",
                                          f"Where can {_a(role.title)} go next?"]),
                        "progression", target, target))
    out.append(_ask(role, rng.choice([f"How many years of experience does {_a(role.title)} need?",
                                      f"How much experience is expected of {_a(role.title)}?"]),
                    "experience", role.experience, role.years_answer))
    return out + _common_questions(role, role.title, rng)


def _level_name(role: RoleSpec, lv: LevelSpec, rng: random.Random) -> str:
    """How a question names a level: its own title, or the family with its code when the title is the family's."""
    if lv.title != role.title and rng.random() < 0.7:
        return lv.title
    return f"{role.title} at {lv.code}"


def _ladder_questions(role: RoleSpec, rng: random.Random) -> list[Question]:
    out: list[Question] = []
    levels = role.levels
    if levels[0].pay:
        for lv in rng.sample(levels, k=2):
            name = _level_name(role, lv, rng)
            out.append(_ask(role, _pay_question(name, role.style.unit, rng), "level-pay", lv.pay, lv.pay, lv.title))
    else:
        lv = rng.choice(levels)
        out.append(_trap(role, _level_name(role, lv, rng), rng, lv.title))
    steps = [i for i in range(len(levels) - 1) if levels[i + 1].title != role.title]
    i = rng.choice(steps)
    lv, nxt = levels[i], levels[i + 1]
    name = lv.title if lv.title != role.title else f"{role.title} at {lv.code}"  # the family's name alone is the family
    q = rng.choice([f"What comes after {name}?", f"What is the next level after {lv.code} for {_a(role.title)}?",
                    f"What level follows {name} on the {role.title} ladder?"])
    out.append(_ask(role, q, "next-level", nxt.title, nxt.title, lv.title))
    lv = rng.choice(levels)
    name = _level_name(role, lv, rng)
    out.append(_ask(role, rng.choice([f"How many years of experience does {_a(name)} need?",
                                      f"How much experience is expected of {_a(name)}?"]),
                    "experience", lv.years, lv.years, lv.title))
    lv = rng.choice(levels)
    scope = lv.scope
    assert scope is not None
    out.append(_ask(role, scope[1].format(role=_a(_level_name(role, lv, rng))), "responsibility", scope[2], scope[2],
                    lv.title))
    education = role.min_education.split(" or a related")[0]
    skill = rng.choice(role.hard + role.soft)
    out += [_ask(role, f"What is the minimum education for {_a(role.title)}?", "education", role.min_education,
                 education),
            _ask(role, skill[1].format(role=role.title).replace(f"a {role.title}", _a(role.title)), "skill", skill[2],
                 skill[2])]
    return out


def _class_questions(role: RoleSpec, rng: random.Random) -> list[Question]:
    out: list[Question] = []
    series = role.level_style == "series"
    lv = rng.choice(role.levels)
    if lv.pay:
        q = rng.choice([_pay_question(lv.title, role.style.unit, rng), f"What is the step 1 pay for {_a(lv.title)}?",
                        f"What is the starting salary for {_a(lv.title)}?"])
        out.append(_ask(role, q, "level-pay" if series else "pay", lv.pay, lv.pay, lv.title if series else ""))
    else:
        out.append(_trap(role, lv.title, rng, lv.title if series else ""))
    if series:
        i = rng.randrange(len(role.levels) - 1)
        cur, nxt = role.levels[i], role.levels[i + 1]
        out.append(_ask(role, rng.choice([f"What comes after {cur.title}?",
                                          f"What is the next level above {cur.title}?",
                                          f"What does {_a(cur.title)} advance to?"]),
                        "next-level", nxt.title, nxt.title, cur.title))
    lv = rng.choice(role.levels)
    out.append(_ask(role, rng.choice([f"How many years of experience does {_a(lv.title)} need?",
                                      f"How much experience is required for {_a(lv.title)}?"]),
                    "experience", lv.experience, lv.years, lv.title if series else ""))
    lv = rng.choice(role.levels)
    return out + _common_questions(role, lv.title, rng, lv.title if series else "")


def pick_roles(roles: list[RoleSpec], sample: int, rng: random.Random) -> list[RoleSpec]:
    """`sample` documents, taken in turn from each shape so every shape gets questions, with at least one trap."""
    by_shape = {s: [r for r in roles if r.shape == s] for s in SHAPES}
    for group in by_shape.values():
        rng.shuffle(group)
    picked: list[RoleSpec] = []
    while len(picked) < min(sample, len(roles)):
        for shape in SHAPES:
            if by_shape[shape] and len(picked) < sample:
                picked.append(by_shape[shape].pop())
    if picked and not any(_no_pay(r) for r in picked):
        spare = [r for group in by_shape.values() for r in group if _no_pay(r)]
        if spare:
            picked[-1] = spare[0]
    return picked


def _no_pay(role: RoleSpec) -> bool:
    return not role.pay and not any(lv.pay for lv in role.levels)


def generate(n: int, out: Path, seed: int = 7, sample: int = 40) -> tuple[list[Path], list[Question]]:
    """Write n role documents to out/knowledge and their questions to out/questions.yaml.

    Questions cover `sample` documents (all when n is smaller), taken in turn from each shape, always including
    some without pay, whose pay question is a trap: the answer must abstain and show no figure.
    """
    rng = random.Random(seed)
    roles = build_roles(n, rng)
    folder = out / "knowledge"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for role in roles:
        path = folder / role.source
        path.write_text(render(role, rng), encoding="utf-8")
        paths.append(path)
    questions = [q for role in pick_roles(roles, sample, rng) for q in questions_for(role, rng)]
    header = (f"# Generated by benchmarks/generate.py --n {n} --seed {seed} --sample {sample}.\n"
              "# role: the title of the document that answers; level: the level asked about; shape: the document's "
              "kind; source: its file.\n"
              "# evidence: phrase of that document's chunk that answers it; answer: phrase the answer must contain.\n"
              "# kind 'trap': the document gives no pay figure; the answer must abstain and show no figure.\n")
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
    parser.add_argument("--sample", type=int, default=40, help="documents that get questions")
    args = parser.parse_args()
    paths, questions = generate(args.n, args.out, args.seed, args.sample)
    shapes = Counter(r.shape for r in build_roles(args.n, random.Random(args.seed)))  # the same roles again
    kinds = Counter(q.kind for q in questions)
    print(f"{len(paths)} documents in {args.out / 'knowledge'} ("
          + ", ".join(f"{shapes[s]} {s}" for s in SHAPES) + f"); {len(questions)} questions ("
          + ", ".join(f"{kinds[k]} {k}" for k in KINDS if kinds[k]) + f") in {args.out / 'questions.yaml'}")



if __name__ == "__main__":
    main()
