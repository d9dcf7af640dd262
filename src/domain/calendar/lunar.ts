/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * Method: the public algorithm described by Hồ Ngọc Đức ("Âm lịch Việt Nam", informatik.uni-leipzig.de/~duc/amlich),
 * itself built on Jean Meeus, "Astronomical Algorithms": a lunar month starts on the local day of a new moon; lunar
 * month 11 is the month that contains the winter solstice; a lunar year with 13 months (winter solstice to winter
 * solstice holds 13 new moons) repeats the first month that contains no major solar term (trung khí) as a leap month.
 *
 * Everything depends on the time zone: Vietnam uses UTC+7 (since 1968), China UTC+8, so new moons close to midnight
 * fall on different days and some years differ (Tết 1985: 21/01 in Vietnam, 20/02 in China; Tết 2007: 17/02 vs 18/02).
 * Always pass VN_TIME_ZONE for Vietnamese dates. Valid for 1800–2199 (the accuracy of the series used).
 * See docs/law.md#lunar-dates.
 */

export const VN_TIME_ZONE = 7;

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** The month is the leap (nhuận) repetition of `month`. */
  leap: boolean;
}

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

const RAD = Math.PI / 180;
/** Mean length of a synodic month in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 (k = 0 in the series below). */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of a Gregorian date (Julian calendar before 15/10/1582). */
export function julianDay(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const common = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4);
  const jd = common - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  return jd < 2299161 ? common - 32083 : jd;
}

/** Gregorian date of a Julian day number. */
export function fromJulianDay(jd: number): SolarDate {
  let century: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    century = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((century * 146097) / 4);
  } else {
    century = 0;
    c = jd + 32082;
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: century * 100 + d - 4800 + Math.floor(m / 10),
  };
}

/** Julian date (UT, fractional) of the k-th new moon after 1900-01-01 (Meeus ch. 49, abridged). */
function newMoonJd(k: number): number {
  const t = k / 1236.85; // Julian centuries since 1900-01-00.5
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  let corr = (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) + 0.0021 * Math.sin(2 * sunAnomaly);
  corr += -0.4068 * Math.sin(moonAnomaly) + 0.0161 * Math.sin(2 * moonAnomaly) - 0.0004 * Math.sin(3 * moonAnomaly);
  corr += 0.0104 * Math.sin(2 * latitudeArg) - 0.0051 * Math.sin(sunAnomaly + moonAnomaly);
  corr += -0.0074 * Math.sin(sunAnomaly - moonAnomaly) + 0.0004 * Math.sin(2 * latitudeArg + sunAnomaly);
  corr += -0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) - 0.0006 * Math.sin(2 * latitudeArg + moonAnomaly);
  corr += 0.001 * Math.sin(2 * latitudeArg - moonAnomaly) + 0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT (TT − UT) in days
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + corr - deltaT;
}

/** Apparent longitude of the sun (radians, 0..2π) at a Julian date (UT). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries since J2000
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2; // mean anomaly, degrees
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2; // mean longitude, degrees
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(m * RAD) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * m * RAD) +
    0.00029 * Math.sin(3 * m * RAD);
  const l = (l0 + centre) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Local day number (Julian day) on which the k-th new moon falls in the given time zone. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + timeZone / 24);
}

/** Which of the 12 sectors of 30° (major solar terms) the sun is in at the local midnight starting `dayNumber`. */
function solarTermSector(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Day number of the start of lunar month 11 (the month with the winter solstice) of Gregorian year `year`. */
function month11Start(year: number, timeZone: number): number {
  const off = julianDay(31, 12, year) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  // if the sun has already passed 270° at that new moon, the solstice month started one lunation earlier
  return solarTermSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/** Offset (in months after month 11) of the leap month of the lunar year that follows month 11 at `a11`. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = solarTermSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = solarTermSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a Gregorian date. */
export function solarToLunar(year: number, month: number, day: number, timeZone = VN_TIME_ZONE): LunarDate {
  const dayNumber = julianDay(day, month, year);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = month11Start(year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = month11Start(year - 1, timeZone);
  } else {
    lunarYear = year + 1;
    b11 = month11Start(year + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: lunarDay, leap };
}

/**
 * The Gregorian date of a lunar date, or undefined when it does not exist (a leap month that year does not have,
 * or day 30 of a 29-day month).
 */
export function lunarToSolar(
  lunarYear: number,
  lunarMonth: number,
  lunarDay: number,
  leap = false,
  timeZone = VN_TIME_ZONE,
): SolarDate | undefined {
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) return undefined;
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) return undefined;
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = month11Start(lunarYear - 1, timeZone);
    b11 = month11Start(lunarYear, timeZone);
  } else {
    a11 = month11Start(lunarYear, timeZone);
    b11 = month11Start(lunarYear + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lunarMonth !== leapMonth) return undefined;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return undefined;
  }
  const monthStart = newMoonDay(k + off, timeZone);
  const nextStart = newMoonDay(k + off + 1, timeZone);
  if (lunarDay > nextStart - monthStart) return undefined;
  return fromJulianDay(monthStart + lunarDay - 1);
}

/** The leap month of a lunar year (1–12), or undefined if the year has 12 months. */
export function leapMonthOf(lunarYear: number, timeZone = VN_TIME_ZONE): number | undefined {
  for (let m = 1; m <= 12; m++) if (lunarToSolar(lunarYear, m, 1, true, timeZone)) return m;
  return undefined;
}

/** Gregorian date of the lunar new year (mùng 1 Tết) that falls in Gregorian year `year`. */
export function lunarNewYear(year: number, timeZone = VN_TIME_ZONE): SolarDate {
  const d = lunarToSolar(year, 1, 1, false, timeZone);
  if (!d) throw new Error(`no lunar new year for ${year}`);
  return d;
}
