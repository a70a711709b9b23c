"""The held-out RCT gold as it was typed while reading each abstract (see ../rct_heldout_README.md).

`E(quote, value, ci_low, ci_high, measure, endpoint, arm=, comp=, tp=)` is a figure with its CI,
`S(quote, n)` a sample size; keys are "sf:<SciFact doc_id>" or "pq:<PubMedQA id>". Expanded to
rct_heldout.jsonl with offsets into the texts rebuilt from ../shared/eval (quotes typed with plain
spaces resolved to the thin/hair spaces of the text).
"""


def E(q, v, lo, hi, measure, endpoint, arm="", comp="", tp=""):
    return dict(kind="estimate", quote=q, endpoint=endpoint, measure=measure, value=v, ci_low=lo, ci_high=hi, arm=arm,
                comparator=comp, timepoint=tp, n=None)


def S(q, n):
    return dict(kind="sample_size", quote=q, endpoint="", measure="count", value=n, ci_low=None, ci_high=None, arm="",
                comparator="", timepoint="", n=n)


G = {}
G["sf:3471191"] = [
 S("655 enrolled patients", 655), S("520 from randomized cohorts", 520), S("Among the 655 patients", 655), S("581 had measurable disease", 581),
 E("33% [95% CI, 30%-37%]", 33, 30, 37, "proportion", "objective response rate|objective response"),
 E("45% [95% CI, 36% to 54%]", 45, 36, 54, "proportion", "objective response rate|objective response"),
 E("35% (95% CI, 31%-39%)", 35, 31, 39, "proportion", "progression-free survival", tp="12 months"),
 E("52% (95% CI, 43%-60%)", 52, 43, 60, "proportion", "progression-free survival", tp="12 months"),
 E("23 months (95% CI, 20-29)", 23, 20, 29, "median", "overall survival"),
 E("66% (95% CI, 62%-69%)", 66, 62, 69, "proportion", "overall survival|survival", tp="12 months"),
 E("49% (95% CI, 44%-53%)", 49, 44, 53, "proportion", "overall survival|survival", tp="24 months"),
 E("31 months (95% CI, 24 to not reached)", 31, 24, None, "median", "overall survival"),
 E("73% (95% CI, 65%-79%)", 73, 65, 79, "proportion", "overall survival|survival", tp="12 months"),
 E("60% (95% CI, 51%-68%)", 60, 51, 68, "proportion", "overall survival|survival", tp="24 months"),
]
G["sf:23349986"] = [
 S("215 children undergoing", 215),
 E("44%; 95% confidence interval [CI], 31%-59%", 44, 31, 59, "proportion", "ponv|postoperative nausea and vomiting", arm="placebo", tp="24 hours"),
 E("38%; 95% CI, 25%-52%", 38, 25, 52, "proportion", "ponv|postoperative nausea and vomiting", arm="dexamethasone", tp="24 hours"),
 E("13 of 54 (24%; 95% CI, 13%-38%)", 24, 13, 38, "proportion", "ponv|postoperative nausea and vomiting", arm="dexamethasone", tp="24 hours"),
 E("12%; 95% CI, 4%-23%", 12, 4, 23, "proportion", "ponv|postoperative nausea and vomiting", arm="dexamethasone", tp="24 hours"),
 E("Two of 53 (4%; 95% CI, 0.5%-13%)", 4, 0.5, 13, "proportion", "bleeding", arm="placebo"),
 E("6 of 53 (11%; 95% CI, 4%-23%)", 11, 4, 23, "proportion", "bleeding", arm="dexamethasone"),
 E("2 of 51 (4%; 95% CI, 0.5%-13%)", 4, 0.5, 13, "proportion", "bleeding", arm="dexamethasone"),
 E("12 of 50 (24%; 95% CI, 13%-38%)", 24, 13, 38, "proportion", "bleeding", arm="dexamethasone"),
 E("adjusted relative risk, 6.80; 95% CI, 1.77-16.5", 6.80, 1.77, 16.5, "risk ratio", "bleeding risk|bleeding", arm="dexamethasone"),
]
G["sf:9967265"] = [
 S("enrolled 154 infants", 154),
 E("RR 2.68 (95% CI 1.45, 4.93)", 2.68, 1.45, 4.93, "risk ratio", "pneumothorax", arm="surgical", comp="indomethacin"),
 E("RD 0.25 (95% CI 0.11, 0.38)", 0.25, 0.11, 0.38, "risk difference", "pneumothorax", arm="surgical", comp="indomethacin"),
 E("NNH 4 (95% CI 3, 9)", 4, 3, 9, "", "pneumothorax", arm="surgical", comp="indomethacin"),
 E("RR 3.80 (95% CI 1.12, 12.93)", 3.80, 1.12, 12.93, "risk ratio", "retinopathy of prematurity", arm="surgical", comp="indomethacin"),
 E("RD 0.11 (95% CI 0.02, 0.20)", 0.11, 0.02, 0.20, "risk difference", "retinopathy of prematurity", arm="surgical", comp="indomethacin"),
 E("NNH 9 (95% CI 5, 50", 9, 5, 50, "", "retinopathy of prematurity", arm="surgical", comp="indomethacin"),
 E("RR 0.04 (95% CI 0.01, 0.27)", 0.04, 0.01, 0.27, "risk ratio", "failure of ductal closure", arm="surgical", comp="indomethacin"),
 E("RD -0.32 (95% CI -0.43, -0.21)", -0.32, -0.43, -0.21, "risk difference", "failure of ductal closure", arm="surgical", comp="indomethacin"),
 E("NNT 3 (95% CI 2, 4)", 3, 2, 4, "", "failure of ductal closure", arm="surgical", comp="indomethacin"),
]
G["sf:10430148"] = [
 S("543 patients with coronary disease", 543), S("A total of 543 patients", 543), S("360 patients at study completion", 360),
 E("0.73% (95% CI, 0.33% to 1.12%)", 0.73, 0.33, 1.12, "mean", "percent atheroma volume|pav", arm="glimepiride"),
 E("0.16% (95% CI, -0.57% to 0.25%)", 0.16, -0.57, 0.25, "mean", "percent atheroma volume|pav", arm="pioglitazone"),
 E("0.64% (95% CI, 0.23% to 1.05%)", 0.64, 0.23, 1.05, "mean", "percent atheroma volume|pav", arm="glimepiride"),
 E("0.06% (-0.47% to 0.35%)", 0.06, -0.47, 0.35, "mean", "percent atheroma volume|pav", arm="pioglitazone"),
 E("0.55% (95% CI, -0.68% to -0.42%)", 0.55, -0.68, -0.42, "mean", "hba1c|hba(1c)", arm="pioglitazone"),
 E("0.36% (95% CI, -0.48% to -0.24%)", 0.36, -0.48, -0.24, "mean", "hba1c|hba(1c)", arm="glimepiride"),
 E("5.7 mg/dL (95% CI, 4.4 to 7.0 mg/dL; 16.0%)", 5.7, 4.4, 7.0, "mean", "high-density lipoprotein|hdl", arm="pioglitazone"),
 E("0.9 mg/dL (95% CI, -0.3 to 2.1 mg/dL; 4.1%)", 0.9, -0.3, 2.1, "mean", "high-density lipoprotein|hdl", arm="glimepiride"),
 E("16.3 mg/dL (95% CI, -27.7 to -11.0 mg/dL; 15.3%)", 16.3, -27.7, -11.0, "median", "triglyceride", arm="pioglitazone"),
 E("3.3 mg/dL (95% CI, -10.7 to 11.7 mg/dL; 0.6%)", 3.3, -10.7, 11.7, "median", "triglyceride", arm="glimepiride"),
]
G["sf:10582939"] = [
 S("One hundred fifty-nine patients were enrolled", 159), S("Fifty-three patients received standard-dose", 53), S("52 patients received low-dose", 52), S("51 patients in the control group", 51),
 E("(7.5%) in the autologous MSC plus standard-dose CNI group (95% CI, 0.4%-14.7%", 7.5, 0.4, 14.7, "proportion", "acute rejection|biopsy-confirmed acute rejection", arm="autologous MSC plus standard-dose CNI"),
 E("(7.7%) in the low-dose group (95% CI, 0.5%-14.9%", 7.7, 0.5, 14.9, "proportion", "acute rejection|biopsy-confirmed acute rejection", arm="low-dose"),
 E("21.6%; 95% CI, 10.5%-32.6%", 21.6, 10.5, 32.6, "proportion", "acute rejection|biopsy-confirmed acute rejection", arm="control"),
 E("(7.8%) in the control group did (95% CI, 0.6%-15.1%", 7.8, 0.6, 15.1, "proportion", "glucorticoid-resistant rejection", arm="control"),
 E("6.2 mL/min per 1.73 m(2) (95% CI, 0.4-11.9", 6.2, 0.4, 11.9, "mean difference", "egfr|estimated glomerular filtration rate", arm="standard-dose CNI"),
 E("10.0 mL/min per 1.73 m(2) (95% CI, 3.8-16.2", 10.0, 3.8, 16.2, "mean difference", "egfr|estimated glomerular filtration rate", arm="low-dose CNI"),
 E("hazard ratio, 0.42; 95% CI, 0.20-0.85", 0.42, 0.20, 0.85, "hazard ratio", "opportunistic infections", arm="MSC-treated groups", comp="control"),
]
G["sf:52874170"] = [
 S("Five studies of 587 patients", 587), S("4 studies of 717 patients", 717),
 E("12.3%; 95% confidence interval [CI], -1.72% to 26.2%", 12.3, -1.72, 26.2, "risk difference", "headache", arm="atraumatic needle", comp="standard needles"),
 E("11.3%; 95% CI, 6.50%-16.2%", 11.3, 6.50, 16.2, "risk difference", "headache"),
 E("2.9%; 95% CI, -3.4 to 9.3%", 2.9, -3.4, 9.3, "risk difference", "headache"),
 E("LR], 18; 95% CI, 12-27", 18, 12, 27, "ratio", "bacterial meningitis"),
 E("LR, 15; 95% CI, 10-22", 15, 10, 22, "ratio", "bacterial meningitis"),
 E("LR, 21; 95% CI, 14-32", 21, 14, 32, "ratio", "bacterial meningitis"),
]
G["sf:24159217"] = [
 S("(n = 61)", 61), S("(n = 65)", 65),
 E("- 7.0; 95% confidence interval [CI], - 10.8 to - 3.2", -7.0, -10.8, -3.2, "mean difference", "ptsd|symptoms of ptsd", arm="early intervention", tp="3 months"),
 E("- 3.4; 95% CI, - 6.5 to - 0.4", -3.4, -6.5, -0.4, "mean difference", "depression", arm="early intervention", tp="3 months"),
 E("- 6.4; 95% CI, -10.4 to -2.3", -6.4, -10.4, -2.3, "mean difference", "psychosocial dysfunction", arm="early intervention", tp="3 months"),
 E("-1.0; 95% CI, -2.5 to 0.5", -1.0, -2.5, 0.5, "mean difference", "acting out", tp="3 months"),
 E("0.1; 95% CI, -1.5 to 1.7", 0.1, -1.5, 1.7, "mean difference", "shyness/anxiousness", tp="3 months"),
 E("-1.1, 95% CI, -2.9 to 0.8", -1.1, -2.9, 0.8, "mean difference", "learning", tp="3 months"),
]
G["sf:3329824"] = [
 S("A total of 9020 patients", 9020),
 E("2.56% (95% CI 2.07% to 3.01%)", 2.56, 2.07, 3.01, "proportion", "cns metastases", arm="adjuvant trastuzumab"),
 E("1.94% (95% CI 1.54% to 2.38%)", 1.94, 1.54, 2.38, "proportion", "cns metastases"),
 E("1.35 (95% CI 1.02-1.78, P = 0.038)", 1.35, 1.02, 1.78, "risk ratio", "cns as first site of relapse|cns metastases", arm="trastuzumab", comp="control"),
 E("16.94% (95% CI 10.85% to 24.07%)", 16.94, 10.85, 24.07, "proportion", "cns metastases|ratio of cns metastases to total number of recurrence events", arm="trastuzumab"),
 E("8.33% (95% CI 6.49% to 10.86%)", 8.33, 6.49, 10.86, "proportion", "cns metastases|ratio of cns metastases to total number of recurrence events", arm="control"),
]
G["sf:15948830"] = [
 E("(OR) 0.23, 95% CI 0.16-0.33", 0.23, 0.16, 0.33, "odds ratio", "pov|postoperative vomiting", arm="dexamethasone"),
 E("OR 0.36, 95% CI 0.29-0.46", 0.36, 0.29, 0.46, "odds ratio", "pov|postoperative vomiting", arm="ondansetron"),
 E("OR 0.11, 95% CI 0.06-0.19", 0.11, 0.06, 0.19, "odds ratio", "pov|postoperative vomiting", arm="granisetron"),
 E("OR 0.15, 95% CI 0.06-0.35", 0.15, 0.06, 0.35, "odds ratio", "pov|postoperative vomiting", arm="tropisetron"),
 E("OR 0.25, 95% CI 0.1-0.59", 0.25, 0.1, 0.59, "odds ratio", "pov|postoperative vomiting", arm="dolasetron"),
 E("OR 0.51, 95% CI 0.34-0.77", 0.51, 0.34, 0.77, "odds ratio", "pov|postoperative vomiting", arm="metoclopramide"),
]
PA = "prolonged smoking abstinence|prolonged abstinence"
PP = "7-day point-prevalence smoking abstinence|point-prevalence smoking abstinence|point-prevalence abstinence"
G["sf:11614737"] = [
 S("Five hundred six adult", 506), S("315 (62%) completed the study", 315),
 E("OR], 1.49; 95% CI, 1.05-2.12", 1.49, 1.05, 2.12, "odds ratio", PA, arm="combination therapy", tp="12 weeks"),
 E("OR, 1.36; 95% CI, 0.95-1.93", 1.36, 0.95, 1.93, "odds ratio", PP, arm="combination therapy", tp="12 weeks"),
 E("OR, 1.52; 95% CI, 1.04-2.22", 1.52, 1.04, 2.22, "odds ratio", PA, arm="combination therapy", tp="26 weeks"),
 E("OR, 1.32; 95% CI, 0.91-1.91", 1.32, 0.91, 1.91, "odds ratio", PP, arm="combination therapy", tp="26 weeks"),
 E("OR, 1.39; 95% CI, 0.93-2.07", 1.39, 0.93, 2.07, "odds ratio", PA, arm="combination therapy", tp="52 weeks"),
 E("OR, 1.40; 95% CI, 0.96-2.05", 1.40, 0.96, 2.05, "odds ratio", PP, arm="combination therapy", tp="52 weeks"),
]
G["sf:7640792"] = [
 S("Of 136 247 patients", 136247), S("35 128 patients with angiographic data", 35128),
 E("OR], 1.91; 95% confidence interval [CI], 1.83-2.00", 1.91, 1.83, 2.00, "odds ratio", "30-day mortality|mortality", arm="women", comp="men"),
 E("adjusted OR, 1.06; 95% CI, 0.99-1.15", 1.06, 0.99, 1.15, "odds ratio", "30-day mortality|mortality", arm="women", comp="men"),
 E("adjusted OR, 1.15; 95% CI, 1.06-1.24", 1.15, 1.06, 1.24, "odds ratio", "30-day mortality|mortality", arm="women"),
 E("adjusted OR, 0.77; 95% CI, 0.63-0.95", 0.77, 0.63, 0.95, "odds ratio", "30-day mortality|mortality"),
 E("adjusted OR, 0.55; 95% CI, 0.43-0.70", 0.55, 0.43, 0.70, "odds ratio", "30-day mortality|mortality", arm="women"),
]
G["sf:4678846"] = [
 S("Two hundred Chinese patients", 200), S("n = 102", 102), S("n = 98", 98),
 E("relative risk, 0.32; 95% confidence interval [CI], 0.10-0.96", 0.32, 0.10, 0.96, "risk ratio", "serum creatinine|increase in serum creatinine", arm="acetylcysteine", comp="control"),
 E("1.22 mg/dL [107.8 micromol/L]; 95% CI, 1.11-1.33 mg/dL", 1.22, 1.11, 1.33, "mean", "serum creatinine", arm="acetylcysteine"),
 E("1.38 mg/dL [122.9 micromol/L]; 95% CI, 1.27-1.49 mg/dL", 1.38, 1.27, 1.49, "mean", "serum creatinine"),
 E("44.8 mL/min (0.75 mL/s) (95% CI, 42.7-47.6 mL/min)", 44.8, 42.7, 47.6, "mean", "creatinine clearance"),
 E("58.9 mL/min (0.98 mL/s) (95% CI, 55.6-62.3 mL/min)", 58.9, 55.6, 62.3, "mean", "creatinine clearance"),
]
G["sf:17691617"] = [
 S("(N=186)", 186), S("Ninety-three participants each", 93), S("93 to a seated control", 93),
 E("FIM=1.3, 95% confidence interval (CI)=-1.6-4.3", 1.3, -1.6, 4.3, "mean difference", "fim|functional independence measure|adl independence", tp="4 months"),
 E("BI=0.6, 95% CI=-0.2-1.4", 0.6, -0.2, 1.4, "mean difference", "bi|barthel index|adl independence", tp="4 months"),
 E("FIM=0.8, 95% CI=-2.2-3.8", 0.8, -2.2, 3.8, "mean difference", "fim|functional independence measure|adl independence", tp="7 months"),
 E("BI=0.6, 95% CI=-0.3-1.4", 0.6, -0.3, 1.4, "mean difference", "bi|barthel index|adl independence", tp="7 months"),
 E("BBS=4.2, 95% CI=1.8-6.6", 4.2, 1.8, 6.6, "mean difference", "bbs|berg balance scale|balance", tp="4 months"),
]
RM = "rmdq|roland morris disability questionnaire|pain-related disability"
G["sf:14724693"] = [
 S("250 patients older than", 250), S("glucosamine (n = 125)", 125), S("placebo (n = 125)", 125),
 E("9.2 (95% confidence interval [CI], 8.4-10.0)", 9.2, 8.4, 10.0, "mean", RM, arm="glucosamine"),
 E("9.7 (95% CI, 8.9-10.5)", 9.7, 8.9, 10.5, "mean", RM, arm="placebo"),
 E("5.0; 95% CI, 4.2-5.8", 5.0, 4.2, 5.8, "mean", RM, tp="6 months"),
 E("4.8 (95% CI, 3.9-5.6)", 4.8, 3.9, 5.6, "mean", RM, arm="glucosamine", tp="1 year"),
 E("5.5 (95% CI, 4.7-6.4)", 5.5, 4.7, 6.4, "mean", RM, arm="placebo", tp="1 year"),
]
G["sf:14361849"] = [
 S("a total of 290 patients", 290),
 E("[RR] 0.76, 95% confidence interval [CI] 0.32–1.78", 0.76, 0.32, 1.78, "risk ratio", "hospital mortality|mortality", arm="CPAP", comp="BiPAP"),
 E("RR 0.80, 95% CI 0.33–1.94", 0.80, 0.33, 1.94, "risk ratio", "invasive ventilation|requiring invasive ventilation", arm="CPAP", comp="BiPAP"),
 E("[WMD] in hours = 3.65, 95% CI -12.12 to +19.43", 3.65, -12.12, 19.43, "mean difference", "duration of noninvasive ventilation"),
 E("WMD in days = -0.04, 95% CI -2.57 to +2.48", -0.04, -2.57, 2.48, "mean difference", "length of hospital stay"),
 E("RR 2.10, 95% CI 0.91–4.84", 2.10, 0.91, 4.84, "risk ratio", "acute myocardial infarction|new onset acute myocardial infarction", arm="BiPAP"),
]
G["pq:26175531"] = [
 S("20 960 patients", 20960),
 E("[RR], 0.89; 95% confidence interval [CI], 0.76-1.04", 0.89, 0.76, 1.04, "risk ratio", "mortality", arm="aspiration thrombectomy", comp="conventional PCI"),
 E("RR, 0.93; 95% CI, 0.73-1.17", 0.93, 0.73, 1.17, "risk ratio", "reinfarction", arm="aspiration thrombectomy", comp="conventional PCI"),
 E("RR, 0.90; 95% CI, 0.79-1.02", 0.90, 0.79, 1.02, "risk ratio", "mortality or reinfarction", arm="aspiration thrombectomy", comp="conventional PCI"),
 E("RR, 0.82; 95% CI, 0.62-1.08", 0.82, 0.62, 1.08, "risk ratio", "stent thrombosis", arm="aspiration thrombectomy", comp="conventional PCI"),
 E("RR, 1.45; 95% CI, 0.96-2.21", 1.45, 0.96, 2.21, "risk ratio", "stroke", arm="aspiration thrombectomy"),
]
G["sf:8595678"] = [
 S("59,995 individuals", 59995), S("45,549 individuals", 45549),
 E("3·12 μmol/L, 95% CI 2·23 to 4·01", 3.12, 2.23, 4.01, "mean difference", "homocysteine|homocysteine concentration"),
 E("0·13 μmol/L, -0·85 to 1·11", 0.13, -0.85, 1.11, "mean difference", "homocysteine|homocysteine concentration"),
 E("1·68, 95% CI 1·44 to 1·97", 1.68, 1.44, 1.97, "odds ratio", "stroke"),
 E("1·03, 0·84 to 1·25", 1.03, 0.84, 1.25, "odds ratio", "stroke"),
 E("0·94, 95% CI 0·85 to 1·04", 0.94, 0.85, 1.04, "risk ratio", "stroke"),
 E("RR 1·00, 95% CI 0·90 to 1·11", 1.00, 0.90, 1.11, "risk ratio", "stroke"),
 E("RR 0·78, 95% CI 0·68 to 0·90", 0.78, 0.68, 0.90, "risk ratio", "stroke"),
]
G["sf:36288526"] = [
 S("970 total patients", 970),
 E("33.3% of a pooled SD (95% confidence interval, 18.2%-48.3%", 33.3, 18.2, 48.3, "mean difference", "postoperative blood loss|blood loss", arm="hydroxyethyl starch", comp="albumin"),
 E("relative risk, 2.24; 95% confidence interval, 1.14-4.40", 2.24, 1.14, 4.40, "risk ratio", "reoperation for bleeding|reoperation", arm="hydroxyethyl starch"),
 E("28.4% of a pooled SD (95% confidence interval, 12.2%-44.6%", 28.4, 12.2, 44.6, "mean difference", "transfusion of red blood cells|red blood cells|transfusion", arm="hydroxyethyl starch"),
 E("30.6% (95% confidence interval, 8.0%-53.1%", 30.6, 8.0, 53.1, "mean difference", "fresh-frozen plasma|transfusion", arm="hydroxyethyl starch"),
 E("29.8% (95% confidence interval, 3.4%-56.2%", 29.8, 3.4, 56.2, "mean difference", "platelets|transfusion", arm="hydroxyethyl starch"),
]
G["sf:27129115"] = [
 S("Five trials (6145 babies)", 6145), S("0.54 to 0.87; five trials; 6145 infants", 6145), S("5980 infants", 5980), S("0.92 to 1.17; five trials; 6145 infants", 6145), S("4446 infants", 4446),
 E("(RR) 0.68; 95% Confidence interval (CI) 0.54 to 0.87", 0.68, 0.54, 0.87, "risk ratio", "cerebral palsy", arm="magnesium sulphate"),
 E("RR 0.61; 95% CI 0.44 to 0.85", 0.61, 0.44, 0.85, "risk ratio", "gross motor dysfunction|substantial gross motor dysfunction"),
 E("RR 1.04; 95% CI 0.92 to 1.17", 1.04, 0.92, 1.17, "risk ratio", "paediatric mortality|mortality", arm="magnesium sulphate"),
 E("RR 0.85; 95% CI 0.74 to 0.98", 0.85, 0.74, 0.98, "risk ratio", "mortality with cerebral palsy|combined rates of mortality with cerebral palsy"),
 E("63 (95% confidence interval 43 to 87)", 63, 43, 87, "", "cerebral palsy"),
]
QL = "mean difference"
G["sf:26199970"] = [
 E("standard mean difference = 0.11, 95% confidence interval = [0.08, 0.14]", 0.11, 0.08, 0.14, QL, "overall quality of life|quality of life"),
 E("standard mean difference = 0.11, 95% confidence interval = [0.05, 0.17]", 0.11, 0.05, 0.17, QL, "positive wellbeing"),
 E("standard mean difference = 0.15, 95% confidence interval = [0.06, 0.25]", 0.15, 0.06, 0.25, QL, "mental"),
 E("standard mean difference = 0.08, 95% confidence interval = [0.01, 0.16]", 0.08, 0.01, 0.16, QL, "anxiety"),
 E("standard mean difference = 0.05, 95% confidence interval = [0.02, 0.12]", 0.05, 0.02, 0.12, QL, "depression domain|depression"),
]
G["sf:25589047"] = [
 S("A total of 10,217 patients", 10217),
 E("2.5% (95% CI, 1.7%-3.9%)", 2.5, 1.7, 3.9, "proportion", "faes|fatal adverse events", arm="bevacizumab"),
 E("RR of 1.46 (95% CI, 1.09-1.94", 1.46, 1.09, 1.94, "risk ratio", "faes|fatal adverse events", arm="bevacizumab", comp="chemotherapy alone"),
 E("RR, 3.49; 95% CI, 1.82-6.66", 3.49, 1.82, 6.66, "risk ratio", "faes|fatal adverse events", arm="bevacizumab"),
 E("RR, 0.85; 95% CI, 0.25-2.88", 0.85, 0.25, 2.88, "risk ratio", "faes|fatal adverse events", arm="bevacizumab"),
]
AD = "adas-cog|alzheimer disease assessment scale-cognitive subscale"
G["sf:1642727"] = [
 S("Three hundred eleven individuals", 311), S("170 participants were randomized", 170), S("138 participants completed", 138),
 E("0.26 points (95% confidence interval, -0.89 to 0.54)", 0.26, -0.89, 0.54, "mean", AD, arm="intervention"),
 E("1.04 points (95% confidence interval, 0.32 to 1.82)", 1.04, 0.32, 1.82, "mean", AD, arm="usual care"),
 E("-1.3 points (95% confidence interval,-2.38 to -0.22)", -1.3, -2.38, -0.22, "mean difference", AD, arm="intervention", comp="control"),
 E("0.73 points (95% confidence interval, -1.27 to 0.03)", 0.73, -1.27, 0.03, "mean", AD, arm="intervention", tp="18 months"),
 E("0.04 points (95% confidence interval, -0.46 to 0.88)", 0.04, -0.46, 0.88, "mean", AD, arm="usual care", tp="18 months"),
]
G["sf:13514898"] = [
 E("(SMD), -0.34; 95% CI, -0.63, -0.05", -0.34, -0.63, -0.05, QL, "blood loss", arm="tetrastarch", comp="albumin"),
 E("SMD, -0.06; 95% CI, -0.20, 0.08", -0.06, -0.20, 0.08, QL, "blood loss", comp="gelatin"),
 E("SMD, -0.05; 95% CI, -0.20, 0.10", -0.05, -0.20, 0.10, QL, "blood loss", comp="crystalloids"),
 E("SMD, -0.10; 95% CI, -0.15, -0.05", -0.10, -0.15, -0.05, QL, "intensive care unit|length of stay"),
 E("SMD, -0.52; 95% CI, -0.90, -0.14", -0.52, -0.90, -0.14, QL, "hospital|length of stay"),
]
G["sf:6561200"] = [
 S("(n = 6,257 women)", 6257),
 E("35% (95% confidence interval [CI] = 15% to 60%)", 35, 15, 60, "percent change", "sensitivity|cin3+ sensitivity"),
 E("relative PPV = 0.76, 95% CI = 0.52 to 1.10", 0.76, 0.52, 1.10, "ratio", "ppv|positive predictive value"),
 E("30% (95% CI = 9% to 54%)", 30, 9, 54, "percent change", "sensitivity|cin3+ sensitivity"),
 E("relative PPV = 0.87, 95% CI = 0.60 to 1.26", 0.87, 0.60, 1.26, "ratio", "ppv|positive predictive value"),
]
TB = "tuberculosis|incidence of tuberculosis"
G["sf:4883040"] = [
 E("[HR] 0.16, 95% confidence interval [CI] 0.07 to 0.36", 0.16, 0.07, 0.36, "hazard ratio", TB, arm="antiretroviral therapy"),
 E("HR 0.34, 95% CI 0.19 to 0.60", 0.34, 0.19, 0.60, "hazard ratio", TB),
 E("HR 0.43, 95% CI 0.30 to 0.63", 0.43, 0.30, 0.63, "hazard ratio", TB),
 E("HR 0.35, 95% CI 0.28 to 0.44", 0.35, 0.28, 0.44, "hazard ratio", TB),
]
G["sf:31229233"] = [
 S("The total number of patients was 2,657,365", 2657365),
 E("[RR] 2.36, 95% confidence interval [CI] 0.91-6.13", 2.36, 0.91, 6.13, "risk ratio", "bladder cancer", arm="pioglitazone"),
 E("pooled RR 1.15, 95% CI 1.04-1.26", 1.15, 1.04, 1.26, "risk ratio", "bladder cancer", arm="thiazolidinediones"),
 E("pooled RR 1.22, 95% CI 1.07-1.39", 1.22, 1.07, 1.39, "risk ratio", "bladder cancer", arm="pioglitazone"),
 E("pooled RR 0.87, 95% CI 0.34-2.23", 0.87, 0.34, 2.23, "risk ratio", "bladder cancer", arm="rosiglitazone"),
]
G["sf:3067015"] = [
 S("n = 7,658", 7658), S("n = 4,219", 4219),
 E("2.42 (95% confidence interval [CI] 1.66-3.55, p = 4.8 x 10(-6))", 2.42, 1.66, 3.55, "odds ratio", "hypertension"),
 E("1.72 (95% CI 1.17-2.52, p = 0.006)", 1.72, 1.17, 2.52, "odds ratio", "hypertension"),
 E("7.44 mmHg (95% CI 5.39-9.49, p = 1.1 x 10(-12))", 7.44, 5.39, 9.49, "mean difference", "systolic blood pressure"),
 E("4.24 mmHg (95% CI 2.18-6.31, p = 0.00005)", 4.24, 2.18, 6.31, "mean difference", "systolic blood pressure"),
]
G["pq:18041059"] = [
 S("Seven eligible RCTs (19,818 patients)", 19818),
 E("RR, 1.31; 95% CI, 1.07-1.60", 1.31, 1.07, 1.60, "risk ratio", "cvae|cardiovascular events", arm="tamoxifen", comp="AI"),
 E("RR, 1.34; 95% CI, 1.09-1.63", 1.34, 1.09, 1.63, "risk ratio", "cvae|cardiovascular events"),
 E("RR, 0.53; 95% CI, 0.42-0.65", 0.53, 0.42, 0.65, "risk ratio", "thromboembolic events"),
]
G["pq:23999452"] = [
 S("A total of 12 537 participants", 12537),
 E("HR: 1.58; 95% CI: 1.24-2.02", 1.58, 1.24, 2.02, "hazard ratio", "primary outcome|composite of cv death, non-fatal myocardial infarction or stroke"),
 E("HR: 1.74; 95% CI: 1.39-2.19", 1.74, 1.39, 2.19, "hazard ratio", "mortality"),
 E("HR: 1.71; 95% CI: 1.27-2.30", 1.71, 1.27, 2.30, "hazard ratio", "cv death"),
 E("HR: 1.77; 95% CI: 1.17-2.67", 1.77, 1.17, 2.67, "hazard ratio", "arrhythmic death"),
]
CR = "complex regional pain syndrome|crps"
G["pq:17606778"] = [
 S("416 patients with 427 wrist fractures", 416), S("Three hundred and seventeen patients", 317), S("ninety-nine patients with ninety-nine fractures", 99),
 E("relative risk, 0.41; 95% confidence interval, 0.13 to 1.27", 0.41, 0.13, 1.27, "risk ratio", CR, arm="200-mg"),
 E("relative risk, 0.17; 95% confidence interval, 0.04 to 0.77", 0.17, 0.04, 0.77, "risk ratio", CR, arm="500-mg"),
 E("relative risk, 0.17; 95% confidence interval, 0.04 to 0.75", 0.17, 0.04, 0.75, "risk ratio", CR, arm="1500-mg"),
 E("relative risk, 5.35; 95% confidence interval, 2.13 to 13.42", 5.35, 2.13, 13.42, "risk ratio", CR),
]
G["pq:16498158"] = [
 S("A total of 83 patients", 83),
 E("(OR) 0.29, 95% confidence interval (CI) 0.09 to 0.91", 0.29, 0.09, 0.91, "odds ratio", "hypersalivation", arm="atropine", comp="placebo"),
 E("OR 5.44, 95% CI 1.11 to 26.6", 5.44, 1.11, 26.6, "odds ratio", "transient rash|rash", arm="atropine", comp="placebo"),
 E("OR 0.29, 95% CI 0.09 to 1.02", 0.29, 0.09, 1.02, "odds ratio", "vomiting|vomiting during recovery", arm="atropine", comp="placebo"),
]
G["pq:22303473"] = [
 S("192 primary caregivers", 192), S("intervention (n = 96)", 96), S("usual care (n = 96)", 96),
 E("adjusted IRR 0.98; 95% CI 0.69 to 1.38", 0.98, 0.69, 1.38, "rate ratio", "disorder onset|depressive or anxiety disorder", arm="intervention", comp="usual care"),
 E("coefficient = -1.40; 95% CI -3.91 to 1.10", -1.40, -3.91, 1.10, "regression coefficient", "depressive symptoms|depressive"),
 E("coefficient = -0.55; 95% CI -1.59 to 0.49", -0.55, -1.59, 0.49, "regression coefficient", "anxiety symptoms|anxiety"),
]
G["pq:21084567"] = [
 S("Thirty-nine stroke patients", 39),
 E("0.6 mmHg systolic [95% confidence interval (95% CI) -0.6 to 1.8]", 0.6, -0.6, 1.8, "mean difference", "systolic|systolic bp|booklet readings"),
 E("0.3 mmHg diastolic (95% CI -0.3 to 0.8)", 0.3, -0.3, 0.8, "mean difference", "diastolic|diastolic bp|booklet readings"),
]
G["pq:26370095"] = [
 S("A total of 612 pregnant women", 612),
 E("£17 [95% confidence interval (CI) = -£93, £107]", 17, -93, 107, "mean difference", "incremental cost|cost"),
 E("0.04 QALYs (95% CI = -0.058, 0.145)", 0.04, -0.058, 0.145, "mean difference", "qalys|qaly"),
]
G["pq:22521460"] = [
 S("200 eclampsia cases", 200),
 E("relative risk, 1.54; 95% confidence interval, 0.62-3.81", 1.54, 0.62, 3.81, "risk ratio", "maternal event rate|maternal event", arm="cesarean", comp="vaginal delivery"),
 E("relative risk, 0.52; 95% confidence interval, 0.25-1.05", 0.52, 0.25, 1.05, "risk ratio", "neonatal event rate|neonatal event", arm="cesarean"),
]
G["sf:20645335"] = [
 E("RR 0.678, 95% confidence interval [CI] 0.564-0.815", 0.678, 0.564, 0.815, "risk ratio", "cerebral palsy"),
 E("RR 0.829, 95% CI 0.737-0.933", 0.829, 0.737, 0.933, "risk ratio", "psychomotor development index"),
 E("RR 0.787, 95% CI 0.729-0.850", 0.787, 0.729, 0.850, "risk ratio", "severe disability"),
 E("RR 1.186, 95% CI 1.056-1.332", 1.186, 1.056, 1.332, "risk ratio", "intact survival"),
]
G["sf:13027590"] = [
 S("487 women with chronic pelvic pain", 487),
 E("-0.04 cm [95% confidence interval {CI}, -0.33 to 0.25 cm]", -0.04, -0.33, 0.25, "mean difference", "worst pain", arm="LUNA", comp="no LUNA"),
 E("-0.11 cm [95% CI, -0.50 to 0.29 cm]", -0.11, -0.50, 0.29, "mean difference", "noncyclical pain"),
 E("-0.09 cm [95% CI, -0.49 to 0.30 cm]", -0.09, -0.49, 0.30, "mean difference", "dysmenorrhea"),
 E("0.18 cm [95% CI, -0.22 to 0.62 cm]", 0.18, -0.22, 0.62, "mean difference", "dyspareunia"),
]
G["sf:12009265"] = [
 S("A total of 14,641 male physicians", 14641),
 E("[HR], 0.97; 95% confidence interval [CI], 0.85-1.09", 0.97, 0.85, 1.09, "hazard ratio", "prostate cancer", arm="vitamin E", comp="placebo"),
 E("HR, 1.04; 95% CI, 0.95-1.13", 1.04, 0.95, 1.13, "hazard ratio", "total cancer", arm="vitamin E"),
 E("HR, 1.01; 95% CI, 0.92-1.10", 1.01, 0.92, 1.10, "hazard ratio", "total cancer", arm="vitamin C"),
 E("HR, 1.02; 95% CI, 0.90-1.15", 1.02, 0.90, 1.15, "hazard ratio", "prostate cancer", arm="vitamin C"),
]
CF = "clinical fractures|clinical fracture"
G["sf:11246427"] = [
 S("4432 were randomized", 4432), S("4272 (96%) completed", 4272),
 E("[RH], 0.86; 95% confidence interval [CI], 0.73-1.01", 0.86, 0.73, 1.01, "hazard ratio", CF, arm="alendronate"),
 E("RH, 0.64; 95% CI, 0.50-0.82", 0.64, 0.50, 0.82, "hazard ratio", CF),
 E("RH, 1.08; 95% CI, 0.87-1.35", 1.08, 0.87, 1.35, "hazard ratio", CF),
 E("relative risk, 0.56; 95% CI, 0.39-0.80", 0.56, 0.39, 0.80, "risk ratio", "radiographic vertebral fractures|vertebral fractures", arm="alendronate"),
]
G["sf:5687200"] = [
 S("Seventy-four patients", 74), S("(n = 37), which received a vegetarian", 37), S("(n = 37), which received a conventional", 37),
 E("-6.2 kg (95% CI -6.6 to -5.3)", -6.2, -6.6, -5.3, "mean", "body weight", arm="experimental"),
 E("-3.2 kg (95% CI -3.7 to -2.5)", -3.2, -3.7, -2.5, "mean", "body weight", arm="control"),
 E("30% (95% CI 24.5-39)", 30, 24.5, 39, "mean", "insulin sensitivity", arm="experimental"),
 E("20% (95% CI 14-25)", 20, 14, 25, "mean", "insulin sensitivity", arm="control"),
]
G["sf:37424881"] = [
 S("A total of 39 420 patients", 39420),
 E("0·88 (95 % CI 0·77, 1·00, P=0·05)", 0.88, 0.77, 1.00, "risk ratio", "stroke"),
 E("0·94 (95 % CI 0·58, 1·54, P=0·82)", 0.94, 0.58, 1.54, "risk ratio", "stroke"),
 E("0·91 (95 % CI 0·82, 1·01, P=0·09)", 0.91, 0.82, 1.01, "risk ratio", "stroke"),
]
