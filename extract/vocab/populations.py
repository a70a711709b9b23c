"""Who was studied: the nouns for people, and the patient groups a question can ask about."""

from __future__ import annotations

# Nouns that name the people measured ("intervention participants"), never what was measured
PEOPLE = ("patients", "participants", "subjects", "infants", "children", "neonates", "newborns", "babies", "women", "men",
          "adults", "adolescents", "individuals", "people", "persons", "veterans", "volunteers", "girls", "boys", "recipients",
          "users")
PEOPLE_RE = "(?:" + "|".join(PEOPLE) + ")"
# Everything a count in a source can count: people, and the other units a study counts
COUNTED_NOUNS = (
    r"(?:patients|participants|subjects|infants|children|neonates|newborns|babies|women|men|adults|adolescents|"
    r"individuals|volunteers|persons|people|eyes|cases|controls|students|mothers|pregnancies|households|families|"
    r"villages|sites|centers|centres|hospitals|practices|clinics|schools|smokers|survivors|respondents|workers|"
    r"residents|nurses|physicians|doctors|girls|boys|pairs|couples|twins|teeth|knees|hips|limbs|wounds|ulcers|lesions|"
    r"veterans|athletes|outpatients|inpatients|recipients|donors|dyads|clusters|communities|wards|manuscripts|clinicians|"
    r"animals|horses|dogs|cats|mice|rats|pigs|cows|calves|sheep|specimens|samples|teams|classes|classrooms|general\s+practices|"
    r"caregivers|carers|parents|dentists|pharmacists|therapists|surgeons|units|districts|counties|towns|cities|regions|"
    r"elderly|seniors|employees|soldiers|prisoners|users|consumers|trials|studies|records|charts|procedures|operations|"
    r"cycles|embryos|oocytes|implants|stents|catheters)"
)
# Counted things that are not people, nor the clusters a trial randomises ("15 randomized trials",
# "1027 monitor readings", "at 97 hospitals"): never a sample size.
NOT_PEOPLE = ("trials", "studies", "records", "charts", "procedures", "operations", "samples", "specimens",
              "visits", "readings", "datasets", "articles", "sites", "centers", "centres", "hospitals", "clinics",
              "contrasts", "comparisons", "citations", "reports", "publications", "papers", "analyses")
# The verbs of the randomisation story that make a number of people a sample size ("4432 were randomized")
STORY_VERBS = (r"(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated|enrolled|included|analy[sz]ed|recruited|screened|"
               r"completed|entered|attended|eligible|referred|underwent\s+randomi[sz]ation)")
STORY_WORDS = ("randomized", "randomised", "assigned", "allocated", "enrolled", "included", "analyzed", "analysed",
               "recruited", "screened", "completed", "entered", "attended", "eligible", "referred", "randomization",
               "randomisation")
# How people come into a survey or cohort before they take part ("2,118 eligible subjects", "invited women")
# and how they then take part ("responded", "agreed"): both numbers of that story are sample sizes, and
# "responded" there is taking part, not a response to treatment
INVITED = ("eligible", "invited", "approached", "contacted", "sampled", "selected")
PARTICIPATION_VERBS = ("responded", "participated", "agreed", "consented", "returned")
# "Of 120 enrolled, 98 completed the study": what follows a bare number when the verb is the story's
BARE_STORY_VERBS = ("completed", "entered", "attended")
# How a clause says an event happened to (some of) the people of a group: an "(n = 10)" after it counts
# those people, not the group ("less frequently required in group A (n = 10) than in group B (n = 29)")
EVENT_IN_GROUP = (r"(?:(?:less|more)\s+(?:frequently|often|commonly)|(?:was|were)\s+(?:\w+\s+)?(?:required|needed|observed|seen|"
                  r"reported|recorded|documented|noted|diagnosed|detected)|occurred|developed|died|relapsed|experienced|suffered)")
# What else a count of a study can count besides people ("30 eyes", "12 cases")
COUNTED = ("eyes", "cases")

# (group, how a question names it, how a source names people of that group). A question about
# adults is not answered by a study in infants; one about children is (infants are children).
POPULATIONS: list[tuple[str, str, str]] = [
    ("infants", r"\b(infants?|bab(y|ies)|neonates?|newborns?)\b", r"\b(infants?|bab(y|ies)|neonat\w*|newborns?)\b"),
    ("children", r"\b(child|children|kids?|paediatric|pediatric)\b",
     r"\b(child|children|kids?|paediatric|pediatric|infants?|bab(y|ies)|neonat\w*|newborns?|adolescents?)\b"),
    ("adolescents", r"\b(adolescents?|teenagers?|teens?)\b", r"\b(adolescen\w*|teenagers?)\b"),
    ("adults", r"\b(adults?|grown-ups?)\b", r"\badults?\b"),
    ("older adults", r"\b(elderly|older (adults|people|patients))\b", r"\b(elderly|older (adults|people|patients)|aged (6|7|8)\d)\b"),
    ("women", r"\b(women|woman|females?)\b", r"\b(women|woman|females?)\b"),
    ("men", r"\b(men|man|males?)\b", r"\b(men|man|males?)\b"),
    ("girls", r"\bgirls?\b", r"\b(girls?|females?)\b"),
    ("boys", r"\bboys?\b", r"\b(boys?|males?)\b"),
    ("pregnant women", r"\bpregnan\w*", r"\bpregnan\w*"),
]

# The population a study is about, as its metadata names it: (name, study-key part, pattern), matched
# against lower-cased text (case-insensitive matching is several times slower). Stricter than the
# question table: it names a study's population only when the phrase recurs in the text.
STUDY_POPULATIONS: list[tuple[str, str, str]] = [
    ("infants", "infant", r"\binfants?\b|\bneonates?\b|\bnewborns?\b"),
    ("children", "pediatric", r"\bchildren\b|\bp(?:a)?ediatric\b|\bchildhood\b"),
    ("adolescents and young adults", "aya", r"\badolescents?\s+and\s+young\s+adults?\b"),
    ("older adults", "older", r"\bolder\s+(?:adults|patients)\b|\belderly\b"),
]

# Verbs that say a figure was seen, not what happened ("a rash was seen in 22.7%", "was observed in"):
# the words that name the outcome decide what it is
OBSERVED_VERBS = ("seen", "observed", "reported", "noted", "found", "recorded", "documented", "detected",
                  "occurred", "noticed")
