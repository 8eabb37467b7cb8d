/*
 * report_week.c - the ISO 8601 week of an article's `published` date, for
 * the reports' per-week trend.  Reads the dates feeds carry: ISO 8601 /
 * RFC 3339 (`2024-11-08`, `2024-11-08T09:30:00Z`, `...+01:00`, a space for
 * the T) and RFC 822 / 1123 (`Mon, 04 Nov 2024 08:15:00 GMT`, two-digit
 * years, `+0100`, the US zone names).  A time with a zone is taken to UTC
 * first; a date alone is its own day.  Anything else is no date: the
 * article stays out of the trend.  No locale, no libc time functions.
 */
#include "report.h"

#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(long y, int m, int d) {
  long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static long year_of_days(long z) {
  long era, doe, yoe, y, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  return y + (mp >= 10);
}

static int days_in_month(long y, int m) {
  static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : n[m - 1];
}

/* Reads exactly n digits at *p. */
static int digits(const char **p, int n, long *out) {
  long v = 0;
  int i;
  for (i = 0; i < n; i++) {
    if ((*p)[i] < '0' || (*p)[i] > '9')
      return 0;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 1;
}

/* 1 or 2 digits. */
static int digits12(const char **p, long *out) {
  if ((*p)[0] < '0' || (*p)[0] > '9')
    return 0; /* and (*p)[1] may be past the end */
  return (*p)[1] >= '0' && (*p)[1] <= '9' ? digits(p, 2, out) : digits(p, 1, out);
}

static void skip_space(const char **p) {
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* hh:mm[:ss[.frac]] into minutes of the day; 1, or 0 if not a time. */
static int clock_time(const char **p, long *minutes) {
  long h, m, s;
  if (!digits12(p, &h) || **p != ':')
    return 0;
  (*p)++;
  if (!digits(p, 2, &m) || h > 23 || m > 59)
    return 0;
  if (**p == ':') {
    (*p)++;
    if (!digits(p, 2, &s) || s > 60)
      return 0;
    if (**p == '.' || **p == ',')
      for ((*p)++; **p >= '0' && **p <= '9'; (*p)++)
        ;
  }
  *minutes = h * 60 + m;
  return 1;
}

/* A zone: Z, +hh:mm, +hhmm, +hh, or a name (RFC 822); its offset east of
 * UTC in minutes.  Unknown names count as UTC, as RFC 822 says of them. */
static int zone(const char **p, long *off) {
  static const struct {
    const char *name;
    int hours;
  } names[] = {{"UTC", 0},  {"UT", 0},   {"GMT", 0},  {"Z", 0},    {"EST", -5}, {"EDT", -4},
               {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  size_t i;
  *off = 0;
  if (**p == '+' || **p == '-') {
    int sign = **p == '-' ? -1 : 1;
    long h, m = 0;
    (*p)++;
    if (!digits(p, 2, &h))
      return 0;
    if (**p == ':')
      (*p)++;
    if (**p >= '0' && **p <= '9' && !digits(p, 2, &m))
      return 0;
    if (h > 23 || m > 59)
      return 0;
    *off = sign * (h * 60 + m);
    return 1;
  }
  for (i = 0; i < sizeof names / sizeof *names; i++) {
    size_t n = strlen(names[i].name);
    if (!strncmp(*p, names[i].name, n)) {
      *p += n;
      *off = names[i].hours * 60L;
      return 1;
    }
  }
  while ((**p >= 'A' && **p <= 'Z') || (**p >= 'a' && **p <= 'z'))
    (*p)++; /* another name: UTC */
  return 1;
}

/* ISO 8601: YYYY-MM-DD, then T or a space and a time, then a zone. */
static int iso(const char *p, long *y, long *mo, long *d, long *min, long *off, int *timed) {
  if (!digits(&p, 4, y) || *p++ != '-' || !digits(&p, 2, mo) || *p++ != '-' ||
      !digits(&p, 2, d))
    return 0;
  *timed = 0;
  if ((*p == 'T' || *p == 't' || *p == ' ') && p[1] >= '0' && p[1] <= '9') {
    p++;
    if (!clock_time(&p, min))
      return 0;
    *timed = 1;
    if (*p && !zone(&p, off))
      return 0;
  }
  skip_space(&p);
  return *p == '\0';
}

/* RFC 822 / 1123: [Day,] D Mon YYYY [hh:mm[:ss] [zone]]. */
static int rfc822(const char *p, long *y, long *mo, long *d, long *min, long *off, int *timed) {
  static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  char mon[4];
  int i;
  skip_space(&p);
  if (((*p | 32) >= 'a' && (*p | 32) <= 'z')) { /* the day name */
    while (((*p | 32) >= 'a' && (*p | 32) <= 'z'))
      p++;
    if (*p == ',')
      p++;
    skip_space(&p);
  }
  if (!digits12(&p, d))
    return 0;
  skip_space(&p);
  for (i = 0; i < 3; i++) {
    if ((p[i] | 32) < 'a' || (p[i] | 32) > 'z')
      return 0;
    mon[i] = (char)(p[i] | 32);
  }
  mon[3] = '\0';
  p += 3;
  while (((*p | 32) >= 'a' && (*p | 32) <= 'z'))
    p++; /* "November" */
  for (i = 0; i < 12 && strncmp(months + 3 * i, mon, 3); i++)
    ;
  if (i == 12)
    return 0;
  *mo = i + 1;
  skip_space(&p);
  if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
      p[3] >= '0' && p[3] <= '9') {
    digits(&p, 4, y);
  } else if (digits(&p, 2, y)) {
    *y += *y < 50 ? 2000 : 1900;
  } else {
    return 0;
  }
  *timed = 0;
  skip_space(&p);
  if (*p) {
    if (!clock_time(&p, min))
      return 0;
    *timed = 1;
    skip_space(&p);
    if (*p && !zone(&p, off))
      return 0;
    skip_space(&p);
  }
  return *p == '\0';
}

int mtl_report_week(const char *published, char out[16]) {
  long y = 0, mo = 0, d = 0, min = 0, off = 0, days, wd, thu, wy;
  int timed = 0;
  if (!published || strlen(published) > 64)
    return 0;
  while (*published == ' ' || *published == '\t' || *published == '\n' || *published == '\r')
    published++;
  if (!iso(published, &y, &mo, &d, &min, &off, &timed)) {
    off = 0;
    if (!rfc822(published, &y, &mo, &d, &min, &off, &timed))
      return 0;
  }
  if (y < 1970 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (int)mo))
    return 0;
  days = days_from_civil(y, (int)mo, (int)d);
  if (timed) { /* the UTC day */
    long utc = min - off;
    days += utc < 0 ? -1 : utc >= 1440 ? 1 : 0;
  }
  wd = ((days % 7) + 7 + 3) % 7; /* 0 = Monday (1970-01-01 was a Thursday) */
  thu = days - wd + 3;           /* the week's Thursday gives its year */
  wy = year_of_days(thu);
  out[0] = (char)('0' + wy / 1000 % 10);
  out[1] = (char)('0' + wy / 100 % 10);
  out[2] = (char)('0' + wy / 10 % 10);
  out[3] = (char)('0' + wy % 10);
  out[4] = '-';
  out[5] = 'W';
  {
    long wk = (thu - days_from_civil(wy, 1, 1)) / 7 + 1;
    out[6] = (char)('0' + wk / 10);
    out[7] = (char)('0' + wk % 10);
  }
  out[8] = '\0';
  return 1;
}
