/*
 * test_literals.c - the required-literal reader behind the pattern
 * prefilter (regex.c) and the assertion reordering: what it finds, and
 * where it must give up.  A wrong literal set silently drops findings, so
 * each case states the exact set.
 */
#include "regex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

/* want: the expected literals joined by '|', or "" for none. */
static void expect(const char *pattern, const char *want) {
  char **l;
  size_t n, i;
  char got[2048] = "";
  if (mtl_regex_literals(pattern, strlen(pattern), 0, 3, &l, &n, NULL, NULL, NULL, NULL)) {
    printf("FAIL %s: error\n", pattern);
    failures++;
    return;
  }
  for (i = 0; i < n; i++) {
    if (i)
      strcat(got, "|");
    strncat(got, l[i], sizeof got - strlen(got) - 2);
  }
  mtl_regex_literals_free(l, n);
  if (strcmp(got, want)) {
    printf("FAIL %s\n  want [%s]\n  got  [%s]\n", pattern, want, got);
    failures++;
  }
}

/* The bounds the literal reader gives pattern: *reach and *same_line; 0,
 * or -1 (a failure counted) when it finds no literals. */
static int bounds(const char *pattern, size_t *reach, int *same_line) {
  char **l;
  size_t n;
  if (mtl_regex_literals(pattern, strlen(pattern), 0, 3, &l, &n, reach, same_line, NULL, NULL) ||
      !n) {
    printf("FAIL %s: no literals\n", pattern);
    failures++;
    return -1;
  }
  mtl_regex_literals_free(l, n);
  return 0;
}

/* reach: the most bytes from a match's start to the literal it holds
 * (4 a character), SIZE_MAX for none; windows of the search rest on it. */
static void expect_reach(const char *pattern, size_t want) {
  size_t reach = 12345;
  int same;
  if (!bounds(pattern, &reach, &same) && reach != want) {
    printf("FAIL reach %s: want %zu got %zu\n", pattern, want, reach);
    failures++;
  }
}

/* same_line: whether no newline can come between a match's start and its
 * member (the search then starts at the hit's line). */
static void expect_same_line(const char *pattern, int want) {
  size_t reach;
  int same = -1;
  if (!bounds(pattern, &reach, &same) && same != want) {
    printf("FAIL same_line %s: want %d got %d\n", pattern, want, same);
    failures++;
  }
}

/* follow: the byte after each member (with BEFORE in flags: the byte
 * before); in, out: bytes that must be in and out of it ("" for none). */
#define BEFORE 0x100
static void expect_follow(const char *pattern, unsigned flags, const char *want,
                          const char *in, const char *out) {
  char **l;
  size_t n, i;
  unsigned char f[32];
  char got[512] = "";
  int any = 0;
  if (mtl_regex_literals(pattern, strlen(pattern), flags & 0xFF, 3, &l, &n, NULL, NULL,
                         flags & BEFORE ? NULL : f, flags & BEFORE ? f : NULL)) {
    printf("FAIL %s: error\n", pattern);
    failures++;
    return;
  }
  for (i = 0; i < n; i++) {
    if (i)
      strcat(got, "|");
    strncat(got, l[i], sizeof got - strlen(got) - 2);
  }
  mtl_regex_literals_free(l, n);
  for (i = 0; i < 32; i++)
    any |= f[i];
  if (strcmp(got, want) || (!*in && any)) {
    printf("FAIL follow %s\n  want [%s]%s got [%s]%s\n", pattern, want, *in ? "+follow" : "",
           got, any ? "+follow" : "");
    failures++;
  }
  for (; *in; in++)
    if (!(f[(unsigned char)*in >> 3] >> (*in & 7) & 1)) {
      printf("FAIL follow %s: 0x%02X not in it\n", pattern, (unsigned char)*in);
      failures++;
    }
  for (; *out; out++)
    if (f[(unsigned char)*out >> 3] >> (*out & 7) & 1) {
      printf("FAIL follow %s: 0x%02X in it\n", pattern, (unsigned char)*out);
      failures++;
    }
}

