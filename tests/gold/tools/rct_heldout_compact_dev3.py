"""Third batch of held-out dev gold (issue 15, round 3), typed while reading each abstract, before any rule
was changed for this round. Same conventions as rct_heldout_compact.py (see ../rct_heldout_README.md): the
next candidates in the README's order whose hash split is `dev` (none can be a test abstract). Most are
observational or pooled studies that mention random sampling: their units that are not people (studies,
samples, specimens) are what a sample-size rule must refuse, and their figures are exposures' ratios.
Expand with `python -m tests.gold.tools.expand_heldout`.
"""

from tests.gold.tools.rct_heldout_compact import E, S

G = {}
BC = "breast cancer risk|breast cancer"
W3 = "women who weighed 3.000-3.499 kg"
G["sf:16322674"] = [
 S("22,058 breast cancer cases", 22058),
 E("1.06; 95% confidence interval [CI] 1.02-1.09", 1.06, 1.02, 1.09, "risk ratio", BC),
 E("1.02; 95% CI 0.99-1.05", 1.02, 0.99, 1.05, "risk ratio", BC),
 E("0.98; 95% CI 0.95-1.01", 0.98, 0.95, 1.01, "risk ratio", BC),
 E("0.96 (CI 0.80-1.16)", 0.96, 0.80, 1.16, "risk ratio", BC, comp=W3),
 E("1.12 (95% CI 1.00-1.25)", 1.12, 1.00, 1.25, "risk ratio", BC, comp=W3),
 E("1.06 [95% CI 1.03-1.10]", 1.06, 1.03, 1.10, "risk ratio", BC),
 E("1.09 [95% CI 1.03-1.15]", 1.09, 1.03, 1.15, "risk ratio", BC),
]
ADE = "preventable ordering ADEs|preventable adverse drug events|preventable ADEs"
G["sf:12258338"] = [
 S("Seventy-five patients", 75), S("50 patients were selected", 50),
 E("10.4 per 1000 patient-days (95% confidence interval [CI], 7-14)", 10.4, 7, 14, "rate", ADE),
 E("3.5 (95% CI, 1-5; P<.001)", 3.5, 1, 5, "rate", ADE),
 E("10.9 (95% CI, 6-16)", 10.9, 6, 16, "rate", ADE, arm="control unit"),
 E("12.4 (95% CI, 8-17)", 12.4, 8, 17, "rate", ADE, arm="control unit"),
]
OFP, UNEX = "chronic oro-facial pain|oro-facial pain", "other frequently unexplained syndromes|unexplained syndromes"
G["pq:17919952"] = [
 S("4200 randomly selected adults", 4200),
 E("(OR) 2.0, 95% CI 1.3-3.0", 2.0, 1.3, 3.0, "odds ratio", OFP),
 E("OR 2.0; 95% CI 1.3-2.9", 2.0, 1.3, 2.9, "odds ratio", OFP),
 E("(OR) 1.8, 95% CI 1.5-2.2", 1.8, 1.5, 2.2, "odds ratio", UNEX),
 E("OR 2.1; 95% CI 1.7-2.6", 2.1, 1.7, 2.6, "odds ratio", UNEX),
]
REF = "frequent reflux symptoms|reflux symptoms"
G["sf:31834381"] = [
 S("1,524 (72%)", 1524), S("2,118 eligible subjects", 2118),
 E("OR = 2.8; CI, 1.7 to 4.5", 2.8, 1.7, 4.5, "odds ratio", REF),
 E("OR = 2.6; CI, 1.8 to 3.7", 2.6, 1.8, 3.7, "odds ratio", REF),
 E("OR = 1.6; CI, 1.1 to 2.3", 1.6, 1.1, 2.3, "odds ratio", REF),
 E("OR = 1.9; Cl, 1.1 to 3.3", 1.9, 1.1, 3.3, "odds ratio", REF),
 E("OR per 5 units = 1.4; CI, 1.3 to 1.6", 1.4, 1.3, 1.6, "odds ratio", REF),
]
NONC = "guideline noncompliance|noncompliance"
G["sf:116556376"] = [
 S("Seven hundred and twenty surveys were completed", 720),
 E("1.03 times (95% confidence interval [CI]=1.01 to 1.05)", 1.03, 1.01, 1.05, "odds ratio", NONC),
 E("3.60, 95% CI=1.75 to 7.40", 3.60, 1.75, 7.40, "odds ratio", NONC, arm="general practice", comp="occupational medicine"),
 E("6.93, 95% CI=1.47 to 32.78", 6.93, 1.47, 32.78, "odds ratio", NONC, arm="internal medicine"),
]
PHYS = "physical HRQoL|physical health-related quality of life|PCS"
G["pq:25499207"] = [
 S("Eleven hundred randomly sampled", 1100), S("1,100 randomly sampled", 1100),
 E("β=-1.53, 95% confidence interval [CI]=-2.83, -0.24", -1.53, -2.83, -0.24, "regression coefficient", PHYS, tp="6 months"),
 E("β=-3.60, 95% CI=-5.76, -1.44", -3.60, -5.76, -1.44, "regression coefficient", PHYS, tp="6 months"),
 E("β=-8.55, 95% CI=-11.68, -5.42", -8.55, -11.68, -5.42, "regression coefficient", PHYS, tp="6 months"),
]
ADH = "adherence to follow-up|adherence"
G["pq:10575390"] = [
 S("reviewed for 90", 90), S("107 women referred", 107), S("153 of", 153), S("225 women referred", 225),
 E("odds ratio, 1.40; 95% confidence interval, 0.80-2.46", 1.40, 0.80, 2.46, "odds ratio", ADH, arm="second colposcopy", comp="repeated Pap smear"),
 E("0.43 [95% confidence interval, 0.20-0.93]", 0.43, 0.20, 0.93, "hazard ratio", ADH),
 E("0.35 [95% confidence interval, 0.15-0.73]", 0.35, 0.15, 0.73, "hazard ratio", ADH),
]
OS = "overall survival|death"
G["sf:24278870"] = [
 S("626 patients", 626),
 E("0.73; 95% confidence interval [CI], 0.58 to 0.92", 0.73, 0.58, 0.92, "hazard ratio", OS, arm="temsirolimus", comp="interferon"),
 E("0.96; 95% CI, 0.76 to 1.20", 0.96, 0.76, 1.20, "hazard ratio", OS, arm="combination-therapy", comp="interferon"),
]
DISC = "clinically discrepant results|discrepant results"
G["sf:32177659"] = [
 E("10.80% probability to yield discrepant results (95% confidence interval [CI], 7.86 to 14.33)", 10.80, 7.86, 14.33, "proportion", DISC),
 E("0.85% probability for samples outside this interval (95% CI, 0.17 to 1.69)", 0.85, 0.17, 1.69, "proportion", DISC),
]
HS = "hemorrhagic stroke|risk of a hemorrhagic stroke"
G["sf:37619697"] = [
 S("702 patients", 702), S("1376 control subjects", 1376),
 E("16.58 (95 percent confidence interval, 1.51 to 182.21; P=0.02)", 16.58, 1.51, 182.21, "odds ratio", HS),
 E("3.13 (95 percent confidence interval, 0.86 to 11.46; P=0.08)", 3.13, 0.86, 11.46, "odds ratio", HS),
 E("1.49 (95 percent confidence interval, 0.84 to 2.64; P=0.17)", 1.49, 0.84, 2.64, "odds ratio", HS),
 E("1.23 (95 percent confidence interval, 0.68 to 2.24; P=0.49)", 1.23, 0.68, 2.24, "odds ratio", HS),
 E("15.92 (95 percent confidence interval, 1.38 to 184.13; P=0.03)", 15.92, 1.38, 184.13, "odds ratio", HS),
]
PAD = "peripheral arterial disease|PAD|symptomatic PAD"
G["sf:72933407"] = [
 S("14 916 initially healthy", 14916), S("of whom 140", 140), S("140 age-", 140),
 E("3.9; 95% confidence interval [CI], 1.7-8.6", 3.9, 1.7, 8.6, "risk ratio", PAD, arm="highest quartile", comp="lowest quartile"),
 E("2.8; 95% CI, 1.3-5.9", 2.8, 1.3, 5.9, "risk ratio", PAD, arm="highest quartile", comp="lowest quartile"),
]
G["sf:6793674"] = [
 E("HR = 1.23, 95% CI: 1.07-1.42", 1.23, 1.07, 1.42, "hazard ratio", "cardiovascular events|CVEs"),
 E("HR = 1.55, 95% CI: 1.19-2.02", 1.55, 1.19, 2.02, "hazard ratio", "all-cause mortality|mortality"),
]
