import type { Measure } from "./measures.js";

/**
 * What each measure is and where its formula comes from (the paper and equation cited at
 * the function that computes it), for `metakit measures` and documentation.
 */
export interface MeasureReference {
  /** What yi is, on its analysis scale. */
  readonly description: string;
  /** The paper (and equation) of the formula for yi and vi. */
  readonly reference: string;
  /** The metafor release that introduced or last changed the measure's numbers, when after 3.8-1. */
  readonly metafor?: string;
}

export const MEASURE_REFERENCES: Readonly<Record<Measure, MeasureReference>> = {
  OR: { description: "log odds ratio", reference: "Woolf (1955), Ann Hum Genet 19:251-253" },
  RR: { description: "log risk ratio", reference: "Katz et al. (1978), Biometrics 34:469-474" },
  RD: { description: "risk difference", reference: "Fleiss & Berlin (2009), Handbook of Research Synthesis, eq. 13.14" },
  PETO: { description: "Peto's log odds ratio", reference: "Yusuf et al. (1985), Prog Cardiovasc Dis 27:335-371" },
  AS: { description: "arcsine square-root risk difference", reference: "Rücker et al. (2009), Stat Med 28:721-738, eq. 4" },
  PHI: { description: "phi coefficient", reference: "Yule (1912), J R Stat Soc 75:579-652, p. 603; Bonett (2007), Psychol Methods 12:434-447, eq. 6 (vtype ST)" },
  ZPHI: { description: "Fisher's z of the phi coefficient", reference: "Yule (1912); delta method", metafor: "4.0-0" },
  YUQ: { description: "Yule's Q", reference: "Yule (1900), Philos Trans R Soc A 194:257-319, p. 285" },
  YUY: { description: "Yule's Y", reference: "Yule (1912), J R Stat Soc 75:579-652, p. 593" },
  RTET: { description: "tetrachoric correlation (maximum likelihood)", reference: "Pearson (1900), Philos Trans R Soc A 195:1-47; Olsson (1979), Psychometrika 44:443-460" },
  ZTET: { description: "Fisher's z of the tetrachoric correlation", reference: "Olsson (1979); delta method", metafor: "4.0-0" },
  ZPB: { description: "Fisher's z of the point-biserial correlation", reference: "Jacobs & Viechtbauer (2017), Res Synth Methods 8:161-180; delta method", metafor: "4.0-0" },
  ZBIS: { description: "Fisher's z of the biserial correlation", reference: "Soper (1914), Biometrika 10:384-390; delta method", metafor: "4.0-0" },
  ZSPCOR: { description: "Fisher's z of the semi-partial correlation", reference: "Aloe & Becker (2012), J Educ Behav Stat 37:278-297; delta method", metafor: "4.0-0" },
  PRZ: { description: "probit (normal quantile) of a proportion", reference: "delta method: p(1 - p)/(n phi(z)^2)", metafor: "4.8-0" },
  SMN: { description: "single-group standardised mean (Hedges' correction)", reference: "Hedges (1981), J Educ Stat 6:107-128", metafor: "4.6-0" },
  SMCRP: { description: "standardised mean change, pooled raw-score SD", reference: "Cousineau (2020), Quant Methods Psychol 16(4), eq. 2", metafor: "4.6-0" },
  SMCRPH: { description: "standardised mean change, pooled raw-score SD, unequal variances", reference: "Bonett (2008), Psychol Methods 13:99-109, eq. 10", metafor: "4.6-0" },
  CLES: { description: "common language effect size, P(X1 > X2)", reference: "Newcombe (2006), Stat Med 25:559-573; Cho et al. (2019), J Educ Behav Stat 44:473-493", metafor: "4.8-0" },
  AUC: { description: "area under the ROC curve (= CLES)", reference: "Newcombe (2006), Stat Med 25:559-573; Cho et al. (2019), J Educ Behav Stat 44:473-493", metafor: "4.8-0" },
  OR2DN: { description: "SMD from the log odds ratio (normal, Cox)", reference: "Sánchez-Meca et al. (2003), Psychol Methods 8:448-467, eq. 18" },
  OR2DL: { description: "SMD from the log odds ratio (logistic)", reference: "Chinn (2000), Stat Med 19:3127-3131" },
  IRR: { description: "log incidence rate ratio", reference: "Rothman, Greenland & Lash (2008), Modern Epidemiology, eq. 14-10" },
  IRD: { description: "incidence rate difference", reference: "Rothman, Greenland & Lash (2008), Modern Epidemiology, eq. 14-6" },
  IRSD: { description: "square-root incidence rate difference", reference: "Bartlett (1936), Suppl J R Stat Soc 3:68-78" },
  IR: { description: "incidence rate", reference: "Rothman, Greenland & Lash (2008), Modern Epidemiology, ch. 14" },
  IRLN: { description: "log incidence rate", reference: "Rothman, Greenland & Lash (2008), Modern Epidemiology, ch. 14" },
  IRS: { description: "square-root incidence rate", reference: "Bartlett (1936), Suppl J R Stat Soc 3:68-78" },
  IRFT: { description: "Freeman-Tukey incidence rate", reference: "Freeman & Tukey (1950), Ann Math Stat 21:607-611" },
  MD: { description: "mean difference", reference: "Borenstein et al. (2009), Introduction to Meta-Analysis, eqs. 4.3-4.5" },
  SMD: { description: "standardised mean difference (Hedges' g)", reference: "Hedges (1981), J Educ Stat 6:107-128, eqs. 6e and 8" },
  SMDH: { description: "SMD without equal variances", reference: "Bonett (2008), Psychol Methods 13:99-109, eqs. 3-4, 8", metafor: "4.6-0" },
  SMD1: { description: "SMD by group 2's SD (Glass)", reference: "Glass (1976), Educ Res 5:3-8; Hedges (1981), eq. 6e" },
  SMD1H: { description: "SMD by group 2's SD without equal variances", reference: "Bonett (2008), Psychol Methods 13:99-109, eq. 12", metafor: "4.6-0" },
  ROM: { description: "log ratio of means", reference: "Hedges, Gurevitch & Curtis (1999), Ecology 80:1150-1156, eqs. 1 and 9" },
  CVR: { description: "log coefficient-of-variation ratio", reference: "Nakagawa et al. (2015), Methods Ecol Evol 6:143-152, eqs. 11-12" },
  VR: { description: "log variability ratio", reference: "Nakagawa et al. (2015), Methods Ecol Evol 6:143-152, eqs. 9-10" },
  RPB: { description: "point-biserial correlation", reference: "Jacobs & Viechtbauer (2017), Res Synth Methods 8:161-180, eqs. 4, 11, 13" },
  RBIS: { description: "biserial correlation", reference: "Jacobs & Viechtbauer (2017), Res Synth Methods 8:161-180, eqs. 15, 17" },
  PR: { description: "proportion", reference: "Lipsey & Wilson (2001), Practical Meta-Analysis, Table 3.7" },
  PLN: { description: "log proportion", reference: "Sutton et al. (2000), Methods for Meta-Analysis in Medical Research, §15.2" },
  PLO: { description: "logit proportion", reference: "Sutton et al. (2000), Methods for Meta-Analysis in Medical Research, §15.2" },
  PAS: { description: "arcsine square-root proportion", reference: "Anscombe (1948), Biometrika 35:246-254" },
  PFT: { description: "Freeman-Tukey double arcsine proportion", reference: "Freeman & Tukey (1950); Miller (1978), Am Stat 32:138" },
  MN: { description: "mean", reference: "Borenstein et al. (2009), Introduction to Meta-Analysis, ch. 18" },
  MNLN: { description: "log mean", reference: "Lajeunesse (2011), Ecology 92:2049-2055" },
  CVLN: { description: "log coefficient of variation", reference: "Nakagawa et al. (2015), Methods Ecol Evol 6:143-152, eqs. 7-8" },
  SDLN: { description: "log standard deviation", reference: "Bartlett & Kendall (1946), Suppl J R Stat Soc 8:128-138" },
  COR: { description: "correlation", reference: "Olkin & Pratt (1958), Ann Math Stat 29:201-211; Borenstein et al. (2009), eq. 6.1" },
  UCOR: { description: "bias-corrected correlation", reference: "Olkin & Pratt (1958), Ann Math Stat 29:201-211, eq. 2.3" },
  ZCOR: { description: "Fisher's z of a correlation", reference: "Fisher (1921), Metron 1:3-32" },
  PCOR: { description: "partial correlation from a t statistic", reference: "Aloe & Thompson (2013), J Soc Social Work Res 4:390-407, eqs. 1-2", metafor: "4.4-0" },
  ZPCOR: { description: "Fisher's z of a partial correlation", reference: "Fisher (1924), Metron 3:329-332; Aloe & Thompson (2013)", metafor: "4.4-0" },
  SPCOR: { description: "semi-partial correlation from a t statistic", reference: "Aloe & Becker (2012), J Educ Behav Stat 37:278-297, eqs. 8, 11", metafor: "4.4-0" },
  R2: { description: "coefficient of determination", reference: "Kendall & Stuart (1979), Advanced Theory of Statistics 2, eqs. 27.87-27.88", metafor: "4.4-0" },
  ZR2: { description: "Fisher's z of the multiple correlation", reference: "Olkin & Finn (1995), Psychol Bull 118:155-164, p. 162", metafor: "4.4-0" },
  MC: { description: "mean change", reference: "Morris & DeShon (2002), Psychol Methods 7:105-125, Table 2" },
  SMCC: { description: "standardised mean change (change-score SD)", reference: "Gibbons, Hedeker & Davis (1993), J Educ Stat 18:271-279" },
  SMCR: { description: "standardised mean change (raw-score SD)", reference: "Becker (1988), Br J Math Stat Psychol 41:257-278; Morris (2008), eq. 8" },
  ARAW: { description: "Cronbach's alpha", reference: "Bonett (2010), Psychol Methods 15:368-385, eq. 3" },
  AHW: { description: "Hakstian-Whalen transformed alpha", reference: "Hakstian & Whalen (1976), Psychometrika 41:219-231" },
  ABT: { description: "Bonett's transformed alpha", reference: "Bonett (2002), J Educ Behav Stat 27:335-340, eq. 4" },
  GEN: { description: "precomputed effect with its variance or SE", reference: "—" },
};