/* The reordered pattern must match exactly where the original does. */
static void same_matches(const char *pattern, const char *subject) {
  mtl_regex *re;
  size_t off = 0, eo;
  mtl_match m;
  char a[512] = "", b[512] = "";
  int pass;
  for (pass = 0; pass < 2; pass++) {
    char *out = pass ? b : a;
    setenv("MTL_REFERENCE", pass ? "0" : "1", 1);
    if (mtl_regex_compile(&re, pattern, strlen(pattern), 0, &eo, NULL)) {
      printf("FAIL compile %s\n", pattern);
      failures++;
      return;
    }
    off = 0;
    while (mtl_regex_match(re, subject, strlen(subject), off, &m) == 1) {
      snprintf(out + strlen(out), 512 - strlen(out), "%zu-%zu ", m.start, m.end);
      off = m.end > m.start ? m.end : m.start + 1;
    }
    mtl_regex_free(re);
  }
  unsetenv("MTL_REFERENCE");
  if (strcmp(a, b) || !*a) {
    printf("FAIL reorder %s: reference [%s] optimised [%s]\n", pattern, a, b);
    failures++;
  }
}

int main(void) {
  expect("\\bon the user\\b", "on the user");
  expect("(?i)Maximum (?:serious|vital)", "maximum serious|maximum vital");
  expect("\\b(?:met|meets?) him", "met him|meets him|meet him");
  expect("sept?\\. \\d", "sept. |sep. ");
  expect("[’']s \\p{Lu}", "’s |'s ");
  expect("ab+cd", "bcd");
  /* more than 32 members: each cut to the longest prefix that fits (11) */
  expect("Share (?:on|via) (?:Facebook|Twitter|X|WhatsApp|LinkedIn|Telegram|Reddit|Email|"
         "Pinterest)|Click to (?:share|email|print)|Like this:?|Like Loading|Tweet this|"
         "Pin it|Email this|Print this(?: page| article)?|Facebook Twitter|Share this "
         "(?:article|story|post|page|video)",
         "share on fa|share on tw|share on x|share on wh|share on li|share on te|"
         "share on re|share on em|share on pi|share via f|share via t|share via x|"
         "share via w|share via l|share via r|share via e|share via p|click to sh|"
         "click to em|click to pr|like this:|like this|like loadin|tweet this|pin it|"
         "email this|print this |print this|facebook tw|share this ");
  /* 34 members: 33 distinct at 31 bytes, 32 at 30, so each is cut to 30
   * (the largest k found by bisection is the one trying each k gives) */
  {
    const char *base = "abcdefghijklmnopqrstuvwxyz01", *cs = "abcdefghijklmnopqrstuvwxyz01234";
    char pat[1200] = "", want[1200] = "", m[40];
    size_t c;
    for (c = 0; cs[c]; c++) {
      snprintf(m, sizeof m, "%s%c00|", base, cs[c]);
      strcat(pat, m);
      snprintf(m, sizeof m, "%s%c0|", base, cs[c]);
      strcat(want, m);
    }
    snprintf(m, sizeof m, "%sa01|", base);
    strcat(pat, m);
    snprintf(m, sizeof m, "%sb01|zzzz", base);
    strcat(pat, m);
    strcat(want, "zzzz");
    expect(pat, want);
  }
  /* ... but not below four bytes: 40 two-letter words share no longer
   * prefix; top-level branches then give their members as a bare list */
  expect("aa1|ab1|ac1|ad1|ae1|af1|ag1|ah1|ai1|aj1|ak1|al1|am1|an1|ao1|ap1|aq1|ar1|as1|at1|"
         "ba1|bb1|bc1|bd1|be1|bf1|bg1|bh1|bi1|bj1|bk1|bl1|bm1|bn1|bo1|bp1|bq1|br1|bs1|bt1",
         "aa1|ab1|ac1|ad1|ae1|af1|ag1|ah1|ai1|aj1|ak1|al1|am1|an1|ao1|ap1|aq1|ar1|as1|at1|"
         "ba1|bb1|bc1|bd1|be1|bf1|bg1|bh1|bi1|bj1|bk1|bl1|bm1|bn1|bo1|bp1|bq1|br1|bs1|bt1");
  /* ... each branch's own set, duplicates once; none if one branch has none */
  expect("\\b(?:a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t)(?:1|2) dogs|"
         "(?:u|v|w|x|y|z)(?:1|2) dogs|cats? (?:sat|ran)|\\d+ dogs",
         "1 dogs|2 dogs|u1 dogs|u2 dogs|v1 dogs|v2 dogs|w1 dogs|w2 dogs|x1 dogs|x2 dogs|"
         "y1 dogs|y2 dogs|z1 dogs|z2 dogs|cats sat|cats ran|cat sat|cat ran| dogs");
  /* branches whose own sets are longer than the union cut to fit */
  expect("was initially not (?:known|clear)|is initially not (?:known|clear)|"
         "(?:alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|kilo|lima|"
         "mike|oscar|papa|romeo|sierra|tango|uniform|victor|whiskey|xray|yankee|zulu|"
         "one|two|three|four|five|six|seven|eight) tickets",
         "was initially not known|was initially not clear|is initially not known|"
         "is initially not clear|alpha tickets|bravo tickets|charlie tickets|delta tickets|"
         "echo tickets|foxtrot tickets|golf tickets|hotel tickets|india tickets|"
         "juliet tickets|kilo tickets|lima tickets|mike tickets|oscar tickets|papa tickets|"
         "romeo tickets|sierra tickets|tango tickets|uniform tickets|victor tickets|"
         "whiskey tickets|xray tickets|yankee tickets|zulu tickets|one tickets|two tickets|"
         "three tickets|four tickets|five tickets|six tickets|seven tickets|eight tickets");
  /* a set that bounds the match's start wins up to four bytes shorter */
  expect("\\bpeak (?:\\p{L}+ ){0,2}(?:has|had) been\\b", "peak ");
  expect("\\bpeak (?:\\p{L}+ ){0,2}(?:has|had) already exceeded\\b",
         "has already exceeded|had already exceeded");
  /* ... and a set of function words only loses to any of four bytes */
  expect("\\bpeak (?:\\p{L}+ ){0,2}(?:has|had) already been\\b", "peak ");
  expect("\\bthe (?:\\p{L}+ ){0,2}(?:could|would) have been\\b",
         "could have been|would have been"); /* both so: the longer */
  expect("(?:a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t)(?:1|2)x|"
         "(?:u|v|w|x|y|z)(?:1|2)y|\\d+", "");
  /* no newline before the literal: the match starts on its line */
  expect_same_line("(?<![^\\r\\n])[ \\t]*(?:\xC2\xA9|Copyright)[^\\n]{0,120}$", 1);
  expect_same_line("^[ \\t]*(?:Skip to content|Main Menu)[ \\t]*$", 1);
  expect_same_line("\\w+ foo", 1);
  expect_same_line("[^.!?\\n]* foo", 1);
  expect_same_line("\\p{Lu}[\\p{L}.]*'s bar", 1);
  expect_same_line("[a-z ]*foo|bar", 1);
  expect_same_line("\\h*\\S+\\V*foo", 1);
  expect_same_line("(?=\\s)x*foo", 1);        /* a lookahead consumes nothing */
  /* ... and where one may */
  expect_same_line("\\s*foo", 0);
  expect_same_line(".*foo", 0);                 /* (?s) would let the dot match one */
  expect_same_line("[^x]*foo", 0);
  expect_same_line("[\\t-\\r]*foo", 0);        /* the range holds \n */
  expect_same_line("[\\v ]*foo", 0);
  expect_same_line("[[:space:]]*foo", 0);
  expect_same_line("\\P{L}*foo", 0);
  expect_same_line("\\p{^L}*foo", 0);
  expect_same_line("\\D*foo", 0);
  expect_same_line("(\\w+)\\s\\1 foo", 0);
  expect_same_line("[a-z]+foo|\\s+bar", 0);     /* one branch may */
  expect_same_line("x\n\\w+foo", 0);              /* a raw newline in the pattern */
  expect_same_line("[^\\n]*\nfoo", 1);           /* ... that opens the literal */
  expect("foo|ba", "");                      /* one branch too short: none */
  expect("foo|\\w+", "");                    /* one branch unknown: none */
  expect("x(?=abc)y", "");                   /* lookahead text is not required */
  expect("(?x) foo bar", "");                /* extended syntax: give up */
  expect("\\Qabc\\E", "");                   /* quoting: give up */
  expect("ab{2}", "");                       /* a{n}: 'ab' only, too short */
  expect("[a-z]oo|[^x]bar", "");
  expect("(?:abc)?def", "abcdef|def");
  expect("caf\xC3\xA9 noir", " noir");       /* a letter that folds: unknown */
  expect("[éx]yz", "");
  expect("\\bCopyright\\b", "copyright");
  /* two-byte literals: one two-byte caseless symbol, or rare punctuation */
  expect("\xC2\xA9|\\(c\\)|Copyright", "\xC2\xA9|(c)|copyright");
  expect("\\w+ ,|\xC2\xA7\\s*\\d+", " ,|\xC2\xA7");
  expect("[ ]+[,;](?=\\s)", " ,| ;");
  expect("\\.\\.", "..");
  expect("[.!?] \\p{Lu}", "");               /* ". " opens every other sentence */
  expect("[.!?] \\p{Ll}", ". |! |? ");       /* ... but not with lower case: a follow byte */
  expect("a ,|ab", "");                      /* "ab": letters, too common */
  expect("\xC3\xA9t", "");                   /* e-acute is a letter: unknown */
  expect("\xE2\x92\xB6" "bc", "");            /* circled A has a case: unknown */
  expect("x\xE2\x80\x93y", "x\xE2\x80\x93y");  /* an en dash is a literal */
  expect("\xC2\xA9", "\xC2\xA9");
  expect("\xC2", "");                         /* a broken character: unknown */
  expect("x(?R)?abc", "");                    /* recursion: give up */
  expect("(?C1)abc", "");                     /* callout: give up */
  expect_reach("\\bon the user\\b", 0);
  expect_reach("\\b(?:met|meets?) him", 0);       /* the whole match is the literal */
  expect_reach("\\b(?:meet|met)\\b[^.]{0,80}?\\Kon the", (4 + 80) * 4);  /* before \K counts */
  expect_reach("a.{2,5}bcd", 6 * 4);
  expect_reach("(?:xy|abc.{3})def", 6 * 4);
  expect_reach("(?<=\\w{3})(?=x)\\R{2}abc", 4 * 4); /* assertions are zero width */
  expect_reach("(?:ab|c)+xyz", SIZE_MAX);     /* the last copy: anywhere */
  expect_reach("a\\w*bcd", SIZE_MAX);
  expect_reach("\\Xabc", SIZE_MAX);              /* a grapheme cluster: any length */
  expect_reach("(a)\\1xyz", SIZE_MAX);            /* a back reference: any length */
  expect_reach("\\bfoo|\\w{1,9}bar", 9 * 4);       /* the worse branch */
  /* a set that bounds the start wins over an unbounded one up to 2 bytes longer */
  expect("\\b(?:confident|secure) (?:\\w+ )+\\K(?:locally|racially)\\b", "confident |secure ");
  expect_reach("\\b(?:confident|secure) (?:\\w+ )+\\K(?:locally|racially)\\b", 0);
  expect("\\bsecure (?:\\w+ )+\\Kunassailably\\b", "unassailably");
  expect("\\bab \\w+ xylophone", " xylophone");         /* "ab ": too short to weigh */
  /* a follow byte: a lower-case letter or a digit after a short literal */
  expect_follow("[.!?](?= \\p{Ll})(?i:(?<!\\betc\\.)) \\K\\p{Ll}+", 0, ". |! |? ", "az\xC3\xE2",
                "AZ 1.");
  expect_follow("\\. \\d+", 0, ". ", "09\xD9", "a ");
  expect_follow("\\. \\p{Ll}", MTL_RE_ICASE, "", "", "");   /* caseless: \p{Ll} may be upper */
  expect_follow("(?i)\\. \\p{Ll}", 0, "", "", "");
  expect_follow("(?i:x)\\. \\p{Ll}", 0, "x. ", "a", "A");       /* (?i:...) ends with its group */
  expect_follow("(?:(?i)x)\\. \\p{Ll}", 0, "x. ", "a", "A");    /* (?i) ends with its group */
  expect_follow("(?-i)\\. \\p{Ll}", MTL_RE_ICASE, ". ", "a", "A");
  expect_follow("\\. \\p{Lu}", 0, "", "", "");             /* upper case is common after ". " */
  expect_follow("\\. \\p{Ll}?", 0, "", "", "");            /* optional: no follow */
  expect_follow("\\. \\p{Ll}|\\? \\d", 0, "", "", "");    /* branches disagree: dropped */
  expect_follow("abc\\p{Ll}", 0, "abc", "a", "A");           /* also after long members */
  /* a byte before: an upper-case letter or a digit ends the atom before */
  expect_follow("\\b\\p{Lu}{3,}\\K\\. (?=\\p{Lu})", BEFORE, ". ", "AZ\x80\xBF", "az \xC3");
  expect_follow("\\p{Lu}\\. ", MTL_RE_ICASE | BEFORE, "", "", "");  /* caseless: no */
  expect_follow("\\p{Ll}\\. ", BEFORE, "", "", "");    /* lower case before ". ": common */
  expect_follow("\\d, \\d", BEFORE, ", ", "09", "a ");
  expect_follow("\\d, \\d", 0, ", ", "09", "a ");      /* and after */
  expect_follow("\\d+-\\d+", BEFORE, "", "", "");      /* one byte and two more: too short */
  /* bytes from lookarounds: one punctuation byte between letters */
  expect_follow("(?<=\\p{Ll}{3})([.!?;])(?=\\p{Lu}\\p{Ll}{2,}\\b)", 0, ".|!|?|;", "AZ\xC3",
                "az 1");
  expect_follow("(?<=\\p{Ll}{3})([.!?;])(?=\\p{Lu}\\p{Ll}{2,}\\b)", BEFORE, ".|!|?|;", "az\x80",
                "AZ 1");
  expect_follow("(?<=\\p{Ll})\\[(?=\\p{Ll})", 0, "[", "a", "A");
  expect_follow("(?<=\\d)-(?=\\d)", 0, "", "", "");           /* digits around: too common */
  expect_follow("(?<!\\p{Ll})\\.(?=\\p{Lu})", 0, "", "", "");  /* a negative lookbehind: nothing */
  expect_follow("(?<=\\p{Ll}\\s)\\.(?=\\p{Lu})", 0, "", "", ""); /* \\s before: no byte known */
  expect_follow("(?<=\\p{Ll})\\.(?=\\p{Lu})", MTL_RE_ICASE, "", "", "");
  expect_follow("(?<=\\p{Ll}|\\d)\\.(?=\\p{Lu})", BEFORE, "", "", ""); /* digits in the union */
  expect_follow("(?<=\\p{Ll}|\\p{Lu})\\.(?=\\p{Ll})", BEFORE, ".", "azAZ", " 1");
  same_matches("(?<!\\bMr\\.)(?i:(?<!\\bst\\.))(?<=\\p{L}{2}\\.) \\K\\p{Ll}+",
               "He left. then Mr. smith came. St. john went home. and so on.");
  same_matches("(?<!a)(?<=b)(c)", "bc ac bcc");
  if (failures)
    printf("%d failures\n", failures);
  else
    printf("literals: all cases pass\n");
  return failures ? 1 : 0;
}
