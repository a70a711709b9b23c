"""Second batch of held-out dev gold (issue 15, round 2), typed while reading each abstract, before any
rule was changed for this round. Same conventions as rct_heldout_compact.py (see ../rct_heldout_README.md);
only abstracts whose hash split is `dev` were taken (the next candidates in the README's order: meta-analyses
and one protocol-like text included, since their units that are not people - studies, trials, contrasts,
citations - are part of what sample size must refuse). Expand with `python -m tests.gold.tools.expand_heldout`.
"""

from tests.gold.tools.rct_heldout_compact import E, S

G = {}
CIN3, CIN2 = "CIN grade 3 or worse", "CIN grade 2 or worse"
G["sf:9764256"] = [
 S("22,420 women were randomly assigned", 22420), S("22 518 to the control group", 22518),
 S("19 999 in the intervention group and", 19999), S("20,106 in the control group were eligible", 20106),
 S("19 579 women in the intervention group", 19579), S("19,731 in the control group were eligible", 19731),
 S("16,750", 16750), S("16,743", 16743),
 E("relative risk 0·73, 95% CI 0·55-0·96", 0.73, 0.55, 0.96, "risk ratio", CIN3, arm="intervention", comp="control"),
 E("0·29, 0·10-0·87", 0.29, 0.10, 0.87, "risk ratio", "cervical cancer", arm="intervention", comp="control"),
 E("1·15, 0·92-1·43", 1.15, 0.92, 1.43, "risk ratio", CIN3),
 E("2·85, 1·47-5·49", 2.85, 1.47, 5.49, "risk ratio", CIN3),
 E("1·25, 1·05-1·50", 1.25, 1.05, 1.50, "risk ratio", CIN2, arm="intervention", comp="control"),
 E("0·48, 0·27-0·85", 0.48, 0.27, 0.85, "risk ratio", "HPV16-positive " + CIN3, arm="intervention", comp="control"),
 E("0·99, 0·57-1·72", 0.99, 0.57, 1.72, "risk ratio", "non-HPV16-positive " + CIN3),
 E("0·96, 0·81-1·14", 0.96, 0.81, 1.14, "risk ratio", CIN3),
 E("1·08, 0·94-1·24", 1.08, 0.94, 1.24, "risk ratio", CIN2),
 E("0·97, 0·74-1·27", 0.97, 0.74, 1.27, "risk ratio", CIN3),
 E("1·01, 0·81-1·26", 1.01, 0.81, 1.26, "risk ratio", CIN2),
 E("0·95, 0·76-1·18", 0.95, 0.76, 1.18, "risk ratio", CIN3),
 E("1·11, 0·94-1·32", 1.11, 0.94, 1.32, "risk ratio", CIN2),
]
G["sf:3770750"] = [
 S("n = 25,745", 25745), S("n = 2772", 2772), S("n = 174,252", 174252), S("n = 292", 292),
 E("0.06 (95% CI: 0.02, 0.10)", 0.06, 0.02, 0.10, "mean difference", "BMI"),
 E("0.05 (95% CI: 0.03, 0.07)", 0.05, 0.03, 0.07, "mean difference", "BMI"),
 E("0.22 kg (95% CI: 0.09, 0.34 kg)", 0.22, 0.09, 0.34, "mean difference", "weight gain", tp="1 y"),
 E("0.12 kg (95% CI: 0.10, 0.14 kg)", 0.12, 0.10, 0.14, "mean difference", "weight gain", tp="1 y"),
 E("-0.17 (95% CI: -0.39, 0.05)", -0.17, -0.39, 0.05, "mean difference", "BMI gain|BMI"),
 E("-0.12 (95% CI: -0.22, -0.2)", -0.12, -0.22, -0.2, "mean difference", "BMI gain|BMI"),
 E("0.85 kg; 95% CI: 0.50, 1.20 kg", 0.85, 0.50, 1.20, "mean difference", "body weight"),
]
G["sf:27873158"] = [
 S("47,001 women were randomly assigned", 47001), S("47,369 to HPV testing", 47369),
 S("33,851 women from the cytology group", 33851), S("32,998 from the HPV-testing group", 32998),
 E("2.00 (95% CI 1.44-2.77)", 2.00, 1.44, 2.77, "risk ratio", "CIN2", arm="HPV", comp="cytology"),
 E("2.08 (1.47-2.95)", 2.08, 1.47, 2.95, "risk ratio", "CIN3"),
 E("2.03 (1.60-2.57)", 2.03, 1.60, 2.57, "risk ratio", "CIN2 and 3|CIN2"),
 E("0.54 (0.23-1.28)", 0.54, 0.23, 1.28, "risk ratio", "CIN2"),
 E("0.48 (0.21-1.11)", 0.48, 0.21, 1.11, "risk ratio", "CIN3"),
 E("0.51 (0.28-0.93)", 0.51, 0.28, 0.93, "risk ratio", "CIN2 and 3|CIN2"),
 E("0.93 (0.52-1.64)", 0.93, 0.52, 1.64, "risk ratio", "CIN3"),
 E("3.91 (2.02-7.57)", 3.91, 2.02, 7.57, "risk ratio", "CIN3"),
 E("1.34 (0.46-3.84)", 1.34, 0.46, 3.84, "risk ratio", "CIN3"),
 E("0.20 (0.04-0.93)", 0.20, 0.04, 0.93, "risk ratio", "CIN3"),
 E("4.09 (2.24-7.48)", 4.09, 2.24, 7.48, "risk ratio", "CIN2"),
 E("0.64 (0.23-1.27)", 0.64, 0.23, 1.27, "risk ratio", "CIN2"),
]
G["sf:19878070"] = [
 S("2458 ambulatory postmenopausal women", 2458), S("450 and", 450), S("489 subjects", 489),
 E("41 % (95% confidence interval [CI], 18%-58%)", 41, 18, 58, "", "new vertebral fractures|vertebral fractures", tp="3 years"),
 E("65% (95% CI, 38%-81 %)", 65, 38, 81, "", "fracture|new vertebral fractures|vertebral fractures", tp="first year"),
 E("39% (95% CI, 6%-61 %)", 39, 6, 61, "", "nonvertebral fractures", tp="3 years"),
]
TTH, MIG = "days with tension-type headache|tension-type headache", "headache attacks from migraine|headache attacks|migraine"
SSRI = "selective serotonin reuptake inhibitors"
G["sf:14606752"] = [
 E("standardised mean difference -1.29, 95% confidence interval -2.18 to -0.39", -1.29, -2.18, -0.39, "mean difference", TTH, arm="tricyclics", comp="placebo"),
 E("-0.70, -0.93 to -0.48", -0.70, -0.93, -0.48, "mean difference", MIG, arm="tricyclics", comp="placebo"),
 E("-0.80, -2.63 to 0.02", -0.80, -2.63, 0.02, "mean difference", TTH, comp=SSRI),
 E("-0.20, -0.60 to 0.19", -0.20, -0.60, 0.19, "mean difference", MIG, comp=SSRI),
 E("β=-0.11, 95% confidence interval -0.63 to -0.15", -0.11, -0.63, -0.15, "regression coefficient", "effect of tricyclics"),
 E("relative risk 1.41, 95% confidence interval 1.02 to 1.89", 1.41, 1.02, 1.89, "risk ratio", "intensity of headaches|tension-type", comp="placebo"),
 E("1.80, 1.24 to 2.62", 1.80, 1.24, 2.62, "risk ratio", "intensity of headaches|migraine", comp="placebo"),
 E("1.73, 1.34 to 2.22", 1.73, 1.34, 2.22, "risk ratio", "intensity of headaches", comp=SSRI),
 E("1.72, 1.15 to 2.55", 1.72, 1.15, 2.55, "risk ratio", "intensity of headaches", comp=SSRI),
 E("1.53, 95% confidence interval 1.11 to 2.12", 1.53, 1.11, 2.12, "risk ratio", "adverse effects", comp="placebo"),
 E("2.22, 1.52 to 3.32", 2.22, 1.52, 3.32, "risk ratio", "adverse effects", comp=SSRI),
 E("1.22, 0.83 to 1.80", 1.22, 0.83, 1.80, "risk ratio", "dropout rates|dropout", comp="placebo"),
 E("1.16, 0.81 to 2.97", 1.16, 0.81, 2.97, "risk ratio", "dropout rates|dropout", comp=SSRI),
]
CVE = "cardiovascular events|cardiovascular protection"
G["sf:10072941"] = [
 S("Among 1202 patients", 1202),
 E("0.69 (95% CI: 0.56 to 0.84)", 0.69, 0.56, 0.84, "hazard ratio", CVE),
 E("0.62 (95% CI: 0.45 to 0.86)", 0.62, 0.45, 0.86, "hazard ratio", CVE),
 E("0.49 (95% CI: 0.35 to 0.67)", 0.49, 0.35, 0.67, "hazard ratio", CVE),
 E("0.86 [95% CI: 0.67 to 1.12]", 0.86, 0.67, 1.12, "hazard ratio", CVE),
]
G["sf:46485368"] = [
 S("930 subjects with a previous colorectal adenoma", 930), S("822 subjects", 822), S("597 of whom underwent", 597),
 E("adjusted RR = 0.63, 95% CI = 0.46 to 0.87", 0.63, 0.46, 0.87, "risk ratio", "any adenoma|adenoma", arm="calcium", comp="placebo"),
 E("adjusted RR = 0.85, 95% CI = 0.43 to 1.69", 0.85, 0.43, 1.69, "risk ratio", "advanced adenomas"),
]
G["sf:41294031"] = [
 S("combined total of 164 participants", 164),
 E("RR 0.72; 95% CI 0.59 to 0.89", 0.72, 0.59, 0.89, "risk ratio", "death|mortality", arm="glucocorticoid with cyclophosphamide", comp="standard care"),
]
G["sf:26000593"] = [
 E("RR=0.86; 95% CI: 0.76–0.97", 0.86, 0.76, 0.97, "risk ratio", "non-vertebral fracture", arm="alendronate"),
 E("RR=0.81; 95% CI: 0.71–0.92", 0.81, 0.71, 0.92, "risk ratio", "non-vertebral fracture", arm="risedronate"),
]
G["sf:20188586"] = [
 S("Of 120 subjects enrolled", 120), S("116 (96.7%) completed", 116),
 E("risk ratio (RR): 1.7, 95% confidence interval (CI): 1.3 to 2.2", 1.7, 1.3, 2.2, "risk ratio", "optimal adherence", arm="intervention", comp="control"),
 E("RR: 2.4, CI: 1.2 to 4.5", 2.4, 1.2, 4.5, "risk ratio", "optimal adherence"),
 E("RR: 1.5, CI: 1.1 to 1.9", 1.5, 1.1, 1.9, "risk ratio", "optimal adherence|proportions"),
]
G["sf:7873737"] = [
 S("Among 6458 diabetic patients", 6458), S("23 072 nondiabetic patients", 23072), S("Among 1279 diabetic patients", 1279),
 E("OR 0.74; 95% CI 0.59 to 0.92", 0.74, 0.59, 0.92, "odds ratio", "mortality", tp="30 days"),
 E("OR 0.30; 95% CI 0.14 to 0.69", 0.30, 0.14, 0.69, "odds ratio", "mortality", tp="30 days"),
]
KCCQ = "KCCQ overall summary score|KCCQ"
G["sf:40817021"] = [
 S("2331 medically stable outpatients", 2331), S("(n = 1172)", 1172), S("(n = 1159)", 1159),
 E("mean, 5.21; 95% confidence interval, 4.42 to 6.00", 5.21, 4.42, 6.00, "mean", KCCQ, arm="usual care plus exercise training", tp="3 months"),
 E("3.28; 95% confidence interval, 2.48 to 4.09", 3.28, 2.48, 4.09, "mean", KCCQ, arm="usual care alone", tp="3 months"),
 E("1.93-point increase (95% confidence interval, 0.84 to 3.01)", 1.93, 0.84, 3.01, "mean difference", KCCQ, arm="exercise training"),
]
G["sf:31363207"] = [
 S("n=3352 patients", 3352), S("n=211 patients", 211),
 E("adjusted risk ratio, 3.6; 95% confidence interval, 1.1-11.7", 3.6, 1.1, 11.7, "risk ratio", "relapse"),
 E("adjusted risk ratio, 4.0; 95% confidence interval, 1.5-10.4", 4.0, 1.5, 10.4, "risk ratio", "failure|treatment failure"),
 E("adjusted risk ratio, 4.8; 95% confidence interval, 1.8-12.8", 4.8, 1.8, 12.8, "risk ratio", "relapse"),
]
G["sf:5402581"] = [
 S("3353 patients were randomized", 3353), S("1757 were randomized to placebo", 1757),
 E("1.54; 95% confidence interval [CI], 1.06-2.23", 1.54, 1.06, 2.23, "odds ratio", "death|mortality"),
 E("0.01; 95% CI, 0.004-0.02", 0.01, 0.004, 0.02, "risk difference", "death|mortality"),
]
G["sf:35301079"] = [
 S("randomization of 171 patients", 171),
 E("hazard ratio (HR) 1.09; 95% confidence interval (CI) 0.79-1.50", 1.09, 0.79, 1.50, "hazard ratio", "OS|overall survival", arm="HIA", comp="IV"),
 E("HR 0.62; 95% CI 0.45-0.84", 0.62, 0.45, 0.84, "hazard ratio", "PFS|progression-free survival", arm="HIA", comp="IV"),
]
G["sf:13906581"] = [
 E("0.96 (95% confidence interval [CI], 0.93–1.00)", 0.96, 0.93, 1.00, "risk ratio", "mortality", arm="teaching", comp="nonteaching"),
 E("1.04 (95% CI, 0.99–1.10)", 1.04, 0.99, 1.10, "risk ratio", "mortality", arm="minor teaching", comp="nonteaching"),
]
CMS = "Constant-Murley score|Constant-Murley shoulder assessment score"
G["sf:4200695"] = [
 S("102 patients with long standing", 102), S("Most (97, 95%) participants completed", 97),
 E("24 points (95% confidence interval 19 to 28.0)", 24, 19, 28.0, "mean", CMS, arm="specific exercise"),
 E("9 points (5 to 13)", 9, 5, 13, "mean", CMS, arm="control exercise"),
 E("15 points (8.5 to 20.6)", 15, 8.5, 20.6, "mean difference", CMS),
 E("odds ratio 7.6, 3.1 to 18.9", 7.6, 3.1, 18.9, "odds ratio", "successful outcome|global assessment of change", arm="specific exercise"),
 E("odds ratio 7.7, 3.1 to 19.4", 7.7, 3.1, 19.4, "odds ratio", "surgery", arm="specific exercise"),
]
G["sf:3944632"] = [
 S("132 patients with 1 to 4 brain metastases", 132), S("(65 patients)", 65), S("(67 patients)", 67),
 E("38.5% (95% confidence interval, 26.7%-50.3%)", 38.5, 26.7, 50.3, "proportion", "1-year actuarial survival rate|survival", arm="WBRT + SRS", tp="1 year"),
 E("28.4% (95% confidence interval, 17.6%-39.2%)", 28.4, 17.6, 39.2, "proportion", "1-year actuarial survival rate|survival", arm="SRS alone", tp="1 year"),
]
G["sf:2391552"] = [
 E("-23.5 pg/ml [-36.6 to -10.5]", -23.5, -36.6, -10.5, "mean difference", "IL-6|interleukins 6"),
 E("-23.4 pg/ml [-35.8 to -11.0]", -23.4, -35.8, -11.0, "mean difference", "IL-8"),
 E("-15.3 mg/L [CI -26.9 to -3.7]", -15.3, -26.9, -3.7, "mean difference", "hsCRP|high sensitivity C-reactive protein"),
 E("-2.10 pg/ml [-3.83 to -0.37]", -2.10, -3.83, -0.37, "mean difference", "TNF-alpha|tumor necrosis factor-alpha"),
]
BMD = "bone mineral density"
G["sf:19205326"] = [
 S("247 women who participated", 247),
 E("13.7 percent at the lumbar spine (95 percent confidence interval, 12.0 to 15.5 percent)", 13.7, 12.0, 15.5, "mean", BMD, tp="10 years"),
 E("10.3 percent at the trochanter (95 percent confidence interval, 8.1 to 12.4 percent)", 10.3, 8.1, 12.4, "mean", BMD, tp="10 years"),
 E("5.4 percent at the femoral neck (95 percent confidence interval, 3.5 to 7.4 percent)", 5.4, 3.5, 7.4, "mean", BMD, tp="10 years"),
 E("6.7 percent at the total proximal femur (95 percent confidence interval, 4.4 to 9.1 percent)", 6.7, 4.4, 9.1, "mean", BMD, tp="10 years"),
]
G["sf:1759213"] = [
 S("(4814 participants)", 4814),
 E("relative risk 1.58, 95% confidence interval 1.24 to 2.02", 1.58, 1.24, 2.02, "risk ratio", "hyperkalaemia"),
 E("1.67, 1.01 to 2.79", 1.67, 1.01, 2.79, "risk ratio", "hyperkalaemia", comp="aliskiren alone"),
 E("1.14, 0.68 to 1.89", 1.14, 0.68, 1.89, "risk ratio", "acute kidney injury"),
]
OTU = "better OTU|OTU|overall treatment utility"
G["sf:15476777"] = [
 S("459 patients were randomly assigned", 459), S("115 to each of groups A-C", 115), S("114 to group D", 114),
 E("hazard ratio 0·84, 95% CI 0·69-1·01", 0.84, 0.69, 1.01, "hazard ratio", "PFS|progression-free survival", arm="oxaliplatin"),
 E("odds ratio 1·32, 95% CI 1·14-1·52", 1.32, 1.14, 1.52, "odds ratio", OTU),
 E("1·51, 1·05-2·19", 1.51, 1.05, 2.19, "odds ratio", OTU),
 E("0·57, 0·39-0·82", 0.57, 0.39, 0.82, "odds ratio", OTU),
]
G["pq:21952349"] = [
 S("320 patients undergoing elective PCI", 320),
]
